"""The `agentdesk handover` subcommand: write the shift handover and acknowledge it."""

from __future__ import annotations

import argparse
import sys

from agentdesk.cli.common import add_format_option, print_json
from agentdesk.cli.log import _entry_id, guard_all, open_log, print_entries, write_incidents
from agentdesk.i18n import t
from agentdesk.paths import AppPaths


def register(sub: argparse._SubParsersAction) -> None:
    """Add `handover` to the command line. Heavy imports belong inside the handlers."""
    p = sub.add_parser("handover", help=t("交接班：创建、查看、确认", "shift handover: create, "
                                                                    "show, acknowledge"))
    cmds = p.add_subparsers(dest="handover_command", metavar="ACTION", required=True)

    c = cmds.add_parser("create", help=t("创建交接班，自动带出所有未完成事项",
                                         "create the handover with every open item"))
    c.add_argument("--by", required=True, help=t("交班人", "handing over"))
    c.add_argument("--to", help=t("接班人", "taking over"))
    c.add_argument("--note", default="", help=t("交接备注", "notes"))
    c.add_argument("--events", default="", help=t("重要事件", "important events"))
    c.add_argument("--equipment", default="", help=t("系统/设备情况", "systems and equipment"))
    c.set_defaults(func=_create)

    c = cmds.add_parser("show", help=t("查看交接班", "show a handover"))
    c.add_argument("id", type=_entry_id, metavar="ID")
    c.add_argument("--unmasked", action="store_true", help=t("显示完整号码", "show full numbers"))
    add_format_option(c)
    c.set_defaults(func=_show)

    c = cmds.add_parser("list", help=t("列出交接班", "list handovers"))
    c.add_argument("--unacknowledged", action="store_true", help=t("只列未确认的", "only "
                                                                   "unacknowledged"))
    add_format_option(c)
    c.set_defaults(func=_list)

    c = cmds.add_parser("ack", help=t("接班确认（之后只读）", "acknowledge (then read-only)"))
    c.add_argument("id", type=_entry_id, metavar="ID")
    c.add_argument("--by", required=True, help=t("接班人", "who takes over"))
    c.add_argument("--take", type=_entry_id, action="append", metavar="ENTRY_ID",
                   help=t("接手的记录（可重复；默认全部）", "entries taken over (default all)"))
    c.add_argument("--reason", help=t("代替指定的接班人确认时，写明原因",
                                      "why you acknowledge a handover addressed to someone else"))
    c.set_defaults(func=_ack)
    guard_all(p)


def _create(args, paths: AppPaths) -> int:
    with open_log(paths) as log:
        hid = log.create_handover(by=args.by, to=args.to, notes=args.note, events=args.events,
                                  equipment=args.equipment)
    sys.stdout.write(f"{hid}\n")
    return 0


def _print(h, fmt: str, masked: bool = True) -> None:
    from agentdesk.desk.display import escape_controls as esc
    from agentdesk.desk.model import local_text
    from agentdesk.masking import mask_numbers

    if fmt == "json":
        print_json(h.to_dict(masked=masked))
        return
    out = sys.stdout
    ack = t(f"已由 {h.acknowledged_by} 于 {local_text(h.acknowledged_at)} 确认",
            f"acknowledged by {h.acknowledged_by} at {local_text(h.acknowledged_at)}") \
        if h.acknowledged else t("未确认", "not acknowledged")
    out.write(f"#{h.id} {local_text(h.created_at)} {esc(h.by)} → {esc(h.to or '-')}  "
              f"{esc(ack)}\n")
    c = h.counts
    out.write(t(f"本班接待 {c.get('contacts', 0)}，办结 {c.get('closed', 0)}；"
                f"未完成 {c.get('open', 0)}，回电超时 {c.get('overdue', 0)}，"
                f"未结投诉 {c.get('open_complaints', 0)}\n",
                f"this shift {c.get('contacts', 0)} contacts, {c.get('closed', 0)} closed; open "
                f"{c.get('open', 0)}, overdue {c.get('overdue', 0)}, open complaints "
                f"{c.get('open_complaints', 0)}\n"))
    write_incidents(c)
    for label, text in ((t("备注", "notes"), h.notes), (t("重要事件", "events"), h.events),
                        (t("设备情况", "equipment"), h.equipment)):
        if text:
            out.write(f"{label}: {esc(mask_numbers(text) if masked else text)}\n")
    out.write(t(f"交接事项（{len(h.open_items)}）：\n", f"carried items ({len(h.open_items)}):\n"))
    print_entries(h.open_items, "text", masked=masked)


def _show(args, paths: AppPaths) -> int:
    with open_log(paths) as log:
        h = log.get_handover(args.id)
    _print(h, args.format, masked=not args.unmasked)
    return 0


def _list(args, paths: AppPaths) -> int:
    from agentdesk.desk.display import escape_controls as esc
    from agentdesk.desk.model import local_text

    with open_log(paths) as log:
        found = log.handovers(unacknowledged_only=args.unacknowledged)
    if args.format == "json":
        print_json([h.to_dict() for h in found])
        return 0
    for h in found:
        ack = h.acknowledged_by or t("未确认", "unacknowledged")
        sys.stdout.write(f"{h.id}\t{local_text(h.created_at)}\t{esc(h.by)}\t"
                         f"{esc(h.to or '-')}\t{len(h.open_items)}\t{esc(ack)}\n")
    return 0


EXIT_BACKUP_FAILED = 5  # acknowledged and sealed, but the backup (or the seal record) failed


def _ack(args, paths: AppPaths) -> int:
    with open_log(paths) as log:
        h = log.acknowledge(args.id, by=args.by, taken_over=args.take, reason=args.reason)
    _print(h, "text")
    sys.stdout.write(t(f"封存值：{h.seal}（核对：agentdesk log verify --expect {h.seal}）\n",
                       f"seal: {h.seal} (check with: agentdesk log verify --expect {h.seal})\n"))
    if h.backup_error:
        sys.stderr.write(t(f"agentdesk: 警告：已确认接班，但备份失败：{h.backup_error}；"
                           "上一次的好备份仍保留。请抄下上面的封存值并告知主管\n",
                           f"agentdesk: warning: acknowledged, but the backup failed: "
                           f"{h.backup_error}; the last good backup is kept. Note the seal "
                           "above and tell a supervisor\n"))
        return EXIT_BACKUP_FAILED
    sys.stdout.write(t(f"备份：{h.backup}\n", f"backup: {h.backup}\n"))
    return 0

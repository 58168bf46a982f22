"""The `agentdesk handover` subcommand: write the shift handover and acknowledge it."""

from __future__ import annotations

import argparse
import sys

from agentdesk.cli.common import add_format_option, print_json
from agentdesk.cli.log import _entry_id, guard_all, open_log, print_entries, write_incidents
from agentdesk.i18n import tr
from agentdesk.paths import AppPaths


def register(sub: argparse._SubParsersAction) -> None:
    """Add `handover` to the command line. Heavy imports belong inside the handlers."""
    p = sub.add_parser("handover", help=tr('交接班：创建、查看、确认'))
    cmds = p.add_subparsers(dest="handover_command", metavar="ACTION", required=True)

    c = cmds.add_parser("create", help=tr('创建交接班，自动带出所有未完成事项'))
    c.add_argument("--by", required=True, help=tr('交班人'))
    c.add_argument("--to", help=tr('接班人'))
    c.add_argument("--note", default="", help=tr('交接备注'))
    c.add_argument("--events", default="", help=tr('重要事件'))
    c.add_argument("--equipment", default="", help=tr('系统/设备情况'))
    c.set_defaults(func=_create)

    c = cmds.add_parser("show", help=tr('查看交接班'))
    c.add_argument("id", type=_entry_id, metavar="ID")
    c.add_argument("--unmasked", action="store_true", help=tr('显示完整号码'))
    add_format_option(c)
    c.set_defaults(func=_show)

    c = cmds.add_parser("list", help=tr('列出交接班'))
    c.add_argument("--unacknowledged", action="store_true", help=tr('只列未确认的'))
    add_format_option(c)
    c.set_defaults(func=_list)

    c = cmds.add_parser("ack", help=tr('接班确认（之后只读）'))
    c.add_argument("id", type=_entry_id, metavar="ID")
    c.add_argument("--by", required=True, help=tr('接班人'))
    c.add_argument("--take", type=_entry_id, action="append", metavar="ENTRY_ID",
                   help=tr('接手的记录（可重复；默认全部）'))
    c.add_argument("--reason", help=tr('代替指定的接班人确认时，写明原因'))
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
    ack = tr(
            '已由 {acknowledged_by} 于 {local_text} 确认',
            acknowledged_by=h.acknowledged_by, local_text=local_text(h.acknowledged_at)) \
        if h.acknowledged else tr('未确认')
    out.write(f"#{h.id} {local_text(h.created_at)} {esc(h.by)} → {esc(h.to or '-')}  "
              f"{esc(ack)}\n")
    c = h.counts
    out.write(tr(
            '本班接待 {get}，办结 {get2}；未完成 {get3}，回电超时 {get4}，未结投诉 {get5}\n',
            get=c.get('contacts', 0), get2=c.get('closed', 0), get3=c.get('open', 0),
            get4=c.get('overdue', 0), get5=c.get('open_complaints', 0)))
    write_incidents(c)
    for label, text in ((tr('备注'), h.notes), (tr('重要事件'), h.events),
                        (tr('设备情况'), h.equipment)):
        if text:
            out.write(f"{label}: {esc(mask_numbers(text) if masked else text)}\n")
    out.write(tr('交接事项（{n_open_items}）：\n', n_open_items=len(h.open_items)))
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
        if args.format == "json":   # prints every item of every handover, so loads them
            print_json([h.to_dict() for h in log.handovers(
                unacknowledged_only=args.unacknowledged)])
            return 0
        from agentdesk.desk.handover import summaries

        found = summaries(log, args.unacknowledged)   # the text prints only how many
    for h in found:
        ack = h.acknowledged_by or tr('未确认')
        sys.stdout.write(f"{h.id}\t{local_text(h.created_at)}\t{esc(h.by)}\t"
                         f"{esc(h.to or '-')}\t{h.item_count}\t{esc(ack)}\n")
    return 0


EXIT_BACKUP_FAILED = 5  # acknowledged and sealed, but the backup (or the seal record) failed


def _ack(args, paths: AppPaths) -> int:
    with open_log(paths) as log:
        h = log.acknowledge(args.id, by=args.by, taken_over=args.take, reason=args.reason)
    _print(h, "text")
    sys.stdout.write(tr(
            '封存值：{seal}（核对：agentdesk log verify --expect {seal}）\n',
            seal=h.seal))
    if h.backup_error:
        sys.stderr.write(tr(
                'agentdesk: 警告：已确认接班，但备份失败：{backup_error}；上一次的好备份仍保留。请'
                '抄下上面的封存值并告知主管\n',
                backup_error=h.backup_error))
        return EXIT_BACKUP_FAILED
    sys.stdout.write(tr('备份：{backup}\n', backup=h.backup))
    return 0

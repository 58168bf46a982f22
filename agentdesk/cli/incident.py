"""`agentdesk log incident open|link|close|list|show` and `agentdesk log visit` (回访)."""

from __future__ import annotations

import argparse
import sys

from agentdesk.cli.common import add_format_option, print_json
from agentdesk.i18n import t
from agentdesk.paths import AppPaths


def register(cmds: argparse._SubParsersAction) -> None:
    """Add `incident` and `visit` under `agentdesk log`."""
    from agentdesk.cli.log import _entry_id as _positive  # ids as `log` checks them
    from agentdesk.cli.log import guard_all

    p = cmds.add_parser("incident", help=t("突发事件：登记、关联来电、结束、列出",
                                           "incidents: declare, link contacts, end, list"))
    sub = p.add_subparsers(dest="incident_command", metavar="ACTION", required=True)

    c = sub.add_parser("open", help=t("登记突发事件，输出其编号", "declare an incident; prints "
                                                              "its id"))
    c.add_argument("--title", required=True, help=t("事件名称，如“城东片区信号中断”",
                                                    "what happened, e.g. a signal outage"))
    c.add_argument("--area", help=t("影响范围（片区、小区、线路）", "the area affected"))
    c.add_argument("--start", metavar="YYYY-MM-DD HH:MM",
                   help=t("开始时间（本地时间，默认现在）", "when it started (default now)"))
    c.add_argument("--by", help=t("登记人", "who declares it"))
    c.set_defaults(func=_open)

    c = sub.add_parser("link", help=t("把来电记录关联到突发事件（可一次多条）",
                                      "link contacts to an incident (several at once)"))
    c.add_argument("incident", type=_positive, metavar="INCIDENT")
    c.add_argument("entries", type=_positive, nargs="+", metavar="ENTRY")
    c.add_argument("--by", help=t("关联人", "who links them"))
    add_format_option(c)
    c.set_defaults(func=_link)

    c = sub.add_parser("close", help=t("结束突发事件", "end an incident"))
    c.add_argument("incident", type=_positive, metavar="INCIDENT")
    c.add_argument("--resolution", help=t("处理情况", "what was done"))
    c.add_argument("--end", metavar="YYYY-MM-DD HH:MM",
                   help=t("结束时间（本地时间，默认现在）", "when it ended (default now)"))
    c.add_argument("--by", help=t("登记人", "who ends it"))
    add_format_option(c)
    c.set_defaults(func=_close)

    c = sub.add_parser("list", help=t("列出突发事件（最新在前）", "list incidents, newest first"))
    c.add_argument("--open", action="store_true", help=t("只列未结束的", "only ongoing ones"))
    add_format_option(c)
    c.set_defaults(func=_list)

    c = sub.add_parser("show", help=t("显示突发事件及其关联的来电", "show an incident and its "
                                                                 "contacts"))
    c.add_argument("incident", type=_positive, metavar="INCIDENT")
    c.add_argument("--unmasked", action="store_true", help=t("显示完整号码", "show full numbers"))
    add_format_option(c)
    c.set_defaults(func=_show)

    from agentdesk.desk.incidents import VISIT_RESULTS

    c = cmds.add_parser("visit", help=t("登记回访结果", "record a follow-up (回访) result"))
    c.add_argument("id", type=_positive, metavar="ID")
    c.add_argument("--result", required=True,
                   help="|".join(f"{k}（{zh}）" for k, (zh, _) in VISIT_RESULTS.items()))
    c.add_argument("--note", help=t("回访记录", "what the customer said"))
    c.add_argument("--by", help=t("回访人", "who called back"))
    c.set_defaults(func=_visit)
    guard_all(p)  # SQLite's own errors as one line, as for every other `log` action


def describe(incident) -> str:
    """One line for an incident: #id title (area) start – end, contacts."""
    from agentdesk.desk.model import local_text

    end = local_text(incident.ended_at) if incident.ended_at else t("进行中", "ongoing")
    area = f"（{incident.area}）" if incident.area else ""
    return t(f"#{incident.id} {incident.title}{area} {local_text(incident.started_at)} 至 {end}，"
             f"关联来电 {incident.contacts}",
             f"#{incident.id} {incident.title}{area} {local_text(incident.started_at)} to {end}, "
             f"{incident.contacts} contacts")


def _print(incident, fmt: str) -> None:
    if fmt == "json":
        print_json(incident.to_dict())
    else:
        sys.stdout.write(describe(incident) + "\n")


def _open(args, paths: AppPaths) -> int:
    from agentdesk.cli.log import open_log
    from agentdesk.desk import incidents

    with open_log(paths) as log:
        incident_id = incidents.declare(log, title=args.title, area=args.area,
                                        started_at=args.start, by=args.by)
    sys.stdout.write(f"{incident_id}\n")
    return 0


def _link(args, paths: AppPaths) -> int:
    from agentdesk.cli.log import open_log
    from agentdesk.desk import incidents

    with open_log(paths) as log:
        _print(incidents.link(log, args.incident, args.entries, by=args.by), args.format)
    return 0


def _close(args, paths: AppPaths) -> int:
    from agentdesk.cli.log import open_log
    from agentdesk.desk import incidents

    with open_log(paths) as log:
        _print(incidents.end(log, args.incident, resolution=args.resolution,
                             ended_at=args.end, by=args.by), args.format)
    return 0


def _list(args, paths: AppPaths) -> int:
    from agentdesk.cli.log import open_log
    from agentdesk.desk import incidents

    with open_log(paths) as log:
        found = incidents.listing(log, open_only=args.open)
    if args.format == "json":
        print_json([i.to_dict() for i in found])
    else:
        for incident in found:
            sys.stdout.write(describe(incident) + "\n")
    return 0


def _show(args, paths: AppPaths) -> int:
    from agentdesk.cli.log import open_log, print_entries
    from agentdesk.desk import incidents

    with open_log(paths) as log:
        incident = incidents.get(log, args.incident)
        entries = [log.get(i) for i in incident.entry_ids]
        vocab = log.vocabulary
    if args.format == "json":
        print_json({**incident.to_dict(),
                    "entries": [e.to_dict(masked=not args.unmasked, vocabulary=vocab)
                                for e in entries]})
        return 0
    sys.stdout.write(describe(incident) + "\n")
    if incident.resolution:
        sys.stdout.write(f"  {t('处理情况', 'resolution')}: {incident.resolution}\n")
    print_entries(entries, "text", masked=not args.unmasked, vocabulary=vocab)
    return 0


def _visit(args, paths: AppPaths) -> int:
    from agentdesk.cli.log import open_log
    from agentdesk.desk import incidents

    with open_log(paths) as log:
        done = incidents.record_visit(log, args.id, args.result, note=args.note, by=args.by)
    label = incidents.VISIT_RESULTS[done["result"]]
    sys.stdout.write(t(f"已记录回访：记录 {done['entry_id']} {label[0]}\n",
                       f"visit recorded: entry {done['entry_id']} {label[1]}\n"))
    return 0

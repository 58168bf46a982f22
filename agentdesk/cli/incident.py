"""`agentdesk log incident open|link|close|list|show` and `agentdesk log visit` (回访)."""

from __future__ import annotations

import argparse
import sys

from agentdesk.cli.common import add_format_option, print_json
from agentdesk.data_i18n import data_tr
from agentdesk.i18n import tr
from agentdesk.paths import AppPaths


def register(cmds: argparse._SubParsersAction) -> None:
    """Add `incident` and `visit` under `agentdesk log`."""
    from agentdesk.cli.log import _entry_id as _positive  # ids as `log` checks them
    from agentdesk.cli.log import guard_all

    p = cmds.add_parser("incident", help=tr('突发事件：登记、关联来电、结束、列出'))
    sub = p.add_subparsers(dest="incident_command", metavar="ACTION", required=True)

    c = sub.add_parser("open", help=tr('登记突发事件，输出其编号'))
    c.add_argument("--title", required=True, help=tr('事件名称，如“城东片区信号中断”'))
    c.add_argument("--area", help=tr('影响范围（片区、小区、线路）'))
    c.add_argument("--start", metavar="YYYY-MM-DD HH:MM",
                   help=tr('开始时间（本地时间，默认现在）'))
    c.add_argument("--by", help=tr('登记人'))
    c.set_defaults(func=_open)

    c = sub.add_parser("link", help=tr('把来电记录关联到突发事件（可一次多条）'))
    c.add_argument("incident", type=_positive, metavar="INCIDENT")
    c.add_argument("entries", type=_positive, nargs="+", metavar="ENTRY")
    c.add_argument("--by", help=tr('关联人'))
    add_format_option(c)
    c.set_defaults(func=_link)

    c = sub.add_parser("close", help=tr('结束突发事件'))
    c.add_argument("incident", type=_positive, metavar="INCIDENT")
    c.add_argument("--resolution", help=tr('处理情况'))
    c.add_argument("--end", metavar="YYYY-MM-DD HH:MM",
                   help=tr('结束时间（本地时间，默认现在）'))
    c.add_argument("--by", help=tr('登记人'))
    add_format_option(c)
    c.set_defaults(func=_close)

    c = sub.add_parser("list", help=tr('列出突发事件（最新在前）'))
    c.add_argument("--open", action="store_true", help=tr('只列未结束的'))
    add_format_option(c)
    c.set_defaults(func=_list)

    c = sub.add_parser("show", help=tr('显示突发事件及其关联的来电'))
    c.add_argument("incident", type=_positive, metavar="INCIDENT")
    c.add_argument("--unmasked", action="store_true", help=tr('显示完整号码'))
    add_format_option(c)
    c.set_defaults(func=_show)

    from agentdesk.desk.incidents import VISIT_RESULTS

    c = cmds.add_parser("visit", help=tr('登记回访结果'))
    c.add_argument("id", type=_positive, metavar="ID")
    c.add_argument("--result", required=True,
                   help="|".join(f"{k}（{zh}）" for k, (zh, _) in VISIT_RESULTS.items()))
    c.add_argument("--note", help=tr('回访记录'))
    c.add_argument("--by", help=tr('回访人'))
    c.set_defaults(func=_visit)
    guard_all(p)  # SQLite's own errors as one line, as for every other `log` action


def describe(incident) -> str:
    """One line for an incident: #id title (area) start – end, contacts."""
    from agentdesk.desk.model import local_text

    end = local_text(incident.ended_at) if incident.ended_at else tr('进行中')
    area = f"（{incident.area}）" if incident.area else ""
    return tr(
            '#{id} {title}{area} {local_text} 至 {end}，关联来电 {contacts}',
            id=incident.id, title=incident.title, area=area,
            local_text=local_text(incident.started_at), end=end, contacts=incident.contacts)


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
        sys.stdout.write(f"  {tr('处理情况')}: {incident.resolution}\n")
    print_entries(entries, "text", masked=not args.unmasked, vocabulary=vocab)
    return 0


def _visit(args, paths: AppPaths) -> int:
    from agentdesk.cli.log import open_log
    from agentdesk.desk import incidents

    with open_log(paths) as log:
        done = incidents.record_visit(log, args.id, args.result, note=args.note, by=args.by)
    label = incidents.VISIT_RESULTS[done["result"]]
    sys.stdout.write(tr(
            '已记录回访：记录 {entry_id} {label}\n',
            entry_id=done['entry_id'], label=data_tr(label[0])))
    return 0

"""The `agentdesk log` subcommand: the duty log from scripts and for supervisors.

Nothing here imports Qt or jieba: `agentdesk log add` must finish well under half a second.
"""

from __future__ import annotations

import argparse
import os
import sys

from agentdesk.cli.common import add_format_option, print_json
from agentdesk.errors import UserError
from agentdesk.i18n import t
from agentdesk.paths import AppPaths


def _agent_name() -> str:
    import getpass

    return os.environ.get("AGENTDESK_AGENT") or getpass.getuser()


def _entry_id(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(t(f"ID 必须是数字：{value}", f"ID must be a number: "
                                           f"{value}")) from None
    if n < 1:
        raise argparse.ArgumentTypeError(t("ID 必须大于 0", "ID must be positive"))
    if n > 2**63 - 1:  # SQLite's largest id; a bigger one would overflow, not just miss
        raise argparse.ArgumentTypeError(t(f"ID 太大：{value}", f"ID too large: {value}"))
    return n


MAX_LIMIT = 100_000


def _limit_help() -> str:
    return t(f"最多几条（1 到 {MAX_LIMIT}）", f"at most this many (1 to {MAX_LIMIT})")


def _guarded(handler):
    """SQLite's own errors (damaged page, read-only, disk full) as one line and their code."""
    import functools

    @functools.wraps(handler)
    def run(args, paths: AppPaths) -> int:
        import sqlite3

        try:
            return handler(args, paths)
        except sqlite3.Error as exc:
            from agentdesk.desk.files import sqlite_error

            raise sqlite_error(exc, paths.db_path) from None
    return run


def guard_all(parser: argparse.ArgumentParser) -> None:
    """Wrap every handler registered under `parser`'s subcommands."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                func = sub.get_default("func")
                if func is not None:
                    sub.set_defaults(func=_guarded(func))


def register(sub: argparse._SubParsersAction) -> None:
    """Add `log` to the command line. Heavy imports belong inside the handlers."""
    p = sub.add_parser("log", help=t("值班记录：登记、查询、导出、校验", "duty log: add, query, "
                                                                      "export, verify"))
    cmds = p.add_subparsers(dest="log_command", metavar="ACTION", required=True)

    c = cmds.add_parser("add", help=t("登记一次接待，输出新记录的编号",
                                      "log a contact; prints its id"))
    c.add_argument("--customer", required=True, help=t("客户姓名", "customer name"))
    c.add_argument("--title", help="先生|女士")
    c.add_argument("--contact", help=t("联系电话", "phone number"))
    c.add_argument("--channel", default="电话", help="电话|在线|邮件|微信|论坛|来访")
    c.add_argument("--category", default="咨询",
                   help="咨询|查询|投诉|建议|报修/售后|退换货|充值|其他")
    c.add_argument("--priority", default="普通", help="低|普通|高|紧急")
    c.add_argument("--summary", required=True, help=t("问题内容", "what the customer asked"))
    c.add_argument("--callback", metavar="YYYY-MM-DD HH:MM",
                   help=t("承诺回电时间（本地时间）", "promised call-back (local time)"))
    c.add_argument("--agent", help=t("坐席（默认 AGENTDESK_AGENT 或登录名）", "agent name"))
    c.set_defaults(func=_add)

    c = cmds.add_parser("list", help=t("列出记录（最新在前）", "list entries, newest first"))
    c.add_argument("--open", action="store_true", help=t("只列未关闭的", "only open entries"))
    c.add_argument("--overdue", action="store_true", help=t("只列回电已超时的", "only overdue"))
    c.add_argument("--since", metavar="DATE", help=t("从该时间起", "created since"))
    c.add_argument("--category", help=t("只列该类别", "only this category"))
    c.add_argument("--limit", type=int, default=50, help=_limit_help())
    c.add_argument("--unmasked", action="store_true", help=t("显示完整号码", "show full numbers"))
    add_format_option(c)
    c.set_defaults(func=_list)

    c = cmds.add_parser("show", help=t("显示一条记录及其变更历史", "show an entry and its history"))
    c.add_argument("id", type=_entry_id, metavar="ID")
    c.add_argument("--unmasked", action="store_true", help=t("显示完整号码", "show full numbers"))
    add_format_option(c)
    c.set_defaults(func=_show)

    c = cmds.add_parser("update", help=t("更正或更新记录（保留为新的事件）",
                                         "correct or update an entry (kept as an event)"))
    c.add_argument("id", type=_entry_id, metavar="ID")
    c.add_argument("--status", help="open|waiting|transferred|closed")
    c.add_argument("--to", dest="transferred_to", help=t("转交给谁", "transferred to whom"))
    for name in ("customer", "title", "contact", "channel", "category", "priority", "summary",
                 "resolution"):
        c.add_argument(f"--{name}")
    c.add_argument("--callback", dest="callback_at", metavar="YYYY-MM-DD HH:MM")
    c.add_argument("--by", help=t("修改人", "who changes it"))
    c.add_argument("--unmasked", action="store_true", help=t("显示完整号码", "show full numbers"))
    c.set_defaults(func=_update)

    c = cmds.add_parser("close", help=t("办结记录", "close an entry"))
    c.add_argument("id", type=_entry_id, metavar="ID")
    c.add_argument("--resolution", required=True, help=t("处理情况", "how it was resolved"))
    c.add_argument("--by", help=t("办结人", "who closes it"))
    c.add_argument("--unmasked", action="store_true", help=t("显示完整号码", "show full numbers"))
    c.set_defaults(func=_close)

    c = cmds.add_parser("search", help=t("全文搜索问题内容和处理情况", "full-text search"))
    c.add_argument("query", metavar="QUERY")
    c.add_argument("--limit", type=int, default=50, help=_limit_help())
    c.add_argument("--unmasked", action="store_true", help=t("显示完整号码", "show full numbers"))
    add_format_option(c)
    c.set_defaults(func=_search)

    c = cmds.add_parser("export", help=t("导出 CSV（Excel 可直接打开）或 XLSX",
                                         "export CSV (opens in Excel) or XLSX"))
    c.add_argument("--format", choices=("csv", "xlsx"), default="csv",
                   help=t("文件格式", "file format") + " (csv|xlsx)")
    c.add_argument("--output", required=True, metavar="FILE",
                   help=t("导出到的新文件（不能是数据库或备份）",
                          "the new file to write (never the database or a backup)"))
    c.add_argument("--since", metavar="DATE", help=t("只导出该时间起的记录", "created since"))
    c.add_argument("--unmasked", action="store_true", help=t("导出完整号码", "full numbers"))
    c.add_argument("--force", action="store_true", help=t("覆盖已有的文件", "replace an "
                                                          "existing file"))
    c.set_defaults(func=_export)

    c = cmds.add_parser("stats", help=t("按日期和类别统计", "statistics by day and category"))
    c.add_argument("--days", type=int, default=14, help=t("最近几天（1 到 36500）",
                                                          "the last N days (1 to 36500)"))
    add_format_option(c)
    c.set_defaults(func=_stats)

    c = cmds.add_parser("verify", help=t("校验记录是否被改动", "check the record was not altered"))
    c.add_argument("--full", action="store_true", help=t("从头全部重新核对（较慢）",
                                                         "re-check everything (slower)"))
    c.add_argument("--expect", metavar="HASH", help=t("接班确认时打印的封存值",
                                                      "the seal printed at acknowledgment"))
    add_format_option(c)
    c.set_defaults(func=_verify)
    guard_all(p)


def open_log(paths: AppPaths):
    from agentdesk.desk import DutyLog

    return DutyLog.open(paths.db_path, agent=_agent_name())


def print_entries(entries, fmt: str, masked: bool = True) -> None:
    """One tab-separated line per entry; typed text escaped, so no field forges a row."""
    from agentdesk.desk import STATUS_LABELS
    from agentdesk.desk.display import escape_controls as esc
    from agentdesk.desk.model import local_text
    from agentdesk.masking import mask_numbers

    if fmt == "json":
        print_json([e.to_dict(masked=masked) for e in entries])
        return
    for e in entries:
        flag = t(" [超时]", " [overdue]") if e.is_overdue() else ""
        callback = f" {t('回电', 'call back')} {local_text(e.callback_at)}" if e.callback_at \
            else ""
        contact = e.masked_contact if masked else (e.contact or "")
        summary = mask_numbers(e.summary) if masked else e.summary
        sys.stdout.write(f"{e.id}\t{local_text(e.created_at)}\t{esc(e.display_name)}\t"
                         f"{esc(contact)}\t{e.category}\t"
                         f"{STATUS_LABELS.get(e.status, e.status)}{flag}{callback}"
                         f"\t{esc(summary)}\n")


def _warn_past_callback(moment) -> None:
    from agentdesk.desk.model import local_text
    from agentdesk.desk.validate import in_past

    if in_past(moment):
        sys.stderr.write(t(f"agentdesk: 注意：回电时间 {local_text(moment)} 已经过去，"
                           "记录已保存并会显示为超时\n",
                           f"agentdesk: note: the call-back {local_text(moment)} is in the "
                           "past; saved, and shown as overdue\n"))


def _add(args, paths: AppPaths) -> int:
    with open_log(paths) as log:
        entry_id = log.add(customer=args.customer, title=args.title, contact=args.contact,
                           channel=args.channel, category=args.category,
                           priority=args.priority, summary=args.summary,
                           callback_at=args.callback, agent=args.agent)
        _warn_past_callback(log.get(entry_id).callback_at)
    sys.stdout.write(f"{entry_id}\n")
    sys.stdout.flush()
    return 0


def _limit(n: int, field: str = "--limit", limit: int = MAX_LIMIT) -> int:
    from agentdesk.desk.validate import count

    return count(n, field, limit=limit)


def _list(args, paths: AppPaths) -> int:
    from agentdesk.desk import CATEGORIES, EntryFilter
    from agentdesk.desk.validate import choice, parse_time

    f = EntryFilter(open_only=args.open, overdue_only=args.overdue,
                    since=parse_time(args.since, "--since"),
                    category=choice(args.category, CATEGORIES, "--category"))
    with open_log(paths) as log:
        entries = log.query(f, limit=_limit(args.limit))
    print_entries(entries, args.format, masked=not args.unmasked)
    return 0


def _show(args, paths: AppPaths) -> int:
    from agentdesk.desk.display import escape_controls as esc
    from agentdesk.desk.display import masked_event
    from agentdesk.desk.model import from_iso, local_text
    from agentdesk.masking import mask_numbers

    masked = not args.unmasked
    with open_log(paths) as log:
        entry = log.get(args.id)
        events = log.events(args.id)
    if masked:
        events = [masked_event(ev) for ev in events]
    if args.format == "json":
        print_json({**entry.to_dict(masked=masked), "events": events})
        return 0
    print_entries([entry], "text", masked=masked)
    if entry.resolution:
        resolution = mask_numbers(entry.resolution) if masked else entry.resolution
        sys.stdout.write(f"  {t('处理情况', 'resolution')}: {esc(resolution)}\n")
    for ev in events:
        changes = ev["data"].get("changes", "")
        sys.stdout.write(f"  {local_text(from_iso(ev['at']))} {esc(ev['by'])} {ev['kind']} "
                         f"{esc(changes)}\n")
    return 0


def _update(args, paths: AppPaths) -> int:
    changes = {k: getattr(args, k) for k in ("status", "transferred_to", "customer", "title",
                                             "contact", "channel", "category", "priority",
                                             "summary", "resolution", "callback_at")
               if getattr(args, k) is not None}
    if not changes:
        raise UserError(t("没有要修改的内容（例如 --status closed）",
                          "nothing to change (e.g. --status closed)"))
    with open_log(paths) as log:
        entry = log.update(args.id, by=args.by, **changes)
    if "callback_at" in changes:
        _warn_past_callback(entry.callback_at)
    print_entries([entry], "text", masked=not args.unmasked)
    return 0


def _close(args, paths: AppPaths) -> int:
    with open_log(paths) as log:
        entry = log.close_entry(args.id, args.resolution, by=args.by)
    print_entries([entry], "text", masked=not args.unmasked)
    return 0


def _search(args, paths: AppPaths) -> int:
    with open_log(paths) as log:
        entries = log.search(args.query, limit=_limit(args.limit))
    print_entries(entries, args.format, masked=not args.unmasked)
    return 0


def _export(args, paths: AppPaths) -> int:
    from pathlib import Path

    from agentdesk.desk import EntryFilter
    from agentdesk.desk.reports import export
    from agentdesk.desk.validate import parse_time

    f = EntryFilter(since=parse_time(args.since, "--since"))
    with open_log(paths) as log:
        n = export(log, Path(args.output), args.format, f=f, masked=not args.unmasked,
                   force=args.force)
    sys.stderr.write(t(f"已导出 {n} 条记录到 {args.output}\n",
                       f"exported {n} entries to {args.output}\n"))
    return 0


def _stats(args, paths: AppPaths) -> int:
    from agentdesk.desk.reports import stats

    with open_log(paths) as log:
        result = stats(log, days=_limit(args.days, "--days", limit=36500))
    if args.format == "json":
        print_json(result)
        return 0
    out = sys.stdout
    out.write(t(f"最近 {result['days']} 天共 {result['total']} 次接待；未关闭 {result['open']}，"
                f"回电超时 {result['overdue']}，投诉超 48 小时 {result['sla_breaches']}\n",
                f"last {result['days']} days: {result['total']} contacts; open {result['open']}, "
                f"overdue {result['overdue']}, complaints over 48 h {result['sla_breaches']}\n"))
    for category, n in result["by_category"].items():
        out.write(f"  {category}\t{n}\n")
    for day, counts in result["per_day"].items():
        out.write(f"{day}\t" + "  ".join(f"{c} {n}" for c, n in counts.items()) + "\n")
    return 0


def _verify(args, paths: AppPaths) -> int:
    with open_log(paths) as log:
        report = log.verify(full=args.full, expect=args.expect)
    if args.format == "json":
        print_json({"ok": report.ok, "checkpoints": report.checkpoints,
                    "problems": report.problems, "head": report.head, "full": report.full,
                    "notes": report.notes})
    else:
        sys.stdout.write(report.message + "\n")
        if report.head:
            sys.stdout.write(t(f"最新封存值：{report.head}\n", f"newest seal: {report.head}\n"))
        for note in report.notes:
            sys.stderr.write(f"agentdesk: {note}\n")
    return 0 if report.ok else 1

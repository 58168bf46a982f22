"""The `agentdesk log` subcommand: the duty log from scripts and for supervisors.

Nothing here imports Qt or jieba: `agentdesk log add` must finish well under half a second.
"""

from __future__ import annotations

import argparse
import os
import sys

from agentdesk.cli import incident
from agentdesk.cli.common import add_format_option, print_json
from agentdesk.errors import UserError
from agentdesk.i18n import t
from agentdesk.paths import AppPaths
from agentdesk.vocabulary import default_vocabulary


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
    from agentdesk.desk.model import STATUSES

    p = sub.add_parser("log", help=t("值班记录：登记、查询、导出、校验", "duty log: add, query, "
                                                                      "export, verify"))
    cmds = p.add_subparsers(dest="log_command", metavar="ACTION", required=True)

    c = cmds.add_parser("add", help=t("登记一次接待，输出新记录的编号",
                                      "log a contact; prints its id"))
    c.add_argument("--customer", required=True, help=t("客户姓名", "customer name"))
    c.add_argument("--title", help="先生|女士")
    c.add_argument("--contact", help=t("联系电话", "phone number"))
    vocab = default_vocabulary()
    for table, name in (("channels", "channel"), ("categories", "category"),
                        ("priorities", "priority")):
        c.add_argument(f"--{name}", help=_choices_help(vocab, table))
    c.add_argument("--summary", required=True, help=t("问题内容", "what the customer asked"))
    c.add_argument("--callback", metavar="TIME", help=_callback_help(vocab))
    c.add_argument("--agent", help=t("坐席（默认 AGENTDESK_AGENT 或登录名）", "agent name"))
    c.add_argument("--incident", type=_entry_id, metavar="INCIDENT",
                   help=t("同时关联到这个突发事件", "also link it to this incident"))
    c.set_defaults(func=_add)

    c = cmds.add_parser("list", help=t("列出记录（最新在前）", "list entries, newest first"))
    c.add_argument("--open", action="store_true", help=t("只列未关闭的", "only open entries"))
    c.add_argument("--overdue", action="store_true", help=t("只列回电已超时的", "only overdue"))
    c.add_argument("--since", metavar="DATE", help=t("从该时间起", "created since"))
    c.add_argument("--category", help=_choices_help(vocab, "categories", default=False))
    c.add_argument("--search", metavar="WORDS", help=t("只列含这些词的", "only entries with "
                                                       "these words"))
    c.add_argument("--limit", type=int, default=50,
                   help=t("最多列出几条（默认 50）", "at most this many (default 50)"))
    c.add_argument("--before", type=_entry_id, metavar="ID",
                   help=t("下一页：只列编号小于 ID 的", "next page: entries older than ID"))
    c.add_argument("--unmasked", action="store_true", help=t("显示完整号码", "show full numbers"))
    add_format_option(c)
    c.set_defaults(func=_list)

    c = cmds.add_parser("show", help=t("显示一条记录及其变更历史", "show an entry and its history"))
    c.add_argument("id", type=_entry_id, metavar="ID")
    c.add_argument("--unmasked", action="store_true")
    add_format_option(c)
    c.set_defaults(func=_show)

    c = cmds.add_parser("update", help=t("更正或更新记录（保留为新的事件）",
                                         "correct or update an entry (kept as an event)"))
    c.add_argument("id", type=_entry_id, metavar="ID")
    c.add_argument("--status", help="|".join(STATUSES))  # the desk's keys; labels are data
    c.add_argument("--to", dest="transferred_to", help=t("转交给谁", "transferred to whom"))
    for name in ("customer", "title", "contact", "summary", "resolution"):
        c.add_argument(f"--{name}")
    for table, name in (("channels", "channel"), ("categories", "category"),
                        ("priorities", "priority")):
        c.add_argument(f"--{name}", help=_choices_help(vocab, table, default=False))
    c.add_argument("--callback", dest="callback_at", metavar="TIME", help=_callback_help(vocab))
    c.add_argument("--by", help=t("修改人", "who changes it"))
    c.add_argument("--unmasked", action="store_true", help=t("显示完整号码", "show full numbers"))
    c.set_defaults(func=_update)

    c = cmds.add_parser("close", help=t("办结记录", "close an entry"))
    c.add_argument("id", type=_entry_id, metavar="ID")
    c.add_argument("--resolution", required=True, help=t("处理情况", "how it was resolved"))
    c.add_argument("--by")
    c.add_argument("--unmasked", action="store_true", help=t("显示完整号码", "show full numbers"))
    c.set_defaults(func=_close)

    c = cmds.add_parser("search", help=t("按词搜索客户、问题内容和处理情况（含全部词的在前，"
                                         "最新在前）", "search customer, summary and resolution "
                                         "(entries with every word first, newest first)"))
    c.add_argument("query", metavar="QUERY")
    c.add_argument("--limit", type=int, default=50,
                   help=t("最多列出几条（默认 50）", "at most this many (default 50)"))
    c.add_argument("--unmasked", action="store_true", help=t("显示完整号码", "show full numbers"))
    add_format_option(c)
    c.set_defaults(func=_search)

    c = cmds.add_parser("export", help=t("导出 CSV（Excel 可直接打开）或 XLSX",
                                         "export CSV (opens in Excel) or XLSX"))
    c.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    c.add_argument("--output", required=True, metavar="FILE")
    c.add_argument("--since", metavar="DATE")
    c.add_argument("--unmasked", action="store_true", help=t("导出完整号码", "full numbers"))
    c.add_argument("--force", action="store_true", help=t("覆盖已有的文件", "replace an "
                                                          "existing file"))
    c.set_defaults(func=_export)

    c = cmds.add_parser("stats", help=t("按日期和类别统计", "statistics by day and category"))
    c.add_argument("--days", type=int, default=14, help=t("统计最近几天（默认 14）",
                                                          "the last this many days (default 14)"))
    add_format_option(c)
    c.set_defaults(func=_stats)

    incident.register(cmds)

    c = cmds.add_parser("verify", help=t("校验记录是否被改动", "check the record was not altered"))
    c.add_argument("--full", action="store_true", help=t("从头全部重新核对（较慢）",
                                                         "re-check everything (slower)"))
    c.add_argument("--expect", metavar="HASH", help=t("接班确认时打印的封存值",
                                                      "the seal printed at acknowledgment"))
    add_format_option(c)
    c.set_defaults(func=_verify)
    guard_all(p)


def _choices_help(vocab, table: str, default: bool = True) -> str:
    names = vocab.names(table)
    text = "|".join(names)
    if default and names:
        text += t(f"（默认 {names[0]}；也接受别名，如", f" (default {names[0]}; aliases too, e.g. ")
        aliases = [a for term in getattr(vocab, table) for a in term.aliases[:1]][:3]
        text += "、".join(aliases) + t("）", ")")
    return text


def _callback_help(vocab) -> str:
    presets = "、".join(f"“{label}”" for label, _ in vocab.callback_presets)
    return t(f"承诺回电时间：本地时间 YYYY-MM-DD HH:MM，+30m、+2h，或预设 {presets}",
             f"promised call-back: local YYYY-MM-DD HH:MM, +30m, +2h, or a preset {presets}")


def load_vocabulary(paths: AppPaths):
    """The layered vocabulary; a broken layer is one warning line each, never a failure."""
    from agentdesk.vocabulary import load_vocabulary as load

    vocab, problems = load(paths.phrasebook_dirs)
    for problem in problems:
        sys.stderr.write(f"agentdesk: {t('警告', 'warning')}: {problem}\n")
    return vocab


def open_log(paths: AppPaths):
    from agentdesk.desk import DutyLog

    log = DutyLog.open(paths.db_path, agent=_agent_name(), vocabulary=load_vocabulary(paths),
                       catch_up=False)
    try:
        queued = log.search_backlog()
        if queued > 20_000:  # after an upgrade: minutes at a million entries, so say so
            sys.stderr.write(t(f"agentdesk: 正在为 {queued} 条记录建立搜索索引（只需一次）…\n",
                               f"agentdesk: indexing {queued} entries for search (once)…\n"))
        log.catch_up()
    except BaseException:
        log.close()
        raise
    return log


def print_entries(entries, fmt: str, masked: bool = True, vocabulary=None) -> None:
    """One tab-separated line per entry; typed text escaped, so no field forges a row."""
    from agentdesk.desk.display import escape_controls as esc
    from agentdesk.desk.model import local_text
    from agentdesk.masking import mask_numbers

    vocab = vocabulary or default_vocabulary()
    if fmt == "json":
        print_json([e.to_dict(masked=masked, vocabulary=vocab) for e in entries])
        return
    for e in entries:
        flag = t(" [超时]", " [overdue]") if e.is_overdue() else ""
        callback = f" {t('回电', 'call back')} {local_text(e.callback_at)}" if e.callback_at \
            else ""
        contact = e.masked_contact if masked else (e.contact or "")
        summary = mask_numbers(e.summary) if masked else e.summary
        sys.stdout.write(f"{e.id}\t{local_text(e.created_at)}\t{esc(e.display_name)}\t"
                         f"{esc(contact)}\t{e.category}\t"
                         f"{vocab.status_label(e.status)}{flag}{callback}"
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
        if args.incident is not None:
            from agentdesk.desk import incidents

            incidents.get(log, args.incident)  # an unknown incident: refused before writing
        entry_id = log.add(customer=args.customer, title=args.title, contact=args.contact,
                           channel=args.channel, category=args.category,
                           priority=args.priority, summary=args.summary,
                           callback_at=args.callback, agent=args.agent)
        _warn_past_callback(log.get(entry_id).callback_at)
        if args.incident is not None:
            incidents.link(log, args.incident, [entry_id], by=args.agent)
    sys.stdout.write(f"{entry_id}\n")
    sys.stdout.flush()
    return 0


def _limit(n: int, field: str = "--limit", limit: int = MAX_LIMIT) -> int:
    from agentdesk.desk.validate import count

    return count(n, field, limit=limit)


def _list(args, paths: AppPaths) -> int:
    from agentdesk.desk import EntryFilter
    from agentdesk.desk.validate import parse_time

    with open_log(paths) as log:
        f = EntryFilter(open_only=args.open, overdue_only=args.overdue,
                        since=parse_time(args.since, "--since"),
                        category=log.vocabulary.require("categories", args.category,
                                                        "--category"),
                        search=args.search)
        entries = log.query(f, limit=_limit(args.limit), before_id=args.before)
    print_entries(entries, args.format, masked=not args.unmasked, vocabulary=log.vocabulary)
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
    print_entries(entries, args.format, masked=not args.unmasked, vocabulary=log.vocabulary)
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
    from datetime import timedelta

    from agentdesk.desk import incidents
    from agentdesk.desk.model import utc_now
    from agentdesk.desk.reports import stats

    with open_log(paths) as log:
        result = stats(log, days=_limit(args.days, "--days", limit=36500))
        now = utc_now()
        result.update(incidents.summary(log, now - timedelta(days=args.days), now))
    if args.format == "json":
        print_json(result)
        return 0
    out = sys.stdout
    out.write(t(f"最近 {result['days']} 天共 {result['total']} 次接待；未关闭 {result['open']}，"
                f"回电超时 {result['overdue']}，超过处理时限 {result['sla_breaches']}\n",
                f"last {result['days']} days: {result['total']} contacts; open {result['open']}, "
                f"overdue {result['overdue']}, past their SLA {result['sla_breaches']}\n"))
    for category, n in result["by_category"].items():
        out.write(f"  {category}\t{n}\n")
    for day, counts in result["per_day"].items():
        out.write(f"{day}\t" + "  ".join(f"{c} {n}" for c, n in counts.items()) + "\n")
    write_incidents(result)
    return 0


def write_incidents(counts: dict) -> None:
    """The incidents and 回访 results of a period (log stats, handover show)."""
    from agentdesk.desk.incidents import VISIT_RESULTS, Incident
    from agentdesk.desk.model import from_iso

    found = counts.get("incidents") or []
    if found:
        sys.stdout.write(t(f"突发事件 {len(found)} 起：\n", f"{len(found)} incidents:\n"))
    for d in found:
        fields = {**d, "started_at": from_iso(d["started_at"]), "ended_at": from_iso(d["ended_at"]),
                  "entry_ids": tuple(d["entry_ids"])}
        fields.pop("contacts", None)
        line = incident.describe(Incident(**fields))
        ids = "、".join(map(str, d["entry_ids"]))
        sys.stdout.write(f"  {line}" + (f"（{t('记录', 'entries')} {ids}）" if ids else "") + "\n")
    visits = counts.get("visits") or {}
    if any(visits.values()):
        sys.stdout.write(t("回访：", "follow-ups: ") + "  ".join(
            f"{t(*VISIT_RESULTS[k])} {n}" for k, n in visits.items() if k in VISIT_RESULTS)
            + "\n")


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

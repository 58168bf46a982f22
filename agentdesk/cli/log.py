"""The `agentdesk log` subcommand: the duty log from scripts and for supervisors.

Nothing here imports Qt or jieba: `agentdesk log add` must finish well under half a second.
"""

from __future__ import annotations

import argparse
import os
import sys

from agentdesk.cli import incident
from agentdesk.cli.common import add_format_option, print_json
from agentdesk.data_i18n import data_tr
from agentdesk.desk import fields
from agentdesk.errors import UserError
from agentdesk.i18n import tr
from agentdesk.paths import AppPaths
from agentdesk.vocabulary import default_vocabulary


def _agent_name() -> str:
    import getpass

    return os.environ.get("AGENTDESK_AGENT") or getpass.getuser()


def _entry_id(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(tr('ID 必须是数字：{value}', value=value)) from None
    if n < 1:
        raise argparse.ArgumentTypeError(tr('ID 必须大于 0'))
    if n > 2**63 - 1:  # SQLite's largest id; a bigger one would overflow, not just miss
        raise argparse.ArgumentTypeError(tr('ID 太大：{value}', value=value))
    return n


MAX_LIMIT = 100_000


def _limit_help() -> str:
    return tr('最多几条（1 到 {MAX_LIMIT}）', MAX_LIMIT=MAX_LIMIT)


def _guarded(handler):
    """SQLite's own errors (damaged page, read-only, disk full) as one line and their code;
    text that could not be read as UTF-8 as one warning line after the command."""
    import functools

    @functools.wraps(handler)
    def run(args, paths: AppPaths) -> int:
        import sqlite3

        from agentdesk.desk import unreadable

        unreadable.reset()
        try:
            return handler(args, paths)
        except sqlite3.Error as exc:
            from agentdesk.desk.files import sqlite_error

            raise sqlite_error(exc, paths.db_path) from None
        finally:
            # text another program wrote that is not UTF-8: shown with U+FFFD, said once
            warning = unreadable.warning()
            if warning:
                sys.stderr.write(f"agentdesk: {tr('警告')}: {warning}\n")
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
    p = sub.add_parser("log", help=tr('值班记录：登记、查询、导出、校验'))
    cmds = p.add_subparsers(dest="log_command", metavar="ACTION", required=True)

    c = cmds.add_parser("add", help=tr('登记一次接待，输出新记录的编号'))
    vocab = _help_vocabulary(getattr(sub, "help_layers", ()))
    add_field_options(c, vocab, fields.given())
    c.add_argument("--incident", type=_entry_id, metavar="INCIDENT",
                   help=tr('同时关联到这个突发事件'))
    c.set_defaults(func=_add)

    c = cmds.add_parser("list", help=tr('列出记录（最新在前）'))
    c.add_argument("--open", action="store_true", help=tr('只列未关闭的'))
    c.add_argument("--overdue", action="store_true", help=tr('只列回电已超时的'))
    c.add_argument("--since", metavar="DATE", help=tr('从该时间起'))
    c.add_argument("--category", help=_choices_help(vocab, "categories", default=False))
    c.add_argument("--search", metavar="WORDS", help=tr('只列含这些词的'))
    c.add_argument("--limit", type=int, default=50, help=_limit_help())
    c.add_argument("--before", type=_entry_id, metavar="ID",
                   help=tr('下一页：只列编号小于 ID 的'))
    c.add_argument("--unmasked", action="store_true", help=tr('显示完整号码'))
    add_format_option(c)
    c.set_defaults(func=_list)

    c = cmds.add_parser("show", help=tr('显示一条记录及其变更历史'))
    c.add_argument("id", type=_entry_id, metavar="ID")
    c.add_argument("--unmasked", action="store_true", help=tr('显示完整号码'))
    add_format_option(c)
    c.set_defaults(func=_show)

    c = cmds.add_parser("update", help=tr('更正或更新记录（保留为新的事件）'))
    c.add_argument("id", type=_entry_id, metavar="ID")
    add_field_options(c, vocab, fields.editable(), correcting=True)
    c.add_argument("--by", help=tr('修改人'))
    c.add_argument("--unmasked", action="store_true", help=tr('显示完整号码'))
    c.set_defaults(func=_update)

    c = cmds.add_parser("close", help=tr('办结记录'))
    c.add_argument("id", type=_entry_id, metavar="ID")
    c.add_argument("--resolution", required=True, help=tr('处理情况'))
    c.add_argument("--by", help=tr('办结人'))
    c.add_argument("--unmasked", action="store_true", help=tr('显示完整号码'))
    c.set_defaults(func=_close)

    c = cmds.add_parser("search", help=tr(
            '按词搜索客户、问题内容和处理情况（含全部词的在前，最新在前）'))
    c.add_argument("query", metavar="QUERY")
    c.add_argument("--limit", type=int, default=50, help=_limit_help())
    c.add_argument("--unmasked", action="store_true", help=tr('显示完整号码'))
    add_format_option(c)
    c.set_defaults(func=_search)

    c = cmds.add_parser("export", help=tr('导出 CSV（Excel 可直接打开）或 XLSX'))
    c.add_argument("--format", choices=("csv", "xlsx"), default="csv",
                   help=tr('文件格式') + " (csv|xlsx)")
    c.add_argument("--output", required=True, metavar="FILE",
                   help=tr('导出到的新文件（不能是数据库或备份）'))
    c.add_argument("--since", metavar="DATE", help=tr('只导出该时间起的记录'))
    c.add_argument("--unmasked", action="store_true", help=tr('导出完整号码'))
    c.add_argument("--force", action="store_true", help=tr('覆盖已有的文件'))
    c.set_defaults(func=_export)

    c = cmds.add_parser("stats", help=tr('按日期和类别统计'))
    c.add_argument("--days", type=int, default=14, help=tr('最近几天（1 到 36500）'))
    add_format_option(c)
    c.set_defaults(func=_stats)

    incident.register(cmds)

    c = cmds.add_parser("verify", help=tr('校验记录是否被改动'))
    c.add_argument("--full", action="store_true", help=tr('从头全部重新核对（较慢）'))
    c.add_argument("--expect", metavar="HASH", help=tr('接班确认时打印的封存值'))
    add_format_option(c)
    c.set_defaults(func=_verify)
    guard_all(p)


def add_field_options(parser: argparse.ArgumentParser, vocab, chosen, *,
                      correcting: bool = False) -> None:
    """One option per entry field (agentdesk.desk.fields), its help from the field and, for
    words, from the vocabulary in use (a profile's categories in `--profile tv log add -h`)."""
    for f in chosen:
        parser.add_argument(f.flag, dest=f.name, required=f.required and not correcting,
                            metavar="TIME" if f.kind == "time" else None,
                            help=_field_help(f, vocab, correcting))


def _field_help(f, vocab, correcting: bool) -> str:
    from agentdesk.desk.model import STATUSES, TITLES

    if f.kind == "choice":
        return _choices_help(vocab, f.vocabulary, default=not correcting)
    if f.kind == "title":
        return "|".join(TITLES)
    if f.kind == "status":
        return "|".join(STATUSES)      # the desk's keys; their labels are data
    if f.kind == "time":
        return _callback_help(vocab)
    return tr(f.cli_help or f.label)


def _help_vocabulary(layers):
    """The vocabulary of the layers the command line names (problems: reported on use)."""
    from agentdesk.vocabulary import load_vocabulary as load

    return load(layers)[0] if layers else default_vocabulary()


def _choices_help(vocab, table: str, default: bool = True) -> str:
    names = vocab.names(table)
    text = "|".join(names)
    if default and names:
        text += tr('（默认 {names}；也接受别名，如', names=names[0])
        aliases = [a for term in getattr(vocab, table) for a in term.aliases[:1]][:3]
        text += "、".join(aliases) + tr('）')
    return text


def _callback_help(vocab) -> str:
    presets = "、".join(f"“{label}”" for label, _ in vocab.callback_presets)
    return tr(
            '承诺回电时间：本地时间 YYYY-MM-DD HH:MM，+30m、+2h，或预设 {presets}',
            presets=presets)


def load_vocabulary(paths: AppPaths):
    """The layered vocabulary; a broken layer is one warning line each, never a failure."""
    from agentdesk.vocabulary import load_vocabulary as load

    vocab, problems = load(paths.phrasebook_dirs)
    for problem in problems:
        sys.stderr.write(f"agentdesk: {tr('警告')}: {problem}\n")
    return vocab


def open_log(paths: AppPaths):
    from agentdesk.desk import DutyLog

    log = DutyLog.open(paths.db_path, agent=_agent_name(), vocabulary=load_vocabulary(paths),
                       catch_up=False)
    try:
        queued = log.search_backlog()
        if queued > 20_000:  # after an upgrade: minutes at a million entries, so say so
            sys.stderr.write(tr(
                    'agentdesk: 正在为 {queued} 条记录建立搜索索引（只需一次）…\n',
                    queued=queued))
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
        flag = tr(' [超时]') if e.is_overdue() else ""
        callback = f" {tr('回电')} {local_text(e.callback_at)}" if e.callback_at \
            else ""
        contact = e.masked_contact if masked else (e.contact or "")
        summary = mask_numbers(e.summary) if masked else e.summary
        name = mask_numbers(e.display_name) if masked else e.display_name
        sys.stdout.write(f"{e.id}\t{local_text(e.created_at)}\t{esc(name)}\t"
                         f"{esc(contact)}\t{data_tr(e.category)}\t"
                         f"{data_tr(vocab.status_label(e.status))}{flag}{callback}"
                         f"\t{esc(summary)}\n")


def _warn_past_callback(moment) -> None:
    from agentdesk.desk.model import local_text
    from agentdesk.desk.validate import in_past

    if in_past(moment):
        sys.stderr.write(tr(
                'agentdesk: 注意：回电时间 {local_text} 已经过去，记录已保存并会显示为超时\n',
                local_text=local_text(moment)))


def _add(args, paths: AppPaths) -> int:
    with open_log(paths) as log:
        if args.incident is not None:
            from agentdesk.desk import incidents

            incidents.get(log, args.incident)  # an unknown incident: refused before writing
        entry_id = log.add(**{f.name: getattr(args, f.name) for f in fields.given()})
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
        sys.stdout.write(f"  {tr('处理情况')}: {esc(resolution)}\n")
    for ev in events:
        changes = ev["data"].get("changes", "")
        sys.stdout.write(f"  {local_text(from_iso(ev['at']))} {esc(ev['by'])} {ev['kind']} "
                         f"{esc(changes)}\n")
    return 0


def _update(args, paths: AppPaths) -> int:
    changes = {f.name: getattr(args, f.name) for f in fields.editable()
               if getattr(args, f.name) is not None}
    if not changes:
        raise UserError(tr('没有要修改的内容（例如 --status closed）'))
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
    sys.stderr.write(tr('已导出 {n} 条记录到 {output}\n', n=n, output=args.output))
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
    out.write(tr(
            '最近 {days} 天共 {total} 次接待；未关闭 {open}，回电超时 {overdue}，超过处理时限 {sla'
            '_breaches}\n',
            days=result['days'], total=result['total'], open=result['open'],
            overdue=result['overdue'], sla_breaches=result['sla_breaches']))
    for category, n in result["by_category"].items():
        out.write(f"  {data_tr(category)}\t{n}\n")
    for day, counts in result["per_day"].items():
        out.write(f"{day}\t" + "  ".join(f"{data_tr(c)} {n}" for c, n in counts.items()) + "\n")
    write_incidents(result)
    return 0


def write_incidents(counts: dict) -> None:
    """The incidents and 回访 results of a period (log stats, handover show)."""
    from agentdesk.desk.incidents import VISIT_RESULTS, Incident
    from agentdesk.desk.model import from_iso

    found = counts.get("incidents") or []
    if found:
        sys.stdout.write(tr('突发事件 {n_found} 起：\n', n_found=len(found)))
    for d in found:
        values = {**d, "started_at": from_iso(d["started_at"]), "ended_at": from_iso(d["ended_at"]),
                  "entry_ids": tuple(d["entry_ids"])}
        values.pop("contacts", None)
        line = incident.describe(Incident(**values))
        ids = "、".join(map(str, d["entry_ids"]))
        sys.stdout.write(f"  {line}" + (f"（{tr('记录')} {ids}）" if ids else "") + "\n")
    visits = counts.get("visits") or {}
    if any(visits.values()):
        sys.stdout.write(tr('回访：') + "  ".join(
            f"{data_tr(VISIT_RESULTS[k][0])} {n}" for k, n in visits.items()
            if k in VISIT_RESULTS)
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
            sys.stdout.write(tr('最新封存值：{head}\n', head=report.head))
        for note in report.notes:
            sys.stderr.write(f"agentdesk: {note}\n")
    return 0 if report.ok else 1

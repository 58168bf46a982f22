"""Exports a supervisor opens in Excel (CSV with BOM, or XLSX) and daily/category statistics."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from agentdesk.desk import files, unreadable
from agentdesk.desk.fields import export_headers, exported, names
from agentdesk.desk.model import EntryFilter, from_iso, local_text, utc_now
from agentdesk.desk.phones import mask_phone
from agentdesk.errors import UserError
from agentdesk.i18n import tr
from agentdesk.masking import LONG_RUN, RUN_CANDIDATE, mask_numbers

if TYPE_CHECKING:
    from agentdesk.desk.dutylog import DutyLog

_BATCH = 5000


class _LocalTimes:
    """UTC ISO text -> local "YYYY-MM-DD HH:MM", asking the zone once per UTC hour.

    datetime.astimezone() with no zone calls localtime() each time, and parsing every stamp
    costs more than writing the row. Offsets change at most on the hour and are whole hours in
    most zones, so the local "YYYY-MM-DD HH" is looked up per UTC hour and the minutes copied.
    """

    def __init__(self) -> None:
        self.prefixes: dict[str, str | None] = {}

    def __call__(self, iso: str | None) -> str:
        if not iso:
            return ""
        key = iso[:13]
        prefix = self.prefixes.get(key, "")
        if prefix == "":
            prefix = self.prefixes[key] = self._prefix(iso)
        if prefix is None:   # a half-hour zone, or a time at the edge of the calendar
            return local_text(from_iso(iso))
        return f"{prefix}:{iso[14:16]}"

    @staticmethod
    def _prefix(iso: str) -> str | None:
        """The hour's local "YYYY-MM-DD HH", or None where each stamp is converted on its own:
        not our stamp, a half-hour zone, or an offset change inside the hour (Moncton's was at
        00:01 local until 2006)."""
        from datetime import timedelta

        moment = from_iso(iso)
        if moment is None or moment.utcoffset():
            return None
        start = moment.replace(minute=0, second=0, microsecond=0)
        try:
            local = start.astimezone()
            end = (start + timedelta(hours=1, microseconds=-1)).astimezone()
        except (OverflowError, ValueError, OSError):
            return None
        if local.utcoffset().total_seconds() % 3600 or end.utcoffset() != local.utcoffset():
            return None
        return local.strftime("%Y-%m-%d %H")


# The cells _Converter writes, in order: the field table's exported columns (the header row is
# theirs too). It unpacks them by position, so a change to the exported fields changes it too
# (tests/desk/test_export_fast_path.py checks the two agree).
CONVERTED = ("id", "created_at", "agent", "customer", "title", "contact", "channel",
             "category", "priority", "summary", "status", "transferred_to", "callback_at",
             "resolution")
_FORMULA_STARTS = frozenset("=+-@")


def rows(log: DutyLog, f: EntryFilter | None = None, *, masked: bool = True):
    """Export rows oldest first from one streaming cursor (a million never sit in memory),
    each cell as written: masked, local times, status labels, formula starts quoted."""
    for batch in _batches(log, f, masked):
        yield from batch


def _batches(log: DutyLog, f: EntryFilter | None, masked: bool):
    """The export rows in lists of _BATCH (csv's writerows takes a list at C speed)."""
    from agentdesk.desk import paging

    # only the exported columns (updated_at is not): each column read is an object a row
    cur = paging.stream(log.conn, f or EntryFilter(), utc_now(),
                        columns=names(exported()))
    if cur is None:
        return
    convert = _Converter(dict(log.vocabulary.statuses), masked)
    while True:
        batch = cur.fetchmany(_BATCH)
        if not batch:
            return
        yield convert(batch)


class _Converter:
    """Database rows -> export rows, in batches. Most rows need no masking and no formula
    guard; one regex search over the row's joined free text finds the few that do, and only
    those take the full path (mask_numbers cell by cell, then _safe_row). Identical output,
    at several times the speed: a million rows are exported in seconds."""

    def __init__(self, labels: dict, masked: bool) -> None:
        self.labels, self.masked = labels, masked
        self.local = _LocalTimes()
        # (agent, title, channel, category, priority, status, to) repeat from row to row:
        # the status label and whether any of them starts like a formula, once per tuple
        self.coded: dict[tuple, tuple[str, bool]] = {}

    def _code(self, key: tuple) -> tuple[str, bool, tuple | None]:
        """(status label, whether a cell starts like a formula, the cells as text where a BLOB
        another program wrote is among them, else None)."""
        text = None
        if bytes in map(type, key):
            key = text = tuple(map(unreadable.text, key))
        label = self.labels.get(key[5], key[5])
        cells = (*key[:5], label, key[6])
        return (label, any(v.__class__ is str and v[:1] in _FORMULA_STARTS for v in cells),
                text)

    def __call__(self, batch: list) -> list:
        masked, local, coded = self.masked, self.local, self.coded
        prefixes, candidate, long_run = local.prefixes, RUN_CANDIDATE.search, LONG_RUN.search
        starts = _FORMULA_STARTS
        out = []
        append = out.append
        for (eid, created, agent, customer, title, contact, channel, category, priority,
             summary, status, to, callback, resolution) in batch:
            if bytes in (customer.__class__, contact.__class__, summary.__class__,
                         resolution.__class__):      # a BLOB another program wrote
                customer, contact, summary, resolution = map(
                        unreadable.text, (customer, contact, summary, resolution))
            if masked:
                # a plain 11-digit mobile is the common case; anything else takes mask_phone
                contact = (contact[:3] + "****" + contact[7:]) if contact and \
                    len(contact) == 11 and contact.isascii() and contact.isdigit() \
                    else mask_phone(contact)
                # NUL is neither a digit nor a separator: no run crosses from cell to cell
                text = f"{customer}\x00{summary}\x00{resolution}"
                if candidate(text) and long_run(text):
                    summary, resolution = mask_numbers(summary), mask_numbers(resolution)
                    customer = mask_numbers(customer)
            # the cached local "YYYY-MM-DD HH" of the UTC hour, as _LocalTimes does it
            p = prefixes.get(created[:13]) if created.__class__ is str else None
            when = f"{p}:{created[14:16]}" if p else local(created)
            if callback:
                p = prefixes.get(callback[:13]) if callback.__class__ is str else None
                callback = f"{p}:{callback[14:16]}" if p else local(callback)
            else:
                callback = ""
            key = (agent, title, channel, category, priority, status, to)
            found = coded.get(key)
            if found is None:
                found = coded[key] = self._code(key)
            label, formula, as_text = found
            if as_text is not None:
                agent, title, channel, category, priority, status, to = as_text
            row = (eid, when, agent, customer, title or "", contact or "", channel, category,
                   priority, summary, label, to or "", callback, resolution or "")
            # times and ids never start with = + - @; the coded cells were checked above
            if formula or (customer.__class__ is not str or customer[:1] in starts) or (
                    contact and contact[:1] in starts) or (
                    summary.__class__ is not str or summary[:1] in starts) or (
                    resolution and resolution[:1] in starts):
                row = _safe_row(row)
            append(row)
        return out


def _safe_row(row: tuple) -> list:
    """A cell starting with = + - @ must not run as a formula when Excel opens the file."""
    return [("'" + v) if v.__class__ is str and v[:1] in _FORMULA_STARTS else v for v in row]


def export(log: DutyLog, output: Path, fmt: str, *, f: EntryFilter | None = None,
           masked: bool = True, force: bool = False) -> int:
    """Write a 0600 temporary beside the target, then rename it into place; returns the rows.

    Refused before anything is written: the database, its journals or a backup as target,
    anything that is not a regular file, and an existing file unless `force`.
    """
    if fmt not in ("csv", "xlsx"):
        raise UserError(tr('--format：不支持 {fmt}（csv 或 xlsx）', fmt=fmt))
    output = files.check_output(Path(output), log.path, force=force)
    n = 0
    try:
        with files.private_temp(output) as tmp:
            if fmt == "csv":
                n = _fast_csv(log, tmp, f, masked)
                if n is None:
                    n = _csv(log, tmp, f, masked)
            else:
                # XlsxWriter streams rows to disk (constant_memory); openpyxl's write-only mode
                # spent about 1 ms a row on cell objects. Text stays text: no formulas or URLs.
                import xlsxwriter
                from xlsxwriter.exceptions import FileCreateError

                wb = xlsxwriter.Workbook(str(tmp), {
                    "constant_memory": True, "strings_to_formulas": False,
                    "strings_to_urls": False, "strings_to_numbers": False,
                    "tmpdir": str(tmp.parent)})   # its 0600 spill files stay beside the target
                ws = wb.add_worksheet("值班记录")
                ws.write_row(0, 0, export_headers())
                for n, row in enumerate(rows(log, f, masked=masked), start=1):
                    ws.write_row(n, 0, row)
                try:
                    wb.close()
                except FileCreateError as exc:
                    raise (exc.args[0] if exc.args and isinstance(exc.args[0], OSError)
                           else OSError(str(exc))) from None
            files.install(tmp, output)
    except OSError as exc:
        raise UserError(tr(
                '--output：无法写入 {output}：{strerror}（目标文件未改动）',
                output=output, strerror=exc.strerror), exit_code=files.EXIT_UNWRITABLE) from None
    return n


def _header() -> str:
    buf = io.StringIO(newline="")
    csv.writer(buf).writerow(export_headers())
    return buf.getvalue()


def _fast_csv(log: DutyLog, tmp: Path, f: EntryFilter | None, masked: bool) -> int | None:
    """The Arrow path (agentdesk.desk.export_arrow), or None where it declines: same bytes."""
    from agentdesk.desk import export_arrow

    if not export_arrow.available():
        return None
    try:
        with tmp.open("wb") as fh:
            fh.write(_header().encode("utf-8-sig"))
            return export_arrow.write_csv(log, fh, f or EntryFilter(), masked,
                                          dict(log.vocabulary.statuses), utc_now())
    except export_arrow.Unsupported:
        return None          # the row-by-row path writes the file again from the start


def _csv(log: DutyLog, tmp: Path, f: EntryFilter | None, masked: bool) -> int:
    """The row-by-row path. It reads with sqlite3's C-speed decoding; a cell that is not UTF-8
    fails that, and the file is written again from the start with U+FFFD in its place."""
    return unreadable.read_fast(log.conn, lambda: _csv_rows(log, tmp, f, masked))


def _csv_rows(log: DutyLog, tmp: Path, f: EntryFilter | None, masked: bool) -> int:
    n = 0
    with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        # rows go to memory, a batch to the file: one encode per 5,000 rows
        # instead of one file write per row
        buf = io.StringIO(newline="")
        writer = csv.writer(buf)
        buf.write(_header())
        for batch in _batches(log, f, masked):
            writer.writerows(batch)
            n += len(batch)
            fh.write(buf.getvalue())
            buf.seek(0)
            buf.truncate()
        fh.write(buf.getvalue())
    return n


def stats(log: DutyLog, days: int = 14) -> dict:
    """Contacts per local day and category for the last `days`, plus what is open now."""
    from datetime import timedelta

    from agentdesk.desk import validate
    from agentdesk.desk.model import to_iso

    days = validate.count(days, "--days", limit=36500)
    now = utc_now()
    since = to_iso(now - timedelta(days=days))
    per_day: dict[str, Counter] = defaultdict(Counter)
    for created, category in log.conn.execute(
            "SELECT created_at, category FROM entries WHERE created_at >= ?", (since,)):
        per_day[from_iso(created).astimezone().strftime("%Y-%m-%d")][category] += 1
    by_category = Counter()
    for counter in per_day.values():
        by_category.update(counter)
    q = log.conn.execute
    return {
        "days": days,
        "per_day": {d: dict(c) for d, c in sorted(per_day.items())},
        "by_category": dict(by_category.most_common()),
        "total": sum(by_category.values()),
        "open": q("SELECT COUNT(*) FROM entries WHERE status != 'closed'").fetchone()[0],
        "overdue": q("SELECT COUNT(*) FROM entries WHERE status != 'closed' AND callback_at "
                     "IS NOT NULL AND callback_at <= ?", (to_iso(now),)).fetchone()[0],
        "sla_breaches": log.sla_breach_count(now),
    }

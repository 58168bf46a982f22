"""The CSV export's fast path: SQLite read by the ADBC driver straight into Arrow columns, each
cell converted column by column (pyarrow.compute, RE2), written by Arrow's CSV writer.

The row-by-row path (agentdesk.desk.reports) reads every cell into a Python object and tops out
near 60,000 rows a second on a 2-core machine; this one writes a million rows in a few seconds.
It writes exactly the bytes the row-by-row path writes (tests/desk/test_export_arrow.py compares
the two on hostile entries) and declines, before writing anything, whatever it cannot do the same:
no pyarrow/ADBC installed, a word search (the FTS index), parameters it cannot bind, a time zone
with half-hour offsets. Text that is not UTF-8 is decoded as the row path does it (U+FFFD). A
surprise half way (a BLOB in a text column, a time stamp not written by us) raises Unsupported;
the caller then starts again on the row-by-row path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from agentdesk.desk.dutylog import DutyLog
    from agentdesk.desk.model import EntryFilter

_BATCH_ROWS = 65536
# Python's `\s` in a str pattern is Unicode whitespace: RE2's \s plus \v, \x1c-\x1f, \x85 and the
# separators \p{Z}. Same class as agentdesk.masking.RUN_CANDIDATE, so the cells it finds are
# exactly the ones that path sends to mask_numbers (which leaves cells without a long run as is).
_RUN_CANDIDATE = r"[0-9０-９][0-9０-９\s\x0b\x1c-\x1f\x{85}\p{Z}\-－　]{10}"
_MOBILE = r"^[0-9]{11}$"
# as agentdesk.desk.model.to_iso writes them: UTC, seconds, maybe microseconds
_OUR_TIME = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?\+00:00$"
_TEXT = ("agent", "customer", "title", "contact", "channel", "category", "priority",
         "summary", "status", "transferred_to", "resolution")
# columns with a handful of distinct values (converted once per value) and free text
_FEW = ("agent", "title", "channel", "category", "priority", "status", "transferred_to")
_MANY = ("customer", "contact", "summary", "resolution")
_CSV_SPECIAL = '[",\r\n]'     # what makes csv.writer (excel dialect) quote a cell


class Unsupported(Exception):
    """The fast path cannot write this export exactly; use the row-by-row one."""


def available() -> bool:
    try:
        import adbc_driver_sqlite.dbapi  # noqa: F401
        import pyarrow.compute
        import pyarrow.csv  # noqa: F401
    except ImportError:
        return False
    return True


def write_csv(log: DutyLog, out: BinaryIO, f: EntryFilter, masked: bool, labels: dict,
              now) -> int:
    """The rows of `f`, oldest first, as CSV lines (no header) on `out`; returns how many."""
    from agentdesk.desk import paging

    plan = paging._Plan(f, now)
    if plan.finds_nothing:
        return 0
    if plan.match is not None:             # the word index: the row-by-row path reads it
        raise Unsupported("search")
    params = list(plan.params)
    if any(not isinstance(p, (str, int)) or isinstance(p, bool) for p in params):
        raise Unsupported("parameters")
    # every text cell as text, never NULL (None and "" are written alike, as nothing)
    select = ", ".join(["id", "created_at", *(f"coalesce({c}, '') AS {c}" for c in _TEXT),
                        "coalesce(callback_at, '') AS callback_at"])
    sql, params = plan.sql(select, None)
    return _write(log, out, sql + " ORDER BY id", params, masked, labels)


def _write(log, out, sql: str, params: list, masked: bool, labels: dict) -> int:
    import adbc_driver_sqlite.dbapi as adbc
    import pyarrow as pa

    from agentdesk.desk.reports import CONVERTED

    convert = _Columns(masked, labels)
    n = 0
    try:
        # by name (the driver cannot share the log's connection): a file moved away under the
        # open log is not there, and the row path, which still reads it, writes the export
        conn = adbc.connect(_read_only_uri(log.path))
    except adbc.Error as exc:
        raise Unsupported(str(exc)) from None
    try:
        cur = conn.cursor()
        try:
            cur.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": str(_BATCH_ROWS)})
            cur.execute(sql, tuple(params) if params else None)
            for batch in cur.fetch_record_batch():
                if batch.num_rows == 0:
                    continue
                columns = convert(pa.Table.from_batches([batch]))
                _write_lines(out, [columns[name] for name in CONVERTED])
                n += batch.num_rows
        finally:
            cur.close()
    except (pa.ArrowException, adbc.Error) as exc:     # a BLOB among the text, and the like
        raise Unsupported(str(exc)) from None
    finally:
        conn.close()
    return n


def _write_lines(out: BinaryIO, cells: list) -> None:
    """CSV-ready cells (quoted where needed) joined into CRLF lines, whose bytes are written as
    one buffer (Arrow's own CSV writer quotes every string, which csv.writer does not)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    lines = pc.binary_join_element_wise(*cells, ",")
    lines = pc.binary_join_element_wise(lines, "", "\r\n").cast(pa.string())
    if isinstance(lines, pa.ChunkedArray):
        lines = lines.combine_chunks()
    offsets, data = lines.buffers()[1], lines.buffers()[2]
    first, last = (int.from_bytes(offsets[i * 4:i * 4 + 4].to_pybytes(), "little")
                   for i in (lines.offset, lines.offset + len(lines)))
    out.write(memoryview(data)[first:last])


def _read_only_uri(path) -> str:
    from pathlib import Path

    return Path(path).resolve().as_uri() + "?mode=ro"


class _Columns:
    """One batch of database columns -> the export's columns, as the row-by-row path has them."""

    def __init__(self, masked: bool, labels: dict) -> None:
        from agentdesk.desk.reports import _LocalTimes

        self.masked, self.labels = masked, labels
        self.local = _LocalTimes()

    def __call__(self, t) -> dict:
        """The batch's cells, ready for the CSV line: masked, labelled, formula starts quoted
        with ', quoted where csv.writer quotes."""
        import pyarrow as pa
        import pyarrow.compute as pc

        for name in (*_TEXT, "created_at", "callback_at"):
            if not pa.types.is_string(t[name].type) and not pa.types.is_large_string(
                    t[name].type):
                raise Unsupported(f"{name} is {t[name].type}")
        if not pa.types.is_integer(t["id"].type):
            raise Unsupported("id")
        cols = {name: t[name].combine_chunks() for name in t.column_names}
        for name in _TEXT:      # SQLite hands over TEXT bytes as they are, UTF-8 or not
            cols[name] = _readable(cols[name])
        for name in ("created_at", "callback_at"):
            if cols[name] is not _readable(cols[name]):
                raise Unsupported("a time stamp that is not UTF-8")
        # times are digits, '-', ':' and a space: never quoted, never a formula
        out = {"id": cols["id"].cast(pa.string()),
               "created_at": self._times(cols["created_at"], required=True),
               "callback_at": self._times(cols["callback_at"], required=False)}
        # a few distinct values a column: each one converted in Python, exactly as csv does it
        for name in _FEW:
            label = self.labels.get if name == "status" else None
            out[name] = _mapped(cols[name], lambda v, label=label: _csv_cell(
                    _guard(label(v, v) if label else v)))
        for name in _MANY:
            column = cols[name]
            if self.masked and name == "contact":
                column = self._contacts(column)
            elif self.masked and name != "contact":
                column = _python_where(column, pc.match_substring_regex(
                        column, _RUN_CANDIDATE), _mask_numbers)
            formula = pc.or_(pc.or_(pc.starts_with(column, "="), pc.starts_with(column, "+")),
                             pc.or_(pc.starts_with(column, "-"), pc.starts_with(column, "@")))
            if pc.any(formula).as_py():
                column = pc.if_else(formula, pc.binary_join_element_wise("'", column, ""),
                                    column)
            special = pc.match_substring_regex(column, _CSV_SPECIAL)
            if pc.any(special).as_py():
                quoted = pc.binary_join_element_wise(
                        '"', pc.replace_substring(column, '"', '""'), '"', "")
                column = pc.if_else(special, quoted, column)
            out[name] = column
        return out

    def _times(self, column, *, required: bool):
        """UTC ISO text -> local "YYYY-MM-DD HH:MM" through the row path's per-hour cache."""
        import pyarrow as pa
        import pyarrow.compute as pc

        ours = pc.match_substring_regex(column, _OUR_TIME)
        empty = pc.equal(column, "")
        if not pc.all(pc.or_(ours, pc.and_(empty, pa.scalar(not required)))).as_py():
            raise Unsupported("a time stamp not written by AgentDesk")
        hours = pc.utf8_slice_codeunits(column, 0, 13).dictionary_encode()
        prefixes = []
        for hour in hours.dictionary.to_pylist():
            if not hour:
                prefixes.append("")
                continue
            prefix = self.local.prefixes.get(hour, "")
            if prefix == "":
                prefix = self.local.prefixes[hour] = self.local._prefix(hour + ":00:00+00:00")
            if prefix is None:           # a half-hour zone: the row path computes each one
                raise Unsupported("time zone")
            prefixes.append(prefix)
        local = pc.take(pa.array(prefixes, pa.string()), hours.indices)
        minutes = pc.utf8_slice_codeunits(column, 14, 16)
        joined = pc.binary_join_element_wise(local, minutes, ":")
        return pc.if_else(empty, "", joined) if not required else joined

    @staticmethod
    def _contacts(column):
        """138****5678 for a plain mobile (RE2), agentdesk.desk.phones.mask_phone for the rest."""
        import pyarrow.compute as pc

        from agentdesk.desk.phones import mask_phone

        mobile = pc.match_substring_regex(column, _MOBILE)
        fast = pc.replace_substring_regex(column, r"^([0-9]{3})[0-9]{4}", r"\1****")
        other = pc.and_(pc.invert(mobile), pc.not_equal(column, ""))
        return _python_where(pc.if_else(mobile, fast, column), other, mask_phone)


def _readable(column):
    """The column itself if it is valid UTF-8 (Arrow checks at C speed); else each cell decoded
    as the row path's sqlite3 reads it (agentdesk.desk.unreadable: U+FFFD, the value noted)."""
    import pyarrow as pa

    try:
        column.validate(full=True)
        return column
    except pa.ArrowInvalid:
        from agentdesk.desk.unreadable import decode

        return pa.array([decode(raw) for raw in column.view(pa.binary()).to_pylist()],
                        pa.string())


def _guard(value: str) -> str:
    """A cell starting with = + - @ must not run as a formula when Excel opens the file."""
    from agentdesk.desk.reports import _FORMULA_STARTS

    return ("'" + value) if value[:1] in _FORMULA_STARTS else value


def _csv_cell(value: str) -> str:
    """The cell as csv.writer writes it (csv itself decides, on a one-cell row)."""
    import csv
    import io

    if value == "":
        return ""          # csv writes a lone empty cell as "" so that the row is not blank
    buf = io.StringIO(newline="")
    csv.writer(buf).writerow([value])
    return buf.getvalue()[:-2]


def _mask_numbers(text: str) -> str:
    from agentdesk.masking import mask_numbers

    return mask_numbers(text)


def _mapped(column, fn):
    """fn over a column's distinct values (a status has a handful)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    coded = column.dictionary_encode()
    return pc.take(pa.array([fn(v) for v in coded.dictionary.to_pylist()], pa.string()),
                   coded.indices)


def _python_where(column, mask, fn):
    """fn applied in Python to the (few) cells where mask is true; the rest stay as they are."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pc.any(mask).as_py():
        return column
    chosen = pc.filter(column, mask)
    changed = pa.array([fn(v) for v in chosen.to_pylist()], pa.string())
    return pc.replace_with_mask(column, mask, changed)

"""Cells another program wrote that are not UTF-8 text: read with U+FFFD, counted for a warning.

SQLite stores whatever bytes a program hands it as TEXT, and any column may hold a BLOB. Python's
sqlite3 refuses a TEXT value that is not UTF-8 ("Could not decode to UTF-8 column ...", an
OperationalError that looked like "database busy"), and a BLOB comes back as bytes where every
caller expects str. Here both are read as UTF-8 with each undecodable byte sequence replaced by
U+FFFD (exactly what bytes.decode(errors="replace") gives); the database is never changed.

Each distinct unreadable value is remembered (once, however often it is read: the search index,
the listing and the export all read the same cell), so a command can say in one line how many
there were (see `warning`).
"""

from __future__ import annotations

import sqlite3

_KEEP = 100_000          # distinct values remembered; beyond that each one is only counted
_seen: set[bytes] = set()
_extra = 0


def _note(raw: bytes) -> None:
    global _extra
    if raw in _seen:
        return
    if len(_seen) < _KEEP:
        _seen.add(raw)
    else:
        _extra += 1


def decode(raw: bytes) -> str:
    """A TEXT value's bytes as str: undecodable sequences as U+FFFD, the value noted."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        _note(raw)
        return raw.decode("utf-8", "replace")


def lenient(conn: sqlite3.Connection) -> sqlite3.Connection:
    """Read TEXT that is not UTF-8 as `decode` does instead of failing the whole query.

    Costs a Python call per text cell (reading 300,000 full rows: 2.3 s -> 3.5-3.9 s), so the
    export and the full verify read with the plain factory first (`read_fast`)."""
    conn.text_factory = decode
    return conn


def strict(conn: sqlite3.Connection) -> sqlite3.Connection:
    """sqlite3's own, C-speed decoding; a cell that is not UTF-8 raises (see is_decode_error)."""
    conn.text_factory = str
    return conn


def is_decode_error(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "decode to utf-8" in str(exc).lower()


def read_fast(conn: sqlite3.Connection, read):
    """read() with sqlite3's own decoding (a million-row export or full verify reads 10-30 %
    faster); if a cell is not UTF-8, read() once more from the start, leniently. `read` must
    only read, or write nothing until it has read everything (the CSV export's temporary), on
    a connection no other thread reads meanwhile (DutyLog: one per thread)."""
    strict(conn)
    try:
        return read()
    except sqlite3.OperationalError as exc:
        if not is_decode_error(exc):
            raise
    finally:
        lenient(conn)
    return read()


def text(value):
    """A cell that should be text: a BLOB's bytes decoded as UTF-8 (noted), the rest as it is."""
    if value.__class__ is bytes:
        _note(value)
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value.decode("utf-8", "replace")
    return value


def texts(row: tuple) -> tuple:
    """A row whose text columns may hold a BLOB: each one as `text` (the row itself if none)."""
    return tuple(map(text, row)) if bytes in map(type, row) else row


def index_text(value):
    """A cell for the search index: text as it is; a BLOB decoded as `text` does, or nothing at
    all if it is not text (a NUL byte: an image or other binary data has no words to find)."""
    if value.__class__ is bytes:
        if b"\x00" in value:
            _note(value)
            return ""
        return text(value)
    if value is not None and value.__class__ is not str:
        return str(value)    # a number another program stored in a text column
    return value


def count() -> int:
    """How many distinct unreadable values this process has read so far."""
    return len(_seen) + _extra


def reset() -> None:
    global _extra
    _seen.clear()
    _extra = 0


def warning() -> str | None:
    """The warning for stderr (one line), or None when everything read was UTF-8 text."""
    n = count()
    if not n:
        return None
    from agentdesk.i18n import tr

    return tr('数据库中有 {n} 个值不是 UTF-8 文本（可能是其他程序写入的），已按 UTF-8 读取，'
              '无法识别的字节显示为替换字符 �；数据库未改动', n=n)

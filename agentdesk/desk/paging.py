"""Pages of the duty log, newest first: a filter as SQL, keyset paging, and capped counts.

A page after `before_id` is `id < before_id ORDER BY id DESC LIMIT n`, which costs the same at
row 999,000 as at row 0 (OFFSET re-reads every skipped row). A word search walks the word index
in rowid order too, so its first page never collects every match before sorting them.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from agentdesk.desk import search
from agentdesk.desk.model import EntryFilter, to_iso
from agentdesk.desk.rows import COLUMNS, prefixed


class _Plan:
    """The filter split into the word match (if any) and the plain column conditions."""

    def __init__(self, f: EntryFilter, now: datetime, any_word: bool = False) -> None:
        clauses: list[str] = []
        params: list = []
        if f.open_only or f.overdue_only:
            clauses.append("status != 'closed'")
        if f.overdue_only:
            clauses.append("callback_at IS NOT NULL AND callback_at <= ?")
            params.append(to_iso(now))
        if f.today_only:
            start = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
            clauses.append("created_at >= ?")
            params.append(to_iso(start))
        if f.since:
            clauses.append("created_at >= ?")
            params.append(to_iso(f.since))
        if f.category:
            clauses.append("category = ?")
            params.append(f.category)
        self.clauses, self.params = clauses, params
        text = (f.search or "").strip()
        self.searching = bool(text)
        self.match = search.match_expression(text, any_word=any_word) if text else None

    @property
    def finds_nothing(self) -> bool:
        """A search of punctuation only: nothing can match it."""
        return self.searching and self.match is None

    def sql(self, select: str, before_id: int | None) -> tuple[str, list]:
        """FROM ... WHERE ... for this filter, the rows older than before_id."""
        params = list(self.params)
        if self.match is None:
            clauses = list(self.clauses)
            if before_id is not None:
                clauses.append("id < ?")
                params.append(int(before_id))
            where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
            return f"SELECT {select} FROM entries{where}", params
        clauses = ["w.entries_words MATCH ?", *(f"e.{c}" for c in self.clauses)]
        params.insert(0, self.match)
        if before_id is not None:
            clauses.append("w.rowid < ?")
            params.append(int(before_id))
        if select == COLUMNS:
            select = prefixed("e")
        if not self.clauses and select == "1":  # a bare count never needs the entries table
            return ("SELECT 1 FROM entries_words w WHERE " + " AND ".join(clauses),
                    params)
        return (f"SELECT {select} FROM entries_words w JOIN entries e ON e.id = w.rowid WHERE "
                + " AND ".join(clauses), params)

    @property
    def order(self) -> str:
        return " ORDER BY id DESC" if self.match is None else " ORDER BY w.rowid DESC"


def page(conn: sqlite3.Connection, f: EntryFilter, now: datetime, *, limit: int,
         offset: int = 0, before_id: int | None = None, any_word: bool = False) -> list[tuple]:
    """Rows (in COLUMNS order) matching f, newest first; any_word: some of the search words."""
    plan = _Plan(f, now, any_word)
    if plan.finds_nothing:
        return []
    sql, params = plan.sql(COLUMNS, before_id)
    return conn.execute(f"{sql}{plan.order} LIMIT ? OFFSET ?",
                        (*params, int(limit), int(offset))).fetchall()


def count(conn: sqlite3.Connection, f: EntryFilter, now: datetime, *,
          cap: int | None = None) -> int:
    """How many entries match f; with cap, stops counting there (a window shows "1000+")."""
    plan = _Plan(f, now)
    if plan.finds_nothing:
        return 0
    sql, params = plan.sql("1", None)
    if cap is not None:
        sql, params = f"{sql} LIMIT ?", [*params, int(cap)]
    return conn.execute(f"SELECT COUNT(*) FROM ({sql})", params).fetchone()[0]


def stream(conn: sqlite3.Connection, f: EntryFilter, now: datetime,
           columns: tuple[str, ...] | None = None) -> sqlite3.Cursor | None:
    """One cursor over every row matching f, oldest first, for exports: COLUMNS, or only
    the named `columns` (each column read costs an object a row)."""
    plan = _Plan(f, now)
    if plan.finds_nothing:
        return None
    select = COLUMNS
    if columns is not None:
        select = ", ".join(f"e.{c}" if plan.match else c for c in columns)
    sql, params = plan.sql(select, None)
    order = " ORDER BY id" if plan.match is None else " ORDER BY w.rowid"
    return conn.execute(sql + order, params)

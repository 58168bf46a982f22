"""The duty log: entries written with their events in one transaction, and the queries on them."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from agentdesk.desk import fields, handover, paging, search, validate
from agentdesk.desk.model import (
    EDITABLE,
    Entry,
    EntryFilter,
    Handover,
    HandoverDraft,
    VerifyReport,
    to_iso,
    utc_now,
)
from agentdesk.desk.phones import normalise_phone
from agentdesk.desk.rows import COLUMNS, row_to_entry
from agentdesk.desk.schema import EXIT_BUSY, connect, migrate
from agentdesk.desk.seal import created_record
from agentdesk.errors import UserError
from agentdesk.i18n import tr
from agentdesk.vocabulary import Vocabulary, default_vocabulary

_SYNC_IN_WRITE = 5_000  # a bulk write beyond this leaves the rest to catch_up()
# the old private names, for callers written before rows.py existed
_COLUMNS = COLUMNS
_row_to_entry = row_to_entry
_GIVEN = fields.names(fields.given())
_TIMES = frozenset(f.name for f in fields.FIELDS if f.kind == "time")
_INSERTED = tuple(name for name in fields.names() if name != "id")   # id: SQLite's rowid


class DutyLog:
    """One connection to the duty-log database. Open one per thread."""

    def __init__(self, conn: sqlite3.Connection, path: Path, agent: str | None = None,
                 vocabulary: Vocabulary | None = None) -> None:
        self.conn = conn
        self.path = path
        self.agent = agent or ""
        # the words this desk accepts and stores (channels, categories, SLAs, labels ...)
        self.vocabulary = vocabulary or default_vocabulary()

    @classmethod
    def open(cls, db_path: Path | str, *, agent: str | None = None,
             vocabulary: Vocabulary | None = None, catch_up: bool = True) -> DutyLog:
        """Open (creating or upgrading) the log. catch_up=False leaves entries that another
        program changed, or a migration queued, unsearchable until `catch_up()` runs (the
        window runs it off the GUI thread)."""
        path = Path(db_path)
        for attempt in range(3):
            try:
                conn = cls._connect_and_migrate(path)
                break
            except UserError as exc:
                # Several processes starting on a new file at once: while one creates the
                # schema and switches it to WAL, SQLite may answer "busy" without waiting.
                if exc.exit_code != EXIT_BUSY or attempt == 2:
                    raise
                time.sleep(0.3 * (attempt + 1))
        log = cls(conn, path, agent, vocabulary)
        if catch_up:
            log.catch_up()
        return log

    @staticmethod
    def _connect_and_migrate(path: Path) -> sqlite3.Connection:
        conn = connect(path)
        try:
            migrate(conn, path)
        except sqlite3.DatabaseError as exc:  # busy, read-only, disk full, a damaged page
            conn.close()
            raise _busy(exc, path) from None
        except BaseException:
            conn.close()
            raise
        return conn

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> DutyLog:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def search_backlog(self) -> int:
        """How many changed entries wait to be indexed for search (see catch_up)."""
        return self.conn.execute("SELECT COUNT(*) FROM entries_words_pending").fetchone()[0]

    def catch_up(self, batch: int = 20_000) -> int:
        """Index every queued entry, newest first, one committed batch at a time (other writers
        get in between; an interrupted catch-up keeps what it did). Returns how many were
        queued when it began."""
        queued = self.search_backlog()
        while search.pending(self.conn):
            with self.write() as conn:  # the write itself indexes up to _SYNC_IN_WRITE more
                search.sync(conn, max_rows=max(batch - _SYNC_IN_WRITE, 0))
        return queued

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken with the write lock up front (no deadlock on upgrade)."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _busy(exc, self.path) from None
        try:
            yield self.conn
            # index what this transaction wrote (newest first), in the same commit
            search.sync(self.conn, max_rows=_SYNC_IN_WRITE)
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise

    def _event(self, entry_id: int | None, kind: str, by: str, data: dict, at: str) -> None:
        self.conn.execute("INSERT INTO events(entry_id, at, by, kind, data) VALUES (?,?,?,?,?)",
                          (entry_id, at, by, kind, json.dumps(data, ensure_ascii=False,
                                                              sort_keys=True)))

    # -- entries --------------------------------------------------------------------------
    def add(self, *, now: datetime | None = None, **given) -> int:
        """Validate, then insert the entry and its 'created' event together; returns the id.

        Takes the fields agentdesk.desk.fields marks `given` (customer and summary required).
        Choice fields (channel, category, priority) accept aliases (报修 -> 报修/售后) and
        default to the vocabulary's first entry; callback_at also takes a preset ("30 分钟")."""
        unknown = set(given) - set(_GIVEN)
        if unknown:
            raise UserError(tr('未知字段：{key}', key=", ".join(sorted(unknown))))
        vocab = self.vocabulary
        values = {}
        for f in fields.given():
            value = given.get(f.name)
            if f.vocabulary and not value:
                value = vocab.default(f.vocabulary)
            elif f.kind == "time":
                value = self._callback(value, now)
            values[f.name] = value
        values = validate.fields(values, vocab)
        values["agent"] = values.get("agent") or self.agent
        at = to_iso(now or utc_now())
        stored = {k: to_iso(v) if k in _TIMES else v for k, v in values.items()}
        stored.update(created_at=at, updated_at=at, status="open")
        columns = [*_INSERTED, "contact_norm"]
        params = [stored.get(name) for name in _INSERTED]
        params.append(normalise_phone(stored["contact"]))
        with self.write() as conn:
            cur = conn.execute(f"INSERT INTO entries({', '.join(columns)}) "
                               f"VALUES ({', '.join('?' * len(columns))})", params)
            entry_id = int(cur.lastrowid)
            self._event(entry_id, "created", stored["agent"],
                        {"fields": created_record(stored)}, at)
        return entry_id

    def _callback(self, value: datetime | str | None, now: datetime | None):
        if isinstance(value, str):
            return self.vocabulary.callback_time(value, now) or value
        return value

    def get(self, entry_id: int) -> Entry:
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM entries WHERE id = ?",
                                (validate.entry_id(entry_id),)).fetchone()
        if row is None:
            raise UserError(tr('id：没有编号为 {entry_id} 的记录', entry_id=entry_id))
        return _row_to_entry(row)

    def update(self, entry_id: int, *, by: str | None = None, now: datetime | None = None,
               require_open: bool = False, **changes) -> Entry:
        """Apply corrections or a status change as one new event; nothing is edited silently."""
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise UserError(tr('不能修改的字段：{join}', join=', '.join(sorted(unknown))))
        changes = {k: self._callback(v, now) if k in _TIMES else v for k, v in changes.items()}
        clean = validate.fields(changes, self.vocabulary)
        if by is not None:  # given, it must name someone: blank or control characters are not
            by = validate.name(by, "by（修改人）", required=True)
        if clean.get("status") == "transferred" and not (
                clean.get("transferred_to") or self.get(entry_id).transferred_to):
            raise UserError(tr('to（转交对象）：状态为 transferred 时必须写明转交给谁'))
        at = to_iso(now or utc_now())
        with self.write() as conn:
            before = self.get(entry_id)
            if require_open and before.status == "closed":  # checked under the write lock
                raise UserError(tr(
                        '记录 {entry_id} 已经关闭；要更正处理情况请用 `log update {entry_id} --res'
                        'olution …`，要重新处理请先 `log update {entry_id} --status open`',
                        entry_id=entry_id))
            diff = {}
            for key, value in clean.items():
                old = getattr(before, key)
                old_s = to_iso(old) if isinstance(old, datetime) else old
                new_s = to_iso(value) if isinstance(value, datetime) else value
                if old_s != new_s:
                    diff[key] = [old_s, new_s]
            if not diff:
                return before
            sets = ", ".join(f"{k} = ?" for k in diff)
            params = [v[1] for v in diff.values()]
            if "contact" in diff:
                sets += ", contact_norm = ?"
                params.append(normalise_phone(diff["contact"][1]))
            conn.execute(f"UPDATE entries SET {sets}, updated_at = ? WHERE id = ?",
                         (*params, at, int(entry_id)))
            self._event(int(entry_id), "updated", by or self.agent, {"changes": diff}, at)
        return self.get(entry_id)

    def close_entry(self, entry_id: int, resolution: str, *, by: str | None = None,
                    now: datetime | None = None) -> Entry:
        validate.text(resolution, "resolution（处理情况）", required=True)
        # closing again would silently replace the resolution the customer was given
        return self.update(entry_id, by=by, now=now, status="closed", resolution=resolution,
                           require_open=True)

    def events(self, entry_id: int) -> list[dict]:
        self.get(entry_id)
        return [{"id": r[0], "at": r[1], "by": r[2], "kind": r[3], "data": json.loads(r[4])}
                for r in self.conn.execute("SELECT id, at, by, kind, data FROM events "
                                           "WHERE entry_id = ? ORDER BY id", (int(entry_id),))]

    def audit(self, action: str, *, by: str | None, detail: str,
              entry_id: int | None = None) -> None:
        """Deliberate exceptions (e.g. copying a reply despite a lint error), kept for QA."""
        by = validate.name(by, "by")
        with self.write() as conn:
            at = to_iso(utc_now())
            conn.execute("INSERT INTO audit(at, by, action, detail, entry_id) VALUES (?,?,?,?,?)",
                         (at, by or self.agent, action, detail, entry_id))
            self._event(entry_id, f"audit:{action}", by or self.agent, {"detail": detail}, at)

    def audit_trail(self, limit: int = 100) -> list[dict]:
        return [{"at": r[0], "by": r[1], "action": r[2], "detail": r[3], "entry_id": r[4]}
                for r in self.conn.execute("SELECT at, by, action, detail, entry_id FROM audit "
                                           "ORDER BY id DESC LIMIT ?", (limit,))]

    # -- queries --------------------------------------------------------------------------
    def query(self, f: EntryFilter | None = None, *, offset: int = 0, limit: int = 100,
              now: datetime | None = None, before_id: int | None = None) -> list[Entry]:
        """Newest first; the next page is `before_id=<last id shown>` (as fast at row 999,000
        as at row 0), or `offset`, which re-reads the rows it skips."""
        rows = paging.page(self.conn, f or EntryFilter(), now or utc_now(), limit=limit,
                           offset=offset, before_id=before_id)
        return [row_to_entry(r) for r in rows]

    def count(self, f: EntryFilter | None = None, now: datetime | None = None, *,
              cap: int | None = None) -> int:
        """How many entries match; with cap, counting stops there (show "cap+")."""
        return paging.count(self.conn, f or EntryFilter(), now or utc_now(), cap=cap)

    def search(self, text: str, limit: int = 50) -> list[Entry]:
        """Ranked: entries with every word, newest first, then those with only some of them."""
        if not text or not text.strip():
            raise UserError(tr('QUERY：搜索内容不能为空'))
        found = self.query(EntryFilter(search=text), limit=limit)
        if len(found) < limit and len(search.words(text)) > 1:
            seen = {e.id for e in found}
            partial = paging.page(self.conn, EntryFilter(search=text), utc_now(),
                                  limit=limit + len(seen), any_word=True)
            found += [row_to_entry(r) for r in partial if r[0] not in seen][:limit - len(found)]
        return found

    def overdue(self, now: datetime | None = None, limit: int = 1000) -> list[Entry]:
        """Open entries whose promised call-back has come due, the longest overdue first."""
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM entries WHERE status != 'closed' AND callback_at IS NOT NULL"
            " AND callback_at <= ? ORDER BY callback_at LIMIT ?", (to_iso(now or utc_now()), limit))
        return [_row_to_entry(r) for r in rows]

    def sla_breaches(self, now: datetime | None = None) -> list[Entry]:
        """Open entries older than their category's SLA hours (the vocabulary's), oldest first."""
        where, params = self._sla_where(now or utc_now())
        if where is None:
            return []
        rows = self.conn.execute(f"SELECT {COLUMNS} FROM entries WHERE {where} ORDER BY id",
                                 params)
        return [row_to_entry(r) for r in rows]

    def sla_breach_count(self, now: datetime | None = None) -> int:
        """How many sla_breaches there are, counted in SQL (thousands never become Entries)."""
        where, params = self._sla_where(now or utc_now())
        if where is None:
            return 0
        return self.conn.execute(f"SELECT COUNT(*) FROM entries WHERE {where}",
                                 params).fetchone()[0]

    def _sla_where(self, now: datetime) -> tuple[str | None, list]:
        sla = self.vocabulary.sla
        if not sla:
            return None, []
        terms = " OR ".join("(category = ? AND created_at <= ?)" for _ in sla)
        params = [p for name, hours in sla.items()
                  for p in (name, to_iso(now - timedelta(hours=hours)))]
        return f"status != 'closed' AND ({terms})", params

    def by_contact(self, phone: str, limit: int = 10) -> list[Entry]:
        """This customer's recent entries, newest first (phone numbers compared normalised)."""
        norm = normalise_phone(phone)
        if not norm:
            return []
        rows = self.conn.execute(f"SELECT {_COLUMNS} FROM entries WHERE contact_norm = ? "
                                 "ORDER BY id DESC LIMIT ?", (norm, limit))
        return [_row_to_entry(r) for r in rows]

    # -- handover and integrity live in their own modules (which never import this one) ----
    def draft_handover(self, by: str, now: datetime | None = None, *,
                       items: int | None = None) -> HandoverDraft:
        return handover.draft(self, by, now, items=items)

    def create_handover(self, *, by: str, to: str | None = None, notes: str = "",
                        events: str = "", equipment: str = "",
                        now: datetime | None = None) -> int:
        return handover.create(self, by=by, to=to, notes=notes, events=events,
                               equipment=equipment, now=now)

    def handovers(self, unacknowledged_only: bool = False) -> list[Handover]:
        return handover.listing(self, unacknowledged_only)

    def get_handover(self, handover_id: int) -> Handover:
        return handover.load(self, handover_id)

    def acknowledge(self, handover_id: int, *, by: str,
                    taken_over: Sequence[int] | None = None, keep_backups: int = 7,
                    reason: str | None = None, items: bool = True) -> Handover:
        return handover.acknowledge(self, handover_id, by=by, taken_over=taken_over,
                                    keep_backups=keep_backups, reason=reason, items=items)

    def verify(self, *, full: bool = False, expect: str | None = None) -> VerifyReport:
        """Incremental from the last seal confirmed outside the file; `full` re-checks all."""
        from agentdesk.desk import unreadable
        from agentdesk.desk.seal import verify

        return unreadable.read_fast(
                self.conn, lambda: verify(self.conn, self.path, full=full, expect=expect))


def _busy(exc: sqlite3.Error, path: Path | str = "") -> UserError:
    from agentdesk.desk.files import sqlite_error

    return sqlite_error(exc, path or tr('数据库'))

"""The database file: refusing foreign files, connection settings, and versioned migrations.

Every connection runs in WAL mode with synchronous=FULL, foreign keys on and a busy timeout,
so two windows or CLI processes can write at once and a power cut loses no committed entry.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from agentdesk.desk import files, search, unreadable
from agentdesk.errors import UserError
from agentdesk.i18n import tr

MIGRATION_SET = "agentdesk"
_HEADER = b"SQLite format 3\x00"
EXIT_FOREIGN, EXIT_BUSY = 3, 4


class _Names:
    """Stands in for sqlite-utils' Migrations to list the names only (see up_to_date)."""

    def __init__(self, _set: str) -> None:
        self.names: list[str] = []

    def __call__(self, *, name: str | None = None, transactional: bool = True):
        def register(fn):
            self.names.append(name or fn.__name__)
            return fn
        return register


def migrations(registry=None):
    """The schema history; a new version appends a migration, never edits an old one."""
    if registry is None:
        from sqlite_utils.migrations import Migrations as registry

    m = registry(MIGRATION_SET)

    @m()
    def m001_entries_and_events(db):
        db.execute("""CREATE TABLE entries (
            id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
            agent TEXT NOT NULL DEFAULT '', customer TEXT NOT NULL, title TEXT, contact TEXT,
            contact_norm TEXT, channel TEXT NOT NULL, category TEXT NOT NULL,
            priority TEXT NOT NULL, summary TEXT NOT NULL, status TEXT NOT NULL,
            transferred_to TEXT, callback_at TEXT, resolution TEXT)""")
        db.execute("""CREATE TABLE events (
            id INTEGER PRIMARY KEY, entry_id INTEGER REFERENCES entries(id), at TEXT NOT NULL,
            by TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL, data TEXT NOT NULL DEFAULT '{}')""")
        db.execute("CREATE INDEX events_entry ON events(entry_id)")

    @m()
    def m002_handovers(db):
        db.execute("""CREATE TABLE handovers (
            id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, by TEXT NOT NULL, to_name TEXT,
            notes TEXT NOT NULL DEFAULT '', events TEXT NOT NULL DEFAULT '',
            equipment TEXT NOT NULL DEFAULT '', counts TEXT NOT NULL DEFAULT '{}',
            acknowledged_by TEXT, acknowledged_at TEXT)""")
        db.execute("""CREATE TABLE handover_items (
            handover_id INTEGER NOT NULL REFERENCES handovers(id),
            entry_id INTEGER NOT NULL REFERENCES entries(id),
            position INTEGER NOT NULL, taken_over INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (handover_id, entry_id))""")

    @m()
    def m003_search_and_indexes(db):
        # trigram splits Chinese (unicode61 would keep a whole sentence as one token)
        db.execute("""CREATE VIRTUAL TABLE entries_fts USING fts5(
            summary, resolution, content='entries', content_rowid='id', tokenize='trigram')""")
        db.execute("""CREATE TRIGGER entries_ai AFTER INSERT ON entries BEGIN
            INSERT INTO entries_fts(rowid, summary, resolution)
            VALUES (new.id, new.summary, coalesce(new.resolution, '')); END""")
        db.execute("""CREATE TRIGGER entries_au AFTER UPDATE OF summary, resolution ON entries
            BEGIN INSERT INTO entries_fts(entries_fts, rowid, summary, resolution)
            VALUES ('delete', old.id, old.summary, coalesce(old.resolution, ''));
            INSERT INTO entries_fts(rowid, summary, resolution)
            VALUES (new.id, new.summary, coalesce(new.resolution, '')); END""")
        db.execute("INSERT INTO entries_fts(entries_fts) VALUES ('rebuild')")
        db.execute("CREATE INDEX entries_open ON entries(id) WHERE status != 'closed'")
        db.execute("CREATE INDEX entries_callback ON entries(callback_at) "
                   "WHERE status != 'closed' AND callback_at IS NOT NULL")
        db.execute("CREATE INDEX entries_contact ON entries(contact_norm, id)")
        db.execute("CREATE INDEX entries_created ON entries(created_at)")
        db.execute("CREATE INDEX entries_category ON entries(category, id)")

    @m()
    def m004_audit_and_checkpoints(db):
        db.execute("""CREATE TABLE audit (
            id INTEGER PRIMARY KEY, at TEXT NOT NULL, by TEXT NOT NULL DEFAULT '',
            action TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '',
            entry_id INTEGER REFERENCES entries(id))""")
        db.execute("""CREATE TABLE checkpoints (
            id INTEGER PRIMARY KEY, at TEXT NOT NULL, by TEXT NOT NULL,
            handover_id INTEGER REFERENCES handovers(id), last_entry_id INTEGER NOT NULL,
            last_event_id INTEGER NOT NULL, hash TEXT NOT NULL)""")

    @m()
    def m005_seal_everything(db):
        # desk1: the seal covers handovers and their items, and every later UPDATE or DELETE
        # of a sealed table leaves a row here, so a quick verify needs to look only at what
        # changed since the last seal (see agentdesk/desk/seal.py).
        from agentdesk.desk.files import APPLICATION_ID
        from agentdesk.desk.seal import JOURNAL_TRIGGERS

        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute("""CREATE TABLE row_changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, tbl TEXT NOT NULL, row_id INTEGER,
            op TEXT NOT NULL)""")
        for sql in JOURNAL_TRIGGERS.values():
            db.execute(sql)
        for column in ("version INTEGER NOT NULL DEFAULT 1", "last_change_seq INTEGER",
                       "entry_count INTEGER", "event_count INTEGER"):
            db.execute(f"ALTER TABLE checkpoints ADD COLUMN {column}")
        db.execute("CREATE INDEX events_at ON events(at)")  # this shift's closings, by range

    @m()
    def m006_word_search(db):
        # Bigram word index (desk/search.py) in place of trigrams: any word length, no LIKE scan.
        for trigger in ("entries_ai", "entries_au"):
            db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        db.execute("DROP TABLE IF EXISTS entries_fts")
        search.create_index(db.conn)

    @m()
    def m007_journal_only_sealed_handovers(db):
        # desk1: an acknowledgment's own writes are sealed by its checkpoint; journalling them
        # cost a row per open item per shift. Recreate the seal triggers as seal.py defines them.
        from agentdesk.desk.seal import JOURNAL_TRIGGERS

        for name, sql in JOURNAL_TRIGGERS.items():
            db.execute(f"DROP TRIGGER IF EXISTS {name}")
            db.execute(sql)

    @m()
    def m008_open_entry_facts(db):
        # desk1: what a handover counts and carries (open complaints, their age, each open
        # entry's call-back) read from this small index alone; without it every count reads a
        # table page per open entry (0.5-1.7 s at 1,000,000 entries, 20,000 open).
        db.execute("CREATE INDEX entries_open_facts ON entries(category, created_at, "
                   "callback_at) WHERE status != 'closed'")

    @m()
    def m009_incidents(db):
        # 突发事件 (desk/incidents.py) and the contacts linked to them
        db.execute("""CREATE TABLE incidents (
            id INTEGER PRIMARY KEY, title TEXT NOT NULL, area TEXT NOT NULL DEFAULT '',
            started_at TEXT NOT NULL, ended_at TEXT, opened_by TEXT NOT NULL DEFAULT '',
            closed_by TEXT, resolution TEXT)""")
        db.execute("""CREATE TABLE incident_entries (
            incident_id INTEGER NOT NULL REFERENCES incidents(id),
            entry_id INTEGER NOT NULL REFERENCES entries(id),
            linked_at TEXT NOT NULL, by TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (incident_id, entry_id))""")
        db.execute("CREATE INDEX incident_entries_entry ON incident_entries(entry_id)")
        db.execute("CREATE INDEX incidents_ended ON incidents(ended_at)")
        # a shift's visits (and closings) by kind and time, not a scan of every event
        db.execute("CREATE INDEX IF NOT EXISTS events_kind_at ON events(kind, at)")

    @m()
    def m010_open_entry_facts_covering(db):
        # desk1: a query that names `status` (as every open-entry query does) is covered by a
        # partial index only if the index holds `status` too; without it SQLite still read a
        # table page per open entry (0.3-0.8 s to number 20,000 carried items).
        db.execute("DROP INDEX IF EXISTS entries_open_facts")
        db.execute("CREATE INDEX entries_open_facts ON entries(category, created_at, "
                   "callback_at, status) WHERE status != 'closed'")

    @m()
    def m011_checkpoint_schema_version(db):
        # desk1: dropping the journal triggers, editing and recreating them leaves no journal
        # row, but it moves SQLite's schema cookie; a checkpoint remembers it so the quick
        # verify knows to re-check everything when the schema changed since the seal.
        db.execute("ALTER TABLE checkpoints ADD COLUMN schema_version INTEGER")

    return m


def _refuse_foreign(path: Path) -> None:
    """A file that is not ours is reported, never overwritten or 'repaired'."""
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise UserError(tr(
                '无法打开数据库 {path}：{strerror}',
                path=path, strerror=exc.strerror), exit_code=EXIT_FOREIGN)\
            from None
    if head and head != _HEADER:
        raise UserError(tr(
                '{path} 不是 SQLite 数据库，AgentDesk 不会覆盖它；请用 --db 指定其他文件',
                path=path), exit_code=EXIT_FOREIGN)


def connect(path: Path) -> sqlite3.Connection:
    path = Path(path)
    files.refuse_non_regular(path)  # a FIFO would hang the first read; a device is not ours
    if path.exists():
        _refuse_foreign(path)
        _refuse_other_programs(path)  # read-only, before WAL would rewrite the file's header
    else:
        files.create_private(path)  # 0600 from the first byte, not chmod'ed afterwards
    try:
        conn = sqlite3.connect(str(path), timeout=15, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 15000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        unreadable.lenient(conn)   # text another program wrote that is not UTF-8 still reads
    except sqlite3.OperationalError as exc:
        raise files.sqlite_error(exc, path) from None
    except sqlite3.DatabaseError as exc:
        raise UserError(tr('{path} 无法作为数据库打开（{exc}）；文件未被改动', path=path, exc=exc),
                        exit_code=EXIT_FOREIGN) from None
    files.tighten(path)  # customers' names and numbers: readable by the owner only
    return conn


def _refuse_other_programs(path: Path) -> None:
    """Ours by our application id or our migration history; an `entries` table is not enough."""
    try:
        ours, tables = files.is_ours(path)
    except sqlite3.OperationalError as exc:
        raise files.sqlite_error(exc, path) from None
    except sqlite3.DatabaseError as exc:
        raise UserError(tr('{path} 无法作为数据库打开（{exc}）；文件未被改动', path=path, exc=exc),
                        exit_code=EXIT_FOREIGN) from None
    if not ours:
        raise UserError(tr(
                '{path} 是其他程序的数据库（含表 {join}），AgentDesk 不会改动它；请用 --db 指定其'
                '他文件',
                path=path, join=', '.join(sorted(tables)[:3])),
                        exit_code=EXIT_FOREIGN)


def up_to_date(conn: sqlite3.Connection) -> bool:
    """Every migration applied? Asked in plain SQL: importing sqlite-utils costs a CLI command
    more than everything else it does (about 0.2 s), and it is needed only to migrate."""
    try:
        applied = {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations "
                                              "WHERE migration_set = ?", (MIGRATION_SET,))}
    except sqlite3.OperationalError:  # no table yet: a new file
        return False
    return set(migrations(_Names).names) <= applied


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Create or upgrade the schema to the newest version."""
    if up_to_date(conn):
        return
    from sqlite_utils import Database

    db = Database(conn, execute_plugins=False)
    m = migrations()
    if not m.pending(db):
        return
    # One process migrates while holding the write lock; the others wait, then find it done.
    conn.execute("BEGIN IMMEDIATE")
    try:
        if m.pending(db):
            m.apply(db)
        conn.commit()
    except BaseException:
        conn.rollback()
        raise

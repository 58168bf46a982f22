"""The seal: a hash chain over events and handovers, a change journal, and its verification.

What a seal proves: every event, every acknowledged handover row and its items, as they were
when the next shift acknowledged, chain into a SHA-256 head that is printed and also written
outside the database (backups/<name>.seals). Entry rows are not hashed themselves: every
column of an entry is rebuilt from its events and compared with the row. Triggers write each
UPDATE or DELETE of a sealed table into `row_changes`, so an incremental verify looks only at
what changed since the last trusted seal. What it cannot prove: someone with write access who
recomputes every hash and also replaces the outside copy of the head is not detected.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

from agentdesk.desk import fields
from agentdesk.desk.model import VerifyReport, from_iso, to_iso
from agentdesk.desk.phones import normalise_phone
from agentdesk.i18n import tr

SEAL_VERSION = 2
# What a created event records of its entry, per seal version (agentdesk.desk.fields'
# sealed_since). The event's JSON is hashed: a version's list never changes once a log has
# been sealed with it; a field recorded from now on gets the next version (and SEAL_VERSION).
RECORDED = {version: fields.sealed(version) for version in (1, 2)}
_JOURNALED = {"entries": "id", "events": "id", "handovers": "id",
              "handover_items": "handover_id", "checkpoints": "id"}
# Acknowledging writes the items, then the handover row, before its checkpoint: those writes
# are sealed by it and need no journal row (20,000 open items would mean 20,000 rows a shift).
# Only changes to a handover already acknowledged are recorded, and every delete.
_ONLY_WHEN = {
    ("handovers", "UPDATE"): "old.acknowledged_by IS NOT NULL",
    ("handover_items", "UPDATE"): "(SELECT acknowledged_by FROM handovers "
                                  "WHERE id = old.handover_id) IS NOT NULL",
}


def _journal_triggers() -> dict[str, str]:
    triggers = {}
    for table, key in _JOURNALED.items():
        for op in ("UPDATE", "DELETE"):
            name = f"seal_{table}_{op.lower()}"
            when = f" WHEN {_ONLY_WHEN[table, op]}" if (table, op) in _ONLY_WHEN else ""
            triggers[name] = (f"CREATE TRIGGER {name} AFTER {op} ON {table}{when} BEGIN "
                              f"INSERT INTO row_changes(tbl, row_id, op) "
                              f"VALUES ('{table}', old.{key}, '{op.lower()}'); END")
    for op in ("UPDATE", "DELETE"):  # the journal itself is append-only
        name = f"seal_journal_{op.lower()}"
        triggers[name] = (f"CREATE TRIGGER {name} BEFORE {op} ON row_changes BEGIN "
                          "SELECT RAISE(ABORT, 'row_changes is append-only'); END")
    return triggers


# The migrations that install them (schema.m005, m006) and verify's check share this one text.
JOURNAL_TRIGGERS = _journal_triggers()
_CP_COLUMNS = ("id, at, by, handover_id, last_entry_id, last_event_id, hash, version, "
               "last_change_seq, entry_count, event_count, schema_version")
_MAX_PROBLEMS = 20


def created_record(entry: dict) -> dict:
    """The fields of a new entry that its created event records (and the next seal hashes)."""
    return {name: entry[name] for name in RECORDED[SEAL_VERSION]}


def _event_rows(conn: sqlite3.Connection, after: int, upto: int):
    return conn.execute("SELECT id, entry_id, at, by, kind, data FROM events "
                        "WHERE id > ? AND id <= ? ORDER BY id", (after, upto))


def _digest_v1(conn: sqlite3.Connection, previous: str, after: int, upto: int) -> str:
    """The first version's chain: events only (kept to verify logs sealed before seal v2)."""
    h = hashlib.sha256(previous.encode())
    for row in _event_rows(conn, after, upto):
        h.update(json.dumps(row, ensure_ascii=False).encode())
        h.update(b"\n")
    return h.hexdigest()


def _encode(tag: str, row) -> bytes:
    """A row as unambiguous bytes: every value typed and length-prefixed (no JSON: 10x faster,
    and no repr, whose escaping follows the Unicode version of the running Python)."""
    parts = [tag]
    for v in row:
        if v is None:
            parts.append("N")
        elif isinstance(v, int):
            parts.append(f"i{v}")
        elif isinstance(v, float):
            parts.append(f"f{v.hex()}")
        else:
            text = v.hex() if isinstance(v, bytes) else str(v)
            parts.append(f"s{len(text)}:{text}")
    return ("|".join(parts) + "\n").encode()


def _digest_v2(conn: sqlite3.Connection, previous: str, after: int, meta: dict) -> str:
    """Previous head + this seal's own facts + its events + the handover row and its items."""
    h = hashlib.sha256(b"agentdesk-seal-2\n" + previous.encode() + b"\n")
    h.update(_encode("C", [meta[k] for k in ("at", "by", "handover_id", "last_entry_id",
                                             "last_event_id", "last_change_seq", "entry_count",
                                             "event_count")]))
    for row in _event_rows(conn, after, meta["last_event_id"]):
        h.update(_encode("E", row))
    if meta["handover_id"] is not None:
        for row in conn.execute("SELECT * FROM handovers WHERE id = ?", (meta["handover_id"],)):
            h.update(_encode("H", row))
        for row in conn.execute("SELECT * FROM handover_items WHERE handover_id = ? "
                                "ORDER BY position, entry_id", (meta["handover_id"],)):
            h.update(_encode("I", row))
    return h.hexdigest()


def _scalar(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> int:
    return conn.execute(sql, params).fetchone()[0] or 0


def checkpoint(conn: sqlite3.Connection, *, by: str, handover_id: int | None, at: str) -> str:
    """Inside the caller's transaction: seal everything so far; returns the new chain head."""
    prev = conn.execute("SELECT last_event_id, hash FROM checkpoints ORDER BY id DESC LIMIT 1"
                        ).fetchone()
    after, previous = (prev[0], prev[1]) if prev else (0, "")
    last_event = _scalar(conn, "SELECT MAX(id) FROM events")
    meta = {"at": at, "by": by, "handover_id": handover_id,
            "last_entry_id": _scalar(conn, "SELECT MAX(id) FROM entries"),
            "last_event_id": last_event,
            "last_change_seq": _scalar(conn, "SELECT MAX(seq) FROM row_changes"),
            "entry_count": _scalar(conn, "SELECT COUNT(*) FROM entries"),
            # inside the write lock MAX(id) is the newest, so this counts the events up to it;
            # a bare COUNT(*) is SQLite's b-tree count (45 ms for 2,000,000 events, a WHERE 2 s)
            "event_count": _scalar(conn, "SELECT COUNT(*) FROM events")}
    digest = _digest_v2(conn, previous, after, meta)
    conn.execute("INSERT INTO checkpoints(at, by, handover_id, last_entry_id, last_event_id, "
                 "hash, version, last_change_seq, entry_count, event_count, schema_version) "
                 "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                 (at, by, handover_id, meta["last_entry_id"], last_event, digest, SEAL_VERSION,
                  meta["last_change_seq"], meta["entry_count"], meta["event_count"],
                  _scalar(conn, "PRAGMA schema_version")))
    return digest


# -- the head outside the database --------------------------------------------------------
def heads_file(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.parent / "backups" / f"{db_path.stem}.seals"


def record_head(db_path: Path, checkpoint_id: int, digest: str, at: str) -> Path:
    """Append the new head beside the backups (0600); raises OSError when it cannot."""
    path = heads_file(db_path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(fd, f"{checkpoint_id}\t{digest}\t{at}\n".encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    return path


def recorded_heads(db_path: Path) -> dict[int, str] | None:
    """{checkpoint id: head} as written at each acknowledgment; None when there is no file."""
    try:
        text = heads_file(db_path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    heads = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].isdigit() and len(parts[1]) == 64:
            heads[int(parts[0])] = parts[1]
    return heads


# -- verification ---------------------------------------------------------------------------
class _Check:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.problems: list[str] = []
        self.notes: list[str] = []
        self.columns = [r[1] for r in conn.execute("PRAGMA table_info(entries)")]

    def problem(self, message: str) -> None:
        if len(self.problems) < _MAX_PROBLEMS:
            self.problems.append(message)

    @property
    def full_up(self) -> bool:
        return len(self.problems) >= _MAX_PROBLEMS

    # entries rebuilt from their events
    @staticmethod
    def apply(state: dict | None, kind: str, at: str, data: str) -> dict | None:
        payload = json.loads(data)
        if kind == "created":
            state = dict(payload.get("fields") or {})
            state["created_at"] = at
        elif state is not None:
            for key, change in (payload.get("changes") or {}).items():
                state[key] = change[1] if isinstance(change, list) and len(change) == 2 \
                    else change
        if state is not None:
            state["updated_at"] = at
        return state

    def compare(self, entry_id: int, expected: dict | None, row: tuple | None) -> None:
        if row is None:
            if expected is not None:
                self.problem(tr(
                        '记录 {entry_id} 已从数据库中删除（它的变更历史还在）',
                        entry_id=entry_id))
            return
        if expected is None:
            self.problem(tr('记录 {entry_id} 没有创建事件', entry_id=entry_id))
            return
        expected["contact_norm"] = normalise_phone(expected.get("contact"))
        if all(expected.get(k, v) == v for k, v in zip(self.columns, row, strict=True)):
            return   # the common case, without parsing any time
        actual = dict(zip(self.columns, row, strict=True))
        differ = [k for k in self.columns if k != "id" and k in expected
                  and _norm(expected[k]) != _norm(actual[k])]
        if differ:
            self.problem(tr(
                    '记录 {entry_id} 的 {join} 与其变更历史不符',
                    entry_id=entry_id, join=', '.join(differ)))

    def _histories(self):
        """(entry id, state rebuilt from its events) for every entry, in id order."""
        current, state = None, None
        for entry_id, kind, at, data in self.conn.execute(
                "SELECT entry_id, kind, at, data FROM events INDEXED BY events_entry "
                "WHERE entry_id IS NOT NULL AND kind IN ('created', 'updated') "
                "ORDER BY entry_id, id"):
            if entry_id != current:
                if current is not None:
                    yield current, state
                current, state = entry_id, None
            state = self.apply(state, kind, at, data)
        if current is not None:
            yield current, state

    def entries(self, ids: set[int] | None) -> None:
        """Rebuild the given entries (None: all) from events and compare with their rows."""
        cols = ", ".join(self.columns)
        if ids is None:
            # a merge of two id-ordered streams: memory stays flat at a million entries
            histories = self._histories()
            h = next(histories, None)
            for row in self.conn.execute(f"SELECT {cols} FROM entries ORDER BY id"):
                while h is not None and h[0] < row[0]:
                    self.compare(h[0], h[1], None)       # a history whose row is gone
                    h = next(histories, None)
                if h is not None and h[0] == row[0]:
                    self.compare(row[0], h[1], row)
                    h = next(histories, None)
                else:
                    self.compare(row[0], None, row)      # a row without a history
                if self.full_up:
                    return
            while h is not None and not self.full_up:
                self.compare(h[0], h[1], None)
                h = next(histories, None)
            return
        for entry_id in sorted(ids):
            expected = None
            for kind, at, data in self.conn.execute(
                    "SELECT kind, at, data FROM events WHERE entry_id = ? AND kind IN "
                    "('created', 'updated') ORDER BY id", (entry_id,)):
                expected = self.apply(expected, kind, at, data)
            row = self.conn.execute(f"SELECT {cols} FROM entries WHERE id = ?",
                                    (entry_id,)).fetchone()
            self.compare(entry_id, expected, row)
            if self.full_up:
                return


def _norm(value):
    """Stored times compare as moments (a row and its event may spell UTC differently)."""
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        try:
            return to_iso(from_iso(value))
        except ValueError:
            return value
    return value


def _checkpoints(conn: sqlite3.Connection) -> list[dict]:
    names = [c.strip() for c in _CP_COLUMNS.split(",")]
    return [dict(zip(names, r, strict=True))
            for r in conn.execute(f"SELECT {_CP_COLUMNS} FROM checkpoints ORDER BY id")]


def _recompute(conn: sqlite3.Connection, cp: dict, prev: dict | None) -> str:
    previous, after = (prev["hash"], prev["last_event_id"]) if prev else ("", 0)
    if (cp["version"] or 1) < 2:
        return _digest_v1(conn, previous, after, cp["last_event_id"])
    return _digest_v2(conn, previous, after, cp)


def verify(conn: sqlite3.Connection, db_path: Path, *, full: bool = False,
           expect: str | None = None) -> VerifyReport:
    """Trust the chain up to the newest seal confirmed outside; check everything after it."""
    c = _Check(conn)
    cps = _checkpoints(conn)
    by_id = {cp["id"]: cp for cp in cps}
    index = {cp["id"]: i for i, cp in enumerate(cps)}

    # 1. the journal is in place (dropping a trigger would let edits pass unrecorded)
    present = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                "AND name LIKE 'seal_%'").fetchall())
    for name, sql in JOURNAL_TRIGGERS.items():
        if present.get(name) != sql:
            c.problem(tr('防改动触发器 {name} 被删除或改动', name=name))

    # 2. no seal disappeared: every acknowledged handover has one, the ids have no gaps,
    #    and every head written outside the file is still there, unchanged
    acked = {r[0] for r in conn.execute("SELECT id FROM handovers WHERE acknowledged_by "
                                        "IS NOT NULL")}
    sealed = {cp["handover_id"] for cp in cps}
    for hid in sorted(acked - sealed)[:5]:
        c.problem(tr('交接班 {hid} 已确认，但它的确认点（封存）不见了', hid=hid))
    ids = [cp["id"] for cp in cps]
    for missing in sorted(set(range(1, (ids[-1] if ids else 0) + 1)) - set(ids))[:5]:
        c.problem(tr('确认点 {missing} 已被删除', missing=missing))
    heads = recorded_heads(db_path)
    anchor: int | None = None   # index into cps of the newest seal confirmed outside
    confirmed = False
    for cp_id, digest in sorted((heads or {}).items()):
        cp = by_id.get(cp_id)
        if cp is None:
            c.problem(tr(
                    '确认点 {cp_id} 已从数据库中消失（外部记录 {name} 里还有它）',
                    cp_id=cp_id, name=heads_file(db_path).name))
        elif cp["hash"] != digest:
            c.problem(tr(
                    '确认点 {cp_id} 的封存值与外部记录不符：记录被改动后重新计算过',
                    cp_id=cp_id))
        else:
            anchor, confirmed = index[cp_id], True
    if expect:
        wanted = expect.strip().lower()
        hits = [i for i, cp in enumerate(cps) if cp["hash"] == wanted]
        if not hits:
            c.problem(tr(
                    '--expect：数据库里没有封存值 {wanted}…（记录被改动或不是这份记录）',
                    wanted=wanted[:16]))
        else:
            anchor, confirmed = max(anchor if anchor is not None else -1, hits[0]), True
    if cps and heads is None and not expect:
        c.notes.append(tr(
                '没有找到外部封存记录 {heads_file}：最近的封存只能按数据库自身核对',
                heads_file=heads_file(db_path)))
    if anchor is None and cps and not full:
        anchor = len(cps) - 1   # nothing outside to confirm it: still recompute it below

    # 3. the chain after the anchor; an anchor nothing outside confirms is recomputed too
    start = 0 if full or anchor is None else anchor
    for i in range(start + 1 if confirmed and not full else start, len(cps)):
        if _recompute(conn, cps[i], cps[i - 1] if i else None) != cps[i]["hash"]:
            c.problem(tr(
                    '确认点 {id}（{at}）之前的事件或交接班记录被改动或删除',
                    id=cps[i]['id'], at=cps[i]['at']))
            break
    base = cps[start] if cps and not full else None
    if base is not None and base["schema_version"] is not None and \
            _scalar(conn, "PRAGMA schema_version") != base["schema_version"]:
        # triggers dropped and recreated (or an upgrade) since the seal: the journal may have
        # gaps, so nothing after the seal is taken on its word
        report = verify(conn, db_path, full=True, expect=expect)
        report.notes.insert(0, tr(
                '数据库结构在最近一次封存后变过（升级，或触发器被删后重建）：已全部重新核对'))
        return report
    base_seq = 0 if full or base is None else (base["last_change_seq"] or 0)

    # 4. the journal since the base seal: sealed rows must not change; entries are re-checked
    touched: set[int] = set()
    seal_seq = {cp["handover_id"]: cp["last_change_seq"] for cp in cps
                if cp["handover_id"] is not None and (cp["version"] or 1) >= 2}
    rows = conn.execute("SELECT seq, tbl, row_id, op FROM row_changes WHERE seq > ? "
                        "ORDER BY seq", (base_seq,)).fetchall()
    top = _scalar(conn, "SELECT MAX(seq) FROM row_changes")
    if top < base_seq or len(rows) != top - base_seq:
        c.problem(tr('变更日志（row_changes）被删改'))
    for _seq, table, row_id, op in rows:
        what = tr('删除') if op == "delete" else tr('修改')
        if table == "entries":
            touched.add(row_id)
        elif table == "events":
            cp = next((cp for cp in cps if cp["last_event_id"] >= row_id), None)
            where = tr('确认点 {id} 已封存的', id=cp['id']) \
                if cp else ""
            c.problem(tr(
                    '{where}事件 {row_id} 被{what}（事件只能追加）',
                    where=where, row_id=row_id, what=what))
        elif table == "checkpoints":
            c.problem(tr('确认点 {row_id} 被{what}', row_id=row_id, what=what))
        elif row_id in acked and (seal_seq.get(row_id) or 0) < _seq:
            c.problem(tr(
                    '已确认的交接班 {row_id} 被{what}（{table}）',
                    row_id=row_id, what=what, table=table))
        elif row_id not in acked:
            c.problem(tr(
                    '交接班 {row_id} 被直接{what}（{table}）',
                    row_id=row_id, what=what, table=table))

    # 5. counts and newest ids against the base seal, then the entries that changed since
    if base is not None and base["entry_count"] is not None:
        after = base["last_event_id"]
        if _scalar(conn, "SELECT COUNT(*) FROM events") - _scalar(
                conn, "SELECT COUNT(*) FROM events WHERE id > ?", (after,)) \
                != base["event_count"]:
            c.problem(tr('确认点 {id} 之前的事件条数不对：有事件被删除或插入', id=base['id']))
        created = conn.execute("SELECT COUNT(*), MAX(entry_id) FROM events WHERE id > ? AND "
                               "kind = 'created'", (after,)).fetchone()
        n, newest = _scalar(conn, "SELECT COUNT(*) FROM entries"), \
            _scalar(conn, "SELECT MAX(id) FROM entries")
        if n != base["entry_count"] + created[0]:
            c.problem(tr(
                    '记录条数不对：应有 {value} 条，实有 {n} 条（有记录被删除或绕过程序插入）',
                    value=base['entry_count'] + created[0], n=n))
        if newest != max(base["last_entry_id"] or 0, created[1] or 0):
            c.problem(tr('最大记录编号与变更历史不符'))
        # no DISTINCT: the planner would walk the whole entry_id index instead of the id range
        touched |= {r[0] for r in conn.execute("SELECT entry_id FROM events WHERE id > ?",
                                               (after,)) if r[0] is not None}
        c.entries(touched)
    else:
        c.entries(None)
    return VerifyReport(ok=not c.problems, checkpoints=len(cps), problems=c.problems,
                        head=cps[-1]["hash"] if cps else None, full=full or base is None,
                        notes=c.notes)

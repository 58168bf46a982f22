"""Keeping the record trustworthy: quick_check, dated backups, and a hash chain over events.

Events are append-only; each acknowledged handover records a checkpoint hash that chains the
events since the previous one. `verify` recomputes the chain (an edited or deleted event
before a checkpoint breaks it) and replays the events to rebuild every entry (a row edited
without an event no longer matches its history).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime
from pathlib import Path

from agentdesk.desk.model import VerifyReport
from agentdesk.errors import UserError
from agentdesk.i18n import t

_FIELDS = ("agent", "customer", "title", "contact", "channel", "category", "priority", "summary",
           "status", "transferred_to", "callback_at", "resolution")


def quick_check(conn: sqlite3.Connection) -> None:
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise UserError(t(f"数据库自检失败（{result}）：请联系主管，先不要继续写入",
                          f"database self-check failed ({result}); contact a supervisor"),
                        exit_code=1)


def _digest(conn: sqlite3.Connection, previous: str, after: int, upto: int) -> str:
    h = hashlib.sha256(previous.encode())
    for row in conn.execute("SELECT id, entry_id, at, by, kind, data FROM events "
                            "WHERE id > ? AND id <= ? ORDER BY id", (after, upto)):
        h.update(json.dumps(row, ensure_ascii=False).encode())
        h.update(b"\n")
    return h.hexdigest()


def checkpoint(conn: sqlite3.Connection, *, by: str, handover_id: int | None, at: str) -> str:
    """Inside the caller's transaction: chain every event so far into a new checkpoint."""
    prev = conn.execute("SELECT last_event_id, hash FROM checkpoints ORDER BY id DESC LIMIT 1"
                        ).fetchone()
    after, previous = (prev[0], prev[1]) if prev else (0, "")
    last_event = conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
    last_entry = conn.execute("SELECT COALESCE(MAX(id), 0) FROM entries").fetchone()[0]
    digest = _digest(conn, previous, after, last_event)
    conn.execute("INSERT INTO checkpoints(at, by, handover_id, last_entry_id, last_event_id, "
                 "hash) VALUES (?,?,?,?,?,?)", (at, by, handover_id, last_entry, last_event,
                                                digest))
    return digest


def _replay(conn: sqlite3.Connection) -> dict[int, dict]:
    state: dict[int, dict] = {}
    for entry_id, kind, data in conn.execute(
            "SELECT entry_id, kind, data FROM events WHERE entry_id IS NOT NULL AND kind IN "
            "('created', 'updated') ORDER BY id"):
        payload = json.loads(data)
        if kind == "created":
            state[entry_id] = {k: payload["fields"].get(k) for k in _FIELDS}
        elif entry_id in state:
            for key, (_, new) in payload["changes"].items():
                state[entry_id][key] = new
    return state


def verify(conn: sqlite3.Connection) -> VerifyReport:
    problems: list[str] = []
    previous, after = "", 0
    cps = conn.execute("SELECT id, at, last_event_id, hash FROM checkpoints ORDER BY id"
                       ).fetchall()
    for cp_id, at, last_event, stored in cps:
        digest = _digest(conn, previous, after, last_event)
        if digest != stored:
            problems.append(t(f"确认点 {cp_id}（{at}）之前的事件记录被改动或删除",
                              f"events before checkpoint {cp_id} ({at}) were altered"))
            break
        previous, after = stored, last_event
    state = _replay(conn)
    cols = ", ".join(("id", *_FIELDS))
    for row in conn.execute(f"SELECT {cols} FROM entries ORDER BY id"):
        expected = state.get(row[0])
        actual = dict(zip(_FIELDS, row[1:], strict=True))
        if expected is None:
            problems.append(t(f"记录 {row[0]} 没有创建事件", f"entry {row[0]} has no history"))
        elif expected != actual:
            fields = [k for k in _FIELDS if expected[k] != actual[k]]
            problems.append(t(f"记录 {row[0]} 的 {', '.join(fields)} 与其变更历史不符",
                              f"entry {row[0]}: {', '.join(fields)} differ from its history"))
        if len(problems) > 20:
            break
    return VerifyReport(ok=not problems, checkpoints=len(cps), problems=problems)


def backup(conn: sqlite3.Connection, db_path: Path, *, keep: int = 7,
           now: datetime | None = None) -> Path | None:
    """VACUUM INTO <db dir>/backups/agentdesk-YYYYmmdd-HHMMSS.db; keep the newest `keep`."""
    folder = Path(db_path).parent / "backups"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stamp = (now or datetime.now()).astimezone().strftime("%Y%m%d-%H%M%S")
        target = folder / f"{Path(db_path).stem}-{stamp}.db"
        n = 1
        while target.exists():
            target = folder / f"{Path(db_path).stem}-{stamp}-{n}.db"
            n += 1
        conn.execute("VACUUM INTO ?", (str(target),))
        target.chmod(0o600)
        backups = sorted(folder.glob(f"{Path(db_path).stem}-*.db"))
        for old in backups[:-keep] if keep > 0 else []:
            old.unlink(missing_ok=True)
        return target
    except (OSError, sqlite3.Error):
        return None  # a failed backup must not undo the acknowledgment; verify still works

"""The shift handover (交接班): pre-filled from open entries, submitted, acknowledged, read-only."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from agentdesk.desk import validate
from agentdesk.desk.model import Handover, HandoverDraft, from_iso, to_iso, utc_now
from agentdesk.desk.rows import COLUMNS, prefixed, row_to_entry
from agentdesk.errors import UserError
from agentdesk.i18n import t

if TYPE_CHECKING:
    from agentdesk.desk.dutylog import DutyLog

_DEFAULT_SHIFT = timedelta(hours=12)


def open_items(log: DutyLog, now: datetime) -> list:
    """Every open entry: overdue call-backs first (longest overdue first), then newest first."""
    rows = log.conn.execute(
        f"SELECT {COLUMNS} FROM entries WHERE status != 'closed' ORDER BY "
        "CASE WHEN callback_at IS NOT NULL AND callback_at <= ? THEN 0 ELSE 1 END, "
        "CASE WHEN callback_at IS NOT NULL AND callback_at <= ? THEN callback_at END, id DESC",
        (to_iso(now), to_iso(now)))
    return [row_to_entry(r) for r in rows]


def shift_start(log: DutyLog, now: datetime) -> datetime:
    row = log.conn.execute("SELECT MAX(created_at) FROM handovers").fetchone()
    return from_iso(row[0]) if row and row[0] else now - _DEFAULT_SHIFT


def counts(log: DutyLog, now: datetime, start: datetime) -> dict:
    """This shift's contacts by category, what it closed, and everything still open."""
    q = log.conn.execute
    since = to_iso(start)
    by_category = dict(q("SELECT category, COUNT(*) FROM entries WHERE created_at >= ? "
                         "GROUP BY category ORDER BY COUNT(*) DESC", (since,)).fetchall())
    closed = q("SELECT COUNT(DISTINCT entry_id) FROM events WHERE kind = 'updated' AND at >= ? "
               "AND data LIKE '%\"status\": [%, \"closed\"]%'", (since,)).fetchone()[0]
    open_total = q("SELECT COUNT(*) FROM entries WHERE status != 'closed'").fetchone()[0]
    overdue = q("SELECT COUNT(*) FROM entries WHERE status != 'closed' AND callback_at "
                "IS NOT NULL AND callback_at <= ?", (to_iso(now),)).fetchone()[0]
    complaints = q("SELECT COUNT(*) FROM entries WHERE status != 'closed' AND category = '投诉'"
                   ).fetchone()[0]
    sla = len(log.sla_breaches(now))
    return {"shift_start": since, "contacts": sum(by_category.values()),
            "by_category": by_category, "closed": closed, "open": open_total,
            "overdue": overdue, "open_complaints": complaints, "sla_breaches": sla}


def draft(log: DutyLog, by: str, now: datetime | None = None) -> HandoverDraft:
    now = now or utc_now()
    start = shift_start(log, now)
    return HandoverDraft(by=by, shift_start=start, open_items=open_items(log, now),
                         counts=counts(log, now, start))


def create(log: DutyLog, *, by: str, to: str | None = None, notes: str = "", events: str = "",
           equipment: str = "", now: datetime | None = None) -> int:
    by = validate.text(by, "by（交班人）", required=True, limit=100)
    to = validate.text(to, "to（接班人）", limit=100)
    notes = validate.text(notes, "note（备注）", limit=20000) or ""
    events = validate.text(events, "events（重要事件）", limit=20000) or ""
    equipment = validate.text(equipment, "equipment（设备情况）", limit=20000) or ""
    now = now or utc_now()
    with log.write() as conn:
        d = draft(log, by, now)
        cur = conn.execute(
            "INSERT INTO handovers(created_at, by, to_name, notes, events, equipment, counts) "
            "VALUES (?,?,?,?,?,?,?)", (to_iso(now), by, to, notes, events, equipment,
                                       json.dumps(d.counts, ensure_ascii=False)))
        hid = int(cur.lastrowid)
        conn.executemany("INSERT INTO handover_items(handover_id, entry_id, position) "
                         "VALUES (?,?,?)", [(hid, e.id, i) for i, e in enumerate(d.open_items)])
        log._event(None, "handover_created", by, {"handover": hid,
                                                   "items": [e.id for e in d.open_items]},
                   to_iso(now))
    return hid


def load(log: DutyLog, handover_id: int) -> Handover:
    row = log.conn.execute("SELECT id, created_at, by, to_name, notes, events, equipment, "
                           "counts, acknowledged_by, acknowledged_at FROM handovers WHERE id = ?",
                           (int(handover_id),)).fetchone()
    if row is None:
        raise UserError(t(f"ID：没有编号为 {handover_id} 的交接班记录",
                          f"ID: no handover {handover_id}"))
    cols = prefixed("e")
    items = log.conn.execute(
        f"SELECT {cols}, i.taken_over FROM handover_items i JOIN entries e ON e.id = i.entry_id "
        "WHERE i.handover_id = ? ORDER BY i.position", (row[0],)).fetchall()
    return Handover(id=row[0], created_at=from_iso(row[1]), by=row[2], to=row[3], notes=row[4],
                    events=row[5], equipment=row[6], counts=json.loads(row[7]),
                    open_items=[row_to_entry(r[:-1]) for r in items],
                    taken_over=[r[0] for r in items if r[-1]],
                    acknowledged_by=row[8], acknowledged_at=from_iso(row[9]))


def listing(log: DutyLog, unacknowledged_only: bool = False) -> list[Handover]:
    where = " WHERE acknowledged_by IS NULL" if unacknowledged_only else ""
    ids = [r[0] for r in log.conn.execute(f"SELECT id FROM handovers{where} ORDER BY id DESC")]
    return [load(log, hid) for hid in ids]


def acknowledge(log: DutyLog, handover_id: int, *, by: str,
                taken_over: Sequence[int] | None = None, keep_backups: int = 7) -> Handover:
    """The next shift signs: check the file, chain a hash over the record, write a backup."""
    from agentdesk.desk import integrity

    by = validate.text(by, "by（接班人）", required=True, limit=100)
    current = load(log, handover_id)
    if current.acknowledged:
        raise UserError(t(f"交接班 {handover_id} 已由 {current.acknowledged_by} 确认，不能再修改",
                          f"handover {handover_id} was already acknowledged by "
                          f"{current.acknowledged_by}; it is read-only"))
    carried = {e.id for e in current.open_items}
    chosen = carried if taken_over is None else {int(i) for i in taken_over}
    stray = chosen - carried
    if stray:
        raise UserError(t(f"taken_over：记录 {sorted(stray)} 不在这次交接中",
                          f"taken_over: entries {sorted(stray)} are not in this handover"))
    integrity.quick_check(log.conn)
    now = utc_now()
    with log.write() as conn:
        changed = conn.execute("UPDATE handovers SET acknowledged_by = ?, acknowledged_at = ? "
                               "WHERE id = ? AND acknowledged_by IS NULL",
                               (by, to_iso(now), current.id)).rowcount
        if not changed:  # another window acknowledged it a moment ago
            raise UserError(t(f"交接班 {handover_id} 已被确认", f"handover {handover_id} was "
                              "acknowledged meanwhile"))
        conn.executemany("UPDATE handover_items SET taken_over = 1 WHERE handover_id = ? "
                         "AND entry_id = ?", [(current.id, i) for i in sorted(chosen)])
        log._event(None, "handover_acknowledged", by, {"handover": current.id,
                                                        "taken_over": sorted(chosen)},
                   to_iso(now))
        integrity.checkpoint(conn, by=by, handover_id=current.id, at=to_iso(now))
    integrity.backup(log.conn, log.path, keep=keep_backups, now=now)
    return load(log, handover_id)

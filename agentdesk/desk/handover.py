"""The shift handover (交接班): pre-filled from open entries, submitted, acknowledged, read-only."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from agentdesk.desk import incidents, unreadable, validate
from agentdesk.desk.model import (
    Handover,
    HandoverDraft,
    HandoverHead,
    from_iso,
    to_iso,
    utc_now,
)
from agentdesk.desk.rows import COLUMNS, prefixed, row_to_entry
from agentdesk.errors import UserError
from agentdesk.i18n import tr

if TYPE_CHECKING:
    from agentdesk.desk.dutylog import DutyLog

_DEFAULT_SHIFT = timedelta(hours=12)


def open_items(log: DutyLog, now: datetime, limit: int | None = None) -> list:
    """Every open entry (or the first `limit`): overdue call-backs first (longest overdue
    first), then newest first."""
    rows = log.conn.execute(f"SELECT {COLUMNS} FROM entries WHERE status != 'closed' "
                            f"ORDER BY {_CARRY_ORDER} LIMIT ?",
                            (to_iso(now), to_iso(now), -1 if limit is None else limit))
    return [row_to_entry(r) for r in rows]


# The order items are carried in (two parameters: now, now); one text for the draft and create.
_CARRY_ORDER = ("CASE WHEN callback_at IS NOT NULL AND callback_at <= ? THEN 0 ELSE 1 END, "
                "CASE WHEN callback_at IS NOT NULL AND callback_at <= ? THEN callback_at END, "
                "id DESC")


def shift_start(log: DutyLog, now: datetime) -> datetime:
    row = log.conn.execute("SELECT MAX(created_at) FROM handovers").fetchone()
    return from_iso(row[0]) if row and row[0] else now - _DEFAULT_SHIFT


def counts(log: DutyLog, now: datetime, start: datetime) -> dict:
    """This shift's contacts by category, what it closed, and everything still open."""
    q = log.conn.execute
    since = to_iso(start)
    # through the created_at range: left to itself the planner walks the category index,
    # i.e. the whole table, to save a sort of eight groups
    by_category = dict(q("SELECT category, COUNT(*) FROM entries INDEXED BY entries_created "
                         "WHERE created_at >= ? GROUP BY category ORDER BY COUNT(*) DESC",
                         (since,)).fetchall())
    closed = q("SELECT COUNT(DISTINCT entry_id) FROM events INDEXED BY events_at "
               "WHERE at >= ? AND kind = 'updated' "
               "AND data LIKE '%\"status\": [%, \"closed\"]%'", (since,)).fetchone()[0]
    open_total = q("SELECT COUNT(*) FROM entries WHERE status != 'closed'").fetchone()[0]
    overdue = q("SELECT COUNT(*) FROM entries WHERE status != 'closed' AND callback_at "
                "IS NOT NULL AND callback_at <= ?", (to_iso(now),)).fetchone()[0]
    marked = log.vocabulary.complaint_categories   # `complaint = true` in the vocabulary
    complaints = q("SELECT COUNT(*) FROM entries WHERE status != 'closed' AND category IN "
                   f"({', '.join('?' * len(marked))})", marked).fetchone()[0] if marked else 0
    sla = log.sla_breach_count(now)
    return {"shift_start": since, "contacts": sum(by_category.values()),
            "by_category": by_category, "closed": closed, "open": open_total,
            "overdue": overdue, "open_complaints": complaints, "sla_breaches": sla,
            **incidents.summary(log, start, now)}  # the shift's incidents and 回访 results


def draft(log: DutyLog, by: str, now: datetime | None = None, *,
          items: int | None = None) -> HandoverDraft:
    """The handover as it would be submitted now; `items` caps the open entries read (a window
    lists a few hundred of 20,000; the counts are always of all of them)."""
    now = now or utc_now()
    start = shift_start(log, now)
    return HandoverDraft(by=by, shift_start=start, open_items=open_items(log, now, items),
                         counts=counts(log, now, start),
                         incidents=incidents.during(log, start, now))


def create(log: DutyLog, *, by: str, to: str | None = None, notes: str = "", events: str = "",
           equipment: str = "", now: datetime | None = None) -> int:
    by = validate.name(by, "by（交班人）", required=True)
    to = validate.name(to, "to（接班人）")
    notes = validate.text(notes, "note（备注）", limit=20000) or ""
    events = validate.text(events, "events（重要事件）", limit=20000) or ""
    equipment = validate.text(equipment, "equipment（设备情况）", limit=20000) or ""
    now = now or utc_now()
    with log.write() as conn:
        shift_counts = counts(log, now, shift_start(log, now))
        cur = conn.execute(
            "INSERT INTO handovers(created_at, by, to_name, notes, events, equipment, counts) "
            "VALUES (?,?,?,?,?,?,?)", (to_iso(now), by, to, notes, events, equipment,
                                       json.dumps(shift_counts, ensure_ascii=False)))
        hid = int(cur.lastrowid)
        # The carried ids in their order, read once (a window function to number them in SQL
        # took three times as long); SQLite numbers and inserts them from the same JSON list
        # (json_each's key is the position; inserted in id order, the key index grows at its
        # end instead of splitting pages all over), and the event records that list.
        items = [r[0] for r in conn.execute(
            f"SELECT id FROM entries WHERE status != 'closed' ORDER BY {_CARRY_ORDER}",
            (to_iso(now), to_iso(now)))]
        conn.execute("INSERT INTO handover_items(handover_id, entry_id, position) "
                     "SELECT ?, value, key FROM json_each(?) ORDER BY value",
                     (hid, json.dumps(items)))
        log._event(None, "handover_created", by, {"handover": hid, "items": items}, to_iso(now))
    return hid


def load(log: DutyLog, handover_id: int, *, items: bool = True) -> Handover:
    """The handover; `items=False` leaves open_items empty (taken_over still lists the ids):
    20,000 carried entries are a second of Python a window's acknowledgment does not need."""
    row = log.conn.execute("SELECT id, created_at, by, to_name, notes, events, equipment, "
                           "counts, acknowledged_by, acknowledged_at FROM handovers WHERE id = ?",
                           (int(handover_id),)).fetchone()
    if row is None:
        raise UserError(tr('ID：没有编号为 {handover_id} 的交接班记录', handover_id=handover_id))
    row = unreadable.texts(row)       # a BLOB another program wrote: shown as its text
    if items:
        cols = prefixed("e")
        found = log.conn.execute(
            f"SELECT {cols}, i.taken_over FROM handover_items i JOIN entries e "
            "ON e.id = i.entry_id WHERE i.handover_id = ? ORDER BY i.position",
            (row[0],)).fetchall()
        taken = [r[0] for r in found if r[-1]]
    else:
        # joined as above: an entry another program removed is not carried (nor sealed)
        found, taken = [], [r[0] for r in log.conn.execute(
            "SELECT i.entry_id FROM handover_items i JOIN entries e ON e.id = i.entry_id "
            "WHERE i.handover_id = ? AND i.taken_over ORDER BY i.position", (row[0],))]
    seal = log.conn.execute("SELECT hash FROM checkpoints WHERE handover_id = ? ORDER BY id "
                            "DESC LIMIT 1", (row[0],)).fetchone()
    return Handover(id=row[0], created_at=from_iso(row[1]), by=row[2], to=row[3], notes=row[4],
                    events=row[5], equipment=row[6], counts=_counts(row[7]),
                    open_items=[row_to_entry(r[:-1]) for r in found], taken_over=taken,
                    acknowledged_by=row[8], acknowledged_at=from_iso(row[9]),
                    seal=seal[0] if seal else None)


def _counts(stored) -> dict:
    """The counts as written; text another program put there instead counts as none."""
    try:
        counts = json.loads(stored)
    except (TypeError, ValueError):
        return {}
    return counts if isinstance(counts, dict) else {}


def _carried(log: DutyLog, handover_id: int) -> list[int]:
    """The carried entries' ids, in their order: those load(items=True) reads (the join)."""
    return [r[0] for r in log.conn.execute(
        "SELECT i.entry_id FROM handover_items i JOIN entries e ON e.id = i.entry_id "
        "WHERE i.handover_id = ? ORDER BY i.position", (int(handover_id),))]


def listing(log: DutyLog, unacknowledged_only: bool = False) -> list[Handover]:
    where = " WHERE acknowledged_by IS NULL" if unacknowledged_only else ""
    ids = [r[0] for r in log.conn.execute(f"SELECT id FROM handovers{where} ORDER BY id DESC")]
    return [load(log, hid) for hid in ids]


@dataclass(frozen=True)
class HandoverSummary(HandoverHead):
    """A handover as a list shows it: its items counted in SQL, at most a few of them loaded
    (a year of handovers carrying 20,000 items each never becomes millions of Entries)."""

    acknowledged_by: str | None
    acknowledged_at: datetime | None
    item_count: int
    first_items: list = field(default_factory=list)   # the first `items` carried, in order

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_by is not None


def summaries(log: DutyLog, unacknowledged_only: bool = False, *, items: int = 0,
              limit: int | None = None, only: int | None = None) -> list[HandoverSummary]:
    """Newest first; `items`: how many carried entries to load with each; `limit`: how many;
    `only`: just the handover with this id."""
    conditions = (["acknowledged_by IS NULL"] if unacknowledged_only else []) + (
        [f"h.id = {int(only)}"] if only is not None else [])
    where = (" WHERE " + " AND ".join(conditions)) if conditions else ""
    cap = "" if limit is None else f" LIMIT {int(limit)}"
    found = log.conn.execute(
        "SELECT h.id, h.created_at, h.by, h.to_name, h.notes, h.events, h.equipment, "
        "h.acknowledged_by, h.acknowledged_at, (SELECT COUNT(*) FROM handover_items i "
        f"WHERE i.handover_id = h.id) FROM handovers h{where} ORDER BY h.id DESC{cap}"
    ).fetchall()
    cols = prefixed("e")
    out = []
    for r in map(unreadable.texts, found):
        first = [row_to_entry(e) for e in log.conn.execute(
            f"SELECT {cols} FROM handover_items i JOIN entries e ON e.id = i.entry_id "
            # positions run 0..n-1: the first few are found before the join (an ORDER BY
            # ... LIMIT joined and sorted all 20,000 items first)
            "WHERE i.handover_id = ? AND i.position < ? ORDER BY i.position",
            (r[0], int(items)))] \
            if items else []
        out.append(HandoverSummary(r[0], from_iso(r[1]), r[2], r[3], r[4], r[5], r[6], r[7],
                                   from_iso(r[8]), r[9], first))
    return out


def acknowledge(log: DutyLog, handover_id: int, *, by: str,
                taken_over: Sequence[int] | None = None, keep_backups: int = 7,
                reason: str | None = None, items: bool = True) -> Handover:
    """The next shift signs: seal the record, write the head outside it, back the file up.

    The returned Handover carries the seal and what became of the backup: a failed backup
    does not undo the acknowledgment, but `backup_error` says why it failed. `items=False`:
    its open_items stay empty (the window, which lists them itself, saves a second of Python).
    """
    from agentdesk.desk import integrity, seal

    by = validate.name(by, "by（接班人）", required=True)
    reason = validate.text(reason, "reason（代班原因）", limit=500)
    current = load(log, handover_id, items=items)
    carried_ids = [e.id for e in current.open_items] if items else _carried(log, current.id)
    if current.acknowledged:
        raise UserError(tr(
                '交接班 {handover_id} 已由 {acknowledged_by} 确认，不能再修改',
                handover_id=handover_id, acknowledged_by=current.acknowledged_by))
    if by == current.by:
        raise UserError(tr('by（接班人）：{by} 是交班人，不能确认自己的交接班', by=by))
    if current.to and by != current.to and not reason:
        raise UserError(tr(
                'reason（代班原因）：交接班 {handover_id} 是交给 {to} 的；{by} 代为确认时请用 --re'
                'ason 写明原因',
                handover_id=handover_id, to=current.to, by=by))
    carried = set(carried_ids)
    chosen = carried if taken_over is None else {int(i) for i in taken_over}
    stray = chosen - carried
    if stray:
        raise UserError(tr('taken_over：记录 {sorted} 不在这次交接中', sorted=sorted(stray)))
    now = utc_now()
    at = to_iso(now)
    with log.write() as conn:
        # the items first: while the handover is unacknowledged their update is not journalled
        conn.executemany("UPDATE handover_items SET taken_over = 1 WHERE handover_id = ? "
                         "AND entry_id = ?", [(current.id, i) for i in sorted(chosen)])
        changed = conn.execute("UPDATE handovers SET acknowledged_by = ?, acknowledged_at = ? "
                               "WHERE id = ? AND acknowledged_by IS NULL",
                               (by, at, current.id)).rowcount
        if not changed:  # another window acknowledged it a moment ago (rolls the items back)
            raise UserError(tr('交接班 {handover_id} 已被确认', handover_id=handover_id))
        data: dict = {"handover": current.id, "taken_over": sorted(chosen)}
        if current.to and by != current.to:
            data.update(substitute_for=current.to, reason=reason)
        log._event(None, "handover_acknowledged", by, data, at)
        head = seal.checkpoint(conn, by=by, handover_id=current.id, at=at)
        cp_id = conn.execute("SELECT MAX(id) FROM checkpoints").fetchone()[0]
    # VACUUM INTO reads every page, and the copy is quick_check'ed: that is the file's check
    result = integrity.backup(log.conn, log.path, keep=keep_backups, now=now)
    error = result.error
    try:
        seal.record_head(log.path, cp_id, head, at)
    except OSError as exc:
        error = "; ".join(x for x in (error, tr(
                '封存值未能写到备份目录：{strerror}',
                strerror=exc.strerror)) if x)
    # built from what was loaded and written, not loaded again (20,000 items join the table)
    return replace(current, acknowledged_by=by, acknowledged_at=from_iso(at),
                   taken_over=[i for i in carried_ids if i in chosen], seal=head,
                   backup=str(result.path) if result.path else None, backup_error=error)

"""Incidents (突发事件, seed 004 应急处理) with their linked contacts, and 回访 results on entries.

An incident is declared with a title, an area and a start time, gathers the contacts it caused
(linked in one call), and is ended with a time and what was done. Every step is also an event,
so the hash chain covers it. A 回访 (follow-up visit) result is an event on its entry.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from agentdesk.desk import validate
from agentdesk.desk.model import from_iso, to_iso, utc_now
from agentdesk.errors import UserError
from agentdesk.i18n import tr

if TYPE_CHECKING:
    from agentdesk.desk.dutylog import DutyLog

# result key -> (Chinese label, English label); other accepted spellings in _RESULT_ALIASES
VISIT_RESULTS = {"reached": ("已联系", "reached"), "unreached": ("未接通", "not reached"),
                 "satisfied": ("满意", "satisfied"), "not_satisfied": ("不满意", "not satisfied")}
_RESULT_ALIASES = {"联系上": "reached", "已回访": "reached", "未联系上": "unreached",
                   "无人接听": "unreached", "unsatisfied": "not_satisfied",
                   "dissatisfied": "not_satisfied", "非常满意": "satisfied"}
_COLS = "id, title, area, started_at, ended_at, opened_by, closed_by, resolution"


@dataclass(frozen=True)
class Incident:
    id: int
    title: str
    area: str
    started_at: datetime
    ended_at: datetime | None
    opened_by: str
    closed_by: str | None
    resolution: str | None
    entry_ids: tuple[int, ...] = ()  # linked contacts, in the order they were linked

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    @property
    def contacts(self) -> int:
        return len(self.entry_ids)

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "area": self.area,
                "started_at": to_iso(self.started_at), "ended_at": to_iso(self.ended_at),
                "opened_by": self.opened_by, "closed_by": self.closed_by,
                "resolution": self.resolution, "contacts": self.contacts,
                "entry_ids": list(self.entry_ids)}


def _row(log: DutyLog, row: tuple) -> Incident:
    linked = tuple(r[0] for r in log.conn.execute(
        "SELECT entry_id FROM incident_entries WHERE incident_id = ? ORDER BY rowid",
        (row[0],)))  # rowid: the order they were linked in
    return Incident(row[0], row[1], row[2], from_iso(row[3]), from_iso(row[4]), row[5], row[6],
                    row[7], linked)


def get(log: DutyLog, incident_id: int) -> Incident:
    row = log.conn.execute(f"SELECT {_COLS} FROM incidents WHERE id = ?",
                           (int(incident_id),)).fetchone()
    if row is None:
        raise UserError(tr(
                'incident：没有编号为 {incident_id} 的突发事件',
                incident_id=incident_id))
    return _row(log, row)


def declare(log: DutyLog, *, title: str, area: str | None = None,
            started_at: datetime | str | None = None, by: str | None = None,
            now: datetime | None = None) -> int:
    """Declare an incident (default start: now); returns its id."""
    title = validate.text(title, "title（事件名称）", required=True, limit=200)
    area = validate.text(area, "area（影响范围）", limit=200) or ""
    now = now or utc_now()
    start = validate.parse_time(started_at, "start（开始时间）") or now
    by = validate.text(by, "by（登记人）", limit=100) or log.agent
    with log.write() as conn:
        cur = conn.execute("INSERT INTO incidents(title, area, started_at, opened_by) "
                           "VALUES (?,?,?,?)", (title, area, to_iso(start), by))
        incident_id = int(cur.lastrowid)
        log._event(None, "incident_opened", by, {"incident": incident_id, "title": title,
                                                  "area": area, "started_at": to_iso(start)},
                   to_iso(now))
    return incident_id


def link(log: DutyLog, incident_id: int, entry_ids: Iterable[int], *, by: str | None = None,
         now: datetime | None = None) -> Incident:
    """Link contacts to the incident in one transaction; already linked ones are kept once."""
    wanted = list(dict.fromkeys(int(i) for i in entry_ids))
    if not wanted:
        raise UserError(tr('ENTRY：至少给出一条记录的编号'))
    get(log, incident_id)
    found = {r[0] for r in log.conn.execute(
        f"SELECT id FROM entries WHERE id IN ({','.join('?' * len(wanted))})", wanted)}
    missing = [i for i in wanted if i not in found]
    if missing:
        raise UserError(tr(
                'ENTRY：没有编号为 {join} 的记录，未做任何关联',
                join='、'.join(map(str, missing)), join2=', '.join(map(str, missing))))
    by = validate.text(by, "by（登记人）", limit=100) or log.agent
    at = to_iso(now or utc_now())
    with log.write() as conn:
        for entry_id in wanted:
            added = conn.execute("INSERT OR IGNORE INTO incident_entries(incident_id, entry_id, "
                                 "linked_at, by) VALUES (?,?,?,?)",
                                 (int(incident_id), entry_id, at, by)).rowcount
            if added:
                log._event(entry_id, "incident_linked", by, {"incident": int(incident_id)}, at)
    return get(log, incident_id)


def end(log: DutyLog, incident_id: int, *, resolution: str | None = None,
        ended_at: datetime | str | None = None, by: str | None = None,
        now: datetime | None = None) -> Incident:
    """End the incident (default: now) with what was done."""
    current = get(log, incident_id)
    if not current.is_open:
        raise UserError(tr(
                'incident：突发事件 {incident_id} 已于 {to_iso} 结束',
                incident_id=incident_id, to_iso=to_iso(current.ended_at)))
    resolution = validate.text(resolution, "resolution（处理情况）", limit=4000)
    now = now or utc_now()
    end_at = validate.parse_time(ended_at, "end（结束时间）") or now
    if end_at < current.started_at:
        raise UserError(tr('end（结束时间）：早于事件开始时间'))
    by = validate.text(by, "by（登记人）", limit=100) or log.agent
    with log.write() as conn:
        conn.execute("UPDATE incidents SET ended_at = ?, closed_by = ?, resolution = ? "
                     "WHERE id = ?", (to_iso(end_at), by, resolution, current.id))
        log._event(None, "incident_closed", by, {"incident": current.id,
                                                  "ended_at": to_iso(end_at),
                                                  "resolution": resolution}, to_iso(now))
    return get(log, incident_id)


def listing(log: DutyLog, *, open_only: bool = False, limit: int = 100) -> list[Incident]:
    """Newest first."""
    where = " WHERE ended_at IS NULL" if open_only else ""
    rows = log.conn.execute(f"SELECT {_COLS} FROM incidents{where} ORDER BY id DESC LIMIT ?",
                            (int(limit),)).fetchall()
    return [_row(log, r) for r in rows]


def during(log: DutyLog, start: datetime, now: datetime) -> list[Incident]:
    """Incidents that were going on at some time between start and now, oldest first."""
    rows = log.conn.execute(f"SELECT {_COLS} FROM incidents WHERE started_at <= ? AND "
                            "(ended_at IS NULL OR ended_at >= ?) ORDER BY started_at, id",
                            (to_iso(now), to_iso(start))).fetchall()
    return [_row(log, r) for r in rows]


def of_entry(log: DutyLog, entry_id: int) -> list[int]:
    return [r[0] for r in log.conn.execute(
        "SELECT incident_id FROM incident_entries WHERE entry_id = ? ORDER BY incident_id",
        (int(entry_id),))]


# -- 回访 (follow-up visits) ---------------------------------------------------------------
def visit_result(value: str) -> str:
    """A result key from the key, its label (满意) or another accepted spelling."""
    key = "".join(str(value).split()).lower().replace("-", "_")
    if key in VISIT_RESULTS:
        return key
    for result, labels in VISIT_RESULTS.items():
        if key in (labels[0], labels[1].replace(" ", "")):
            return result
    if key in _RESULT_ALIASES:
        return _RESULT_ALIASES[key]
    choices = "、".join(f"{k}（{zh}）" for k, (zh, _) in VISIT_RESULTS.items())
    raise UserError(tr(
            'result（回访结果）：“{value}”不在可选值中（{choices}）',
            value=value, choices=choices, join=', '.join(VISIT_RESULTS)))


def record_visit(log: DutyLog, entry_id: int, result: str, *, note: str | None = None,
                 by: str | None = None, now: datetime | None = None) -> dict:
    """Record a 回访 result on the entry as an event; returns what was recorded."""
    key = visit_result(result)
    note = validate.text(note, "note（回访记录）", limit=4000) or ""
    by = validate.text(by, "by（回访人）", limit=100) or log.agent
    log.get(entry_id)
    at = to_iso(now or utc_now())
    data = {"result": key, "note": note}
    with log.write():
        log._event(int(entry_id), "visit", by, data, at)
    return {"entry_id": int(entry_id), "at": at, "by": by, **data}


def visits(log: DutyLog, entry_id: int) -> list[dict]:
    return [{"at": e["at"], "by": e["by"], **e["data"]} for e in log.events(entry_id)
            if e["kind"] == "visit"]


def summary(log: DutyLog, start: datetime, now: datetime) -> dict:
    """What the handover and `log stats` show: incidents in the period, 回访 results in it."""
    found = during(log, start, now)
    results = Counter(json_result for (json_result,) in log.conn.execute(
        "SELECT json_extract(data, '$.result') FROM events WHERE kind = 'visit' AND at >= ? "
        "AND at <= ?", (to_iso(start), to_iso(now))))
    return {"incidents": [i.to_dict() for i in found],
            "visits": {k: results.get(k, 0) for k in VISIT_RESULTS}}

"""What the duty log holds: entries, their filter, handovers; the desk's fixed status keys.

Channels, categories, priorities, status labels and SLAs are data (agentdesk.vocabulary); the
old constant names below still answer, from the shipped vocabulary, for code written before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from agentdesk.desk.fields import FIELDS
from agentdesk.desk.phones import mask_phone
from agentdesk.masking import mask_numbers
from agentdesk.vocabulary import Vocabulary, default_vocabulary

TITLES = ("先生", "女士")
# open: being handled; waiting: for the customer; transferred: escalated to someone (to whom is
# kept in transferred_to); closed: resolved. Their labels are in the vocabulary.
STATUSES = ("open", "waiting", "transferred", "closed")
# what DutyLog.update may change: from the one field table (agentdesk.desk.fields)
EDITABLE = tuple(f.name for f in FIELDS if f.editable)


_FROM_VOCABULARY = {
    "CHANNELS": lambda v: v.channel_names, "CATEGORIES": lambda v: v.category_names,
    "PRIORITIES": lambda v: v.priority_names, "STATUS_LABELS": lambda v: dict(v.statuses),
    "COMPLAINT_SLA_HOURS": lambda v: v.complaint_sla_hours,
}


def __getattr__(name: str):
    # PEP 562: the shipped vocabulary is read on first use, never at import
    if name in _FROM_VOCABULARY:
        return _FROM_VOCABULARY[name](default_vocabulary())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def to_iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(timezone.utc).isoformat(
        timespec="seconds")


def from_iso(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except (TypeError, ValueError):   # written by another program: shown as no time, and
        return None                   # `log verify` reports the row as changed


def local_text(moment: datetime | None) -> str:
    """A stored UTC time as the agent's local wall-clock time."""
    if moment is None:
        return ""
    try:
        return moment.astimezone().strftime("%Y-%m-%d %H:%M")
    except (OverflowError, ValueError, OSError):
        # a row from before the call-back range check (year 9999 east of UTC) still lists
        return moment.strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True)
class Entry:
    """One row of the entries table; its attributes are agentdesk.desk.fields.FIELDS, in order
    (written out for readers and type checkers; tests/desk/test_fields.py holds them equal)."""

    id: int
    created_at: datetime
    updated_at: datetime
    agent: str
    customer: str
    title: str | None
    contact: str | None
    channel: str
    category: str
    priority: str
    summary: str
    status: str
    transferred_to: str | None
    callback_at: datetime | None
    resolution: str | None

    @property
    def is_open(self) -> bool:
        return self.status != "closed"

    @property
    def masked_contact(self) -> str:
        return mask_phone(self.contact)

    def is_overdue(self, now: datetime | None = None) -> bool:
        """A promised call-back that has come due and the entry is still open."""
        return bool(self.is_open and self.callback_at and self.callback_at <= (now or utc_now()))

    def breaches_sla(self, now: datetime | None = None,
                     vocabulary: Vocabulary | None = None) -> bool:
        """Still open longer than its category's SLA (e.g. a complaint after 48 hours)."""
        hours = (vocabulary or default_vocabulary()).sla_hours(self.category)
        return bool(self.is_open and hours is not None
                    and (now or utc_now()) - self.created_at >= timedelta(hours=hours))

    @property
    def display_name(self) -> str:
        return f"{self.customer}{self.title or ''}"

    def to_dict(self, *, masked: bool = True, now: datetime | None = None,
                vocabulary: Vocabulary | None = None) -> dict:
        """Every field (times as UTC ISO, masked ones masked), then overdue and sla_breach."""
        out = {}
        for f in FIELDS:
            value = getattr(self, f.name)
            if f.kind == "time":
                value = to_iso(value)
            elif masked and f.masked == "phone":
                value = mask_phone(value)
            elif masked and f.masked == "numbers":
                value = mask_numbers(value)
            out[f.name] = value
        out["overdue"] = self.is_overdue(now)
        out["sla_breach"] = self.breaches_sla(now, vocabulary)
        return out


@dataclass(frozen=True)
class EntryFilter:
    open_only: bool = False
    overdue_only: bool = False
    today_only: bool = False
    since: datetime | None = None
    category: str | None = None
    search: str | None = None


@dataclass
class HandoverDraft:
    """What a new handover starts from: every open item (overdue first) and the shift's counts."""

    by: str
    shift_start: datetime | None
    open_items: list[Entry]
    counts: dict
    notes: str = ""
    events: str = ""
    equipment: str = ""
    incidents: list = field(default_factory=list)  # desk.incidents.Incident during the shift


@dataclass(frozen=True)
class HandoverHead:
    """What every view of a handover shows first: the full record (Handover) and a list's
    summary (desk.handover.HandoverSummary) both start with these, in this order."""

    id: int
    created_at: datetime
    by: str
    to: str | None
    notes: str
    events: str
    equipment: str


@dataclass(frozen=True)
class Handover(HandoverHead):
    counts: dict
    open_items: list[Entry]
    taken_over: list[int]
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    # the chain head sealed at acknowledgment, and what became of that moment's backup
    seal: str | None = None
    backup: str | None = None
    backup_error: str | None = None

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_by is not None

    def to_dict(self, *, masked: bool = True) -> dict:
        return {
            "id": self.id, "created_at": to_iso(self.created_at), "by": self.by, "to": self.to,
            **{k: mask_numbers(getattr(self, k)) if masked else getattr(self, k)
               for k in ("notes", "events", "equipment")},
            "counts": self.counts, "open_items": [e.to_dict(masked=masked)
                                                  for e in self.open_items],
            "taken_over": self.taken_over, "acknowledged_by": self.acknowledged_by,
            "acknowledged_at": to_iso(self.acknowledged_at), "seal": self.seal,
        }


@dataclass
class VerifyReport:
    ok: bool
    checkpoints: int
    problems: list[str] = field(default_factory=list)
    # the newest seal (chain head), whether everything was re-checked, and what could not be
    head: str | None = None
    full: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        from agentdesk.i18n import tr

        if self.ok:
            how = tr('全部重新核对') if self.full else tr('自最近一次封存起核对')
            return tr(
                    '完整：{checkpoints} 个交接确认点之前的记录均未被改动（{how}）',
                    checkpoints=self.checkpoints, how=how)
        return tr('发现改动：') + tr('；').join(self.problems)

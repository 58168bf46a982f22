"""What the duty log holds: entries, their filter, handovers; the desk's fixed status keys.

Channels, categories, priorities, status labels and SLAs are data (agentdesk.vocabulary); the
old constant names below still answer, from the shipped vocabulary, for code written before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from agentdesk.masking import mask_numbers
from agentdesk.vocabulary import Vocabulary, default_vocabulary

TITLES = ("先生", "女士")
# open: being handled; waiting: for the customer; transferred: escalated to someone (to whom is
# kept in transferred_to); closed: resolved. Their labels are in the vocabulary.
STATUSES = ("open", "waiting", "transferred", "closed")
EDITABLE = ("customer", "title", "contact", "channel", "category", "priority", "summary",
            "status", "transferred_to", "callback_at", "resolution", "agent")


_FROM_VOCABULARY = {
    "CHANNELS": lambda v: v.channel_names, "CATEGORIES": lambda v: v.category_names,
    "PRIORITIES": lambda v: v.priority_names, "STATUS_LABELS": lambda v: dict(v.statuses),
    "COMPLAINT_SLA_HOURS": lambda v: v.sla_hours("投诉"),
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
        from agentdesk.desk.phones import mask_phone

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
        return {
            "id": self.id, "created_at": to_iso(self.created_at),
            "updated_at": to_iso(self.updated_at), "agent": self.agent,
            "customer": mask_numbers(self.customer) if masked else self.customer,
            "title": self.title,
            "contact": self.masked_contact if masked else self.contact,
            "channel": self.channel, "category": self.category, "priority": self.priority,
            "summary": mask_numbers(self.summary) if masked else self.summary,
            "status": self.status,
            "transferred_to": self.transferred_to, "callback_at": to_iso(self.callback_at),
            "resolution": mask_numbers(self.resolution) if masked else self.resolution,
            "overdue": self.is_overdue(now),
            "sla_breach": self.breaches_sla(now, vocabulary),
        }


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
class Handover:
    id: int
    created_at: datetime
    by: str
    to: str | None
    notes: str
    events: str
    equipment: str
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

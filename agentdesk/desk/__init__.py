"""The duty log (值班记录) and shift handover (交接班) on SQLite, with events and a hash chain."""

from agentdesk.desk.dutylog import DutyLog
from agentdesk.desk.model import (
    CATEGORIES,
    CHANNELS,
    PRIORITIES,
    STATUS_LABELS,
    STATUSES,
    TITLES,
    Entry,
    EntryFilter,
    Handover,
    HandoverDraft,
    VerifyReport,
)
from agentdesk.desk.phones import mask_phone, normalise_phone

__all__ = ["CATEGORIES", "CHANNELS", "PRIORITIES", "STATUSES", "STATUS_LABELS", "TITLES",
           "DutyLog", "Entry", "EntryFilter", "Handover", "HandoverDraft", "VerifyReport",
           "mask_phone", "normalise_phone"]

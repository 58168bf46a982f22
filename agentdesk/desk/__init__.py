"""The duty log (值班记录) and shift handover (交接班) on SQLite, with events and a hash chain.

Names are loaded on first use (PEP 562), so the window can show before the store is needed.
"""

from __future__ import annotations

from importlib import import_module

_EXPORTS = {
    "DutyLog": "agentdesk.desk.dutylog",
    "CATEGORIES": "agentdesk.desk.model", "CHANNELS": "agentdesk.desk.model",
    "PRIORITIES": "agentdesk.desk.model", "STATUSES": "agentdesk.desk.model",
    "STATUS_LABELS": "agentdesk.desk.model", "TITLES": "agentdesk.desk.model",
    "Entry": "agentdesk.desk.model", "EntryFilter": "agentdesk.desk.model",
    "Handover": "agentdesk.desk.model", "HandoverDraft": "agentdesk.desk.model",
    "VerifyReport": "agentdesk.desk.model",
    "Incident": "agentdesk.desk.incidents",
    "mask_phone": "agentdesk.desk.phones", "normalise_phone": "agentdesk.desk.phones",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'agentdesk.desk' has no attribute {name!r}") from None
    return getattr(import_module(module), name)


def __dir__() -> list[str]:
    return __all__

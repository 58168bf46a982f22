"""Making stored text safe to show: control characters escaped, personal numbers masked.

A summary is whatever a caller typed; printed raw, an ESC starts a terminal escape sequence,
a CR or newline forges a row of tab-separated output, and a bidi override reorders a line.
"""

from __future__ import annotations

import re

from agentdesk.desk.phones import mask_phone
from agentdesk.masking import mask_numbers

# C0 (tab and newline included: they are the TSV separators), DEL, C1, and the invisible
# direction controls (LRM/RLM, ALM, embeddings/overrides, isolates)
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                       "\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    ch = m.group(0)
    return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def escape_controls(value: object) -> str:
    """One line of visible text: every control character written out as an escape."""
    text = "" if value is None else str(value)
    return _CONTROLS.sub(_escape, text) if _CONTROLS.search(text) else text


def has_controls(text: str) -> bool:
    return bool(_CONTROLS.search(text))


_FREE_TEXT = ("summary", "resolution", "notes", "events", "equipment", "detail", "customer",
              "title", "transferred_to", "note")


def mask_value(key: str, value):
    """A stored field as it may be shown masked: contacts as 138****5678, numbers in free text."""
    if key == "contact" and isinstance(value, str):
        return mask_phone(value)
    if key in _FREE_TEXT and isinstance(value, str):
        return mask_numbers(value)
    return value


def masked_event(event: dict) -> dict:
    """An event (as DutyLog.events returns it) with every personal number masked."""
    data = dict(event.get("data") or {})
    if isinstance(data.get("fields"), dict):
        data["fields"] = {k: mask_value(k, v) for k, v in data["fields"].items()}
    if isinstance(data.get("changes"), dict):
        data["changes"] = {k: [mask_value(k, x) for x in v] if isinstance(v, list) else v
                           for k, v in data["changes"].items()}
    if isinstance(data.get("detail"), str):
        data["detail"] = mask_numbers(data["detail"])
    return {**event, "data": data}

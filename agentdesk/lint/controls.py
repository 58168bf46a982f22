"""Inline control for the rare justified case, as Vale and textlint allow.

- `<!-- agentdesk-disable RULE_ID, RULE_ID -->` anywhere: those rules are off for this reply
  (`<!-- agentdesk-disable -->` alone: every rule).
- `<!-- agentdesk-off -->` … `<!-- agentdesk-on -->`: nothing between is flagged (e.g. quoting the
  customer's own words). An unclosed off runs to the end.
`strip_controls` removes the markers before a reply is copied or sent.
"""

from __future__ import annotations

import re

_MARKER = re.compile(r"<!--\s*agentdesk-(disable|off|on)\b([^>]*?)-->", re.I)


def parse_controls(text: str) -> tuple[set[str] | None, list[tuple[int, int]]]:
    """(rules disabled — None means all —, silenced spans incl. the markers themselves)."""
    disabled: set[str] | None = set()
    spans: list[tuple[int, int]] = []
    off_start: int | None = None
    for m in _MARKER.finditer(text):
        kind = m.group(1).lower()
        spans.append((m.start(), m.end()))
        if kind == "disable":
            ids = {r.strip() for r in re.split(r"[,，\s]+", m.group(2)) if r.strip()}
            if not ids:
                disabled = None
            elif disabled is not None:
                disabled |= ids
        elif kind == "off" and off_start is None:
            off_start = m.start()
        elif kind == "on" and off_start is not None:
            spans.append((off_start, m.end()))
            off_start = None
    if off_start is not None:
        spans.append((off_start, len(text)))
    return disabled, spans


def strip_controls(text: str) -> str:
    return _MARKER.sub("", text)


def has_controls(text: str) -> bool:
    return "agentdesk-" in text

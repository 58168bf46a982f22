"""Clauses and quotations of a draft: what a clause-level fix replaces, what the customer said.

Both are computed once per lint with one regex pass and then looked up by bisect, so a
megabyte with a hundred thousand findings stays linear.
"""

from __future__ import annotations

import re

# Marks that end a clause in the text as typed (full- and half-width, and line breaks).
MARK = re.compile(r"[，。！？；,!?;\n：:…~～、]|\.(?!\d)")
QUOTE = re.compile(r"“[^“”\n]{1,80}”|「[^「」\n]{1,80}」|『[^『』\n]{1,80}』|\"[^\"\n]{1,80}\"")


class Clauses:
    """Clause boundaries of one text, found on first use."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._marks: list[int] | None = None

    def _ensure(self) -> list[int]:
        if self._marks is None:
            self._marks = [m.start() for m in MARK.finditer(self.text)]
        return self._marks

    def marks(self) -> list[int]:
        """Sorted offsets of the marks that end clauses."""
        return self._ensure()


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks (the marks included): words quoted, not said."""
    if not any(q in text for q in "“「『\""):
        return []
    return [(m.start(), m.end()) for m in QUOTE.finditer(text)]


"""Clauses and quotations of a draft: what a clause-level fix replaces, what the customer said,
and the span arithmetic over them (one finding per family per clause, "is this inside that").

Both are computed once per lint with one regex pass and then looked up by bisect, so a
megabyte with a hundred thousand findings stays linear.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

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


def one_per_clause(spans: list, marks: list[int], text: str):
    """Hits of one family in one clause are one problem ("我保证明天一定修好"): one finding
    from the first hit to the last, under the most severe rule. Detectors stay as they are.
    Yields (start, end, rule, clause start, clause end) sorted by position: one walk over the
    hits and the clause marks together, linear in both."""
    spans.sort(key=lambda x: (x[0], x[1], x[2].id))
    last: dict[str, list] = {}     # category -> [start, end, rule, clause start, clause end, j]
    out: list[list] = []
    j, n, size = 0, len(marks), len(text)
    for s, e, rule in spans:
        while j < n and marks[j] < s:
            j += 1                   # j: the clause s is in (marks before it)
        left = marks[j - 1] + 1 if j else 0
        while left < s and text[left] in " \t\u3000":
            left += 1                # leading spaces stay where they are
        within = j == n or marks[j] >= e - 1
        if within:
            right = marks[j] if j < n and marks[j] >= e else size if j == n else e
        else:
            k = bisect_left(marks, e, j)
            right = marks[k] if k < n else size
        if rule.detector:
            out.append([s, e, rule, left, right, -1])
            continue
        kept = last.get(rule.category)
        if kept is None or kept[5] != j or not within:
            kept = [s, e, rule, left, right, j if within else -2]
            last[rule.category] = kept
            out.append(kept)
            continue
        kept[1] = max(kept[1], e)
        kept[4] = max(kept[4], right)
        if rule.severity.rank < kept[2].severity.rank:
            kept[2] = rule
    return [(x[0], x[1], x[2], x[3], x[4]) for x in out]


def furthest_end_by_start(spans) -> tuple[list[int], list[int]]:
    """Sorted starts and, for each, the furthest end of any span starting at or before it."""
    ordered = sorted((s, e) for s, e, _ in spans)
    starts, furthest, best = [], [], -1
    for s, e in ordered:
        best = max(best, e)
        starts.append(s)
        furthest.append(best)
    return starts, furthest


def inside(index: tuple[list[int], list[int]], start: int, end: int) -> bool:
    """Is [start, end) inside some span of the index? O(log n)."""
    starts, furthest = index
    i = bisect_right(starts, start) - 1
    return i >= 0 and furthest[i] >= end

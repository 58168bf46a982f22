"""Clauses and quotations of a draft: what a clause-level fix replaces, what the customer said,
and the span arithmetic over them (one finding per family per clause and per stretch of
touching clauses, "is this inside that").

Both are computed once per lint with one regex pass and then looked up by bisect, so a
megabyte with a hundred thousand findings stays linear.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from agentdesk.lint.model import fitted

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
    from the first hit to the last, under the most severe rule (of equals, one with a clause
    fix). Detectors stay as they are.
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
        # the most severe rule leads; of equals, one whose fix rephrases the clause, since a
        # word swap cannot cover the other hit (哥们你是真不会玩 is not fixed by 先生)
        lead = kept[2]
        if rule.severity.rank < lead.severity.rank or (
                rule.severity.rank == lead.severity.rank and rule.fix == "clause" != lead.fix):
            kept[2] = rule
    return [(x[0], x[1], x[2], x[3], x[4]) for x in out]


# What ends a sentence: a family's findings on either side of one are two problems.
_SENTENCE_END = re.compile(r"[。！？；!?;\n\r]")
# A stretch is one clause, or two that touch: more text between two findings is its own clause.
_STRETCH_GAP = 40
# What may stand between two clauses replaced as one: their mark and spaces.
_JOINERS = "，,、；;：: \t\u3000"


def one_per_stretch(text: str, findings: list, alone) -> list:
    """Findings of one family in one sentence, in the same clause or in two clauses side by
    side, are one problem: 不能退，合约期内就是不能退 is one refusal, 我跟您保证，以后再也不会
    停播了 one over-promise. One finding from the first to the last, under the most severe
    rule (the first of equals); its fix does what the parts' fixes do together (喂，哪位 →
    您好，请问您找哪一位).

    findings: sorted by position. alone(finding): findings that stay as they are (each
    number leaks on its own, each slot is a hole of its own; notes are not problems). A
    finding joins only the one just before it, so the walk is linear in the findings."""
    out: list = []
    last = None          # the finding before, if it may take the next one in
    for f in findings:
        if alone(f):
            out.append(f)
            last = None
            continue
        if last is not None and last.category == f.category and \
                touching(text, last.end, f.start) and last.fix_span[1] <= f.fix_span[0]:
            last = out[-1] = _joined(text, last, f)
            continue
        out.append(f)
        last = f
    return out


def touching(text: str, end: int, start: int) -> bool:
    """Does what ends at end touch what starts at start (end <= start, or overlapping): the
    same clause, or the next one in the same sentence?"""
    if start <= end:
        return True
    if start - end > _STRETCH_GAP:
        return False
    gap = text[end:start]
    return _SENTENCE_END.search(gap) is None and len(MARK.findall(gap)) <= 1


def _joined(text: str, first, second):
    """first and second as one finding. Their fix spans do not overlap: each suggestion of
    the whole is the stretch with the parts' suggestions of that rank put in."""
    lead = second if second.severity.rank < first.severity.rank else first
    start, end = first.start, max(first.end, second.end)
    (a0, a1), (b0, b1) = first.fix_span, second.fix_span
    between = text[a1:b0]
    if first.fix_start >= 0 and second.fix_start >= 0 and not between.strip(_JOINERS):
        # two clauses side by side, each replaced whole: one suggestion for both, not the
        # same apology twice
        return type(lead)._fast(start, end, lead.rule, lead.severity, lead.category,
                                lead.message, lead.suggestions, text[start:end], a0, b1)
    ranks = max(len(first.suggestions), len(second.suggestions))
    suggestions = tuple(
        fitted(_nth(first, k, text[a0:a1]), text, a1) + between +
        fitted(_nth(second, k, text[b0:b1]), text, b1) for k in range(ranks))
    return type(lead)._fast(start, end, lead.rule, lead.severity, lead.category, lead.message,
                            suggestions, text[start:end], a0, b1)


def _nth(finding, k: int, kept: str) -> str:
    """The finding's k-th suggestion (its last when it has fewer); kept when it has none."""
    options = finding.suggestions
    return options[min(k, len(options) - 1)] if options else kept


def furthest_end_by_start(spans) -> tuple[list[int], list[int]]:
    """Sorted starts and, for each, the furthest end of any span starting at or before it
    (spans: (start, end, …) tuples; what follows the end is ignored)."""
    ordered = sorted((s, e) for s, e, *_ in spans)
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


def overlaps(index: tuple[list[int], list[int]], start: int, end: int) -> bool:
    """Does some span of the index overlap [start, end)? O(log n): of the spans starting
    before end, the one reaching furthest decides (a draft of a million characters has
    100,000 of them)."""
    starts, furthest = index
    i = bisect_left(starts, end) - 1
    return i >= 0 and furthest[i] > start

"""Where a clause stands in its sentence: what the tone layer reads besides the clause itself.

A clause is a run of text between clause marks. A clause beside one that is off-script
needs less evidence than a clause on its own (with_context), and a discourse marker beside
a finding of its own family is part of that finding, not a second one (absorbed). Both look
only within a sentence, and both are linear: spans are looked up by bisect.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from agentdesk.lint.clauses import furthest_end_by_start, overlaps

# Clause marks: sentence ends, commas (full- and half-width), semicolons and line breaks.
# A clause is a run between them that starts and ends with something other than a space.
_MARKS = "。！？；，!?;,\n\r"
_SPACE = " \t\u3000\u200b\ufeff"
_CLAUSE = re.compile(f"[^{_MARKS}{_SPACE}](?:[^{_MARKS}]*[^{_MARKS}{_SPACE}])?")
# What ends a sentence: a clause beside a flagged one counts as its context only before these.
_SENTENCE_END = re.compile("[。！？；!?;\n\r]")
# A clause this short is a discourse marker (说真的, 放心吧) when a clause beside it says the
# same thing: the finding is the clause beside it.
_SHORT_CLAUSE = 3
# The families a short clause cannot carry alone: a complaint names what is wrong, a promise
# what will happen. 随你, 快点, 不行 and 大姐 can (激化矛盾, 不耐烦, 拒绝无替代, 不礼貌称呼).
_NEEDS_CONTENT = frozenset({"抱怨公司", "过度承诺"})

# (start, end, family) of a flagged clause; (start, end, score, family) of a judged one
Flagged = tuple[int, int, str]
Judged = tuple[int, int, float, str]


def clause_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each clause of text, edge spaces trimmed, empty clauses dropped."""
    return [m.span() for m in _CLAUSE.finditer(text)]


def _same_sentence(text: str, end: int, start: int) -> bool:
    """No sentence mark in text[end:start] (between two clauses)."""
    return not _SENTENCE_END.search(text, end, start)


def with_context(text: str, skip: Sequence[tuple[int, int]], judged: list[Judged],
                 flagged: list[Flagged], low: float, high: float) -> list[Flagged]:
    """flagged, and the judged clauses scoring in (low, high] that stand next to a flagged
    clause or a rule's finding (skip) with no sentence mark between them.

    An agent who has just said 我们这边就是一个接线的 goes on in the same breath (工资才三千，
    你跟我发火有啥用): a clause beside one that is off-script needs less evidence than a
    clause on its own. Measured by leaving one writer out (train.CONTEXT_THRESHOLD)."""
    spans = clause_spans(text)
    at = {span: i for i, span in enumerate(spans)}
    anchors = {at[(s, e)] for s, e, _ in flagged if (s, e) in at}
    if skip:
        index = furthest_end_by_start(skip)
        anchors.update(i for i, (s, e) in enumerate(spans) if overlaps(index, s, e))
    out = list(flagged)
    for s, e, score, family in judged:
        if not low < score <= high:
            continue
        i = at.get((s, e))
        if i is None:
            continue
        if (i - 1 in anchors and _same_sentence(text, spans[i - 1][1], s)) or \
                (i + 1 in anchors and _same_sentence(text, e, spans[i + 1][0])):
            out.append((s, e, family))
    out.sort()
    return out


def absorbed(text: str, flagged: list[Flagged],
             beside: Sequence[tuple[int, int, str]]) -> list[Flagged]:
    """flagged without its short clauses that stand, in the same sentence, next to a flagged
    clause or a rule's finding (beside: start, end, category) of the same family:
    说真的，我们主管根本不管事 is one complaint, 放心吧，明天一定修好 one over-promise (found
    on the second clause). A short clause of the other families stays (大姐，你家那狗天天叫:
    the address is a problem of its own)."""
    if not any(e - s <= _SHORT_CLAUSE and f in _NEEDS_CONTENT for s, e, f in flagged):
        return flagged
    spans = clause_spans(text)
    at = {span: i for i, span in enumerate(spans)}
    family_at: dict[int, set[str]] = {}
    for s, e, family in flagged:
        if (s, e) in at:
            family_at.setdefault(at[(s, e)], set()).add(family)
    if beside:
        starts = [s for s, _ in spans]
        for s, e, category in beside:
            i = max(0, bisect_right(starts, s) - 1)
            while i < len(spans) and spans[i][0] < e:
                if spans[i][1] > s:
                    family_at.setdefault(i, set()).add(category)
                i += 1
    out = []
    for s, e, family in flagged:
        i = at.get((s, e))
        if i is not None and e - s <= _SHORT_CLAUSE and family in _NEEDS_CONTENT and (
                (family in family_at.get(i - 1, ()) and
                 _same_sentence(text, spans[i - 1][1], s)) or
                (family in family_at.get(i + 1, ()) and
                 _same_sentence(text, e, spans[i + 1][0]))):
            continue
        out.append((s, e, family))
    return out

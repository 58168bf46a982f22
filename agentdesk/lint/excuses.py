"""What the reply says after a hit: a rule's `excused_after` word classes, whose words within
AFTER_REACH characters after its hit make it fine (很抱歉这个电话里办不了。我可以帮您查一下最近的
营业厅). Searched after the hit rather than matched as a pattern reaching over sentences, so
the window still relints one sentence at a time."""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable

from agentdesk.lint.model import Finding
from agentdesk.lint.normalize import normalise

# How far after a hit a rule's excused_after words count: the rest of its sentence and the next
# one or two (a reply, not a file of many replies).
AFTER_REACH = 100
_REMEMBERED = 4096  # sentences whose excusing words are kept

# [(start, end, normalise(text[start:end]))] covering a text
Parts = list[tuple[int, int, tuple]]


class Excuses:
    """One Aho-Corasick automaton of excusing words per rule that has any (a Python
    alternation of a hundred words, tried each at every position, cost 20 µs a hit)."""

    def __init__(self, rules, words: dict[str, tuple[str, ...]]) -> None:
        import ahocorasick

        self._automata: dict[str, ahocorasick.Automaton] = {}
        for rule in rules:
            found = {w for c in rule.excused_after for w in words.get(c, ()) if w}
            if found:
                automaton = self._automata[rule.id] = ahocorasick.Automaton()
                for w in found:
                    automaton.add_word(w, w)
                automaton.make_automaton()
        # each remembered sentence's excusing words, {rule: [(start, end)]}
        self._sentences: OrderedDict[str, dict] = OrderedDict()
        self._last: tuple = ("", [], ())  # (text, its findings, those kept)

    def __bool__(self) -> bool:
        return bool(self._automata)

    def kept(self, text: str, findings: list[Finding], *,
             sentences: Callable[[str], Parts] | None = None, normalised=None) -> list[Finding]:
        """findings without those the reply excuses. The words are found in the draft's
        normalisation made once: normalised (the whole draft's, from the whole-draft pass), or,
        for a draft linted sentence by sentence, sentences(text), each sentence's as the memo
        remembers it, with each sentence's words remembered too (a keystroke searches the one
        sentence it changed). Linear in the draft, not in its hits."""
        automata = self._automata
        rules = {f.rule for f in findings if f.rule in automata}
        if not rules:
            return findings
        last_text, last_findings, last_kept = self._last
        if sentences is not None and last_text == text and len(last_findings) == len(
                findings) and all(a is b for a, b in zip(last_findings, findings, strict=True)):
            return list(last_kept)  # the same draft linted again (its remembered findings)
        spans: dict[str, list[tuple[int, int]]] = {rule: [] for rule in rules}
        if sentences is not None:
            cache = self._sentences
            for a, b, (norm, index) in sentences(text):
                piece = text[a:b]
                got = cache.get(piece)
                if got is None:
                    got = cache[piece] = _word_spans(norm, index, automata)
                    if len(cache) > _REMEMBERED:
                        cache.popitem(last=False)
                for rule in rules:
                    spans[rule] += [(a + s, a + e) for s, e in got.get(rule, ())]
        else:
            norm, index = normalised or normalise(text)
            spans.update(_word_spans(norm, index, {r: automata[r] for r in rules}))
        by_start = {}
        for rule, got in spans.items():
            got.sort()
            by_start[rule] = ([s for s, _ in got], [e for _, e in got])
        kept = []
        for f in findings:
            got = by_start.get(f.rule)
            if got is not None:
                starts, ends = got
                limit = f.end + AFTER_REACH
                i = bisect_left(starts, f.end)
                # a word starting and ending within the reach after the hit
                if any(ends[k] <= limit for k in range(i, bisect_left(starts, limit, i))):
                    continue
            kept.append(f)
        if sentences is not None:
            self._last = (text, findings, tuple(kept))
        return kept


def _word_spans(norm: str, index, automata: dict) -> dict[str, list[tuple[int, int]]]:
    """{rule: [(start, end)]} of each automaton's words in norm, as offsets of the text that
    normalised to it (index: normalise's offset map)."""
    out = {}
    for rule, automaton in automata.items():
        found = [(index[last - len(word) + 1], index[last] + 1)
                 for last, word in automaton.iter(norm)]
        if found:
            out[rule] = found
    return out

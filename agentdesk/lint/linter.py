"""The linter: one Aho-Corasick pass over the normalised draft, exceptions, word boundaries,
then the built-in detectors. Fast enough for every keystroke (tens of microseconds).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from pathlib import Path

from agentdesk.lint import detectors
from agentdesk.lint.controls import has_controls, parse_controls
from agentdesk.lint.model import Finding
from agentdesk.lint.normalize import normalise
from agentdesk.lint.rulebook import Rule, Rulebook, load_rulebook

_HIT, _EXCEPTION, _ALLOW = 0, 1, 2
_DETECTORS = {
    "personal_data": detectors.personal_data,
    "placeholders": detectors.placeholders,
    "vague_promises": detectors.vague_promises,
}


class Linter:
    def __init__(self, rulebook: Rulebook) -> None:
        import ahocorasick

        self.rules = rulebook.rules
        self.by_id = {rule.id: rule for rule in self.rules}
        # (rule index, pattern, a literal every match contains): the pattern runs only when its
        # literal is in the draft, so a dozen regular expressions cost a few substring checks.
        self._patterned = [(i, rx, required_literal(rx.pattern))
                           for i, r in enumerate(self.rules) for rx in r.patterns]
        self._detecting = {}
        for rule in self.rules:
            if rule.detector:
                self._detecting.setdefault(rule.detector, {})
        automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[int, int]]] = {}
        for i, rule in enumerate(self.rules):
            for phrase in rule.phrases:
                entries.setdefault(phrase, []).append((_HIT, i))
            for phrase in rule.exceptions:
                entries.setdefault(phrase, []).append((_EXCEPTION, i))
        for phrase in rulebook.allow:
            entries.setdefault(phrase, []).append((_ALLOW, -1))
        for phrase, payload in entries.items():
            automaton.add_word(phrase, (len(phrase), tuple(payload)))
        self._automaton = automaton
        self._empty = not entries
        if entries:
            automaton.make_automaton()

    @classmethod
    def from_phrasebook(cls, path: Path | Sequence[Path] | None = None, *,
                        cache_dir: Path | None = None) -> Linter:
        """The rulebook of these phrasebook directories (None: shipped + configured layers)."""
        if path is None:
            from agentdesk.paths import AppPaths

            paths = list(AppPaths.resolve().phrasebook_dirs)
        elif isinstance(path, (str, Path)):
            paths = [Path(path)]
        else:
            paths = [Path(p) for p in path]
        if cache_dir is not None:
            from agentdesk.chinese import segmenter

            segmenter(cache_dir)
        return cls(load_rulebook(paths))

    def warm_up(self) -> None:
        """Load jieba (word boundaries) and OpenCC now; call it from a worker thread."""
        from agentdesk.chinese import segmenter

        segmenter().tokenizer()
        self.lint("預熱 warm up")

    # -- matching -------------------------------------------------------------------------
    def _phrase_hits(self, norm: str) -> list[tuple[int, int, int]]:
        hits: list[tuple[int, int, int]] = []
        covers: list[tuple[int, int, int]] = []  # (start, end, rule index or -1 for all)
        if not self._empty:
            for end, (length, payload) in self._automaton.iter(norm):
                start = end - length + 1
                for kind, idx in payload:
                    if kind == _HIT:
                        hits.append((start, end + 1, idx))
                    else:
                        covers.append((start, end + 1, idx))
        for idx, rx, literal in self._patterned:
            if literal in norm:
                hits += [(m.start(), m.end(), idx)
                         for m in rx.finditer(norm) if m.end() > m.start()]
        if covers:
            covers.sort()
            starts = [c[0] for c in covers]
            longest = max(ce - cs for cs, ce, _ in covers)
            hits = [h for h in hits if not any(
                h[1] <= ce and (ci == -1 or ci == h[2])
                for cs, ce, ci in covers[bisect_left(starts, h[0] - longest):
                                         bisect_right(starts, h[0])])]
        # longest match first: a hit inside an accepted longer hit adds nothing. Sorted by
        # start, a hit is inside an earlier one exactly when it ends before the furthest end.
        hits.sort(key=lambda h: (h[0], h[0] - h[1]))
        kept: list[tuple[int, int, int]] = []
        furthest = -1
        for h in hits:
            if h[1] > furthest:
                kept.append(h)
                furthest = h[1]
        return kept

    def _stands_as_word(self, norm: str, start: int, end: int) -> bool:
        """jieba's view: does the hit start and end on word boundaries? (True until loaded.)"""
        from agentdesk.chinese import segmenter

        seg = segmenter()
        if not seg.is_ready:
            return True
        lo, hi = max(0, start - 6), min(len(norm), end + 6)
        edges = {lo, hi}
        for _, s, e in seg.tokenize(norm[lo:hi]):
            edges.add(lo + s)
            edges.add(lo + e)
        return start in edges and end in edges

    def lint(self, text: str) -> list[Finding]:
        """Every finding in text, sorted by position; offsets index the original text."""
        if not text:
            return []
        disabled: set[str] | None = set()
        silenced: list[tuple[int, int]] = []
        if has_controls(text):
            disabled, silenced = parse_controls(text)
            if disabled is None:
                return []
        norm, index = normalise(text)
        spans: list[tuple[int, int, Rule]] = []
        for s, e, idx in self._phrase_hits(norm):
            rule = self.rules[idx]
            needs_boundary = rule.boundary if rule.boundary is not None else (e - s) <= 2
            if needs_boundary and not self._stands_as_word(norm, s, e):
                continue
            spans.append((index[s], index[e - 1] + 1, rule))
        phrase_ends = _furthest_end_by_start(spans)
        for name, detect in _DETECTORS.items():
            if name in self._detecting:
                for s, e, rid in detect(text):
                    rule = self.by_id.get(rid)
                    if rule is None:
                        continue
                    # ×× inside 你是不是干××的, 过一段时间 inside a 推诿 phrase: one problem, one
                    # finding. Personal data is always reported on its own.
                    if name != "personal_data" and _inside(phrase_ends, s, e):
                        continue
                    spans.append((s, e, rule))
        findings = []
        quiet = _furthest_end_by_start([(a, b, None) for a, b in silenced])
        for s, e, rule in spans:
            if rule.id in disabled or (silenced and _inside(quiet, s, e)):
                continue
            findings.append(Finding(s, e, rule.id, rule.severity, rule.category, rule.message,
                                    self._suggestions(rule, text[s:e]), text[s:e]))
        findings.sort(key=lambda f: (f.start, f.end, f.rule))
        return findings

    @staticmethod
    def _suggestions(rule: Rule, matched: str) -> tuple[str, ...]:
        if rule.detector == "personal_data":
            return (detectors.mask_personal_data(matched), *rule.suggestions)
        return rule.suggestions


def _furthest_end_by_start(spans) -> tuple[list[int], list[int]]:
    """Sorted starts and, for each, the furthest end of any span starting at or before it."""
    ordered = sorted((s, e) for s, e, _ in spans)
    starts, furthest, best = [], [], -1
    for s, e in ordered:
        best = max(best, e)
        starts.append(s)
        furthest.append(best)
    return starts, furthest


def _inside(index: tuple[list[int], list[int]], start: int, end: int) -> bool:
    """Is [start, end) inside some span of the index? O(log n)."""
    starts, furthest = index
    i = bisect_right(starts, start) - 1
    return i >= 0 and furthest[i] >= end


_GROUP = re.compile(r"\((?:[^()\\]|\\.)*\)[?*]?|\[(?:[^\]\\]|\\.)*\][?*+]?|.[?*]|.\{0,?\d*\}")


def required_literal(pattern: str) -> str:
    """The longest run of plain characters that every match of pattern must contain ("" when
    there is none, which makes the pattern always run). Groups, classes and optional or
    repeated characters are cut out first; a pattern with a top-level | has no such run."""
    if "|" in re.sub(r"\((?:[^()\\]|\\.)*\)|\[(?:[^\]\\]|\\.)*\]", "", pattern):
        return ""
    plain = _GROUP.sub("\x00", pattern)
    runs = re.split(r"[\x00.^$\\+?*{}|()\[\]]", plain)
    return max(runs, key=len, default="")

"""The linter: one Aho-Corasick pass for words, one RE2 set pass for patterns, exceptions, word
boundaries, the built-in detectors, then an optional tone layer. Linear in the draft's length.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

from agentdesk.lint import placeholders, privacy, vague_time
from agentdesk.lint.clauses import (
    Clauses,
    furthest_end_by_start,
    inside,
    one_per_clause,
    one_per_stretch,
    quoted_spans,
)
from agentdesk.lint.controls import has_controls, parse_controls
from agentdesk.lint.excuses import Excuses
from agentdesk.lint.model import Finding, RuleProblem, Severity
from agentdesk.lint.normalize import normalise
from agentdesk.lint.patterns import CLAUSE_MARKS, PatternSet, Utf8Offsets, encode
from agentdesk.lint.pieces import SentenceMemo, local_phrase, local_source
from agentdesk.lint.rulebook import Rule, Rulebook, load_rulebook

_HIT, _EXCEPTION, _ALLOW = 0, 1, 2
_DETECTORS = {
    "personal_data": privacy.personal_data,
    "placeholders": placeholders.placeholders,
    "vague_promises": vague_time.vague_promises,
}
_WINDOW = 6          # characters of context jieba sees on each side of a short hit
_EDGE_CACHE = 4096   # short windows recur while typing: each is segmented once
_SENTENCE_CACHE = 4096
_CACHED_UP_TO = 5000  # characters: a draft, not a pasted transcript
_SENTENCE_END = re.compile(r"[。！？!?\n]")


def _mostly_quoted(quoted: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does more than half of [start, end) lie inside the quotes (sorted, not overlapping)?
    您提到“问了三次都说不知道”: a match of the agent's reporting words and the customer's."""
    i = max(0, bisect_right(quoted, (start, end)) - 1)
    inner = 0
    while i < len(quoted) and quoted[i][0] < end:
        inner += max(0, min(end, quoted[i][1]) - max(start, quoted[i][0]))
        i += 1
    return 2 * inner > end - start


class Linter:
    def __init__(self, rulebook: Rulebook, *, tone=None) -> None:
        import ahocorasick

        self.rules = rulebook.rules
        self.problems: list[RuleProblem] = list(rulebook.problems)
        self.by_id = {rule.id: rule for rule in self.rules}
        # tone: an object with findings(text, skip, beside) -> [Finding] (agentdesk.lint.tone),
        # asked last with the spans the rules already flagged and, beside, their categories.
        self.tone = tone
        if tone is not None and hasattr(tone, "excuse_with"):
            tone.excuse_with(rulebook.words)
        self._patterns = [(i, rx) for i, r in enumerate(self.rules) for rx in r.patterns]
        self._set = PatternSet([rx.pattern for _, rx in self._patterns])
        # a rule's exceptions, compiled when the rule first hits (most never do in a given run);
        # matched one by one, as one alternation's matches cannot overlap (see _pattern_hits)
        self._exception_sources = {i: r.exception_patterns for i, r in enumerate(self.rules)
                                   if r.exception_patterns}
        self._exceptions: dict[int, tuple] = {}
        self._excepting = bool(self._exception_sources)
        # rules whose hit the words of some classes later in the reply excuse (excused_after)
        self._excuses = Excuses(self.rules, rulebook.words)
        self._detecting = {r.detector for r in self.rules if r.detector}
        self._detector_ids = frozenset(r.id for r in self.rules if r.detector)
        self._edges: OrderedDict[str, frozenset[int]] = OrderedDict()
        self._sentences: OrderedDict[str, list[tuple[int, int, int]]] = OrderedDict()
        # remember: lint a short draft sentence by sentence (agentdesk.lint.pieces), each
        # sentence's findings and normalised text remembered; False lints every draft whole
        # and uncached (the reference the tests compare with).
        self.remember = True
        local = [local_source(rx.pattern) for _, rx in self._patterns]
        self._local_patterns = [p for p, ok in zip(self._patterns, local, strict=True) if ok]
        self._local_set = PatternSet([rx.pattern for _, rx in self._local_patterns])
        self._local_exception_sources = {
            i: tuple(rx for rx in sources if local_source(rx.pattern))
            for i, sources in self._exception_sources.items()}
        self._local_exceptions: dict[int, tuple] = {}
        # patterns that may reach over a sentence mark: a draft any of them matches is linted
        # whole (one RE2 set pass over the joined normalised sentences says)
        reaching = [rx.pattern for (_, rx), ok in zip(self._patterns, local, strict=True)
                    if not ok]
        reaching += [rx.pattern for sources in self._exception_sources.values()
                     for rx in sources if not local_source(rx.pattern)]
        self._memo = SentenceMemo(self._piece_findings,
                                  PatternSet(reaching) if reaching else None, len(reaching))
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
        self._splittable = all(local_phrase(p) for p in entries)
        if entries:
            automaton.make_automaton()

    @classmethod
    def from_phrasebook(cls, path: Path | Sequence[Path] | None = None, *,
                        cache_dir: Path | None = None, tone="layers") -> Linter:
        """The rulebook of these phrasebook directories (None: shipped + configured layers).
        Broken files are skipped and listed in `linter.problems`. tone: "layers" takes the
        tone model (models/tone.json) of the last layer that has a good one; None, none."""
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
        if tone != "layers":
            return cls(load_rulebook(paths, cache_dir), tone=tone)
        from agentdesk.lint.tone import MODEL_FILE, load_from_layers

        model, refused = load_from_layers(paths)
        linter = cls(load_rulebook(paths, cache_dir), tone=model)
        linter.problems += [RuleProblem(file=Path(MODEL_FILE), message=m) for m in refused]
        return linter

    def warm_up(self, boundaries_within: float | None = None, *, words: bool = True) -> None:
        """Compile every pattern and load OpenCC and jieba now; call it from a worker thread.
        boundaries_within: wait at most this many seconds for jieba (its lexicon opens in tens
        of ms, but is built once, in a couple of seconds, on the very first start); until it is
        ready, short hits count as words, as they always did before jieba loaded. words=False:
        leave jieba for the caller to load later."""
        from agentdesk.chinese import segmenter

        self.compile_patterns()
        seg = segmenter()
        if words and boundaries_within is None:
            seg.tokenizer()
        elif words and not seg.is_ready:
            seg.load_in_background()
            seg.wait(boundaries_within)
        self.lint("預熱 warm up")

    def compile_patterns(self) -> None:
        """Build now what is otherwise compiled on first use (off the keystroke path)."""
        for _, rx in self._patterns:
            rx.byte_spans(b"")
        for idx, sources in self._exception_sources.items():
            if idx not in self._exceptions:
                for rx in sources:
                    rx.byte_spans(b"")
                self._exceptions[idx] = tuple(sources)

    # -- matching -------------------------------------------------------------------------
    def _hits(self, norm: str, local: bool = False) -> list[tuple[int, int, int]]:
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
        if self._patterns or self._excepting:
            self._pattern_hits(norm, hits, covers, local)
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

    def _word_hits(self, norm: str, local: bool = False) -> list[tuple[int, int, int]]:
        """Hits that pass the word-boundary check (short phrases must stand as words).
        local: only the patterns that stay within a sentence (for one sentence of a draft)."""
        out = []
        for s, e, idx in self._hits(norm, local):
            rule = self.rules[idx]
            needs_boundary = rule.boundary if rule.boundary is not None else (e - s) <= 2
            if needs_boundary and not self._stands_as_word(norm, s, e):
                continue
            out.append((s, e, idx))
        return out

    def _sentence_hits(self, norm: str) -> list[tuple[int, int, int]]:
        """_word_hits, remembered per sentence for drafts of window size: while an agent
        types, every sentence but the one under the cursor is unchanged, so a keystroke
        matches one sentence. Sentences not seen before are matched in one joined pass."""
        from agentdesk.chinese import segmenter

        if len(norm) > _CACHED_UP_TO or not segmenter().is_ready:
            return self._word_hits(norm)
        pieces, start = [], 0
        for m in _SENTENCE_END.finditer(norm):
            pieces.append((start, m.end()))
            start = m.end()
        if start < len(norm):
            pieces.append((start, len(norm)))
        cache = self._sentences
        missing = [(a, b) for a, b in pieces if norm[a:b] not in cache]
        if missing:
            joined = "".join(norm[a:b] for a, b in missing)
            per: list[list] = [[] for _ in missing]
            ends, at = [], 0
            for a, b in missing:
                at += b - a
                ends.append(at)
            k = 0
            for s, e, idx in self._word_hits(joined):
                while ends[k] <= s:
                    k += 1
                base = ends[k] - (missing[k][1] - missing[k][0])
                per[k].append((s - base, e - base, idx))
            for (a, b), found in zip(missing, per, strict=True):
                cache[norm[a:b]] = found
            while len(cache) > _SENTENCE_CACHE:
                cache.popitem(last=False)
        out: list[tuple[int, int, int]] = []
        for a, b in pieces:
            out += [(s + a, e + a, idx) for s, e, idx in cache[norm[a:b]]]
        return out

    def _pattern_hits(self, norm: str, hits: list, covers: list, local: bool = False) -> None:
        """Pattern hits and the exception matches of every rule that hit, on UTF-8 bytes."""
        data = encode(norm)
        found: list[tuple[int, int, int]] = []
        patterns, pattern_set = ((self._local_patterns, self._local_set) if local
                                 else (self._patterns, self._set))
        exceptions, exception_sources = ((self._local_exceptions, self._local_exception_sources)
                                         if local else
                                         (self._exceptions, self._exception_sources))
        for k in pattern_set.matching(data, len(patterns)):
            idx, rx = patterns[k]
            found += [(s, e, idx) for s, e in rx.byte_spans(data)]
        excepted: list[tuple[int, int, int]] = []
        for idx in {h[2] for h in hits} | {f[2] for f in found}:
            listed = exceptions.get(idx)
            if listed is None:
                sources = exception_sources.get(idx)
                if sources is None:
                    continue
                # each exception on its own: one alternation's matches do not overlap, so an
                # exception matching earlier (a conditional clause) hid a later, longer one
                listed = exceptions[idx] = tuple(sources)
            for rx in listed:
                excepted += [(s, e, idx) for s, e in rx.byte_spans(data)]
        if not found and not excepted:
            return
        offsets = Utf8Offsets(data, len(data) == len(norm))
        chars = offsets.chars({o for s, e, _ in found + excepted for o in (s, e)})
        for s, e, idx in found:
            s, e = chars[s], chars[e]
            # a pattern may start or end "at a clause edge": the mark is not the problem
            while e > s and norm[e - 1] in CLAUSE_MARKS:
                e -= 1
            while s < e and norm[s] in CLAUSE_MARKS:
                s += 1
            if e > s:
                hits.append((s, e, idx))
        covers += [(chars[s], chars[e], idx) for s, e, idx in excepted]

    def _stands_as_word(self, norm: str, start: int, end: int) -> bool:
        """jieba's view: does the hit start and end on word boundaries? (True until loaded.)"""
        from agentdesk.chinese import segmenter

        seg = segmenter()
        if not seg.is_ready:
            return True
        lo, hi = max(0, start - _WINDOW), min(len(norm), end + _WINDOW)
        window = norm[lo:hi]
        edges = self._edges.get(window)
        if edges is None:
            cuts = {0, len(window)}
            for _, s, e in seg.tokenize(window):
                cuts.add(s)
                cuts.add(e)
            edges = self._edges[window] = frozenset(cuts)
            if len(self._edges) > _EDGE_CACHE:
                self._edges.popitem(last=False)
        return start - lo in edges and end - lo in edges

    def lint(self, text: str, *, grouped: bool = True) -> list[Finding]:
        """Every finding in text, sorted by position; offsets index the original text.

        grouped: a family's findings in touching clauses of one sentence come as one
        (clauses.one_per_stretch); False gives each rule's and each tone clause's own, as a
        rule's examples are checked."""
        if not text:
            return []
        disabled: set[str] | None = set()
        silenced: list[tuple[int, int]] = []
        if has_controls(text):
            disabled, silenced = parse_controls(text)
            if disabled is None:
                return []
        findings = None
        normalised = None
        if self.remember and not silenced and self._splittable and len(text) <= _CACHED_UP_TO:
            findings = self._by_sentence(text)
        if findings is None:
            normalised = normalise(text)
            findings = self._findings(text, disabled, silenced, self._word_hits, normalised)
        if self._excuses:
            # linted sentence by sentence (normalised is None): the memo's sentences
            findings = self._excuses.kept(
                text, findings, normalised=normalised,
                sentences=self._memo.normalised if normalised is None else None)
        if self.tone is not None:
            quiet = furthest_end_by_start(silenced) \
                if silenced else None
            skip = sorted((f.start, f.end) for f in findings)
            beside = [(f.start, f.end, f.category) for f in findings
                      if f.severity is not Severity.INFO]
            findings += [f for f in self.tone.findings(text, skip, beside)
                         if f.rule not in disabled
                         and not (silenced and inside(quiet, f.start, f.end))]
            findings.sort(key=lambda f: (f.start, f.end, f.rule))
        if grouped and len(findings) > 1:
            findings = one_per_stretch(text, findings, self._alone)
        return findings

    def _alone(self, finding: Finding) -> bool:
        """Findings one_per_stretch leaves as they are: the detectors' (each number, each slot
        is a problem of its own) and notes."""
        return finding.severity is Severity.INFO or finding.rule in self._detector_ids

    def _by_sentence(self, text: str) -> list[Finding] | None:
        """The rules' findings, sentence by sentence, each sentence remembered: a keystroke
        lints the one sentence it changed. None when the draft must be linted whole."""
        from agentdesk.chinese import segmenter

        if not segmenter().is_ready:
            return None  # boundaries change once jieba loads: nothing may be remembered
        return self._memo.findings(text)

    def _piece_findings(self, piece: str, normalised) -> list[Finding]:
        return self._findings(piece, set(), [], lambda n: self._word_hits(n, True), normalised)

    def _findings(self, text: str, disabled: set[str], silenced: list[tuple[int, int]],
                  hits_of, normalised=None) -> list[Finding]:
        """The rules' findings in text, from the hits hits_of(normalised text) gives
        (normalised: normalise(text), when the caller has it already)."""
        # The customer's words quoted back ("您说的“不知道”") are not the agent's: silence
        # them for every rule but personal data, which leaks whoever said it.
        quoted = quoted_spans(text)
        norm, index = normalised or normalise(text)
        rules = self.rules
        spans: list[tuple[int, int, Rule]] = [(index[s], index[e - 1] + 1, rules[idx])
                                              for s, e, idx in hits_of(norm)]
        phrase_ends = None
        for name, detect in _DETECTORS.items():
            if name in self._detecting:
                for s, e, rid in detect(text):
                    rule = self.by_id.get(rid)
                    if rule is None:
                        continue
                    # ×× inside 你是不是干××的, 过一段时间 inside a 推诿 phrase: one problem, one
                    # finding. Personal data is always reported on its own.
                    if name != "personal_data":
                        if phrase_ends is None:  # built once, and only when needed
                            phrase_ends = furthest_end_by_start(
                                [x for x in spans if not x[2].detector])
                        if inside(phrase_ends, s, e):
                            continue
                    spans.append((s, e, rule))
        findings: list[Finding] = []
        quiet = furthest_end_by_start(silenced) if silenced else None
        hushed = furthest_end_by_start(quoted) if quoted else None
        make = Finding._fast
        for s, e, rule, left, right in one_per_clause(spans, Clauses(text).marks(), text):
            if rule.id in disabled or (silenced and inside(quiet, s, e)):
                continue
            if quoted and rule.detector != "personal_data" and (
                    inside(hushed, s, e) or _mostly_quoted(quoted, s, e)):
                continue
            matched = text[s:e]
            findings.append(make(s, e, rule.id, rule.severity, rule.category, rule.message,
                                 self._suggestions(rule, matched), matched,
                                 *((left, right) if rule.fix == "clause" else (-1, -1))))
        return findings

    @staticmethod
    def _suggestions(rule: Rule, matched: str) -> tuple[str, ...]:
        if rule.detector == "personal_data":
            return (privacy.mask(matched, rule.id), *rule.suggestions)
        return rule.suggestions

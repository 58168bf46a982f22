"""Where a draft can be cut into sentences that lint alone exactly as they lint together, and
the memo of each sentence's findings the window's linter keeps (SentenceMemo).

The window relints the whole draft on every keystroke, but a keystroke changes one sentence:
the linter remembers each sentence's findings and lints only the one that changed. That is
only sound where nothing the linter looks at crosses the cut, so a cut is made only:
- after a run of sentence marks (。！？!?): normalisation keeps them, jieba never joins words
  across them, clause marks include them, and a run stays whole (。。 normalises as one);
- not where a number follows within `_CONTEXT` characters (the personal-data detector reads
  the words before a number: 银行卡。6222… is a card);
- not inside a bracket, template variable or quotation that spans it;
- never for a rulebook whose phrases hold a sentence mark before other text, and never for a
  draft where a pattern that can reach over a mark (`.`, `^`, `$`, `[^…]` without the
  marks) matches at all: `local_source` sorts the patterns once, the linter checks the rest
  with one RE2 set pass over the whole draft and lints it whole when any of them matches.
"""

from __future__ import annotations

import re
from collections import OrderedDict

from agentdesk.lint.clauses import MARK, QUOTE
from agentdesk.lint.model import Finding
from agentdesk.lint.normalize import normalise
from agentdesk.lint.patterns import GAP, PatternSet, encode
from agentdesk.lint.placeholders import BRACKET, TEMPLATE_VAR

SPLIT_MARKS = "。！？!?"
_REMEMBERED = 4096  # sentences (and sentence places): a day of drafts, a few MB at most
_RUN = re.compile("[。！？!?]+")
_CONTEXT = 13  # personal_data reads up to 12 characters before a number (privacy._context)
_NUMBER_NEAR = re.compile("[0-9０-９]")
_PAIRED = re.compile("[\\[［【（{｛<＜〈$“「『\"]")
_SPANNING = (BRACKET, TEMPLATE_VAR, QUOTE)
_ESCAPE = re.compile(r"\\.")
_SAFE_CLASS = re.compile(r"\[\^[^\]]*\]")
_QUANTIFIER = re.compile(r"(?<=[)\]}+*?\w])\?")
_REACHES = re.compile(r"[.^$。！？!?]|\[\^")
# a clause edge at the end is safe: the mark it takes ends the match, and `$` can only follow
# text that took no mark, which is the end of the draft itself
_EDGE_AT_END = "(?:[，。！？,.!?]|$)"
_EDGE_AT_START = re.compile(r"\(\?:\^\|\[([^\]\\^]*)\]\)")


def local_source(source: str) -> bool:
    """Can this RE2 pattern match only within one sentence (marks at most at its end)?
    Conservative: a pattern it cannot vouch for is treated as reaching over marks."""
    text = source.replace(GAP, "")
    if text.endswith(_EDGE_AT_END):
        text = text[:-len(_EDGE_AT_END)]
    else:
        # a clause edge at the start whose marks include every sentence mark finds the
        # sentence's start where the whole draft finds the mark before it (and a hit is
        # trimmed of marks); with an edge at the end too, the match before may have taken
        # that mark, so such a pattern is not local
        edge = _EDGE_AT_START.match(text)
        if edge and all(c in edge.group(1) for c in SPLIT_MARKS):
            text = text[edge.end():]
    text = text.replace("\\p{Han}", "")
    if re.search(r"\\[WSDAzbBpPCQ]", text):
        return False
    text = _ESCAPE.sub(lambda m: "!" if m.group(0)[1] in SPLIT_MARKS else "", text)
    # [^…] that excludes every sentence mark stays within a sentence
    text = _SAFE_CLASS.sub(lambda m: "" if all(c in m.group(0) for c in SPLIT_MARKS) else "[^",
                           text)
    text = text.replace("(?:", "(").replace("(?P<", "(")
    text = _QUANTIFIER.sub("", text)
    return _REACHES.search(text) is None


def local_phrase(phrase: str) -> bool:
    """A phrase whose sentence marks (if any) all stand at its end stays within one sentence."""
    stripped = phrase.rstrip(SPLIT_MARKS)
    return not any(m in stripped for m in SPLIT_MARKS)


def sentences(text: str) -> list[tuple[int, int]]:
    """[(start, end)] covering text, cut only where the cut changes no finding."""
    size = len(text)
    cuts = [m.end() for m in _RUN.finditer(text)]
    if cuts and cuts[-1] == size:
        cuts.pop()
    if cuts and _NUMBER_NEAR.search(text) is not None:
        cuts = [c for c in cuts if _NUMBER_NEAR.search(text, c, c + _CONTEXT) is None]
    if cuts and _PAIRED.search(text) is not None:
        spans = [m.span() for rx in _SPANNING for m in rx.finditer(text)]
        if spans:
            cuts = [c for c in cuts if not any(s < c < e for s, e in spans)]
    out, start = [], 0
    for c in cuts:
        out.append((start, c))
        start = c
    out.append((start, size))
    return out


class SentenceMemo:
    """Each sentence's findings (and normalised text) remembered, at its place in the draft
    and on its own, so a keystroke lints the one sentence it changed.

    lint_piece(sentence, normalise(sentence)) gives a sentence's findings on its own;
    reaching is the RE2 set of the patterns that may reach over a sentence mark."""

    def __init__(self, lint_piece, reaching: PatternSet | None, reaching_count: int) -> None:
        self._lint_piece = lint_piece
        self._reaching = reaching
        self._reaching_count = reaching_count
        # sentence -> (its findings on its own, normalise(sentence))
        self._pieces: OrderedDict[str, tuple[list[Finding], tuple]] = OrderedDict()
        self._placed: OrderedDict[tuple[int, str], tuple[list[Finding], str]] = OrderedDict()
        self._last: tuple[str, list[tuple[int, int]]] = ("", [])  # the last text, its cuts

    def clear(self) -> None:
        self._pieces.clear()
        self._placed.clear()
        self._last = ("", [])

    def findings(self, text: str) -> list[Finding] | None:
        """The findings of text, or None when a reaching pattern matches (lint it whole)."""
        parts = []
        placed = self._placed
        spans = sentences(text)
        self._last = (text, spans)
        for a, b in spans:
            piece = text[a:b]
            got = placed.get((a, piece))
            if got is None:
                got = self._place(text, piece, a, b)
            parts.append(got)
        if self._reaching is not None:
            data = encode("".join(norm for _, norm in parts))
            if self._reaching.matching(data, self._reaching_count):
                return None
        out: list[Finding] = []
        for found, _ in parts:
            out += found
        return out

    def normalised(self, text: str) -> list[tuple[int, int, tuple]]:
        """[(start, end, normalise(text[start:end]))] over text's sentences: as remembered
        when text was the last one linted here (a keystroke normalises nothing again)."""
        last, spans = self._last
        if last != text:
            spans = sentences(text)
        pieces = self._pieces
        out = []
        for a, b in spans:
            got = pieces.get(text[a:b])
            out.append((a, b, normalise(text[a:b]) if got is None else got[1]))
        return out

    def _place(self, text: str, piece: str, a: int, b: int) -> tuple[list[Finding], str]:
        """(the findings of the sentence text[a:b] at its place in text, its normalised
        text), from the sentence's own findings; remembered at that place unless a clause
        fix runs on past the sentence (then where it ends depends on what follows)."""
        cache = self._pieces
        got = cache.get(piece)
        if got is None:
            normalised = normalise(piece)
            got = cache[piece] = (self._lint_piece(piece, normalised), normalised)
            if len(cache) > _REMEMBERED:
                cache.popitem(last=False)
        found, norm = got[0], got[1][0]
        size, steady = len(text), True
        out: list[Finding] = []
        make = Finding._fast
        for f in found:
            fs, fe = f.fix_start, f.fix_end
            if fe >= 0:
                fs += a
                fe += a
                if fe == b and MARK.search(text, a + f.start, b - 1):
                    # the clause ran to the sentence's end: in the draft it runs on to the
                    # next clause mark (as one_per_clause's bisect finds it), wherever
                    # that is: not remembered at this place
                    steady = False
                    m = MARK.search(text, b)
                    fe = m.start() if m else size
            if a == 0 and fe == f.fix_end:
                out.append(f)
            else:
                out.append(make(f.start + a, f.end + a, f.rule, f.severity, f.category,
                                f.message, f.suggestions, f.matched, fs, fe))
        if steady:
            self._placed[(a, piece)] = (out, norm)
            if len(self._placed) > _REMEMBERED:
                self._placed.popitem(last=False)
        return out, norm

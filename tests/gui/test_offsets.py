"""Python code points ↔ Qt UTF-16 units, with emoji (customers send them)."""

from __future__ import annotations

from agentdesk.gui.offsets import py_to_qt, qt_to_py


def test_offsets_round_trip_with_emoji():
    text = "😀您好👍🏻不知道"
    for i in range(len(text) + 1):
        assert qt_to_py(text, py_to_qt(text, i)) == i
    assert py_to_qt(text, 1) == 2          # after one emoji: two UTF-16 units
    assert py_to_qt(text, len(text)) == len(text.encode("utf-16-le")) // 2

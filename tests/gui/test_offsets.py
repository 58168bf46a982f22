"""Python code points ↔ Qt UTF-16 units, with emoji (customers send them)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from agentdesk.gui.offsets import py_to_qt, qt_to_py


def test_offsets_round_trip_with_emoji():
    text = "😀您好👍🏻不知道"
    for i in range(len(text) + 1):
        assert qt_to_py(text, py_to_qt(text, i)) == i
    assert py_to_qt(text, 1) == 2          # after one emoji: two UTF-16 units
    assert py_to_qt(text, len(text)) == len(text.encode("utf-16-le")) // 2


@given(st.text(alphabet=st.sampled_from("a您好，😀👍🏻\U0001f9d1")))
def test_offset_map_agrees_with_utf16_encoding(text):
    from agentdesk.gui.offsets import OffsetMap

    m = OffsetMap(text)
    for i in range(len(text) + 1):
        qt = len(text[:i].encode("utf-16-le")) // 2
        assert m.to_qt(i) == qt
        assert m.to_py(qt) == i
    for i, ch in enumerate(text):
        if ord(ch) > 0xFFFF:                          # the middle of a pair rounds down
            assert m.to_py(m.to_qt(i) + 1) == i

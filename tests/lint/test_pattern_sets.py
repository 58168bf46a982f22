"""The rule patterns' RE2 sets: split into small sets (each compiled in a few ms, so the window's
GUI thread is not held off the GIL by one long compile), they find exactly what one set finds,
in a fixed order (the linter's tie-break between rules hitting the same span)."""

from __future__ import annotations

import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from agentdesk.lint import patterns
from agentdesk.lint.patterns import PatternSet, encode, options


def _one_set(expanded):
    s = re2.Set.SearchSet(options())
    for p in expanded:
        s.Add(p)
    s.Compile()
    return s


def test_the_shipped_patterns_are_in_several_sets_that_find_what_one_set_finds(linter):
    expanded = [rx.pattern for _, rx in linter._patterns]
    assert len(expanded) > patterns._SET_SIZE
    split, whole = PatternSet(expanded), _one_set(expanded)
    assert len(split._sets) == -(-len(expanded) // patterns._SET_SIZE)
    for text in ("肯定明天就能到", "您好，这个问题我也不知道，你自己去问快递吧",
                 "保证马上给您退款，绝对没问题，你自己去问快递吧，不知道", "", "谢谢您的耐心等待"):
        data = encode(text)
        found = split.matching(data, len(expanded))
        assert sorted(found) == sorted(whole.Match(data) or [])
        assert found == sorted(found, reverse=True)         # the later rule first


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["不知道", "快递", "你(自己)?去", "马上|立刻", "[0-9]{3}",
                                 "您好", "稍等", "投诉.{0,3}吧"]), min_size=0, max_size=130),
       st.text(alphabet="不知道快递你自己去马上立刻0123您好稍等投诉吧", max_size=30))
def test_any_patterns_split_or_not_match_the_same(expanded, text):
    data = encode(text)
    found = PatternSet(expanded).matching(data, len(expanded))
    assert sorted(found) == (sorted(_one_set(expanded).Match(data) or []) if expanded else [])
    assert len(found) == len(set(found))


def test_few_shipped_patterns_reach_over_a_sentence_and_ordinary_drafts_stay_in_pieces():
    """A pattern or exception that can match across 。！？ makes every draft it matches linted
    whole, without the sentence memo (an exception reaching over a sentence to an
    <alternative> word once took the 100-character relint from 33 µs to 516 µs)."""
    import json
    from pathlib import Path

    from agentdesk.lint.linter import Linter
    from agentdesk.lint.normalize import normalise

    linter = Linter.from_phrasebook(tone=None)
    memo = linter._memo
    assert memo._reaching_count <= 9
    dev = Path(__file__).with_name("dev") / "drafts.jsonl"
    texts = [json.loads(x)["text"] for x in dev.read_text("utf-8").splitlines() if x.strip()]
    whole = sum(bool(memo._reaching and memo._reaching.matching(
        normalise(t)[0].encode(), memo._reaching_count)) for t in texts)
    assert whole <= len(texts) // 10, whole

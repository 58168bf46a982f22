"""A short clause that only opens what the clause beside it says (说真的，… / 放心吧，…) is not a
finding of its own: the finding is the clause that says it."""

from __future__ import annotations

from agentdesk.lint.tone_context import absorbed, clause_spans


def _flag(text: str, *pairs: tuple[str, str]) -> list[tuple[int, int, str]]:
    spans = {text[s:e]: (s, e) for s, e in clause_spans(text)}
    return [(*spans[clause], family) for clause, family in pairs]


def test_a_discourse_marker_beside_a_complaint_of_its_family_isabsorbed():
    text = "说真的，我们这边的主管根本不管事。"
    flagged = _flag(text, ("说真的", "抱怨公司"), ("我们这边的主管根本不管事", "抱怨公司"))
    assert [text[s:e] for s, e, _ in absorbed(text, flagged, ())] == ["我们这边的主管根本不管事"]


def test_reassurance_beside_a_rule_finding_of_its_family_isabsorbed():
    text = "放心啦，今晚之前一定帮你搞定。"
    flagged = _flag(text, ("放心啦", "过度承诺"))
    rule = (text.index("一定"), text.index("搞定") + 2, "过度承诺")
    assert absorbed(text, flagged, [rule]) == []


def test_a_short_clause_of_another_family_or_across_a_sentence_stays():
    text = "大姐，你家那狗天天叫。"
    flagged = _flag(text, ("大姐", "不礼貌称呼"), ("你家那狗天天叫", "命令指责"))
    assert absorbed(text, flagged, ()) == flagged
    text = "说真的。我们这边的主管根本不管事。"
    flagged = _flag(text, ("说真的", "抱怨公司"), ("我们这边的主管根本不管事", "抱怨公司"))
    assert absorbed(text, flagged, ()) == flagged


def test_a_short_clause_that_carries_the_violation_alone_stays():
    # 随你 provokes on its own, beside the dare the rules found
    text = "你要投诉就去消保官那边投诉，随你。"
    flagged = _flag(text, ("随你", "激化矛盾"))
    rule = (0, text.index("，"), "激化矛盾")
    assert absorbed(text, flagged, [rule]) == flagged


def test_the_linter_reports_the_complaint_not_its_opening_words(linter_for_absorb):
    text = "說真的，我們這邊的主管根本不管事。"
    found = [f for f in linter_for_absorb.lint(text) if f.severity.value != "info"]
    assert found and all(f.start > text.index("，") for f in found)

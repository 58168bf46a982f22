"""One problem, one finding: a family's findings in touching clauses of one sentence come as
one (clauses.one_per_stretch), whose fix does what the parts' fixes do together. Each number
and each slot stays a finding of its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HERE = Path(__file__).parent
COUNTED = ("error", "warning")


def _counted(findings):
    return [f for f in findings if f.severity.value in COUNTED]


def test_a_refusal_said_twice_is_one_finding_with_one_fix(linter):
    text = "不能退，合约期内就是不能退。"
    assert len(_counted(linter.lint(text, grouped=False))) == 2
    (f,) = _counted(linter.lint(text))
    assert (f.start, f.end, f.category) == (0, 13, "拒绝无替代")
    fixed = f.apply(text)
    assert fixed.count("暂时无法办理") == 1 and "不能退" not in fixed
    assert _counted(linter.lint(fixed)) == []


def test_a_word_fix_and_a_clause_fix_are_both_applied(linter):
    text = "喂，哪位？"
    (f,) = linter.lint(text)
    assert f.matched == "喂，哪位"
    assert f.apply(text) == "您好，请问您找哪一位？"


def test_the_rule_outranks_the_tone_layer_it_is_joined_with(linter):
    text = "我跟您保证，以后再也不会出现停播了。"
    (f,) = _counted(linter.lint(text))
    assert f.rule.startswith("promise.") and f.severity.value == "error"
    fixed = f.apply(text)
    assert "保证" not in fixed and "再也不会" not in fixed and fixed.endswith("。")


@pytest.mark.parametrize("text", [
    "不能退。合约期内就是不能退。",                   # a sentence apart
    "不能退，您的合约还有八个月，合约期内就是不能退",   # a clause between
    "您的号码是13812345678，备用号码13987654321",     # each number leaks on its own
    "【客户姓名】您好，【工单号】已受理",               # each slot is a hole of its own
])
def test_what_does_not_touch_or_stands_alone_stays_apart(linter, text):
    assert len(_counted(linter.lint(text))) == len(_counted(linter.lint(text, grouped=False)))


def test_two_families_side_by_side_stay_two(linter):
    text = "你自己去营业厅问，我不知道"
    grouped = _counted(linter.lint(text))
    assert len({f.category for f in grouped}) == len(grouped) >= 2


def _drafts() -> list[str]:
    texts = []
    for path in sorted((HERE / "writers").glob("d4*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


DRAFTS = _drafts()


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.sampled_from(DRAFTS), min_size=1, max_size=4),
       glue=st.sampled_from(["", "，", "。", "\n"]))
def test_every_finding_lies_in_one_finding_of_its_family(linter, parts, glue):
    text = glue.join(parts)
    each, grouped = linter.lint(text, grouped=False), linter.lint(text)
    assert len(grouped) <= len(each)
    for f in each:
        holders = [g for g in grouped if g.start <= f.start and f.end <= g.end
                   and g.category == f.category]
        assert len(holders) == 1, (text, f)
        g = holders[0]
        assert g.fix_span[0] <= f.fix_span[0] and f.fix_span[1] <= g.fix_span[1]
        assert g.severity.rank <= f.severity.rank
    for g in grouped:
        assert text[g.start:g.end] == g.matched
        assert 0 <= g.fix_span[0] <= g.fix_span[1] <= len(text)

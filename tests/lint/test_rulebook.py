"""Every shipped rule's own examples run as tests, so a rule cannot ship broken."""

from __future__ import annotations

import pytest

from agentdesk.lint import Linter, load_rulebook
from agentdesk.paths import shipped_phrasebook

RULES = load_rulebook([shipped_phrasebook()]).rules
BAD = [(r.id, ex) for r in RULES for ex in r.bad_examples]
GOOD = [(r.id, ex) for r in RULES for ex in r.good_examples]


def test_every_rule_has_message_suggestions_or_detector_and_examples():
    assert len(RULES) >= 25
    for rule in RULES:
        assert rule.message and rule.category
        assert rule.bad_examples, rule.id
        assert rule.good_examples, rule.id
        assert rule.suggestions or rule.detector, rule.id


def test_rulebook_covers_the_categories_of_the_manuals():
    categories = {r.category for r in RULES}
    assert {"消极否定", "不耐烦", "命令指责", "不礼貌称呼", "推诿", "过度承诺", "抱怨公司", "隐私",
            "占位符"} <= categories


@pytest.mark.parametrize(("rule_id", "example"), BAD)
def test_bad_example_is_flagged_by_its_rule(linter, rule_id, example):
    found = linter.lint(example, grouped=False)
    assert rule_id in {f.rule for f in found}


@pytest.mark.parametrize(("rule_id", "example"), GOOD)
def test_good_example_is_not_flagged_at_all(linter, rule_id, example):
    assert linter.lint(example) == []


@pytest.mark.parametrize("phrase", ["不知道", "不清楚", "自己看说明", "我现在很忙", "你找谁",
                                    "你是谁",
                                    "这个问题我不会处理", "这个问题我们公司不能给你解决",
                                    "您自己不会解决吗", "你是不是干××的"])
def test_every_forbidden_phrase_of_the_seeds_is_an_error(linter, phrase):
    assert any(f.severity == "error" for f in linter.lint(phrase))


def _rules_dir(tmp_path, body):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "r.toml").write_text(body, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("body", "expected"), [
    ('[[rules]]\ncategory = "x"\nmessage = "m"\nphrases = ["a"]\n', "id"),
    ('[[rules]]\nid = "r"\ncategory = "x"\nmessage = "m"\nseverity = "fatal"\nphrases = ["a"]\n',
     "severity"),
    ('[[rules]]\nid = "r"\ncategory = "x"\nmessage = "m"\n', "phrases"),
    ('[[rules]]\nid = "r"\ncategory = "x"\nmessage = "m"\npatterns = ["(unclosed"]\n', "正则"),
    ('[[rules]\n', "r.toml"),
])
def test_broken_rule_files_are_named_in_one_clear_problem_and_skipped(tmp_path, body, expected):
    # Was: one UserError for the whole rulebook, so one bad team file switched every check off.
    linter = Linter.from_phrasebook([shipped_phrasebook(), _rules_dir(tmp_path, body)])
    (problem,) = linter.problems
    assert expected in str(problem) and "r.toml" in str(problem)
    assert {f.rule for f in linter.lint("这个我不知道")} == {"negative.dont_know"}


def test_a_team_layer_rule_replaces_the_shipped_one_with_the_same_id(tmp_path):
    team = _rules_dir(tmp_path, '[[rules]]\nid = "negative.dont_know"\ncategory = "消极否定"\n'
                      'severity = "info"\nmessage = "团队版"\nphrases = ["不知道"]\n')
    linter = Linter.from_phrasebook([shipped_phrasebook(), team])
    (finding,) = linter.lint("这个我不知道")
    assert (finding.severity, finding.message) == ("info", "团队版")

"""Fixes that read as Chinese: a suggestion replaces what it should and never brings a problem."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from agentdesk.lint import load_rulebook
from agentdesk.lint.placeholders import placeholders
from agentdesk.paths import shipped_phrasebook

DEV = Path(__file__).with_name("dev")
RULES = [r for r in load_rulebook([shipped_phrasebook()]).rules if r.suggestions]
CASES = [(r.id, ex, k) for r in RULES for ex in r.bad_examples for k in range(len(r.suggestions))]


def _apply_all(text, findings, k):
    """Apply suggestion k of every finding, right to left, skipping overlapping fix spans."""
    edge = len(text) + 1
    for f in sorted(findings, key=lambda f: f.fix_span, reverse=True):
        start, end = f.fix_span
        if end > edge:
            continue
        text = f.apply(text, f.suggestions[min(k, len(f.suggestions) - 1)])
        edge = start
    return text


@pytest.mark.parametrize(("rule_id", "example", "k"), CASES)
def test_every_suggestion_fixes_its_rule_and_brings_no_placeholder(linter, rule_id, example, k):
    assert rule_id in {f.rule for f in linter.lint(example, grouped=False)}
    # the fixes the agent is offered: a family's findings in touching clauses come as one
    found = [f for f in linter.lint(example) if f.suggestions]
    fixed = _apply_all(example, found, k)
    after = {f.rule for f in linter.lint(fixed, grouped=False)}
    assert rule_id not in after, fixed
    assert "placeholder.unfilled" not in after, fixed


@pytest.mark.parametrize(("text", "fixed"), [
    ("这个我不知道，您看看。", "我帮您查询后回复您，您看看。"),
    ("这个问题我们不清楚，请稍等。", "我需要核实后给您回复，请稍等。"),
    ("你必须先提供订单号", "麻烦您先提供订单号"),            # a span fix keeps the rest
    ("喂，哪位？", "您好，请问您找哪一位？"),
    # judging the customer's age or skill is a clause to rephrase, not a word to swap for 先生
    ("您耳朵不好吧，我说的是机顶盒。", "不好意思，我换个方式再为您说明一下，我说的是机顶盒。"),
    # a form of address is swapped for a courteous one, by the word's gender when it has one
    ("老太太，您的快递到了。", "女士，您的快递到了。"),
    ("那个谁，你刚才说的工单号是多少？", "您好，你刚才说的工单号是多少？"),
    # an address word and a jibe in one clause: the clause is rephrased, not swapped for 先生
    ("哥们你是真不会玩。", "不好意思，我换个方式再为您说明一下。"),
    # the tone layer's address clause is greeted, a longer one rephrased
    ("这位买家，麻烦提供一下订单号。", "您好，麻烦提供一下订单号。"),
])
def test_the_first_suggestion_leaves_a_sentence(linter, text, fixed):
    assert _apply_all(text, [f for f in linter.lint(text) if f.suggestions], 0) == fixed


def test_a_placeholder_has_no_fix_that_deletes_its_surroundings(linter):
    text = "您好，这里是[公司名称]客户服务中心"
    (f,) = linter.lint(text)
    assert f.suggestions == () and f.apply(text) == text


def test_personal_data_offers_only_the_masked_number(linter):
    text = "您的号码是13812345678，地址是建国路88号3栋1201室"
    fixed = _apply_all(text, linter.lint(text), 0)
    assert fixed == "您的号码是138****5678，地址是建国路**号*栋****室"
    assert linter.lint(fixed) == []


# Doubled words a careless span fix makes: 这个我 + 我帮您… = 这个我我帮您…
_DOUBLED = re.compile(r"(我们|我|您|你|的|了|帮您|为您|给您)\1|我们我|我我们|您你|你您|[，。]{2}")
_FAMILIES = ("消极否定", "不耐烦", "命令指责", "不礼貌称呼", "推诿", "抱怨公司", "拒绝无替代",
             "激化矛盾", "过度承诺", "隐私")


def _labelled_drafts():
    lines = []
    for folder in (DEV, DEV / "fresh", DEV / "fresh2", DEV.parent / "calibration"):
        for path in sorted(folder.glob("*.jsonl")):
            lines += [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]
    return lines


@pytest.fixture(scope="module")
def fixed_drafts(linter):
    """(family, draft, fixed) for every finding of the labelled drafts, each fix alone."""
    out = []
    for d in _labelled_drafts():
        text = d["text"]
        holes = [text[s:e] for s, e, _ in placeholders(text)]
        for f in linter.lint(text):
            if f.suggestions:
                out.append((f.category, text, f.apply(text), holes))
    return out


@pytest.mark.parametrize("family", _FAMILIES)
def test_fixes_on_the_labelled_drafts_read_as_sentences(fixed_drafts, family):
    cases = [c for c in fixed_drafts if c[0] == family]
    assert cases, family
    for _, text, fixed, holes in cases:
        new_doubles = len(_DOUBLED.findall(fixed)) > len(_DOUBLED.findall(text))
        assert not new_doubles, (text, fixed)
        assert all(h in fixed for h in holes), (text, fixed)   # a placeholder keeps its place
        assert "……" not in fixed.replace("……", "", text.count("……")), (text, fixed)

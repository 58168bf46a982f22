"""What the tone layer reports: warnings for clauses the rules missed, never for the
approved templates, with offsets into the text exactly as the agent typed it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agentdesk.i18n import set_language
from agentdesk.lint import Severity
from agentdesk.lint.tone import clause_spans
from agentdesk.paths import shipped_phrasebook
from agentdesk.phrasebook.book import Phrasebook

# Paraphrases written for this test, none of them in the corpus: one or more per family,
# simplified and traditional.
VIOLATIONS = {
    "这事我真搞不明白": "消极否定",
    "網路斷了我也沒辦法": "消极否定",
    "我忙得很没工夫听你讲": "不耐烦",
    "跟你讲了好多回了": "不耐烦",
    "你赶快把截图交上来": "命令指责",
    "是你自己没看清楚": "命令指责",
    "喂那个老太婆": "不礼貌称呼",
    "你这种菜鸡别玩了": "不礼貌称呼",
    "这事你去找快递员吧": "推诿",
    "你去找營業廳吧": "推诿",
    "我们领导脑子有病": "抱怨公司",
    "我們公司就這樣爛": "抱怨公司",
    "你去投诉好了我不在乎": "激化矛盾",
    "嫌贵你别买啊": "激化矛盾",
    "保证明天一定到": "过度承诺",
    "我给您赔三倍": "过度承诺",
    "这个给不了你": None,  # a refusal: 消极否定 or 拒绝无替代 both describe it
}
COMPLIANT = [
    "您好，请问有什么可以帮您？", "这款手机支持5G网络。", "我帮您联系快递公司核实。",
    "面料是百分之百纯棉。", "我们的工作人员绝对不会向您索要密码。", "【温馨提示】",
    "不知道您这两天是否方便？", "本店所有商品均为正品。", "维修师傅明天上午九点上门。",
    "这款不支持七天无理由退货，但是可以享受一年保修。", "频道调整后请重新搜台。",
]


@pytest.mark.parametrize("clause", sorted(VIOLATIONS))
def test_typical_violations_are_flagged_with_their_family(tone_model, clause):
    (finding,) = tone_model.findings(clause)
    family = VIOLATIONS[clause]
    if family is not None:
        assert finding.category == family
    assert finding.rule == f"tone.{finding.category}"
    assert finding.severity is Severity.WARNING
    assert (finding.start, finding.end, finding.matched) == (0, len(clause), clause)
    assert finding.suggestions == tone_model.families[finding.category].suggestions


def test_compliant_replies_are_not_flagged(tone_model):
    assert [(text, f.matched) for text in COMPLIANT for f in tone_model.findings(text)] == []


def _templates():
    return Phrasebook.load([shipped_phrasebook()]).templates


def test_no_clause_of_any_shipped_template_is_flagged(tone_model):
    from agentdesk.phrasebook.placeholders import substitute

    flagged = []
    for tpl in _templates():
        values = {p.name: p.default or (p.choices[0] if p.choices else p.name)
                  for p in tpl.placeholders}
        for text in (tpl.text, substitute(tpl.text, values)):
            flagged += [(tpl.id, f.matched) for f in tone_model.findings(text)]
    assert len(_templates()) > 100
    assert flagged == []


def test_a_violation_among_compliant_clauses_is_found_at_its_offsets(tone_model):
    text = "😀 您好！\n这事你去找快递员吧～ ；其他问题请随时联系我们。"
    (finding,) = tone_model.findings(text)
    start = text.index("这事")
    assert (finding.start, finding.end) == (start, start + len("这事你去找快递员吧～"))
    assert text[finding.start:finding.end] == finding.matched


def test_traditional_and_full_width_text_keeps_original_offsets(tone_model):
    text = "ＯＫ，先生您好，這事你去找快遞員吧！"
    (finding,) = tone_model.findings(text)
    assert finding.matched == "這事你去找快遞員吧" == text[finding.start:finding.end]


def test_clauses_the_rules_reported_are_skipped(tone_model):
    text = "您好，这事你去找快递员吧，谢谢。"
    s = text.index("快递员")
    assert tone_model.findings(text, [(s, s + 3)]) == []
    assert len(tone_model.findings(text, [(0, 2)])) == 1  # another clause: still checked


def test_message_follows_the_language(tone_model):
    try:
        set_language("en")
        (finding,) = tone_model.findings("这事你去找快递员吧")
        assert finding.message.isascii()
        set_language("zh")
        (finding,) = tone_model.findings("这事你去找快递员吧")
        assert not finding.message.isascii()
    finally:
        set_language(None)


def test_clause_spans_trim_spaces_and_drop_empty_clauses():
    text = "  您好，，  请稍等！\n\n我查一下 "
    assert [text[s:e] for s, e in clause_spans(text)] == ["您好", "请稍等", "我查一下"]
    assert clause_spans("") == [] and clause_spans("，。！") == []


_PIECES = st.sampled_from([
    "您好", "这事你去找快递员吧", "我们公司就是垃圾", "這個我不清楚", "ＯＫ", "ｘｘ", "😀", "👍🏻",
    "，", "。", "！", "？", "\n", " ", "\u3000", "\u200b", "不 知 道", "1380013", "退不了", "…",
    "“", "”", "「", "」", "\"",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=12), st.data())
def test_every_finding_indexes_the_original_text(tone_model, pieces, data):
    text = "".join(pieces)
    skip = data.draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, 4)).map(
        lambda p: (p[0], p[0] + p[1])), max_size=2))
    for f in tone_model.findings(text, skip):
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.matched
        assert (f.start, f.end) in clause_spans(text)
        assert not any(s < f.end and f.start < e for s, e in skip)


def test_a_refusal_is_excused_when_the_reply_offers_an_alternative(tone_model):
    (finding,) = tone_model.findings("这个不能退。")
    assert finding.category == "拒绝无替代"
    assert tone_model.findings("这个不能退，不过可以为您换货。") == []
    assert tone_model.findings("這個不能退，不過可以為您換貨。") == []


def test_the_customers_words_quoted_back_are_not_the_agents(tone_model):
    assert tone_model.findings("您刚才说“营业厅的人说不知道”，非常抱歉让您跑了一趟。") == []
    assert tone_model.findings("您说「这事你去找快递员吧，我们管不了」，我来帮您核实。") == []
    (finding,) = tone_model.findings("您说“不知道”，这事你去找快递员吧。")
    assert finding.matched == "这事你去找快递员吧"


def test_a_referral_the_agent_follows_up_is_not_shirking(tone_model):
    assert tone_model.findings("这事你去找快递员吧。")
    assert tone_model.findings("这事你去找快递员吧，我会跟进结果。") == []


def test_whole_drafts_written_apart_from_the_corpus(tone_model):
    """drafts.tsv: 40 compliant and 32 violating replies, several clauses each, written for
    checking the layer as a whole (not for training). A regression guard, not a score."""
    import csv
    from pathlib import Path

    with open(Path(__file__).with_name("drafts.tsv"), encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    compliant = [r["text"] for r in rows if r["label"] == "ok"]
    violating = [r["text"] for r in rows if r["label"] != "ok"]
    assert len(compliant) >= 40 and len(violating) >= 30
    false_alarms = [t for t in compliant if tone_model.findings(t)]
    caught = [t for t in violating if tone_model.findings(t)]
    assert len(false_alarms) <= 1, false_alarms
    # The layer alone, at the threshold floor chosen on the calibration set for precision
    # (train.MIN_THRESHOLD), catches fewer on its own; the shipped linter, rules and layer
    # together, is what an agent gets, and it keeps the 0.9.
    assert len(caught) / len(violating) >= 0.75
    from agentdesk.lint import Linter
    from agentdesk.paths import shipped_phrasebook

    linter = Linter.from_phrasebook(shipped_phrasebook(), tone=tone_model)
    flagged = [t for t in violating if any(f.severity.value != "info" for f in linter.lint(t))]
    noisy = [t for t in compliant if any(f.severity.value != "info" for f in linter.lint(t))]
    assert len(flagged) / len(violating) >= 0.9, set(violating) - set(flagged)
    assert len(noisy) <= 1, noisy

"""Matching right for Chinese: offsets, normalisation, boundaries, detectors, inline control."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentdesk.lint import Linter, mask_personal_data, strip_controls
from agentdesk.lint.normalize import normalise
from agentdesk.lint.privacy import id_card_valid, luhn_valid

CORPUS = Path(__file__).with_name("corpus.tsv")


def _corpus():
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            labels, text = line.split("\t", 1)
            yield (set() if labels == "-" else set(labels.split(","))), text


def test_corpus_precision_and_recall_are_at_least_095(rules_linter):
    linter = rules_linter
    tp = fp = fn = 0
    rows = list(_corpus())
    assert len(rows) >= 150
    for expected, text in rows:
        got = {f.rule for f in linter.lint(text)}
        tp += len(expected & got)
        fp += len(got - expected)
        fn += len(expected - got)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"corpus: {len(rows)} replies, precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.95
    assert recall >= 0.95


@pytest.mark.parametrize("text", ["这个我不知道", "這個我不知道", "不 知 道", "不\u200b知\u200b道",
                                  "ＡＢ不知道", "😀😀不知道"])
def test_offsets_index_the_original_text(linter, text):
    (f,) = [f for f in linter.lint(text) if f.rule == "negative.dont_know"]
    assert text[f.start:f.end] == f.matched
    assert f.matched.replace(" ", "").replace("\u200b", "") in ("不知道",)


@pytest.mark.parametrize("mark", ["\u00ad", "\u2027", "\u30fb", "\uff65", "\u2219", "\uff5e",
                                  "\U0001F44B", "\u270b", "\u2764\ufe0f"])
def test_dots_and_soft_hyphens_inside_a_phrase_do_not_hide_it(linter, mark):
    # d31-d34 disguised 不退不换 with ‧ (U+2027) and a soft hyphen
    text = "这件特价品" + mark.join("不退不换") + "喔"
    (f,) = [f for f in linter.lint(text) if f.rule == "negative.flat_refusal"]
    assert f.matched == mark.join("不退不换") and text[f.start:f.end] == f.matched


def test_full_stops_between_single_characters_do_not_hide_a_phrase(linter):
    # d38 wrote 不.知.道; a full stop between two words (好.谢谢) or in a number stays
    (f,) = [f for f in linter.lint("不.知.道哦，没有这个数据。") if f.rule == "negative.dont_know"]
    assert f.matched == "不.知.道"
    assert normalise("好.谢谢")[0] == "好.谢谢" and normalise("版本1.2.3")[0] == "版本1.2.3"


def test_normalise_maps_each_character_back():
    norm, index = normalise("這個 ＡＢＣ！！！")
    assert norm == "这个abc！"     # Chinese punctuation is kept; its repeats count once
    assert [("這個 ＡＢＣ！！！")[i] for i in index] == ["這", "個", "Ａ", "Ｂ", "Ｃ", "！"]


def test_apply_suggestion_replaces_the_clause_so_the_sentence_still_reads(linter):
    # was "这个我我帮您查询后回复您": the span was replaced inside a clause that kept its subject
    text = "这个我不知道，您看看。"
    (f,) = linter.lint(text)
    assert f.apply(text) == "我帮您查询后回复您，您看看。"
    assert f.apply(text, f.suggestions[1]).startswith("这个问题需要和相关部门确认，")


def test_word_boundary_keeps_single_character_phrases_honest(linter):
    assert linter.lint("喂？") and linter.lint("喂，您好")
    assert not linter.lint("宝宝喂奶的时间")
    assert [f.rule for f in linter.lint("这款拖把有点笨重")] == []


def test_linting_works_before_jieba_is_loaded(tmp_path, monkeypatch):
    from agentdesk import chinese
    from agentdesk.paths import shipped_phrasebook

    fresh = chinese.Segmenter()
    monkeypatch.setattr(chinese, "_SEGMENTER", fresh)
    linter = Linter.from_phrasebook(shipped_phrasebook())
    assert not fresh.is_ready
    assert {f.rule for f in linter.lint("这个我不知道")} == {"negative.dont_know"}


def test_allowlisted_words_are_never_flagged(linter):
    for text in ("保证金已退", "保证期内免费", "喂养指南", "我知道了"):
        assert linter.lint(text) == [], text


def test_personal_data_detectors():
    assert id_card_valid("11010519491231002X")
    assert not id_card_valid("110105194912310021")      # wrong check digit
    assert not id_card_valid("110105194913310028")      # month 13
    assert luhn_valid("6222021234567890128") and not luhn_valid("6222021234567890123")


@pytest.mark.parametrize(("text", "rule"), [
    ("电话13812345678", "privacy.mobile"),
    ("+86 138 1234 5678", "privacy.mobile"),
    ("证件11010519491231002X", "privacy.id_number"),
    ("卡号6222021234567890128", "privacy.bank_card"),
    # a made-up or mistyped number still leaks: an ID shaped number the reply calls an ID (or
    # ending in X), a card number the reply calls a card, whatever their check digits
    ("身份证号110101199003071234", "privacy.id_number"),
    ("證件號碼44030619851212567X", "privacy.id_number"),
    ("银行卡6222021234567890123", "privacy.bank_card"),
])
def test_personal_data_is_an_error_with_a_masked_suggestion(linter, text, rule):
    (f,) = linter.lint(text)
    assert f.rule == rule and f.severity == "error"
    assert "*" in f.suggestions[0]


@pytest.mark.parametrize("text", ["热线400-820-8820", "热线800-820-8820",
                                  "订单号201912131381234567890", "单号1381234567812345",
                                  "已打码138****5678"])
def test_hotlines_order_numbers_and_masked_numbers_are_not_personal_data(linter, text):
    assert linter.lint(text) == []


def test_mask_personal_data():
    assert mask_personal_data("电话13812345678，证件11010519491231002X") == \
        "电话138****5678，证件1101**********002X"


def test_inline_off_on_silences_a_quoted_span_and_disable_turns_a_rule_off(linter):
    quoted = "您说客服回复<!-- agentdesk-off -->“不知道”<!-- agentdesk-on -->，非常抱歉。"
    assert linter.lint(quoted) == []
    assert [f.rule for f in linter.lint(quoted + "我不知道")] == ["negative.dont_know"]
    disabled = "<!-- agentdesk-disable negative.dont_know -->这个我不知道，我保证"
    assert [f.rule for f in linter.lint(disabled)] == ["promise.guarantee"]
    assert strip_controls(quoted) == "您说客服回复“不知道”，非常抱歉。"


def test_vague_promise_is_info_unless_a_time_is_given(linter):
    (f,) = linter.lint("我们会尽快处理")
    assert f.severity == "info"
    assert linter.lint("我们会在2小时内尽快处理") == []


@pytest.mark.parametrize(("pattern", "inside"), [
    ("(我|我这边)(现在)?(很|太)忙", "我这边太忙了"),
    ("<i>_(现在)?很忙", "我们现在很忙"),        # a word class and fillers
    ("不知道~是否", "不知道您这两天是否"),    # a short gap
])
def test_patterns_compile_to_re2_and_run_only_when_the_set_says_they_can_match(pattern, inside):
    from agentdesk.lint.patterns import PatternSet, compile_pattern, encode
    from agentdesk.lint.rulebook import load_rulebook
    from agentdesk.paths import shipped_phrasebook

    classes = {"i": "(?:我们|我)", "filler": "(?:了|啊)", "you": "(?:你|您)"}
    rx = compile_pattern(pattern, classes)
    patterns = PatternSet([rx.pattern])
    assert patterns.matching(encode("您好，请问有什么可以帮您？"), 1) == []
    text = f"好的，{inside}。"
    assert patterns.matching(encode(text), 1) == [0]
    ((start, end),) = rx.byte_spans(encode(text))     # UTF-8 offsets: 3 bytes a character
    assert text.encode()[start:end].decode().startswith(inside[:2])
    assert load_rulebook([shipped_phrasebook()]).problems == []

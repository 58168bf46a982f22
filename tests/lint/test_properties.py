"""For any text: spans inside the text, covering exactly the matched characters, no exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PIECES = st.sampled_from(["不知道", "不 知 道", "這個", "保证金", "保证", "喂", "喂养",
                          "13812345678",
                          "😀", "👍🏻", "\u200b", "\x00", "\n", "！！", "ＡＢ", "{客户称呼}", "XX",
                          "您好", "*", "[公司名称]", "<!-- agentdesk-off -->", "某某"])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=30).map("".join)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_every_finding_covers_exactly_its_original_characters(linter, text):
    for f in linter.lint(text):
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.matched


def test_a_one_megabyte_paste_is_linted_without_error(linter):
    text = ("您好，这个我不知道😀，电话13812345678。" * 40_000)[:1_000_000]
    findings = linter.lint(text)
    assert len(findings) > 1000
    assert all(text[f.start:f.end] == f.matched for f in findings[:50])


def test_control_characters_and_lone_surrogates_do_not_crash(linter):
    linter.lint("\x00\x01\x7f\ud800不知道\udfff")


SENTENCES = st.lists(st.sampled_from(["这个我不知道。", "喂，你找谁？", "您好！", "我保证明天修好",
                                      "不知道您是否方便？", "找快递去吧。", "😀", "\n", "好的",
                                      "您自己看说明吧！", "喂养"]), max_size=12).map("".join)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=SENTENCES, second=SENTENCES)
def test_remembered_sentences_give_the_findings_of_one_fresh_pass(linter, first, second):
    from agentdesk.lint.normalize import normalise

    linter.lint(first)                      # warm the per-sentence memo with some of it
    text = first + second
    norm, _ = normalise(text)
    assert linter._sentence_hits(norm) == sorted(linter._word_hits(norm))


SLOTS = st.lists(st.one_of(st.sampled_from(["X", "x", "Ｘ", "×", "Y", "○", "_", "＿", "〇", "*",
                                            "＊", "月", "日", "小时", "先生", "小", "老", " ",
                                            "尾号", "二", "."]),
                           st.text(max_size=3)), max_size=12).map("".join)


@settings(max_examples=500)
@given(text=SLOTS)
def test_the_placeholder_scan_is_skipped_only_where_it_could_find_nothing(text):
    # placeholders.XX runs only on text holding one of XX_FIRST's characters
    from agentdesk.lint import placeholders

    if placeholders.XX.search(text):
        assert placeholders.XX_FIRST.search(text)


INVISIBLE = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])


@settings(max_examples=200)
@given(cuts=st.lists(st.tuples(st.integers(1, 10), INVISIBLE), max_size=4),
       before=st.sampled_from(["您的手机号是", "电话", "", "已登记，号码"]),
       after=st.sampled_from(["，请核对。", "吗？", ""]))
def test_invisible_characters_inside_a_phone_hide_nothing(cuts, before, after):
    """13812345678 with zero-width characters typed inside is found whole, and its mask shows
    neither the number nor the characters hidden in it."""
    from agentdesk.lint import privacy

    number = "13812345678"
    for at, mark in sorted(cuts, reverse=True):
        number = number[:at] + mark + number[at:]
    text = before + number + after
    found = [(s, e) for s, e, rule in privacy.personal_data(text) if rule == "privacy.mobile"]
    assert found == [(len(before), len(before) + len(number))]
    assert privacy.mask(number, "privacy.mobile") == "138****5678"

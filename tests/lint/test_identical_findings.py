"""The remembering linter (sentence by sentence, as the window relints) finds exactly what one
uncached pass over the whole draft finds: same starts, ends, rules, messages and fixes."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentdesk.chinese import segmenter
from agentdesk.lint import Linter
from agentdesk.paths import shipped_phrasebook

HERE = Path(__file__).parent
ROOT = HERE.parent.parent


def _drafts() -> list[str]:
    """Every labelled draft of tests/lint (the held-out set and the gates excepted: they are
    never read)."""
    texts = []
    for path in sorted(HERE.rglob("*.jsonl")):
        if "heldout" in path.parts or "gates" in path.parts:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    for path in (HERE / "corpus.tsv", HERE / "tone" / "drafts.tsv",
                 ROOT / "phrasebook" / "models" / "tone_clauses.tsv"):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f, delimiter="\t"):
                if row and not row[0].startswith("#") and row[0] != "label":
                    texts.append(row[-1])
    return texts


DRAFTS = _drafts()


def facts(findings) -> list[tuple]:
    return [(f.start, f.end, f.rule, f.severity, f.category, f.message, f.suggestions,
             f.matched, f.fix_start, f.fix_end) for f in findings]


@pytest.fixture(scope="module")
def pair() -> tuple[Linter, Linter]:
    segmenter().tokenizer()
    fast = Linter.from_phrasebook(shipped_phrasebook(), tone=None)
    reference = Linter.from_phrasebook(shipped_phrasebook(), tone=None)
    reference.remember = False
    return fast, reference


def test_the_corpora_are_there():
    assert len(DRAFTS) > 5000


def test_every_draft_and_tone_clause_gives_the_reference_findings(pair):
    fast, reference = pair
    differ = [t for t in DRAFTS if facts(fast.lint(t)) != facts(reference.lint(t))]
    assert differ == []


def test_drafts_run_together_give_the_reference_findings(pair):
    fast, reference = pair
    rnd = random.Random(11)
    joined = ["".join(rnd.sample(DRAFTS, rnd.randint(2, 6))) for _ in range(1500)]
    differ = [t for t in joined if facts(fast.lint(t)) != facts(reference.lint(t))]
    assert differ == []


def test_typing_drafts_one_character_at_a_time_gives_the_reference_findings(pair):
    fast, reference = pair
    rnd = random.Random(12)
    for text in ("".join(rnd.sample(DRAFTS, 3)) for _ in range(40)):
        for end in range(1, len(text) + 1):
            assert facts(fast.lint(text[:end])) == facts(reference.lint(text[:end])), text[:end]


# a refusal or a referral, then (in the same sentence, the next, or beyond the reach) what
# the agent will do: excused_after reads the remembered sentences' normalisations when typing
EXCUSED = ["很抱歉这个电话里办不了。我可以帮您查一下最近的营业厅。",
           "這個我們這邊辦不了！不過可以幫您登記，明天回電。",
           "这个不归我们管。" + "您好。" * 40 + "我帮您转给物业。",
           "详情页上有写发货时间。如果您等不及，我 帮 您 申请退定金。",
           "我处理不了\n我会把您的诉求提交给主管", "门都没有。", "这事办不了，但是"]


@pytest.mark.parametrize("text", EXCUSED)
def test_excuses_after_a_hit_give_the_reference_findings_typed_and_whole(pair, text):
    fast, reference = pair
    for end in range(1, len(text) + 1):
        assert facts(fast.lint(text[:end])) == facts(reference.lint(text[:end])), text[:end]
    excused = {f.rule for f in reference.lint(EXCUSED[0])}
    assert "negative.cannot_handle" not in excused and "negative.flat_refusal" not in excused


def test_an_excuse_beyond_the_reach_does_not_count(pair):
    text = EXCUSED[2]
    for linter in pair:
        assert "deflect.not_our_business" in {f.rule for f in linter.lint(text)}
        assert "deflect.not_our_business" not in {
            f.rule for f in linter.lint("这个不归我们管。我帮您转给物业。")}


def test_the_tone_layer_adds_the_same_findings(pair):
    segmenter().tokenizer()
    fast = Linter.from_phrasebook(shipped_phrasebook())
    reference = Linter.from_phrasebook(shipped_phrasebook())
    reference.remember = False
    rnd = random.Random(13)
    texts = rnd.sample(DRAFTS, 600) + ["".join(rnd.sample(DRAFTS, 4)) for _ in range(300)]
    assert [facts(fast.lint(t)) for t in texts] == [facts(reference.lint(t)) for t in texts]


# What crosses a sentence: quotes, brackets, template variables, numbers whose context is the
# sentence before, runs of marks, line breaks, inline controls, clause fixes reaching the end.
HOSTILE = ["。", "！", "？", "!", "?", "。。", "？！", "\n", " ", "，", "…", "……", "...", "“",
           "”", "「", "」", "\"", "【", "】", "[", "]", "（", "）", "{", "}", "<", ">", "$", "${",
           "#", "%s", "*", "**", "XX", "某某", "银行卡", "身份证", "卡号", "6222021234567890123",
           "11010519491231002X", "13812345678", "138 1234 5678", "１３８１２３４５６７８", "号",
           "路", "88号", "3栋", "502室", "稍后", "尽快", "明天", "不知道", "喂", "晚了", "细路",
           "没办法", "你找谁", "說了多少遍", "這個", "\u200b", "😀", "您好", "我保证",
           "<!-- agentdesk-off -->", "<!-- agentdesk-on -->", "<!-- agentdesk-disable -->"]
MIXTURES = st.lists(st.one_of(st.sampled_from(HOSTILE), st.sampled_from(DRAFTS),
                              st.text(max_size=4)), max_size=14).map("".join)


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=MIXTURES)
def test_hostile_mixtures_give_the_reference_findings(pair, text):
    fast, reference = pair
    assert facts(fast.lint(text)) == facts(reference.lint(text))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=MIXTURES, edit=st.integers(min_value=0))
def test_typing_and_editing_mixtures_gives_the_reference_findings(pair, text, edit):
    fast, reference = pair
    for end in range(1, len(text) + 1):
        assert facts(fast.lint(text[:end])) == facts(reference.lint(text[:end]))
    if text:  # then an edit in the middle, the sentences around it remembered
        at = edit % len(text)
        changed = text[:at] + "不知道。" + text[at:]
        assert facts(fast.lint(changed)) == facts(reference.lint(changed))


# Crafted cases, one per thing that crosses a cut (each failed when its guard was removed).
CROSSING = [
    "请提供卡号！6222 0212 3456 7890 12",        # the card is named in the sentence before
    "身份证？11010519491231002 1",
    "身份证？110105194912310021。好的",
    "请核对[您的。名称]后再提交。",              # a slot bracket spanning a sentence mark
    "请填写【客户！姓名】。",
    "变量${客户。名}未替换。",
    "您说“这个我不知道。您自己看吧”是吗？",      # a quotation spanning sentences
    "太晚了。晚了。晚了！",                        # a clause edge found at a cut, not a mark
    "你是不是干。。的",
    "喂，你找谁？我保证明天修好。",
]


def test_sentences_crossing_a_cut_give_the_reference_findings(pair):
    fast, reference = pair
    for text in CROSSING:
        for end in range(1, len(text) + 1):
            assert facts(fast.lint(text[:end])) == facts(reference.lint(text[:end])), text[:end]


TEAM_RULES = """
[[rules]]
id = "team.who"
category = "粗鲁称呼"
severity = "error"
message = "别这样问"
suggestions = ["请问您需要什么帮助？"]
fix = "clause"
phrases = ["喂，你找谁？"]

[[rules]]
id = "team.start"
category = "消极否定"
severity = "warning"
message = "别这样开头"
suggestions = ["您好"]
patterns = ["^好吧", "算了$", "干.{0,3}啥"]
"""


def test_a_team_rule_reaching_over_sentences_gives_the_reference_findings(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "team.toml").write_text(TEAM_RULES, encoding="utf-8")
    segmenter().tokenizer()
    fast = Linter.from_phrasebook(tmp_path, tone=None)
    reference = Linter.from_phrasebook(tmp_path, tone=None)
    reference.remember = False
    assert not fast.problems
    for text in ("喂，你找谁？您好，稍等。", "喂，你找谁？", "您好。好吧，我看看。算了",
                 "你干。啥", "好吧。好吧！喂，你找谁？，好", "喂，你找谁？\n好的。"):
        for end in range(1, len(text) + 1):
            assert facts(fast.lint(text[:end])) == facts(reference.lint(text[:end])), text[:end]

"""A clause beside a flagged one in the same sentence needs less evidence (context_threshold):
flagged next to a rule's finding or a flagged clause, never across a sentence end, never alone."""

from __future__ import annotations

import json

import pytest

from agentdesk.lint.tone import MODEL_FILE, ToneModel, normalised_clause
from agentdesk.paths import shipped_phrasebook

MIDDLING = "工资才三千"          # a complaint the model is unsure of on its own
RULED = "你跟我发火有啥用"        # stands in for a clause a rule reported (passed as skip)
STRONG = "我们领导脑子有病"       # a clause the model flags on its own


@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads((shipped_phrasebook() / MODEL_FILE).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def model(data) -> ToneModel:
    """The shipped weights with the cuts set around MIDDLING's and STRONG's scores, so the
    test does not depend on where a retrain happens to put them: the full cut halfway between
    them, the context cut just under MIDDLING."""
    shipped = ToneModel(data)
    middling = shipped.violation_score(normalised_clause(MIDDLING))
    strong = shipped.violation_score(normalised_clause(STRONG))
    assert strong > middling + 0.2 and strong > shipped.threshold  # the model tells them apart
    return ToneModel(dict(data, threshold=(middling + strong) / 2,
                          context_threshold=middling - 0.05))


def _flagged(model: ToneModel, text: str, ruled: str | None = None) -> list[str]:
    skip = [(text.index(ruled), text.index(ruled) + len(ruled))] if ruled else []
    return [text[f.start:f.end] for f in model.findings(text, skip)]


def test_the_shipped_model_has_a_lower_cut_for_context(data):
    assert 0 < data["context_threshold"] < data["threshold"]


def test_a_middling_clause_alone_is_not_flagged(model):
    assert _flagged(model, f"{MIDDLING}。") == []
    assert _flagged(model, f"您好，{MIDDLING}，请问还有什么可以帮您？") == []


@pytest.mark.parametrize("text", [f"{MIDDLING}，{RULED}。", f"{RULED}，{MIDDLING}。",
                                  f"{RULED}, {MIDDLING}!"])
def test_beside_a_rules_finding_in_the_same_sentence_it_is(model, text):
    assert _flagged(model, text, RULED) == [MIDDLING]


def test_beside_a_clause_the_model_flags_it_is(model):
    assert model.violation_score(normalised_clause(STRONG)) > model.threshold
    assert _flagged(model, f"{STRONG}，{MIDDLING}。") == [STRONG, MIDDLING]


@pytest.mark.parametrize("mark", ["。", "！", "？", "\n", "；"])
def test_a_sentence_end_between_them_keeps_them_apart(model, mark):
    assert _flagged(model, f"{RULED}{mark}{MIDDLING}。", RULED) == []
    assert _flagged(model, f"{STRONG}{mark}{MIDDLING}。") == [STRONG]


def test_only_the_next_clause_not_a_chain(model):
    text = f"{RULED}，您好，{MIDDLING}。"
    assert MIDDLING not in _flagged(model, text, RULED)


def test_a_model_without_a_context_cut_judges_every_clause_alone(data):
    score = ToneModel(data).violation_score(normalised_clause(MIDDLING))
    plain = {k: v for k, v in data.items() if k != "context_threshold"}
    model = ToneModel(dict(plain, threshold=score + 0.5))
    assert model.context_threshold == model.threshold
    text = f"{MIDDLING}，{RULED}。"
    assert _flagged(model, text, RULED) == []


def test_offsets_index_the_text_as_typed(model):
    text = f"{RULED}，工 资 才 三 千。"
    (s, e), = [(f.start, f.end) for f in model.findings(text, [(0, len(RULED))])]
    assert text[s:e] == "工 资 才 三 千"


@pytest.mark.parametrize("hesitation", ["这个嘛", "那个", "嗯", "這個嘛", "是这样的", "漏水这事啊",
                                        "关于退款这个问题呢", "封阳台这个事", "至于补偿嘛",
                                        "您多担待吧",
                                        "你就多包涵啦", "你就體諒一下嘛", "还请您谅解", "对不对",
                                        "啱唔啱"])
def test_a_hesitation_topic_or_plea_beside_a_finding_is_not_a_finding_of_its_own(data,
                                                                               hesitation):
    """这个嘛，我们店里人手特别紧张 / 漏水这事啊，… / …，您多担待吧: the complaint is the other
    clause; this one says nothing wrong by itself, however low the cuts are."""
    anything = ToneModel(dict(data, threshold=-100.0, context_threshold=-100.0))
    assert _flagged(anything, f"{hesitation}，{STRONG}。") == [STRONG]
    assert _flagged(anything, f"{STRONG}，{hesitation}。") == [STRONG]


@pytest.mark.parametrize("clause", ["好好好", "这是你的问题", "不关我们的事", "你自己理解一下"])
def test_repeats_blame_and_shirking_are_still_the_models_to_judge(data, clause):
    anything = ToneModel(dict(data, threshold=-100.0, context_threshold=-100.0))
    assert clause in _flagged(anything, f"{clause}，{STRONG}。")

"""The model file is data: the shipped one loads, and a bad or hostile one is refused in
one line (ValueError) without pickle, huge allocations or a traceback from deep inside."""

from __future__ import annotations

import base64
import copy
import json
import sys
from array import array
from pathlib import Path

import pytest

from agentdesk.i18n import set_language
from agentdesk.lint import tone
from agentdesk.lint.tone import MODEL_FILE, ToneModel, load_from_layers
from agentdesk.paths import shipped_phrasebook

SHIPPED = shipped_phrasebook() / MODEL_FILE
FAMILIES = {"消极否定", "不耐烦", "命令指责", "不礼貌称呼", "推诿", "抱怨公司", "拒绝无替代",
            "激化矛盾", "过度承诺"}


@pytest.fixture(autouse=True)
def english():
    """The reasons are matched in English below; Chinese is checked on its own."""
    set_language("en")
    yield
    set_language(None)


@pytest.fixture(scope="module")
def shipped_data() -> dict:
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


def test_shipped_model_is_small_plain_json_with_every_family(tone_model, shipped_data):
    assert SHIPPED.stat().st_size < 3_000_000
    assert shipped_data["format"] == tone.FORMAT and shipped_data["version"] == tone.VERSION
    assert set(tone_model.classes) == FAMILIES | {"ok"}
    for family in FAMILIES:
        assert tone_model.families[family].message
        assert tone_model.families[family].suggestions
    training = shipped_data["training"]
    assert len(training["sha256"]) == 64
    assert training["validation_metrics"]["precision"] >= training["target_precision"]


def test_shipped_model_records_the_hash_of_the_shipped_corpus(shipped_data):
    from agentdesk.lint.train import corpus_path, data_hash, read_rows

    assert shipped_data["training"]["sha256"] == data_hash(read_rows(corpus_path()))


def _write(tmp_path: Path, data) -> Path:
    p = tmp_path / "tone.json"
    p.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False),
                 encoding="utf-8")
    return p


def _mutated(data: dict, change) -> dict:
    d = copy.deepcopy(data)
    change(d)
    return d


def _first_gram(d: dict) -> str:
    return next(iter(d["vocabulary"]))


# the array typecode of a packed number, by file version (2: float64, 3: float32)
TYPECODE = {2: "d", 3: "f"}


def _flat(data: dict) -> array:
    flat = array(TYPECODE[data["version"]])
    flat.frombytes(base64.b64decode(data["vocabulary"]["weights"]))
    if sys.byteorder == "big":
        flat.byteswap()
    return flat


def as_version_1(data: dict) -> dict:
    """The shipped model in the older file form, {gram: [idf, weights…]}, which a team's
    model may still be in (it loads, and is checked, as before)."""
    k = len(data["classes"]) + 1
    grams = tone.vocabulary_grams(data)
    rows = _flat(data).tolist()
    return dict(data, version=1,
                vocabulary={g: rows[i * k:(i + 1) * k] for i, g in enumerate(grams)})


def as_version_2(data: dict) -> dict:
    """The shipped model packed as version 2 did (float64): a team's model of last release."""
    flat = array("d", _flat(data))
    if sys.byteorder == "big":
        flat.byteswap()
    return dict(data, version=2, vocabulary=dict(
        data["vocabulary"], weights=base64.b64encode(flat.tobytes()).decode()))


@pytest.fixture(scope="module")
def shipped_v1(shipped_data) -> dict:
    return as_version_1(shipped_data)


MUTATIONS = {
    "top level is a list": lambda d: d.clear() or d.update({"x": 1}),
    "wrong format": lambda d: d.update(format="something-else"),
    "future version": lambda d: d.update(version=99),
    "classes not a list": lambda d: d.update(classes="ok"),
    "no ok class": lambda d: d.update(classes=["x" if c == "ok" else c for c in d["classes"]]),
    "duplicate classes": lambda d: d["classes"].__setitem__(1, d["classes"][2]),
    "intercepts too short": lambda d: d["intercepts"].pop(),
    "intercept a string": lambda d: d["intercepts"].__setitem__(0, "1.0"),
    "intercept a bool": lambda d: d["intercepts"].__setitem__(0, True),
    "threshold missing": lambda d: d.pop("threshold"),
    "threshold huge": lambda d: d.update(threshold=1e400),
    "context threshold a string": lambda d: d.update(context_threshold="0.8"),
    "context threshold null": lambda d: d.update(context_threshold=None),
    "vocabulary empty": lambda d: d.update(vocabulary={}),
    "vocabulary a list": lambda d: d.update(vocabulary=[]),
    "weights too short": lambda d: d["vocabulary"].__setitem__(_first_gram(d), [1.0]),
    "weight a string": lambda d: d["vocabulary"][_first_gram(d)].__setitem__(1, "x"),
    "weight null": lambda d: d["vocabulary"][_first_gram(d)].__setitem__(1, None),
    "negative idf": lambda d: d["vocabulary"][_first_gram(d)].__setitem__(0, -1.0),
    "feature too long": lambda d: d["vocabulary"].__setitem__("很长的特征", d["vocabulary"][
        _first_gram(d)]),
    "family missing": lambda d: d["families"].pop(next(iter(d["families"]))),
    "family message empty": lambda d: d["families"][next(iter(d["families"]))].update(
        message=""),
    "suggestions not a list": lambda d: d["families"][next(iter(d["families"]))].update(
        suggestions="x"),
    "training not an object": lambda d: d.update(training=[1]),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_wrong_types_are_refused_with_one_line(tmp_path, shipped_v1, name):
    p = _write(tmp_path, _mutated(shipped_v1, MUTATIONS[name]))
    with pytest.raises(ValueError) as err:
        ToneModel.load(p)
    assert "\n" not in str(err.value) and str(p) in str(err.value)


def _grams(d: dict) -> list[str]:
    return d["vocabulary"]["grams"].split("\n")


def _weights(d: dict, change) -> None:
    flat = _flat(d)
    change(flat)
    if sys.byteorder == "big":
        flat.byteswap()
    d["vocabulary"]["weights"] = base64.b64encode(flat.tobytes()).decode()


PACKED_MUTATIONS = {
    "vocabulary empty": lambda d: d.update(vocabulary={}),
    "vocabulary a list": lambda d: d.update(vocabulary=[]),
    "grams not text": lambda d: d["vocabulary"].update(grams=["a"]),
    "weights not text": lambda d: d["vocabulary"].update(weights=[1.0]),
    "weights not base64": lambda d: d["vocabulary"].update(weights="!!!!"),
    "weights too short": lambda d: d["vocabulary"].update(
        weights=d["vocabulary"]["weights"][:-12]),
    "one gram too many": lambda d: d["vocabulary"].update(
        grams=d["vocabulary"]["grams"] + "\n的"),
    "duplicate gram": lambda d: d["vocabulary"].update(  # the second gram, twice
        grams="\n".join([_grams(d)[1], *_grams(d)[1:]])),
    "feature too long": lambda d: d["vocabulary"].update(
        grams="很长的特征\n" + d["vocabulary"]["grams"].split("\n", 1)[1]),
    "empty feature": lambda d: d["vocabulary"].update(
        grams="\n" + d["vocabulary"]["grams"].split("\n", 1)[1]),
    "weight NaN": lambda d: _weights(d, lambda w: w.__setitem__(5, float("nan"))),
    "weight infinite": lambda d: _weights(d, lambda w: w.__setitem__(5, float("inf"))),
    "weight huge": lambda d: _weights(d, lambda w: w.__setitem__(5, -1e300)),
    "negative idf": lambda d: _weights(d, lambda w: w.__setitem__(0, -1.0)),
    "version 1 with a packed vocabulary": lambda d: d.update(version=1),
    "version 2 with version 3's float32 vocabulary": lambda d: d.update(version=2),
}


@pytest.mark.parametrize("name", sorted(PACKED_MUTATIONS))
def test_a_damaged_packed_vocabulary_is_refused_with_one_line(tmp_path, shipped_data, name):
    p = _write(tmp_path, _mutated(shipped_data, PACKED_MUTATIONS[name]))
    with pytest.raises(ValueError) as err:
        ToneModel.load(p)
    assert "\n" not in str(err.value) and str(p) in str(err.value)


@pytest.mark.parametrize("older_form", [as_version_1, as_version_2])
def test_the_older_file_forms_give_identical_predictions(tmp_path, shipped_data, tone_model,
                                                          older_form):
    """Version 1 and 2 files (a team's own model) still load, and score exactly as the
    shipped version 3 (the same numbers, widened)."""
    from agentdesk.lint.train import corpus_path, read_rows

    older = ToneModel.load(_write(tmp_path, older_form(shipped_data)))
    for text, _ in read_rows(corpus_path()):
        clause = tone.normalised_clause(text)
        assert older.decision(clause) == tone_model.decision(clause)
        assert older.classify(clause) == tone_model.classify(clause)


def test_version_3_halves_the_packed_weights(shipped_data):
    v2 = as_version_2(shipped_data)
    assert len(v2["vocabulary"]["weights"]) > 1.9 * len(shipped_data["vocabulary"]["weights"])


@pytest.mark.parametrize("content, reason", [
    ("{not json", "not JSON"),
    ("", "not JSON"),
    ("[" * 100_000 + "]" * 100_000, "nested"),
    ('{"format": "agentdesk-tone", "version": 1, "threshold": NaN}', "NaN"),
    ('{"threshold": Infinity}', "Infinity"),
    ("[1, 2, 3]", "top level"),
])
def test_bad_json_is_refused(tmp_path, content, reason):
    p = _write(tmp_path, content)
    with pytest.raises(ValueError, match=reason):
        ToneModel.load(p)


def test_binary_and_missing_files_are_refused(tmp_path):
    p = tmp_path / "tone.json"
    p.write_bytes(b"\x80\x81\xfe\xff" * 100)
    with pytest.raises(ValueError, match="UTF-8"):
        ToneModel.load(p)
    with pytest.raises(ValueError, match="cannot read"):
        ToneModel.load(tmp_path / "absent.json")
    with pytest.raises(ValueError, match="cannot read"):
        ToneModel.load(tmp_path)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    p = tmp_path / "tone.json"
    with open(p, "wb") as fh:  # sparse: no real disk or memory is used
        fh.truncate(tone.MAX_BYTES + 1)
    with pytest.raises(ValueError, match="larger than"):
        ToneModel.load(p)


def test_a_pickle_is_not_a_model(tmp_path):
    import pickle

    p = tmp_path / "tone.json"
    p.write_bytes(pickle.dumps({"format": tone.FORMAT}))
    with pytest.raises(ValueError):
        ToneModel.load(p)


def _layer(root: Path, name: str, content: str | None) -> Path:
    d = root / name
    (d / "models").mkdir(parents=True)
    if content is not None:
        (d / MODEL_FILE).write_text(content, encoding="utf-8")
    return d


def test_the_last_layer_with_a_model_wins(tmp_path, shipped_data):
    team = _mutated(shipped_data, lambda d: d.update(threshold=9.5))
    dirs = [shipped_phrasebook(), _layer(tmp_path, "team", json.dumps(team)),
            _layer(tmp_path, "personal", None)]
    model, problems = load_from_layers(dirs)
    assert problems == [] and model is not None and model.threshold == 9.5


def test_a_broken_team_model_is_reported_and_the_shipped_one_kept(tmp_path):
    dirs = [shipped_phrasebook(), _layer(tmp_path, "team", "{broken")]
    model, problems = load_from_layers(dirs)
    assert model is not None and model.source == str(SHIPPED)
    (problem,) = problems
    assert "team" in problem and "not JSON" in problem


def test_no_layer_with_a_model_gives_none(tmp_path):
    assert load_from_layers([tmp_path, tmp_path / "absent"]) == (None, [])


def test_excuse_words_must_be_text(tmp_path, shipped_data):
    bad = _mutated(shipped_data, lambda d: d["families"]["拒绝无替代"].update(excused_by=[1]))
    with pytest.raises(ValueError, match="excused_by"):
        ToneModel.load(_write(tmp_path, bad))


def test_reasons_are_in_chinese_by_default(tmp_path):
    set_language("zh")
    with pytest.raises(ValueError, match="不是 JSON"):
        ToneModel.load(_write(tmp_path, "{broken"))


def test_layers_may_be_given_as_objects_with_a_path(tmp_path):
    from types import SimpleNamespace

    model, problems = load_from_layers([SimpleNamespace(name="shipped",
                                                        path=shipped_phrasebook())])
    assert problems == [] and model is not None


def test_the_shipped_model_was_trained_with_the_shipped_rulebooks_good_examples(shipped_data):
    """A rule's good example is always fitted, so adding one can move a corpus clause out of
    the validation part and change the model. This catches it in a second, without
    scikit-learn (the full retrain comparison is test_tone_training's)."""
    from agentdesk.lint import train

    rows = train.read_rows(train.corpus_path())
    fit_texts = train.shipped_inputs()["fit_texts"]
    assert shipped_data["training"]["examples_sha256"] == train.examples_hash(rows, fit_texts), \
        "the rulebook's good examples changed the split: retrain (python -m agentdesk.lint.train)"

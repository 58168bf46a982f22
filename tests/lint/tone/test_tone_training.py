"""Retraining: a small labelled file becomes a model the pure-Python scorer reproduces
exactly, and `agentdesk lint train` refuses bad data in one line, changing nothing."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agentdesk.lint import tone
from agentdesk.lint.tone import ToneModel

ROOT = Path(__file__).resolve().parents[3]

BAD = {
    "消极否定": ["这个我不知道", "我也不清楚", "没办法", "我哪知道", "不关我事", "我不懂这个",
             "这个没法弄", "谁知道呢", "我也说不清", "查不到就是查不到"],
    "推诿": ["你找快递去", "去问厂家", "找别的部门", "你自己去营业厅", "找物业去",
           "问你们领导", "这个找商家", "你打别的电话", "去找开发商", "找电视台去"],
}
OK = ["您好", "请稍等", "我帮您查询", "感谢您的耐心", "请问您的订单号", "我马上为您处理",
      "非常抱歉", "祝您生活愉快", "请您放心", "我来联系快递", "我们会尽快回复", "好的没问题",
      "请问还有其他问题吗", "我已经记录下来", "维修师傅明天上门", "您的退款已到账",
      "请保管好验证码", "面料是纯棉的", "这款支持快充", "欢迎再次光临"]


def _rows() -> list[tuple[str, str]]:
    return [(t, fam) for fam, texts in BAD.items() for t in texts] + [(t, "ok") for t in OK]


def _csv(path: Path, rows) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "label", "agent"])
        w.writerows((t, lab, "小王") for t, lab in rows)
    return path


def test_a_trained_model_reproduces_scikit_learns_decisions(tmp_path):
    pytest.importorskip("sklearn")
    from agentdesk.lint import train

    rows = train.read_rows(_csv(tmp_path / "verdicts.csv", _rows()))
    result = train.train(rows)
    path = train.save_model(result.model, tmp_path / "tone.json")
    model = ToneModel.load(path)
    probes = [t for t, _ in rows] + ["这个问题我不知道", "你去问快递", "您好，请稍等", "😀"]
    for text in probes:
        clause = tone.normalised_clause(text)
        expected = result.classifier.decision_function(result.vectorizer.transform([clause]))[0]
        ours = model.decision(clause)
        for cls, score in zip(result.classifier.classes_, expected, strict=True):
            assert ours[cls] == pytest.approx(score, abs=1e-4)
        predicted = result.classifier.classes_[expected.argmax()]
        flagged = -expected[list(result.classifier.classes_).index("ok")] > model.threshold
        assert model.classify(clause) == (
            max(BAD, key=lambda f: ours[f]) if flagged else None)
        if flagged and predicted != "ok":
            assert model.classify(clause) == predicted


def test_the_threshold_is_raised_above_every_guarded_template_clause(tmp_path):
    pytest.importorskip("sklearn")
    from agentdesk.lint import train

    guard = "我不知道，你找快递去。"
    result = train.train(_rows(), guard_texts=[guard])
    model = ToneModel(result.model)
    assert model.findings(guard) == []


def test_threshold_choice_keeps_precision_and_maximises_recall():
    from agentdesk.lint.train import choose_threshold

    scored = [(3.0, "a"), (2.5, "a"), (2.0, "ok"), (1.5, "a"), (1.0, "a"), (0.5, "ok")]
    assert choose_threshold(scored, 1.0) == 2.25
    assert choose_threshold(scored, 0.75) == 0.75
    assert choose_threshold([(1.0, "ok")], 0.97) == 1.0  # nothing reaches it: flag nothing


def run_train(*args: str, cwd: Path, block_sklearn: bool = False) -> subprocess.CompletedProcess:
    code = ("import sys; sys.modules['sklearn'] = None; " if block_sklearn else "import sys; ")
    code += "from agentdesk.cli.lint_train import main; raise SystemExit(main(sys.argv[1:]))"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True,
                          text=True, env=env, check=False)


def test_cli_trains_into_the_personal_layer_by_default(tmp_path, isolated_home):
    pytest.importorskip("sklearn")
    data = _csv(tmp_path / "verdicts.csv", _rows())
    out = run_train(str(data), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    written = isolated_home / "phrasebook" / tone.MODEL_FILE
    assert str(written) in out.stdout and "精确率" in out.stdout
    model, problems = tone.load_from_layers([isolated_home / "phrasebook"])
    assert problems == [] and model is not None and model.training["clauses"] == len(_rows())


def test_cli_reads_json_lines(tmp_path):
    pytest.importorskip("sklearn")
    data = tmp_path / "verdicts.jsonl"
    data.write_text("\n".join(json.dumps({"text": t, "label": lab}, ensure_ascii=False)
                              for t, lab in _rows()), encoding="utf-8")
    out = run_train(str(data), "--output", "m.json", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    ToneModel.load(tmp_path / "m.json")


@pytest.mark.parametrize("name, content, needle", [
    ("v.csv", "text,verdict\n你好,ok\n", "text"),
    ("v.csv", "text,label\n你好,rude\n", "rude"),
    ("v.csv", "text,label\n,ok\n", "v.csv:2"),
    ("v.csv", "text,label\n你好\n", "v.csv:2"),
    ("v.csv", "", "v.csv"),
    ("v.csv", "text,label\n你好,ok\n谢谢,ok\n", "ok"),
    ("v.jsonl", '{"text": "你好", "label": "ok"}\n{"text": "x", "label"\n', "v.jsonl:2"),
    ("v.jsonl", '["你好", "ok"]\n', "v.jsonl:1"),
    ("v.csv", b"text,label\n\xff\xfe,ok\n", "UTF-8"),
])
def test_cli_refuses_malformed_data_in_one_line_and_writes_nothing(tmp_path, name, content,
                                                                   needle):
    pytest.importorskip("sklearn")
    data = tmp_path / name
    if isinstance(content, bytes):
        data.write_bytes(content)
    else:
        data.write_text(content, encoding="utf-8")
    out = run_train(str(data), "--output", "m.json", cwd=tmp_path)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and needle in out.stderr
    assert "Traceback" not in out.stderr and not (tmp_path / "m.json").exists()


def test_cli_refuses_to_overwrite_a_file_that_is_not_a_model(tmp_path):
    data = _csv(tmp_path / "verdicts.csv", _rows())
    foreign = tmp_path / "notes.json"
    foreign.write_text('{"mine": true}', encoding="utf-8")
    out = run_train(str(data), "--output", str(foreign), cwd=tmp_path)
    if out.returncode == 2 and "scikit-learn" in out.stderr:
        pytest.skip("scikit-learn is not installed")
    assert out.returncode == 3 and "Traceback" not in out.stderr
    assert foreign.read_text(encoding="utf-8") == '{"mine": true}'


def test_cli_without_scikit_learn_says_how_to_install_it(tmp_path):
    data = _csv(tmp_path / "verdicts.csv", _rows())
    out = run_train(str(data), "--output", "m.json", cwd=tmp_path, block_sklearn=True)
    assert out.returncode == 2
    assert "pip install 'agentdesk[train]'" in out.stderr and out.stderr.count("\n") == 1
    assert not (tmp_path / "m.json").exists()


def test_module_script_retrains_from_given_data(tmp_path):
    pytest.importorskip("sklearn")
    data = _csv(tmp_path / "verdicts.csv", _rows())
    out = subprocess.run([sys.executable, "-m", "agentdesk.lint.train", str(data), "--output",
                          str(tmp_path / "m.json")], cwd=tmp_path, capture_output=True,
                         text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), check=False)
    assert out.returncode == 0, out.stderr
    assert "precision" in out.stdout
    ToneModel.load(tmp_path / "m.json")


@pytest.mark.slow
def test_the_shipped_model_is_what_the_shipped_corpus_trains_to():
    """Edit the corpus, retrain (python -m agentdesk.lint.train): the two never drift."""
    pytest.importorskip("sklearn")
    from agentdesk.lint import train
    from agentdesk.paths import shipped_phrasebook

    shipped = json.loads((shipped_phrasebook() / tone.MODEL_FILE).read_text(encoding="utf-8"))
    result = train.train(train.read_rows(train.corpus_path()), **train.shipped_inputs())
    assert result.model["threshold"] == pytest.approx(shipped["threshold"], abs=1e-3)
    assert tone.vocabulary_grams(result.model) == tone.vocabulary_grams(shipped)
    assert result.model["training"]["sha256"] == shipped["training"]["sha256"]


def test_cli_can_add_the_shipped_corpus_to_a_few_verdicts(tmp_path):
    pytest.importorskip("sklearn")
    from agentdesk.lint.train import corpus_path, read_rows

    data = _csv(tmp_path / "verdicts.csv", _rows()[:5])  # too few to train on alone
    out = run_train(str(data), "--with-corpus", "--output", "m.json", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    model = ToneModel.load(tmp_path / "m.json")
    assert model.training["clauses"] == len(read_rows(corpus_path())) + 5


def test_the_rulebooks_good_examples_are_always_fitted_never_held_aside():
    """A clause of fit_texts that the hash would put in the validation part is fitted."""
    pytest.importorskip("sklearn")
    from agentdesk.lint import train

    rows = _rows()
    held = [t for t, _ in rows if train.is_validation(t)]
    assert held, "the fixture must have a clause the hash holds aside"
    plain = train.train(rows).model["training"]
    forced = train.train(rows, fit_texts=[f"{held[0]}，谢谢"]).model["training"]
    assert forced["fitted_on"] == plain["fitted_on"] + 1
    assert forced["validation"] == plain["validation"] - 1


def test_the_shipped_rulebooks_good_examples_are_the_trainers():
    from agentdesk.lint import train
    from agentdesk.lint.rulebook import load_rulebook
    from agentdesk.paths import shipped_phrasebook

    texts = train.example_texts([shipped_phrasebook()])
    book = load_rulebook([shipped_phrasebook()])
    assert texts == [t for r in book.rules for t in r.good_examples] and len(texts) > 200

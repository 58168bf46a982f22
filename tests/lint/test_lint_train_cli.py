"""`agentdesk lint train DATA` retrains the tone layer from a supervisor's verdicts."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _agentdesk(*args, cwd, home):
    return subprocess.run([sys.executable, "-m", "agentdesk", *args], cwd=cwd,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "AGENTDESK_HOME": str(home), "AGENTDESK_LANG": "zh"})


def test_lint_train_writes_a_model_the_linter_then_loads(tmp_path):
    pytest.importorskip("sklearn")
    verdicts = tmp_path / "verdicts.csv"
    verdicts.write_text("text,label\n你自己去问快递,推诿\n您好，请问有什么可以帮您,ok\n",
                        encoding="utf-8")
    home = tmp_path / "home"
    out = _agentdesk("lint", "train", str(verdicts), "--with-corpus", cwd=tmp_path, home=home)
    assert out.returncode == 0, out.stderr
    model = home / "phrasebook" / "models" / "tone.json"
    assert model.is_file() and oct(model.stat().st_mode & 0o777) == "0o600"
    from agentdesk.lint.tone import ToneModel

    assert ToneModel.load(model).training["clauses"] > 2


def test_lint_train_with_malformed_data_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("foo,bar\n1,2\n", encoding="utf-8")
    out = _agentdesk("lint", "train", str(bad), cwd=tmp_path, home=tmp_path / "home")
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr


def test_plain_lint_of_a_file_still_works_beside_train(tmp_path):
    (tmp_path / "x.txt").write_text("这个我不知道\n", encoding="utf-8")
    out = _agentdesk("lint", "x.txt", cwd=tmp_path, home=tmp_path / "home")
    assert out.returncode == 1 and "negative.dont_know" in out.stdout

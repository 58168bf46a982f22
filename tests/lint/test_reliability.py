"""A broken or hostile team rule file never switches the checks off; stdin in any encoding gets a
clear answer; line:column stays linear."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agentdesk.cli.lint import LineIndex, decode
from agentdesk.errors import UserError
from agentdesk.lint import Linter, load_rulebook
from agentdesk.paths import shipped_phrasebook

RULE = '[[rules]]\nid = "team.x"\ncategory = "团队"\nmessage = "m"\nsuggestions = ["您好"]\n'


def _team(tmp_path: Path, **files: str) -> Path:
    rules = tmp_path / "team" / "rules"
    rules.mkdir(parents=True)
    for name, body in files.items():
        (rules / f"{name}.toml").write_text(body, encoding="utf-8")
    return tmp_path / "team"


@pytest.mark.parametrize(("body", "words"), [
    ('rules = "x"\n', "rules"),
    ('allow = 3\n', "allow"),
    ('[classes]\nothers = 5\n', "classes.others"),
    ('classes = "x"\n', "classes"),
    ('rules = [1, 2]\n', "[[rules]]"),
    (RULE + 'patterns = 5\n', "patterns"),
    (RULE + 'patterns = ["(?<=a)b"]\n', "RE2"),          # lookbehind: RE2 refuses it
    (RULE + 'patterns = ["(x|)"]\n', "空文本"),          # would match everywhere
    (RULE + 'patterns = ["<no_such_class>"]\n', "no_such_class"),
    (RULE + 'exceptions = ["(unclosed"]\n', "exceptions"),
    (RULE + 'phrases = ["a"]\nfix = "all"\n', "fix"),
    (RULE + 'phrases = ["a"]\nexamples = "x"\n', "examples"),
    ('\xff\xfe broken', "TOML"),
])
def test_each_broken_file_or_rule_is_one_problem_and_the_shipped_rules_still_apply(
        tmp_path, body, words):
    team = _team(tmp_path, bad=body, good=RULE + 'phrases = ["团队禁语"]\n')
    linter = Linter.from_phrasebook([shipped_phrasebook(), team])
    assert linter.problems and all("bad.toml" in str(p) for p in linter.problems)
    assert any(words in str(p) for p in linter.problems)
    found = {f.rule for f in linter.lint("这个我不知道，团队禁语，电话13812345678")}
    assert {"negative.dont_know", "team.x", "privacy.mobile"} <= found


def test_a_rule_problem_names_its_line_and_rule_id(tmp_path):
    team = _team(tmp_path, bad='# note\n\n' + RULE + 'patterns = ["(a"]\n')
    (problem,) = load_rulebook([team]).problems
    assert (problem.line, problem.rule_id) == (4, "team.x")   # the line of its id
    assert str(problem).startswith(f"{team / 'rules' / 'bad.toml'}:4 [team.x]: ")


def test_an_unreadable_team_directory_is_a_problem_not_a_crash(tmp_path, monkeypatch):
    team = _team(tmp_path, good=RULE + 'phrases = ["团队禁语"]\n')
    real_glob = Path.glob

    def glob(self, pattern):
        if self == team / "rules":  # what chmod 000 does for a user who is not root
            raise PermissionError(13, "Permission denied")
        return real_glob(self, pattern)

    monkeypatch.setattr(Path, "glob", glob)
    linter = Linter.from_phrasebook([shipped_phrasebook(), team])
    (problem,) = linter.problems
    assert str(team) in str(problem) and "Permission denied" in str(problem)
    assert {f.rule for f in linter.lint("这个我不知道")} == {"negative.dont_know"}


def test_a_catastrophic_team_pattern_runs_in_linear_time(tmp_path):
    # (a+)+$ took 40 s for 28 characters on Python's re; RE2 has no backtracking to explode.
    team = _team(tmp_path, evil=RULE + 'patterns = ["(a+)+$", "(x+x+)+y"]\n')
    linter = Linter.from_phrasebook([shipped_phrasebook(), team])
    assert linter.problems == []
    assert linter.lint("a" * 20_000 + "!") == []
    assert [f.rule for f in linter.lint("x" * 20_000 + "y")] == ["team.x"]


def test_the_tone_layer_is_asked_last_with_the_spans_rules_flagged():
    from agentdesk.lint import Finding, Severity

    class FakeTone:
        def __init__(self):
            self.asked = []

        def findings(self, text, skip, beside=()):
            self.asked.append((text, skip))
            at = text.find("随你")
            return [Finding(at, at + 2, "tone.激化矛盾", Severity.WARNING, "激化矛盾", "语气",
                            ("我们一起看看怎么解决",), "随你")] if at >= 0 else []

    tone = FakeTone()
    linter = Linter.from_phrasebook(shipped_phrasebook(), tone=tone)
    text = "这个我不知道，随你"
    found = linter.lint(text)
    assert [(f.rule, f.matched) for f in found] == [("negative.dont_know", "不知道"),
                                                    ("tone.激化矛盾", "随你")]
    assert tone.asked == [(text, [(3, 6)])]
    silenced = "<!-- agentdesk-disable tone.激化矛盾 -->随你"
    assert linter.lint(silenced) == []


ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str, stdin: bytes = b"", env: dict | None = None, cwd: Path | None = None):
    return subprocess.run([sys.executable, "-m", "agentdesk", "lint", *args], input=stdin,
                          capture_output=True, cwd=cwd or ROOT, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def test_cli_names_a_broken_team_file_on_stderr_and_still_lints(tmp_path):
    team = _team(tmp_path, bad='rules = "x"\n', evil=RULE + 'patterns = ["(?<=a)b"]\n')
    out = _cli("-", stdin="这个我不知道".encode(), cwd=tmp_path,
               env={"AGENTDESK_PHRASEBOOK": str(team), "AGENTDESK_HOME": str(tmp_path / "h")})
    assert out.returncode == 1
    assert "negative.dont_know" in out.stdout.decode()
    errors = out.stderr.decode().strip().splitlines()
    assert len(errors) == 2 and "bad.toml" in errors[0] and "evil.toml" in errors[1]
    assert "Traceback" not in out.stderr.decode()


@pytest.mark.parametrize("data", [
    "这个我不知道".encode("utf-16"), "这个我不知道".encode("utf-8-sig"),
    "这个我不知道".encode("utf-32")])
def test_cli_reads_stdin_with_a_bom_as_what_it_says(data, tmp_path):
    out = _cli("-", stdin=data, cwd=tmp_path)
    assert out.returncode == 1 and "<stdin>:1:4: error negative.dont_know" in out.stdout.decode()


@pytest.mark.parametrize("data", ["这个我不知道".encode("gbk"), "这个我不知道".encode("utf-16-le"),
                                  "hello there".encode("utf-16-le")])
def test_cli_refuses_undecodable_stdin_in_one_line_with_exit_2(data, tmp_path):
    out = _cli("-", stdin=data, cwd=tmp_path)
    assert (out.returncode, out.stdout) == (2, b"")
    (line,) = out.stderr.decode().splitlines()
    assert "--encoding" in line


def test_cli_honours_encoding_for_stdin_and_files_alike(tmp_path):
    draft = tmp_path / "gbk.txt"
    draft.write_bytes("您好。\n这个我不知道".encode("gbk"))
    assert _cli(str(draft), cwd=tmp_path).returncode == 2
    for args, stdin in (([str(draft)], b""), (["-"], draft.read_bytes())):
        out = _cli("--encoding", "gbk", *args, stdin=stdin, cwd=tmp_path)
        assert out.returncode == 1 and ":2:4: error negative.dont_know" in out.stdout.decode()
    out = _cli("--encoding", "no-such-codec", str(draft), cwd=tmp_path)
    assert out.returncode == 2 and "no-such-codec" in out.stderr.decode()


def test_decode_strips_the_bom_and_refuses_garbage():
    assert decode("\ufeff您好".encode(), "x") == "您好"
    with pytest.raises(UserError):
        decode(b"\xff\xff\xc3", "x")


@given(st.text(alphabet="ab\n", max_size=60), st.data())
def test_line_index_agrees_with_counting(text, data):
    offset = data.draw(st.integers(0, len(text)))
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    assert LineIndex(text).line_col(offset) == (line, col)

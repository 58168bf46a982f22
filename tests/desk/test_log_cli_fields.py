"""The log's command line is generated from the field table, and its help from the vocabulary
the command line names (`--profile`, AGENTDESK_PROFILE, team layers)."""

from __future__ import annotations

import os
import subprocess
import sys

from agentdesk.desk import fields


def agentdesk(*argv, cwd, env=None):
    return subprocess.run([sys.executable, "-m", "agentdesk", *argv], capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd, check=False,
                          env={**os.environ, "AGENTDESK_LANG": "zh", **(env or {})})


def test_log_add_help_lists_the_words_of_the_profile_given(tmp_path):
    plain = agentdesk("log", "add", "--help", cwd=tmp_path)
    telecom = agentdesk("--profile", "telecom", "log", "add", "--help", cwd=tmp_path)
    game = agentdesk("log", "add", "--help", cwd=tmp_path, env={"AGENTDESK_PROFILE": "game"})
    assert plain.returncode == telecom.returncode == game.returncode == 0
    assert "故障申告" in telecom.stdout and "业务办理" in telecom.stdout
    assert "故障申告" not in plain.stdout and "BUG" not in plain.stdout
    assert "BUG" in game.stdout and "交易违规" in game.stdout


def test_the_option_wins_over_the_environment_in_help(tmp_path):
    out = agentdesk("--profile", "telecom", "log", "update", "--help", cwd=tmp_path,
                    env={"AGENTDESK_PROFILE": "game"})
    assert out.returncode == 0 and "故障申告" in out.stdout and "BUG" not in out.stdout


def test_a_team_layers_words_reach_the_help(tmp_path):
    team = tmp_path / "team"
    team.mkdir()
    (team / "vocabulary.toml").write_text('[categories]\n"宠物" = ["猫狗"]\n', encoding="utf-8")
    out = agentdesk("log", "add", "--help", cwd=tmp_path,
                    env={"AGENTDESK_PHRASEBOOK": str(team)})
    assert out.returncode == 0 and "宠物" in out.stdout


def test_an_unknown_profile_is_still_one_line_and_exit_2(tmp_path):
    out = agentdesk("--profile", "nope", "log", "add", "--customer", "a", "--summary", "b",
                    cwd=tmp_path, env={"AGENTDESK_DB": str(tmp_path / "d.db")})
    assert out.returncode == 2 and "nope" in out.stderr
    assert "Traceback" not in out.stderr and not (tmp_path / "d.db").exists()


def test_add_and_update_offer_exactly_the_fields_the_table_marks():
    from agentdesk.cli import build_parser

    parser = build_parser(["log", "add"])
    log = parser._subparsers._group_actions[0].choices["log"]
    cmds = log._subparsers._group_actions[0].choices

    def dests(name):
        return {a.dest for a in cmds[name]._actions if a.option_strings}

    assert {f.name for f in fields.given()} <= dests("add")
    assert {f.name for f in fields.editable()} <= dests("update")
    required = {a.dest for a in cmds["add"]._actions if a.required}
    assert required == {f.name for f in fields.given() if f.required}


def test_a_profile_word_is_stored_through_the_cli(tmp_path):
    db = str(tmp_path / "d.db")
    out = agentdesk("--profile", "telecom", "log", "add", "--customer", "张三", "--summary",
                    "宽带断了", "--category", "报障", cwd=tmp_path, env={"AGENTDESK_DB": db})
    assert out.returncode == 0, out.stderr
    shown = agentdesk("--profile", "telecom", "log", "list", "--format", "json",
                      cwd=tmp_path, env={"AGENTDESK_DB": db})
    import json

    assert json.loads(shown.stdout)[0]["category"] == "故障申告"

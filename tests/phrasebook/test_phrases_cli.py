"""`agentdesk phrases …` end to end: real phrasebook, real usage database, real exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from agentdesk.cli import main
from tests.phrasebook.conftest import ONE

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "agentdesk", *args], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, **(env or {})},
                          check=False)


def test_list_json_lists_the_shipped_templates():
    out = run("phrases", "list", "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert len(data) >= 80
    assert {"id", "category", "title", "text", "placeholders", "layer"} <= set(data[0])


def test_search_by_initials_prints_id_category_title():
    out = run("phrases", "search", "tk")
    assert out.returncode == 0
    assert out.stdout.splitlines()[0].startswith("returns.refund_process\t")


def test_fill_with_set_prints_the_text_and_remembers_values(capsys):
    assert main(["phrases", "fill", "greeting.phone", "--set", "公司名称=示例", "--set",
                 "工号=007"]) == 0
    assert capsys.readouterr().out.strip() == \
        "您好，欢迎致电示例客户服务热线，007号客服代表很高兴为您服务，请问有什么可以帮助您？"
    # the next fill remembers both values
    assert main(["phrases", "fill", "greeting.phone", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["text"].startswith("您好，欢迎致电示例")


def test_fill_missing_value_is_one_line_exit_2():
    out = run("phrases", "fill", "greeting.phone")
    assert out.returncode == 2
    assert out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1
    assert "公司名称" in out.stderr and "工号" in out.stderr


def test_fill_in_traditional_taiwan_forms(capsys):
    assert main(["phrases", "fill", "returns.refund_process", "--traditional", "tw"]) == 0
    out = capsys.readouterr().out
    assert "申請退款的流程" in out


def test_unknown_id_and_bad_set_exit_2(capsys):
    assert main(["phrases", "show", "no.such"]) == 2
    assert main(["phrases", "fill", "greeting.phone", "--set", "没有等号"]) == 2
    err = capsys.readouterr().err
    assert "no.such" in err and "名称=值" in err


def test_show_prints_text_and_placeholders(capsys):
    assert main(["phrases", "show", "wait.callback_offer"]) == 0
    out = capsys.readouterr().out
    assert "{处理时限}" in out and "30分钟内" in out


def test_check_reports_problems_and_exits_1(tmp_path):
    good = tmp_path / "good" / "templates"
    good.mkdir(parents=True)
    (good / "a.toml").write_text(ONE, encoding="utf-8")
    assert run("phrases", "check", str(good.parent)).returncode == 0
    (good / "b.toml").write_text("[[templates]\n", encoding="utf-8")
    out = run("phrases", "check", str(good.parent))
    assert out.returncode == 1
    assert "b.toml:1" in out.stdout


def test_check_of_the_shipped_phrasebook_is_clean():
    assert run("phrases", "check").returncode == 0


def test_favourite_then_empty_search_lists_it_first(capsys):
    assert main(["phrases", "favourite", "closing.thanks"]) == 0
    assert main(["phrases", "search", "", "--limit", "1", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["id"] == "closing.thanks"


def test_team_layer_from_environment_overrides_and_is_marked(tmp_path):
    team = tmp_path / "team" / "templates"
    team.mkdir(parents=True)
    (team / "t.toml").write_text(
        '[[templates]]\nid = "closing.thanks"\ncategory = "开场与结束/结束语"\n'
        'title = "团队版道别"\ntext = "感谢来电，再见！"\n', encoding="utf-8")
    out = run("phrases", "list", env={"AGENTDESK_PHRASEBOOK": str(team.parent)})
    line = next(x for x in out.stdout.splitlines() if x.startswith("closing.thanks\t"))
    assert line.endswith("团队版道别 [team]")


def test_copy_without_a_clipboard_mechanism_is_a_clear_message(tmp_path):
    env = {"PATH": str(tmp_path), "DISPLAY": "", "WAYLAND_DISPLAY": ""}
    out = run("phrases", "copy", "closing.thanks", env=env)
    assert out.returncode == 2
    assert "xclip" in out.stderr
    assert "Traceback" not in out.stderr
    assert out.stdout == "" and "已复制" not in out.stderr


@pytest.mark.parametrize("display", ["", ":97"])
def test_copy_with_no_reachable_display_never_says_copied(display):
    """xclip present but no display (unset, or one nobody serves): exit 2, one clear line."""
    if not shutil.which("xclip"):
        pytest.skip("needs xclip to reproduce pyperclip's silent failure")
    out = run("phrases", "copy", "closing.thanks",
              env={"DISPLAY": display, "WAYLAND_DISPLAY": ""})
    assert out.returncode == 2, out.stderr
    assert out.stdout == ""
    assert "已复制" not in out.stderr and "剪贴板" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


@pytest.mark.x11
def test_copy_through_the_real_x11_clipboard(tmp_path):
    if not (shutil.which("Xvfb") and shutil.which("xclip") and shutil.which("xvfb-run")):
        pytest.skip("needs Xvfb and xclip (installed by .ci/run)")
    script = (f"cd {ROOT} && {sys.executable} -m agentdesk phrases copy closing.thanks "
              "--traditional hk >/dev/null && xclip -o -selection clipboard")
    out = subprocess.run(["xvfb-run", "-a", "sh", "-c", script], capture_output=True, text=True,
                         timeout=60, check=False, env=os.environ.copy())
    assert out.returncode == 0, out.stderr
    assert out.stdout == "感謝您的來電，祝您生活愉快，再見！"


def _team(tmp_path, files: dict[str, str]) -> Path:
    root = tmp_path / "team"
    for name, body in {"templates/a.toml": ONE, **files}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(body, encoding="utf-8")
    return root


GOOD_RULE = ('[[rules]]\nid = "team.no_bye"\ncategory = "不礼貌"\nseverity = "error"\n'
             'message = "m"\nphrases = ["拜拜了您"]\n'
             'examples = { bad = ["那就拜拜了您"], good = ["再见"] }\n')


def test_check_passes_a_clean_team_folder_with_rules_vocabulary_synonyms_and_a_profile(
        tmp_path):
    root = _team(tmp_path, {
        "rules/r.toml": GOOD_RULE,
        "synonyms.toml": '[expand]\n"新号" = ["开户"]\n',
        "vocabulary.toml": '[categories]\n"开户" = { aliases = ["新号"], sla_hours = 24 }\n',
        "profiles/branch/profile.toml":
            'name = "branch"\ntitle = { zh = "营业厅", en = "Branch" }\n',
        "profiles/branch/templates/b.toml": ONE.replace("t.one", "t.branch"),
    })
    out = run("phrases", "check", str(root))
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout == ""


@pytest.mark.parametrize(("name", "body", "expected"), [
    ("rules/r.toml", GOOD_RULE.replace('phrases = ["拜拜了您"]', 'patterns = ["(拜拜"]'), "正则"),
    ("rules/r.toml", GOOD_RULE.replace('bad = ["那就拜拜了您"]', 'bad = ["那就再会了"]'),
     "反例"),
    ("rules/r.toml", GOOD_RULE.replace('good = ["再见"]', 'good = ["拜拜了您"]'), "正例"),
    ("vocabulary.toml", '[categories]\n"开户" = { sla_hours = "一天" }\n', "vocabulary.toml"),
    ("synonyms.toml", 'groups = "x"\n', "synonyms.toml"),
    ("profiles/x/profile.toml", 'name = "y"\n', "profile.toml"),
])
def test_check_names_each_broken_publishing_file_and_exits_1(tmp_path, name, body, expected):
    if name == "vocabulary.toml":
        pytest.importorskip("agentdesk.vocabulary")  # the desk helper's loader checks it
    root = _team(tmp_path, {name: body})
    out = run("phrases", "check", str(root))
    assert out.returncode == 1, out.stdout + out.stderr
    assert expected in out.stdout
    assert "Traceback" not in out.stderr


def test_only_the_named_subcommand_is_built_but_a_value_named_like_one_is_not_confused(
        tmp_path):
    from agentdesk.cli import _command_of

    assert _command_of(["--db", "phrases", "log", "list"]) == "log"
    assert _command_of(["--profile", "tv", "phrases", "search", "x"]) == "phrases"
    assert _command_of(["--version"]) is None
    out = run("--db", str(tmp_path / "phrases"), "phrases", "search", "退款")
    assert out.returncode == 0 and out.stdout.startswith("returns.")

"""The DATA in English too: rule messages and families, vocabulary values, status labels and
profile descriptions come from catalogs beside the data (locale/<lang>.toml), used only when a
value is shown; the log keeps storing the canonical Chinese value."""

from __future__ import annotations

import json
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from agentdesk import data_i18n, i18n
from agentdesk.data_i18n import data_tr, load_catalog
from agentdesk.data_strings import shipped_layers, untranslated
from agentdesk.paths import shipped_phrasebook

HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f]")


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:      # a lone brace is text here: data strings are never formatted
        return set(re.findall(r"\{([^{}]*)\}", text))


# -- the shipped catalogs --------------------------------------------------------------------
def test_every_shown_data_string_has_an_english_translation():
    missing = untranslated("en")
    # Printed as the lines to paste, so whoever adds a rule or a word can fill them in.
    lines = "\n".join(f"{layer / 'locale' / 'en.toml'} [{kind}] "
                      f"{json.dumps(text, ensure_ascii=False)} = \"…\""
                      for layer, kind, text in missing)
    assert not missing, f"{len(missing)} data strings have no English:\n{lines}"


def test_every_translation_keeps_the_fields_and_is_english():
    bad = []
    for layer, _stack in shipped_layers():
        catalog, problems = load_catalog([layer], "en")
        assert problems == [], problems
        for source, english in catalog.items():
            if _fields(source) != _fields(english):
                bad.append(f"{layer}: {source!r} has fields {_fields(source)}, "
                           f"the English {_fields(english)}")
            if HAN.search(english):
                bad.append(f"{layer}: the English of {source!r} has Chinese in it: {english!r}")
    assert bad == []


def test_the_shipped_catalog_is_found_through_the_layout(tmp_path):
    from agentdesk.layers import files

    assert data_i18n.catalog_file(shipped_phrasebook(), "en") in files(shipped_phrasebook(),
                                                                       "locale")


# -- data_tr -----------------------------------------------------------------------------------
def _layer(root: Path, name: str, lang: str, text: str) -> Path:
    layer = root / name
    (layer / "locale").mkdir(parents=True)
    (layer / "locale" / f"{lang}.toml").write_text(text, encoding="utf-8")
    return layer


def test_chinese_shows_the_data_as_it_is():
    i18n.set_language("zh")
    assert data_tr("投诉") == "投诉"
    assert data_tr("") == "" and data_tr(None) == ""


def test_english_shows_the_translation_and_leaves_unknown_text_alone():
    i18n.set_language("en")
    assert data_tr("投诉", [shipped_phrasebook()]) == "complaint"
    assert data_tr("处理中", [shipped_phrasebook()]) == "open"
    assert data_tr("没有翻译的值", [shipped_phrasebook()]) == "没有翻译的值"


def test_a_team_layer_translates_its_own_words_and_may_reword_shipped_ones(tmp_path):
    team = _layer(tmp_path, "team", "en", '[vocabulary]\n"团购" = "group buy"\n'
                                          '"投诉" = "escalation"\n')
    i18n.set_language("en")
    stack = [shipped_phrasebook(), team]
    assert data_tr("团购", stack) == "group buy"
    assert data_tr("投诉", stack) == "escalation"          # the later layer wins
    assert data_tr("紧急", stack) == "urgent"               # the rest still shipped
    assert data_tr("团购", [shipped_phrasebook()]) == "团购"


def test_a_third_language_is_a_file_not_a_call_site_edit(tmp_path):
    layer = _layer(tmp_path, "tw", "zh_TW", '"投诉" = "投訴"\n"报修/售后" = "報修/售後"\n')
    i18n.set_language("zh_TW")
    assert data_tr("投诉", [layer]) == "投訴"
    assert data_tr("报修/售后", [layer]) == "報修/售後"
    assert data_tr("紧急", [layer]) == "紧急"


@pytest.mark.parametrize("content", [b"\xff\xfe not utf-8", b"broken = = toml",
                                     '"好" = 3\n"坏" = ""\n'.encode()])
def test_a_broken_catalog_is_reported_and_never_hides_the_data(tmp_path, content):
    layer = tmp_path / "team"
    (layer / "locale").mkdir(parents=True)
    (layer / "locale" / "en.toml").write_bytes(content)
    i18n.set_language("en")
    _catalog, problems = load_catalog([shipped_phrasebook(), layer], "en")
    assert problems and all(path.name == "en.toml" for path, _ in problems)
    assert data_tr("好", [shipped_phrasebook(), layer]) == "好"
    assert data_tr("投诉", [shipped_phrasebook(), layer]) == "complaint"
    assert data_i18n.check([layer / "locale" / "en.toml"]) == problems


def test_the_listing_script_prints_what_a_team_layer_lacks(tmp_path):
    team = tmp_path / "team"
    (team / "rules").mkdir(parents=True)
    (team / "rules" / "team.toml").write_text(
        '[[rules]]\nid = "team.no_idea"\ncategory = "团队规范"\nseverity = "error"\n'
        'message = "不要说“没主意”。"\nphrases = ["没主意"]\n', encoding="utf-8")
    (team / "vocabulary.toml").write_text('[categories]\n"团购" = { aliases = [] }\n',
                                          encoding="utf-8")
    script = Path(__file__).resolve().parents[1] / "scripts" / "untranslated_data.py"
    out = subprocess.run([sys.executable, str(script), "en", str(team)], capture_output=True,
                         text=True, encoding="utf-8", cwd=tmp_path, check=False)
    assert out.returncode == 1, out.stderr
    assert '"团队规范" = ""' in out.stdout and '"不要说“没主意”。" = ""' in out.stdout
    assert '"团购" = ""' in out.stdout and "[vocabulary]" in out.stdout
    (team / "locale").mkdir()
    (team / "locale" / "en.toml").write_text(out.stdout.replace('""', '"x"'), encoding="utf-8")
    again = subprocess.run([sys.executable, str(script), "en", str(team)],
                           capture_output=True, text=True, encoding="utf-8", cwd=tmp_path,
                           check=False)
    assert again.returncode == 0 and again.stdout == "", again.stdout


# -- the CLI in English, as a user runs it ---------------------------------------------------
def _run(*argv: str, cwd: Path, home: Path, stdin: str | None = None, **env: str):
    return subprocess.run(
        [sys.executable, "-m", "agentdesk", *argv], input=stdin, capture_output=True,
        text=True, encoding="utf-8", cwd=cwd, check=False,
        env={**os.environ, "AGENTDESK_HOME": str(home), "AGENTDESK_LANG": "en",
             "AGENTDESK_AGENT": "wang", **env})


def _without_quoted(line: str) -> str:
    """What remains once the quoted draft text and the suggestion are taken out."""
    line = re.sub(r"“[^”]*”", "", line)
    return re.sub(r"\(try: [^)]*\)", "", line)


def test_lint_prints_english_messages_around_the_quoted_chinese(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("这个我不知道，你自己看说明吧。稍后回复您。我的电话13812345678，"
                     "您好[公司名称]。\n", encoding="utf-8")
    out = _run("lint", str(draft), cwd=tmp_path, home=tmp_path / "home")
    assert out.returncode == 1, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) >= 4
    assert any("“I don't know” sounds like a brush-off" in line for line in lines)
    assert any("(try: 我帮您查询后回复您)" in line for line in lines)   # reply text stays
    for line in lines:
        assert not HAN.search(_without_quoted(line)), line


def test_log_list_and_stats_show_english_values_but_the_log_stores_chinese(tmp_path):
    home = tmp_path / "home"
    added = _run("log", "add", "--customer", "Li", "--channel", "phone", "--category",
                 "complaint", "--priority", "urgent", "--summary", "refund is late",
                 cwd=tmp_path, home=home)
    assert added.returncode == 0, added.stderr
    listed = _run("log", "list", cwd=tmp_path, home=home)
    assert listed.returncode == 0, listed.stderr
    (row,) = listed.stdout.splitlines()
    assert "\tcomplaint\topen\t" in row and not HAN.search(row), row
    stored = json.loads(_run("log", "list", "--format", "json", cwd=tmp_path,
                             home=home).stdout)
    assert (stored[0]["category"], stored[0]["priority"], stored[0]["channel"]) == \
        ("投诉", "紧急", "电话")
    stats = _run("log", "stats", cwd=tmp_path, home=home)
    assert stats.returncode == 0 and "complaint" in stats.stdout
    assert not HAN.search(stats.stdout), stats.stdout


def test_log_verify_speaks_english(tmp_path):
    home = tmp_path / "home"
    assert _run("log", "add", "--customer", "Li", "--summary", "no signal", cwd=tmp_path,
                home=home).returncode == 0
    ok = _run("log", "verify", cwd=tmp_path, home=home)
    assert ok.returncode == 0, ok.stderr
    assert not HAN.search(ok.stdout + ok.stderr), ok.stdout + ok.stderr
    import sqlite3

    db = home / "agentdesk.db"
    with sqlite3.connect(db) as conn:             # tampering: the triggers are dropped first
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'"):
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute("UPDATE entries SET summary = 'changed'")
    bad = _run("log", "verify", "--full", cwd=tmp_path, home=home)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert bad.stdout.strip() and not HAN.search(bad.stdout + bad.stderr), bad.stdout


def test_phrases_check_on_a_broken_folder_prints_english_problems(tmp_path):
    book = tmp_path / "book"
    (book / "templates").mkdir(parents=True)
    (book / "rules").mkdir()
    (book / "locale").mkdir()
    (book / "templates" / "bad.toml").write_text(
        'wat = 1\n[[templates]]\nid = "a"\ntitle = "t"\ntext = "您好{客户称呼"\n'
        '[[templates]]\ntitle = "t"\ntext = "x"\n[[templates]]\nid = "b b"\ntitle = "t"\n'
        'text = "t"\n[[templates]]\nid = "c"\ntitle = "t"\ntext = "{x}"\n'
        'placeholders = { y = { default = "1" } }\n', encoding="utf-8")
    (book / "templates" / "broken.toml").write_text("not = = toml", encoding="utf-8")
    (book / "rules" / "r.toml").write_text(
        '[[rules]]\nid = "team.x"\ncategory = "t"\nmessage = "m"\nseverity = "fatal"\n'
        'phrases = ["x"]\n[[rules]]\nid = "team.y"\ncategory = "t"\nmessage = "m"\n'
        'patterns = ["(x"]\n', encoding="utf-8")
    (book / "vocabulary.toml").write_text('[channels]\nphone = 3\n[bogus]\n',
                                          encoding="utf-8")
    (book / "synonyms.toml").write_text("groups = 1\n", encoding="utf-8")
    (book / "locale" / "en.toml").write_bytes(b"\xff broken")
    out = _run("phrases", "check", str(book), cwd=tmp_path, home=tmp_path / "home")
    assert out.returncode == 1, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) >= 10, out.stdout
    assert any("en.toml" in line for line in lines)
    for line in lines:
        assert not HAN.search(_without_quoted(line)), line


def test_profile_show_describes_the_profile_in_english(tmp_path):
    out = _run("profile", "show", "game", cwd=tmp_path, home=tmp_path / "home")
    assert out.returncode == 0, out.stderr
    assert "Forum replies and in-game GM" in out.stdout
    assert "trading violation" in out.stdout


def test_bad_input_in_english_names_the_option_and_glosses_the_accepted_values(tmp_path):
    home = tmp_path / "home"
    out = _run("log", "add", "--customer", "Li", "--summary", "x", "--category", "nope",
               cwd=tmp_path, home=home)
    assert out.returncode == 2 and out.stdout == ""
    (line,) = out.stderr.splitlines()
    assert line.startswith("agentdesk: error: category: 'nope' is not one of "), line
    assert "投诉 (complaint)" in line and "（类别）" not in line
    empty = _run("log", "add", "--customer", " ", "--summary", "x", cwd=tmp_path, home=home)
    assert empty.returncode == 2
    assert not HAN.search(empty.stderr), empty.stderr
    chinese = _run("log", "add", "--customer", "Li", "--summary", "x", "--category", "nope",
                   cwd=tmp_path, home=home, AGENTDESK_LANG="zh")
    assert "category（类别）：“nope”不在可选值中（咨询、查询、投诉" in chinese.stderr


def test_what_english_shows_is_accepted_back_as_input(tmp_path):
    home = tmp_path / "home"
    added = _run("log", "add", "--customer", "Li", "--summary", "x", "--category",
                 "Repair / After-sales", "--priority", "high", cwd=tmp_path, home=home)
    assert added.returncode == 0, added.stderr
    stored = json.loads(_run("log", "list", "--format", "json", cwd=tmp_path,
                             home=home).stdout)
    assert (stored[0]["category"], stored[0]["priority"]) == ("报修/售后", "高")
    chinese = _run("log", "add", "--customer", "Li", "--summary", "x", "--category",
                   "repair / after-sales", cwd=tmp_path, home=home, AGENTDESK_LANG="zh")
    assert chinese.returncode == 2        # in Chinese the English words are not on show

"""Messages come from catalogs: the Chinese text is the id, English (and any further language)
is a catalog; argparse's own words follow the language too."""

from __future__ import annotations

import subprocess
import sys

import pytest

from agentdesk import i18n


def _help(*argv: str, lang: str) -> str:
    out = subprocess.run([sys.executable, "-m", "agentdesk", *argv, "--help"],
                         capture_output=True, text=True, encoding="utf-8", check=False,
                         env={**__import__("os").environ, "AGENTDESK_LANG": lang})
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.mark.parametrize("argv", [(), ("log", "add"), ("lint",), ("phrases", "search")])
def test_chinese_help_has_no_argparse_english(argv):
    text = _help(*argv, lang="zh")
    for english in ("usage:", "options:", "show this help message and exit",
                    "positional arguments"):
        assert english not in text
    assert text.startswith("用法：")


def test_english_help_is_english():
    text = _help("log", "add", lang="en")
    assert text.startswith("usage:") and "show this help message and exit" in text


def test_chinese_usage_errors_are_chinese(tmp_path):
    out = subprocess.run([sys.executable, "-m", "agentdesk", "log", "lis"], capture_output=True,
                         text=True, encoding="utf-8", cwd=tmp_path, check=False,
                         env={**__import__("os").environ, "AGENTDESK_LANG": "zh"})
    assert out.returncode == 2
    assert "无效的选项" in out.stderr and "invalid choice" not in out.stderr


def test_every_option_has_help_text():
    from agentdesk.cli import build_parser

    missing = []

    def walk(parser, prefix):
        for action in parser._actions:
            if action.help is None and action.option_strings:
                missing.append(f"{prefix} {'/'.join(action.option_strings)}")
            choices = getattr(action, "choices", None)
            if isinstance(choices, dict):
                for name, child in choices.items():
                    walk(child, f"{prefix} {name}")

    walk(build_parser(), "agentdesk")
    assert missing == []


def test_a_new_language_is_a_catalog_not_a_call_site_edit(tmp_path, monkeypatch):
    polib = pytest.importorskip("polib")
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="已导出 {n} 条记录", msgstr="{n} entrées exportées"))
    po.save_as_mofile(str(folder / "agentdesk.mo"))
    monkeypatch.setattr(i18n, "locale_dir", lambda: tmp_path)
    i18n.set_language("fr")
    assert i18n.tr("已导出 {n} 条记录", n=3) == "3 entrées exportées"
    assert i18n.tr("没有翻译的消息") == "没有翻译的消息"      # untranslated: the Chinese id
    i18n.set_language("zh")
    assert i18n.tr("已导出 {n} 条记录", n=3) == "已导出 3 条记录"


def test_a_broken_translation_falls_back_to_the_chinese(tmp_path, monkeypatch):
    polib = pytest.importorskip("polib")
    folder = tmp_path / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="已导出 {n} 条记录", msgstr="exported {count} entries"))
    po.save_as_mofile(str(folder / "agentdesk.mo"))
    monkeypatch.setattr(i18n, "locale_dir", lambda: tmp_path)
    i18n.set_language("en")
    assert i18n.tr("已导出 {n} 条记录", n=3) == "已导出 3 条记录"


# -- the catalogs -------------------------------------------------------------------------------
import ast  # noqa: E402
import string  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "resources" / "locale" / "en" / "LC_MESSAGES" / "agentdesk.po"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _messages():
    """(where, msgid, keyword names) of every tr("…") and N_("…") in the package."""
    for path in sorted((ROOT / "agentdesk").rglob("*.py")):
        if "_shipped" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("tr", "N_", "t")):
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                yield where, node.func.id, node.args, {k.arg for k in node.keywords}


def _catalog() -> dict[str, str]:
    polib = pytest.importorskip("polib")
    return {e.msgid: e.msgstr for e in polib.pofile(str(PO))}


def test_every_message_is_a_literal_with_its_fields_given():
    bad = []
    for where, func, args, keywords in _messages():
        if func == "t":
            bad.append(f"{where}: t(zh, en) pair; use tr('中文') and the catalog")
            continue
        if not (args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str)):
            if func == "N_":   # tr(TABLE[key]) is fine: the table's ids are marked with N_
                bad.append(f"{where}: N_() needs a string literal (the catalog's message id)")
            continue
        if func == "tr" and len(args) == 1 and _fields(args[0].value) - keywords:
            bad.append(f"{where}: fields {_fields(args[0].value) - keywords} not given")
    assert bad == []


def test_every_message_has_an_english_translation_with_the_same_fields():
    catalog = _catalog()
    bad = []
    for where, _func, args, _kw in _messages():
        if not (args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str)):
            continue
        msgid = args[0].value
        english = catalog.get(msgid, "")
        if not english:
            bad.append(f"{where}: no English for {msgid!r}")
        elif _fields(english) != _fields(msgid):
            bad.append(f"{where}: {msgid!r} has fields {_fields(msgid)}, the English "
                       f"{_fields(english)}")
    assert bad == []


def test_the_compiled_catalogs_match_their_sources():
    polib = pytest.importorskip("polib")
    import gettext

    for po_path in (ROOT / "resources" / "locale").rglob("*.po"):
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("rb") as fh:
            compiled = gettext.GNUTranslations(fh)._catalog   # type: ignore[attr-defined]
        source = {e.msgid: e.msgstr for e in polib.pofile(str(po_path)) if e.msgstr}
        shipped = {k: v for k, v in compiled.items() if isinstance(k, str) and k}
        missing = {k for k in source if shipped.get(k) != source[k]}
        assert not missing, f"{mo_path.name} is stale: run polib's save_as_mofile on {po_path}"

"""The window in English: the data it shows (categories, priorities, statuses, lint messages)
reads in English, while what it stores stays the canonical Chinese value."""

from __future__ import annotations

import re

import pytest
from gui_helpers import click, commit, find
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QListWidget,
    QPlainTextEdit,
    QTableView,
)

HAN = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture
def english(monkeypatch):
    from agentdesk import i18n

    monkeypatch.setenv("AGENTDESK_LANG", "en")
    i18n.set_language(None)
    yield
    i18n.set_language(None)


@pytest.fixture
def english_window(english, window):
    return window


def _pick(qtbot, box: QComboBox, typed: str) -> None:
    """Choose an item as an agent does from the keyboard: focus the box, type its start."""
    box.setFocus()
    qtbot.keyClicks(box, typed)


def test_the_entry_form_offers_english_values_and_stores_chinese(english_window, qtbot):
    window = english_window
    window.tabs.setCurrentIndex(1)
    panel = window.duty_log
    form = panel.form
    category = find(window, QComboBox, "entryCategory")
    shown = [category.itemText(i) for i in range(category.count())]
    assert "complaint" in shown and "repair / after-sales" in shown
    assert not any(HAN.search(text) for text in shown), shown
    priority = find(window, QComboBox, "entryPriority")
    assert priority.currentText() == "normal"
    filter_box = find(window, QComboBox, "filterCategory")
    assert "complaint" in [filter_box.itemText(i) for i in range(filter_box.count())]

    form.customer.setFocus()
    commit(form.customer, "张三")
    form.summary.setFocus()
    commit(form.summary, "退款太慢")
    _pick(qtbot, category, "compl")
    _pick(qtbot, priority, "urg")
    _pick(qtbot, find(window, QComboBox, "entryChannel"), "ema")
    assert (category.currentText(), priority.currentText()) == ("complaint", "urgent")
    click(qtbot, form.save)
    qtbot.waitUntil(lambda: panel.model.total == 1 and not panel.model.loading)

    entry = window.services.log.get(1)
    assert (entry.category, entry.priority, entry.channel) == ("投诉", "紧急", "邮件")
    table = find(window, QTableView, "dutyLogTable")
    model = table.model()
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert {"complaint", "urgent", "email", "open"} <= set(row), row


def test_an_entry_loaded_for_correction_keeps_its_stored_values(english_window, qtbot):
    window = english_window
    log = window.services.log
    log.add(customer="李四", summary="没有信号", category="信号", priority="高", channel="电话")
    window.tabs.setCurrentIndex(1)
    form = window.duty_log.form
    form.load(log.get(1))
    assert form.category.currentText() == "signal"
    assert form.values()["category"] == "信号" and form.values()["priority"] == "高"
    from agentdesk.gui.duty_log_panel import detail_html

    log.update(1, by="小王", category="投诉", status="waiting")
    html = detail_html(log.get(1), log.events(1), [])
    assert "signal → complaint" in html and "open → waiting for the customer" in html
    assert "· complaint · high · waiting for the customer" in html


def test_lint_messages_are_english_and_the_quoted_draft_stays(english_window, qtbot):
    window = english_window
    editor = find(window, QPlainTextEdit, "draftEditor")
    editor.setFocus()
    commit(editor, "这个我不知道")
    qtbot.waitUntil(lambda: bool(window.draft.findings))
    lint_list = find(window, QListWidget, "lintList")
    text = lint_list.item(0).text()
    assert "I don't know" in text and "“不知道”" in text
    message = text.split("”", 1)[1].split("→")[0]       # after the quote, before the reply
    assert not HAN.search(message), text


def test_the_fill_dialog_asks_in_window_words_not_cli_options(english, qtbot):
    from agentdesk.gui.fill_dialog import FillDialog
    from agentdesk.phrasebook.model import Placeholder, Template

    tpl = Template(id="t", category="c", title="t", text="您好，{客户称呼}",
                   placeholders=(Placeholder("客户称呼", None, ()),))
    dialog = FillDialog(tpl, {})
    qtbot.addWidget(dialog)
    dialog.show()
    buttons = dialog.findChild(QDialogButtonBox)
    click(qtbot, buttons.button(QDialogButtonBox.StandardButton.Ok))
    error = dialog.error.text()
    assert error == "please fill in: 客户称呼", error
    assert "--set" not in error


def test_a_team_translation_edited_on_disk_shows_after_the_reload(english, qtbot, monkeypatch,
                                                                    tmp_path):
    team = tmp_path / "team"
    (team / "rules").mkdir(parents=True)
    (team / "rules" / "team.toml").write_text(
        '[[rules]]\nid = "team.no_idea"\ncategory = "团队规范"\nseverity = "error"\n'
        'message = "不要说没主意。"\nphrases = ["没主意"]\n', encoding="utf-8")
    (team / "locale").mkdir()
    catalog = team / "locale" / "en.toml"
    catalog.write_text('"不要说没主意。" = "first wording"\n', encoding="utf-8")
    monkeypatch.setenv("AGENTDESK_PHRASEBOOK", str(team))
    monkeypatch.delenv("DISPLAY", raising=False)
    from agentdesk.gui import build_main_window

    win = build_main_window()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.loaded, timeout=30_000)
    editor = find(win, QPlainTextEdit, "draftEditor")
    editor.setFocus()
    commit(editor, "我没主意")
    lint_list = find(win, QListWidget, "lintList")
    qtbot.waitUntil(lambda: lint_list.count() == 1)
    assert "first wording" in lint_list.item(0).text()
    catalog.write_text('"不要说没主意。" = "second wording"\n', encoding="utf-8")
    qtbot.waitUntil(lambda: lint_list.count() == 1
                    and "second wording" in lint_list.item(0).text(), timeout=15_000)
    win.services.close()

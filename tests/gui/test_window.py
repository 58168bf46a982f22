"""Drive the real window through its object names, on the real cores."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QLineEdit,
    QListView,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTableView,
)


def type_text(widget, text):
    """Type Chinese as an input method delivers it: one commit string per character."""
    from gui_helpers import commit

    widget.setFocus()
    commit(widget, text)


def find(win, kind, name):
    widget = win.findChild(kind, name)
    assert widget is not None, name
    return widget


def test_title_and_object_names(window):
    assert "AgentDesk" in window.windowTitle()
    for kind, name in ((QLineEdit, "templateSearch"), (QListView, "templateList"),
                       (QPlainTextEdit, "draftEditor"), (QListWidget, "lintList"),
                       (QPushButton, "copyButton"), (QTableView, "dutyLogTable"),
                       (QPlainTextEdit, "handoverEditor")):
        find(window, kind, name)


def test_search_as_you_type_by_initials_and_traditional(window, qtbot):
    search = find(window, QLineEdit, "templateSearch")
    results = find(window, QListView, "templateList")
    qtbot.keyClicks(search, "tk")
    qtbot.waitUntil(lambda: results.model().rowCount() > 0 and
                    results.model().template(0).id == "returns.refund_process")
    search.clear()
    type_text(search, "投訴")

    def found_complaint():
        first = results.model().template(0)
        return first is not None and "投诉" in first.category + first.title

    qtbot.waitUntil(found_complaint)


def test_live_lint_underlines_with_emoji_offsets_and_lists_findings(window, qtbot):
    editor = find(window, QPlainTextEdit, "draftEditor")
    editor.clear()
    type_text(editor, "😀这个我不知道")
    qtbot.waitUntil(lambda: bool(window.draft.findings))
    (f,) = window.draft.findings
    assert (f.rule, f.start, f.end) == ("negative.dont_know", 4, 7)
    start, end, severity = window.draft.spans[0]
    assert (start, end, severity) == (5, 8, "error")        # UTF-16: the emoji counts twice
    (sel,) = editor.extraSelections()
    assert sel.cursor.selectedText() == "不知道"
    lint_list = find(window, QListWidget, "lintList")
    assert lint_list.count() == 1 and "不知道" in lint_list.item(0).text()
    assert not find(window, QPushButton, "copyButton").isEnabled()


def test_apply_suggestion_is_one_undo_step(window, qtbot):
    from gui_helpers import click

    editor = find(window, QPlainTextEdit, "draftEditor")
    editor.setPlainText("这个我不知道。")
    window.draft.relint()
    click(qtbot, find(window, QPushButton, "applyButton"))
    assert editor.toPlainText() == "我帮您查询后回复您。"     # the clause, not "这个我我帮您…"
    assert find(window, QPushButton, "copyButton").isEnabled()
    editor.undo()
    assert editor.toPlainText() == "这个我不知道。"


def test_copy_puts_exactly_the_draft_on_the_clipboard(window, qtbot):
    editor = find(window, QPlainTextEdit, "draftEditor")
    editor.setPlainText("您好😀，您的订单已发出，预计明天送达。")
    window.draft.relint()
    button = find(window, QPushButton, "copyButton")
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.LeftButton)
    assert window.draft.last_copied == "您好😀，您的订单已发出，预计明天送达。"
    assert QGuiApplication.clipboard().text() == "您好😀，您的订单已发出，预计明天送达。"


def test_copy_anyway_is_confirmed_and_recorded_in_the_audit_trail(window, qtbot):
    from gui_helpers import answer_next_box, click

    editor = find(window, QPlainTextEdit, "draftEditor")
    editor.setPlainText("我保证明天修好")
    window.draft.relint()
    QGuiApplication.clipboard().setText("旧")
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key_Return, Qt.ControlModifier)
    assert QGuiApplication.clipboard().text() == "旧"
    answer_next_box(qtbot)
    click(qtbot, find(window, QPushButton, "copyAnyway"))
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "我保证明天修好")
    (row,) = window.services.log.audit_trail()
    assert row["action"] == "copy_with_errors" and "promise.guarantee" in row["detail"]


def test_draft_is_autosaved_and_restored(window, qtbot):
    editor = find(window, QPlainTextEdit, "draftEditor")
    editor.clear()
    type_text(editor, "还没写完的回复")
    find(window, QLineEdit, "templateSearch").setFocus()       # leaving the editor saves
    assert window.services.draft_file.read_text(encoding="utf-8") == "还没写完的回复"
    from agentdesk.gui import build_main_window

    again = build_main_window(start=False)
    qtbot.addWidget(again)
    assert again.draft.editor.toPlainText() == "还没写完的回复"


def test_template_list_follows_edits_on_disk(qtbot, monkeypatch, tmp_path):
    team = tmp_path / "team"
    (team / "templates").mkdir(parents=True)
    monkeypatch.setenv("AGENTDESK_PHRASEBOOK", str(team))
    monkeypatch.delenv("DISPLAY", raising=False)
    from agentdesk.gui import build_main_window

    win = build_main_window()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.loaded, timeout=30_000)
    (team / "templates" / "new.toml").write_text(
        '[[templates]]\nid = "team.holiday"\ncategory = "团队通知"\ntitle = "春节值班安排"\n'
        'text = "春节期间客服热线照常服务。"\n', encoding="utf-8")
    qtbot.waitUntil(lambda: win.services.phrasebook.get("team.holiday") is not None,
                    timeout=15_000)
    win.templates.search.setText("春节")
    win.templates.refresh()
    first = win.templates.model.template(0)
    assert first.id == "team.holiday" and first.layer == "team"
    assert "[团队]" in win.templates.model.index(0).data()
    win.services.close()


def test_keyboard_only_flow_search_enter_then_ctrl_enter_copies(window, qtbot):
    search = find(window, QLineEdit, "templateSearch")
    editor = find(window, QPlainTextEdit, "draftEditor")
    editor.clear()
    window.focus_search()
    qtbot.keyClicks(search, "zaijian")                     # pinyin of the alias 再见
    qtbot.waitUntil(lambda: getattr(window.templates.model.template(0), "id", None)
                    == "closing.thanks")
    chosen = window.templates.model.template(0)
    qtbot.keyClick(search, Qt.Key_Return)
    assert editor.toPlainText() == chosen.fill({})
    qtbot.keyClick(editor, Qt.Key_Return, Qt.ControlModifier)
    assert QGuiApplication.clipboard().text() == chosen.fill({})

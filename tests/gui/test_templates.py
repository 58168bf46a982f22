"""Finding and inserting a template from the keyboard and the mouse, as an agent does."""

from __future__ import annotations

from gui_helpers import commit, find
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QListView, QPlainTextEdit


def search_for(window, qtbot, query, first_id):
    search = find(window, QLineEdit, "templateSearch")
    search.clear()
    search.setFocus()
    commit(search, query)
    qtbot.waitUntil(lambda: getattr(window.templates.model.template(0), "id", None) == first_id)
    return search


def test_double_clicking_a_result_inserts_it_once_and_records_one_use(window, qtbot):
    editor = find(window, QPlainTextEdit, "draftEditor")
    editor.clear()
    search_for(window, qtbot, "请客户稍等", "wait.please_hold")
    results = find(window, QListView, "templateList")
    rect = results.visualRect(window.templates.model.index(0))
    qtbot.mouseClick(results.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(results.viewport(), Qt.LeftButton, pos=rect.center())
    assert editor.toPlainText() == "请您稍等，我帮您查询一下。"
    assert window.services.usage.count("wait.please_hold") == 1


def test_down_moves_from_the_search_box_into_the_results_then_enter_inserts(window, qtbot):
    editor = find(window, QPlainTextEdit, "draftEditor")
    editor.clear()
    search = search_for(window, qtbot, "请客户稍等", "wait.please_hold")
    qtbot.keyClick(search, Qt.Key_Down)
    results = find(window, QListView, "templateList")
    assert QApplication.focusWidget() is results
    assert results.currentIndex().row() == 0
    qtbot.keyClick(results, Qt.Key_Return)
    assert editor.toPlainText() == "请您稍等，我帮您查询一下。"


def test_tab_goes_from_search_to_results_to_the_draft_and_on(window, qtbot):
    search = search_for(window, qtbot, "请客户稍等", "wait.please_hold")
    qtbot.keyClick(search, Qt.Key_Tab)
    results = find(window, QListView, "templateList")
    assert QApplication.focusWidget() is results
    qtbot.keyClick(results, Qt.Key_Tab)
    editor = find(window, QPlainTextEdit, "draftEditor")
    assert QApplication.focusWidget() is editor
    editor.setPlainText("没有占位符的回复")
    qtbot.keyClick(editor, Qt.Key_Tab)                  # no placeholder: Tab is not a trap
    assert editor.toPlainText() == "没有占位符的回复"
    assert QApplication.focusWidget() is not editor


def test_preview_shows_placeholders_as_fields_with_default_and_choices(window, qtbot):
    search_for(window, qtbot, "退款流程", "returns.refund_process")
    shown = window.templates.preview.toPlainText()
    assert "{" not in shown and "|" not in shown
    assert "到账时间：1-3个工作日" in shown and "3-7个工作日" in shown


def test_preview_is_cleared_when_nothing_matches(window, qtbot):
    search_for(window, qtbot, "退款流程", "returns.refund_process")
    assert window.templates.preview.toPlainText()
    search = find(window, QLineEdit, "templateSearch")
    search.clear()
    commit(search, "zzqqxxyy火星")
    qtbot.waitUntil(lambda: window.templates.model.rowCount() == 0)
    assert window.templates.preview.toPlainText() == ""

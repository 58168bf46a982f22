"""The draft as an agent uses it: typed through the input method, buttons clicked, keys pressed."""

from __future__ import annotations

import gc
import os
import stat
import sys

import pytest
from gui_helpers import answer_next_box, click, commit, find
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QPlainTextEdit, QPushButton


def fresh_draft(window, qtbot, text):
    editor = find(window, QPlainTextEdit, "draftEditor")
    editor.clear()
    editor.setFocus()
    commit(editor, text)
    qtbot.waitUntil(lambda: window.draft.fresh)
    return editor


def test_clicking_apply_suggestion_fixes_the_draft_and_ctrl_z_restores_it(window, qtbot):
    editor = fresh_draft(window, qtbot, "这个我不知道。")
    window.draft.lint_list.setCurrentRow(0)
    click(qtbot, find(window, QPushButton, "applyButton"))
    assert editor.toPlainText() == "我帮您查询后回复您。"     # the clause, not "这个我我帮您…"
    qtbot.waitUntil(lambda: find(window, QPushButton, "copyButton").isEnabled())
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key_Z, Qt.ControlModifier)
    assert editor.toPlainText() == "这个我不知道。"
    qtbot.keyClick(editor, Qt.Key_End, Qt.ControlModifier)
    commit(editor, "好")                    # the edit block was closed: typing works normally
    assert editor.toPlainText() == "这个我不知道。好"


def test_clicking_copy_anyway_asks_then_copies_exactly_the_draft_and_audits(window, qtbot):
    fresh_draft(window, qtbot, "我保证明天修好😀")
    copy_button = find(window, QPushButton, "copyButton")
    assert not copy_button.isEnabled()
    seen = []
    answer_next_box(qtbot, QMessageBox.StandardButton.Yes, seen)
    click(qtbot, find(window, QPushButton, "copyAnyway"))
    qtbot.waitUntil(lambda: window.draft.last_copied is not None, timeout=5_000)
    assert seen and "审计" in seen[0]
    assert QGuiApplication.clipboard().text() == "我保证明天修好😀"
    (row,) = window.services.log.audit_trail()
    assert row["action"] == "copy_with_errors" and "promise.guarantee" in row["detail"]
    assert row["by"] == "小王"


def test_declining_copy_anyway_copies_and_records_nothing(window, qtbot):
    QGuiApplication.clipboard().setText("之前的内容")
    fresh_draft(window, qtbot, "我保证明天修好")
    answer_next_box(qtbot, QMessageBox.StandardButton.No)
    click(qtbot, find(window, QPushButton, "copyAnyway"))
    qtbot.wait(100)
    assert QGuiApplication.clipboard().text() == "之前的内容"
    assert window.services.log.audit_trail() == []


def test_copied_notice_goes_when_the_draft_changes_and_clear_is_offered(window, qtbot):
    editor = fresh_draft(window, qtbot, "您好，已为您登记。")
    click(qtbot, find(window, QPushButton, "copyButton"))
    status = window.draft.status
    clear = find(window, QPushButton, "clearDraft")
    assert "已复制" in status.text() and clear.isVisible()
    editor.setFocus()
    commit(editor, "我不知道")
    assert "已复制" not in status.text() and not clear.isVisible()
    fresh_draft(window, qtbot, "好的，已为您登记。")
    qtbot.keyClick(editor, Qt.Key_Return, Qt.ControlModifier)
    assert QGuiApplication.clipboard().text() == "好的，已为您登记。"
    click(qtbot, clear)
    assert editor.toPlainText() == ""
    editor.undo()
    assert editor.toPlainText() == "好的，已为您登记。"


def test_ctrl_enter_right_after_typing_checks_before_copying(window, qtbot):
    QGuiApplication.clipboard().setText("旧")
    editor = find(window, QPlainTextEdit, "draftEditor")
    editor.clear()
    editor.setFocus()
    commit(editor, "师傅电话13812345678")    # no pause: the debounce has not fired yet
    qtbot.keyClick(editor, Qt.Key_Return, Qt.ControlModifier)
    assert QGuiApplication.clipboard().text() == "旧"
    assert any(f.severity.value == "error" for f in window.draft.findings)


def test_copy_is_held_with_the_reason_until_the_checks_are_loaded(qtbot, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    from agentdesk.gui import build_main_window

    win = build_main_window(start=False)       # the linter has not loaded (yet)
    qtbot.addWidget(win)
    win.show()
    editor = find(win, QPlainTextEdit, "draftEditor")
    editor.setFocus()
    commit(editor, "电话13812345678")
    qtbot.wait(60)
    copy_button = find(win, QPushButton, "copyButton")
    assert not copy_button.isEnabled()
    assert "加载" in win.draft.summary.text()
    QGuiApplication.clipboard().setText("旧")
    qtbot.keyClick(editor, Qt.Key_Return, Qt.ControlModifier)
    assert QGuiApplication.clipboard().text() == "旧"
    assert "加载" in win.draft.status.text()
    win.core_loaded(win.services.load_core())
    assert not copy_button.isEnabled()                        # now for the right reason
    assert any(f.severity.value == "error" for f in win.draft.findings)
    win.services.close()


def test_a_long_draft_is_linted_off_the_gui_thread_and_copy_waits(window, qtbot):
    editor = find(window, QPlainTextEdit, "draftEditor")
    text = "您好，已为您登记。" * 2_000 + "我不知道"
    editor.setPlainText(text)
    window.draft.relint()
    assert not window.draft.fresh                       # handed to a worker
    assert not find(window, QPushButton, "copyButton").isEnabled()
    qtbot.waitUntil(lambda: window.draft.fresh, timeout=10_000)
    (f,) = [f for f in window.draft.findings if f.rule == "negative.dont_know"]
    assert f.start == len(text) - 3


def test_draft_is_saved_atomically_and_privately_while_typing(window, qtbot):
    editor = find(window, QPlainTextEdit, "draftEditor")
    editor.clear()
    editor.setFocus()
    path = window.services.draft_file
    for _ in range(30):                  # continuous typing for 3 s: still saved on the way
        commit(editor, "字")
        qtbot.wait(100)
    assert path.exists() and path.read_text("utf-8").startswith("字" * 10)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert not list(path.parent.glob("*.tmp"))


def test_draft_is_saved_when_focus_leaves_the_editor(window, qtbot):
    editor = find(window, QPlainTextEdit, "draftEditor")
    editor.setFocus()
    commit(editor, "还没写完")
    window.templates.search.setFocus()
    assert window.services.draft_file.read_text("utf-8").endswith("还没写完")


def test_draft_is_saved_on_close(window, qtbot):
    editor = find(window, QPlainTextEdit, "draftEditor")
    editor.clear()
    editor.setFocus()
    commit(editor, "关窗前的草稿")
    window.close()
    assert window.services.draft_file.read_text("utf-8") == "关窗前的草稿"


@pytest.mark.slow
def test_soak_three_thousand_characters_typed_with_findings(window, qtbot):
    """A shift's typing through the input method into a draft with findings: relint on every
    keystroke, events processed; no crash and (Python < 3.12) None's refcount stable."""
    from PySide6.QtWidgets import QApplication

    editor = find(window, QPlainTextEdit, "draftEditor")
    editor.clear()
    editor.setFocus()
    chunk = "您好我不知道电话13812345678😀保证明天修好。"
    typed = (chunk * (3_000 // len(chunk) + 1))[:3_000]
    for ch in chunk * 3:                  # warm up: Qt builds enum tables etc. on first use
        commit(editor, ch)
        window.draft.relint()
        QApplication.processEvents()
    editor.clear()
    window.draft.relint()
    QApplication.processEvents()
    gc.collect()
    before = sys.getrefcount(None)
    for i, ch in enumerate(typed):
        commit(editor, ch)
        window.draft.relint()
        if i % 10 == 0:
            QApplication.processEvents()
    qtbot.waitUntil(lambda: window.draft.fresh, timeout=10_000)
    assert editor.toPlainText() == typed
    assert len(window.draft.findings) > 100
    editor.clear()                           # drop the findings (each holds Nones) to compare
    window.draft.relint()
    gc.collect()
    if sys.version_info < (3, 12):
        drift = sys.getrefcount(None) - before
        assert abs(drift) < 1_000, f"None's refcount drifted by {drift}"

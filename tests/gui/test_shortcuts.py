"""Every shortcut the README lists, pressed for real, and the remaining controls clicked."""

from __future__ import annotations

from gui_helpers import click, commit, find
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
)


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def search_for(window, qtbot, query, first_id):
    search = find(window, QLineEdit, "templateSearch")
    search.clear()
    commit(search, query)
    qtbot.waitUntil(lambda: getattr(window.templates.model.template(0), "id", None) == first_id)


def test_ctrl_k_ctrl_f_and_ctrl_n_move_to_search_and_to_a_new_entry(window, qtbot):
    window.activateWindow()
    editor = find(window, QPlainTextEdit, "draftEditor")
    editor.setFocus()
    press(qtbot, Qt.Key_K, Qt.ControlModifier)
    assert QApplication.focusWidget() is find(window, QLineEdit, "templateSearch")
    press(qtbot, Qt.Key_N, Qt.ControlModifier)
    assert window.tabs.currentIndex() == 1
    assert QApplication.focusWidget() is window.duty_log.form.customer
    press(qtbot, Qt.Key_F, Qt.ControlModifier)
    assert window.tabs.currentIndex() == 0
    assert QApplication.focusWidget() is find(window, QLineEdit, "templateSearch")


def test_ctrl_d_marks_the_current_template_a_favourite(window, qtbot):
    window.activateWindow()
    search_for(window, qtbot, "请客户稍等", "wait.please_hold")
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    assert window.services.usage.is_favourite("wait.please_hold")
    qtbot.waitUntil(lambda: (window.templates.model.index(0).data() or "").startswith("★"))


def fill_dialog_then(qtbot, window, action):
    def act():
        dialog = getattr(window, "active_fill_dialog", None)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, act)
            return
        action(dialog)

    QTimer.singleShot(0, act)


def test_enter_opens_the_form_typed_values_fill_the_template_and_are_remembered(window, qtbot):
    editor = find(window, QPlainTextEdit, "draftEditor")
    editor.clear()
    search_for(window, qtbot, "电话开场", "greeting.phone")

    def fill(dialog):
        for name, value in (("公司名称", "示例科技"), ("工号", "1024")):
            box = dialog.findChild(QComboBox, f"fill_{name}")
            box.lineEdit().selectAll()
            box.setFocus()
            commit(box.lineEdit(), value)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.LeftButton)

    fill_dialog_then(qtbot, window, fill)
    qtbot.keyClick(find(window, QLineEdit, "templateSearch"), Qt.Key_Return)
    assert editor.toPlainText() == ("您好，欢迎致电示例科技客户服务热线，1024号客服代表很高兴"
                                    "为您服务，请问有什么可以帮助您？")
    assert window.services.usage.remembered("公司名称") == "示例科技"


def test_escape_keeps_the_slots_and_tab_moves_through_them(window, qtbot):
    editor = find(window, QPlainTextEdit, "draftEditor")
    editor.clear()
    search_for(window, qtbot, "电话开场", "greeting.phone")
    fill_dialog_then(qtbot, window, lambda d: qtbot.keyClick(d, Qt.Key_Escape))
    results = find(window, QListView, "templateList")
    results.setFocus()
    qtbot.keyClick(results, Qt.Key_Return)
    assert editor.textCursor().selectedText() == "{公司名称}"
    qtbot.keyClick(editor, Qt.Key_Tab)
    assert editor.textCursor().selectedText() == "{工号}"
    qtbot.keyClick(editor, Qt.Key_Backtab)
    assert editor.textCursor().selectedText() == "{公司名称}"


def test_mask_button_and_traditional_choice_when_clicked(window, qtbot):
    editor = find(window, QPlainTextEdit, "draftEditor")
    editor.clear()
    editor.setFocus()
    commit(editor, "师傅电话13812345678")
    click(qtbot, find(window, QPushButton, "maskButton"))
    assert editor.toPlainText() == "师傅电话138****5678"
    editor.clear()
    editor.setFocus()
    commit(editor, "感谢您的来电")
    qtbot.waitUntil(lambda: find(window, QPushButton, "copyButton").isEnabled())
    choice = find(window, QComboBox, "traditionalChoice")
    choice.setFocus()
    qtbot.keyClick(choice, Qt.Key_Down)
    qtbot.keyClick(choice, Qt.Key_Down)                     # Hong Kong forms
    assert choice.currentData() == "hk"
    click(qtbot, find(window, QPushButton, "copyButton"))
    assert QGuiApplication.clipboard().text() == "感謝您的來電"
    qtbot.keyClick(choice, Qt.Key_Up)
    qtbot.keyClick(choice, Qt.Key_Up)


def test_always_on_top_from_the_view_menu_is_remembered(window, qtbot):
    action = window.on_top
    action.trigger()                                         # the menu item, as a click does
    assert window.windowFlags() & Qt.WindowStaysOnTopHint
    window.close()
    from agentdesk.gui import build_main_window

    again = build_main_window(start=False)
    qtbot.addWidget(again)
    assert again.on_top.isChecked()

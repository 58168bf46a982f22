"""The picker from the keyboard, offscreen, over the real cores (search, fields, linter, audit)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from agentdesk.gui.picker import Target


def commit(widget, text):
    """Type as an input method delivers it: the composed text arrives as one commit string."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def open_picker(window, qtbot):
    picker = window.picker
    picker.show_for(Target())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is picker.window.search)
    return picker, picker.window


def usage_actions(window):
    return [tuple(r) for r in window.services.usage.conn.execute(
        "SELECT template_id, action FROM usage ORDER BY id")]


def test_type_chinese_tab_into_a_field_and_ctrl_enter_copies_and_remembers(window, qtbot):
    picker, w = open_picker(window, qtbot)
    commit(w.search, "退款流程")
    qtbot.waitUntil(lambda: getattr(w.template, "id", None) == "returns.refund_process")
    assert w.editor.toPlainText().endswith("到账时间一般为1-3个工作日。")   # the default, inline
    qtbot.keyClick(w.search, Qt.Key_Tab)
    assert QApplication.focusWidget() is w.editor
    assert w.editor.textCursor().selectedText() == "1-3个工作日"
    assert "1-3个工作日／3-7个工作日" in w.field_hint.text()
    commit(w.editor, "5个工作日")                      # replaces the selected field
    assert w.editor.toPlainText().endswith("到账时间一般为5个工作日。")
    with qtbot.waitSignal(picker.sig_done) as done:
        qtbot.keyClick(w.editor, Qt.Key_Return, Qt.ControlModifier)
    assert done.args[0] == "copy"
    assert QGuiApplication.clipboard().text() == w.template.fill({"到账时间": "5个工作日"})
    assert not w.isVisible()
    assert usage_actions(window)[-1] == ("returns.refund_process", "copy")
    assert window.services.usage.remembered("到账时间") == "5个工作日"
    # next time the remembered value is already in place
    picker.show_for(Target())
    commit(w.search, "退款流程")
    qtbot.waitUntil(lambda: w.editor.toPlainText().endswith("到账时间一般为5个工作日。"))


def test_enter_pastes_records_paste_and_leaves_the_reply_when_no_keystroke_can_be_sent(
        window, qtbot):
    picker, w = open_picker(window, qtbot)
    qtbot.keyClicks(w.search, "zaijian")                        # pinyin of the alias 再见
    qtbot.waitUntil(lambda: getattr(w.template, "id", None) == "closing.thanks")
    with qtbot.waitSignal(picker.sig_done, timeout=5000) as done:
        qtbot.keyClick(w.search, Qt.Key_Return)
    assert done.args == ["paste", w.template.fill({})]
    assert usage_actions(window)[-1] == ("closing.thanks", "paste")
    # offscreen there is no X server to type Ctrl+V into: the reply stays for a manual paste
    assert QGuiApplication.clipboard().text() == w.template.fill({})


def test_down_moves_through_results_and_tab_walks_the_fields(window, qtbot):
    _picker, w = open_picker(window, qtbot)
    commit(w.search, "进展")
    qtbot.waitUntil(lambda: getattr(w.template, "id", None) == "complaint.follow.progress")
    first = w.template
    qtbot.keyClick(w.search, Qt.Key_Down)
    assert w.template is not first and w.list.currentIndex().row() == 1
    qtbot.keyClick(w.search, Qt.Key_Up)
    assert w.template is first
    qtbot.keyClick(w.search, Qt.Key_Tab)
    seen = [w.editor.textCursor().selectedText()]
    for _ in range(3):
        qtbot.keyClick(w.editor, Qt.Key_Tab)
        seen.append(w.editor.textCursor().selectedText())
    assert seen == ["先生", "{处理进展}", "{完成时间}", "先生"]        # and round again
    qtbot.keyClick(w.editor, Qt.Key_Tab)
    qtbot.keyClick(w.editor, Qt.Key_Tab)
    qtbot.keyClick(w.editor, Qt.Key_Backtab)
    assert w.editor.textCursor().selectedText() == "{处理进展}"
    qtbot.keyClick(w.editor, Qt.Key_Backtab)
    qtbot.keyClick(w.editor, Qt.Key_Backtab)                    # from the first field: search
    assert QApplication.focusWidget() is w.search


def test_an_unfilled_placeholder_blocks_the_paste_like_copy(window, qtbot):
    picker, w = open_picker(window, qtbot)
    QGuiApplication.clipboard().setText("之前的内容")
    commit(w.search, "进展")
    qtbot.waitUntil(lambda: getattr(w.template, "id", None) == "complaint.follow.progress")
    qtbot.keyClick(w.search, Qt.Key_Return)
    assert w.isVisible()
    assert "不能粘贴" in w.blocked.text() and "{处理进展}" in w.blocked.text()
    assert usage_actions(window) == []
    assert QGuiApplication.clipboard().text() == "之前的内容"
    qtbot.keyClick(w.search, Qt.Key_Return, Qt.ControlModifier)       # nor does Copy
    assert w.isVisible() and QGuiApplication.clipboard().text() == "之前的内容"
    # filling it in unblocks
    qtbot.keyClick(w.search, Qt.Key_Tab)
    qtbot.keyClick(w.editor, Qt.Key_Tab)
    commit(w.editor, "已安排工程师上门")
    qtbot.keyClick(w.editor, Qt.Key_Return)
    assert w.isVisible() and "{完成时间}" in w.blocked.text()       # one slot is still open
    qtbot.keyClick(w.editor, Qt.Key_Tab)
    commit(w.editor, "今晚8点前")
    with qtbot.waitSignal(picker.sig_done, timeout=5000) as done:
        qtbot.keyClick(w.editor, Qt.Key_Return)
    assert "已安排工程师上门" in done.args[1]
    assert window.services.usage.remembered("处理进展") == "已安排工程师上门"


def _answer(button):
    def press():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(button).click()
        else:
            QTimer.singleShot(20, press)
    QTimer.singleShot(20, press)


def test_paste_anyway_asks_and_is_recorded_in_the_audit_trail(window, qtbot):
    picker, w = open_picker(window, qtbot)
    commit(w.search, "进展")
    qtbot.waitUntil(lambda: getattr(w.template, "id", None) == "complaint.follow.progress")
    _answer(QMessageBox.No)
    qtbot.keyClick(w.search, Qt.Key_Return, Qt.ControlModifier | Qt.ShiftModifier)
    assert w.isVisible() and window.services.log.audit_trail() == []
    _answer(QMessageBox.Yes)
    with qtbot.waitSignal(picker.sig_done, timeout=5000):
        qtbot.keyClick(w.search, Qt.Key_Return, Qt.ControlModifier | Qt.ShiftModifier)
    (row,) = window.services.log.audit_trail()
    assert row["action"] == "paste_with_errors" and row["by"] == "小王"
    assert row["detail"].startswith("placeholder.unfilled: ") and "{处理进展}" in row["detail"]
    assert usage_actions(window)[-1] == ("complaint.follow.progress", "paste")


def test_a_forbidden_phrase_typed_into_the_reply_blocks_it(window, qtbot):
    _picker, w = open_picker(window, qtbot)
    commit(w.search, "再见")
    qtbot.waitUntil(lambda: w.template is not None)
    qtbot.keyClick(w.search, Qt.Key_Tab)
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    commit(w.editor, "这个我不知道😀")
    assert "不知道" in w.findings_label.text()
    qtbot.keyClick(w.editor, Qt.Key_Return)
    assert w.isVisible() and "不能粘贴" in w.blocked.text()


def test_escape_closes_without_pasting(window, qtbot):
    _picker, w = open_picker(window, qtbot)
    commit(w.search, "再见")
    qtbot.keyClick(w.search, Qt.Key_Escape)
    assert not w.isVisible()
    assert usage_actions(window) == []


def test_picker_opens_inside_the_screen_near_the_pointer(window, qtbot):
    _picker, w = open_picker(window, qtbot)
    area = w.screen().availableGeometry()
    assert area.contains(w.frameGeometry())


def test_works_with_the_desk_hidden_to_the_tray_or_in_compact_mode(window, qtbot):
    window.hide()
    _picker, w = open_picker(window, qtbot)
    commit(w.search, "再见")
    qtbot.waitUntil(lambda: w.template is not None)
    qtbot.keyClick(w.search, Qt.Key_Escape)
    window.show()
    window.compact.enter()
    qtbot.waitUntil(window.compact.panel.isActiveWindow)
    _picker, w = open_picker(window, qtbot)
    assert w.isVisible() and window.compact.on
    qtbot.keyClick(w.search, Qt.Key_Escape)
    assert window.compact.on and not window.isVisible()


def test_clicking_into_another_window_closes_the_picker(window, qtbot):
    _picker, w = open_picker(window, qtbot)
    window.activateWindow()
    qtbot.waitUntil(lambda: not w.isVisible())
    assert usage_actions(window) == []


def test_tray_menu_opens_the_picker_and_compact_mode(window, qtbot):
    from PySide6.QtWidgets import QMenu, QSystemTrayIcon

    from agentdesk.gui.picker.desk import add_tray_entries

    window.tray = QSystemTrayIcon(window.windowIcon(), window)
    menu = QMenu(window)
    menu.addAction("显示/隐藏")
    window.tray.setContextMenu(menu)
    add_tray_entries(window)
    pick, compact = menu.actions()[:2]
    assert "Ctrl+Alt+Space" in pick.text() and "Ctrl+Shift+M" in compact.text()
    pick.trigger()
    qtbot.waitUntil(lambda: window.picker.window.isVisible())
    qtbot.keyClick(window.picker.window.search, Qt.Key_Escape)
    compact.trigger()
    assert window.compact.on
    compact.trigger()
    assert not window.compact.on and window.isVisible()


def test_a_target_window_that_is_gone_gets_no_keystroke_and_keeps_the_reply(window, qtbot,
                                                                              monkeypatch):
    from agentdesk.gui.picker import target as targets

    sent = []
    monkeypatch.setattr(targets, "focus", lambda _t: False)          # the chat window closed
    monkeypatch.setattr(targets, "send_paste_keystroke", lambda: sent.append("ctrl+v"))
    picker = window.picker
    picker.show_for(Target(0x2A))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is picker.window.search)
    qtbot.keyClicks(picker.window.search, "zaijian")
    qtbot.waitUntil(lambda: getattr(picker.window.template, "id", None) == "closing.thanks")
    with qtbot.waitSignal(picker.sig_done, timeout=5000):
        qtbot.keyClick(picker.window.search, Qt.Key_Return)
    assert sent == []
    assert QGuiApplication.clipboard().text() == picker.window.template.fill({})


def test_opened_while_the_desk_is_loading_it_fills_in_once_loaded(qtbot, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    from agentdesk.gui import build_main_window

    win = build_main_window(start=False)          # nothing loaded yet
    qtbot.addWidget(win)
    win.show()
    picker = win.picker
    picker.show_for(Target())
    w = picker.window
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.search)
    commit(w.search, "再见")
    assert "加载" in w.findings_label.text() and w.template is None
    qtbot.keyClick(w.search, Qt.Key_Return)
    assert w.isVisible()                           # nothing unchecked leaves
    result = win.services.load_core()
    win.services.phrasebook, win.services.linter = result[0], result[1]
    qtbot.waitUntil(lambda: getattr(w.template, "id", None) == "closing.thanks", timeout=5000)
    qtbot.waitUntil(lambda: "未发现问题" in w.findings_label.text(), timeout=5000)
    win.services.close()


def test_the_shortcut_again_while_open_keeps_the_first_window_and_the_query(window, qtbot):
    picker, w = open_picker(window, qtbot)
    picker.target = Target(0x1234)
    commit(w.search, "再见")
    picker.show_for(Target(int(w.winId())))        # key repeat: the picker is active now
    assert picker.target == Target(0x1234)
    assert w.search.text() == "再见" and w.isVisible()


def test_a_served_desk_shows_its_picker_for_agentdesk_pick_and_explains_wayland(
        window, qtbot, monkeypatch, tmp_path):
    import os
    import subprocess
    import sys

    from agentdesk.gui.picker import serve

    monkeypatch.setenv("XDG_SESSION_TYPE", "wayland")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    serve(window, window.services.paths.data_dir)
    assert "agentdesk pick" in window.hotkey.problem
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("XDG_SESSION_TYPE")
    env.pop("WAYLAND_DISPLAY")
    proc = subprocess.Popen([sys.executable, "-m", "agentdesk", "pick", "--window", "0x2a"],
                            env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    qtbot.waitUntil(lambda: window.picker._window is not None and window.picker.window.isVisible(),
                    timeout=30_000)
    assert proc.wait(30) == 0, proc.stderr.read()
    assert window.picker.target == Target(0x2A)
    window.instance_server.close()

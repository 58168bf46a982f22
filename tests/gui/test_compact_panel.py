"""Compact mode: the desk's own search and draft in a narrow always-on-top side panel."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from agentdesk.gui.compact_panel import WIDTH, clamp


def enter_compact(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key_M, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: window.compact.on)
    return window.compact.panel


def test_ctrl_shift_m_swaps_the_desk_for_a_narrow_panel_and_back(window, qtbot):
    window.draft.editor.setPlainText("您好，已为您登记。")
    panel = enter_compact(window, qtbot)
    assert not window.isVisible()
    assert panel.width() == WIDTH and panel.windowFlags() & Qt.WindowStaysOnTopHint
    assert window.draft.isVisibleTo(panel) and window.templates.search.isVisibleTo(panel)
    assert not window.templates.tree.isVisibleTo(panel)          # left behind: 420 px
    assert window.draft.editor.toPlainText() == "您好，已为您登记。"
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    qtbot.keyClick(QApplication.focusWidget() or panel, Qt.Key_M,
                   Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: window.isVisible() and not panel.isVisible())
    assert window.split.indexOf(window.templates) == 0 and window.split.indexOf(window.draft) == 1
    assert window.templates.tree.isVisibleTo(window)


def test_clicking_copy_in_the_panel_puts_the_draft_on_the_clipboard(window, qtbot):
    panel = enter_compact(window, qtbot)
    window.draft.editor.setPlainText("您好😀，已为您登记，24小时内回复。")
    window.draft.relint()
    qtbot.mouseClick(window.draft.copy_button, Qt.LeftButton)
    assert QGuiApplication.clipboard().text() == "您好😀，已为您登记，24小时内回复。"
    assert panel.isVisible()


def test_search_in_the_panel_and_enter_inserts_into_the_draft(window, qtbot):
    enter_compact(window, qtbot)
    window.draft.editor.clear()
    search = window.templates.search
    search.setFocus()
    qtbot.keyClicks(search, "zaijian")
    qtbot.waitUntil(lambda: getattr(window.templates.model.template(0), "id", None)
                    == "closing.thanks")
    qtbot.keyClick(search, Qt.Key_Return)
    assert window.draft.editor.toPlainText() == window.templates.model.template(0).fill({})


def test_closing_the_panel_brings_the_desk_back(window, qtbot):
    panel = enter_compact(window, qtbot)
    panel.close()
    qtbot.waitUntil(window.isVisible)
    assert not panel.isVisible() and window.split.count() == 2


def test_the_panel_remembers_its_place(window, qtbot):
    panel = enter_compact(window, qtbot)
    panel.setGeometry(60, 40, WIDTH, 500)
    window.compact.leave()
    window.compact.enter()
    assert panel.geometry() == QRect(60, 40, WIDTH, 500)
    window.compact.leave()
    from agentdesk.gui import build_main_window

    again = build_main_window(start=False)
    qtbot.addWidget(again)
    again.show()
    again.compact.enter()
    assert again.compact.panel.geometry() == panel.geometry()
    again.compact.leave()


def test_geometry_fits_1366x768_and_a_saved_place_off_screen_comes_back():
    area = QRect(0, 0, 1366, 728)                     # 1366×768 less a 40 px panel
    for saved in (QRect(1300, 700, WIDTH, 760), QRect(-900, -50, WIDTH, 1200),
                  QRect(3000, 0, WIDTH, 700)):
        assert area.contains(clamp(saved, area))
    assert clamp(QRect(100, 100, WIDTH, 600), area) == QRect(100, 100, WIDTH, 600)


def test_panel_minimum_size_fits_a_1280x720_screen(window, qtbot):
    panel = enter_compact(window, qtbot)
    hint = panel.minimumSizeHint()
    assert hint.width() <= WIDTH and hint.height() <= 680
    assert panel.screen().availableGeometry().contains(panel.frameGeometry())

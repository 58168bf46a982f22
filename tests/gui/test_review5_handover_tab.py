"""Review of the handover tab's one-at-a-time refresh: requests while one runs collapse into one
more, and the tab ends up showing the log as it is after the last change."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_refresh_clicked_again_and_again_shows_the_last_state(window, qtbot):
    from agentdesk.desk import DutyLog
    from agentdesk.gui.main_window import TAB_HANDOVER

    win = window
    panel = win.handover
    bar = win.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(TAB_HANDOVER).center())
    path = win.services.paths.db_path
    for i in range(6):
        with DutyLog.open(path, agent="小王") as log:       # another window's entries
            log.add(customer=f"客户{i}", summary="宽带断网")
        qtbot.mouseClick(panel.refresh_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not panel._refreshing and panel.items.count() == 6, timeout=20_000)
    qtbot.wait(200)                                  # nothing else arrives and overwrites it
    assert panel.items.count() == 6 and not panel._refreshing


def test_submit_then_acknowledge_through_the_tab(window, qtbot):
    from agentdesk.desk import DutyLog

    panel = window.handover
    path = window.services.paths.db_path
    with DutyLog.open(path, agent="小王") as log:
        a = log.add(customer="张三", summary="宽带断网")
        log.add(customer="李四", summary="没信号")
        log.create_handover(by="小张", to=None)
    qtbot.mouseClick(panel.refresh_button, Qt.LeftButton)
    qtbot.mouseClick(panel.refresh_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: panel.pending_id is not None and not panel._refreshing,
                    timeout=20_000)
    panel.ack_name.setText("小王")
    qtbot.mouseClick(panel.ack_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: panel.pending_id is None and not panel._refreshing
                    and panel.ack_button.isEnabled(), timeout=20_000)
    with DutyLog.open(path, agent="小王") as log:
        (h,) = log.handovers()
        assert h.acknowledged_by == "小王" and sorted(h.taken_over) == [a, a + 1]

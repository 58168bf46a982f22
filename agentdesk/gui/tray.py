"""The system tray icon: show or hide the window with a click."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from agentdesk.i18n import tr


def make_tray(window, icon) -> QSystemTrayIcon:
    tray = QSystemTrayIcon(icon, window)
    menu = QMenu(window)
    toggle = QAction(tr('显示/隐藏'), menu)
    toggle.triggered.connect(lambda: window.setVisible(not window.isVisible()))
    quit_action = QAction(tr('退出'), menu)
    quit_action.triggered.connect(QApplication.quit)
    menu.addAction(toggle)
    menu.addAction(quit_action)
    tray.setContextMenu(menu)
    tray.setToolTip("AgentDesk 坐席助手")
    tray.activated.connect(lambda reason: window.setVisible(not window.isVisible())
                           if reason == QSystemTrayIcon.Trigger else None)
    tray.show()
    return tray

"""How the tests act as an agent: input-method commits, clicks, answering a message box."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox


def commit(widget, text: str) -> None:
    """Type text the way a Chinese input method delivers it: one commit string per character
    (QTest.keyClicks cannot type non-ASCII text)."""
    target = widget.focusProxy() or widget
    for ch in text:
        event = QInputMethodEvent("", [])
        event.setCommitString(ch)
        QApplication.sendEvent(target, event)


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def answer_next_box(qtbot, which=QMessageBox.StandardButton.Yes, seen: list | None = None):
    """Click `which` on the next modal message box, as the agent would."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        if seen is not None:
            seen.append(box.text())
        qtbot.mouseClick(box.button(which), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, press)


def find(win, kind, name):
    widget = win.findChild(kind, name)
    assert widget is not None, name
    return widget

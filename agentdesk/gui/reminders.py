"""Call-back reminders: every due item listed until the agent dismisses it, from a status-bar
button (the status bar never changes height, so nothing moves under the pointer)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
)

from agentdesk.i18n import tr


class Reminders(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.items: dict[str, str] = {}      # key -> text, in the order they came due
        self.dismissed: set[str] = set()
        self.button = QPushButton(objectName="reminderButton")
        self.button.setFlat(True)
        self.button.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.button.hide()
        self.popup = QFrame(window, objectName="reminderPopup")
        self.popup.setWindowFlags(Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint)
        self.popup.setFrameShape(QFrame.Shape.StyledPanel)
        self.list = QListWidget(objectName="reminderList")
        self.list.setWordWrap(True)
        self.dismiss_button = QPushButton(tr('知道了'), objectName="reminderDismiss")
        self.dismiss_all = QPushButton(tr('全部知道了'),
                                       objectName="reminderDismissAll")
        self.hide_button = QPushButton(tr('收起'), objectName="reminderHide")
        column = QVBoxLayout(self.popup)
        column.addWidget(QLabel(tr('到期的回电（处理后点“知道了”）：')))
        column.addWidget(self.list, 1)
        row = QHBoxLayout()
        for w in (self.dismiss_button, self.dismiss_all):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.hide_button)
        column.addLayout(row)
        self.popup.resize(460, 260)
        self.button.clicked.connect(lambda: self.toggle())
        self.dismiss_button.clicked.connect(lambda: self.dismiss(self.list.currentRow()))
        self.dismiss_all.clicked.connect(lambda: self.dismiss_everything())
        self.hide_button.clicked.connect(lambda: self.popup.hide())

    def update(self, due: list[tuple[str, str]]) -> None:
        """The call-backs due now: new ones are added (and announced), handled ones go."""
        keys = {key for key, _ in due}
        fresh = [(k, text) for k, text in due if k not in self.items and k not in self.dismissed]
        for key in [k for k in self.items if k not in keys]:
            del self.items[key]
        for key, text in fresh:
            self.items[key] = text
        self._render()
        if fresh:
            tray = getattr(self.window, "tray", None)
            if tray is not None:
                tray.showMessage(tr('回电提醒'),
                                 "\n".join(text for _, text in fresh[:5]))

    def dismiss(self, row: int) -> None:
        keys = list(self.items)
        if 0 <= row < len(keys):
            self.dismissed.add(keys[row])
            del self.items[keys[row]]
            self._render()

    def dismiss_everything(self) -> None:
        self.dismissed.update(self.items)
        self.items.clear()
        self._render()

    def toggle(self) -> None:
        if self.popup.isVisible():
            self.popup.hide()
            return
        corner = self.button.mapToGlobal(self.button.rect().topRight())
        self.popup.move(corner.x() - self.popup.width(), corner.y() - self.popup.height() - 4)
        self.popup.show()
        self.popup.raise_()

    def _render(self) -> None:
        self.list.clear()
        self.list.addItems(list(self.items.values()))
        if self.items:
            self.list.setCurrentRow(0)
        self.button.setText(tr('☎ {n_items} 个回电到期', n_items=len(self.items)))
        self.button.setVisible(bool(self.items))
        if not self.items:
            self.popup.hide()

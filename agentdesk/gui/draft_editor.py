"""The draft editor widget: Tab jumps to the next {placeholder}, Ctrl+Enter asks for a copy,
leaving it asks for an autosave."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from agentdesk.gui.offsets import OffsetMap


class DraftEditor(QPlainTextEdit):
    sig_copy_requested = Signal()
    sig_focus_lost = Signal()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.sig_focus_lost.emit()      # autosave when the agent turns to the chat window

    def keyPressEvent(self, event) -> None:
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and event.modifiers() & Qt.ControlModifier:
            self.sig_copy_requested.emit()
            return
        # Tab fills the next placeholder; with none left it moves focus on (never a tab
        # character: a reply has no use for one and the agent would be trapped)
        if event.key() == Qt.Key_Tab and not event.modifiers() & Qt.ControlModifier:
            if not self.select_next_placeholder():
                QWidget.focusNextPrevChild(self, True)   # QPlainTextEdit's own refuses
            return
        if event.key() == Qt.Key_Backtab:
            if not self.select_next_placeholder(backwards=True):
                QWidget.focusNextPrevChild(self, False)
            return
        super().keyPressEvent(event)

    def select_next_placeholder(self, backwards: bool = False) -> bool:
        """Select the next (or previous) unfilled {…}; False when there is none."""
        from agentdesk.phrasebook import find_placeholders

        text = self.toPlainText()
        spans = find_placeholders(text)
        if not spans:
            return False
        cursor = self.textCursor()
        offsets = OffsetMap(text)
        here = offsets.to_py(cursor.selectionEnd() if not backwards else cursor.selectionStart())
        ordered = spans if not backwards else list(reversed(spans))
        pick = next((s for s in ordered if (s[0] >= here if not backwards else s[1] <= here)),
                    ordered[0])
        cursor.setPosition(offsets.to_qt(pick[0]))
        cursor.setPosition(offsets.to_qt(pick[1]), QTextCursor.KeepAnchor)
        self.setTextCursor(cursor)
        return True

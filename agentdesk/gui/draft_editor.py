"""The draft editor widget: Tab jumps to the next {placeholder}, Ctrl+Enter asks for a copy,
leaving it asks for an autosave."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

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
        if event.key() == Qt.Key_Tab and self.select_next_placeholder():
            return
        if event.key() == Qt.Key_Backtab and self.select_next_placeholder(backwards=True):
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

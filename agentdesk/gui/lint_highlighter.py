"""LintHighlighter: findings as wavy underlines over the draft (extra selections, table-driven)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from agentdesk.gui.offsets import OffsetMap

# severity -> (underline colour, background): error red, warning amber, info blue
STYLE = {
    "error": ("#d93025", "#fde7e5"),
    "warning": ("#e37400", "#fef3e0"),
    "info": ("#1a73e8", "#e8f0fe"),
}


class LintHighlighter:
    def __init__(self, editor: QPlainTextEdit) -> None:
        self.editor = editor
        self._formats: dict[str, QTextCharFormat] = {}
        self._shown = False     # whether underlines are on screen (cheaper than asking Qt)

    @property
    def formats(self) -> dict[str, QTextCharFormat]:
        # built on first use: setting a brush builds PySide6's Qt enums (~12 ms), which the
        # window should not pay before it is first shown
        if not self._formats:
            self._formats = self._make_formats()
        return self._formats

    @staticmethod
    def _make_formats() -> dict[str, QTextCharFormat]:
        formats = {}
        for severity, (line, background) in STYLE.items():
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.WaveUnderline)
            fmt.setUnderlineColor(QColor(line))
            fmt.setBackground(QColor(background))
            formats[severity] = fmt
        return formats

    def show(self, offsets: OffsetMap | str, findings) -> list[tuple[int, int, str]]:
        """Underline every finding; returns the Qt (UTF-16) spans, for tests and tooltips.
        `offsets` is the text's map, built once per relint by the caller (or the text)."""
        if not findings and not self._shown:
            return []
        if isinstance(offsets, str):
            offsets = OffsetMap(offsets)
        self._shown = bool(findings)
        selections, spans = [], []
        doc = self.editor.document()
        for f in findings:
            start, end = offsets.to_qt(f.start), offsets.to_qt(f.end)
            cursor = QTextCursor(doc)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.KeepAnchor)
            sel = QTextEdit.ExtraSelection()
            sel.cursor = cursor
            sel.format = self.formats[f.severity.value]
            selections.append(sel)
            spans.append((start, end, f.severity.value))
        self.editor.setExtraSelections(selections)
        return spans

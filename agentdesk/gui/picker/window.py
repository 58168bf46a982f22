"""The picker window: a small frameless box over any program, driven from the keyboard only.

Search (the desk's), results, the reply with its fields filled inline, the live findings.
It decides nothing about readiness or pasting: it asks for them (sig_accept) and the
controller answers with the core's copy_blockers.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QGuiApplication, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QVBoxLayout,
)

from agentdesk.data_i18n import data_tr
from agentdesk.gui.lint_highlighter import LintHighlighter
from agentdesk.gui.offsets import OffsetMap
from agentdesk.gui.picker.fields import Field, edit_between, lay_out, prefill, shift
from agentdesk.gui.template_list_model import TemplateListModel
from agentdesk.i18n import N_, tr

SIZE = (560, 430)
SEVERITY = {"error": N_("错误"), "warning": N_("警告"), "info": N_("提示")}


def _hint() -> str:
    return tr('回车 粘贴到原窗口 · Ctrl+回车 仅复制 · Tab 下一项 · ↑↓ 选择 · Esc 关闭')


class PickerWindow(QFrame):
    """sig_accept(mode): "paste", "copy", or "anyway" (Ctrl+Shift+Enter, confirmed later);
    sig_cancel(): Esc; sig_dismissed(): the agent clicked into another window."""

    sig_accept = Signal(str)
    sig_cancel = Signal()
    sig_dismissed = Signal()

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent, Qt.Tool | Qt.FramelessWindowHint | Qt.WindowStaysOnTopHint)
        self.setObjectName("picker")
        self.setWindowTitle("AgentDesk 选择器")
        self.setFrameShape(QFrame.Box)
        self.setStyleSheet("#picker { background: palette(window); border: 1px solid #8a8a8a; }"
                           "#pickerBlocked { color: #b3261e; }")
        self.services = services
        self.template = None
        self.fields: list[Field] = []
        self.findings: list = []
        self.search = QLineEdit(objectName="pickerSearch")
        self.search.setPlaceholderText(tr('搜索话术：关键字、拼音、首字母、繁体'))
        self.model = TemplateListModel(self)
        self.list = QListView(objectName="pickerList")
        self.list.setModel(self.model)
        self.list.setFocusPolicy(Qt.NoFocus)   # the keys stay in the search box
        self.list.setWordWrap(True)
        self.editor = QPlainTextEdit(objectName="pickerDraft")
        self.editor.setTabChangesFocus(False)
        self.highlighter = LintHighlighter(self.editor)
        self.field_hint = QLabel(objectName="pickerField")
        self.findings_label = QLabel(objectName="pickerFindings")
        self.findings_label.setWordWrap(True)
        self.blocked = QLabel(objectName="pickerBlocked")
        self.blocked.setWordWrap(True)
        self.keys = QLabel(_hint(), objectName="pickerKeys")
        self.keys.setWordWrap(True)
        self.keys.setStyleSheet("color: #5f6368;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 3)
        layout.addWidget(self.editor, 3)
        for w in (self.field_hint, self.findings_label, self.blocked, self.keys):
            layout.addWidget(w)
        for label in (self.field_hint, self.blocked):   # shown only while they say something
            label.hide()
        self.resize(*SIZE)
        self.search.textChanged.connect(lambda _: self.refresh())
        self.list.selectionModel().currentChanged.connect(lambda cur, _: self._choose(cur.row()))
        self.list.clicked.connect(lambda index: self._choose(index.row()))
        self._text = ""                     # the reply before the latest edit
        # while the desk (or `agentdesk pick`) is still loading: look again, one timer
        self._loading = QTimer(self, singleShot=True, interval=150)
        self._loading.timeout.connect(self._loaded_yet)
        self.editor.textChanged.connect(self._edited)
        self.editor.cursorPositionChanged.connect(self._show_field)
        for w in (self.search, self.editor):
            w.installEventFilter(self)

    # -- showing --------------------------------------------------------------------------
    def present(self) -> None:
        """Show near the pointer, fresh, with the keyboard in the search box."""
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._say(self.blocked, "")
        self.refresh()
        self._place()
        self.show()
        self.raise_()
        self.activateWindow()
        self.search.setFocus(Qt.ActiveWindowFocusReason)

    def _place(self) -> None:
        pointer = QCursor.pos()
        screen = QGuiApplication.screenAt(pointer) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        w, h = min(SIZE[0], area.width()), min(SIZE[1], area.height())
        x = min(max(pointer.x() - w // 2, area.left()), area.right() - w + 1)
        y = min(max(pointer.y() + 16, area.top()), area.bottom() - h + 1)
        self.setGeometry(x, y, w, h)

    # -- searching ------------------------------------------------------------------------
    def refresh(self) -> None:
        book = self.services.phrasebook
        if book is None:   # `agentdesk pick` just started, or the desk is still loading
            self.findings_label.setText(tr('正在加载话术库……'))
            self._loading.start()
            return
        usage = self.services.usage
        found = book.search(self.search.text(), limit=30, usage=usage)
        self.model.set_templates(found, set(usage.favourites()))
        if found:
            self.list.setCurrentIndex(self.model.index(0))
            self._choose(0)
        else:
            self._choose(-1)

    def _loaded_yet(self) -> None:
        if self.isVisible():
            self.refresh() if self.template is None else self.relint()

    def _move(self, step: int) -> None:
        rows = self.model.rowCount()
        if rows:
            row = min(max(self.list.currentIndex().row() + step, 0), rows - 1)
            self.list.setCurrentIndex(self.model.index(row))

    def _choose(self, row: int) -> None:
        template = self.model.template(row)
        if template is self.template and template is not None:
            return
        self.template = template
        if template is None:
            text, fields = "", []
        else:
            text, fields = lay_out(template, prefill(template, self.services.usage.remembered))
        self.fields = []                       # a new reply, not an edit of the fields
        self.editor.setPlainText(text)
        self.fields = fields
        self.relint()

    # -- the reply ------------------------------------------------------------------------
    def _edited(self) -> None:
        text = self.editor.toPlainText()
        shift(self.fields, *edit_between(self._text, text))
        self._text = text
        self.relint()

    def relint(self) -> None:
        text = self.editor.toPlainText()
        linter = self.services.linter
        self.findings = linter.lint(text) if linter is not None else []
        self.highlighter.show(OffsetMap(text), self.findings)
        self._mark_fields(self.editor.extraSelections() if self.findings else [])
        if linter is None:   # the checks may load after the phrasebook: look again shortly
            self.findings_label.setText(tr('检查规则加载中……'))
            self._loading.start()
            return
        self._say(self.blocked, "")
        lines = []
        for f in self.findings[:4]:
            hint = f" → {f.suggestions[0]}" if f.suggestions else ""
            lines.append(f"[{tr(SEVERITY[f.severity.value])}] “{f.matched}” "
                         f"{data_tr(f.message)}{hint}")
        if len(self.findings) > 4:
            more = len(self.findings) - 4
            lines.append(tr('……另有 {more} 条', more=more))
        ok = tr('✓ 未发现问题') if text.strip() else ""
        self.findings_label.setText("\n".join(lines) or ok)

    def _mark_fields(self, finding_selections: list) -> None:
        """A light box under each field, below the linter's underlines, so Tab's stops show."""
        from PySide6.QtGui import QColor, QTextCharFormat
        from PySide6.QtWidgets import QTextEdit

        selections = list(finding_selections)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#e6f4ea"))
        for f in self.fields:
            if f.end > f.start:
                sel = QTextEdit.ExtraSelection()
                cursor = QTextCursor(self.editor.document())
                cursor.setPosition(min(f.start, cursor.document().characterCount() - 1))
                cursor.setPosition(min(f.end, cursor.document().characterCount() - 1),
                                   QTextCursor.KeepAnchor)
                sel.cursor, sel.format = cursor, fmt
                selections.insert(0, sel)      # under the findings' colours
        self.editor.setExtraSelections(selections)

    @staticmethod
    def _say(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def show_problem(self, message: str) -> None:
        self._say(self.blocked, message)

    def show_blocked(self, reasons: list[str]) -> None:
        self._say(self.blocked, tr('不能粘贴：') + "；".join(reasons[:3]) + tr(
                '。请先修改，或按 Ctrl+Shift+回车 仍要粘贴（记入审计）。'))

    def next_field(self, backwards: bool = False) -> bool:
        """Select the next (previous) field after (before) the cursor; False when none."""
        if not self.fields:
            return False
        cursor = self.editor.textCursor()
        ordered = sorted(self.fields, key=lambda f: f.start, reverse=backwards)
        here = cursor.selectionStart() if backwards else cursor.selectionEnd()
        pick = next((f for f in ordered if (f.end < here if backwards else f.start >= here)
                     and not (f.start == cursor.selectionStart()
                              and f.end == cursor.selectionEnd())), ordered[0])
        cursor.setPosition(pick.start)
        cursor.setPosition(pick.end, QTextCursor.KeepAnchor)
        self.editor.setTextCursor(cursor)
        return True

    def _show_field(self) -> None:
        pos = self.editor.textCursor().position()
        field = next((f for f in self.fields if f.start <= pos <= f.end), None)
        if field is None:
            self._say(self.field_hint, "")
            return
        choices = "／".join(field.choices)
        self._say(self.field_hint, tr('填写：{name}', name=field.name) +
                  (tr('（可选：{choices}）', choices=choices) if choices else ""))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.ActivationChange and not self.isActiveWindow():
            QTimer.singleShot(0, self, self._maybe_dismiss)   # the new active window known

    def _maybe_dismiss(self) -> None:
        from PySide6.QtWidgets import QApplication

        # the paste-anyway question is ours: the picker stays behind it
        if self.isVisible() and not self.isActiveWindow() and \
                QApplication.activeModalWidget() is None:
            self.sig_dismissed.emit()

    # -- keys -----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.KeyPress:
            return False
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key_Escape:
            self.sig_cancel.emit()
            return True
        if key in (Qt.Key_Return, Qt.Key_Enter):
            if mods & Qt.ControlModifier and mods & Qt.ShiftModifier:
                self.sig_accept.emit("anyway")
            elif mods & Qt.ControlModifier:
                self.sig_accept.emit("copy")
            elif mods & Qt.ShiftModifier and watched is self.editor:
                return False                   # a line break inside the reply
            else:
                self.sig_accept.emit("paste")
            return True
        if watched is self.search:
            if key in (Qt.Key_Down, Qt.Key_Up, Qt.Key_PageDown, Qt.Key_PageUp):
                step = {Qt.Key_Down: 1, Qt.Key_Up: -1, Qt.Key_PageDown: 5,
                        Qt.Key_PageUp: -5}[key]
                self._move(step)
                return True
            if key == Qt.Key_Tab:
                self.editor.setFocus(Qt.TabFocusReason)
                if not self.next_field():
                    self.editor.moveCursor(QTextCursor.End)
                return True
            return False
        if key == Qt.Key_Tab:
            if not self.next_field():
                self.search.setFocus(Qt.TabFocusReason)
            return True
        if key == Qt.Key_Backtab:
            first = min((f.start for f in self.fields), default=None)
            if first is None or self.editor.textCursor().selectionStart() <= first:
                self.search.setFocus(Qt.BacktabFocusReason)
            else:
                self.next_field(backwards=True)
            return True
        return False

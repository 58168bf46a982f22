"""The draft panel: the editor with its live linter, the findings, and the copy actions."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agentdesk.data_i18n import data_tr
from agentdesk.gui.draft_editor import DraftEditor
from agentdesk.gui.lint_highlighter import LintHighlighter
from agentdesk.gui.offsets import OffsetMap
from agentdesk.i18n import N_, tr

SEVERITY_LABEL = {"error": N_("错误"), "warning": N_("警告"), "info": N_("提示")}
# Longer drafts are linted on a worker: the GUI thread only converts offsets and paints
# (a 20,000-character paste must not hold the window). Shorter ones lint in well under 1 ms.
LONG_DRAFT = 2_000
LISTED = 200          # findings listed at most: a pasted log file can have thousands
SAVE_EVERY_MS = 2_000  # autosave at most this often while typing, however fast the typing


def _write_private(path: Path, text: str) -> None:
    """Write text atomically (temp file, fsync, rename), readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)          # an older temp file may have been created looser
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fd = -1
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
    finally:
        if fd != -1:
            os.close(fd)
    os.replace(tmp, path)


class DraftPanel(QWidget):
    sig_copied = Signal(str)

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.findings: list = []
        self.spans: list = []
        self.last_copied: str | None = None
        self.last_copy_mechanism: str | None = None
        # Why Copy is held back while the checks are not ready (None: ready).
        self.hold_reason: str | None = tr('检查规则加载中……复制暂不可用')
        self._rev = 0            # bumped on every edit; findings belong to _linted_rev
        self._linted_rev = -1
        self._lint_running = False
        self.editor = DraftEditor(objectName="draftEditor")
        self.editor.setPlaceholderText(tr(
                '在这里起草回复；选中话术按回车插入，Tab 跳到下一个占位符'))
        self.highlighter = LintHighlighter(self.editor)
        self.lint_list = QListWidget(objectName="lintList")
        self.lint_list.setWordWrap(True)
        self.apply_button = QPushButton(tr('采用建议'), objectName="applyButton")
        self.mask_button = QPushButton(tr('隐藏个人信息'),
                                       objectName="maskButton")
        self.traditional = QComboBox(objectName="traditionalChoice")
        self.traditional.addItem(tr('简体'), None)
        self.traditional.addItem(tr('繁体（台湾）'), "tw")
        self.traditional.addItem(tr('繁体（香港）'), "hk")
        self.copy_button = QPushButton(tr('复制 (Ctrl+Enter)'),
                                       objectName="copyButton")
        self.copy_anyway = QPushButton(tr('仍要复制…'), objectName="copyAnyway")
        self.clear_button = QPushButton(tr('清空草稿'), objectName="clearDraft")
        self.clear_button.hide()
        self.summary = QLabel(objectName="lintSummary")
        self.status = QLabel(objectName="draftStatus")
        self.status.setWordWrap(True)

        row = QHBoxLayout()
        for w in (self.apply_button, self.mask_button):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.traditional)
        row.addWidget(self.copy_anyway)
        row.addWidget(self.copy_button)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor, 3)
        layout.addWidget(self.summary)
        layout.addWidget(self.lint_list, 2)
        layout.addLayout(row)
        layout.addLayout(status_row)

        self._lint_timer = QTimer(self, singleShot=True, interval=30)
        self._lint_timer.timeout.connect(self.relint)
        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_EVERY_MS)
        self._save_timer.timeout.connect(self.save_draft)
        self.editor.textChanged.connect(self._changed)
        self.editor.sig_copy_requested.connect(self.copy)
        self.editor.sig_focus_lost.connect(self._save_if_changed)
        # `clicked` passes checked=False: never let it arrive as a suggestion or a confirmation
        self.apply_button.clicked.connect(lambda: self.apply_selected())
        self.lint_list.itemDoubleClicked.connect(lambda _: self.apply_selected())
        self.lint_list.currentRowChanged.connect(self._select_finding)
        self.mask_button.clicked.connect(lambda: self.mask_personal_data())
        self.copy_button.clicked.connect(lambda: self.copy())
        self.copy_anyway.clicked.connect(lambda: self.copy_despite_errors())
        self.clear_button.clicked.connect(lambda: self.clear_draft())
        self._dirty = False
        self._copied_shown = False
        self.restore_draft()
        self.relint()

    # -- linting --------------------------------------------------------------------------
    def _changed(self) -> None:
        self._rev += 1
        self._dirty = True
        self._lint_timer.start()
        if not self._save_timer.isActive():   # not restarted per keystroke: it must fire
            self._save_timer.start()
        if self._copied_shown:                # "copied" no longer describes this draft
            self._copied_shown = False
            self.clear_button.hide()
            self.status.setText("")

    @property
    def fresh(self) -> bool:
        """The findings on screen belong to the text in the editor."""
        return self._linted_rev == self._rev

    def set_checks_ready(self, reason: str | None) -> None:
        """None when the linter is loaded; otherwise why Copy is held back (shown to the agent)."""
        self.hold_reason = reason
        self._linted_rev = -1
        self.relint()

    def relint(self) -> None:
        text, rev = self.editor.toPlainText(), self._rev
        linter = self.services.linter
        if linter is None or self.hold_reason is not None:
            self._show(text, rev, [])
            return
        if len(text) <= LONG_DRAFT:
            self._show(text, rev, linter.lint(text))
            return
        if self._lint_running:           # the running one re-lints when it finishes
            return
        from agentdesk.gui.workers import run_in_background

        self._lint_running = True
        self._update_buttons(text)        # stale now: Copy waits for this text's findings

        def done(findings) -> None:
            self._lint_running = False
            if rev == self._rev:
                self._show(text, rev, findings)
            else:
                self.relint()

        def failed(message: str) -> None:
            self._lint_running = False
            self.status.setText(tr('检查失败：{message}', message=message))

        run_in_background(lambda: linter.lint(text), done, failed)

    def _show(self, text: str, rev: int, findings: list) -> None:
        self.findings = findings
        self._linted_rev = rev
        self._offsets = OffsetMap(text)     # once per relint, shared by every finding
        self.spans = self.highlighter.show(self._offsets, findings)
        self.lint_list.clear()
        # Strings, not Python-made QListWidgetItems: painting those costs a binding call per
        # item that leaks a reference to None (PySide6 6.11); the row indexes self.findings.
        self.lint_list.addItems([
            f"[{tr(SEVERITY_LABEL[f.severity.value])}] “{f.matched}” "
            f"{data_tr(f.message)}" + (f"  → {f.suggestions[0]}" if f.suggestions else "")
            for f in findings[:LISTED]])
        self._update_buttons(text)

    def _update_buttons(self, text: str) -> None:
        errors = sum(1 for f in self.findings if f.severity.value == "error")
        ready = self.hold_reason is None and self.fresh
        copyable = False
        if ready:        # (the window's first paint, checks not loaded, imports no linter)
            from agentdesk.lint.readiness import copy_blockers

            # the one rule of "ready to copy" that the picker and the CLI use too
            copyable = not copy_blockers(self.findings, text)
        self.copy_button.setEnabled(copyable)
        self.copy_anyway.setVisible(ready and errors > 0)
        self.apply_button.setEnabled(ready and bool(self.findings))
        if self.hold_reason is not None:
            self.summary.setText(self.hold_reason)
        elif not self.fresh:
            self.summary.setText(tr('正在检查……'))
        elif not self.findings:
            self.summary.setText(tr('✓ 未发现问题') if text.strip() else "")
        else:
            more = len(self.findings) - LISTED
            self.summary.setText(tr(
                    '{errors} 个错误，{value} 个提醒',
                    errors=errors, value=len(self.findings) - errors)
                                 + (tr('（只列出前 {LISTED} 个）', LISTED=LISTED)
                                    if more > 0 else ""))

    def _catch_up(self) -> bool:
        """Lint now if the findings are stale and the draft is short; True when fresh."""
        if not self.fresh and len(self.editor.toPlainText()) <= LONG_DRAFT:
            self._lint_timer.stop()
            self.relint()
        return self.fresh

    def _select_finding(self, row: int) -> None:
        if 0 <= row < len(self.findings) and self.fresh:
            f = self.findings[row]
            cursor = self.editor.textCursor()
            cursor.setPosition(self._offsets.to_qt(f.start))
            cursor.setPosition(self._offsets.to_qt(f.end), QTextCursor.KeepAnchor)
            self.editor.setTextCursor(cursor)

    def apply_selected(self, suggestion: str | None = None) -> None:
        """Replace the selected finding (or the first) with a suggestion, as one undo step."""
        if not self._catch_up() or not self.findings:
            return
        row = max(self.lint_list.currentRow(), 0)
        f = self.findings[row]
        replacement = suggestion if isinstance(suggestion, str) else (
            f.suggestions[0] if f.suggestions else "")
        # the clause, when replacing just the words would leave broken Chinese (这个我我帮您…)
        self._replace(*f.fix_span, replacement)

    def _replace(self, start: int, end: int, replacement: str) -> None:
        cursor = self.editor.textCursor()
        cursor.beginEditBlock()
        cursor.setPosition(self._offsets.to_qt(start))
        cursor.setPosition(self._offsets.to_qt(end), QTextCursor.KeepAnchor)
        cursor.insertText(replacement)
        cursor.endEditBlock()
        self.relint()

    def mask_personal_data(self) -> None:
        from agentdesk.lint import mask_personal_data

        text = self.editor.toPlainText()
        masked = mask_personal_data(text)
        if masked != text:
            cursor = self.editor.textCursor()
            cursor.beginEditBlock()
            cursor.select(QTextCursor.Document)
            cursor.insertText(masked)
            cursor.endEditBlock()
            self.relint()

    # -- inserting templates --------------------------------------------------------------
    def insert_template(self, template, values: dict[str, str] | None = None) -> None:
        text = template.fill(values) if values is not None else template.text
        cursor = self.editor.textCursor()
        cursor.insertText(text)
        self.editor.setFocus()
        if values is None:
            cursor.setPosition(cursor.position() - len(text.encode("utf-16-le")) // 2)
            self.editor.setTextCursor(cursor)
            self.editor.select_next_placeholder()
        self.relint()

    # -- copying --------------------------------------------------------------------------
    def text_to_copy(self) -> str:
        from agentdesk.lint import strip_controls

        text = strip_controls(self.editor.toPlainText())
        variant = self.traditional.currentData()
        if variant:
            from agentdesk.chinese import to_traditional

            text = to_traditional(text, variant)
        return text

    def copy(self) -> bool:
        self._catch_up()
        if self.hold_reason is not None:
            self.status.setText(self.hold_reason)
            return False
        if not self.fresh:
            self.status.setText(tr('正在检查草稿，请稍候再复制'))
            return False
        if not self.copy_button.isEnabled():
            self.status.setText(tr('草稿中还有错误，请先修改（或点“仍要复制…”）'))
            return False
        return self._copy(self.text_to_copy())

    def copy_despite_errors(self) -> bool:
        """Ask, then record the exception in the audit trail (on a worker: the database may be
        busy for seconds), and copy once it is recorded: no unrecorded exception reaches the
        customer."""
        if not self._catch_up() or self.hold_reason is not None:
            return False
        answer = QMessageBox.question(
            self, tr('确认复制'),
            tr('草稿中还有错误级别的问题。确定仍要复制吗？此操作会记入值班记录的审计日志。'))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        from agentdesk.gui.workers import run_log_op

        rules = ", ".join(sorted({f.rule for f in self.findings if f.severity.value == "error"}))
        text, agent = self.text_to_copy(), self.services.agent
        detail = f"{rules}: {self.editor.toPlainText()[:200]}"
        self.status.setText(tr('正在记入审计日志……'))
        run_log_op(self.services,
                   lambda log: log.audit("copy_with_errors", by=agent, detail=detail),
                   lambda _: self._copy(text),
                   lambda message: self.status.setText(
                       tr('未复制：审计日志无法写入（{message}）', message=message)))
        return True

    def _copy(self, text: str) -> bool:
        from agentdesk.clipboard import ClipboardUnavailable, copy_text

        try:
            copy_text(text)
            how = "pyperclip"
        except ClipboardUnavailable:
            QGuiApplication.clipboard().setText(text)  # Qt's clipboard: works without xclip
            how = "qt"
        self.last_copied = text
        self.last_copy_mechanism = how
        self.status.setText(tr('已复制到剪贴板。要清空草稿、开始下一条回复吗？'))
        self.clear_button.show()
        self._copied_shown = True
        self.sig_copied.emit(text)
        return True

    def clear_draft(self) -> None:
        """Empty the editor as one undo step (Ctrl+Z brings the reply back)."""
        cursor = self.editor.textCursor()
        cursor.select(QTextCursor.Document)
        cursor.removeSelectedText()
        self.editor.setFocus()

    # -- autosave -------------------------------------------------------------------------
    def _save_if_changed(self) -> None:
        if self._dirty:
            self.save_draft()

    def save_draft(self) -> None:
        """Write the draft atomically, owner-only: a crash loses at most two seconds of typing."""
        self._save_timer.stop()
        try:
            _write_private(self.services.draft_file, self.editor.toPlainText())
        except OSError as exc:
            self.status.setText(tr('草稿无法自动保存：{strerror}', strerror=exc.strerror))
            return
        self._dirty = False

    def restore_draft(self) -> None:
        try:
            text = self.services.draft_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return
        if text:
            self.editor.setPlainText(text)
            self._dirty = False

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
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agentdesk.gui import roles
from agentdesk.gui.draft_editor import DraftEditor
from agentdesk.gui.lint_highlighter import LintHighlighter
from agentdesk.gui.offsets import py_to_qt
from agentdesk.i18n import t

SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}


class DraftPanel(QWidget):
    sig_copied = Signal(str)

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.findings: list = []
        self.spans: list = []
        self.last_copied: str | None = None
        self.editor = DraftEditor(objectName="draftEditor")
        self.editor.setPlaceholderText(t("在这里起草回复；选中话术按回车插入，Tab 跳到下一个占位符",
                                         "Draft the reply here; Tab moves to the next placeholder"))
        self.highlighter = LintHighlighter(self.editor)
        self.lint_list = QListWidget(objectName="lintList")
        self.lint_list.setWordWrap(True)
        self.apply_button = QPushButton(t("采用建议", "Apply suggestion"), objectName="applyButton")
        self.mask_button = QPushButton(t("隐藏个人信息", "Mask personal data"),
                                       objectName="maskButton")
        self.traditional = QComboBox(objectName="traditionalChoice")
        self.traditional.addItem(t("简体", "Simplified"), None)
        self.traditional.addItem(t("繁体（台湾）", "Traditional (TW)"), "tw")
        self.traditional.addItem(t("繁体（香港）", "Traditional (HK)"), "hk")
        self.copy_button = QPushButton(t("复制 (Ctrl+Enter)", "Copy (Ctrl+Enter)"),
                                       objectName="copyButton")
        self.copy_anyway = QPushButton(t("仍要复制…", "Copy anyway…"), objectName="copyAnyway")
        self.summary = QLabel(objectName="lintSummary")
        self.status = QLabel(objectName="draftStatus")

        row = QHBoxLayout()
        for w in (self.apply_button, self.mask_button):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.traditional)
        row.addWidget(self.copy_anyway)
        row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor, 3)
        layout.addWidget(self.summary)
        layout.addWidget(self.lint_list, 2)
        layout.addLayout(row)
        layout.addWidget(self.status)

        self._lint_timer = QTimer(self, singleShot=True, interval=30)
        self._lint_timer.timeout.connect(self.relint)
        self._save_timer = QTimer(self, singleShot=True, interval=800)
        self._save_timer.timeout.connect(self.save_draft)
        self.editor.textChanged.connect(self._changed)
        self.editor.sig_copy_requested.connect(self.copy)
        self.apply_button.clicked.connect(self.apply_selected)
        self.lint_list.itemDoubleClicked.connect(lambda _: self.apply_selected())
        self.lint_list.currentRowChanged.connect(self._select_finding)
        self.mask_button.clicked.connect(self.mask_personal_data)
        self.copy_button.clicked.connect(self.copy)
        self.copy_anyway.clicked.connect(self.copy_despite_errors)
        self.restore_draft()
        self.relint()

    # -- linting --------------------------------------------------------------------------
    def _changed(self) -> None:
        self._lint_timer.start()
        self._save_timer.start()

    def relint(self) -> None:
        text = self.editor.toPlainText()
        linter = self.services.linter
        self.findings = linter.lint(text) if linter is not None else []
        self.spans = self.highlighter.show(text, self.findings)
        self.lint_list.clear()
        for f in self.findings:
            hint = f"  → {f.suggestions[0]}" if f.suggestions else ""
            item = QListWidgetItem(f"[{t(SEVERITY_LABEL[f.severity.value], f.severity.value)}] "
                                   f"“{f.matched}” {f.message}{hint}")
            item.setData(roles.USER, f)
            self.lint_list.addItem(item)
        errors = sum(1 for f in self.findings if f.severity.value == "error")
        self.copy_button.setEnabled(bool(text.strip()) and errors == 0)
        self.copy_anyway.setVisible(errors > 0)
        if linter is None:
            self.summary.setText(t("检查规则加载中……", "Loading the rulebook…"))
        elif not self.findings:
            self.summary.setText(t("✓ 未发现问题", "✓ No problems found") if text.strip() else "")
        else:
            self.summary.setText(t(f"{errors} 个错误，{len(self.findings) - errors} 个提醒",
                                   f"{errors} errors, {len(self.findings) - errors} notes"))

    def _select_finding(self, row: int) -> None:
        if 0 <= row < len(self.findings):
            f, text = self.findings[row], self.editor.toPlainText()
            cursor = self.editor.textCursor()
            cursor.setPosition(py_to_qt(text, f.start))
            cursor.setPosition(py_to_qt(text, f.end), QTextCursor.KeepAnchor)
            self.editor.setTextCursor(cursor)

    def apply_selected(self, suggestion: str | None = None) -> None:
        """Replace the selected finding (or the first) with a suggestion, as one undo step."""
        if not self.findings:
            return
        row = max(self.lint_list.currentRow(), 0)
        f = self.findings[row]
        replacement = suggestion if suggestion is not None else (f.suggestions[0]
                                                                 if f.suggestions else "")
        self._replace(f.start, f.end, replacement)

    def _replace(self, start: int, end: int, replacement: str) -> None:
        text = self.editor.toPlainText()
        cursor = self.editor.textCursor()
        cursor.beginEditBlock()
        cursor.setPosition(py_to_qt(text, start))
        cursor.setPosition(py_to_qt(text, end), QTextCursor.KeepAnchor)
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
        if not self.copy_button.isEnabled():
            self.status.setText(t("草稿中还有错误，请先修改（或点“仍要复制…”）",
                                  "Fix the errors first (or use Copy anyway…)"))
            return False
        return self._copy(self.text_to_copy())

    def copy_despite_errors(self, confirmed: bool | None = None) -> bool:
        if confirmed is None:
            answer = QMessageBox.question(
                self, t("确认复制", "Copy anyway?"),
                t("草稿中还有错误级别的问题。确定仍要复制吗？此操作会记入值班记录的审计日志。",
                  "The draft still has errors. Copy anyway? This is recorded in the audit log."))
            confirmed = answer == QMessageBox.Yes
        if not confirmed:
            return False
        rules = ", ".join(sorted({f.rule for f in self.findings if f.severity.value == "error"}))
        self.services.log.audit("copy_with_errors", by=self.services.agent,
                                detail=f"{rules}: {self.editor.toPlainText()[:200]}")
        return self._copy(self.text_to_copy())

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
        self.status.setText(t("已复制到剪贴板", "Copied to the clipboard"))
        self.sig_copied.emit(text)
        return True

    # -- autosave -------------------------------------------------------------------------
    def save_draft(self) -> None:
        """Write the draft atomically (temp file, fsync, rename): a crash loses nothing typed."""
        path: Path = self.services.draft_file
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            with tmp.open("w", encoding="utf-8") as fh:
                fh.write(self.editor.toPlainText())
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except OSError as exc:
            self.status.setText(t(f"草稿无法自动保存：{exc.strerror}", f"autosave failed: "
                                  f"{exc.strerror}"))

    def restore_draft(self) -> None:
        try:
            text = self.services.draft_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return
        if text:
            self.editor.setPlainText(text)

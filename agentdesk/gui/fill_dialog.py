"""A small form to fill a template's placeholders: defaults, choices and remembered values."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel

from agentdesk.i18n import tr


class FillDialog(QDialog):
    def __init__(self, template, remembered: dict[str, str], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("fillDialog")
        self.setWindowTitle(tr('填写：{title}', title=template.title))
        self.template = template
        form = QFormLayout(self)
        from agentdesk.gui.template_preview import text_html

        preview = QLabel(text_html(template), objectName="fillPreview")   # fields, not {…|…}
        preview.setWordWrap(True)
        preview.setMinimumWidth(480)
        form.addRow(preview)
        self.fields: dict[str, QComboBox] = {}
        for ph in template.placeholders:
            box = QComboBox()
            box.setEditable(True)
            box.setObjectName(f"fill_{ph.name}")
            options = list(ph.choices)
            value = remembered.get(ph.name) or ph.default or ""
            if value and value not in options:
                options.insert(0, value)
            box.addItems(options)
            box.setCurrentText(value)
            box.lineEdit().setPlaceholderText(tr('必填'))
            form.addRow(ph.name, box)
            self.fields[ph.name] = box
        self.error = QLabel()
        self.error.setObjectName("fillError")
        self.error.setStyleSheet("color: #b3261e;")
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, str]:
        return {name: box.currentText().strip() for name, box in self.fields.items()}

    def _accept(self) -> None:
        from agentdesk.phrasebook import MissingPlaceholders

        try:
            self.filled = self.template.fill(self.values())
        except MissingPlaceholders as exc:
            # the window's own words: the exception's text is the CLI's (it names --set)
            self.error.setText(tr('请填写：{names}', names='、'.join(exc.missing)))
            return
        self.accept()

"""The duty-log entry form: a new entry, or corrections to the selected one; saved on a worker."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
)

from agentdesk.data_i18n import data_tr
from agentdesk.i18n import tr


def to_qt_time(moment) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))


def from_qt_time(value: QDateTime):
    return value.toPython().replace(second=0, microsecond=0).astimezone()



def _add_values(box: QComboBox, names) -> None:
    """Vocabulary values shown in the current language; the item's data is the canonical
    name the log stores (and what values() hands back)."""
    for name in names:
        box.addItem(data_tr(name), name)


def _select(box: QComboBox, name: str) -> None:
    """Select the item storing name; a value this vocabulary lacks (an older entry) is added."""
    at = box.findData(name)
    if at < 0:
        box.addItem(data_tr(name), name)
        at = box.count() - 1
    box.setCurrentIndex(at)


class CallbackPicker(QHBoxLayout):
    """A call-back time: presets one click away, the default taken when it is promised.
    The layout holds the preset buttons; `edit` (and `check`) are placed by the owner."""

    def __init__(self, check_label: str | None, prefix: str) -> None:
        super().__init__()
        from agentdesk.gui.callback_times import presets

        self.check = QCheckBox(check_label, objectName=f"{prefix}HasCallback") \
            if check_label else None
        self.edit = QDateTimeEdit(objectName=f"{prefix}Callback")
        self.edit.setDisplayFormat("yyyy-MM-dd HH:mm")      # whole minutes, no seconds
        self.edit.setCalendarPopup(True)
        if self.check:
            self.check.toggled.connect(self._toggled)
        self.buttons = {}
        for key, label, _ in presets():
            button = QPushButton(label, objectName=f"{prefix}Preset_{key}")
            button.setAutoDefault(False)
            button.setMinimumWidth(0)
            button.setStyleSheet("padding: 2px 6px;")
            button.clicked.connect(lambda _=False, k=key: self.choose(k))
            self.addWidget(button)
            self.buttons[key] = button
        self.reset()

    def _toggled(self, on: bool) -> None:
        if on:
            self.set_time(None)      # the default counts from now, not from window start

    def set_time(self, moment) -> None:
        from agentdesk.gui.callback_times import default_callback

        self.edit.setDateTime(to_qt_time(moment or default_callback()))

    def choose(self, key: str) -> None:
        from agentdesk.gui.callback_times import presets

        if self.check:
            self.check.setChecked(True)      # first: ticking it sets the default time
        self.set_time(dict((k, w) for k, _, w in presets())[key])

    def reset(self) -> None:
        if self.check:
            self.check.setChecked(False)
        self.set_time(None)

    def value(self):
        if self.check and not self.check.isChecked():
            return None
        return from_qt_time(self.edit.dateTime())


def _object_name(name: str) -> str:
    return "entry" + "".join(part.capitalize() for part in name.split("_"))


# attributes the panels and tests know the widgets by (QGroupBox already has a title())
_ATTRIBUTES = {"title": "title_box", "callback_at": "callback"}


def fill_words(box: QComboBox, names, keep: str | None = None) -> None:
    """A combo box of vocabulary words (shown translated, the canonical word as the item's data),
    keeping the agent's choice when the new words have it."""
    keep = box.currentData() if keep is None else keep
    box.clear()
    _add_values(box, names)
    if keep in names:
        _select(box, keep)


def fill_category_filter(box: QComboBox, vocabulary) -> None:
    """The duty log's category filter: "all" and then the vocabulary's categories."""
    current = box.currentData()
    blocked = box.blockSignals(True)     # refilling is not the agent choosing a filter
    try:
        box.clear()
        box.addItem(tr('全部类别'), None)
        for name in vocabulary.category_names:
            box.addItem(data_tr(name), name)
        box.setCurrentIndex(max(box.findData(current), 0))
    finally:
        box.blockSignals(blocked)


class EntryForm(QGroupBox):
    """One row per form row of agentdesk.desk.fields; the widget follows the field's kind."""

    sig_saved = Signal(int)          # the entry id, added or corrected

    def __init__(self, services, parent=None, *, fields=None) -> None:
        super().__init__(tr('新登记'), parent)
        from agentdesk.desk import fields as entry_fields
        from agentdesk.vocabulary import default_vocabulary

        self.services = services
        self.editing_id: int | None = None
        self.vocabulary = getattr(services, "vocabulary", None) or default_vocabulary()
        self.fields = tuple(entry_fields.FIELDS if fields is None else fields)
        self.widgets: dict = {}           # field name -> its widget (CallbackPicker for times)
        self.history = QLabel(objectName="entryHistory")
        self.history.setWordWrap(True)
        self.error = QLabel(objectName="entryError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.save = QPushButton(tr('登记 (Ctrl+S)'), objectName="entrySave")
        self.cancel = QPushButton(tr('取消修改'), objectName="entryCancelEdit")
        self.cancel.hide()
        form = QFormLayout(self)
        for label, group in entry_fields.form_rows(self.fields):
            if len(group) == 1 and group[0].kind == "time":
                picker = self._widget(group[0], tr(label))
                form.addRow(picker.check, picker.edit)
                form.addRow("", picker)
                continue
            widgets = [self._widget(f, None) for f in group]
            if len(widgets) == 1:
                form.addRow(tr(label), widgets[0])
            else:
                row = QHBoxLayout()
                for i, widget in enumerate(widgets):
                    # the first takes the room; the others are as wide as their words
                    row.addWidget(widget, 0 if i else 1)
                form.addRow(tr(label), row)
            if any(f.name == "contact" for f in group):
                form.addRow(self.history)     # the customer's earlier contacts, below the number
        form.addRow(self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save, 1)
        buttons.addWidget(self.cancel)
        form.addRow(buttons)
        self.save.clicked.connect(lambda: self.submit())
        self.cancel.clicked.connect(lambda: self.clear())
        if "contact" in self.widgets:
            self.contact.editingFinished.connect(self.show_history)

    def _widget(self, f, check_label: str | None):
        from agentdesk.desk.model import TITLES

        name = _object_name(f.name)
        if f.kind == "time":
            widget = CallbackPicker(check_label or tr(f.label), "entry")
        elif f.kind == "long_text":
            widget = QPlainTextEdit(objectName=name)
            widget.setTabChangesFocus(True)        # Tab leaves the field, never a trap
            widget.setMinimumHeight(60)
        elif f.kind in ("title", "choice"):
            widget = QComboBox(objectName=name)
            if f.kind == "title":
                widget.addItems(["", *TITLES])
            else:
                words = self.vocabulary.names(f.vocabulary)
                fill_words(widget, words, self.vocabulary.default(f.vocabulary) or "")
            # as wide as their text, not as their longest item plus slack
            widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        else:
            widget = QLineEdit(objectName=name)
        self.widgets[f.name] = widget
        setattr(self, _ATTRIBUTES.get(f.name, f.name), widget)
        return widget

    def set_vocabulary(self, vocabulary) -> None:
        """Another profile or team layer: its words in the boxes, the agent's choice kept."""
        self.vocabulary = vocabulary
        for f in self.fields:
            if f.kind == "choice" and f.name in self.widgets:
                box = self.widgets[f.name]
                names = vocabulary.names(f.vocabulary)
                keep = box.currentData()
                fill_words(box, names, keep if keep in names
                           else vocabulary.default(f.vocabulary) or "")

    def has_input(self) -> bool:
        """Something typed that switching away would hide."""
        return self.editing_id is not None or any(
            str(self._get(f) or "").strip() for f in self.fields
            if f.required and f.name in self.widgets)

    def _get(self, f):
        w = self.widgets[f.name]
        if f.kind == "time":
            return w.value()
        if f.kind == "long_text":
            return w.toPlainText()
        if f.kind == "choice":
            return w.currentData() or ""       # the canonical word, whatever the language shows
        if f.kind == "title":
            return w.currentText() or None
        text = w.text()
        return text if f.required else (text or None)

    def _set(self, f, value) -> None:
        w = self.widgets[f.name]
        if f.kind == "time":
            if value:
                w.check.setChecked(True)
                w.set_time(value)
            else:
                w.reset()
        elif f.kind == "long_text":
            w.setPlainText(value or "")
        elif f.kind == "choice":
            if value:
                _select(w, value)
        elif f.kind == "title":
            w.setCurrentText(value or "")
        else:
            w.setText(value or "")

    def values(self) -> dict:
        return {f.name: self._get(f) for f in self.fields if f.name in self.widgets}

    def submit(self) -> None:
        """Add (or correct) on a worker: the write may wait for another program's lock."""
        from agentdesk.gui.workers import run_log_op

        if not self.save.isEnabled():
            return
        values, editing, agent = self.values(), self.editing_id, self.services.agent
        if editing is None:
            def op(log):
                return log.add(**values)
        else:
            def op(log):
                return log.update(editing, by=agent, **values).id
        self.save.setEnabled(False)
        self.error.setText(tr('正在保存……'))
        run_log_op(self.services, op, self._saved, self._failed)

    def _saved(self, entry_id: int) -> None:
        self.save.setEnabled(True)
        self.clear()
        self.sig_saved.emit(entry_id)

    def _failed(self, message: str) -> None:
        self.save.setEnabled(True)
        self.error.setText(message)          # the form keeps what was typed

    def load(self, entry) -> None:
        """Correct the selected entry: its fields in the form, saved as one 'updated' event."""
        self.editing_id = entry.id
        self.setTitle(tr('修改记录 #{id}', id=entry.id))
        self.save.setText(tr('保存修改 (Ctrl+S)'))
        self.cancel.show()
        for f in self.fields:
            if f.name in self.widgets:
                self._set(f, getattr(entry, f.name))
        self.error.setText("")
        self.customer.setFocus()

    def clear(self) -> None:
        self.editing_id = None
        self.setTitle(tr('新登记'))
        self.save.setText(tr('登记 (Ctrl+S)'))
        self.cancel.hide()
        for f in self.fields:      # the words chosen stay: the next contact is often alike
            if f.name in self.widgets and f.kind != "choice":
                self._set(f, None)
        self.history.setText("")
        self.error.setText("")

    def show_history(self) -> None:
        """The customer's earlier contacts, as soon as the number is typed."""
        from agentdesk.gui.workers import run_log_op

        number = self.contact.text()
        if not number.strip():
            self.history.setText("")
            return
        run_log_op(self.services, lambda log: log.by_contact(number, limit=5),
                   lambda earlier: self._show_history(number, earlier))

    def _show_history(self, number: str, earlier: list) -> None:
        from agentdesk.desk.model import local_text

        if number != self.contact.text():
            return
        if not earlier:
            self.history.setText("")
            return
        lines = [f"#{e.id} {local_text(e.created_at)} {data_tr(e.category)} {e.summary[:24]}"
                 + (tr(' [未关闭]') if e.is_open else "") for e in earlier]
        self.history.setText(tr('该客户之前的联系：\n') + "\n".join(lines))

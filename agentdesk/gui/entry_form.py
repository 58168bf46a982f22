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


class EntryForm(QGroupBox):
    sig_saved = Signal(int)          # the entry id, added or corrected

    def __init__(self, services, parent=None) -> None:
        super().__init__(tr('新登记'), parent)
        from agentdesk.desk import CATEGORIES, CHANNELS, PRIORITIES, TITLES

        self.services = services
        self.editing_id: int | None = None
        self.customer = QLineEdit(objectName="entryCustomer")
        self.title_box = QComboBox(objectName="entryTitle")
        self.title_box.addItems(["", *TITLES])
        self.contact = QLineEdit(objectName="entryContact")
        self.channel = QComboBox(objectName="entryChannel")
        _add_values(self.channel, CHANNELS)
        self.category = QComboBox(objectName="entryCategory")
        _add_values(self.category, CATEGORIES)
        self.priority = QComboBox(objectName="entryPriority")
        _add_values(self.priority, PRIORITIES)
        _select(self.priority, "普通")
        for box in (self.title_box, self.channel, self.category, self.priority):
            # as wide as their text, not as their longest item plus slack
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.summary = QPlainTextEdit(objectName="entrySummary")
        self.summary.setTabChangesFocus(True)        # Tab leaves the field, never a trap
        self.summary.setMinimumHeight(60)
        self.callback = CallbackPicker(tr('承诺回电'), "entry")
        self.history = QLabel(objectName="entryHistory")
        self.history.setWordWrap(True)
        self.error = QLabel(objectName="entryError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.save = QPushButton(tr('登记 (Ctrl+S)'), objectName="entrySave")
        self.cancel = QPushButton(tr('取消修改'), objectName="entryCancelEdit")
        self.cancel.hide()
        form = QFormLayout(self)
        who = QHBoxLayout()
        who.addWidget(self.customer, 1)
        who.addWidget(self.title_box)
        form.addRow(tr('客户姓名'), who)
        form.addRow(tr('联系方式'), self.contact)
        form.addRow(self.history)
        kind = QHBoxLayout()
        for w in (self.channel, self.category, self.priority):
            kind.addWidget(w)
        form.addRow(tr('渠道/类别'), kind)
        form.addRow(tr('问题内容'), self.summary)
        form.addRow(self.callback.check, self.callback.edit)
        form.addRow("", self.callback)
        form.addRow(self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save, 1)
        buttons.addWidget(self.cancel)
        form.addRow(buttons)
        self.save.clicked.connect(lambda: self.submit())
        self.cancel.clicked.connect(lambda: self.clear())
        self.contact.editingFinished.connect(self.show_history)

    def has_input(self) -> bool:
        """Something typed that switching away would hide."""
        return bool(self.customer.text().strip() or self.summary.toPlainText().strip()
                    or self.editing_id is not None)

    def values(self) -> dict:
        return {"customer": self.customer.text(), "title": self.title_box.currentText() or None,
                "contact": self.contact.text() or None, "channel": self.channel.currentData(),
                "category": self.category.currentData(), "priority": self.priority.currentData(),
                "summary": self.summary.toPlainText(), "callback_at": self.callback.value()}

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
        self.customer.setText(entry.customer)
        self.title_box.setCurrentText(entry.title or "")
        self.contact.setText(entry.contact or "")
        _select(self.channel, entry.channel)
        _select(self.category, entry.category)
        _select(self.priority, entry.priority)
        self.summary.setPlainText(entry.summary)
        if entry.callback_at:
            self.callback.check.setChecked(True)
            self.callback.set_time(entry.callback_at)
        else:
            self.callback.reset()
        self.error.setText("")
        self.customer.setFocus()

    def clear(self) -> None:
        self.editing_id = None
        self.setTitle(tr('新登记'))
        self.save.setText(tr('登记 (Ctrl+S)'))
        self.cancel.hide()
        for w in (self.customer, self.contact):
            w.clear()
        self.title_box.setCurrentIndex(0)
        self.summary.clear()
        self.callback.reset()
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

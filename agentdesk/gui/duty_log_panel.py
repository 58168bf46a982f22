"""The duty-log panel: filters, the paged table, the selected entry's detail and actions, the
entry form. Every query and write runs on a worker (agentdesk.gui.workers.run_log_op)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from agentdesk.data_i18n import data_tr
from agentdesk.gui.duty_log_model import WIDTHS, DutyLogTableModel
from agentdesk.gui.entry_form import CallbackPicker, EntryForm
from agentdesk.i18n import N_, tr

SIDE_FORM, SIDE_SELECTED = 0, 1
EVENT_LABELS = {"created": N_("登记"), "updated": N_("修改")}


def _shown(key: str, value) -> str:
    """A changed field's old or new value as the table shows it (vocabulary words translated,
    a status key as its label)."""
    from agentdesk.desk import STATUS_LABELS

    if not value:
        return "—"
    if key == "status":
        return data_tr(STATUS_LABELS.get(value, value))
    return data_tr(value) if key in ("channel", "category", "priority") else str(value)


def detail_html(entry, events: list, earlier: list) -> str:
    """The selected entry, its history (every event) and the customer's earlier contacts."""
    from agentdesk.desk import STATUS_LABELS
    from agentdesk.desk.model import from_iso, local_text

    e = entry
    head = (f"<b>#{e.id} {escape(e.display_name)}</b> {escape(e.masked_contact)} · "
            f"{escape(data_tr(e.channel))} · {escape(data_tr(e.category))} · "
            f"{escape(data_tr(e.priority))} · "
            f"{escape(data_tr(STATUS_LABELS.get(e.status, e.status)))}"
            + (f"→{escape(e.transferred_to)}" if e.transferred_to else "")
            + (f" · {tr('回电')} {local_text(e.callback_at)}" if e.callback_at else "")
            + f"<br>{escape(e.summary)}"
            + (f"<br>{tr('处理情况')}：{escape(e.resolution)}"
               if e.resolution else ""))
    lines = []
    for ev in events:
        label = tr(EVENT_LABELS[ev["kind"]]) if ev["kind"] in EVENT_LABELS else ev["kind"]
        changes = ev["data"].get("changes", {})
        what = "；".join(f"{k}: {escape(_shown(k, old))} → {escape(_shown(k, new))}"
                        for k, (old, new) in changes.items() if k != "contact")
        lines.append(f"{local_text(from_iso(ev['at']))} {escape(ev['by'] or '')} "
                     f"{label} {what}")
    others = [o for o in earlier if o.id != e.id]
    contacts = [f"#{o.id} {local_text(o.created_at)} {escape(data_tr(o.category))} "
                f"{escape(o.summary[:30])}" + (tr('（未关闭）') if o.is_open else "")
                for o in others]
    return (head + f"<p><b>{tr('经过')}</b><br>" + "<br>".join(lines) + "</p>"
            + (f"<p><b>{tr('该客户之前的联系')}</b><br>"
               + "<br>".join(contacts) + "</p>" if contacts else ""))


class DutyLogPanel(QWidget):
    sig_callbacks_due = Signal(list)     # [(key, reminder text)], every due one
    sig_log_changed = Signal()           # an entry was added or changed

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        from agentdesk.desk import CATEGORIES

        self.services = services
        # filters
        self.open_only = QCheckBox(tr('未关闭'), objectName="filterOpen")
        self.overdue_only = QCheckBox(tr('回电超时'), objectName="filterOverdue")
        self.today_only = QCheckBox(tr('今天'), objectName="filterToday")
        self.category = QComboBox(objectName="filterCategory")
        self.category.addItem(tr('全部类别'), None)
        for c in CATEGORIES:
            self.category.addItem(data_tr(c), c)      # shown translated, filtered by c
        self.search = QLineEdit(objectName="logSearch")
        self.search.setPlaceholderText(tr('搜索问题内容和处理情况'))
        bar = QHBoxLayout()
        for w in (self.open_only, self.overdue_only, self.today_only, self.category):
            bar.addWidget(w)
        bar.addWidget(self.search, 1)
        # table
        self.model = DutyLogTableModel(services, self)
        self.table = QTableView(objectName="dutyLogTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        metrics = self.table.horizontalHeader().fontMetrics()
        for col, width in enumerate(WIDTHS):     # never narrower than the header's words
            title = self.model.headerData(col, Qt.Orientation.Horizontal)
            self.table.setColumnWidth(col, max(width, metrics.horizontalAdvance(title) + 18))
        self.count_label = QLabel(objectName="logCount")
        # the selected entry
        self.detail = QTextBrowser(objectName="entryDetail")
        self.resolution = QLineEdit(objectName="entryResolution")
        self.resolution.setPlaceholderText(tr('处理情况（办结时必填）'))
        self.close_button = QPushButton(tr('办结'), objectName="entryClose")
        self.transfer_to = QLineEdit(objectName="entryTransferTo")
        self.transfer_to.setPlaceholderText(tr('转交给（部门或同事）'))
        self.transfer_button = QPushButton(tr('转交'), objectName="entryTransfer")
        self.reschedule = CallbackPicker(None, "reschedule")
        self.reschedule_button = QPushButton(tr('改回电时间'),
                                             objectName="entryReschedule")
        self.edit_button = QPushButton(tr('修改…'), objectName="entryEdit")
        self.action_error = QLabel(objectName="actionError")
        self.action_error.setStyleSheet("color: #b3261e;")
        self.action_error.setWordWrap(True)
        act = QWidget(objectName="selectedEntry")
        act_layout = QVBoxLayout(act)
        act_layout.addWidget(self.detail, 1)
        for field, button in ((self.resolution, self.close_button),
                              (self.transfer_to, self.transfer_button)):
            row = QHBoxLayout()
            row.addWidget(field, 1)
            row.addWidget(button)
            act_layout.addLayout(row)
        when = QHBoxLayout()
        when.addWidget(self.reschedule.edit, 1)
        when.addWidget(self.reschedule_button)
        act_layout.addLayout(when)
        act_layout.addLayout(self.reschedule)           # the preset buttons
        act_layout.addWidget(self.edit_button)
        act_layout.addWidget(self.action_error)
        # the form and the selected entry share the right-hand column, as two tabs: the table
        # keeps its height and nothing is wider than the column (1280×720 included)
        self.form = EntryForm(services)
        self.side = QTabWidget(objectName="logSide")
        for widget, title in ((self.form, tr('登记')),
                              (act, tr('所选记录'))):
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.NoFrame)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroll.setWidget(widget)
            self.side.addTab(scroll, title)
        # as wide as the form needs (the splitter never squeezes it into clipping)
        self.side.setMinimumWidth(max(self.form.minimumSizeHint().width(),
                                      act.minimumSizeHint().width()) + 28)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)
        split = QSplitter(objectName="logSplit")   # horizontal
        split.addWidget(left)
        split.addWidget(self.side)
        split.setStretchFactor(0, 1)
        split.setSizes([860, 420])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

        for box in (self.open_only, self.overdue_only, self.today_only):
            box.toggled.connect(lambda _: self.apply_filter())
        self.category.currentIndexChanged.connect(lambda _: self.apply_filter())
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.model.sig_loaded.connect(self._loaded)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.sig_failed.connect(self.action_error.setText)
        self.model.dataChanged.connect(lambda *_: self._selection_changed())
        self.table.selectionModel().currentRowChanged.connect(
            lambda *_: self._selection_changed())
        self.form.sig_saved.connect(lambda _: self._form_saved())
        self.close_button.clicked.connect(lambda: self.close_selected())
        self.transfer_button.clicked.connect(lambda: self.transfer_selected())
        self.reschedule_button.clicked.connect(lambda: self.reschedule_selected())
        self.edit_button.clicked.connect(lambda: self.edit_selected())
        self._due_timer = QTimer(self, interval=60_000)
        self._due_timer.timeout.connect(self.check_due)
        self._shown_id: int | None = None
        self._keep_id: int | None = None
        self._due_ids: set[int] | None = None
        self._editing = False
        self._selection_changed()

    def _remember_selection(self) -> None:
        self._keep_id = self._shown_id

    # -- loading --------------------------------------------------------------------------
    def start(self) -> None:
        self.apply_filter()
        self._due_timer.start()
        self.check_due()

    def current_filter(self):
        from agentdesk.desk import EntryFilter

        return EntryFilter(open_only=self.open_only.isChecked(),
                           overdue_only=self.overdue_only.isChecked(),
                           today_only=self.today_only.isChecked(),
                           category=self.category.currentData(),
                           search=self.search.text().strip() or None)

    def apply_filter(self) -> None:
        self.count_label.setText(tr('正在查询……'))
        self.model.set_filter(self.current_filter())

    def _loaded(self, total: int) -> None:
        self.count_label.setText(tr('共 {total} 条', total=total))
        row = self.model.row_of(self._keep_id) if self._keep_id is not None else None
        if row is not None:
            self.table.selectRow(row)
        self._selection_changed(force=True)

    def changed(self) -> None:
        """After a write: the table, the detail and whoever listens (the handover counts)."""
        self.model.reload()
        self.check_due()
        self.sig_log_changed.emit()

    def _form_saved(self) -> None:
        if self._editing:                     # back to the entry that was corrected
            self._editing = False
            self.side.setCurrentIndex(SIDE_SELECTED)
        self.changed()

    # -- the selected entry ---------------------------------------------------------------
    def selected(self):
        index = self.table.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def _selection_changed(self, force: bool = False) -> None:
        from agentdesk.gui.workers import run_log_op

        entry = self.selected()
        if entry is not None and entry.id == self._shown_id and not force:
            return
        for w in (self.close_button, self.transfer_button, self.reschedule_button,
                  self.edit_button):
            w.setEnabled(entry is not None)
        if entry is None:
            self.detail.setPlainText(tr('在表格中选中一条记录，可办结、转交、改回电时间或修改。'))
            self._shown_id = None
            return
        if entry.callback_at and entry.id != self._shown_id:
            self.reschedule.set_time(entry.callback_at)
        if entry.id != self._shown_id and not self.form.has_input():
            self.side.setCurrentIndex(SIDE_SELECTED)     # not while a new entry is typed
        self._shown_id = entry.id
        shown = entry

        def op(log):
            return log.events(shown.id), log.by_contact(shown.contact or "", limit=6)

        def done(result) -> None:
            if self._shown_id == shown.id:
                self.detail.setHtml(detail_html(shown, *result))

        run_log_op(self.services, op, done, self.action_error.setText)

    def _act(self, op, done_message: str) -> None:
        from agentdesk.gui.workers import run_log_op

        def done(_) -> None:
            self.action_error.setText("")
            self.action_error.setStyleSheet("color: #137333;")
            self.action_error.setText(done_message)
            self.changed()

        def failed(message: str) -> None:
            self.action_error.setStyleSheet("color: #b3261e;")
            self.action_error.setText(message)

        run_log_op(self.services, op, done, failed)

    def close_selected(self) -> None:
        entry, resolution, by = self.selected(), self.resolution.text(), self.services.agent
        if entry is None:
            return
        self.resolution.clear()
        self._act(lambda log: log.close_entry(entry.id, resolution, by=by),
                  tr('已办结 #{id}', id=entry.id))

    def transfer_selected(self) -> None:
        entry, to, by = self.selected(), self.transfer_to.text(), self.services.agent
        if entry is None:
            return
        self._act(lambda log: log.update(entry.id, by=by, status="transferred",
                                         transferred_to=to or None),
                  tr('已转交 #{id} 给 {to}', id=entry.id, to=to))

    def reschedule_selected(self) -> None:
        entry, when, by = self.selected(), self.reschedule.value(), self.services.agent
        if entry is None:
            return
        from agentdesk.desk.model import local_text

        self._act(lambda log: log.update(entry.id, by=by, callback_at=when),
                  tr('#{id} 改为 {local_text} 回电', id=entry.id, local_text=local_text(when)))

    def edit_selected(self) -> None:
        entry = self.selected()
        if entry is not None:
            self._editing = True
            self.side.setCurrentIndex(SIDE_FORM)
            self.form.load(entry)

    def focus_new_entry(self) -> None:
        self.side.setCurrentIndex(SIDE_FORM)
        self.form.customer.setFocus()

    # -- reminders ------------------------------------------------------------------------
    def check_due(self) -> None:
        """Every open call-back that has come due (the reminders keep what is not dismissed)."""
        from agentdesk.gui.workers import run_log_op

        run_log_op(self.services, lambda log: log.overdue(limit=200), self._due)

    def _due(self, entries: list) -> None:
        due = {e.id for e in entries}
        if due != self._due_ids:          # a call-back came due: its row turns red
            if self._due_ids is not None:
                self.model.reload()
            self._due_ids = due
        # keyed by entry and time: a rescheduled call-back is announced again when it comes due
        self.sig_callbacks_due.emit([
            (f"{e.id}@{e.callback_at.isoformat()}",
             tr(
                     '回电时间已到：{display_name}（#{id}）{summary}',
                     display_name=e.display_name, id=e.id, summary=e.summary[:20]))
            for e in entries])

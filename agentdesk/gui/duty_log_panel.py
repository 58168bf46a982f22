"""The duty-log panel: filters, the lazily fetched table, and the entry form."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agentdesk.gui.duty_log_model import DutyLogTableModel
from agentdesk.i18n import t


class DutyLogPanel(QWidget):
    sig_callback_due = Signal(str)

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        from agentdesk.desk import CATEGORIES, CHANNELS, PRIORITIES

        self.services = services
        self._announced: set[int] = set()
        # filters
        self.open_only = QCheckBox(t("未关闭", "Open"), objectName="filterOpen")
        self.overdue_only = QCheckBox(t("回电超时", "Overdue"), objectName="filterOverdue")
        self.today_only = QCheckBox(t("今天", "Today"), objectName="filterToday")
        self.category = QComboBox(objectName="filterCategory")
        self.category.addItem(t("全部类别", "All categories"), None)
        for c in CATEGORIES:
            self.category.addItem(c, c)
        self.search = QLineEdit(objectName="logSearch")
        self.search.setPlaceholderText(t("搜索问题内容和处理情况", "Search summaries"))
        bar = QHBoxLayout()
        for w in (self.open_only, self.overdue_only, self.today_only, self.category):
            bar.addWidget(w)
        bar.addWidget(self.search, 1)
        # table
        self.model = DutyLogTableModel(services, self)
        self.table = QTableView(objectName="dutyLogTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((56, 118, 90, 100, 70, 76, 118)):
            self.table.setColumnWidth(col, width)
        self.count_label = QLabel(objectName="logCount")
        # entry form
        self.customer = QLineEdit(objectName="entryCustomer")
        self.title = QComboBox(objectName="entryTitle")
        self.title.addItems(["", "先生", "女士"])
        self.contact = QLineEdit(objectName="entryContact")
        self.channel = QComboBox(objectName="entryChannel")
        self.channel.addItems(CHANNELS)
        self.entry_category = QComboBox(objectName="entryCategory")
        self.entry_category.addItems(CATEGORIES)
        self.priority = QComboBox(objectName="entryPriority")
        self.priority.addItems(PRIORITIES)
        self.priority.setCurrentText("普通")
        self.summary = QPlainTextEdit(objectName="entrySummary")
        self.summary.setMinimumHeight(70)
        self.has_callback = QCheckBox(t("承诺回电", "Call back at"), objectName="entryHasCallback")
        self.callback = QDateTimeEdit(QDateTime.currentDateTime().addSecs(1800),
                                      objectName="entryCallback")
        self.callback.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.callback.setCalendarPopup(True)
        self.history = QLabel(objectName="entryHistory")
        self.history.setWordWrap(True)
        self.error = QLabel(objectName="entryError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.save = QPushButton(t("登记 (Ctrl+S)", "Log it (Ctrl+S)"), objectName="entrySave")
        form_box = QGroupBox(t("新登记", "New entry"))
        form = QFormLayout(form_box)
        who = QHBoxLayout()
        who.addWidget(self.customer, 1)
        who.addWidget(self.title)
        form.addRow(t("客户姓名", "Customer"), who)
        form.addRow(t("联系方式", "Contact"), self.contact)
        form.addRow("", self.history)
        kind = QHBoxLayout()
        for w in (self.channel, self.entry_category, self.priority):
            kind.addWidget(w)
        form.addRow(t("渠道/类别", "Channel"), kind)
        form.addRow(t("问题内容", "Summary"), self.summary)
        cb = QHBoxLayout()
        cb.addWidget(self.has_callback)
        cb.addWidget(self.callback, 1)
        form.addRow("", cb)
        form.addRow(self.error)
        form.addRow(self.save)

        # acting on the selected entry
        self.resolution = QLineEdit(objectName="entryResolution")
        self.resolution.setPlaceholderText(t("处理情况（办结所选记录时必填）",
                                             "Resolution of the selected entry"))
        self.close_button = QPushButton(t("办结所选", "Close selected"), objectName="entryClose")
        act = QHBoxLayout()
        act.addWidget(self.count_label)
        act.addWidget(self.resolution, 1)
        act.addWidget(self.close_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(act)
        form_box.setMinimumWidth(340)
        split = QSplitter(objectName="logSplit")   # horizontal
        split.addWidget(left)
        split.addWidget(form_box)
        split.setSizes([900, 380])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

        for box in (self.open_only, self.overdue_only, self.today_only):
            box.toggled.connect(self.apply_filter)
        self.category.currentIndexChanged.connect(self.apply_filter)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.contact.editingFinished.connect(self.show_history)
        self.save.clicked.connect(self.submit)
        self.close_button.clicked.connect(self.close_selected)
        self._due_timer = QTimer(self, interval=60_000)
        self._due_timer.timeout.connect(self.check_due)

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
        self.model.set_filter(self.current_filter())
        self.count_label.setText(t(f"共 {self.model.total} 条", f"{self.model.total} entries"))

    def show_history(self) -> None:
        from agentdesk.desk.model import local_text

        earlier = self.services.log.by_contact(self.contact.text(), limit=5)
        if not earlier:
            self.history.setText("")
            return
        lines = [f"{local_text(e.created_at)} {e.category} {e.summary[:24]}"
                 + (t(" [未关闭]", " [open]") if e.is_open else "") for e in earlier]
        self.history.setText(t("该客户之前的联系：\n", "Earlier contacts:\n") + "\n".join(lines))

    def submit(self) -> int | None:
        from agentdesk.errors import UserError

        callback = None
        if self.has_callback.isChecked():
            callback = self.callback.dateTime().toPython()
        try:
            entry_id = self.services.log.add(
                customer=self.customer.text(), title=self.title.currentText() or None,
                contact=self.contact.text() or None, channel=self.channel.currentText(),
                category=self.entry_category.currentText(), priority=self.priority.currentText(),
                summary=self.summary.toPlainText(), callback_at=callback)
        except UserError as exc:
            self.error.setText(exc.message)
            return None
        self.error.setText("")
        for w in (self.customer, self.contact):
            w.clear()
        self.summary.clear()
        self.has_callback.setChecked(False)
        self.history.setText("")
        self.apply_filter()
        return entry_id

    def close_selected(self) -> bool:
        from agentdesk.errors import UserError

        entry = self.model.entry(self.table.currentIndex().row())
        if entry is None:
            self.error.setText(t("请先在表格中选中一条记录", "Select an entry first"))
            return False
        try:
            self.services.log.close_entry(entry.id, self.resolution.text(),
                                          by=self.services.agent)
        except UserError as exc:
            self.error.setText(exc.message)
            return False
        self.error.setText("")
        self.resolution.clear()
        self.apply_filter()
        return True

    def focus_new_entry(self) -> None:
        self.customer.setFocus()

    def check_due(self) -> None:
        """Announce each call-back once, when it comes due."""
        due = [e for e in self.services.log.overdue(limit=50) if e.id not in self._announced]
        for e in due:
            self._announced.add(e.id)
            self.sig_callback_due.emit(t(f"回电时间已到：{e.display_name}（#{e.id}）{e.summary[:20]}",
                                         f"Call-back due: {e.display_name} (#{e.id})"))
        if due:
            self.model.reload()

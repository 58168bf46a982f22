"""The handover panel: this shift's pre-filled handover, acknowledging the previous one, and
past handovers. Reads and writes run on workers, each with its own connection."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from agentdesk.data_i18n import data_tr
from agentdesk.i18n import tr

PAST_SHOWN = 100   # the newest past handovers listed; `agentdesk handover list` has them all
ITEMS_SHOWN = 500  # the open items listed; the counts above the list are of all of them
DETAIL_ITEMS = 50  # the carried items a past handover's detail shows
PAST_DETAILED = 5  # the newest past handovers whose detail is read with the list


def _item_line(e) -> str:
    from agentdesk.desk.model import local_text

    overdue = tr('【回电超时】') if e.is_overdue() else ""
    callback = tr(' 回电 {local_text}', local_text=local_text(e.callback_at)) \
        if e.callback_at else ""
    return (f"{overdue}#{e.id} {e.display_name} {e.masked_contact} {data_tr(e.category)}{tr('：')}"
            f"{e.summary}{callback}")


def _counts_text(d) -> str:
    from agentdesk.desk.model import local_text

    c = d.counts
    return tr(
            '本班（自 {local_text} 起）接待 {contacts} 次，办结 {closed}；未完成 {open}，回电超时 '
            '{overdue}，未结投诉 {open_complaints}，投诉超 48 小时 {sla_breaches}',
            local_text=local_text(d.shift_start), contacts=c['contacts'], closed=c['closed'],
            open=c['open'], overdue=c['overdue'], open_complaints=c['open_complaints'],
            sla_breaches=c['sla_breaches'])


def _past_line(h) -> str:
    from agentdesk.desk.model import local_text

    state = (tr('已由 {acknowledged_by} 确认', acknowledged_by=h.acknowledged_by)
             if h.acknowledged else tr('待确认'))
    return tr(
            '#{id} {local_text} {by} 交班，{n_open_items} 项未完成，{state}',
            id=h.id, local_text=local_text(h.created_at), by=h.by,
            n_open_items=h.item_count, state=state)


def _describe(h, limit: int) -> str:
    lines = [_past_line(h)]
    for label, text in ((tr('接班人'), h.to), (tr('备注'), h.notes),
                        (tr('重要事件'), h.events),
                        (tr('设备'), h.equipment)):
        if text:
            lines.append(f"{label}{tr('：')}{text}")
    lines += [_item_line(e) for e in h.first_items[:limit]]
    return "\n".join(lines)


class HandoverPanel(QWidget):
    sig_submitted = Signal(int)
    sig_acknowledged = Signal(int)
    sig_pending = Signal(list)          # unacknowledged handovers, oldest last

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.counts = QLabel(objectName="handoverCounts")
        self.counts.setWordWrap(True)
        self.items = QListWidget(objectName="handoverItems")
        self.items.setMinimumHeight(80)
        self.to = QLineEdit(objectName="handoverTo")
        self.to.setPlaceholderText(tr('接班人（可不填）'))
        self.editor = QPlainTextEdit(objectName="handoverEditor")
        self.editor.setPlaceholderText(tr('交接备注：需要下一班特别注意的事项'))
        self.editor.setTabChangesFocus(True)
        self.editor.setMinimumHeight(48)
        self.events = QPlainTextEdit(objectName="handoverEvents")
        self.events.setPlaceholderText(tr('本班重要事件'))
        self.equipment = QPlainTextEdit(objectName="handoverEquipment")
        self.equipment.setPlaceholderText(tr('系统/设备情况'))
        for w in (self.events, self.equipment):
            w.setFixedHeight(44)
            w.setTabChangesFocus(True)
        self.submit_button = QPushButton(tr('提交交班'),
                                         objectName="handoverSubmit")
        self.refresh_button = QPushButton(tr('重新带出未完成事项'),
                                          objectName="handoverRefresh")
        self.message = QLabel(objectName="handoverMessage")
        self.message.setWordWrap(True)
        # the previous shift's handover, until acknowledged
        self.pending_box = QGroupBox(tr('待确认的交接班'),
                                     objectName="pendingHandover")
        self.pending_text = QLabel(objectName="pendingText")
        self.pending_text.setWordWrap(True)
        self.ack_name = QLineEdit(objectName="ackName")
        self.ack_name.setPlaceholderText(tr('接班人姓名'))
        self.ack_button = QPushButton(tr('确认接班'), objectName="ackButton")
        pending = QVBoxLayout(self.pending_box)
        pending.addWidget(self.pending_text)
        ack_row = QHBoxLayout()
        ack_row.addWidget(self.ack_name, 1)
        ack_row.addWidget(self.ack_button)
        pending.addLayout(ack_row)
        self.pending_box.hide()
        # past handovers
        self.past = QListWidget(objectName="handoverHistory")
        self.past_detail = QLabel(objectName="handoverHistoryDetail")
        self.past_detail.setWordWrap(True)
        past_box = QGroupBox(tr('以往交接班'))
        past_layout = QVBoxLayout(past_box)
        past_layout.addWidget(self.past, 1)
        self.past.setMinimumHeight(60)
        past_scroll = QScrollArea()
        past_scroll.setWidgetResizable(True)
        past_scroll.setFrameShape(QFrame.NoFrame)
        past_scroll.setWidget(self.past_detail)
        past_layout.addWidget(past_scroll, 1)

        form = QFormLayout()
        form.addRow(tr('接班人'), self.to)
        form.addRow(tr('备注'), self.editor)
        form.addRow(tr('重要事件'), self.events)
        form.addRow(tr('设备情况'), self.equipment)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        current = QWidget()
        column = QVBoxLayout(current)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.counts)
        column.addWidget(QLabel(tr('移交的未完成事项（回电超时在前）：')))
        column.addWidget(self.items, 1)
        column.addLayout(form)
        column.addLayout(buttons)
        column.addWidget(self.message)
        scroll = QScrollArea(objectName="handoverScroll")   # fits 1280×720 with a pending one
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setWidget(current)
        # right: what the previous shift handed over (to acknowledge) and the earlier ones
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.pending_box)
        right_column.addWidget(past_box, 1)
        split = QSplitter()
        split.addWidget(scroll)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([780, 460])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.submit_button.clicked.connect(lambda: self.submit())
        self.refresh_button.clicked.connect(lambda: self.refresh())
        self.ack_button.clicked.connect(lambda: self.acknowledge())
        self.past.currentRowChanged.connect(self._show_past)
        self.pending_id: int | None = None
        self.history: list = []
        self.loaded = False
        self._refreshing = self._again = False

    def refresh(self) -> None:
        """The draft counts, open items, pending and past handovers: one op, one connection;
        the text is composed there too (thousands of open items are not formatted on the GUI
        thread)."""
        from agentdesk.desk.handover import summaries
        from agentdesk.gui.workers import run_log_op

        agent = self.services.agent

        if self._refreshing:            # one at a time: a second request runs once after it
            self._again = True
            return
        self._refreshing, self._again = True, False

        def op(log):
            # handovers as summaries: each one's items counted in SQL and at most 50 loaded
            # (20,000 carried items a handover, a year of them, never become Entries here);
            # the draft's open items read only as far as the list shows them
            d = log.draft_handover(agent, items=ITEMS_SHOWN)
            pending = summaries(log, unacknowledged_only=True, items=6)
            # every listed handover's line; the items of the newest few, read now (the one an
            # agent opens), the older ones' when they are opened
            past = summaries(log, limit=PAST_SHOWN)
            detailed = {h.id: _describe(h, limit=DETAIL_ITEMS)
                        for h in summaries(log, items=DETAIL_ITEMS, limit=PAST_DETAILED)}
            return {"counts": _counts_text(d),
                    "items": [_item_line(e) for e in d.open_items],
                    "pending": pending,
                    "pending_text": {h.id: _describe(h, limit=6) for h in pending},
                    "past": [(h.id, _past_line(h), detailed.get(h.id)) for h in past]}

        run_log_op(self.services, op, self._refreshed, self._refresh_failed)

    def _refresh_done(self) -> None:
        self._refreshing = False
        if self._again:
            self.refresh()

    def _refresh_failed(self, message: str) -> None:
        self.message.setText(message)
        self._refresh_done()

    def _refreshed(self, result: dict) -> None:
        self._refresh_done()
        if self._refreshing:            # a newer refresh is on its way: show that one
            return
        self.counts.setText(result["counts"])
        self.items.clear()
        self.items.addItems(result["items"])
        pending = result["pending"]
        self.pending_box.setVisible(bool(pending))
        self.pending_id = pending[-1].id if pending else None   # the oldest one first
        if pending:
            self.pending_text.setText(result["pending_text"][self.pending_id])
        self.history = result["past"]
        self.past.clear()
        self.past.addItems([line for _, line, _ in self.history])
        self.loaded = True
        self.sig_pending.emit(pending)

    def _show_past(self, row: int) -> None:
        if not 0 <= row < len(self.history):
            return
        hid, line, detail = self.history[row]
        if detail is not None:
            self.past_detail.setText(detail)
            return
        from agentdesk.desk.handover import summaries
        from agentdesk.gui.workers import run_log_op

        self.past_detail.setText(line + "\n" + tr('正在读取……'))
        history = self.history

        def done(text: str) -> None:
            if self.history is history:             # not replaced by a refresh meanwhile
                history[row] = (hid, line, text)
                if self.past.currentRow() == row:
                    self.past_detail.setText(text)

        run_log_op(self.services, lambda log: _describe(
            summaries(log, items=DETAIL_ITEMS, only=hid)[0], limit=DETAIL_ITEMS), done,
            self.past_detail.setText)

    def submit(self) -> None:
        from agentdesk.gui.workers import run_log_op

        agent, to = self.services.agent, self.to.text() or None
        notes, events = self.editor.toPlainText(), self.events.toPlainText()
        equipment = self.equipment.toPlainText()
        self.submit_button.setEnabled(False)
        self.message.setText(tr('正在提交……'))

        def done(hid: int) -> None:
            self.submit_button.setEnabled(True)
            self.message.setText(tr('已提交交班 #{hid}，等待下一班确认', hid=hid))
            for w in (self.editor, self.events, self.equipment):
                w.clear()
            self.refresh()
            self.sig_submitted.emit(hid)

        def failed(message: str) -> None:
            self.submit_button.setEnabled(True)
            self.message.setText(message)

        run_log_op(self.services, lambda log: log.create_handover(
            by=agent, to=to, notes=notes, events=events, equipment=equipment), done, failed)

    def acknowledge(self) -> None:
        """Sign on a worker: the integrity check and the VACUUM INTO backup take a while."""
        from agentdesk.gui.workers import run_log_op

        hid, by = self.pending_id, self.ack_name.text()
        if hid is None:
            return
        self.ack_button.setEnabled(False)
        self.message.setText(tr('正在确认并备份……'))

        def done(_) -> None:
            self.ack_button.setEnabled(True)
            self.message.setText(tr('已确认接班 #{hid}', hid=hid))
            self.sig_acknowledged.emit(hid)
            self.refresh()

        def failed(message: str) -> None:
            self.ack_button.setEnabled(True)
            self.message.setText(message)

        # items=False: the 20,000 carried entries are not read back (this tab lists its own)
        run_log_op(self.services, lambda log: log.acknowledge(hid, by=by, items=False), done,
                   failed)

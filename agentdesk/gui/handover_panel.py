"""The handover panel: this shift's pre-filled handover, and acknowledging the previous one."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agentdesk.i18n import t


def _item_line(e) -> str:
    from agentdesk.desk.model import local_text

    overdue = t("【回电超时】", "[OVERDUE] ") if e.is_overdue() else ""
    callback = t(f" 回电 {local_text(e.callback_at)}", f" call back {local_text(e.callback_at)}") \
        if e.callback_at else ""
    return (f"{overdue}#{e.id} {e.display_name} {e.masked_contact} {e.category}："
            f"{e.summary}{callback}")


class HandoverPanel(QWidget):
    sig_submitted = Signal(int)
    sig_acknowledged = Signal(int)

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.counts = QLabel(objectName="handoverCounts")
        self.counts.setWordWrap(True)
        self.items = QListWidget(objectName="handoverItems")
        self.to = QLineEdit(objectName="handoverTo")
        self.to.setPlaceholderText(t("接班人（可不填）", "next shift (optional)"))
        self.editor = QPlainTextEdit(objectName="handoverEditor")
        self.editor.setPlaceholderText(t("交接备注：需要下一班特别注意的事项", "Notes for the next "
                                                                              "shift"))
        self.events = QPlainTextEdit(objectName="handoverEvents")
        self.events.setPlaceholderText(t("本班重要事件", "Important events"))
        self.equipment = QPlainTextEdit(objectName="handoverEquipment")
        self.equipment.setPlaceholderText(t("系统/设备情况", "Systems and equipment"))
        for w in (self.events, self.equipment):
            w.setFixedHeight(48)
        self.submit_button = QPushButton(t("提交交班", "Submit handover"),
                                         objectName="handoverSubmit")
        self.refresh_button = QPushButton(t("重新带出未完成事项", "Refresh open items"))
        self.message = QLabel(objectName="handoverMessage")
        self.message.setWordWrap(True)
        # the previous shift's handover, until acknowledged
        self.pending_box = QGroupBox(t("待确认的交接班", "Handover to acknowledge"),
                                     objectName="pendingHandover")
        self.pending_text = QLabel(objectName="pendingText")
        self.pending_text.setWordWrap(True)
        self.ack_name = QLineEdit(objectName="ackName")
        self.ack_name.setPlaceholderText(t("接班人姓名", "Your name"))
        self.ack_button = QPushButton(t("确认接班", "Acknowledge"), objectName="ackButton")
        pending = QVBoxLayout(self.pending_box)
        pending.addWidget(self.pending_text)
        ack_row = QHBoxLayout()
        ack_row.addWidget(self.ack_name, 1)
        ack_row.addWidget(self.ack_button)
        pending.addLayout(ack_row)

        form = QFormLayout()
        form.addRow(t("接班人", "To"), self.to)
        form.addRow(t("备注", "Notes"), self.editor)
        form.addRow(t("重要事件", "Events"), self.events)
        form.addRow(t("设备情况", "Equipment"), self.equipment)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pending_box)
        layout.addWidget(self.counts)
        layout.addWidget(QLabel(t("移交的未完成事项（回电超时在前）：",
                                  "Open items carried over (overdue first):")))
        layout.addWidget(self.items, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.submit_button.clicked.connect(self.submit)
        self.refresh_button.clicked.connect(self.refresh)
        self.ack_button.clicked.connect(self.acknowledge)
        self.pending_id: int | None = None

    def refresh(self) -> None:
        from agentdesk.desk.model import local_text

        log = self.services.log
        d = log.draft_handover(self.services.agent)
        c = d.counts
        self.counts.setText(t(
            f"本班（自 {local_text(d.shift_start)} 起）接待 {c['contacts']} 次，"
            f"办结 {c['closed']}；"
            f"未完成 {c['open']}，回电超时 {c['overdue']}，未结投诉 {c['open_complaints']}，"
            f"投诉超 48 小时 {c['sla_breaches']}",
            f"This shift: {c['contacts']} contacts, {c['closed']} closed; open {c['open']}, "
            f"overdue {c['overdue']}, open complaints {c['open_complaints']}"))
        self.items.clear()
        for e in d.open_items[:500]:
            self.items.addItem(_item_line(e))
        self.show_pending()

    def show_pending(self) -> None:
        from agentdesk.desk.model import local_text

        pending = self.services.log.handovers(unacknowledged_only=True)
        self.pending_box.setVisible(bool(pending))
        if not pending:
            self.pending_id = None
            return
        h = pending[-1]  # the oldest unacknowledged one first
        self.pending_id = h.id
        lines = [t(f"#{h.id} {local_text(h.created_at)} {h.by} 交班，{len(h.open_items)} 项未完成",
                   f"#{h.id} {local_text(h.created_at)} from {h.by}, {len(h.open_items)} open")]
        for label, text in ((t("备注", "Notes"), h.notes), (t("重要事件", "Events"), h.events),
                            (t("设备", "Equipment"), h.equipment)):
            if text:
                lines.append(f"{label}：{text}")
        lines += [_item_line(e) for e in h.open_items[:8]]
        self.pending_text.setText("\n".join(lines))

    def submit(self) -> int | None:
        from agentdesk.errors import UserError

        try:
            hid = self.services.log.create_handover(
                by=self.services.agent, to=self.to.text() or None,
                notes=self.editor.toPlainText(), events=self.events.toPlainText(),
                equipment=self.equipment.toPlainText())
        except UserError as exc:
            self.message.setText(exc.message)
            return None
        self.message.setText(t(f"已提交交班 #{hid}，等待下一班确认", f"Handover #{hid} submitted"))
        for w in (self.editor, self.events, self.equipment):
            w.clear()
        self.refresh()
        self.sig_submitted.emit(hid)
        return hid

    def acknowledge(self) -> bool:
        from agentdesk.errors import UserError

        if self.pending_id is None:
            return False
        try:
            self.services.log.acknowledge(self.pending_id, by=self.ack_name.text())
        except UserError as exc:
            self.message.setText(exc.message)
            return False
        self.message.setText(t(f"已确认接班 #{self.pending_id}",
                               f"Acknowledged #{self.pending_id}"))
        self.sig_acknowledged.emit(self.pending_id)
        self.refresh()
        return True

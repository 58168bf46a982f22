"""The duty log and handover tabs as an agent uses them: typed, clicked, results from workers."""

from __future__ import annotations

from datetime import datetime, timedelta

from gui_helpers import click, commit, find
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTableView


def settle(window, qtbot):
    """Wait for the workers: table, handover and detail answered."""
    qtbot.waitUntil(lambda: not window.duty_log.model.loading and window.handover.loaded)
    qtbot.wait(50)


def open_log(window, qtbot):
    window.tabs.setCurrentIndex(1)
    settle(window, qtbot)
    return window.duty_log


def type_into(widget, text):
    widget.setFocus()
    commit(widget, text)


def test_log_an_entry_by_typing_and_clicking_then_see_it_with_history(window, qtbot):
    log = window.services.log
    log.add(customer="张三", contact="13812345678", summary="上次的断网")
    panel = open_log(window, qtbot)
    form = panel.form
    type_into(form.contact, "138 1234 5678")
    qtbot.keyClick(form.contact, Qt.Key_Tab)                        # editingFinished
    qtbot.waitUntil(lambda: "上次的断网" in form.history.text())
    type_into(form.customer, "张三")
    type_into(form.summary, "宽带又断网了")
    qtbot.keyClick(form.summary, Qt.Key_Tab)                        # Tab leaves the summary
    assert form.summary.toPlainText() == "宽带又断网了"
    assert QApplication.focusWidget() is not form.summary
    click(qtbot, find(window, type(form.save), "entryPreset_2h"))
    assert form.callback.check.isChecked()
    click(qtbot, form.save)
    qtbot.waitUntil(lambda: panel.model.total == 2 and not panel.model.loading)
    model = find(window, QTableView, "dutyLogTable").model()
    columns = [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())]
    assert {"渠道", "优先级", "坐席"} <= set(columns)
    assert model.index(0, columns.index("问题内容")).data() == "宽带又断网了"
    assert model.index(0, columns.index("联系方式")).data() == "138****5678"
    assert model.index(0, columns.index("坐席")).data() == "小王"
    assert panel.count_label.text() == "共 2 条"
    assert form.customer.text() == "" and not form.callback.check.isChecked()
    entry = log.get(2)
    promised = entry.callback_at - datetime.now().astimezone()
    assert timedelta(minutes=118) < promised <= timedelta(minutes=121)
    assert entry.callback_at.second == 0


def test_callback_default_is_computed_when_the_box_is_ticked(window, qtbot):
    panel = open_log(window, qtbot)
    check = panel.form.callback.check
    click(qtbot, check)
    value = panel.form.callback.value()
    assert value.second == 0
    ahead = value - datetime.now().astimezone()
    assert timedelta(minutes=29) < ahead <= timedelta(minutes=31)


def test_a_rejected_entry_keeps_the_form_and_writes_nothing(window, qtbot):
    panel = open_log(window, qtbot)
    type_into(panel.form.customer, "张三")
    click(qtbot, panel.form.save)
    qtbot.waitUntil(lambda: "summary" in panel.form.error.text())
    assert panel.form.customer.text() == "张三"
    assert window.services.log.count() == 0


def test_ctrl_s_saves_the_entry(window, qtbot):
    panel = open_log(window, qtbot)
    type_into(panel.form.customer, "李四")
    type_into(panel.form.summary, "咨询资费")
    qtbot.keyClick(panel.form.summary, Qt.Key_S, Qt.ControlModifier)
    qtbot.waitUntil(lambda: window.services.log.count() == 1)


def select_row(panel, qtbot, row=0):
    rect = panel.table.visualRect(panel.model.index(row, 1))
    qtbot.mouseClick(panel.table.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: panel.selected() is not None)


def test_close_transfer_reschedule_and_edit_the_selected_entry(window, qtbot):
    log = window.services.log
    eid = log.add(customer="张三", contact="13812345678", summary="咨询资费",
                  callback_at=datetime.now().astimezone() + timedelta(hours=1))
    log.add(customer="张三", contact="13812345678", summary="更早的一次")
    log.close_entry(2, "已答复")
    panel = open_log(window, qtbot)
    panel.apply_filter()
    qtbot.waitUntil(lambda: not panel.model.loading)
    select_row(panel, qtbot, 1)
    assert panel.selected().id == eid
    qtbot.waitUntil(lambda: "更早的一次" in panel.detail.toPlainText())   # earlier contacts

    type_into(panel.transfer_to, "技术部")
    click(qtbot, panel.transfer_button)
    qtbot.waitUntil(lambda: log.get(eid).status == "transferred")
    assert log.get(eid).transferred_to == "技术部"

    qtbot.waitUntil(lambda: panel.selected() is not None and panel.selected().id == eid)
    click(qtbot, find(window, type(panel.close_button), "reschedulePreset_morning"))
    click(qtbot, panel.reschedule_button)
    qtbot.waitUntil(lambda: log.get(eid).callback_at.astimezone().hour == 9)

    qtbot.waitUntil(lambda: panel.selected() is not None and panel.selected().id == eid)
    click(qtbot, panel.edit_button)
    assert panel.form.customer.text() == "张三"
    panel.form.summary.selectAll()
    type_into(panel.form.summary, "咨询资费（已更正）")
    click(qtbot, panel.form.save)
    qtbot.waitUntil(lambda: log.get(eid).summary == "咨询资费（已更正）")
    assert log.count() == 2                                   # corrected, not added

    qtbot.waitUntil(lambda: panel.selected() is not None and panel.selected().id == eid)
    qtbot.waitUntil(lambda: "已更正" in panel.detail.toPlainText())
    history = panel.detail.toPlainText()
    assert "登记" in history and "修改" in history and "技术部" in history

    click(qtbot, panel.close_button)                          # resolution is required
    qtbot.waitUntil(lambda: "resolution" in panel.action_error.text())
    type_into(panel.resolution, "已说明资费")
    click(qtbot, panel.close_button)
    qtbot.waitUntil(lambda: log.get(eid).status == "closed")
    assert log.get(eid).resolution == "已说明资费"


def test_table_pages_by_key_and_keeps_a_bounded_cache(window, qtbot):
    from agentdesk.gui.duty_log_model import CACHED_PAGES, PAGE

    log = window.services.log
    with log.write() as conn:
        conn.executemany(
            "INSERT INTO entries(created_at, updated_at, customer, channel, category, priority, "
            "summary, status) VALUES ('2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00', "
            "?, '电话', '咨询', '普通', ?, 'open')",
            [(f"客户{i}", f"第{i}条") for i in range(1, 5001)])
    panel = open_log(window, qtbot)
    panel.apply_filter()
    qtbot.waitUntil(lambda: panel.model.total == 5000 and not panel.model.loading)
    assert panel.count_label.text() == "共 5000 条"
    panel.table.scrollToBottom()
    model = panel.model
    qtbot.waitUntil(lambda: model.entry(4999) is not None)
    assert model.entry(4999).summary == "第1条" and model.entry(0).summary == "第5000条"
    for row in range(0, 5000, PAGE):                        # walk every page, newest first
        qtbot.waitUntil(lambda row=row: model.entry(row) is not None)
        assert model.entry(row).summary == f"第{5000 - row}条"
    assert model.cached_rows <= CACHED_PAGES * PAGE


def test_every_due_call_back_is_listed_until_dismissed_without_moving_the_layout(window, qtbot):
    log = window.services.log
    before = window.tabs.geometry()
    for name in ("甲", "乙", "丙", "丁"):
        log.add(customer=name, summary="回电", callback_at="2020-01-01 09:00")
    window.duty_log.check_due()
    button = window.reminders.button
    qtbot.waitUntil(button.isVisible)
    assert window.tabs.geometry() == before
    click(qtbot, button)
    shown = [window.reminders.list.item(i).text() for i in range(window.reminders.list.count())]
    assert len(shown) == 4 and all(any(n in s for s in shown) for n in "甲乙丙丁")
    qtbot.wait(200)
    window.duty_log.check_due()                            # a minute later: still all four
    qtbot.wait(200)
    assert window.reminders.list.count() == 4
    click(qtbot, window.reminders.dismiss_button)
    assert window.reminders.list.count() == 3
    window.duty_log.check_due()
    qtbot.wait(200)
    assert window.reminders.list.count() == 3              # dismissed stays dismissed
    click(qtbot, window.reminders.dismiss_all)
    assert not button.isVisible()
    model = window.duty_log.model
    window.duty_log.apply_filter()
    qtbot.waitUntil(lambda: model.entry(0) is not None)
    assert model.index(0, 0).data(Qt.BackgroundRole) is not None


def test_handover_counts_follow_the_log_then_submit_and_acknowledge(window, qtbot):
    log = window.services.log
    panel = window.handover
    window.tabs.setCurrentIndex(2)
    settle(window, qtbot)
    assert panel.items.count() == 0
    log_panel = open_log(window, qtbot)
    type_into(log_panel.form.customer, "张三")
    type_into(log_panel.form.summary, "今晚回电")
    click(qtbot, log_panel.form.save)                       # logged in the window...
    qtbot.waitUntil(lambda: log.count() == 1)
    window.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: panel.items.count() == 1)        # ...counted in the handover tab
    assert "未完成 1" in panel.counts.text()
    type_into(find(window, QPlainTextEdit, "handoverEditor"), "张三很着急")
    click(qtbot, panel.submit_button)
    qtbot.waitUntil(lambda: bool(log.handovers()) and panel.pending_box.isVisibleTo(panel))
    (h,) = log.handovers()
    assert h.notes == "张三很着急"
    qtbot.waitUntil(lambda: not window.banner.isHidden())
    assert f"#{h.id}" in window.banner_text.text()
    assert panel.past.count() == 1
    type_into(find(window, QLineEdit, "ackName"), "小李")
    click(qtbot, panel.ack_button)
    qtbot.waitUntil(lambda: log.get_handover(h.id).acknowledged_by == "小李")
    qtbot.waitUntil(lambda: window.banner.isHidden())
    panel.past.setCurrentRow(0)
    assert "小李" in panel.past_detail.text() and "张三很着急" in panel.past_detail.text()


def test_handover_refreshes_asked_for_at_once_run_one_at_a_time_and_show_the_last(window,
                                                                                   qtbot):
    """Clicking 重新带出 while a refresh is still running (and the log changing meanwhile): one
    op at a time, one more after it, and the list ends with what the log holds now."""
    from agentdesk.gui import workers

    panel = window.handover
    window.tabs.setCurrentIndex(2)
    settle(window, qtbot)
    ran = [0]
    real = workers.run_log_op

    def counting(services, op, done, failed=None):
        def counted(log):
            ran[0] += 1
            return op(log)
        return real(services, counted, done, failed)

    workers.run_log_op = counting
    try:
        log = window.services.log
        for i in range(5):
            log.add(customer=f"客户{i}", summary="宽带断网，今晚回电")
            click(qtbot, panel.refresh_button)
        qtbot.waitUntil(lambda: not panel._refreshing and panel.items.count() == 5)
    finally:
        workers.run_log_op = real
    assert ran[0] == 2          # the first click's refresh, then one for the four that came after
    assert "未完成 5" in panel.counts.text()


def test_an_older_handover_is_read_when_it_is_opened_in_the_history(window, qtbot):
    """The history lists every handover; only the newest few come with their items, an older
    one's are read when the agent clicks it, and show the same text."""
    from agentdesk.gui import handover_panel as hp

    log = window.services.log
    log.add(customer="张三", summary="宽带断网，今晚回电")
    first = log.create_handover(by="夜班小李", to="小王", notes="最早的一班")
    log.acknowledge(first, by="小王")
    for i in range(hp.PAST_DETAILED):
        hid = log.create_handover(by=f"夜班{i}", to="小王", notes=f"第{i}班")
        log.acknowledge(hid, by="小王")
    panel = window.handover
    window.tabs.setCurrentIndex(2)
    click(qtbot, panel.refresh_button)
    qtbot.waitUntil(lambda: not panel._refreshing and panel.past.count() == hp.PAST_DETAILED + 1)
    oldest = panel.past.count() - 1
    assert panel.history[oldest][2] is None                   # not read with the list
    rect = panel.past.visualItemRect(panel.past.item(oldest))
    qtbot.mouseClick(panel.past.viewport(), Qt.LeftButton, pos=rect.center())
    assert panel.past.currentRow() == oldest
    qtbot.waitUntil(lambda: "最早的一班" in panel.past_detail.text()
                    and "张三" in panel.past_detail.text())
    assert panel.history[oldest][2] == panel.past_detail.text()   # kept for the next click
    panel.past.setCurrentRow(0)
    assert f"第{hp.PAST_DETAILED - 1}班" in panel.past_detail.text()   # newest: at once

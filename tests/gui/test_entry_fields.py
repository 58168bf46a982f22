"""The entry form's rows and the duty-log table's columns come from the field table."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLineEdit

from agentdesk.desk import fields
from agentdesk.desk.fields import FIELDS, Field
from agentdesk.i18n import tr


class _Services:
    agent = "小王"
    vocabulary = None


def test_every_form_field_has_its_widget_and_label(qtbot):
    from agentdesk.gui.entry_form import EntryForm

    form = EntryForm(_Services())
    qtbot.addWidget(form)
    on_form = {f.name for f in FIELDS if f.form_row}
    assert set(form.widgets) == on_form
    assert set(form.values()) == on_form
    layout = form.layout()
    labels = {layout.itemAt(i).widget().text() for i in range(layout.count())
              if hasattr(layout.itemAt(i).widget(), "text")}
    for label, group in fields.form_rows():
        assert tr(label) in labels or group[0].kind == "time"


def test_a_field_added_to_the_table_gets_a_form_row_the_agent_can_type_into(qtbot):
    from gui_helpers import commit

    from agentdesk.gui.entry_form import EntryForm

    extra = Field("order_no", "订单号", "text", given=True, editable=True, form_row="订单号")
    form = EntryForm(_Services(), fields=(*FIELDS, extra))
    qtbot.addWidget(form)
    form.show()
    box = form.findChild(QLineEdit, "entryOrderNo")
    assert box is not None
    box.setFocus()
    commit(box, "A-1号")
    assert form.values()["order_no"] == "A-1号"
    form.clear()
    assert form.values()["order_no"] is None


def test_table_columns_follow_the_table():
    from agentdesk.gui import duty_log_model

    shown = [name for name, _ in duty_log_model.COLUMNS]
    assert shown == [f.name for f in fields.columns()]
    assert len(duty_log_model.WIDTHS) == len(shown) - 1      # the last column stretches
    assert {f.name for f in fields.columns((*FIELDS, replace(FIELDS[-1], column=99)))} \
        >= {"resolution"}

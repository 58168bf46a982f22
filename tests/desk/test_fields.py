"""Every consumer of the entry's fields against the one table (agentdesk.desk.fields): the
row reader, Entry, EDITABLE, DutyLog.add, the created event, the export, the CLI options. A
field added to the table reaches argparse and the export headers (the GUI's form and columns
are checked in tests/gui/test_entry_fields.py)."""

from __future__ import annotations

import argparse
import csv
import dataclasses
from dataclasses import replace

import pytest

from agentdesk.desk import fields, seal
from agentdesk.desk.fields import FIELDS, Field
from agentdesk.desk.model import EDITABLE, Entry
from agentdesk.desk.rows import COLUMNS
from agentdesk.errors import UserError


def test_entry_rows_and_editable_follow_the_table():
    assert tuple(f.name for f in dataclasses.fields(Entry)) == fields.names()
    assert [c.strip() for c in COLUMNS.split(",")] == list(fields.names())
    assert tuple(f.name for f in FIELDS if f.editable) == EDITABLE
    assert all(f.kind in fields.KINDS for f in FIELDS)
    assert all(f.vocabulary for f in FIELDS if f.kind == "choice")


def test_the_entries_table_has_a_column_for_every_field(fresh_db):
    table = {r[1] for r in fresh_db.conn.execute("PRAGMA table_info(entries)")}
    assert set(fields.names()) <= table


def test_the_created_event_records_exactly_the_sealed_fields(fresh_db):
    # pinned: a log sealed with version 2 hashed its created events with these keys
    assert seal.RECORDED[2] == ("agent", "callback_at", "category", "channel", "contact",
                                "customer", "priority", "status", "summary", "title")
    assert seal.RECORDED[seal.SEAL_VERSION] == seal.RECORDED[2]
    every_given_is_sealed = {f.name for f in fields.given()} <= set(seal.RECORDED[2])
    assert every_given_is_sealed     # else `log verify` could not see a change to it
    eid = fresh_db.add(customer="张三", summary="断网")
    created = fresh_db.events(eid)[0]["data"]["fields"]
    assert tuple(sorted(created)) == seal.RECORDED[2]


def test_add_takes_the_given_fields_and_refuses_others(fresh_db):
    eid = fresh_db.add(**{f.name: None for f in fields.given()} | {
        "customer": "张三", "summary": "断网", "agent": None})
    entry = fresh_db.get(eid)
    assert (entry.customer, entry.channel, entry.agent) == ("张三", "电话", "小王")
    with pytest.raises(UserError) as err:
        fresh_db.add(customer="a", summary="b", resolution="已办结")
    assert "resolution" in err.value.message and fresh_db.count() == 1
    with pytest.raises(UserError):
        fresh_db.add(summary="没有客户")          # required by the table


def test_to_dict_has_every_field_masked_where_the_table_says(fresh_db):
    eid = fresh_db.add(customer="张三13812345678", contact="13812345678",
                       summary="号码 13812345678")
    d = fresh_db.get(eid).to_dict()
    assert list(d)[:len(FIELDS)] == list(fields.names())
    assert "13812345678" not in str({k: d[k] for k in ("customer", "contact", "summary")})
    assert fresh_db.get(eid).to_dict(masked=False)["contact"] == "13812345678"


def test_each_export_column_holds_its_fields_value(fresh_db, tmp_path):
    from agentdesk.desk.reports import export

    eid = fresh_db.add(customer="张三", title="先生", contact="13812345678", category="投诉",
                       summary="断网", callback_at="2030-01-02 10:00")
    fresh_db.update(eid, status="transferred", transferred_to="装维班", resolution="派单")
    out = tmp_path / "out.csv"
    export(fresh_db, out, "csv", masked=False)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        header, row = list(csv.reader(fh))
    assert tuple(header) == fields.export_headers()
    by_label = dict(zip(header, row, strict=True))
    entry = fresh_db.get(eid)
    from agentdesk.desk.model import local_text
    from agentdesk.i18n import tr

    for f in fields.exported():
        cell, value = by_label[tr(f.label)], getattr(entry, f.name)
        if f.kind == "time":
            assert cell == local_text(value), f.name
        elif f.kind == "status":
            assert cell == fresh_db.vocabulary.status_label(value)
        else:
            assert cell == str(value), f.name


def test_export_headers_are_translated_when_written(monkeypatch):
    from agentdesk import i18n

    i18n.set_language("en")
    assert fields.export_headers()[0] == "ID"
    i18n.set_language("zh")
    assert fields.export_headers()[0] == "编号"


def test_a_field_added_to_the_table_reaches_argparse_and_the_export():
    from agentdesk.cli.log import add_field_options
    from agentdesk.vocabulary import default_vocabulary

    extra = Field("order_no", "订单号", "text", given=True, editable=True, form_row="订单号")
    table = (*FIELDS, extra)
    parser = argparse.ArgumentParser()
    add_field_options(parser, default_vocabulary(), fields.given(table))
    args = parser.parse_args(["--customer", "a", "--summary", "b", "--order-no", "A-1"])
    assert args.order_no == "A-1"
    correct = argparse.ArgumentParser()
    add_field_options(correct, default_vocabulary(), fields.editable(table), correcting=True)
    assert correct.parse_args(["--order-no", "A-2"]).order_no == "A-2"
    assert fields.export_headers(table)[-1] == "订单号"
    assert ("订单号", (extra,)) in fields.form_rows(table)
    hidden = replace(extra, export=False)
    assert "订单号" not in fields.export_headers((*FIELDS, hidden))


def test_every_field_an_agent_may_write_has_a_check():
    from agentdesk.desk import validate

    for f in (*fields.given(), *fields.editable()):
        try:
            validate.fields({f.name: None})
        except UserError as exc:
            assert "未知字段" not in exc.message, f.name

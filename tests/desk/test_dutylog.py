"""Entries, events, queries, masking, overdue, repeat contacts and Chinese full-text search."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import datetime, timedelta, timezone

import pytest

from agentdesk.desk import DutyLog, EntryFilter, mask_phone, normalise_phone
from agentdesk.errors import UserError

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=timezone.utc)


def test_add_stores_the_entry_and_a_created_event(fresh_db):
    eid = fresh_db.add(customer="张三", title="先生", contact="138 1234 5678", category="投诉",
                       summary="宽带断网三天")
    entry = fresh_db.get(eid)
    assert (entry.customer, entry.title, entry.category, entry.status) == ("张三", "先生", "投诉",
                                                                          "open")
    assert entry.agent == "小王"
    assert entry.created_at.tzinfo is not None and entry.created_at.utcoffset() == timedelta(0)
    (event,) = fresh_db.events(eid)
    assert event["kind"] == "created" and event["data"]["fields"]["summary"] == "宽带断网三天"


def test_connection_settings(fresh_db):
    q = fresh_db.conn.execute
    assert q("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert q("PRAGMA synchronous").fetchone()[0] == 2          # FULL
    assert q("PRAGMA foreign_keys").fetchone()[0] == 1
    assert q("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_database_file_is_readable_by_its_owner_only(fresh_db, db_path):
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600


@pytest.mark.parametrize(("field", "kwargs"), [
    ("summary", {"summary": "  "}),
    ("customer", {"customer": ""}),
    ("category", {"category": "闲聊"}),
    ("channel", {"channel": "飞鸽"}),
    ("callback", {"callback_at": "明天下午"}),
    ("contact", {"contact": "abc"}),
    ("title", {"title": "同学"}),
])
def test_bad_input_names_the_field_and_writes_nothing(fresh_db, field, kwargs):
    args = {"customer": "张三", "summary": "咨询", **kwargs}
    with pytest.raises(UserError) as exc:
        fresh_db.add(**args)
    assert field in str(exc.value)
    assert fresh_db.count() == 0
    assert fresh_db.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 0


def test_update_is_an_event_with_old_and_new_values(fresh_db):
    eid = fresh_db.add(customer="张三", summary="咨询资费")
    fresh_db.update(eid, by="小李", status="transferred", transferred_to="技术支持")
    entry = fresh_db.close_entry(eid, "已由技术支持解决", by="小李")
    assert entry.status == "closed" and entry.resolution == "已由技术支持解决"
    kinds = [(e["kind"], e["by"], e["data"].get("changes")) for e in fresh_db.events(eid)]
    assert kinds[1] == ("updated", "小李", {"status": ["open", "transferred"],
                                            "transferred_to": [None, "技术支持"]})
    assert kinds[2][2]["status"] == ["transferred", "closed"]


def test_transferred_needs_to_whom_and_unknown_status_is_refused(fresh_db):
    eid = fresh_db.add(customer="张三", summary="咨询")
    with pytest.raises(UserError, match="to"):
        fresh_db.update(eid, status="transferred")
    with pytest.raises(UserError, match="status"):
        fresh_db.update(eid, status="done")
    with pytest.raises(UserError, match="id"):
        fresh_db.get(999)
    assert len(fresh_db.events(eid)) == 1


def test_overdue_and_sla_breach(fresh_db):
    late = fresh_db.add(customer="甲", summary="回电", callback_at=NOW - timedelta(minutes=5))
    fresh_db.add(customer="乙", summary="回电", callback_at=NOW + timedelta(hours=1))
    done = fresh_db.add(customer="丙", summary="回电", callback_at=NOW - timedelta(hours=1))
    fresh_db.close_entry(done, "已回电")
    old = fresh_db.add(customer="丁", category="投诉", summary="投诉服务态度",
                       now=NOW - timedelta(hours=49))
    assert [e.id for e in fresh_db.overdue(NOW)] == [late]
    assert [e.id for e in fresh_db.query(EntryFilter(overdue_only=True), now=NOW)] == [late]
    assert fresh_db.get(late).is_overdue(NOW)
    assert [e.id for e in fresh_db.sla_breaches(NOW)] == [old]
    assert fresh_db.get(old).breaches_sla(NOW)


def test_repeat_contacts_match_normalised_numbers(fresh_db):
    a = fresh_db.add(customer="张三", contact="+86 138-1234-5678", summary="第一次")
    fresh_db.add(customer="李四", contact="13900000000", summary="别人")
    b = fresh_db.add(customer="张三", contact="13812345678", summary="第二次")
    assert [e.id for e in fresh_db.by_contact("138 1234 5678")] == [b, a]
    assert normalise_phone("8613812345678") == "13812345678"


def test_masking(fresh_db):
    eid = fresh_db.add(customer="张三", contact="13812345678", summary="x")
    entry = fresh_db.get(eid)
    assert entry.masked_contact == "138****5678"
    assert entry.to_dict()["contact"] == "138****5678"
    assert entry.to_dict(masked=False)["contact"] == "13812345678"
    assert mask_phone("010-12345678") == "010****5678"


@pytest.mark.parametrize(("query", "expected"), [
    ("断网", ["b"]), ("宽带断网", ["b"]), ("退款", ["c"]), ("充值没到账", ["a"]), ("维修", ["b"]),
    ("没到", ["a"]), ("不存在的词", []),
])
def test_full_text_search_in_chinese(fresh_db, query, expected):
    ids = {"a": fresh_db.add(customer="甲", summary="游戏充值没到账"),
           "b": fresh_db.add(customer="乙", summary="宽带断网三天，要求上门维修"),
           "c": fresh_db.add(customer="丙", summary="商品破损")}
    fresh_db.close_entry(ids["c"], "已办理退款")
    found = [e.id for e in fresh_db.search(query)]
    assert found == [ids[k] for k in expected]


def test_filters_combine_and_pages(fresh_db):
    for i in range(25):
        fresh_db.add(customer=f"客户{i}", category="投诉" if i % 2 else "咨询", summary=f"问题{i}")
    f = EntryFilter(category="投诉")
    assert fresh_db.count(f) == 12
    page = fresh_db.query(f, offset=10, limit=10)
    assert len(page) == 2 and all(e.category == "投诉" for e in page)
    assert fresh_db.query(limit=1)[0].customer == "客户24"


def test_audit_trail_records_copy_anyway(fresh_db):
    fresh_db.audit("copy_with_errors", by="小王", detail="negative.dont_know")
    (row,) = fresh_db.audit_trail()
    assert (row["action"], row["by"], row["detail"]) == ("copy_with_errors", "小王",
                                                         "negative.dont_know")


def test_foreign_text_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("这是我的笔记，不是数据库", encoding="utf-8")
    with pytest.raises(UserError) as exc:
        DutyLog.open(path)
    assert exc.value.exit_code == 3
    assert path.read_text(encoding="utf-8") == "这是我的笔记，不是数据库"


def test_another_programs_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(UserError, match="invoices"):
        DutyLog.open(path)
    assert path.read_bytes() == before


def test_corrupt_database_is_refused(tmp_path):
    path = tmp_path / "broken.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    with pytest.raises(UserError) as exc:
        DutyLog.open(path)
    assert exc.value.exit_code == 3

"""Handover: carried open items (overdue first), counts, acknowledgment, backup and verify."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from agentdesk.errors import UserError

NOW = datetime.now(timezone.utc).replace(microsecond=0)


@pytest.fixture
def shift(fresh_db):
    ids = {
        "complaint": fresh_db.add(customer="老投诉", category="投诉", summary="上周的投诉",
                                  now=NOW - timedelta(days=3)),
        "later": fresh_db.add(customer="乙", summary="下午回电",
                              callback_at=NOW + timedelta(hours=3)),
        "overdue": fresh_db.add(customer="甲", summary="过了回电时间",
                                callback_at=NOW - timedelta(minutes=30)),
        "done": fresh_db.add(customer="丙", category="充值", summary="充值没到账"),
    }
    fresh_db.close_entry(ids["done"], "已补发")
    return ids


def test_draft_carries_every_open_item_overdue_first(fresh_db, shift):
    draft = fresh_db.draft_handover("小王")
    ids = [e.id for e in draft.open_items]
    assert ids[0] == shift["overdue"]
    assert set(ids) == {shift["overdue"], shift["later"], shift["complaint"]}
    c = draft.counts
    assert c["open"] == 3 and c["overdue"] == 1 and c["closed"] == 1
    assert c["open_complaints"] == 1       # an older open complaint still counts
    assert c["sla_breaches"] == 1
    assert c["by_category"] == {"咨询": 2, "充值": 1}   # contacts of this shift only


def test_a_capped_draft_reads_the_first_items_in_carry_order_and_counts_them_all(fresh_db,
                                                                                 shift):
    full = fresh_db.draft_handover("小王")
    capped = fresh_db.draft_handover("小王", items=2)
    assert [e.id for e in capped.open_items] == [e.id for e in full.open_items][:2]
    assert capped.open_items[0].id == shift["overdue"]
    assert capped.counts == full.counts and capped.counts["open"] == 3
    assert fresh_db.draft_handover("小王", items=0).open_items == []


def test_create_show_acknowledge_and_read_only(fresh_db, shift, db_path):
    hid = fresh_db.create_handover(by="小王", to="小李", notes="注意老投诉",
                                   equipment="2号机耳麦有杂音")
    assert [h.id for h in fresh_db.handovers(unacknowledged_only=True)] == [hid]
    h = fresh_db.get_handover(hid)
    assert h.notes == "注意老投诉" and h.acknowledged_by is None
    assert h.to_dict()["open_items"][0]["id"] == shift["overdue"]
    acked = fresh_db.acknowledge(hid, by="小李", taken_over=[shift["overdue"]])
    assert acked.acknowledged_by == "小李" and acked.acknowledged_at is not None
    assert acked.taken_over == [shift["overdue"]]
    assert fresh_db.handovers(unacknowledged_only=True) == []
    with pytest.raises(UserError, match="小李"):
        fresh_db.acknowledge(hid, by="小张")
    backups = list((db_path.parent / "backups").glob("*.db"))
    assert len(backups) == 1
    copy = sqlite3.connect(backups[0])
    assert copy.execute("SELECT COUNT(*) FROM entries").fetchone()[0] == 4
    copy.close()


def test_an_acknowledgment_without_items_seals_and_marks_the_same(fresh_db, shift):
    """The window's acknowledgment (items=False) writes what the CLI's does; only the returned
    record leaves the carried entries out."""
    hid = fresh_db.create_handover(by="小王", to="小李")
    acked = fresh_db.acknowledge(hid, by="小李", taken_over=[shift["later"], shift["overdue"]],
                                 items=False)
    assert acked.open_items == [] and acked.seal and acked.acknowledged_by == "小李"
    assert acked.taken_over == [shift["overdue"], shift["later"]]     # in carried order
    again = fresh_db.get_handover(hid)
    assert [e.id for e in again.open_items][:2] == [shift["overdue"], shift["later"]]
    assert again.taken_over == acked.taken_over and again.seal == acked.seal
    assert fresh_db.verify(expect=acked.seal).ok
    with pytest.raises(UserError):
        fresh_db.acknowledge(hid, by="小李", items=False)            # once only


def test_ack_rejects_items_not_carried_and_empty_name(fresh_db, shift):
    hid = fresh_db.create_handover(by="小王")
    with pytest.raises(UserError, match="taken_over"):
        fresh_db.acknowledge(hid, by="小李", taken_over=[shift["done"]])
    with pytest.raises(UserError, match="by"):
        fresh_db.acknowledge(hid, by=" ")
    assert fresh_db.get_handover(hid).acknowledged_by is None


def test_backups_keep_the_last_n(fresh_db, db_path):
    for _ in range(4):
        hid = fresh_db.create_handover(by="小王")
        fresh_db.acknowledge(hid, by="小李", keep_backups=2)
    assert len(list((db_path.parent / "backups").glob("*.db"))) == 2


def test_verify_detects_a_tampered_entry_and_a_tampered_event(fresh_db, shift, db_path):
    hid = fresh_db.create_handover(by="小王")
    fresh_db.acknowledge(hid, by="小李")
    assert fresh_db.verify().ok
    raw = sqlite3.connect(db_path)
    raw.execute("UPDATE entries SET summary = '被悄悄改过' WHERE id = ?", (shift["overdue"],))
    raw.commit()
    report = fresh_db.verify()
    assert not report.ok and "summary" in report.message
    raw.execute("UPDATE entries SET summary = '过了回电时间' WHERE id = ?", (shift["overdue"],))
    raw.execute("UPDATE events SET by = '别人' WHERE id = 1")
    raw.commit()
    raw.close()
    report = fresh_db.verify()
    assert not report.ok and "确认点" in report.message

"""Who may acknowledge a handover, and closing a closed entry."""

from __future__ import annotations

import pytest

from agentdesk.errors import UserError


def test_nobody_acknowledges_their_own_handover(fresh_db):
    fresh_db.add(customer="张三", summary="今晚回电")
    hid = fresh_db.create_handover(by="小王")
    with pytest.raises(UserError, match="自己"):
        fresh_db.acknowledge(hid, by="小王")
    assert fresh_db.get_handover(hid).acknowledged_by is None


def test_a_substitute_needs_a_reason_and_the_reason_is_sealed(fresh_db):
    fresh_db.add(customer="张三", summary="今晚回电")
    hid = fresh_db.create_handover(by="小王", to="小李")
    with pytest.raises(UserError, match="--reason"):
        fresh_db.acknowledge(hid, by="小张")
    assert fresh_db.get_handover(hid).acknowledged_by is None
    h = fresh_db.acknowledge(hid, by="小张", reason="小李病假，由小张代班")
    assert h.acknowledged_by == "小张" and h.seal
    event = fresh_db.conn.execute("SELECT data FROM events WHERE kind = 'handover_acknowledged'"
                                  ).fetchone()[0]
    assert "小李病假" in event and "substitute_for" in event
    assert fresh_db.verify(full=True).ok


def test_the_addressee_acknowledges_without_a_reason(fresh_db):
    hid = fresh_db.create_handover(by="小王", to="小李")
    assert fresh_db.acknowledge(hid, by="小李").acknowledged_by == "小李"


def test_closing_a_closed_entry_is_refused_and_keeps_its_resolution(fresh_db):
    eid = fresh_db.add(customer="张三", summary="宽带断网")
    fresh_db.close_entry(eid, "已上门修复")
    with pytest.raises(UserError) as exc:
        fresh_db.close_entry(eid, "客户说没修好")
    assert exc.value.exit_code == 2 and "update" in exc.value.message
    assert fresh_db.get(eid).resolution == "已上门修复"
    # the explicit ways still work: reopen, then close again; or a correction
    fresh_db.update(eid, status="open")
    assert fresh_db.close_entry(eid, "二次上门修复").resolution == "二次上门修复"
    assert fresh_db.update(eid, resolution="二次上门，更换光猫").resolution == "二次上门，更换光猫"


def test_create_carries_the_items_in_the_drafts_order(fresh_db):
    from datetime import timedelta

    from agentdesk.desk.model import utc_now

    now = utc_now()
    for i, hours in enumerate([None, -5, 3, -1, None, -30, 8, None]):
        eid = fresh_db.add(customer=f"客户{i}", summary="回电",
                           callback_at=None if hours is None else now + timedelta(hours=hours))
        if i == 4:
            fresh_db.close_entry(eid, "已处理")
    drafted = [e.id for e in fresh_db.draft_handover("小王").open_items]
    hid = fresh_db.create_handover(by="小王")
    assert [e.id for e in fresh_db.get_handover(hid).open_items] == drafted
    assert drafted[:3] == [6, 2, 4]        # overdue first, the longest overdue first

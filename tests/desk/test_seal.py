"""The seal catches edits made behind the program's back, incrementally and with --full."""

from __future__ import annotations

import sqlite3

import pytest

from agentdesk.desk import DutyLog, seal


@pytest.fixture
def sealed(fresh_db, db_path):
    """Two shifts, each acknowledged: entries, a closed one, a handover with items."""
    a = fresh_db.add(customer="张三", contact="13812345678", summary="宽带断网")
    b = fresh_db.add(customer="李四", summary="发票开错")
    fresh_db.close_entry(b, "已重开发票")
    h1 = fresh_db.create_handover(by="小王", to="小李", notes="张三今晚回电")
    fresh_db.acknowledge(h1, by="小李")
    c = fresh_db.add(customer="王五", summary="充值没到账", category="充值")
    h2 = fresh_db.create_handover(by="小李", notes="王五的充值")
    fresh_db.acknowledge(h2, by="小赵")
    assert fresh_db.verify().ok and fresh_db.verify(full=True).ok
    return {"a": a, "b": b, "c": c, "h1": h1, "h2": h2}


def raw(db_path, *statements) -> None:
    conn = sqlite3.connect(db_path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


BEHIND_THE_BACK = {
    "delete a sealed entry": "DELETE FROM entries WHERE id = 1",
    "edit a sealed handover's notes": "UPDATE handovers SET notes = '无' WHERE id = 1",
    "edit who handed over": "UPDATE handovers SET by = '别人' WHERE id = 1",
    "edit who acknowledged": "UPDATE handovers SET acknowledged_by = '别人' WHERE id = 1",
    "edit the counts": "UPDATE handovers SET counts = '{}' WHERE id = 1",
    "drop a handover item": "DELETE FROM handover_items WHERE handover_id = 1",
    "edit created_at": "UPDATE entries SET created_at = '2020-01-01T00:00:00+00:00' "
                       "WHERE id = 1",
    "edit a closed entry's resolution": "UPDATE entries SET resolution = '未处理' WHERE id = 2",
    "delete the checkpoints": "DELETE FROM checkpoints",
    "delete the last checkpoint": "DELETE FROM checkpoints WHERE id = 2",
    "edit an event": "UPDATE events SET by = '别人' WHERE id = 1",
}


@pytest.mark.parametrize("sql", BEHIND_THE_BACK.values(), ids=BEHIND_THE_BACK.keys())
@pytest.mark.parametrize("full", [False, True], ids=["incremental", "full"])
def test_each_edit_of_a_sealed_log_is_caught(sealed, fresh_db, db_path, sql, full):
    raw(db_path, sql)
    report = fresh_db.verify(full=full)
    assert not report.ok and report.problems


@pytest.mark.parametrize("sql", BEHIND_THE_BACK.values(), ids=BEHIND_THE_BACK.keys())
def test_caught_even_with_the_journal_triggers_dropped(sealed, fresh_db, db_path, sql):
    names = list(seal.JOURNAL_TRIGGERS)
    raw(db_path, *[f"DROP TRIGGER {n}" for n in names], sql)
    assert not fresh_db.verify().ok
    assert not fresh_db.verify(full=True).ok


def _recompute_everything(db_path) -> None:
    """What a careful forger does: edit, re-hash the whole chain, clean the journal."""
    conn = sqlite3.connect(db_path)
    for name in seal.JOURNAL_TRIGGERS:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("UPDATE events SET data = replace(data, '宽带断网', '没有问题') WHERE id = 1")
    conn.execute("UPDATE entries SET summary = '没有问题' WHERE id = 1")
    conn.execute("DELETE FROM row_changes")
    conn.execute("DELETE FROM sqlite_sequence WHERE name = 'row_changes'")
    conn.execute("UPDATE checkpoints SET last_change_seq = 0")
    cps = seal._checkpoints(conn)
    previous = None
    for cp in cps:
        digest = seal._recompute(conn, cp, previous)
        conn.execute("UPDATE checkpoints SET hash = ? WHERE id = ?", (digest, cp["id"]))
        previous = {**cp, "hash": digest}
    for sql in seal.JOURNAL_TRIGGERS.values():
        conn.execute(sql)
    conn.commit()
    conn.close()


def test_a_recomputed_chain_is_caught_by_the_head_written_outside(sealed, fresh_db, db_path):
    heads = seal.recorded_heads(db_path)
    assert sorted(heads) == [1, 2]
    assert oct(seal.heads_file(db_path).stat().st_mode & 0o777) == "0o600"
    _recompute_everything(db_path)
    report = fresh_db.verify()
    assert not report.ok and "重新计算" in report.message


def test_expect_checks_a_head_kept_elsewhere(sealed, fresh_db, db_path):
    head = fresh_db.get_handover(sealed["h2"]).seal
    assert fresh_db.verify(expect=head).ok
    _recompute_everything(db_path)
    seal.heads_file(db_path).unlink()          # the forger also removed the outside copy
    assert fresh_db.verify().ok                # what the seal cannot prove (README says so)
    report = fresh_db.verify(expect=head)
    assert not report.ok and "--expect" in report.message


def test_verify_after_the_seal_checks_new_work_and_counts(sealed, fresh_db, db_path):
    d = fresh_db.add(customer="赵六", summary="夜里来电")
    fresh_db.update(d, summary="夜里来电，明早回电")
    assert fresh_db.verify().ok
    raw(db_path, "UPDATE entries SET summary = '改过' WHERE id = 4")
    assert "summary" in fresh_db.verify().message
    raw(db_path, "UPDATE entries SET summary = '夜里来电，明早回电' WHERE id = 4",
        "INSERT INTO entries(created_at, updated_at, customer, channel, category, priority, "
        "summary, status) VALUES ('2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00', "
        "'假', '电话', '咨询', '普通', '伪造', 'open')")
    report = fresh_db.verify()
    assert not report.ok and ("条数" in report.message or "history" in report.message
                              or "创建事件" in report.message)


def test_a_log_sealed_by_the_first_version_still_verifies(tmp_path):
    """Checkpoints written before seal v2 are re-checked with the old chain."""
    path = tmp_path / "old.db"
    log = DutyLog.open(path, agent="小王")
    log.add(customer="张三", summary="旧记录")
    with log.write() as conn:
        conn.execute("INSERT INTO checkpoints(at, by, handover_id, last_entry_id, "
                     "last_event_id, hash) VALUES ('2026-01-01T00:00:00+00:00', '小李', NULL, "
                     "1, 1, ?)", (seal._digest_v1(conn, "", 0, 1),))
    assert log.verify(full=True).ok and log.verify().ok
    hid = log.create_handover(by="小王")
    log.acknowledge(hid, by="小李")
    assert log.verify(full=True).ok and log.verify().ok
    log.close()


def test_triggers_dropped_and_recreated_around_an_edit_are_caught(sealed, fresh_db, db_path):
    conn = sqlite3.connect(db_path)
    for name in seal.JOURNAL_TRIGGERS:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("UPDATE entries SET summary = '悄悄改过' WHERE id = 1")
    for sql in seal.JOURNAL_TRIGGERS.values():
        conn.execute(sql)
    conn.commit()
    conn.close()
    report = fresh_db.verify()
    assert not report.ok and "summary" in report.message and report.full
    assert "结构" in report.notes[0]

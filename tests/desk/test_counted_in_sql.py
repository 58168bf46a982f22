"""Counts a list or a handover shows come from SQL, and equal what loading everything gives."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

from agentdesk.desk.handover import summaries
from agentdesk.desk.model import utc_now


def _open_entries(log, n):
    old = utc_now() - timedelta(days=5)
    for i in range(n):
        log.add(customer=f"客户{i}", summary="宽带断网", category="投诉" if i % 2 == 0 else "咨询",
                callback_at="+1h" if i % 3 else None, now=old if i % 4 == 0 else None)


def test_sla_breach_count_equals_the_breaches_listed(fresh_db):
    _open_entries(fresh_db, 12)
    assert fresh_db.sla_breach_count() == len(fresh_db.sla_breaches()) == 3


def test_summaries_count_every_item_and_load_only_the_first(fresh_db):
    _open_entries(fresh_db, 9)
    first = fresh_db.create_handover(by="小王", to="小李")
    fresh_db.acknowledge(first, by="小李")
    second = fresh_db.create_handover(by="小李")
    full = {h.id: h for h in fresh_db.handovers()}
    found = summaries(fresh_db, items=4)
    assert [h.id for h in found] == [second, first]
    for h in found:
        assert h.item_count == len(full[h.id].open_items) == 9
        assert [e.id for e in h.first_items] == [e.id for e in full[h.id].open_items[:4]]
        assert (h.by, h.to, h.acknowledged) == (full[h.id].by, full[h.id].to,
                                                 full[h.id].acknowledged)
    assert [h.id for h in summaries(fresh_db, unacknowledged_only=True)] == [second]
    assert [h.id for h in summaries(fresh_db, limit=1)] == [second]


def test_handover_items_keep_the_carry_order(fresh_db):
    _open_entries(fresh_db, 15)
    hid = fresh_db.create_handover(by="小王")
    carried = [e.id for e in fresh_db.get_handover(hid).open_items]
    assert carried == [e.id for e in fresh_db.draft_handover("小王").open_items]


def test_handover_list_prints_each_handovers_item_count(db_path, tmp_path):
    from agentdesk.desk import DutyLog

    with DutyLog.open(db_path, agent="小王") as log:
        _open_entries(log, 5)
        log.create_handover(by="小王", to="小李")
    env_run = [sys.executable, "-m", "agentdesk", "--db", str(db_path), "handover", "list"]
    out = subprocess.run(env_run, cwd=tmp_path, capture_output=True, text=True, check=True)
    fields = out.stdout.strip().split("\t")
    assert fields[2:5] == ["小王", "小李", "5"]

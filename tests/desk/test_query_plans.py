"""The queries a window repeats stay on their indexes (a full scan is seconds at 1M entries)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agentdesk.desk import EntryFilter
from agentdesk.desk.handover import counts
from agentdesk.desk.model import utc_now


def plans(log, run) -> list[tuple[str, str]]:
    """Run `run`, then EXPLAIN QUERY PLAN every SELECT it issued on the entries table:
    (sql, plan) with the plan's steps joined by ' | '."""
    issued: list[str] = []
    log.conn.set_trace_callback(issued.append)
    try:
        run()
    finally:
        log.conn.set_trace_callback(None)
    found = []
    for sql in issued:
        if sql.lstrip().upper().startswith("SELECT") and "entries" in sql:
            steps = [row[3] for row in log.conn.execute("EXPLAIN QUERY PLAN " + sql)]
            found.append((sql, " | ".join(steps)))
    return found


@pytest.fixture
def log(fresh_db):
    for i in range(50):
        fresh_db.add(customer=f"c{i}", summary="断网" if i % 2 else "充值",
                     category="投诉" if i % 3 else "咨询")
    return fresh_db


def test_handover_counts_read_the_shift_through_the_created_index(log):
    now = utc_now()
    found = plans(log, lambda: counts(log, now, now - timedelta(hours=12)))
    shift = [plan for sql, plan in found if "created_at >=" in sql]
    assert shift and all("entries_created" in plan for plan in shift), shift


@pytest.mark.parametrize("f", [EntryFilter(search="断网"), EntryFilter(open_only=True),
                               EntryFilter(search="断网", open_only=True),
                               EntryFilter(category="投诉")])
def test_pages_and_counts_never_scan_the_whole_table(log, f):
    found = plans(log, lambda: (log.query(f, limit=10), log.count(f, cap=100)))
    assert found and not [plan for _, plan in found if "SCAN entries" in plan.split(" | ")]

"""Schema upgrades: a database left at every earlier version opens and keeps its rows."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from agentdesk.desk import DutyLog
from agentdesk.desk.schema import migrations

NAMES = [m.name for m in migrations()._migrations]


def test_there_is_more_than_one_version():
    assert len(NAMES) >= 4


@pytest.mark.parametrize("stop_before", NAMES[1:])
def test_upgrade_from_each_earlier_version(tmp_path, stop_before):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    migrations().apply(Database(conn), stop_before=stop_before)
    conn.execute("INSERT INTO entries(created_at, updated_at, customer, channel, category, "
                 "priority, summary, status) VALUES ('2026-01-01T00:00:00+00:00', "
                 "'2026-01-01T00:00:00+00:00', '老客户', '电话', '咨询', '普通', "
                 "'旧版本的断网记录', 'open')")
    conn.commit()
    conn.close()
    with DutyLog.open(path) as log:
        assert {m.name for m in migrations().applied(Database(log.conn))} == set(NAMES)
        assert log.get(1).customer == "老客户"
        assert [e.id for e in log.search("断网记录")] == [1]
        new = log.add(customer="新客户", summary="升级后")
        assert new == 2

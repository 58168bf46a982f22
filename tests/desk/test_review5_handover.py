"""The window's acknowledgment (items=False) marks, records and seals what the CLI's does, also
on a log another program has removed a carried entry from."""

from __future__ import annotations

import sqlite3

from agentdesk.desk import DutyLog, handover


def _acknowledged(path, items: bool):
    with DutyLog.open(path, agent="小王") as log:
        for name in ("张三", "李四", "王五"):
            log.add(customer=name, summary="宽带断网")
        hid = log.create_handover(by="小王", to="小李")
    c = sqlite3.connect(path)
    with c:
        c.execute("DELETE FROM entries WHERE id = 2")          # another program's doing
    c.close()
    with DutyLog.open(path, agent="小李") as log:
        h = log.acknowledge(hid, by="小李", items=items)
        marks = log.conn.execute("SELECT entry_id, taken_over FROM handover_items "
                                 "ORDER BY position").fetchall()
        data = log.conn.execute("SELECT data FROM events WHERE kind = "
                                "'handover_acknowledged'").fetchall()
        loaded = handover.load(log, hid, items=items)
    return sorted(h.taken_over), marks, data, loaded.taken_over


def test_items_false_acknowledges_only_the_entries_still_there(tmp_path):
    full = _acknowledged(tmp_path / "cli.db", items=True)
    window = _acknowledged(tmp_path / "window.db", items=False)
    assert full[0] == [1, 3]
    assert window == full

"""The window over a duty log another program wrote to: text that is not UTF-8 and a BLOB."""

from __future__ import annotations

import sqlite3

import pytest
from gui_helpers import find
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView


@pytest.fixture
def hostile(isolated_home):
    from agentdesk.desk import DutyLog
    from agentdesk.paths import AppPaths

    db = AppPaths.resolve().db_path
    with DutyLog.open(db, agent="小王") as log:
        for customer, summary in (("张三", "宽带断网"), ("李四", "发票"), ("王五", "退款")):
            log.add(customer=customer, summary=summary)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE entries SET summary = CAST(x'e5aebde5b8a6ff' AS TEXT) WHERE id = 1")
    conn.execute("UPDATE entries SET customer = x'e69d8ee59b9b', resolution = x'00ff' "
                 "WHERE id = 2")
    conn.commit()
    conn.close()
    return db


def test_the_duty_log_tab_lists_text_that_is_not_utf8_and_blobs(hostile, window, qtbot):
    window.tabs.setCurrentIndex(1)
    panel = window.duty_log
    qtbot.waitUntil(lambda: panel.model.total == 3 and not panel.model.loading)
    model = find(window, QTableView, "dutyLogTable").model()
    columns = [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())]
    summaries = [model.index(r, columns.index("问题内容")).data() for r in range(3)]
    customers = [model.index(r, columns.index("客户")).data() for r in range(3)]
    assert summaries == ["退款", "发票", "宽带\ufffd"]
    assert customers == ["王五", "李四", "张三"]
    assert window.services.log.search("宽带")[0].id == 1       # and the index was built

"""A fresh duty-log database per test: a real SQLite file, never a mock."""

from __future__ import annotations

import pytest

from agentdesk.desk import DutyLog


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "duty.db"


@pytest.fixture
def fresh_db(db_path):
    log = DutyLog.open(db_path, agent="小王")
    yield log
    log.close()

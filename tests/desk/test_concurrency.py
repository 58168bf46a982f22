"""Several writer processes at once, one killed with SIGKILL mid-write: nothing printed is lost."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import sys
from agentdesk.desk import DutyLog
log = DutyLog.open(sys.argv[1], agent=sys.argv[2])
for i in range(int(sys.argv[3])):
    eid = log.add(customer=f"{sys.argv[2]}-{i}", summary="并发写入" * 20, contact="13812345678")
    print(eid, flush=True)
"""


@pytest.mark.slow
def test_concurrent_writers_and_a_killed_one_lose_nothing_printed(tmp_path):
    db = tmp_path / "duty.db"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(db), f"w{n}",
                               "100000" if n == 0 else "150"],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
             for n in range(4)]
    victim = procs[0]
    first = victim.stdout.readline()           # it is writing now
    time.sleep(0.05)
    os.kill(victim.pid, signal.SIGKILL)
    printed = [int(first)] + [int(x) for x in victim.stdout.read().split()]
    victim.wait()
    assert victim.returncode == -signal.SIGKILL and len(printed) < 100000
    for p in procs[1:]:
        out, _ = p.communicate(timeout=120)
        assert p.returncode == 0
        printed += [int(x) for x in out.split()]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {r[0] for r in conn.execute("SELECT id FROM entries")}
    assert set(printed) <= stored
    assert len(printed) == len(set(printed))
    assert len(stored) >= 3 * 150
    # every stored entry has its created event: the pair was one transaction
    assert conn.execute("SELECT COUNT(*) FROM entries e WHERE NOT EXISTS (SELECT 1 FROM events "
                        "v WHERE v.entry_id = e.id AND v.kind = 'created')").fetchone()[0] == 0


def test_two_cli_processes_adding_at_once_both_succeed(tmp_path):
    db = tmp_path / "duty.db"
    cmd = [sys.executable, "-m", "agentdesk", "--db", str(db), "log", "add", "--customer", "x",
           "--summary", "同时登记"]
    procs = [subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(3)]
    ids = []
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        ids.append(int(out))
    assert sorted(ids) == [1, 2, 3]

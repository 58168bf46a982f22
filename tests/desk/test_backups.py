"""A backup counts only once checked; a failed one is reported and never costs a good one."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from agentdesk.desk import integrity

ROOT = Path(__file__).resolve().parents[2]


def ack(log, by="小李"):
    hid = log.create_handover(by="小王")
    return log.acknowledge(hid, by=by, keep_backups=2)


def test_every_kept_backup_passes_quick_check_and_partials_do_not_count(fresh_db, db_path):
    fresh_db.add(customer="张三", summary="宽带断网")
    folder = db_path.parent / "backups"
    folder.mkdir()
    stale = folder / ".duty-20260101-000000.db.abc.part"     # a backup killed long ago
    stale.write_bytes(b"SQLite format 3\x00 half")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    fresh = folder / ".duty-20260101-000001.db.def.part"     # one being written right now
    fresh.write_bytes(b"")
    for _ in range(3):
        h = ack(fresh_db)
        assert h.backup_error is None and Path(h.backup).exists()
    kept = integrity.good_backups(db_path)
    assert len(kept) == 2
    for path in kept:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        conn.close()
    assert not stale.exists() and fresh.exists()


def test_a_failed_backup_is_reported_and_the_last_good_one_kept(fresh_db, db_path):
    fresh_db.add(customer="张三", summary="宽带断网")
    good = ack(fresh_db)
    assert good.backup_error is None
    folder = db_path.parent / "backups"
    try:
        # root ignores permissions, so a file where the folder should be plays the full disk
        os.rename(folder, db_path.parent / "backups.kept")
        (db_path.parent / "backups").write_text("not a folder")
        failed = ack(fresh_db)
    finally:
        (db_path.parent / "backups").unlink()
        os.rename(db_path.parent / "backups.kept", folder)
    assert failed.acknowledged and failed.backup is None and failed.backup_error
    assert integrity.good_backups(db_path) == [Path(good.backup)]
    assert fresh_db.verify().ok


def test_cli_ack_with_a_failing_backup_says_so_and_exits_5(db_path, tmp_path):
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "agentdesk", "--db", str(db_path), *args],
                              capture_output=True, text=True, cwd=tmp_path, check=False,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})

    cli("log", "add", "--customer", "张三", "--summary", "宽带断网")
    cli("handover", "create", "--by", "小王")
    (db_path.parent / "backups").write_text("not a folder")
    out = cli("handover", "ack", "1", "--by", "小李")
    assert out.returncode == 5 and "备份失败" in out.stderr and "Traceback" not in out.stderr
    assert "封存值" in out.stdout
    shown = cli("handover", "show", "1", "--format", "json")
    assert '"acknowledged_by": "小李"' in shown.stdout

"""Exports and backups never destroy data and are private: refused targets, 0600, rename."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from agentdesk.desk.reports import export
from agentdesk.errors import UserError

ROOT = Path(__file__).resolve().parents[2]


def cli(*args, db: Path, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "agentdesk", "--db", str(db), *args], cwd=cwd,
                          capture_output=True, text=True, check=False, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


@pytest.fixture
def logged(fresh_db):
    fresh_db.add(customer="张三", contact="13812345678", summary="身份证110101199003071234")
    return fresh_db


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_export_onto_the_database_or_its_journal_is_refused(logged, db_path, suffix):
    target = db_path.with_name(db_path.name + suffix)
    before = target.read_bytes() if target.exists() else None
    with pytest.raises(UserError, match="数据库"):
        export(logged, target, "csv", force=True)
    assert (target.read_bytes() if target.exists() else None) == before
    assert logged.count() == 1


def test_export_into_the_backups_and_through_a_symlink_is_refused(logged, db_path, tmp_path):
    hid = logged.create_handover(by="小王")
    backup = Path(logged.acknowledge(hid, by="小李").backup)
    with pytest.raises(UserError):
        export(logged, backup, "csv", force=True)
    link = tmp_path / "link.csv"
    link.symlink_to(db_path)
    with pytest.raises(UserError):
        export(logged, link, "csv", force=True)
    assert sqlite3.connect(backup).execute("SELECT COUNT(*) FROM entries").fetchone()[0] == 1


def test_a_fifo_or_device_is_never_replaced(logged, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UserError, match="普通文件"):
        export(logged, fifo, "csv", force=True)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    with pytest.raises(UserError):
        export(logged, Path("/dev/null"), "csv", force=True)
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_an_existing_file_needs_force_and_the_export_is_0600(logged, tmp_path):
    out = tmp_path / "值班记录.csv"
    out.write_text("上个月的报表", encoding="utf-8")
    os.chmod(out, 0o644)
    with pytest.raises(UserError, match="--force"):
        export(logged, out, "csv", masked=False)
    assert out.read_text(encoding="utf-8") == "上个月的报表"
    assert export(logged, out, "csv", masked=False, force=True) == 1
    assert "13812345678" in out.read_text(encoding="utf-8-sig")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_cli_export_onto_the_database_exits_2_and_keeps_the_log(db_path, tmp_path):
    cli("log", "add", "--customer", "张三", "--summary", "原始", db=db_path, cwd=tmp_path)
    before = db_path.read_bytes()
    out = cli("log", "export", "--output", str(db_path), db=db_path, cwd=tmp_path)
    assert out.returncode == 2 and "Traceback" not in out.stderr and "数据库" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert db_path.read_bytes()[:16] == before[:16] == b"SQLite format 3\x00"
    listed = cli("log", "list", db=db_path, cwd=tmp_path)
    assert listed.returncode == 0 and "原始" in listed.stdout


def test_database_and_backups_are_private_whatever_the_umask(tmp_path):
    db = tmp_path / "data" / "duty.db"
    code = ("import os, sys; os.umask(0); from agentdesk.desk import DutyLog; "
            "log = DutyLog.open(sys.argv[1]); log.add(customer='张三', summary='x'); "
            "h = log.create_handover(by='小王'); print(log.acknowledge(h, by='小李').backup)")
    out = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    backup = Path(out.stdout.strip())
    for path in (db, backup, backup.parent / "duty.seals"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(backup.parent.stat().st_mode) == 0o700


def test_an_old_world_readable_database_is_made_private(tmp_path):
    from agentdesk.desk import DutyLog

    db = tmp_path / "duty.db"
    DutyLog.open(db).close()
    os.chmod(db, 0o644)
    DutyLog.open(db).close()
    assert stat.S_IMODE(db.stat().st_mode) == 0o600

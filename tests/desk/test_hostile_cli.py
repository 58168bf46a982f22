"""Hostile input on the command line: each gets one line and its documented exit code."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def cli(*args, db: Path, cwd: Path, env: dict | None = None, timeout: float = 60):
    out = subprocess.run([sys.executable, "-m", "agentdesk", "--db", str(db), *args], cwd=cwd,
                         capture_output=True, text=True, check=False, timeout=timeout,
                         env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})
    assert "Traceback" not in out.stderr and "内部错误" not in out.stderr, out.stderr
    return out


def one_line(out) -> bool:
    return len(out.stderr.strip().splitlines()) == 1


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "duty.db"
    cli("log", "add", "--customer", "张三", "--summary", "宽带断网", db=path, cwd=tmp_path)
    return path


# -- item 10: call-back times -------------------------------------------------------------
@pytest.mark.parametrize("when", ["9999-12-31T23:59Z", "9999-12-31 23:59", "0001-01-01 00:00",
                                  "2062-01-01 10:00"])
def test_absurd_call_backs_are_refused_with_a_reason(db, tmp_path, when):
    out = cli("log", "add", "--customer", "李四", "--summary", "回电", "--callback", when,
              db=db, cwd=tmp_path, env={"TZ": "Asia/Shanghai"})
    assert out.returncode == 2 and one_line(out) and "callback" in out.stderr
    assert cli("log", "list", db=db, cwd=tmp_path).stdout.count("\n") == 1


def test_a_call_back_in_the_past_is_kept_with_a_warning(db, tmp_path):
    out = cli("log", "add", "--customer", "李四", "--summary", "回电", "--callback",
              "2026-01-01 10:00", db=db, cwd=tmp_path)
    assert out.returncode == 0 and out.stdout == "2\n" and "已经过去" in out.stderr


def test_rows_with_absurd_times_from_before_still_list(db, tmp_path):
    conn = sqlite3.connect(db)
    conn.execute("UPDATE entries SET callback_at = '9999-12-31T23:59:00+00:00'")
    conn.commit()
    conn.close()
    env = {"TZ": "Asia/Shanghai"}
    for args in (("log", "list"), ("log", "show", "1"), ("log", "list", "--format", "json"),
                 ("handover", "create", "--by", "小王"), ("handover", "show", "1")):
        out = cli(*args, db=db, cwd=tmp_path, env=env)
        assert out.returncode == 0, (args, out.stderr)
    out = cli("log", "export", "--output", str(tmp_path / "x.csv"), db=db, cwd=tmp_path, env=env)
    assert out.returncode == 0 and "9999-12-31" in (tmp_path / "x.csv").read_text("utf-8-sig")


# -- item 13: exit codes ------------------------------------------------------------------
@pytest.mark.parametrize("args", [("log", "show", "99999999999999999999999"),
                                  ("log", "list", "--limit", "10000000000000000000000"),
                                  ("log", "close", "18446744073709551616", "--resolution", "x"),
                                  ("handover", "show", "99999999999999999999")])
def test_huge_ids_and_limits_exit_2(db, tmp_path, args):
    out = cli(*args, db=db, cwd=tmp_path)
    assert out.returncode == 2 and one_line(out)


def test_stats_days_0_names_days(db, tmp_path):
    out = cli("log", "stats", "--days", "0", db=db, cwd=tmp_path)
    assert out.returncode == 2 and "--days" in out.stderr and "--limit" not in out.stderr


def test_a_fifo_or_a_directory_as_db_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    started = time.monotonic()
    out = cli("log", "list", db=fifo, cwd=tmp_path, timeout=20)
    assert out.returncode == 3 and one_line(out) and time.monotonic() - started < 15
    folder = tmp_path / "folder.db"
    folder.mkdir()
    out = cli("log", "list", db=folder, cwd=tmp_path)
    assert out.returncode == 3 and one_line(out)
    assert list(folder.iterdir()) == []


def test_another_programs_database_with_an_entries_table_is_never_touched(tmp_path):
    path = tmp_path / "diary.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE entries (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO entries(text) VALUES ('我的日记')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    for args in (("log", "list"), ("log", "add", "--customer", "张三", "--summary", "x")):
        out = cli(*args, db=path, cwd=tmp_path)
        assert out.returncode == 3 and one_line(out)
    assert path.read_bytes() == before          # journal mode included: still not WAL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diary.db"]


def test_a_page_corrupt_database_exits_3(db, tmp_path):
    conn = sqlite3.connect(db)
    conn.executemany("INSERT INTO events(entry_id, at, kind, data) VALUES (1, 'x', 'y', ?)",
                     [("z" * 3000,) for _ in range(200)])
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db.read_bytes())
    page = 4096
    for n in range(3, len(data) // page):            # scribble over every page but the first
        data[n * page + 10: n * page + 400] = b"\xa5" * 390
    db.write_bytes(bytes(data))
    codes = {cli(*args, db=db, cwd=tmp_path).returncode
             for args in (("log", "list"), ("log", "verify", "--full"),
                          ("log", "export", "--output", str(tmp_path / "x.csv")))}
    assert codes == {3}


def test_sqlite_errors_map_to_their_documented_codes(db):
    from agentdesk.desk.files import sqlite_error

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as exc:
        conn.execute("DELETE FROM entries")
    conn.close()
    error = sqlite_error(exc.value, db)
    assert error.exit_code == 5 and "只读" in error.message
    assert sqlite_error(sqlite3.OperationalError("database or disk is full"), db).exit_code == 5
    assert sqlite_error(sqlite3.DatabaseError("database disk image is malformed"),
                        db).exit_code == 3


# -- item 14: control characters and names ------------------------------------------------
def test_control_characters_never_reach_the_terminal_raw(db, tmp_path):
    nasty = "正常\x1b[2J\x1b]0;pwned\x07\r伪造\n99\t假行\u202e反转\x9b"
    cli("log", "add", "--customer", "客\x1b户", "--summary", nasty, db=db, cwd=tmp_path)
    for args in (("log", "list"), ("log", "show", "2"), ("log", "search", "正常")):
        out = cli(*args, db=db, cwd=tmp_path)
        for ch in "\x1b\r\x07\u202e\x9b":
            assert ch not in out.stdout, (args, ch)
    listed = cli("log", "list", db=db, cwd=tmp_path).stdout.splitlines()
    assert len(listed) == 2 and all(line.count("\t") == 6 for line in listed)
    assert "\\x1b[2J" in listed[0]


@pytest.mark.parametrize("by", ["x" * 100_000, "小王\n小李", "  \t ", "\x1b[31m"])
def test_by_is_validated_like_an_agent_name(db, tmp_path, by):
    for args in (("log", "update", "1", "--summary", "改", "--by", by),
                 ("log", "close", "1", "--resolution", "好", "--by", by),
                 ("handover", "create", "--by", by)):
        out = cli(*args, db=db, cwd=tmp_path)
        if by.strip():
            assert out.returncode == 2 and one_line(out) and "by" in out.stderr, args
    assert "改" not in cli("log", "show", "1", db=db, cwd=tmp_path).stdout.splitlines()[0]


def test_a_long_by_is_trimmed_and_kept(db, tmp_path):
    out = cli("log", "update", "1", "--summary", "改过", "--by", "  小王  ", db=db, cwd=tmp_path)
    assert out.returncode == 0
    assert " 小王 updated" in cli("log", "show", "1", db=db, cwd=tmp_path).stdout


def test_a_symlink_to_a_device_as_db_is_refused(tmp_path):
    link = tmp_path / "duty.db"
    link.symlink_to("/dev/zero")
    out = cli("log", "list", db=link, cwd=tmp_path, timeout=20)
    assert out.returncode == 3 and one_line(out)


def test_verify_with_a_garbage_expect_or_heads_file_answers_in_one_line(db, tmp_path):
    cli("handover", "create", "--by", "小王", db=db, cwd=tmp_path)
    assert cli("handover", "ack", "1", "--by", "小李", db=db, cwd=tmp_path).returncode == 0
    out = cli("log", "verify", "--expect", "'; DROP TABLE entries; --", db=db, cwd=tmp_path)
    assert out.returncode == 1 and "--expect" in out.stdout
    (tmp_path / "backups" / "duty.seals").write_bytes(b"\xff\xfe garbage\n1\tnot-a-hash\n" * 50)
    out = cli("log", "verify", db=db, cwd=tmp_path)
    assert out.returncode == 0 and "完整" in out.stdout

"""Text another program wrote that is not UTF-8 (bytes stored as TEXT, or a BLOB): every command
still runs, the bad bytes show as U+FFFD, one warning line says so, the file is not changed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
REPLACEMENT = "\ufffd"


def cli(*args, db: Path, cwd: Path, env: dict | None = None):
    out = subprocess.run([sys.executable, "-m", "agentdesk", "--db", str(db), *args], cwd=cwd,
                         capture_output=True, text=True, check=False, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(ROOT), "AGENTDESK_LANG": "zh",
                              **(env or {})})
    assert "Traceback" not in out.stderr and "内部错误" not in out.stderr, out.stderr
    return out


def warnings(out, word: str = "UTF-8") -> list[str]:
    return [line for line in out.stderr.splitlines() if word in line]


def _snapshot(db: Path) -> list:
    """Every entry's cells with their storage class and exact bytes."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT id, typeof(customer), hex(customer), typeof(summary), "
                            "hex(summary), typeof(resolution), hex(resolution), hex(contact) "
                            "FROM entries ORDER BY id").fetchall()
    finally:
        conn.close()


def _write_as_another_program(db: Path, *statements: str) -> None:
    conn = sqlite3.connect(db)
    try:
        for sql in statements:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


@pytest.fixture
def log_with_entries(tmp_path):
    db = tmp_path / "duty.db"
    for customer, summary in (("张三", "宽带断网 13812345678"), ("李四", "宽带很慢"),
                              ("王五", "发票开错了")):
        assert cli("log", "add", "--customer", customer, "--summary", summary,
                   db=db, cwd=tmp_path).returncode == 0
    return db


@pytest.fixture
def not_utf8(log_with_entries):
    """Entry 2's summary and customer, and a new entry 4, as bytes that are not UTF-8 (GBK and
    stray bytes) stored as TEXT: the way a C program or a sloppy import writes them."""
    _write_as_another_program(
        log_with_entries,
        "UPDATE entries SET summary = CAST(x'e5aebde5b8a6ff' AS TEXT) || ' 13912345678', "
        "customer = CAST(x'd5c5c8fd' AS TEXT) WHERE id = 2",    # 宽带\xff; 张三 in GBK
        "INSERT INTO entries(created_at, updated_at, agent, customer, channel, category, "
        "priority, summary, status) VALUES ('2026-12-01T08:00:00+00:00', "
        "'2026-12-01T08:00:00+00:00', '小王', '赵六', '电话', '咨询', '普通', "
        "CAST(x'80' AS TEXT) || '停电', 'open')")
    return log_with_entries


COMMANDS = [("log", "list"), ("log", "list", "--format", "json"), ("log", "search", "宽带"),
            ("log", "show", "2"), ("log", "list", "--unmasked"), ("log", "stats"),
            ("handover", "create", "--by", "小李")]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_commands_read_text_that_is_not_utf8_with_replacement_characters(not_utf8, tmp_path,
                                                                         args):
    before = _snapshot(not_utf8)
    out = cli(*args, db=not_utf8, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    if args[1] in ("list", "search", "show"):
        assert f"宽带{REPLACEMENT}" in out.stdout
    if args[:2] == ("log", "list"):
        assert "张三" in out.stdout and "王五" in out.stdout and "停电" in out.stdout
    assert len(warnings(out)) == 1 and REPLACEMENT in warnings(out)[0]
    entries = [row for row in _snapshot(not_utf8)]
    assert entries == before           # reading never rewrites what the other program wrote


def test_verify_reads_it_and_reports_the_rows_the_other_program_changed(not_utf8, tmp_path):
    out = cli("log", "verify", "--full", db=not_utf8, cwd=tmp_path)
    assert out.returncode == 1, out.stderr      # a check that found problems, not "busy"
    assert len(warnings(out)) == 1


def test_the_warning_counts_the_values_once_each_and_speaks_english(not_utf8, tmp_path):
    out = cli("log", "list", db=not_utf8, cwd=tmp_path, env={"AGENTDESK_LANG": "en"})
    assert out.returncode == 0
    [line] = warnings(out)
    assert line.startswith("agentdesk: warning: 3 value(s)") and "not UTF-8" in line, line
    assert "replacement character" in line


@pytest.mark.parametrize("masked", [True, False])
def test_export_writes_every_row_with_replacement_characters(not_utf8, tmp_path, masked):
    before = _snapshot(not_utf8)
    target = tmp_path / "out.csv"
    out = cli("log", "export", "--output", str(target), *(() if masked else ("--unmasked",)),
              db=not_utf8, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    text = target.read_bytes().decode("utf-8-sig")      # the file itself is valid UTF-8
    assert text.count("\r\n") == 5                       # the header and all four rows
    assert f"宽带{REPLACEMENT}" in text and f"{REPLACEMENT}停电" in text
    assert ("139****5678" if masked else "13912345678") in text
    assert len(warnings(out)) == 1
    assert _snapshot(not_utf8) == before


def test_xlsx_export_reads_it_too(not_utf8, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "out.xlsx"
    out = cli("log", "export", "--format", "xlsx", "--output", str(target), db=not_utf8,
              cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    cells = [c for row in openpyxl.load_workbook(target).active.iter_rows(values_only=True)
             for c in row if isinstance(c, str)]
    assert any(c.startswith(f"宽带{REPLACEMENT}") for c in cells) and len(warnings(out)) == 1


@pytest.mark.parametrize("masked", [True, False])
def test_the_arrow_path_writes_the_row_paths_bytes_on_text_that_is_not_utf8(not_utf8, tmp_path,
                                                                           masked):
    from agentdesk.desk import DutyLog, export_arrow, reports

    if not export_arrow.available():
        pytest.skip("pyarrow / ADBC not installed")
    with DutyLog.open(not_utf8) as log:
        fast, plain = tmp_path / "fast.csv", tmp_path / "plain.csv"
        assert reports._fast_csv(log, fast, None, masked) == 4    # it did not decline
        assert reports._csv(log, plain, None, masked) == 4
        assert fast.read_bytes() == plain.read_bytes()
        assert f"宽带{REPLACEMENT}".encode() in fast.read_bytes()


# -- a BLOB in a column the search index reads --------------------------------------------
@pytest.fixture
def blobs(log_with_entries):
    """A summary stored as a BLOB of UTF-8, a customer as a BLOB that is not UTF-8, a
    resolution that is binary data (a PNG header): queued for the index, as the triggers do."""
    _write_as_another_program(
        log_with_entries,
        "UPDATE entries SET summary = CAST('停电三天 13812345678' AS BLOB) WHERE id = 1",
        "UPDATE entries SET customer = x'e5bca0ff', "
        "resolution = x'89504e470d0a1a0a0000000d49484452' WHERE id = 3")
    return log_with_entries


@pytest.mark.parametrize("args", [*COMMANDS, ("log", "search", "停电"),
                                  ("log", "export", "--output", "out.csv"),
                                  ("log", "add", "--customer", "孙七", "--summary", "咨询")],
                         ids=" ".join)
def test_a_blob_in_an_indexed_column_lets_the_index_build_and_every_command_run(blobs, tmp_path,
                                                                               args):
    before = _snapshot(blobs)
    out = cli(*args, db=blobs, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert len(warnings(out)) == 1, out.stderr
    assert _snapshot(blobs)[:3] == before      # the BLOBs stay BLOBs
    if args[:2] == ("log", "list"):
        assert "停电三天" in out.stdout and f"张{REPLACEMENT}" in out.stdout


def test_a_blob_of_text_is_found_by_search_and_binary_data_by_nothing(blobs, tmp_path):
    assert cli("log", "search", "停电", db=blobs, cwd=tmp_path).stdout.startswith("1\t")
    out = cli("log", "search", "PNG", db=blobs, cwd=tmp_path)
    assert out.returncode == 0 and out.stdout == ""       # binary data: indexed as nothing
    conn = sqlite3.connect(blobs)
    try:
        assert conn.execute("SELECT COUNT(*) FROM entries_words_pending").fetchone()[0] == 0
    finally:
        conn.close()


def test_a_handover_another_program_wrote_lists_and_shows(log_with_entries, tmp_path):
    db = log_with_entries
    assert cli("handover", "create", "--by", "小李", "--note", "交接", db=db,
               cwd=tmp_path).returncode == 0
    _write_as_another_program(db, "UPDATE handovers SET by = x'e5b08fff', "
                                  "notes = CAST(x'e4baa4ff' AS TEXT), counts = 'oops'")
    for args in (("handover", "list"), ("handover", "show", "1")):
        out = cli(*args, db=db, cwd=tmp_path)
        assert out.returncode == 0, out.stderr
        assert f"小{REPLACEMENT}" in out.stdout and "b'" not in out.stdout
        assert len(warnings(out)) == 1
    assert f"交{REPLACEMENT}" in out.stdout


@given(st.lists(st.binary(max_size=12), max_size=20))
def test_the_arrow_path_decodes_any_bytes_as_sqlite3_reads_them(cells):
    pa = pytest.importorskip("pyarrow")
    from agentdesk.desk import export_arrow, unreadable

    column = pa.array(cells, pa.binary()).view(pa.string())
    assert export_arrow._readable(column).to_pylist() == [unreadable.decode(c) for c in cells]

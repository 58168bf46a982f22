"""Review of the CSV export's Arrow path against the row-by-row path, with the hostile cells
and zones a tester tried: each test failed before its fix."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agentdesk.desk import export_arrow, reports
from agentdesk.desk.reports import export


def _row_path(log, path, monkeypatch, **kw):
    """The bytes the row-by-row path writes (monkeypatch: the caller's, left as it is)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(export_arrow, "available", lambda: False)
        export(log, path, "csv", force=True, **kw)
    return path.read_bytes()


@pytest.fixture
def moncton(monkeypatch):
    # America/Moncton changed its offset at 00:01 local (03:01 / 04:01 UTC) until 2006: the
    # UTC hour 03:00-04:00 on 2006-10-29 holds two offsets, -3 before 03:01 and -4 after
    monkeypatch.setenv("TZ", "America/Moncton")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_an_hour_with_a_mid_hour_offset_change_is_exported_exactly(fresh_db, tmp_path,
                                                                      monkeypatch, moncton):
    fresh_db.add(customer="张三", summary="回电")
    fresh_db.add(customer="李四", summary="回电")
    with fresh_db.conn:
        fresh_db.conn.execute("UPDATE entries SET created_at = '2006-10-29T03:30:00+00:00', "
                              "callback_at = '2006-10-29T03:00:30+00:00' WHERE id = 1")
        fresh_db.conn.execute("UPDATE entries SET created_at = '2006-10-29T03:00:20+00:00' "
                              "WHERE id = 2")
    fast = tmp_path / "fast.csv"
    export(fresh_db, fast, "csv")
    lines = fast.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[1].startswith("1,2006-10-28 23:30,")           # after 03:01 UTC: -4
    assert ",2006-10-29 00:00," in lines[1]                     # the callback, before: -3
    assert lines[2].startswith("2,2006-10-29 00:00,")
    assert fast.read_bytes() == _row_path(fresh_db, tmp_path / "rows.csv", monkeypatch)


@pytest.mark.parametrize("stamp", ["tomorrow", "5", "2026-13-45T99:00:00+00:00"])
def test_a_time_stamp_written_by_another_program_is_exported_as_no_time(fresh_db, tmp_path,
                                                                          monkeypatch, stamp):
    fresh_db.add(customer="张三", summary="回电")
    with fresh_db.conn:
        fresh_db.conn.execute("UPDATE entries SET callback_at = ?", (stamp,))
    out = tmp_path / "out.csv"
    assert export(fresh_db, out, "csv") == 1
    row = out.read_bytes().decode("utf-8-sig").splitlines()[1].split(",")
    assert row[12] == ""
    assert out.read_bytes() == _row_path(fresh_db, tmp_path / "rows.csv", monkeypatch)


@pytest.mark.parametrize("column", ["customer", "summary", "resolution", "contact"])
def test_a_number_in_a_blob_cell_is_masked_not_crashed_on(fresh_db, tmp_path, column):
    fresh_db.add(customer="张三", summary="回电")
    with fresh_db.conn:
        fresh_db.conn.execute(f"UPDATE entries SET {column} = ?",
                              (sqlite3.Binary("号码13812345678".encode()),))
    out = tmp_path / "out.csv"
    assert export(fresh_db, out, "csv") == 1
    text = out.read_bytes().decode("utf-8-sig")
    assert "13812345678" not in text and "5678" in text
    assert export(fresh_db, tmp_path / "out.xlsx", "xlsx") == 1


def test_the_cli_exports_a_hostile_log_from_another_folder(tmp_path):
    db = tmp_path / "值班 #1" / "log.db"
    db.parent.mkdir()
    from agentdesk.desk import DutyLog

    with DutyLog.open(db) as log:
        log.add(customer="张三", summary="回电")
        with log.conn:
            log.conn.execute("UPDATE entries SET callback_at = 'tomorrow', contact = ?",
                             (sqlite3.Binary(b"13812345678"),))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = subprocess.run([sys.executable, "-m", "agentdesk", "--db", str(db), "log", "export",
                          "--output", "out.csv"], cwd=elsewhere, capture_output=True, text=True,
                         env={**__import__("os").environ, "AGENTDESK_LANG": "en"})
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert "13812345678" not in (elsewhere / "out.csv").read_text(encoding="utf-8-sig")


def test_the_arrow_path_still_writes_a_plain_log(fresh_db, tmp_path):
    fresh_db.add(customer="张三", summary="回电 13812345678")
    assert reports._fast_csv(fresh_db, tmp_path / "a.csv", None, True) == 1


def test_a_log_the_arrow_driver_cannot_open_is_exported_row_by_row(fresh_db, db_path,
                                                                     tmp_path):
    """The file moved away under the open log (another program's doing): SQLite's own
    connection still reads it, the ADBC driver cannot open it by name."""
    fresh_db.add(customer="张三", summary="回电 13812345678")
    db_path.rename(tmp_path / "moved.db")
    out = tmp_path / "out.csv"
    assert export(fresh_db, out, "csv") == 1
    assert "138****5678" in out.read_text(encoding="utf-8-sig")



def test_a_cell_of_many_numbers_is_masked():
    """A hostile cell of 40,000 numbers (another program wrote it; the form caps a summary at
    4,000 characters): checking each match against every span claimed made it minutes
    (benchmark figures in the review's report), now well under a second."""
    from agentdesk.masking import mask_numbers

    assert mask_numbers("13812345678 " * 40000) == "138****5678 " * 40000


def _masked_as_before(text):
    """mask_numbers as it was, every match tested against every claimed span."""
    from agentdesk import masking

    work = text.translate(masking._WIDE)
    spans = []
    for pattern in (masking.ID_NUMBER, masking.BANK_CARD, masking.MOBILE):
        for m in pattern.finditer(work):
            if not any(s < m.end() and m.start() < e for s, e in spans):
                spans.append((m.start(), m.end()))
    out, last = [], 0
    for start, end in sorted(spans):
        out.append(text[last:start])
        out.append(masking._mask_digits(work[start:end]))
        last = end
    out.append(text[last:])
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789１３８ -+Xx*a", max_size=120))
def test_the_spans_claimed_are_those_of_before(text):
    from agentdesk.masking import has_long_run, mask_numbers

    assert mask_numbers(text) == (_masked_as_before(text) if text and has_long_run(text)
                                  else text)

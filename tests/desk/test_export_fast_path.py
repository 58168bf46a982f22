"""The export's fast path writes the same bytes as the plain algorithm it replaced: every cell
masked with mask_numbers / mask_phone, local times, status labels, formula starts quoted."""

from __future__ import annotations

import csv
import random
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentdesk.desk.fields import export_headers, exported, names
from agentdesk.desk.model import from_iso, local_text
from agentdesk.desk.phones import mask_phone
from agentdesk.desk.reports import CONVERTED, export, rows
from agentdesk.masking import mask_numbers

_COLS = ("id, created_at, agent, customer, title, contact, channel, category, priority, "
         "summary, status, transferred_to, callback_at, resolution")


def _reference_rows(log, masked=True):
    """The export's cells as the code before the fast path computed them, row by row."""
    labels = dict(log.vocabulary.statuses)
    for (eid, created, agent, customer, title, contact, channel, category, priority, summary,
         status, to, callback, resolution) in log.conn.execute(
            f"SELECT {_COLS} FROM entries ORDER BY id"):
        if masked:
            contact = mask_phone(contact)
            summary, resolution = mask_numbers(summary), mask_numbers(resolution)
            customer = mask_numbers(customer)
        row = (eid, local_text(from_iso(created)), agent, customer, title or "", contact or "",
               channel, category, priority, summary, labels.get(status, status), to or "",
               local_text(from_iso(callback)), resolution or "")
        yield [("'" + v) if isinstance(v, str) and v[:1] in frozenset("=+-@") else v for v in row]


def _reference_csv(log, path, masked=True):
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(export_headers())
        for row in _reference_rows(log, masked):
            writer.writerow(row)
    return path.read_bytes()


NUMBERS = ["13812345678", "+86 138-1234-5678", "１３８１２３４５６７８", "110101199003077578",
           "11010119900307757X", "6222 0202 0000 1234 567", "6222-0202-0000-1234", "4242",
           "010-62345678", "138 1234 5678", "8613812345678", "123456789012", "1" * 25]
PIECES = ["宽带断网三天", "单号", "，", "=SUM(A1)", "+1", "-", "@张三", '"引号"', "a,b",
          "换\n行", "\r", "😀", "　", " ", "－", "繁體", "", "\x00"]


def _text(rng):
    return "".join(rng.choice(PIECES + NUMBERS) for _ in range(rng.randrange(0, 6)))


def _varied_log(log, n=600, seed=7):
    """Rows of every shape, written straight into the table as another program might."""
    rng = random.Random(seed)
    stamps = ["2026-03-08T06:59:00+00:00", "2026-11-01T05:30:00+00:00",
              "2026-12-01T23:59:59+00:00", "2024-02-29T12:00:00+00:00",
              "2026-06-01T10:00:00.500000+00:00", "2026-06-01T10:00:00+08:00",
              "9999-12-31T23:59:00+00:00", "2026-01-01T00:00:00+00:00"]
    contacts = [None, "", "13812345678", "+86 138 1234 5678", "010-62345678", "12345",
                "１３８１２３４５６７８", "=13812345678", "abc"]
    statuses = ["open", "closed", "waiting", "transferred", "未知"]
    with log.conn:
        for _ in range(n):
            log.conn.execute(
                "INSERT INTO entries(created_at, updated_at, agent, customer, title, contact, "
                "channel, category, priority, summary, status, transferred_to, callback_at, "
                "resolution) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (rng.choice(stamps), rng.choice(stamps), rng.choice(["小王", "=坐席", "@a"]),
                 _text(rng) or "张三", rng.choice([None, "先生", "-女士", ""]),
                 rng.choice(contacts), rng.choice(["电话", "+微信"]), rng.choice(["投诉", "咨询"]),
                 "普通", _text(rng), rng.choice(statuses), rng.choice([None, "", "技术部", "+a"]),
                 rng.choice([None, *stamps]), rng.choice([None, "", _text(rng)])))


def test_the_converter_writes_the_field_tables_exported_columns():
    assert names(exported()) == CONVERTED


def test_export_writes_the_same_bytes_as_the_plain_algorithm(fresh_db, tmp_path):
    _varied_log(fresh_db)
    for masked in (True, False):
        out = tmp_path / f"fast-{masked}.csv"
        assert export(fresh_db, out, "csv", masked=masked) == 600
        assert out.read_bytes() == _reference_csv(fresh_db, tmp_path / "ref.csv", masked)


def test_export_rows_equal_the_plain_algorithm_across_batches(fresh_db, monkeypatch):
    from agentdesk.desk import reports

    _varied_log(fresh_db, n=250, seed=3)
    monkeypatch.setattr(reports, "_BATCH", 7)   # many batches, and a short last one
    assert [list(r) for r in rows(fresh_db)] == list(_reference_rows(fresh_db))


_piece = st.sampled_from(PIECES + NUMBERS)
_free_text = st.one_of(st.lists(_piece, max_size=6).map("".join),
                       st.text(alphabet="0123456789０１２ -－　+*=@,\"\nX", max_size=30))


def _only_row(log, agent, customer, contact, summary, resolution):
    """The log holds this one row, written straight into the table."""
    with log.conn:
        log.conn.execute("DELETE FROM entries")
        log.conn.execute(
            "INSERT INTO entries(created_at, updated_at, agent, customer, title, contact, "
            "channel, category, priority, summary, status, resolution) "
            "VALUES ('2026-12-01T08:00:00+00:00', '2026-12-01T08:00:00+00:00', ?, ?, NULL,"
            " ?, '电话', '咨询', '普通', ?, 'open', ?)",
            (agent, customer, contact, summary, resolution))


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(customer=_free_text, summary=_free_text, resolution=st.one_of(st.none(), _free_text),
       contact=st.one_of(st.none(), _free_text))
def test_any_row_exports_as_the_plain_algorithm_masks_it(fresh_db, customer, summary,
                                                         resolution, contact):
    _only_row(fresh_db, "小王", customer, contact, summary, resolution)
    assert [list(r) for r in rows(fresh_db)] == list(_reference_rows(fresh_db))


def test_export_of_a_search_reads_the_joined_rows(fresh_db, tmp_path):
    fresh_db.add(customer="张三", contact="13812345678", summary="宽带断网三天")
    fresh_db.add(customer="李四", summary="咨询套餐")
    from agentdesk.desk import EntryFilter

    found = list(rows(fresh_db, EntryFilter(search="断网")))
    assert [r[3] for r in found] == ["张三"] and found[0][5] == "138****5678"


def test_a_non_text_cell_is_written_not_crashed_on(fresh_db, tmp_path):
    fresh_db.add(customer="张三", summary="x")
    with fresh_db.conn:
        fresh_db.conn.execute("UPDATE entries SET summary = ?", (sqlite3.Binary(b"\x01"),))
    out = tmp_path / "blob.csv"
    assert export(fresh_db, out, "csv") == 1


_PLAIN_RUN = __import__("re").compile(r"[0-9０-９](?:[\s\-－　]?[0-9０-９]){10}")


@given(st.text(alphabet="0123456789０９ -－　\n\tx*", max_size=40))
def test_the_run_prefilter_finds_a_run_exactly_when_the_plain_pattern_does(text):
    from agentdesk.masking import LONG_RUN

    assert bool(LONG_RUN.search(text)) == bool(_PLAIN_RUN.search(text))


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York", "Asia/Kolkata",
                                  "Australia/Lord_Howe"])
def test_export_writes_the_same_bytes_in_other_time_zones(fresh_db, tmp_path, monkeypatch,
                                                          zone):
    """The per-hour local-time cache writes what astimezone() does, with daylight saving and
    half-hour or quarter-hour zones too."""
    import time

    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        _varied_log(fresh_db, n=300, seed=11)
        out = tmp_path / "tz.csv"
        assert export(fresh_db, out, "csv") == 300
        assert out.read_bytes() == _reference_csv(fresh_db, tmp_path / "ref.csv")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()



# -- the Arrow path (agentdesk.desk.export_arrow): same bytes, and it really is the one used --

arrow = pytest.importorskip("agentdesk.desk.export_arrow")


def _arrow_csv(log, path, masked=True, f=None):
    from agentdesk.desk import reports

    n = reports._fast_csv(log, path, f, masked)
    assert n is not None, "the Arrow path declined a log it should write"
    return n, path.read_bytes()


def _clean_log(log, n=400, seed=5):
    """Hostile text, written the way AgentDesk writes rows (UTC times, text cells)."""
    rng = random.Random(seed)
    stamps = ["2026-03-08T06:59:00+00:00", "2026-11-01T05:30:00+00:00",
              "2026-12-01T23:59:59+00:00", "2024-02-29T12:00:00+00:00",
              "2026-06-01T10:00:00.500000+00:00", "2026-01-01T00:00:00+00:00"]
    contacts = [None, "", "13812345678", "+86 138 1234 5678", "010-62345678", "12345",
                "１３８１２３４５６７８", "=13812345678", "abc", "13812345678 "]
    pieces = [*PIECES, "\u2028", "\x0b", "\x1c", "\xa0", "\u3000"]
    with log.conn:
        for _ in range(n):
            text = "".join(rng.choice(pieces + NUMBERS) for _ in range(rng.randrange(0, 6)))
            log.conn.execute(
                "INSERT INTO entries(created_at, updated_at, agent, customer, title, contact, "
                "channel, category, priority, summary, status, transferred_to, callback_at, "
                "resolution) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (rng.choice(stamps), rng.choice(stamps), rng.choice(["小王", "=坐席", "@a", "a,b"]),
                 text or "张三", rng.choice([None, "先生", "-女士", "", '"王"']),
                 rng.choice(contacts), rng.choice(["电话", "+微信"]), rng.choice(["投诉", "咨询"]),
                 "普通", text[::-1], rng.choice(["open", "closed", "waiting", "未知", "=x"]),
                 rng.choice([None, "", "技术部", "+a", "a\nb"]), rng.choice([None, *stamps]),
                 rng.choice([None, "", text])))


@pytest.mark.parametrize("masked", [True, False])
def test_the_arrow_path_writes_the_plain_algorithms_bytes(fresh_db, tmp_path, masked):
    _clean_log(fresh_db)
    n, data = _arrow_csv(fresh_db, tmp_path / "arrow.csv", masked)
    assert n == 400
    assert data == _reference_csv(fresh_db, tmp_path / "ref.csv", masked)


def test_the_arrow_path_filters_as_the_row_path_does(fresh_db, tmp_path, monkeypatch):
    from agentdesk.desk import EntryFilter, export_arrow

    _clean_log(fresh_db, n=200)
    fresh_db.add(customer="新客户", category="投诉", summary="今晚回电, 13812345678",
                 callback_at="2020-01-01 09:00")
    for f in (EntryFilter(open_only=True), EntryFilter(category="投诉"),
              EntryFilter(overdue_only=True), EntryFilter(today_only=True)):
        _, fast = _arrow_csv(fresh_db, tmp_path / "arrow.csv", True, f)
        monkeypatch.setattr(export_arrow, "available", lambda: False)
        try:
            export(fresh_db, tmp_path / "rows.csv", "csv", f=f, force=True)
        finally:
            monkeypatch.undo()
        assert fast == (tmp_path / "rows.csv").read_bytes(), f


def test_the_arrow_path_declines_what_it_cannot_write_the_same(fresh_db, tmp_path):
    from agentdesk.desk import EntryFilter, reports

    fresh_db.add(customer="张三", summary="宽带断网三天")
    assert reports._fast_csv(fresh_db, tmp_path / "s.csv", EntryFilter(search="断网"),
                             True) is None                  # the word index: the row path
    with fresh_db.conn:                                     # a BLOB among the text
        fresh_db.conn.execute("UPDATE entries SET summary = ?", (sqlite3.Binary(b"\x01"),))
    assert reports._fast_csv(fresh_db, tmp_path / "b.csv", None, True) is None
    out = tmp_path / "blob.csv"
    assert export(fresh_db, out, "csv") == 1                # ...and the export still works


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(customer=_free_text, summary=_free_text, resolution=st.one_of(st.none(), _free_text),
       contact=st.one_of(st.none(), _free_text), agent=_free_text.filter(bool))
def test_any_row_the_arrow_path_writes_is_the_plain_algorithms(fresh_db, tmp_path_factory,
                                                                customer, summary, resolution,
                                                                contact, agent):
    _only_row(fresh_db, agent, customer, contact, summary, resolution)
    tmp = tmp_path_factory.mktemp("x")
    _, data = _arrow_csv(fresh_db, tmp / "a.csv")
    assert data == _reference_csv(fresh_db, tmp / "ref.csv")


def test_the_arrow_path_opens_a_log_whose_path_needs_quoting(tmp_path):
    from agentdesk.desk import DutyLog

    folder = tmp_path / "值班 记录 #1?%"
    folder.mkdir()
    with DutyLog.open(folder / "desk log.db") as log:
        log.add(customer="张三", contact="13812345678", summary="宽带断网, 三天")
        n, data = _arrow_csv(log, tmp_path / "a.csv")
        assert n == 1
        assert data == _reference_csv(log, tmp_path / "ref.csv")

"""Word search in the duty log: any word length, newest first, both scripts, keyset paging."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from agentdesk.desk import DutyLog, EntryFilter
from agentdesk.desk.schema import migrations
from agentdesk.desk.search import index_text, match_expression

SUMMARIES = ["宽带断网三天，要求上门维修", "游戏充值没到账", "楼上漏水到我家天花板",
             "申请退货退款", "寬頻斷網，請盡快處理", "ADSL 光猫红灯，单号 20261201"]


@pytest.fixture
def log(fresh_db):
    for i, s in enumerate(SUMMARIES):
        fresh_db.add(customer=f"客户{i}", summary=s)
    return fresh_db


def ids(entries):
    return [e.id for e in entries]


@pytest.mark.parametrize(("query", "expected"), [
    ("断网", [5, 1]),            # 2 characters; the traditional entry 5 is found too
    ("漏", [3]),                 # 1 character
    ("宽带 断网", [1]),           # several words: every one must match (trigrams found nothing)
    ("寬帶斷網", [1]),            # a traditional query finds the simplified entry
    ("宽频", [5]),               # and a simplified query the traditional one
    ("火星", []),                # no match
    ("2026", [6]),               # an order number by its first digits
    ("adsl", [6]), ("ＡＤＳＬ", [6]),  # case and full width folded
    ("客户2", [3]),               # the customer's name is searched too
    ("三天断网", []),             # the words must be in this order
])
def test_search_finds_any_word_length_newest_first(log, query, expected):
    assert ids(log.query(EntryFilter(search=query))) == expected


def test_a_sentence_ranks_entries_with_every_word_before_those_with_some(log):
    found = ids(log.search("断网 漏水 火星"))
    assert found == [5, 3, 1]  # nothing has all three; those with some, newest first
    assert ids(log.search("宽带 断网")) == [1, 5]  # both words first, then the partial match


def test_an_edit_is_found_by_its_new_words_only(log):
    log.update(1, summary="电视没有信号")
    assert ids(log.query(EntryFilter(search="信号"))) == [1]
    assert 1 not in ids(log.query(EntryFilter(search="宽带")))
    log.close_entry(3, "已派师傅修好")
    assert ids(log.query(EntryFilter(search="师傅"))) == [3]


def test_an_entry_changed_by_another_program_is_indexed_when_the_log_opens(log, db_path):
    raw = sqlite3.connect(db_path)  # e.g. a supervisor's DB browser: no AgentDesk functions
    raw.execute("UPDATE entries SET summary = '外部程序改写的鹦鹉' WHERE id = 2")
    raw.commit()
    raw.close()
    with DutyLog.open(db_path) as again:
        assert ids(again.query(EntryFilter(search="鹦鹉"))) == [2]
        assert ids(again.query(EntryFilter(search="充值"))) == []


@pytest.mark.parametrize("query", ['"', "*", "AND", "OR NOT", "(", "NEAR(a b)", "！！", "a:b",
                                   "😀", "^断网"])
def test_query_syntax_characters_are_words_not_errors(log, query):
    assert isinstance(log.query(EntryFilter(search=query)), list)
    assert log.count(EntryFilter(search=query)) >= 0


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=12))
def test_any_query_text_runs(log, text):
    log.query(EntryFilter(search=text))


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="断网宽带三天漏水 ", min_size=1, max_size=14),
       query=st.text(alphabet="断网宽带三天漏水", min_size=1, max_size=4))
def test_a_chinese_word_matches_exactly_the_texts_that_contain_it(text, query):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(words, prefix='1')")
    conn.execute("INSERT INTO f(rowid, words) VALUES (1, ?)", (index_text(text),))
    found = bool(conn.execute("SELECT 1 FROM f WHERE f MATCH ?",
                              (match_expression(query),)).fetchone())
    assert found == any(query in run for run in text.split())


def test_keyset_pages_cover_the_log_once_newest_first(fresh_db):
    for i in range(57):
        fresh_db.add(customer=f"c{i}", summary="断网" if i % 3 else "咨询")
    for f in (EntryFilter(), EntryFilter(search="断网")):
        seen, before = [], None
        while page := fresh_db.query(f, limit=10, before_id=before):
            seen += ids(page)
            before = page[-1].id
        assert seen == ids(fresh_db.query(f, limit=1000))
        assert seen == sorted(seen, reverse=True) and len(seen) == fresh_db.count(f)
    assert ids(fresh_db.query(limit=5, offset=5)) == list(range(52, 47, -1))  # offset still works


def test_count_can_stop_at_a_cap(fresh_db):
    for i in range(30):
        fresh_db.add(customer=f"c{i}", summary="断网")
    assert fresh_db.count(EntryFilter(search="断网")) == 30
    assert fresh_db.count(EntryFilter(search="断网"), cap=10) == 10
    assert fresh_db.count(EntryFilter(open_only=True), cap=7) == 7


def test_a_trigram_database_is_rebuilt_into_the_word_index(tmp_path):
    path = tmp_path / "v4.db"
    conn = sqlite3.connect(path)
    migrations().apply(Database(conn), stop_before="m006_word_search")
    conn.execute("INSERT INTO entries(created_at, updated_at, customer, channel, category, "
                 "priority, summary, status) VALUES ('2026-01-01T00:00:00+00:00', "
                 "'2026-01-01T00:00:00+00:00', '老客户', '电话', '咨询', '普通', '网', 'open')")
    conn.commit()
    conn.close()
    with DutyLog.open(path) as log:
        assert ids(log.query(EntryFilter(search="网"))) == [1]  # 1 character: trigrams could not
        tables = {r[0] for r in log.conn.execute("SELECT name FROM sqlite_master")}
        assert "entries_fts" not in tables and "entries_words" in tables


def test_a_bulk_write_is_searchable_after_catch_up_newest_first(db_path):
    with DutyLog.open(db_path) as log:
        with log.write() as conn:  # the documented fast path for imports and benchmarks
            conn.executemany(
                "INSERT INTO entries(id, created_at, updated_at, customer, channel, category, "
                "priority, summary, status) VALUES (?, '2026-01-01T00:00:00+00:00', "
                "'2026-01-01T00:00:00+00:00', 'c', '电话', '咨询', '普通', ?, 'open')",
                [(i, "断网" if i % 2 else "鹦鹉") for i in range(1, 12_001)])
        # the write indexed the newest 5,000 at once; the rest wait for catch_up
        assert log.query(EntryFilter(search="断网"), limit=1)[0].id == 11_999
        assert log.count(EntryFilter(search="断网")) == 2_500
        assert log.catch_up(batch=3_000) == 7_000
        assert log.count(EntryFilter(search="断网")) == 6_000
    with DutyLog.open(db_path, catch_up=False) as log:  # nothing left to do either way
        assert log.catch_up() == 0


def test_log_list_pages_a_search_by_key_from_the_command_line(tmp_path, db_path):
    import json
    import os
    import subprocess
    import sys

    with DutyLog.open(db_path) as log:
        for i in range(7):
            log.add(customer=f"c{i}", summary="寬頻斷網" if i % 2 else "咨询")

    def listed(*args):
        out = subprocess.run([sys.executable, "-m", "agentdesk", "--db", str(db_path), "log",
                              "list", "--format", "json", *args], cwd=tmp_path,
                             capture_output=True, text=True, env=dict(os.environ), check=True)
        return [e["id"] for e in json.loads(out.stdout)]

    assert listed("--search", "断网", "--limit", "2") == [6, 4]
    assert listed("--search", "断网", "--limit", "2", "--before", "4") == [2]
    assert listed("--before", "3") == [2, 1]


@pytest.fixture(scope="module")
def mixed_log(tmp_path_factory):
    import random

    rng = random.Random(7)
    log = DutyLog.open(tmp_path_factory.mktemp("mixed") / "m.db")
    words = ["断网", "宽带", "漏水", "充值", "寬頻", "退款", "信号"]
    for i in range(120):
        eid = log.add(customer=f"客户{i}", summary="".join(rng.sample(words, 2)),
                      category=rng.choice(["投诉", "咨询", "报修"]))
        if rng.random() < 0.5:
            log.close_entry(eid, rng.choice(words))
    yield log
    log.close()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(search=st.sampled_from([None, "断网", "宽带 断网", "漏", "寬帶", "火星", "退款 信号"]),
       open_only=st.booleans(), category=st.sampled_from([None, "投诉", "报修/售后"]),
       size=st.integers(1, 17))
def test_pages_by_key_equal_the_whole_result_for_any_filter(mixed_log, search, open_only,
                                                            category, size):
    f = EntryFilter(search=search, open_only=open_only, category=category)
    everything = ids(mixed_log.query(f, limit=10_000))
    seen, before = [], None
    while page := mixed_log.query(f, limit=size, before_id=before):
        seen += ids(page)
        before = page[-1].id
    assert seen == everything == sorted(everything, reverse=True)
    assert mixed_log.count(f) == len(everything)
    assert ids(mixed_log.query(f, limit=size, offset=size)) == everything[size:2 * size]


def test_the_cli_says_once_that_it_indexes_a_large_backlog(tmp_path, db_path):
    import os
    import subprocess
    import sys

    DutyLog.open(db_path).close()
    raw = sqlite3.connect(db_path)  # e.g. an import by another program: only the queue fills
    raw.executemany("INSERT INTO entries(created_at, updated_at, customer, channel, category, "
                    "priority, summary, status) VALUES ('2026-01-01T00:00:00+00:00', "
                    "'2026-01-01T00:00:00+00:00', 'c', '电话', '咨询', '普通', ?, 'open')",
                    [("鹦鹉" if i == 0 else "咨询",) for i in range(20_001)])
    raw.commit()
    raw.close()

    def search():
        return subprocess.run([sys.executable, "-m", "agentdesk", "--db", str(db_path), "log",
                               "search", "鹦鹉"], cwd=tmp_path, capture_output=True, text=True,
                              env=dict(os.environ), check=False)

    first, second = search(), search()
    assert first.returncode == 0 and first.stdout.startswith("1\t")
    assert len(first.stderr.splitlines()) == 1 and "20001" in first.stderr
    assert second.stderr == "" and second.stdout == first.stdout

"""Ranked search: a customer's sentence finds the best replies; synonyms are data; usage only
breaks near-ties. The development queries are ours (the held-out set is never read here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agentdesk.paths import shipped_phrasebook
from agentdesk.phrasebook import Phrasebook, UsageStore
from tests.phrasebook.conftest import ONE

DEV = Path(__file__).with_name("dev_queries.jsonl")


@pytest.fixture(scope="module")
def book():
    return Phrasebook.load([shipped_phrasebook()])


def ids(found):
    return [t.id for t in found]


def test_dev_queries_put_a_fitting_template_in_the_top_5_for_90_percent(book):
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 80
    known = {t.id for t in book.templates}
    assert all(set(r["accept"]) <= known for r in rows), "accept ids must exist"
    misses = [r["query"] for r in rows
              if not set(r["accept"]) & set(ids(book.search(r["query"], limit=5)))]
    assert len(misses) <= 0.1 * len(rows), misses


def test_a_pasted_customer_message_gives_the_repair_replies(book):
    found = ids(book.search("你好，我上周买的电水壶坏了，能修吗？", limit=5))
    assert {"aftersales.repair.book", "returns.damaged"} & set(found)


def test_a_sentence_whose_words_only_partly_match_still_returns_the_best(book):
    # 火星 and 电水壶 are in no template: the rest of the sentence still ranks
    found = ids(book.search("火星电水壶退款怎么还没到账", limit=3))
    assert {"returns.refund_progress", "returns.refund_process"} & set(found)
    assert book.search("火星", limit=5) == []


def test_usage_breaks_ties_but_never_trumps_relevance(book, tmp_path):
    usage = UsageStore.open(tmp_path / "usage.db")
    plain = ids(book.search("退款流程", limit=5))
    assert plain[0] == "returns.refund_process"
    weak = plain[-1]
    for _ in range(20):
        usage.record(book.get(weak))
    usage.set_favourite(weak)
    assert ids(book.search("退款流程", limit=5, usage=usage))[0] == "returns.refund_process"
    # two equally fitting templates: the one the agent uses comes first
    tied = ids(book.search("tk", limit=2))
    assert len(tied) == 2
    usage.record(book.get(tied[1]))
    assert ids(book.search("tk", limit=2, usage=usage))[0] == tied[1]


def test_a_team_layer_adds_its_own_customer_words(write_book):
    body = ONE.replace('title = "第一条"', 'title = "第一条"\naliases = ["开户"]')
    base = write_book("base", {"one.toml": body})
    assert book_ids(base, "办个新号") == []
    (base / "synonyms.toml").write_text('[expand]\n"新号" = ["开户"]\n', encoding="utf-8")
    assert book_ids(base, "办个新号") == ["t.one"]


def test_a_broken_synonyms_file_is_reported_and_the_others_still_apply(write_book):
    base = write_book("base", {"one.toml": ONE.replace('title = "第一条"',
                                                       'title = "第一条"\naliases = ["开户"]')})
    team = write_book("team", {})
    (base / "synonyms.toml").write_text('[expand]\n"新号" = ["开户"]\n', encoding="utf-8")
    for broken in ('[expand\n', 'groups = "退款"\n', '[expand]\n"a" = 3\n', 'colour = 1\n'):
        (team / "synonyms.toml").write_text(broken, encoding="utf-8")
        book = Phrasebook.load([base, team])
        assert [p.file.name for p in book.problems] == ["synonyms.toml"]
        assert ids(book.search("办个新号")) == ["t.one"]


def test_replace_true_drops_the_earlier_lists(write_book):
    base = write_book("base", {"one.toml": ONE.replace('title = "第一条"',
                                                       'title = "第一条"\naliases = ["开户"]')})
    team = write_book("team", {})
    (base / "synonyms.toml").write_text('[expand]\n"新号" = ["开户"]\n', encoding="utf-8")
    (team / "synonyms.toml").write_text("replace = true\n", encoding="utf-8")
    assert ids(Phrasebook.load([base, team]).search("办个新号")) == []


def book_ids(directory, query):
    return ids(Phrasebook.load([directory]).search(query))


def test_a_fresh_process_with_a_warm_cache_imports_neither_jieba_nor_pypinyin(tmp_path):
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    code = ("import sys; from agentdesk.phrasebook import Phrasebook; "
            f"from agentdesk.paths import shipped_phrasebook as s; "
            f"b = Phrasebook.load([s()], cache_dir={str(tmp_path)!r}); "
            "print(b.search('退款流程')[0].id, b.search('tk')[0].id, "
            "'jieba' in sys.modules, 'pypinyin' in sys.modules)")
    run = [sys.executable, "-c", code]
    first = subprocess.run(run, cwd=root, capture_output=True, text=True, check=True)
    assert first.stdout.split()[:2] == ["returns.refund_process", "returns.refund_process"]
    second = subprocess.run(run, cwd=root, capture_output=True, text=True, check=True)
    assert second.stdout.split() == ["returns.refund_process", "returns.refund_process",
                                     "False", "False"]


def test_hostile_queries_are_cheap_and_still_sensible(book):
    import time

    assert ids(book.search("\u200b退\u200b款\ufeff流程", limit=1)) == ["returns.refund_process"]
    start = time.process_time()
    found = book.search("退款" * 50_000, limit=3)
    assert found and found[0].id.startswith("returns.refund")
    assert time.process_time() - start < 5     # a guard against quadratic work, not a target
    assert book.search("\x00\x1b[31m", limit=3) == []

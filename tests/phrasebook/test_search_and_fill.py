"""Search by keyword, jieba words, pinyin, initials, traditional and typos; filling; ranking."""

from __future__ import annotations

import pytest

from agentdesk.paths import shipped_phrasebook
from agentdesk.phrasebook import MissingPlaceholders, Phrasebook, UsageStore, find_placeholders


@pytest.fixture(scope="module")
def book():
    return Phrasebook.load([shipped_phrasebook()])


def ids(found):
    return [t.id for t in found]


@pytest.mark.parametrize("query", [
    "退款",            # keyword inside 申请退款的流程
    "tk",              # initials
    "tuikuan",         # full pinyin
    "tui kuan",        # pinyin with a space
    "退款流程",        # jieba words, not one substring
    "退款流",          # a prefix while typing
    "款退",            # swapped characters
    "退歀",            # one wrong character
    "退欵",            # traditional variant of a character
])
def test_queries_find_the_refund_process(book, query):
    assert "returns.refund_process" in ids(book.search(query, limit=5))


def test_traditional_query_finds_simplified_template(book):
    assert any("投诉" in t.title or "投诉" in t.category for t in book.search("投訴", limit=3))
    assert ids(book.search("退貨", limit=1)) == ids(book.search("退货", limit=1))


def test_alias_finds_logistics_in_customers_own_words(book):
    assert "returns.logistics" in ids(book.search("到哪了"))


def test_missing_character_is_tolerated(book):
    assert "returns.refund_process" in ids(book.search("申请退的流程", limit=5)) or \
        "returns.refund_process" in ids(book.search("退流程", limit=5))


def test_title_hits_rank_before_text_hits(book):
    found = book.search("充值", limit=20)
    assert "充值" in found[0].title


def test_category_filter(book):
    found = book.search("您好", limit=50, category="前台服务")
    assert found and all(t.category.startswith("前台服务") for t in found)


def test_usage_ranks_favourite_then_recent_and_empty_query_shows_them(book, tmp_path):
    usage = UsageStore.open(tmp_path / "usage.db")
    # usage breaks ties (issue 13: it no longer trumps relevance): "tk" fits two equally
    plain = ids(book.search("tk", limit=2))
    usage.record(book.get(plain[-1]))
    assert ids(book.search("tk", limit=2, usage=usage))[0] == plain[-1]
    usage.set_favourite("closing.thanks")
    assert ids(book.search("", limit=3, usage=usage))[:2] == ["closing.thanks", plain[-1]]
    assert usage.favourites() == ["closing.thanks"]
    assert usage.recent() == [plain[-1]]
    assert usage.count(plain[-1]) == 1
    usage.set_favourite("closing.thanks", False)
    assert not usage.is_favourite("closing.thanks")


def test_usage_records_layer_for_supervisors(book, tmp_path):
    usage = UsageStore.open(tmp_path / "usage.db")
    usage.record(book.get("closing.thanks"), "copy")
    row = usage.conn.execute("SELECT template_id, layer, action, used_at, version FROM usage"
                             ).fetchone()
    assert row[:3] == ("closing.thanks", "shipped", "copy")
    assert row[3].endswith("+00:00")
    assert len(row[4]) == 12          # the wording's fingerprint: which version was used


def test_fill_uses_values_and_defaults(book):
    tpl = book.get("greeting.return_greeting")
    assert tpl.fill({}) == "先生，您好，请问有什么可以帮助您？"
    assert tpl.fill({"客户称呼": "王女士"}).startswith("王女士，您好")


def test_fill_names_every_missing_placeholder(book):
    tpl = book.get("greeting.phone")
    with pytest.raises(MissingPlaceholders) as exc:
        tpl.fill({"公司名称": "示例"})
    assert exc.value.missing == ["工号"]
    assert "工号" in str(exc.value)


def test_remembered_values(tmp_path):
    usage = UsageStore.open(tmp_path / "u.db")
    assert usage.remembered("公司名称") is None
    usage.remember("公司名称", "示例公司")
    usage.remember("公司名称", "新公司")
    assert usage.remembered("公司名称") == "新公司"


def test_find_placeholders_gives_python_offsets_even_after_emoji():
    text = "😀{客户称呼|先生}您好，{公司名称}"
    spans = find_placeholders(text)
    assert [(s, e) for s, e, _ in spans] == [(1, 10), (13, 19)]
    assert [text[s:e] for s, e, _ in spans] == ["{客户称呼|先生}", "{公司名称}"]


def test_shipped_templates_contain_no_forbidden_wording(book):
    for tpl in book.templates:
        for bad in ("不知道", "不清楚", "保证", "绝对", "百分之百", "喂", "尽快", "稍后"):
            assert bad not in tpl.text, (tpl.id, bad)

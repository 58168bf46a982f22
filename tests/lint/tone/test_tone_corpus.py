"""The labelled clause corpus the tone model is trained on: big enough, balanced, every
family and every kind of desk in the manuals, one clause per row, no contradictions."""

from __future__ import annotations

import csv
from collections import Counter

from agentdesk.lint.tone import clause_spans, normalised_clause
from agentdesk.lint.train import FAMILIES, corpus_path, is_validation


def _rows() -> list[dict]:
    with open(corpus_path(), encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_corpus_is_large_balanced_and_covers_every_family_and_desk():
    rows = _rows()
    labels = Counter(r["label"] for r in rows)
    assert len(rows) >= 2500
    assert set(labels) == {"ok", *FAMILIES}
    assert 0.4 <= labels["ok"] / len(rows) <= 0.6
    assert min(labels[f] for f in FAMILIES) >= 100
    desks = Counter(r["desk"] for r in rows if r["label"] != "ok")
    assert {"telecom", "ecommerce", "game", "property", "tv"} <= set(desks)
    assert Counter(r["desk"] for r in rows)["template"] > 300


def test_some_clauses_are_written_in_traditional_characters():
    rows = _rows()
    traditional = [r for r in rows if normalised_clause(r["text"]) != r["text"].lower()]
    assert len(traditional) >= 100
    assert {r["label"] for r in traditional} == {"ok", *FAMILIES}


def test_every_row_is_one_clause_with_one_label():
    seen: dict[str, str] = {}
    for r in _rows():
        text = r["text"]
        if r["desk"] != "template":
            assert clause_spans(text) == [(0, len(text))], text
        key = normalised_clause(text)
        assert seen.setdefault(key, r["label"]) == r["label"], text


def test_the_validation_split_is_about_a_fifth_and_fixed_by_the_text():
    rows = _rows()
    held = [r for r in rows if is_validation(r["text"])]
    assert 0.15 <= len(held) / len(rows) <= 0.25
    assert is_validation("這個我不清楚") == is_validation("这个我不清楚")

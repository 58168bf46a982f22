"""The development set (tests/lint/dev/*.jsonl) scored as the lead scores the held-out set."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEV = Path(__file__).with_name("dev")


def _scorer():
    spec = importlib.util.spec_from_file_location("lint_quality",
                                                  ROOT / "benchmarks" / "lint_quality.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dev_set_is_well_formed_and_covers_every_family_and_desk():
    drafts = _scorer().read_drafts([DEV])
    assert len(drafts) >= 300
    assert len({d["id"] for d in drafts}) == len(drafts)
    for d in drafts:
        for v in d["violations"]:
            assert v["quote"] in d["text"], d["id"]
    families = {v["family"] for d in drafts for v in d["violations"]}
    assert {"消极否定", "不耐烦", "命令指责", "不礼貌称呼", "推诿", "抱怨公司", "拒绝无替代",
            "激化矛盾", "过度承诺", "隐私", "占位符"} <= families
    assert {d["desk"] for d in drafts} == {"telecom", "ecommerce", "game", "property", "tv"}
    assert sum(not d["violations"] for d in drafts) >= 100


def test_dev_set_span_precision_and_recall(rules_linter):
    result = _scorer().score(rules_linter, _scorer().read_drafts([DEV]))
    print(json.dumps({k: result[k] for k in ("precision", "recall", "compliant_flagged")}))
    assert result["precision"] >= 0.97
    assert result["recall"] >= 0.95


FRESH = DEV / "fresh"


def test_fresh_drafts_hold_with_the_tone_layer(linter):
    """The fresh writers' lines 1-200 (dev/fresh/README.md), now fitted: rules and tone
    together keep the figures measured after development (rounded down)."""
    result = _scorer().score(linter, _scorer().read_drafts([FRESH]))
    print(json.dumps({k: result[k] for k in ("precision", "recall", "compliant_flagged")}))
    assert result["drafts"] == 400 and result["compliant_drafts"] >= 100
    assert result["precision"] >= 0.96
    assert result["recall"] >= 0.92
    assert result["compliant_flagged"] <= 1


def test_fourth_and_fifth_writers_hold(linter):
    """fg and fh (dev/fresh2/README.md): first scored unseen, then developed on; rules and tone
    together keep the figures measured after that development (rounded down)."""
    result = _scorer().score(linter, _scorer().read_drafts([DEV / "fresh2"]))
    print(json.dumps({k: result[k] for k in ("precision", "recall", "compliant_flagged")}))
    assert result["drafts"] == 605 and result["compliant_drafts"] == 223
    assert result["precision"] >= 0.93
    assert result["recall"] >= 0.95
    assert result["compliant_flagged"] <= 3

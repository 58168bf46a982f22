"""The held-out lint drafts stay well-formed and keep the promised mix (format only, no scores)."""

import importlib.util
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _checker():
    # Loaded by path: tests/phrasebook/heldout has its own check_format module.
    spec = importlib.util.spec_from_file_location("lint_heldout_check", HERE / "check_format.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_quote_is_in_its_text_and_every_family_is_known():
    assert _checker().check(HERE / "drafts.jsonl") == []


def test_the_set_keeps_its_size_and_every_family_on_every_desk():
    checker = _checker()
    rows = [json.loads(line) for line in (HERE / "drafts.jsonl").read_text("utf-8").splitlines()]
    bad = [r for r in rows if r["violations"]]
    assert len(rows) >= 320 and len(bad) >= 200 and len(rows) - len(bad) >= 120
    for family in checker.FAMILIES:
        desks = {r["desk"] for r in bad for v in r["violations"] if v["family"] == family}
        assert desks == set(checker.DESKS), family
    assert sum(any(checker.is_disguised(v["quote"]) for v in r["violations"]) for r in bad) >= 20

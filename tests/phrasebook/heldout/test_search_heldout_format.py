"""The held-out search queries stay well-formed and name only shipped templates (never scores)."""

import importlib.util
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _checker():
    # Loaded by path: tests/lint/heldout has its own check_format module.
    spec = importlib.util.spec_from_file_location("search_heldout_check", HERE / "check_format.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_accepted_id_is_a_shipped_template():
    checker = _checker()
    problems = checker.check(HERE / "queries.jsonl", checker.template_ids(checker.TEMPLATES))
    assert problems == []

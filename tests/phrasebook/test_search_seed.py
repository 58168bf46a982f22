"""The shipped search-analysis seed: current with the shipped templates, used on a very first
start (no jieba, no pypinyin loaded), and harmless when damaged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_seed_holds_every_shipped_and_profile_template_as_analysed_now():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from build_search_seed import build
    finally:
        sys.path.pop(0)
    from agentdesk.phrasebook.index_cache import seed_path

    shipped = json.loads(seed_path().read_text(encoding="utf-8"))
    assert shipped["entries"] == build()["entries"], (
        "templates changed: run python scripts/build_search_seed.py")


FIRST_START = """
import sys
from agentdesk.paths import AppPaths
from agentdesk.phrasebook import Phrasebook
paths = AppPaths.resolve()
book = Phrasebook.load(paths.phrasebook_dirs, cache_dir=paths.cache_dir)
hits = book.search("退款怎么还没到")
print(len(hits), "jieba" in sys.modules, "pypinyin" in sys.modules)
"""


def test_a_very_first_start_searches_without_loading_jieba_or_pypinyin(tmp_path):
    env = {**os.environ, "AGENTDESK_HOME": str(tmp_path / "home")}
    env.pop("AGENTDESK_PROFILE", None)
    out = subprocess.run([sys.executable, "-c", FIRST_START], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120, check=True).stdout.split()
    assert int(out[0]) > 0
    assert out[1:] == ["False", "False"]


def test_a_damaged_seed_only_costs_the_analysis(tmp_path, monkeypatch):
    from agentdesk.paths import shipped_phrasebook
    from agentdesk.phrasebook import Phrasebook, index_cache

    bad = tmp_path / "seed.json"
    bad.write_bytes(b'{"version": 1, "entries": {"x": [1, 2]}}\xff\x00garbage')
    monkeypatch.setattr(index_cache, "seed_path", lambda: bad)
    book = Phrasebook.load([shipped_phrasebook()], cache_dir=tmp_path / "cache")
    assert book.search("退款")

"""Rebuild resources/search-analysis-seed.json: the search analysis (jieba words, pinyin) of
every shipped template and every shipped profile's, so a very first start searches at once.

    python scripts/build_search_seed.py

Run it after editing templates (tests/phrasebook/test_search_seed.py fails until you do).
"""

import json
import os
import sys
import tempfile
from pathlib import Path


def build() -> dict:
    os.environ["AGENTDESK_HOME"] = tempfile.mkdtemp(prefix="agentdesk-seed-")
    from agentdesk.paths import AppPaths, shipped_phrasebook
    from agentdesk.phrasebook import Phrasebook
    from agentdesk.phrasebook.index_cache import CACHE_NAME

    cache = Path(tempfile.mkdtemp(prefix="agentdesk-seed-cache-"))
    base = AppPaths.resolve().with_profile(None)
    profiles = sorted(p.name for p in (shipped_phrasebook() / "profiles").iterdir() if p.is_dir())
    for name in (None, *profiles):
        paths = base.with_profile(name)
        book = Phrasebook.load(paths.phrasebook_dirs, cache_dir=cache)
        book.index  # noqa: B018 - the index writes the analyses into the cache
    return json.loads((cache / CACHE_NAME).read_text(encoding="utf-8"))


def main() -> int:
    from agentdesk.phrasebook.index_cache import seed_path

    data = build()
    out = seed_path()
    out.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                   + "\n", encoding="utf-8")
    print(f"{out}: {len(data['entries'])} templates")
    return 0


if __name__ == "__main__":
    sys.exit(main())

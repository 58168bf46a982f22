"""The search index's per-template analysis (jieba words, pinyin) kept as plain JSON.

A JSON file cannot run code when it is loaded (the old pickle could); a damaged or planted
file is only a slower start. Entries are keyed by a hash of the normalised fields, so an
edited template is analysed again and an unchanged one never is.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from agentdesk.phrasebook.text import Analysis, analyse

CACHE_NAME = "search-analysis-v4.json"
# The shipped templates' (and profiles') analyses, made by scripts/build_search_seed.py, so a
# very first start searches at once instead of loading jieba and pypinyin for ~250 templates.
# Keyed like the cache: an edited template misses it and is analysed as usual.
SEED_NAME = "search-analysis-seed.json"
_MAX_ENTRIES = 50_000      # several profiles and team folders share one cache


def _key(values: tuple[str, ...]) -> str:
    return hashlib.sha1("\x1f".join(values).encode("utf-8")).hexdigest()[:24]


def _load(path: Path | None) -> dict[str, list]:
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["entries"] if data.get("version") == 1 else {}
        return entries if isinstance(entries, dict) else {}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def _decode(raw) -> tuple[tuple[str, str, str], Analysis] | None:
    try:
        title_n, labels_n, text_n, title, labels, category, text, pinyin = raw
        if not (isinstance(pinyin, list) and len(pinyin) == 6
                and all(isinstance(p, str) for p in (*pinyin, title_n, labels_n, text_n))):
            return None
        return (title_n, labels_n, text_n), Analysis(title.split(), labels.split(),
                                                     category.split(), text.split(), pinyin)
    except (ValueError, TypeError, AttributeError):
        return None


def _save(path: Path, entries: dict[str, list]) -> None:
    from agentdesk.paths import PRIVATE_FILE_MODE

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"version": 1, "entries": entries}, fh, ensure_ascii=False,
                      separators=(",", ":"))
        os.replace(tmp, path)
    except OSError:
        pass  # no cache is only a slower next start


def seed_path() -> Path:
    from agentdesk.paths import shipped_resources

    return shipped_resources() / SEED_NAME


def analyses(raw: list[list[str]], cache_dir: Path | None
             ) -> tuple[list[list[str]], list[Analysis]]:
    """Normalised fields (simplified, lower case: titles, labels, categories, texts) and the
    analysis of each template, from its raw fields in the same order."""
    from agentdesk.chinese import to_simplified

    path = Path(cache_dir) / CACHE_NAME if cache_dir else None
    entries = _load(path)
    seed: dict[str, list] | None = None
    out: list[Analysis] = []
    fields: list[list[str]] = [[], [], [], []]
    fresh = 0
    for values in zip(*raw, strict=True):
        key = _key(values)
        found = _decode(entries.get(key)) if key in entries else None
        if found is None:
            if seed is None:
                seed = _load(seed_path())
            found = _decode(seed.get(key)) if key in seed else None
            if found is not None:
                entries[key] = seed[key]
                fresh += 1           # kept in the user's cache: the seed is read once
        if found is None:
            title_n, labels_n, text_n = (to_simplified(v).lower() for v in
                                         (values[0], values[1], values[3]))
            analysis = analyse(title_n, labels_n, values[2].lower(), text_n)
            entries[key] = [title_n, labels_n, text_n, " ".join(analysis.title),
                            " ".join(analysis.labels), " ".join(analysis.category),
                            " ".join(analysis.text), analysis.pinyin]
            found = (title_n, labels_n, text_n), analysis
            fresh += 1
        (title_n, labels_n, text_n), analysis = found
        for column, value in zip(fields, (title_n, labels_n, values[2].lower(), text_n),
                                 strict=True):
            column.append(value)
        out.append(analysis)
    if path is not None and fresh:
        if len(entries) > _MAX_ENTRIES:
            entries = dict(list(entries.items())[-_MAX_ENTRIES:])
        _save(path, entries)
    return fields, out

"""The layered phrasebook: shipped < team < personal < extra directories, same id overrides."""

from __future__ import annotations

import os
import pickle
from collections.abc import Sequence
from pathlib import Path

from agentdesk.phrasebook.loader import load_file, template_files
from agentdesk.phrasebook.model import LoadProblem, Template
from agentdesk.phrasebook.search import SearchIndex
from agentdesk.phrasebook.usage import UsageStore

_CACHE_NAME = "phrasebook-cache-v1.pickle"


def layer_name(directory: Path) -> str:
    """shipped, team (AGENTDESK_PHRASEBOOK), personal (<data dir>/phrasebook) or the dir name."""
    from agentdesk.paths import data_dir, shipped_phrasebook

    resolved = directory.expanduser().resolve()
    if resolved == shipped_phrasebook().resolve():
        return "shipped"
    team = [Path(p).expanduser().resolve()
            for p in os.environ.get("AGENTDESK_PHRASEBOOK", "").split(os.pathsep) if p.strip()]
    if resolved in team:
        return "team"
    if resolved == (data_dir() / "phrasebook").resolve():
        return "personal"
    return directory.name or str(directory)


def fingerprint(paths: Sequence[Path]) -> tuple:
    """Cheap identity of the files on disk: changes when any template file changes."""
    stamp = []
    for directory in paths:
        for f in template_files(Path(directory)):
            try:
                st = f.stat()
            except OSError:
                continue
            stamp.append((str(f), st.st_mtime_ns, st.st_size))
    return tuple(stamp)


class _FileCache:
    """Parsed files keyed by path, mtime and size, so a warm start skips TOML parsing."""

    def __init__(self, cache_dir: Path | None) -> None:
        self.path = Path(cache_dir) / _CACHE_NAME if cache_dir else None
        self.entries: dict[str, tuple] = {}
        self.dirty = False
        if self.path and self.path.is_file():
            try:
                with self.path.open("rb") as fh:
                    self.entries = pickle.load(fh)
            except Exception:  # a stale or damaged cache is only a slower start
                self.entries = {}

    def load(self, file: Path, layer: str) -> tuple[list[Template], list[LoadProblem]]:
        try:
            st = file.stat()
            key = (st.st_mtime_ns, st.st_size, layer)
        except OSError:
            key = None
        hit = self.entries.get(str(file))
        if key and hit and hit[0] == key:
            return hit[1], hit[2]
        templates, problems = load_file(file, layer)
        if key:
            self.entries[str(file)] = (key, templates, problems)
            self.dirty = True
        return templates, problems

    def save(self) -> None:
        if not (self.path and self.dirty):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            with tmp.open("wb") as fh:
                pickle.dump(self.entries, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except OSError:
            pass  # no cache is only a slower next start


class Phrasebook:
    """Every effective template after layering, the problems found, and a search index."""

    def __init__(self, templates: list[Template], problems: list[LoadProblem],
                 layers: list[tuple[str, Path]]) -> None:
        self.templates = templates
        self.problems = problems
        self.layers = layers
        self._by_id = {tpl.id: tpl for tpl in templates}
        self._index: SearchIndex | None = None

    @classmethod
    def load(cls, paths: Sequence[Path | str] | None = None, *,
             cache_dir: Path | None = None) -> Phrasebook:
        """Load the layers lowest first (None: shipped + configured layers)."""
        if paths is None:
            from agentdesk.paths import AppPaths

            app = AppPaths.resolve()
            paths, cache_dir = app.phrasebook_dirs, cache_dir or app.cache_dir
        cache = _FileCache(cache_dir)
        effective: dict[str, Template] = {}
        problems: list[LoadProblem] = []
        layers: list[tuple[str, Path]] = []
        for directory in (Path(p) for p in paths):
            name = layer_name(directory)
            layers.append((name, directory))
            if not directory.is_dir():
                problems.append(LoadProblem(directory, "话术库目录不存在"))
                continue
            seen: dict[str, Path] = {}
            for file in template_files(directory):
                templates, file_problems = cache.load(file, name)
                problems += file_problems
                for tpl in templates:
                    if tpl.id in seen:
                        first = seen[tpl.id].name
                        problems.append(LoadProblem(
                            file, f"id 重复（已在 {first} 中定义）", template_id=tpl.id))
                        continue
                    seen[tpl.id] = file
                    effective.pop(tpl.id, None)  # an override moves to its layer's place
                    effective[tpl.id] = tpl
        cache.save()
        return cls(list(effective.values()), problems, layers)

    def get(self, template_id: str) -> Template | None:
        return self._by_id.get(template_id)

    def categories(self) -> list[str]:
        """Every category path, with its parents ("投诉" for "投诉/情绪安抚"), sorted."""
        found: set[str] = set()
        for tpl in self.templates:
            parts = tpl.category.split("/")
            found.update("/".join(parts[: i + 1]) for i in range(len(parts)))
        return sorted(found)

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            self._index = SearchIndex(self.templates)
        return self._index

    def search(self, query: str, limit: int = 10, *, usage: UsageStore | None = None,
               category: str | None = None) -> list[Template]:
        """Best matches first; an empty query gives favourites, then recent, then the rest."""
        return self.index.search(query, limit=limit, usage=usage, category=category)

"""The layered phrasebook: shipped < profile < team < personal < extra, same id overrides."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from agentdesk.i18n import tr
from agentdesk.layers import Layer, files
from agentdesk.phrasebook.loader import load_file
from agentdesk.phrasebook.model import LoadProblem, Template
from agentdesk.phrasebook.search import SearchIndex
from agentdesk.phrasebook.synonyms import Synonyms, load_synonyms
from agentdesk.phrasebook.usage import UsageStore


def as_layers(paths: Sequence[Path | str | Layer]) -> list[Layer]:
    """Layers as given; a bare directory is named by paths.py (shipped, team, ...)."""
    from agentdesk.paths import layer_for

    return [p if isinstance(p, Layer) else layer_for(p) for p in paths]


def template_files(layer: Layer | Path, problems: list[LoadProblem] | None = None) -> list[Path]:
    """The template files of a layer; an unreadable folder becomes a problem, never fatal."""
    def unreadable(path: Path, exc: OSError) -> None:
        if problems is not None:
            reason = exc.strerror or exc
            problems.append(LoadProblem(path, tr('无法读取目录，已跳过：{reason}', reason=reason)))

    return files(layer, "templates", on_error=unreadable)


def fingerprint(paths: Sequence[Path | Layer]) -> tuple:
    """Cheap identity of the files on disk: changes when any template file changes."""
    stamp = []
    for layer in paths:
        for f in template_files(layer):
            try:
                st = f.stat()
            except OSError:
                continue
            stamp.append((str(f), st.st_mtime_ns, st.st_size))
    return tuple(stamp)


class Phrasebook:
    """Every effective template after layering, the problems found, and a search index."""

    def __init__(self, templates: list[Template], problems: list[LoadProblem],
                 layers: list[Layer], synonyms: Synonyms | None = None,
                 cache_dir: Path | None = None) -> None:
        self.templates = templates
        self.problems = problems
        self.layers = layers
        self.synonyms = synonyms or Synonyms()
        self.cache_dir = cache_dir
        self._by_id = {tpl.id: tpl for tpl in templates}
        self._index: SearchIndex | None = None

    @classmethod
    def load(cls, paths: Sequence[Path | str | Layer] | None = None, *,
             cache_dir: Path | None = None) -> Phrasebook:
        """Load the layers lowest first (None: shipped + configured layers).

        cache_dir keeps the search index's per-template analysis (words, pinyin) as JSON,
        so a fresh process neither loads jieba nor imports pypinyin for known wording."""
        if paths is None:
            from agentdesk.paths import AppPaths

            app = AppPaths.resolve()
            paths, cache_dir = app.layers, cache_dir or app.cache_dir
        layers = as_layers(paths)
        effective: dict[str, Template] = {}
        problems: list[LoadProblem] = []
        for layer in layers:
            if not layer.path.is_dir():
                problems.append(LoadProblem(layer.path, tr('话术库目录不存在')))
                continue
            seen: dict[str, Path] = {}
            for file in template_files(layer, problems):
                templates, file_problems = load_file(file, layer.name)
                problems += file_problems
                for tpl in templates:
                    if tpl.id in seen:
                        first = seen[tpl.id].name
                        problems.append(LoadProblem(
                            file, tr('id 重复（已在 {first} 中定义）', first=first),
                            template_id=tpl.id))
                        continue
                    seen[tpl.id] = file
                    effective.pop(tpl.id, None)  # an override moves to its layer's place
                    effective[tpl.id] = tpl
        synonyms, synonym_problems = load_synonyms(layers)
        problems += synonym_problems
        return cls(list(effective.values()), problems, layers, synonyms, cache_dir)

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
            self._index = SearchIndex(self.templates, self.synonyms, cache_dir=self.cache_dir)
        return self._index

    def search(self, query: str, limit: int = 10, *, usage: UsageStore | None = None,
               category: str | None = None) -> list[Template]:
        """Best matches first; an empty query gives favourites, then recent, then the rest."""
        return self.index.search(query, limit=limit, usage=usage, category=category)

"""Customer wording as data: synonyms.toml in each layer maps the words people type to the
words the templates use, so a pasted message finds the reply written in the desk's terms.

    replace = false                 # true: drop the earlier layers' lists
    ignore = ["我要", "你们"]        # words too common in messages to tell replies apart
    groups = [["退款", "退钱", "返款"]]  # words that stand for each other, every way
    [expand]                        # one way: what a customer says -> what a template says
    "坏了" = ["故障", "维修"]

A broken file is reported and skipped; the other layers' lists still apply.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from agentdesk.i18n import tr
from agentdesk.layers import Layer, files
from agentdesk.phrasebook.loader import parse_toml
from agentdesk.phrasebook.model import LoadProblem

_KEYS = {"replace", "ignore", "groups", "expand"}


@dataclass
class Synonyms:
    """word -> the other words it also stands for (normalised: simplified, lower case)."""

    table: dict[str, set[str]] = field(default_factory=dict)
    ignore: set[str] = field(default_factory=set)

    def add(self, word: str, others: Sequence[str]) -> None:
        word = _norm(word)
        targets = {_norm(o) for o in others} - {word, ""}
        if word and targets:
            self.table.setdefault(word, set()).update(targets)

    def expansions(self, word: str) -> set[str]:
        return self.table.get(word, set())

    @property
    def longest(self) -> int:
        return max((len(w) for w in self.table), default=0)

    def digest(self) -> str:
        """Identity of the lists, so a cached index built with other lists is not reused."""
        import hashlib

        flat = "\n".join([*(f"{w}={','.join(sorted(v))}" for w, v in sorted(self.table.items())),
                          *sorted(self.ignore)])
        return hashlib.sha1(flat.encode("utf-8")).hexdigest()[:16]


def _norm(word: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", word).strip().lower()


def _simplified(data: dict) -> dict:
    """The file's words in simplified characters, converted in one OpenCC call."""
    import json

    from agentdesk.chinese import to_simplified

    text = json.dumps({k: data[k] for k in ("ignore", "groups", "expand") if k in data},
                      ensure_ascii=False)
    return {**data, **json.loads(to_simplified(text))}


def _strings(value) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v for v in value if v.strip()]
    return None


def _read(path: Path) -> tuple[dict | None, LoadProblem | None]:
    data, problem = parse_toml(path)
    if problem:
        return None, problem
    assert data is not None
    unknown = set(data) - _KEYS
    if unknown:
        return None, LoadProblem(path, tr('未知字段：{names}', names=', '.join(sorted(unknown))))
    if not isinstance(data.get("replace", False), bool):
        return None, LoadProblem(path, tr('replace 应为 true 或 false'))
    if _strings(data.get("ignore", [])) is None:
        return None, LoadProblem(path, tr('ignore 应为文本列表'))
    groups = data.get("groups", [])
    if not isinstance(groups, list) or any(_strings(g) is None for g in groups):
        return None, LoadProblem(path, tr('groups 应为文本列表的列表，如 [["退款", "退钱"]]'))
    expand = data.get("expand", {})
    if not isinstance(expand, dict) or any(_strings(v) is None for v in expand.values()):
        return None, LoadProblem(path, tr('[expand] 的每一项应为 "词" = ["词", …]'))
    return data, None


def load_synonyms(layers: Sequence[Layer | Path]) -> tuple[Synonyms, list[LoadProblem]]:
    """The merged lists of every layer, lowest first, and the problems of broken files."""
    synonyms = Synonyms()
    problems: list[LoadProblem] = []
    for layer in layers:
        for path in files(layer, "synonyms"):
            data, problem = _read(path)
            if problem:
                problems.append(problem)
                continue
            assert data is not None
            data = _simplified(data)
            if data.get("replace"):
                synonyms = Synonyms()
            synonyms.ignore.update(_norm(w) for w in data.get("ignore", []))
            for group in data.get("groups", []):
                for word in group:
                    synonyms.add(word, group)
            for word, others in data.get("expand", {}).items():
                synonyms.add(word, others)
    return synonyms, problems


def check_synonyms(path: Path) -> list[LoadProblem]:
    """The problems of one synonyms file (for `phrases check`)."""
    return [p for p in (_read(path)[1],) if p]

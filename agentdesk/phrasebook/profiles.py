"""Profiles: one phrasebook layer per kind of desk (telecom, e-commerce, game, property, TV).

    phrasebook/profiles/<name>/profile.toml
        name = "tv"
        title = { zh = "广电值班", en = "Broadcast TV duty desk" }
        description = "…"

Its templates/, rules/ and vocabulary.toml follow the layout of agentdesk.layers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agentdesk.i18n import tr
from agentdesk.layers import Layer, files
from agentdesk.phrasebook.loader import parse_toml
from agentdesk.phrasebook.model import LoadProblem

_KEYS = {"name", "title", "description"}


@dataclass(frozen=True)
class Profile:
    """What `agentdesk profile list` shows of a profile layer."""

    name: str
    title_zh: str
    title_en: str
    description: str
    path: Path

    def title(self) -> str:
        from agentdesk.i18n import language

        return self.title_en if language() == "en" else self.title_zh


def read_profile(directory: Path) -> tuple[Profile | None, list[LoadProblem]]:
    """The profile.toml of a layer directory, validated; problems name the file."""
    found = files(Layer(directory.name, directory, "profile"), "profile")
    if not found:
        return None, [LoadProblem(directory / "profile.toml", tr('缺少 profile.toml'))]
    path = found[0]
    data, problem = parse_toml(path)
    if problem:
        return None, [problem]
    assert data is not None
    problems = []
    unknown = set(data) - _KEYS
    if unknown:
        problems.append(LoadProblem(path, tr('未知字段：{names}',
                                             names=', '.join(sorted(unknown)))))
    name, title, desc = data.get("name"), data.get("title"), data.get("description", "")
    if not isinstance(name, str) or not name.strip():
        problems.append(LoadProblem(path, tr('缺少 name')))
    elif name != directory.name:
        problems.append(LoadProblem(path, tr('name = {name} 与目录名 {folder} 不一致',
                                           name=repr(name), folder=repr(directory.name))))
    if not (isinstance(title, dict) and all(isinstance(title.get(k), str) and title[k].strip()
                                            for k in ("zh", "en"))):
        problems.append(LoadProblem(path, tr('title 应为 {{ zh = "…", en = "…" }}')))
    if not isinstance(desc, str):
        problems.append(LoadProblem(path, tr('description 必须是文本')))
    if problems:
        return None, problems
    return Profile(name, title["zh"], title["en"], desc.strip(), directory), []


def vocabulary_categories(directory: Path) -> tuple[list[str], list[LoadProblem]]:
    """The categories a layer's own vocabulary.toml declares, and its problems (checked by
    agentdesk.vocabulary when that module is present)."""
    found = files(directory, "vocabulary")
    if not found:
        return [], []
    problems: list[LoadProblem] = []
    try:
        from agentdesk.vocabulary import check  # the duty log's loader owns the format
    except ImportError:  # pragma: no cover - TODO(lead): drop once vocabulary.py is merged
        check = None
    if check is not None:
        problems += [LoadProblem(found[0], _strip_path(msg, found[0])) for msg in check(found)]
    data, problem = parse_toml(found[0])
    if problem:
        return [], problems or [problem]   # the checker already named a syntax error
    assert data is not None
    cats = data.get("categories", {})
    if not isinstance(cats, dict):
        return [], [*problems, LoadProblem(found[0], tr('[categories] 应为表'))]
    return list(cats), problems


def _strip_path(message: str, path: Path) -> str:
    """The vocabulary checker names the file itself; LoadProblem adds it once more."""
    for prefix in (f"{path}：", f"{path}: ", f"{path} "):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message

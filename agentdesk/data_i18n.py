"""Translations of the phrasebook's DATA (rule messages and families, vocabulary words, status
labels, profile descriptions), applied only where a value is shown, never where it is stored.

Each phrasebook layer may hold `locale/<lang>.toml`, keyed by the Chinese text exactly as the
data files spell it (tables only group the entries; the lookup is flat):

    # phrasebook/locale/en.toml
    [rules]
    "消极否定" = "dismissive"
    [vocabulary]
    "报修/售后" = "repair / after-sales"

Layers apply lowest first, so a team's own file translates its own rules and words (and may
re-word a shipped entry). Another language is another file (locale/zh_TW.toml): no call site
changes. The duty log keeps storing the canonical Chinese value; `data_tr` is for display.
Code messages are in agentdesk.i18n (gettext); this module is for what the data files say.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from agentdesk.i18n import language
from agentdesk.layers import FOLDERS

FOLDER = FOLDERS["locale"][0]     # one definition of the layout: agentdesk.layers
_ENV = ("AGENTDESK_HOME", "AGENTDESK_PROFILE", "AGENTDESK_PHRASEBOOK")
_layers: tuple[Path, ...] | None = None          # set by the CLI / the window once resolved
_default_layers: dict[tuple, tuple[Path, ...]] = {}
_catalogs: dict[tuple, tuple[dict[str, str], tuple[Problem, ...]]] = {}
Problem = tuple[Path, str]      # (the catalog file, what is wrong with it, in the user's words)


def catalog_file(directory: Path | str, lang: str) -> Path:
    """Where a layer keeps the translations of its data into lang."""
    return Path(directory) / FOLDER / f"{lang}.toml"


def use_layers(dirs: Iterable[Path | str] | None) -> None:
    """The phrasebook layers whose catalogs apply (lowest first); None: decide from the
    environment as AppPaths does. Called where the layers are resolved (CLI, window)."""
    global _layers
    _layers = None if dirs is None else tuple(Path(d) for d in dirs)


def forget() -> None:
    """Read the catalog files again on next use (after the window's watcher saw a change)."""
    _catalogs.clear()


def layers() -> tuple[Path, ...]:
    if _layers is not None:
        return _layers
    key = tuple(os.environ.get(name, "") for name in _ENV)
    if key not in _default_layers:
        from agentdesk.paths import AppPaths, shipped_phrasebook

        try:
            found = AppPaths.resolve().phrasebook_dirs
        except Exception:   # a bad AGENTDESK_PROFILE is reported where it is used, not here
            found = (shipped_phrasebook(),)
        _default_layers[key] = tuple(found)
    return _default_layers[key]


def _read(path: Path, into: dict[str, str], problems: list[Problem]) -> None:
    from agentdesk.i18n import tr

    try:
        import rtoml

        data = rtoml.loads(path.read_bytes().decode("utf-8-sig"))
    except FileNotFoundError:
        return
    except (OSError, UnicodeDecodeError, ValueError) as exc:  # rtoml's error is a ValueError
        reason = getattr(exc, "strerror", None) or (str(exc).splitlines() or [""])[0]
        problems.append((path, tr('无法读取翻译文件，已跳过（{reason}）', reason=reason)))
        return
    for key, value in data.items():
        table = value if isinstance(value, dict) else {key: value}
        for source, target in table.items():
            if isinstance(target, str) and target.strip() and source.strip():
                into[source.strip()] = target.strip()
            else:
                problems.append((path, tr('“{key}”的翻译应是非空文字，已忽略', key=source)))


def load_catalog(dirs: Sequence[Path | str], lang: str
                 ) -> tuple[dict[str, str], list[Problem]]:
    """Chinese text -> its translation into lang over these layers, and the files' problems."""
    key = (lang, tuple(str(d) for d in dirs))
    if key not in _catalogs:
        found: dict[str, str] = {}
        problems: list[Problem] = []
        for directory in dirs:
            _read(catalog_file(directory, lang), found, problems)
        _catalogs[key] = (found, tuple(problems))
    mapping, problems = _catalogs[key]
    return mapping, list(problems)


def check(paths: Iterable[Path]) -> list[Problem]:
    """Problems of these catalog files, each read on its own (for `phrases check`)."""
    problems: list[Problem] = []
    for path in paths:
        _read(Path(path), {}, problems)
    return problems


def data_choices(names: Sequence[str]) -> str:
    """The accepted values for an error line: 投诉、建议 in Chinese; in another language each
    with its translation, "投诉 (complaint), 建议 (suggestion)": the value is what is typed."""
    if language() == "zh":
        return "、".join(names)
    shown = ((name, data_tr(name)) for name in names)
    return ", ".join(name if seen == name else f"{name} ({seen})" for name, seen in shown)


def data_source(shown: str, fold=str.casefold, dirs: Sequence[Path | str] | None = None
                ) -> str | None:
    """The Chinese text whose translation reads `shown` (compared after fold), or None: what
    the window or the CLI showed is accepted back as input."""
    lang = language()
    if lang == "zh" or not shown:
        return None
    mapping, _ = load_catalog(layers() if dirs is None else dirs, lang)
    key = fold(shown)
    return next((zh for zh, text in mapping.items() if fold(text) == key), None)


def data_tr(text: str | None, dirs: Sequence[Path | str] | None = None) -> str:
    """How a data value reads in the current language: its translation, else itself."""
    if not text:
        return text or ""
    lang = language()
    if lang == "zh":
        return text
    mapping, _ = load_catalog(layers() if dirs is None else dirs, lang)
    return mapping.get(text.strip(), text)

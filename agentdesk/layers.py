"""The phrasebook's folder layout, in one place: layers as (name, path, kind) and their files.

A layer is a directory laid out like the shipped phrasebook:

    templates/**/*.toml     approved replies (a flat folder of template files works too)
    rules/**/*.toml         what never to say
    models/**               trained models (data, never code)
    locale/<lang>.toml      translations of what the layer's data shows (agentdesk.data_i18n)
    profiles/<name>/        one layer per kind of desk, each laid out like this one
    vocabulary.toml         channels, categories, priorities, statuses, call-back presets
    synonyms.toml           customer wording -> the words the templates use
    profile.toml            (a profile only) its name, title and description

The template loader, the rulebook loader and the window's file watcher all ask `files`, so
they agree on what belongs to a layer. Plain Python: the lint and desk packages may use it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

# Layer kinds, lowest first: the order in which paths.py stacks them.
LAYER_KINDS = ("shipped", "profile", "team", "personal", "extra")

# File kind -> (folder, suffix) for the recursive kinds, or the single file's name.
FOLDERS = {"templates": ("templates", ".toml"), "rules": ("rules", ".toml"),
           "models": ("models", ""), "locale": ("locale", ".toml")}
SINGLE_FILES = {"vocabulary": "vocabulary.toml", "synonyms": "synonyms.toml",
                "profile": "profile.toml"}
FILE_KINDS = (*FOLDERS, *SINGLE_FILES)
PROFILES = "profiles"

OnError = Callable[[Path, OSError], None]


class Layer(NamedTuple):
    """One phrasebook directory in the stack, named and classified once (by paths.py).
    (A NamedTuple, not a dataclass: importing dataclasses cost the window ~15 ms before it
    could show.)"""

    name: str     # shown to the agent: shipped, profile:tv, team, personal, or the dir name
    path: Path
    kind: str     # one of LAYER_KINDS

    def __str__(self) -> str:
        return f"{self.name} ({self.path})"


def _walk(base: Path, suffix: str, skip: frozenset[str], on_error: OnError | None) -> list[Path]:
    """Every file under base ending in suffix, sorted; unreadable folders go to on_error."""
    found: list[Path] = []

    def report(exc: OSError) -> None:
        if on_error is not None:
            on_error(Path(exc.filename or base), exc)

    for root, dirs, names in os.walk(base, onerror=report):
        if skip and Path(root) == base:
            dirs[:] = [d for d in dirs if d not in skip]
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(root) / n for n in names
                  if n.endswith(suffix) and not n.startswith(".")]
    return sorted(found)


def files(layer: Layer | Path, kind: str, on_error: OnError | None = None) -> list[Path]:
    """The files of one kind in a layer, recursively and sorted; [] when there are none.

    A layer without a templates/ folder is read as a flat folder of template files (the
    other kinds' folders and files excluded). A folder that cannot be read is passed to
    on_error and skipped, never fatal."""
    root = Path(layer.path if isinstance(layer, Layer) else layer)
    if kind in SINGLE_FILES:
        candidate = root / SINGLE_FILES[kind]
        try:
            return [candidate] if candidate.is_file() else []
        except OSError as exc:      # a folder without read/search rights: skipped, named
            if on_error is not None:
                on_error(root, exc)
            return []
    if kind not in FOLDERS:
        raise ValueError(f"unknown file kind {kind!r}; use one of {', '.join(FILE_KINDS)}")
    folder, suffix = FOLDERS[kind]
    base = root / folder
    try:
        if base.is_dir():
            return _walk(base, suffix, frozenset(), on_error)
        if kind != "templates" or not root.is_dir():
            return []
    except OSError as exc:
        if on_error is not None:
            on_error(base, exc)
        return []
    skip = frozenset((*(f for f, _ in FOLDERS.values()), PROFILES))
    return [p for p in _walk(root, suffix, skip, on_error) if p.name not in
            SINGLE_FILES.values()]


def watch_paths(layers: Iterable[Layer | Path]) -> list[Path]:
    """What a file watcher must watch to notice any change to these layers: each layer's
    folder, every sub-folder of its kinds (a new file appears in one) and every file."""
    out: list[Path] = []
    for layer in layers:
        root = Path(layer.path if isinstance(layer, Layer) else layer)
        try:
            if not root.is_dir():
                continue
        except OSError:             # unreadable: nothing to watch there (the loader says why)
            continue
        out.append(root)
        for folder, _ in FOLDERS.values():
            for dirpath, dirs, _names in os.walk(root / folder):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out.append(Path(dirpath))
        for kind in FILE_KINDS:
            out += files(root, kind)
    return list(dict.fromkeys(out))


def profile_dirs(shipped: Path) -> dict[str, Path]:
    """Profile name -> its layer directory (shipped/profiles/<name>/ with a profile.toml)."""
    base = Path(shipped) / PROFILES
    try:
        entries = sorted(base.iterdir()) if base.is_dir() else []
    except OSError:
        return {}
    return {p.name: p for p in entries if (p / SINGLE_FILES["profile"]).is_file()}

"""Where things live: user data, cache, the database, and the shipped phrasebook/resources.

Resolution order (first wins):
- database: --db PATH, then AGENTDESK_DB, then <data dir>/agentdesk.db
- data dir: AGENTDESK_HOME, then the platform's per-user data directory
- phrasebook layers, lowest first: shipped, each dir in AGENTDESK_PHRASEBOOK (os.pathsep
  separated, e.g. a team directory on a shared drive), the personal <data dir>/phrasebook,
  then each --phrasebook DIR. A later layer overrides an earlier one template by template.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

APP_NAME = "agentdesk"


def _package_dir() -> Path:
    # The package's own folder; importlib.resources would cost the window ~10 ms at start-up
    # for the same answer (agentdesk is always installed unzipped).
    return Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    """A top-level data folder: in the wheel under _shipped/, else beside the package."""
    installed = _package_dir() / "_shipped" / name
    if installed.is_dir():
        return installed
    return _package_dir().parent / name


def shipped_phrasebook() -> Path:
    """The approved templates and lint rules that ship with AgentDesk (templates/, rules/)."""
    return _shipped("phrasebook")


def shipped_resources() -> Path:
    """Icons, styles and translations."""
    return _shipped("resources")


def data_dir() -> Path:
    home = os.environ.get("AGENTDESK_HOME", "").strip()
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    home = os.environ.get("AGENTDESK_HOME", "").strip()
    if home:
        return Path(home).expanduser() / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def _split_dirs(value: str) -> list[Path]:
    return [Path(p).expanduser() for p in value.split(os.pathsep) if p.strip()]


class AppPaths(NamedTuple):
    """Every location the program uses, resolved once at start-up and handed down.

    (A NamedTuple rather than a dataclass: the window's start-up path imports nothing it
    does not need.)"""

    data_dir: Path
    cache_dir: Path
    db_path: Path
    phrasebook_dirs: tuple[Path, ...] = ()

    @property
    def shipped_phrasebook(self) -> Path:
        return shipped_phrasebook()

    @property
    def personal_phrasebook(self) -> Path:
        """Where the agent's own templates go (the last layer before --phrasebook)."""
        return self.data_dir / "phrasebook"

    @property
    def resources(self) -> Path:
        return shipped_resources()

    @classmethod
    def resolve(
        cls, db: str | os.PathLike[str] | None = None, phrasebooks: list[str] | None = None
    ) -> AppPaths:
        """Resolve from explicit options and the environment; creates nothing on disk."""
        data = data_dir()
        if db:
            db_path = Path(db).expanduser()
        elif os.environ.get("AGENTDESK_DB", "").strip():
            db_path = Path(os.environ["AGENTDESK_DB"].strip()).expanduser()
        else:
            db_path = data / "agentdesk.db"
        layers: list[Path] = [shipped_phrasebook()]
        layers += _split_dirs(os.environ.get("AGENTDESK_PHRASEBOOK", ""))
        personal = data / "phrasebook"
        if personal.is_dir():
            layers.append(personal)
        layers += [Path(p).expanduser() for p in (phrasebooks or [])]
        return cls(
            data_dir=data, cache_dir=cache_dir(), db_path=db_path, phrasebook_dirs=tuple(layers)
        )

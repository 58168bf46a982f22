"""Where things live: user data, cache, the database, and the shipped phrasebook/resources.

Resolution order (first wins):
- database: --db PATH, then AGENTDESK_DB, then <data dir>/agentdesk.db
- data dir: AGENTDESK_HOME, then the platform's per-user data directory
- phrasebook layers, lowest first: shipped, the profile (--profile NAME, then
  AGENTDESK_PROFILE; none by default), each dir in AGENTDESK_PHRASEBOOK (os.pathsep
  separated, e.g. a team directory on a shared drive), the personal <data dir>/phrasebook,
  then each --phrasebook DIR. A later layer overrides an earlier one template by template.
  Each is a `Layer` decided here, once; nothing downstream re-reads the environment.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import NamedTuple

from agentdesk.layers import Layer, profile_dirs

APP_NAME = "agentdesk"
PRIVATE_DIR_MODE = 0o700    # the data directory: remembered values, drafts, the duty log
PRIVATE_FILE_MODE = 0o600


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
    return _platform_data_dir()


def _platform_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def make_private_dir(path: Path) -> Path:
    """Create path (and parents) readable by the user alone.

    An existing folder is tightened only when it is the platform's own data directory for
    AgentDesk: AGENTDESK_HOME may point at a folder the user shares on purpose."""
    path = Path(path)
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
        os.chmod(path, PRIVATE_DIR_MODE)   # mkdir's mode is filtered by the umask
    elif not os.environ.get("AGENTDESK_HOME", "").strip() and \
            path.resolve() == _platform_data_dir().resolve():
        with contextlib.suppress(OSError):  # another owner's: the files inside stay 0600
            os.chmod(path, PRIVATE_DIR_MODE)
    return path


def known_profiles() -> dict[str, Path]:
    """The shipped profiles, one per kind of desk: name -> layer directory."""
    return profile_dirs(shipped_phrasebook())


def profile_layer(name: str) -> Layer:
    """The layer of a shipped profile; an unknown name is one line listing the known ones."""
    found = known_profiles()
    if name not in found:
        from agentdesk.errors import UserError
        from agentdesk.i18n import tr

        names = "、".join(found) or "-"
        raise UserError(tr(
                '未知的配置 {name}（可用：{names}）',
                name=name, names=names, value=', '.join(found) or '-'),
                        exit_code=2)
    return Layer(f"profile:{name}", found[name], "profile")


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
    layers: tuple[Layer, ...] = ()
    profile: str | None = None

    @property
    def phrasebook_dirs(self) -> tuple[Path, ...]:
        """The layers' directories, lowest first (for callers that need only paths)."""
        return tuple(layer.path for layer in self.layers)

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
        cls, db: str | os.PathLike[str] | None = None, phrasebooks: list[str] | None = None,
        profile: str | None = None,
    ) -> AppPaths:
        """Resolve from explicit options and the environment; creates nothing on disk.

        An unknown profile (option or AGENTDESK_PROFILE) is a UserError (exit 2)."""
        data = data_dir()
        if db:
            db_path = Path(db).expanduser()
        elif os.environ.get("AGENTDESK_DB", "").strip():
            db_path = Path(os.environ["AGENTDESK_DB"].strip()).expanduser()
        else:
            db_path = data / "agentdesk.db"
        layers = [Layer("shipped", shipped_phrasebook(), "shipped")]
        profile = (profile or os.environ.get("AGENTDESK_PROFILE", "")).strip() or None
        if profile:
            layers.append(profile_layer(profile))
        layers += [Layer("team", p, "team")
                   for p in _split_dirs(os.environ.get("AGENTDESK_PHRASEBOOK", ""))]
        personal = data / "phrasebook"
        if personal.is_dir():
            layers.append(Layer("personal", personal, "personal"))
        for extra in (Path(p).expanduser() for p in (phrasebooks or [])):
            layers.append(Layer(extra.name or str(extra), extra, "extra"))
        return cls(data_dir=data, cache_dir=cache_dir(), db_path=db_path,
                   layers=tuple(layers), profile=profile)

    def with_profile(self, name: str | None) -> AppPaths:
        """The same stack with its profile layer replaced (None: no profile), e.g. the one
        the agent chose in the window's settings; an unknown name is a UserError (exit 2)."""
        layers = [layer for layer in self.layers if layer.kind != "profile"]
        if name:
            at = 1 if layers and layers[0].kind == "shipped" else 0
            layers.insert(at, profile_layer(name))
        return self._replace(layers=tuple(layers), profile=name or None)


def layer_for(directory: Path | str) -> Layer:
    """The Layer a bare directory stands for in the configured stack (matched by resolved
    path), or an "extra" layer named after the folder. For callers that were handed paths."""
    directory = Path(directory).expanduser()
    try:
        resolved = directory.resolve()
        configured = AppPaths.resolve().layers
    except Exception:  # a bad AGENTDESK_PROFILE or an unresolvable path: name it by folder
        configured, resolved = (), directory
    for layer in configured:
        try:
            if layer.path.expanduser().resolve() == resolved:
                return Layer(layer.name, directory, layer.kind)
        except OSError:
            continue
    for name, path in known_profiles().items():
        if path.resolve() == resolved:
            return Layer(f"profile:{name}", directory, "profile")
    return Layer(directory.name or str(directory), directory, "extra")

"""Window settings in one table of defaults, kept in <data dir>/settings.ini (QSettings)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

DEFAULTS = {
    "window/always_on_top": False,
    "window/geometry": None,
    "window/split": None,
    "window/tab": 0,
    "compact/geometry": None,            # the side panel's place (compact_panel.py)
    "picker/hotkey": "Ctrl+Alt+Space",   # the global shortcut (hotkey.py); Qt-style key names
    "desk/profile": "",                  # the kind of desk (settings_dialog.py); "" for none
}


def _private(path: Path) -> None:
    """Owner-only (it holds the agent's window state, and may hold remembered values)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        os.chmod(path, 0o600)
    except OSError:
        pass              # unwritable data dir: QSettings keeps the values in memory


class Settings:
    def __init__(self, path) -> None:
        self.path = Path(path)
        # created 0600 before QSettings writes: its atomic save keeps the file's mode
        _private(self.path)
        self.qs = QSettings(str(path), QSettings.IniFormat)

    def get(self, key: str):
        value = self.qs.value(key, DEFAULTS[key])
        if isinstance(DEFAULTS[key], bool):
            return value in (True, "true", "1", 1)
        if isinstance(DEFAULTS[key], int) and not isinstance(DEFAULTS[key], bool):
            try:
                return int(value)
            except (TypeError, ValueError):
                return DEFAULTS[key]
        return value

    def set(self, key: str, value) -> None:
        self.qs.setValue(key, value)

    def sync(self) -> None:
        self.qs.sync()
        _private(self.path)

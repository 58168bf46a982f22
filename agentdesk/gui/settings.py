"""Window settings in one table of defaults, kept in <data dir>/settings.ini (QSettings)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

DEFAULTS = {
    "window/always_on_top": False,
    "window/geometry": None,
    "window/split": None,
    "window/tab": 0,
    "compact/geometry": None,            # the side panel's place (compact_panel.py)
    "picker/hotkey": "Ctrl+Alt+Space",   # the global shortcut (hotkey.py); Qt-style key names
}


class Settings:
    def __init__(self, path) -> None:
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

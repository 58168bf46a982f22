"""The global shortcut that opens the picker over any program, through pynput's GlobalHotKeys.

X11, Windows and macOS let a program listen to the keyboard; Wayland does not (no global
grabs by design), so there the desktop's own shortcut settings run `agentdesk pick` instead.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QObject, Signal

from agentdesk.i18n import tr

DEFAULT_SHORTCUT = "Ctrl+Alt+Space"

# Qt-style key names (as a user writes them in settings.ini) -> pynput's names
_SPECIAL = {"ctrl": "<ctrl>", "control": "<ctrl>", "alt": "<alt>", "shift": "<shift>",
            "meta": "<cmd>", "super": "<cmd>", "win": "<cmd>", "cmd": "<cmd>",
            "space": "<space>", "enter": "<enter>", "return": "<enter>", "tab": "<tab>",
            "esc": "<esc>", "escape": "<esc>", "insert": "<insert>", "pause": "<pause>"}


def to_pynput(shortcut: str) -> str:
    """'Ctrl+Alt+Space' -> '<ctrl>+<alt>+<space>'; raises ValueError for what pynput can't bind."""
    parts = [p.strip() for p in shortcut.split("+")]
    if not parts or any(not p for p in parts):
        raise ValueError(shortcut)
    out = []
    for part in parts:
        low = part.lower()
        if low in _SPECIAL:
            out.append(_SPECIAL[low])
        elif len(low) > 1 and low[0] == "f" and low[1:].isdigit() and 1 <= int(low[1:]) <= 20:
            out.append(f"<{low}>")
        elif len(part) == 1 and part.isprintable():
            out.append(low)
        else:
            raise ValueError(shortcut)
    if not any(p in ("<ctrl>", "<alt>", "<cmd>") for p in out[:-1]) and \
            not out[-1].startswith("<f"):
        raise ValueError(shortcut)   # a bare letter would fire on every word typed
    return "+".join(out)


def global_grab_refused() -> str | None:
    """Why this session cannot listen to the keyboard globally, or None when it can."""
    if sys.platform.startswith(("win", "darwin")):
        return None
    if os.environ.get("XDG_SESSION_TYPE") == "wayland" or (
            os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY")):
        return tr(
                'Wayland 不允许程序监听全局快捷键：请在桌面的键盘设置里添加自定义快捷键，命令为 `a'
                'gentdesk pick`')
    if not os.environ.get("DISPLAY"):
        return tr('没有 X11 显示，无法注册全局快捷键')
    return None


class GlobalHotkey(QObject):
    """Emits sig_activated(target) on the GUI thread, with the window that had the keyboard
    when the keys went down (captured in the listener thread, before anything moves)."""

    sig_activated = Signal(object)

    def __init__(self, shortcut: str = DEFAULT_SHORTCUT, parent=None) -> None:
        super().__init__(parent)
        self.shortcut = shortcut
        self.problem: str | None = None
        self._listener = None

    def start(self) -> bool:
        """Listen; False (and `problem` says why, in the user's language) when it can't."""
        self.problem = global_grab_refused()
        if self.problem:
            return False
        try:
            combo = to_pynput(self.shortcut)
        except ValueError:
            self.problem = tr(
                    '无法识别的全局快捷键“{shortcut}”（示例：Ctrl+Alt+Space）',
                    shortcut=self.shortcut)
            return False
        try:
            from pynput.keyboard import GlobalHotKeys

            self._listener = GlobalHotKeys({combo: self._fired})
            self._listener.daemon = True
            self._listener.start()
        except Exception as exc:  # no RECORD extension, no accessibility permission, ...
            self._listener = None
            self.problem = tr('全局快捷键不可用：{exc}', exc=exc)
            return False
        return True

    def _fired(self) -> None:   # pynput's thread: capture, then hand over to the GUI thread
        from agentdesk.gui.picker.target import active_window

        self.sig_activated.emit(active_window())

    def stop(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener = None

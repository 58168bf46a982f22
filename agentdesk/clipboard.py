"""Copying text to the system clipboard with pyperclip (the window falls back to Qt's)."""

from __future__ import annotations

import contextlib
import os
import sys
import time

from agentdesk.errors import UserError
from agentdesk.i18n import pick, tr


class ClipboardUnavailable(UserError):
    """No clipboard the text can reach: no mechanism, no display, or the copy did not stick."""


def _unavailable(detail_zh: str, detail_en: str) -> ClipboardUnavailable:
    return ClipboardUnavailable(
        tr(
                '无法访问系统剪贴板（{detail}）：请在有桌面的会话中运行，安装 xclip 或 xsel（Linux'
                '），或在窗口中复制；也可用 `agentdesk phrases fill` 输出文本后自行复制。',
                detail=pick(detail_zh, detail_en)),
        exit_code=2,
    )


def _no_display() -> bool:
    """On X11/Wayland systems a clipboard needs a display to talk to."""
    if sys.platform.startswith(("win", "darwin")) or os.environ.get("WSL_DISTRO_NAME"):
        return False
    return not (os.environ.get("DISPLAY", "").strip()
                or os.environ.get("WAYLAND_DISPLAY", "").strip())


@contextlib.contextmanager
def _quiet_stderr():
    """The clipboard tools' own complaints ("Can't open display") would be a second line."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        sys.stderr.flush()
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def copy_text(text: str) -> None:
    """Put text on the clipboard and read it back: pyperclip's xclip backend reports success
    even when the display cannot be reached, and "copied" must mean copied."""
    import pyperclip

    if _no_display():
        raise _unavailable("没有可用的显示（DISPLAY 未设置）", "no display: DISPLAY is not set")
    try:
        with _quiet_stderr():
            pyperclip.copy(text)
            for attempt in range(6):
                # xclip hands the selection to a forked child: give it a moment to take over
                if pyperclip.paste() == text:
                    return
                time.sleep(0.05 * (attempt + 1))
    except pyperclip.PyperclipException as exc:
        raise _unavailable("没有可用的剪贴板工具", "no clipboard tool") from exc
    raise _unavailable("复制后读回的内容不一致，显示可能无法连接",
                       "the text read back differs; the display may be unreachable")


def paste_text() -> str:
    import pyperclip

    return pyperclip.paste()

"""Copying text to the system clipboard with pyperclip (the window falls back to Qt's)."""

from __future__ import annotations

from agentdesk.errors import UserError
from agentdesk.i18n import t


class ClipboardUnavailable(UserError):
    """pyperclip found no clipboard mechanism (e.g. Linux without xclip/xsel or a display)."""


def copy_text(text: str) -> None:
    import pyperclip

    try:
        pyperclip.copy(text)
    except pyperclip.PyperclipException as exc:
        raise ClipboardUnavailable(
            t("无法访问系统剪贴板：请安装 xclip 或 xsel（Linux），或在窗口中复制；"
              "也可用 `agentdesk phrases fill` 输出文本后自行复制。",
              "no system clipboard: install xclip or xsel (Linux) or copy from the window; "
              "`agentdesk phrases fill` prints the text instead."),
            exit_code=1,
        ) from exc


def paste_text() -> str:
    import pyperclip

    return pyperclip.paste()

"""Start the window, after checking there is a screen to show it on (no Qt abort for users)."""

from __future__ import annotations

import os
import sys

from agentdesk.errors import UserError
from agentdesk.i18n import tr
from agentdesk.paths import AppPaths


def has_display() -> bool:
    """True when Qt can open a window here (a desktop, X11/Wayland, or an explicit platform)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith(("win", "darwin")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(paths: AppPaths) -> int:
    if not has_display():
        raise UserError(
            tr(
                    '没有可用的图形显示：请在桌面环境中运行 agentdesk，或使用 `xvfb-run agentdesk`'
                    '、QT_QPA_PLATFORM=offscreen；命令行功能见 `agentdesk --help`。'),
            exit_code=1,
        )
    from agentdesk.gui.app import run_app

    return run_app(paths)

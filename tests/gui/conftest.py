"""The real window, offscreen, over an isolated data directory; waits for the background load."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def window(qtbot, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)         # no X11: the clipboard falls back to Qt
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("AGENTDESK_AGENT", "小王")
    from agentdesk.gui import build_main_window

    win = build_main_window()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.loaded and win._desk_up and win.handover.loaded
                    and not win.duty_log.model.loading, timeout=30_000)
    yield win
    win.services.close()

"""The real window, offscreen, over an isolated data directory; waits for the background load.

Every GUI test ends settled (see `_settled`): no background job still running, the windows it
closed deleted, and their Python wrappers collected, all on the GUI thread and before the next
test. Left to chance, a window closed by one test was deleted inside a later test's event loop
and its wrappers collected by whichever thread allocated next (a worker, pynput's, jieba's):
the suite's intermittent segmentation fault.
"""

from __future__ import annotations

import gc
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def settle(qtbot, timeout: int = 30_000) -> None:
    """Wait (running the event loop) until every background job has handed its result back."""
    from agentdesk.gui import workers

    qtbot.waitUntil(lambda: workers.in_flight() == 0, timeout=timeout)


@pytest.fixture(autouse=True)
def _settled(qapp, qtbot):
    yield
    from PySide6.QtCore import QCoreApplication, QEvent

    settle(qtbot)
    # pytest-qt closed the test's widgets and called deleteLater: delete them now, here
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    QCoreApplication.processEvents()


@pytest.fixture
def window(qtbot, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)         # no X11: the clipboard falls back to Qt
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("AGENTDESK_AGENT", "小王")
    from agentdesk.gui import build_main_window

    win = build_main_window()
    # before pytest-qt closes it: its workers finished and their results shown
    qtbot.addWidget(win, before_close_func=lambda _w: settle(qtbot))
    win.show()
    qtbot.waitUntil(lambda: win.loaded and win._desk_up and win.handover.loaded
                    and not win.duty_log.model.loading, timeout=30_000)
    yield win
    win.services.close()

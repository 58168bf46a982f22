"""Nothing Qt outlives its window or is freed off the GUI thread: the suite's intermittent
segmentation fault (a dead window's widgets deleted by whichever thread collected them)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class _Witness:
    """Records the thread it is freed on."""

    def __init__(self, freed: list) -> None:
        self.freed = freed

    def __del__(self) -> None:
        self.freed.append(threading.current_thread().name)


def test_what_a_background_job_held_is_freed_on_the_gui_thread(qtbot):
    from agentdesk.gui import workers

    freed: list[str] = []
    delivered = []
    for _ in range(20):
        held = _Witness(freed)           # kept by the job's closure, as a panel's lambda does
        # the result is dropped by the callback: its last reference is the job's
        workers.run_in_background(lambda held=held: _Witness(freed),
                                  lambda result: delivered.append(type(result)))
        del held
    qtbot.waitUntil(lambda: workers.in_flight() == 0, timeout=10_000)
    gc.collect()
    assert delivered == [_Witness] * 20
    assert len(freed) == 40                  # 20 closures' witnesses and 20 results
    assert set(freed) == {threading.main_thread().name}, freed   # none by a pool thread


def test_the_picker_and_the_side_panel_go_with_the_desk(qtbot, monkeypatch):
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    from agentdesk.gui import build_main_window

    monkeypatch.delenv("DISPLAY", raising=False)
    win = build_main_window(start=False)
    win.show()
    win.picker.show_for()
    win.compact._panel()
    qtbot.waitUntil(win.picker.window.isVisible)
    win.close()
    win.deleteLater()
    del win
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    left = [type(w).__name__ for w in QApplication.topLevelWidgets()
            if type(w).__name__ in ("PickerWindow", "CompactPanel", "MainWindow")]
    assert left == []


_CLOSE_MID_START = r"""
import gc, sys
from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

app = QApplication(["agentdesk"])
from agentdesk.gui import build_main_window

for delay in (0, 30, 150, 400):          # during each of the loaders, then the tabs
    win = build_main_window()
    win.show()
    win.picker.show_for()
    QTest.qWait(delay)
    win.close()
    win.deleteLater()
    del win
    QTest.qWait(10)
    gc.collect()
QThreadPool.globalInstance().waitForDone(60_000)
QTest.qWait(500)                          # the late results arrive for windows that are gone
gc.collect()
QTest.qWait(100)
print("ok")
"""


def test_closing_the_window_while_it_starts_never_crashes(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), HOME=str(tmp_path),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               AGENTDESK_DB=str(tmp_path / "duty.db"))
    out = subprocess.run([sys.executable, "-X", "faulthandler", "-c", _CLOSE_MID_START],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240,
                         check=False)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip() == "ok"
    assert "Traceback" not in out.stderr, out.stderr[-3000:]

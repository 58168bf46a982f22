"""The window as the program starts it: the duty-log and handover tabs are built after the first
paint, in stages, and work exactly as when built at once; a shortcut that needs them while they
are still being built gets them at once."""

from __future__ import annotations

import itertools
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def deferred(qtbot, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("AGENTDESK_AGENT", "小王")
    from agentdesk.gui import build_main_window

    win = build_main_window(defer_tabs=True)
    qtbot.addWidget(win)
    assert win.duty_log is None and win.handover is None     # nothing built before the paint
    win.show()
    yield win
    win.services.close()


def test_staged_tabs_load_the_log_and_take_an_entry_by_keys(deferred, qtbot):
    from PySide6.QtCore import Qt

    from agentdesk.gui.main_window import TAB_HANDOVER, TAB_LOG

    win = deferred
    qtbot.waitUntil(lambda: win.loaded and win._desk_up and win.handover is not None
                    and win.handover.loaded and not win.duty_log.model.loading, timeout=30_000)
    assert win.tabs.widget(TAB_LOG) is win.duty_log
    assert win.tabs.widget(TAB_HANDOVER) is win.handover
    assert win.tabs.currentIndex() == 0                      # the agent's tab did not move
    qtbot.keyClick(win, Qt.Key_N, Qt.ControlModifier)
    assert win.tabs.currentIndex() == TAB_LOG
    form = win.duty_log.form
    from gui_helpers import commit

    form.customer.setFocus()
    commit(form.customer, "张先生")              # as an input method delivers it
    form.summary.setPlainText("宽带断网，已报修")
    before = win.duty_log.model.total
    qtbot.mouseClick(form.save, Qt.LeftButton)
    qtbot.waitUntil(lambda: win.duty_log.model.total == before + 1, timeout=10_000)
    rows = [win.duty_log.model.entry(i) for i in range(win.duty_log.model.total)]
    assert any(e is not None and e.customer == "张先生" for e in rows)


def test_ctrl_n_while_the_tabs_are_still_being_built(deferred, qtbot):
    from PySide6.QtCore import Qt

    from agentdesk.gui.main_window import TAB_LOG

    win = deferred
    qtbot.keyClick(win, Qt.Key_N, Qt.ControlModifier)          # before any stage has run
    assert win.duty_log is not None and win.handover is not None
    assert win.tabs.widget(TAB_LOG) is win.duty_log and win.tabs.currentIndex() == TAB_LOG
    qtbot.waitUntil(lambda: win._desk_up and not win.duty_log.model.loading, timeout=30_000)
    # the staged build found everything in place and wired nothing twice
    assert win.tabs.count() == 3
    assert win.tabs.widget(TAB_LOG) is win.duty_log


def test_each_stage_is_its_own_turn_of_the_event_loop(deferred, qtbot):
    """Between two stages the loop runs: a zero-interval timer started before fires between
    them, so no single turn builds both tabs."""
    from PySide6.QtCore import QTimer

    win = deferred
    order = []
    steps = win._secondary_step

    def recorded():
        more = steps()
        order.append(("step", win.duty_log is not None, win.handover is not None))
        return more

    win._secondary_step = recorded
    ticks = QTimer(interval=0)
    ticks.timeout.connect(lambda: order.append(("tick",)))
    ticks.start()
    qtbot.waitUntil(lambda: win._desk_up, timeout=30_000)
    ticks.stop()
    stages = [i for i, o in enumerate(order) if o[0] == "step"]
    assert len(stages) == 3
    assert all(any(order[j] == ("tick",) for j in range(a + 1, b))
               for a, b in itertools.pairwise(stages))


def test_the_tabs_are_built_after_the_checks_and_the_phrasebook(qtbot, monkeypatch):
    """agentdesk.gui.startup's order, whichever loader finishes first: the log and handover
    tabs are not laid out on the GUI thread while a loader runs Python."""
    from agentdesk.gui import build_main_window
    from agentdesk.gui.main_window import MainWindow

    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("AGENTDESK_AGENT", "小王")
    order = []
    for name in ("checks_loaded", "book_loaded", "start_desk"):
        real = getattr(MainWindow, name)

        def recorded(self, *a, _real=real, _name=name, **k):
            order.append(_name)
            return _real(self, *a, **k)
        monkeypatch.setattr(MainWindow, name, recorded)
    win = build_main_window(defer_tabs=True)
    qtbot.addWidget(win)
    win.show()
    try:
        qtbot.waitUntil(lambda: win._desk_up and win.loaded, timeout=30_000)
        assert max(order.index("checks_loaded"), order.index("book_loaded")) \
            < order.index("start_desk")
        assert win.templates.model.rowCount() > 0 and win.duty_log is not None
    finally:
        win.services.close()


_NO_GUI_IMPORTS = r"""
import os, sys, threading, time
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication
app = QApplication([])
main, log, shown = threading.main_thread(), [], [False]
class Spy:
    def find_spec(self, name, path=None, target=None):
        if shown[0] and threading.current_thread() is main:
            log.append(name)
sys.meta_path.insert(0, Spy())
from agentdesk.gui import build_main_window
w = build_main_window(defer_tabs=True)
w.show()
app.processEvents()
shown[0] = True
t0 = time.monotonic()
while not (w.loaded and w._desk_up and w.handover is not None and w.handover.loaded
           and not w.duty_log.model.loading) and time.monotonic() - t0 < 60:
    app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
print("LOADED" if w.loaded and w._desk_up else "TIMEOUT", ",".join(log))
w.services.close()
"""


def test_nothing_is_imported_on_the_gui_thread_while_the_window_loads(tmp_path):
    """An import on the GUI thread is ~100 file-system calls, each waiting for the GIL while the
    loaders run (100-350 ms stalls): everything the window needs after its first paint is
    imported by the workers. A fresh process, so nothing is imported already."""
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "AGENTDESK_HOME": str(tmp_path),
           "AGENTDESK_AGENT": "小王"}
    env.pop("DISPLAY", None)
    out = subprocess.run([sys.executable, "-c", _NO_GUI_IMPORTS], env=env, capture_output=True,
                         text=True, timeout=120, cwd=tmp_path)
    line = next((x for x in out.stdout.splitlines() if x.startswith(("LOADED", "TIMEOUT"))), "")
    assert line.startswith("LOADED"), out.stderr[-800:]
    assert line == "LOADED ", f"imported on the GUI thread after the first paint: {line[7:]}"


_FIRST_START = r"""
import os, sys, time
from pathlib import Path
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication
app = QApplication([])
from agentdesk.chinese import segmenter
from agentdesk.gui import build_main_window
from agentdesk.lexicon import FILE_NAME
w = build_main_window(defer_tabs=True)
w.show()
lexicon = w.services.paths.cache_dir / FILE_NAME
t0, seen = time.monotonic(), []
while not (segmenter().is_ready and lexicon.exists()) and time.monotonic() - t0 < 90:
    app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    if w.checks_ready and "checks" not in seen:
        seen.append("checks" if not lexicon.exists() else "checks-after-lexicon")
    if w.desk_started and "tabs" not in seen:
        seen.append("tabs" if not lexicon.exists() else "tabs-after-lexicon")
print("RESULT", segmenter().is_ready, lexicon.exists(), ",".join(seen))
w.services.close()
"""


def test_a_very_first_start_builds_the_lexicon_after_the_tabs(tmp_path):
    """No lexicon yet: the checks answer without it, the tabs are built, then it is built and
    saved (a fresh process and data folder: nothing loaded or cached before)."""
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "AGENTDESK_HOME": str(tmp_path),
           "AGENTDESK_AGENT": "小王"}
    env.pop("DISPLAY", None)
    out = subprocess.run([sys.executable, "-c", _FIRST_START], env=env, capture_output=True,
                         text=True, timeout=150, cwd=tmp_path)
    line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT")), "")
    assert line == "RESULT True True checks,tabs", (line, out.stderr[-800:])

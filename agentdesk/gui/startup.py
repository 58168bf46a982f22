"""The order the window loads in after its first paint, so that no GUI-thread work runs while
a worker holds the GIL.

A widget or a Python item model that Qt lays out calls back into Python, and each call waits for
the GIL while a worker runs Python: beside a loader a 40 ms tab took 0.6 s, and beside two busy
workers the GUI thread lost the GIL for 100-300 ms at a time. So the loaders run one after the
other on one worker (phrasebook, checks, vocabulary), each result shown between two of them;
then the duty-log and handover tabs are built (MainWindow.start_desk; opening either tab
earlier builds them at once); then, on a very first start, jieba's lexicon is built.
"""

from __future__ import annotations

import sys


class StartSequence:
    def __init__(self, window, services) -> None:
        self.window, self.services = window, services
        self._queue: list = []

    def start(self) -> None:
        # The loaders hold the GIL; the GUI thread waits one switch interval (5 ms by default)
        # before it may ask for it back. 1 ms keeps the heartbeat even at a small cost.
        sys.setswitchinterval(0.001)
        w, s = self.window, self.services
        # the phrasebook first (a tenth of a second, its search index from the cache or the
        # shipped seed), then the checks (which open an existing lexicon), then the words
        self._queue = [(s.load_book, w.book_loaded, w.book_failed),
                       (s.load_checks, w.checks_loaded, w.core_failed),
                       (s.load_vocabulary, w.vocabulary_loaded, None)]
        self._next()

    def _next(self) -> None:
        from agentdesk.gui.workers import run_in_background

        if not self._queue:
            self._when_words_ready(0)
            return
        load, shown, failed = self._queue.pop(0)
        run_in_background(load, self._then(shown), self._then(failed))

    def _when_words_ready(self, waited: int) -> None:
        """The tabs once no lexicon is being opened (tens of ms; at most 10 s), then a missing
        lexicon built in a thread of its own (a very first start: seconds of Python)."""
        from PySide6.QtCore import QTimer

        from agentdesk.chinese import segmenter

        seg = segmenter()
        if not seg.is_loading or waited >= 100:
            def words() -> None:   # jieba's lexicon, if the checks left it (a first start)
                if not (seg.is_ready or seg.is_loading):
                    seg.load_in_background()

            if self.window.desk_started:       # the agent opened a tab: already built
                words()
            else:
                self.window.start_desk(built=words)
        else:
            QTimer.singleShot(100, self.window, lambda: self._when_words_ready(waited + 1))

    def _then(self, show):
        def done(value) -> None:
            if show is not None:
                show(value)
            self._next()
        return done


# The log and handover tabs' modules. Importing them builds PySide6's whole Qt-namespace enums
# (~30-80 ms of Python): done on a worker, so no turn of the GUI loop pays for it. (What the
# phrasebook and the checks are shown with is imported by their loaders, gui/services.py.)
TAB_MODULES = ("agentdesk.desk", "agentdesk.desk.model", "agentdesk.gui.duty_log_model",
               "agentdesk.gui.entry_form", "agentdesk.gui.duty_log_panel",
               "agentdesk.gui.handover_panel", "agentdesk.gui.reminders",
               "agentdesk.gui.callback_times")


def build_in_stages(window, then) -> None:
    """The window's log and handover tabs without holding the GUI thread: their modules
    imported on a worker, then one part per turn of the event loop (MainWindow._secondary_step,
    each turn 1-30 ms), then `then()`."""
    from PySide6.QtCore import QTimer

    from agentdesk.gui.workers import run_in_background

    def step() -> None:
        if window._secondary_step():
            QTimer.singleShot(0, window, step)
        else:
            then()

    def imported(_) -> None:
        QTimer.singleShot(0, window, step)

    # a failed import is raised again, with its traceback, by the first step on the GUI thread
    run_in_background(_import_all, imported, lambda _: imported(None))


def _import_all() -> None:
    import importlib

    for name in TAB_MODULES:
        importlib.import_module(name)

"""The order the window loads in after its first paint, so that little GUI-thread work runs
while a loader holds the GIL.

A widget or a Python item model that Qt lays out calls back into Python, and each call waits for
the GIL while a worker runs Python: beside a loader a 40 ms tab took 0.6 s (the template list
asks about its visible rows only, TemplatesPanel). So the three loaders start at once (the
checks on their own worker, since Copy waits for them; the phrasebook, as soon as it is in, for
search), and the duty-log and handover tabs are built once all three are in
(MainWindow.start_desk; opening either tab earlier builds them at once).
"""

from __future__ import annotations

import sys


class StartSequence:
    def __init__(self, window, services) -> None:
        self.window, self.services = window, services
        self._left = 3

    def start(self) -> None:
        from agentdesk.gui.workers import run_in_background

        # The loaders hold the GIL; the GUI thread waits one switch interval (5 ms by default)
        # before it may ask for it back. 1 ms keeps the heartbeat even at a small cost.
        sys.setswitchinterval(0.001)
        w, s = self.window, self.services
        run_in_background(s.load_checks, self._then(w.checks_loaded),
                          self._then(w.core_failed))
        run_in_background(s.load_vocabulary, self._then(w.vocabulary_loaded), self._then(None))
        run_in_background(s.load_book, self._then(w.book_loaded), self._then(w.book_failed))

    def _then(self, show):
        def done(value) -> None:
            if show is not None:
                show(value)
            self._left -= 1
            if self._left == 0:
                self.window.start_desk()
        return done

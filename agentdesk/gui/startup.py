"""The order the window loads in after its first paint, so that no GUI-thread work runs while a
loader holds the GIL.

A widget or a Python item model that Qt lays out calls back into Python hundreds of times, and
each call waits for the GIL while a worker runs Python: beside a loader, a 40 ms tab took 0.6 s
and the template list's first fill 0.3 s. So: the three loaders start at once (the checks on
their own worker, since Copy waits for them); the phrasebook is shown when the checks are in
too (its list is laid out while no loader runs); the duty-log and handover tabs are built once
all three are in (MainWindow.start_desk; opening either tab earlier builds them at once).
"""

from __future__ import annotations

import sys


class StartSequence:
    def __init__(self, window, services) -> None:
        self.window, self.services = window, services
        self._left = 3
        self._checks_in = False
        self._book: list = []          # a phrasebook that came in before the checks

    def start(self) -> None:
        from agentdesk.gui.workers import run_in_background

        # The loaders hold the GIL; the GUI thread waits one switch interval (5 ms by default)
        # before it may ask for it back. 1 ms keeps the heartbeat even at a small cost.
        sys.setswitchinterval(0.001)
        w, s = self.window, self.services
        run_in_background(s.load_checks, self._checks(w.checks_loaded),
                          self._checks(w.core_failed))
        run_in_background(s.load_vocabulary, self._counted(w.vocabulary_loaded),
                          self._counted(None))
        run_in_background(s.load_book, self._held(w.book_loaded),
                          self._counted(w.book_failed))

    def _checks(self, show):
        def done(value) -> None:
            show(value)
            self._checks_in = True
            for deliver, book in self._book:
                deliver(book)
            self._book.clear()
            self._one_in()
        return done

    def _held(self, show):
        def done(book) -> None:
            if self._checks_in:
                show(book)
            else:
                self._book.append((show, book))
            self._one_in()
        return done

    def _counted(self, show):
        def done(value) -> None:
            if show is not None:
                show(value)
            self._one_in()
        return done

    def _one_in(self) -> None:
        self._left -= 1
        if self._left == 0:      # a held phrasebook went in with the checks, before this
            self.window.start_desk()

"""Slow work off the GUI thread (Anki's habit): a function runs in the pool, its result comes
back as a signal on the GUI thread; the function never touches a widget."""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    sig_done = Signal(object)
    sig_failed = Signal(str)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported to the GUI thread, shown as one line
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            self._emit(self.relay.sig_failed, getattr(exc, "message", None) or detail)
        else:
            self._emit(self.relay.sig_done, result)
        finally:
            self.fn = self.relay = None   # the pool may keep the runnable; not what it ran

    @staticmethod
    def _emit(signal, value) -> None:
        with contextlib.suppress(RuntimeError):   # the window went away while this ran
            signal.emit(value)


_ALIVE: set[_Relay] = set()


def _deliver(callback: Callable[[Any], None], value: Any) -> None:
    """Hand a result over; if the panel it was for has been closed meanwhile, drop it."""
    try:
        callback(value)
    except RuntimeError as exc:
        if "already deleted" not in str(exc) and "has been deleted" not in str(exc):
            raise


def run_in_background(fn: Callable[[], Any], on_done: Callable[[Any], None],
                      on_failed: Callable[[str], None] | None = None) -> None:
    relay = _Relay()
    _ALIVE.add(relay)  # keep the relay alive until its signal has been delivered

    def release() -> None:
        # Qt holds the connected closures, and they hold the relay: a cycle Python's collector
        # cannot see. Deleting the QObject (on the next turn of the loop, never inside its own
        # signal) drops its connections and so the closures, or every background lint of a
        # long draft leaks a relay.
        _ALIVE.discard(relay)
        relay.deleteLater()

    def done(result: Any) -> None:
        release()
        _deliver(on_done, result)

    def failed(message: str) -> None:
        release()
        if on_failed:
            _deliver(on_failed, message)

    relay.sig_done.connect(done)
    relay.sig_failed.connect(failed)
    QThreadPool.globalInstance().start(_Task(fn, relay))


def run_log_op(services, op: Callable[[Any], Any], on_done: Callable[[Any], None],
               on_failed: Callable[[str], None] | None = None) -> None:
    """Anki's QueryOp for the duty log: `op(log)` runs on a worker with its OWN connection
    (SQLite connections are not shared between threads; a write may wait out the busy
    timeout there, not in the window) and its plain result comes back to `on_done`."""
    path, agent = services.paths.db_path, services.agent
    vocabulary = getattr(services, "vocabulary", None)   # the profile's words, once loaded

    def run() -> Any:
        from agentdesk.desk import DutyLog

        with DutyLog.open(path, agent=agent, vocabulary=vocabulary) as log:
            return op(log)

    run_in_background(run, on_done, on_failed)

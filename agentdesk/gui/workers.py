"""Slow work off the GUI thread (Anki's habit): a function runs in the pool, its result comes
back as a signal on the GUI thread; the function never touches a widget.

Everything a job holds (the function and what its closure keeps, the result, the callbacks) is
owned by the GUI thread from start to delivery: a worker only borrows it, and lets go before
it signals. Otherwise the worker may drop the last reference, and a QObject freed there (a
per-job relay, a dead window's widget kept by a closure) is deleted off its thread while the
GUI thread handles its events: the intermittent segmentation fault of the GUI test suite.
"""

from __future__ import annotations

import contextlib
import itertools
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    """One per application, a child of it (so never freed by Python), on the GUI thread."""

    sig_finished = Signal(int)


class _Job:
    __slots__ = ("fn", "on_done", "on_failed", "outcome")

    def __init__(self, fn, on_done, on_failed) -> None:
        self.fn, self.on_done, self.on_failed = fn, on_done, on_failed
        self.outcome: tuple[bool, Any] | None = None


_jobs: dict[int, _Job] = {}          # started and not yet delivered; GUI thread only adds/pops
_tokens = itertools.count(1)
_relay: _Relay | None = None


def _the_relay() -> _Relay:
    global _relay
    app = QCoreApplication.instance()
    if _relay is None or _relay.parent() is not app:   # first use, or a new application
        _relay = _Relay(app)
        _relay.sig_finished.connect(_finished)
    return _relay


class _Task(QRunnable):
    def __init__(self, token: int, relay: _Relay) -> None:
        super().__init__()
        self.token, self.relay = token, relay

    def run(self) -> None:
        job = _jobs[self.token]
        try:
            job.outcome = (True, job.fn())
        except Exception as exc:  # reported to the GUI thread, shown as one line
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            job.outcome = (False, getattr(exc, "message", None) or detail)
            del exc
        del job                  # nothing of the job is left here once it is signalled
        with contextlib.suppress(RuntimeError):   # the application went away while this ran
            self.relay.sig_finished.emit(self.token)


def _finished(token: int) -> None:
    job = _jobs.pop(token, None)
    if job is None or job.outcome is None:
        return
    ok, value = job.outcome
    if ok:
        _deliver(job.on_done, value)
    elif job.on_failed is not None:
        _deliver(job.on_failed, value)


def _deliver(callback: Callable[[Any], None], value: Any) -> None:
    """Hand a result over; if the panel it was for has been closed meanwhile, drop it."""
    try:
        callback(value)
    except RuntimeError as exc:
        if "already deleted" not in str(exc) and "has been deleted" not in str(exc):
            raise


def in_flight() -> int:
    """Jobs started and not yet handed back (a window's tests wait for none to be left)."""
    return len(_jobs)


def run_in_background(fn: Callable[[], Any], on_done: Callable[[Any], None],
                      on_failed: Callable[[str], None] | None = None) -> None:
    """Call from the GUI thread: fn() runs on a pool thread, on_done(result) (or
    on_failed(message)) on the GUI thread."""
    relay = _the_relay()
    token = next(_tokens)
    _jobs[token] = _Job(fn, on_done, on_failed)
    QThreadPool.globalInstance().start(_Task(token, relay))


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

"""Pasting into another program: reply on the clipboard, focus back, Ctrl+V, old clipboard back.

Each step waits on a timer rather than sleeping, so this process keeps serving the clipboard
to the program that is pasting. The clipboard is written with pyperclip (xclip keeps serving
it after a standalone `agentdesk pick` exits), with Qt's clipboard as the fallback.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, QObject, QTimer
from PySide6.QtGui import QGuiApplication

from agentdesk.gui.picker import target as targets

FOCUS_DELAY_MS = 40      # the picker unmapped before focus moves back
KEY_DELAY_MS = 60        # the target has its focus-in before the keystroke arrives
RESTORE_DELAY_MS = 450   # the target has fetched the reply before the old content returns


def put_text(text: str) -> str:
    """Put text on the clipboard; returns the mechanism used ("pyperclip" or "qt")."""
    from agentdesk.clipboard import ClipboardUnavailable, copy_text

    try:
        copy_text(text)
        return "pyperclip"
    except ClipboardUnavailable:
        QGuiApplication.clipboard().setText(text)
        return "qt"


def snapshot() -> tuple[str | None, QMimeData | None]:
    """The clipboard's text and a copy of all its formats (an image survives a paste too)."""
    mime = QGuiApplication.clipboard().mimeData()
    if mime is None or not mime.formats():
        return None, None
    copy = QMimeData()
    for fmt in mime.formats():
        copy.setData(fmt, mime.data(fmt))
    return (mime.text() if mime.hasText() else None), copy


def restore(saved: tuple[str | None, QMimeData | None]) -> None:
    text, mime = saved
    if text is not None:
        put_text(text)
    elif mime is not None:
        QGuiApplication.clipboard().setMimeData(mime)


class Paster(QObject):
    """One paste at a time; `done(ok)` is called when the old clipboard is back, or with
    ok=False when no keystroke could be sent (the reply then stays on the clipboard)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.busy = False

    def paste(self, text: str, target: targets.Target,
              done: Callable[[bool], None] | None = None) -> None:
        if self.busy:
            return
        self.busy = True
        saved = snapshot()
        put_text(text)

        def press() -> None:
            ok = True
            try:
                targets.send_paste_keystroke()
            except Exception:   # no XTest / no permission: the reply stays on the clipboard
                ok = False
            QTimer.singleShot(RESTORE_DELAY_MS, self, lambda: finish(ok))

        def finish(ok: bool) -> None:
            if ok:
                restore(saved)
            self.busy = False
            if done is not None:
                done(ok)

        def refocus() -> None:
            if target and not targets.focus(target):
                finish(False)   # the window is gone: no Ctrl+V into whatever is there now
                return
            QTimer.singleShot(KEY_DELAY_MS, self, press)

        QTimer.singleShot(FOCUS_DELAY_MS, self, refocus)

"""Compact mode: a narrow always-on-top side panel beside the chat window, the desk hidden.

It holds the desk's own search panel and draft panel, moved in (not copies): the draft,
its findings and the search carry over both ways and the draft autosaves to one file.
The category tree and the preview stay behind in compact mode; Copy is the desk's Copy.
`Qt` is imported where it is used: the desk builds CompactMode before its window first
shows, and PySide6 builds its whole enum namespace on that import (10-100 ms).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from agentdesk.i18n import N_, tr

WIDTH = 420
TOGGLE_SHORTCUT = "Ctrl+Shift+M"
# the desk panels' parts that do not fit 420 px (and are one Ctrl+Shift+M away); the
# traditional-characters choice still applies to Copy while it is hidden
_LEFT_BEHIND = {"templates": ("tree", "preview"), "draft": ("traditional",)}
# shorter button labels in the panel, so the draft's button row fits its width
_SHORT = {"copy_button": N_("复制"), "apply_button": N_("采用"), "mask_button": N_("打码")}


def clamp(rect: QRect, area: QRect) -> QRect:
    """rect moved (and shrunk if need be) to lie inside area: a panel saved on a screen that
    has since gone, or at a larger resolution, still opens where it can be seen."""
    w, h = min(rect.width(), area.width()), min(rect.height(), area.height())
    x = min(max(rect.x(), area.left()), area.right() - w + 1)
    y = min(max(rect.y(), area.top()), area.bottom() - h + 1)
    return QRect(x, y, w, h)


class CompactPanel(QWidget):
    """sig_closed(): the panel was closed by the window manager (the desk comes back)."""

    sig_closed = Signal()

    def __init__(self, settings, parent=None) -> None:
        from PySide6.QtCore import Qt

        super().__init__(parent, Qt.Window | Qt.WindowStaysOnTopHint)
        self.setObjectName("compactPanel")
        self.setWindowTitle(tr('坐席助手 · 紧凑模式'))
        self.settings = settings
        self.split = QSplitter(Qt.Vertical, objectName="compactSplit")
        self.split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.split)
        self.setMinimumWidth(360)
        self._hidden_parts: list[QWidget] = []
        self._labels: list[tuple[QWidget, str]] = []
        self._closing_for_toggle = False

    def hold(self, templates, draft) -> None:
        """Take the desk's panels in (they leave the desk's splitter)."""
        panels = {"templates": templates, "draft": draft}
        self._hidden_parts = [w for key, names in _LEFT_BEHIND.items() for name in names
                              if (w := getattr(panels[key], name, None)) is not None
                              and not w.isHidden()]
        for w in self._hidden_parts:
            w.hide()
        self._labels = []
        for name, label in _SHORT.items():
            if (button := getattr(draft, name, None)) is not None:
                self._labels.append((button, button.text()))
                button.setToolTip(button.text())
                button.setText(tr(label))
        self.split.addWidget(templates)
        self.split.addWidget(draft)
        self.split.setSizes([260, 440])

    def release(self) -> None:
        """Give the panels back (the caller puts them in the desk again)."""
        for w in self._hidden_parts:
            w.show()
        for button, text in self._labels:
            button.setText(text)
        self._hidden_parts, self._labels = [], []

    # -- place ----------------------------------------------------------------------------
    def place(self) -> None:
        """Where it was last time, clamped to today's screen; else the right edge, full height.
        Called once shown, when the window frame's size is known: the frame must fit too."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        saved = self.settings.get("compact/geometry")
        if isinstance(saved, QRect) and saved.isValid():
            inner = saved
        else:
            inner = QRect(area.right() - WIDTH + 1, area.top(), WIDTH, min(area.height(), 760))
        outer, now = self.frameGeometry(), self.geometry()
        margins = (now.x() - outer.x(), now.y() - outer.y(),
                   outer.right() - now.right(), outer.bottom() - now.bottom())
        left, top, right, bottom = margins
        frame = clamp(inner.adjusted(-left, -top, right, bottom), area)
        self.setGeometry(frame.adjusted(left, top, -right, -bottom))

    def remember(self) -> None:
        # the plain rectangle (not saveGeometry's bytes): it is clamped on the way back in
        self.settings.set("compact/geometry", self.geometry())
        self.settings.sync()

    def hideEvent(self, event) -> None:
        self.remember()
        super().hideEvent(event)

    def closeEvent(self, event) -> None:
        event.ignore()          # closing the side panel brings the desk back, it never quits
        self.sig_closed.emit()


class CompactMode(QObject):
    """Switches a main window between the full desk and the side panel (Ctrl+Shift+M, tray)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.panel: CompactPanel | None = None
        self._sizes: list[int] = []
        QShortcut(QKeySequence(TOGGLE_SHORTCUT), window, self.toggle)

    @property
    def on(self) -> bool:
        return self.panel is not None and self.panel.isVisible()

    def toggle(self) -> None:
        self.leave() if self.on else self.enter()

    def _panel(self) -> CompactPanel:
        if self.panel is None:
            self.panel = CompactPanel(self.window.settings)
            self.destroyed.connect(self.panel.deleteLater)   # a window of its own: see picker
            self.panel.setWindowIcon(self.window.windowIcon())
            self.panel.sig_closed.connect(self.leave)
            QShortcut(QKeySequence(TOGGLE_SHORTCUT), self.panel, self.toggle)
            for key in ("Ctrl+K", "Ctrl+F"):
                QShortcut(QKeySequence(key), self.panel, self.focus_search)
            QShortcut(QKeySequence("Ctrl+Return"), self.panel, lambda: self.window.draft.copy())
        return self.panel

    def enter(self) -> None:
        if self.on:
            return
        w, panel = self.window, self._panel()
        self._sizes = w.split.sizes()
        panel.hold(w.templates, w.draft)
        w.hide()
        panel.show()
        panel.place()
        panel.raise_()
        panel.activateWindow()
        w.draft.editor.setFocus()

    def leave(self) -> None:
        if self.panel is None or not self.panel.isVisible():
            return
        w = self.window
        self.panel.release()
        w.split.insertWidget(0, w.templates)
        w.split.insertWidget(1, w.draft)
        if self._sizes:
            w.split.setSizes(self._sizes)
        self.panel.hide()
        w.show()
        w.raise_()
        w.activateWindow()

    def show(self) -> None:
        """A second start asked to be shown: the panel when in compact mode, else the desk."""
        target = self.panel if self.on else self.window
        target.showNormal()
        target.raise_()
        target.activateWindow()

    def focus_search(self) -> None:
        self.window.templates.search.setFocus()
        self.window.templates.search.selectAll()

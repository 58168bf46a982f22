"""What the picker does when asked: show over the remembered window, check, paste or copy, audit.

The readiness rule is the core's copy_blockers (the desk's Copy uses the same); usage is
recorded as "paste" (or "copy"); pasting despite errors needs a confirmation and is written
to the duty log's audit trail, as copying despite errors is. Built before the desk first
shows, so the linter's modules are imported when a reply is first accepted, not here.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from agentdesk.errors import UserError
from agentdesk.gui.picker import target as targets
from agentdesk.i18n import tr


class PickerController(QObject):
    """sig_done(mode, text) once a reply was pasted ("paste") or copied ("copy")."""

    sig_done = Signal(str, str)

    def __init__(self, services, *, standalone: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.standalone = standalone      # `agentdesk pick` with no desk: quit when finished
        self.target = targets.Target()
        self._paster = None
        self._window = None

    @property
    def paster(self):
        if self._paster is None:
            from agentdesk.gui.picker.paste import Paster

            self._paster = Paster(self)
        return self._paster

    @property
    def window(self):
        if self._window is None:
            from agentdesk.gui.picker.window import PickerWindow

            self._window = PickerWindow(self.services)
            # a top-level window of its own (no parent), so Python owns it: gone with the
            # desk, on the GUI thread, not whenever a collector on some thread finds it
            self.destroyed.connect(self._window.deleteLater)
            self._window.sig_accept.connect(self.accept)
            self._window.sig_cancel.connect(self.cancel)
            self._window.sig_dismissed.connect(self.dismiss)
        return self._window

    def prepare(self) -> None:
        """Build the window ahead of the first shortcut (it then shows in a few milliseconds)."""
        self.window.ensurePolished()

    def show_for(self, target: targets.Target | None = None) -> None:
        """Open the picker; paste will go to target (default: the window active right now)."""
        if self._window is not None and self._window.isVisible():
            # pressed again (or key repeat) while open: the active window is now the picker
            # itself, so keep the one remembered first, and what was typed
            self._window.raise_()
            self._window.activateWindow()
            return
        self.target = target if target is not None else targets.active_window()
        self.window.present()

    def phrasebook_loaded(self) -> None:
        if self._window is not None and self._window.isVisible():
            self._window.refresh()

    # -- finishing ------------------------------------------------------------------------
    def cancel(self) -> None:
        self.window.hide()
        targets.focus(self.target)
        self._finished()

    def dismiss(self) -> None:
        """The agent went elsewhere: close, and leave the keyboard where they put it."""
        if not self.paster.busy:
            self.window.hide()
            self._finished()

    def accept(self, mode: str) -> None:
        w = self.window
        if self.paster.busy or (w.template is None and not w.editor.toPlainText().strip()):
            return
        from agentdesk.lint import strip_controls
        from agentdesk.lint.readiness import copy_blockers

        raw = w.editor.toPlainText()
        text = strip_controls(raw)
        findings = w.findings if self.services.linter is not None else None
        blockers = copy_blockers(findings, text)
        if blockers and (mode != "anyway" or findings is None):
            w.show_blocked(blockers)
            return
        if blockers and not self._confirmed_despite_errors(findings, raw):
            return
        self._remember(raw)
        action = "copy" if mode == "copy" else "paste"
        if w.template is not None:
            self.services.usage.record(w.template, action)
        w.hide()
        if action == "copy":
            from agentdesk.gui.picker.paste import put_text

            put_text(text)
            targets.focus(self.target)
            self.sig_done.emit("copy", text)
            self._finished()
            return

        def pasted(_ok: bool) -> None:
            self.sig_done.emit("paste", text)
            self._finished()

        self.paster.paste(text, self.target, pasted)

    def _confirmed_despite_errors(self, findings, raw: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        from agentdesk.lint.readiness import override_detail

        answer = QMessageBox.question(
            self.window, tr('确认粘贴'),
            tr('回复中还有错误级别的问题。确定仍要粘贴吗？此操作会记入值班记录的审计日志。'))
        if answer != QMessageBox.Yes:
            return False
        try:
            self.services.log.audit("paste_with_errors", by=self.services.agent,
                                    detail=override_detail(findings, raw))
        except UserError as exc:        # no audit trail, no unchecked paste
            self.window.show_problem(exc.message)
            return False
        return True

    def _remember(self, raw: str) -> None:
        from agentdesk.gui.picker.fields import values_of

        usage = self.services.usage
        for name, value in values_of(raw, self.window.fields).items():
            usage.remember(name, value)

    def _finished(self) -> None:
        if self.standalone:
            from PySide6.QtWidgets import QApplication

            QApplication.quit()

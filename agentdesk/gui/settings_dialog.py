"""The window's settings dialog: which kind of desk (profile) this is, saved and applied live.

The choice is kept in settings.ini (`desk/profile`). Applying it restacks the phrasebook
layers and reloads the templates, rules and vocabulary on workers (MainWindow.reload_core);
the entry form's boxes change when the new words arrive. `--profile` or AGENTDESK_PROFILE,
when given, win: the choice is then shown disabled, with the reason.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel

from agentdesk.i18n import tr

SETTING = "desk/profile"


def profile_choices() -> list[tuple[str, str]]:
    """(name, title) of every shipped profile, as `agentdesk profile list` finds them."""
    from agentdesk.paths import known_profiles
    from agentdesk.phrasebook.profiles import read_profile

    choices = []
    for name, path in known_profiles().items():
        profile, _problems = read_profile(path)     # a broken profile.toml: listed by name
        choices.append((name, profile.title() if profile else name))
    return choices


class SettingsDialog(QDialog):
    sig_profile_chosen = Signal(str)     # the profile's name; "" for none

    def __init__(self, choices: list[tuple[str, str]], current: str | None,
                 forced: str | None = None, parent=None) -> None:
        super().__init__(parent, objectName="settingsDialog")
        self.setWindowTitle(tr('设置'))
        self.profile = QComboBox(objectName="settingsProfile")
        self.profile.addItem(tr('不用配置（通用词表）'), "")
        for name, title in choices:
            self.profile.addItem(f"{title}（{name}）", name)
        self.profile.setCurrentIndex(max(self.profile.findData(forced or current or ""), 0))
        form = QFormLayout(self)
        form.addRow(tr('坐席类型配置'), self.profile)
        if forced:
            self.profile.setEnabled(False)
            note = QLabel(tr('已由 --profile 或 AGENTDESK_PROFILE 指定为 {name}，以它为准',
                             name=forced), objectName="settingsProfileForced")
            note.setWordWrap(True)
            form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel,
                                   objectName="settingsButtons")
        buttons.accepted.connect(lambda: self._accept())
        buttons.rejected.connect(lambda: self.reject())
        form.addRow(buttons)

    def chosen(self) -> str:
        return self.profile.currentData() or ""

    def _accept(self) -> None:
        self.accept()
        self.sig_profile_chosen.emit(self.chosen())


def open_settings(window) -> SettingsDialog:
    """Show the dialog over the window (not blocking the event loop); applies on OK."""
    services = window.services
    dialog = SettingsDialog(profile_choices(), services.paths.profile, services.forced_profile,
                            window)
    dialog.sig_profile_chosen.connect(lambda name: apply_profile(window, name))
    dialog.finished.connect(lambda _: dialog.deleteLater())
    window.settings_dialog = dialog
    dialog.open()
    return dialog


def apply_profile(window, name: str) -> None:
    """Save the choice; unless the command line named a profile, restack and reload now."""
    window.settings.set(SETTING, name)
    window.settings.sync()
    if window.services.use_profile(name or None):
        window.statusBar().showMessage(tr('正在切换配置……'))
        window.reload_core()

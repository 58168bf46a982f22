"""Wiring the picker and compact mode into a desk, and the picker on its own (`agentdesk pick`)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from agentdesk.i18n import tr

if TYPE_CHECKING:
    from agentdesk.gui.picker.controller import PickerController
    from agentdesk.gui.picker.target import Target


def attach(window) -> PickerController:
    """Give a main window its picker (window.picker) and compact mode (window.compact), with
    tray entries for both. Nothing global yet: see serve()."""
    from agentdesk.gui.compact_panel import CompactMode
    from agentdesk.gui.picker.controller import PickerController

    window.picker = PickerController(window.services, parent=window)
    window.compact = CompactMode(window)

    # the tray is made on the first turn of the event loop: add to its menu after that
    QTimer.singleShot(0, window, lambda: add_tray_entries(window))
    return window.picker


def add_tray_entries(window) -> None:
    """"Picker" and "Compact mode" at the top of the tray menu (where there is a tray)."""
    from agentdesk.gui.compact_panel import TOGGLE_SHORTCUT

    tray = getattr(window, "tray", None)
    menu = tray.contextMenu() if tray is not None else None
    if menu is None:
        return
    hotkey = window.settings.get("picker/hotkey")
    pick = menu.addAction(tr('选择器（{hotkey}）', hotkey=hotkey))
    pick.triggered.connect(lambda: window.picker.show_for())
    compact = menu.addAction(tr('紧凑模式（{TOGGLE_SHORTCUT}）', TOGGLE_SHORTCUT=TOGGLE_SHORTCUT))
    compact.triggered.connect(lambda: window.compact.toggle())
    first = menu.actions()[0]
    if first is not pick:
        menu.removeAction(pick)
        menu.removeAction(compact)
        menu.insertActions(first, [pick, compact])


def serve(window, data_dir) -> None:
    """The running desk owns the global shortcut and answers later starts (show, pick)."""
    from agentdesk.gui.hotkey import GlobalHotkey
    from agentdesk.gui.instance import InstanceServer
    from agentdesk.gui.picker.target import Target

    def handle(command: str, arg: str) -> None:
        if command == "pick":
            window.picker.show_for(Target(int(arg)) if arg.isdigit() else None)
        elif command == "compact":
            window.compact.toggle()
        else:
            window.compact.show()

    window.instance_server = InstanceServer(data_dir, handle, window)
    window.instance_server.listen()
    window.hotkey = GlobalHotkey(window.settings.get("picker/hotkey"), window)
    window.hotkey.sig_activated.connect(window.picker.show_for)
    if not window.hotkey.start():
        # the agent must know (Wayland: bind `agentdesk pick`; a mistyped key in settings.ini)
        sys.stderr.write(f"agentdesk: {window.hotkey.problem}\n")
        QTimer.singleShot(1500, window, lambda: window.notify(window.hotkey.problem))
    # built while the agent is still reading the desk: the first shortcut only shows it
    QTimer.singleShot(300, window, window.picker.prepare)


def run_standalone(paths, target: Target) -> int:
    """`agentdesk pick` with no desk running: the picker alone, quitting when it is done."""
    from PySide6.QtWidgets import QApplication

    from agentdesk.gui.picker.controller import PickerController
    from agentdesk.gui.services import Services
    from agentdesk.gui.workers import run_in_background

    app = QApplication.instance() or QApplication(["agentdesk"])
    app.setApplicationName("AgentDesk")
    app.setQuitOnLastWindowClosed(False)       # the confirmation box closing is not the end
    services = Services(paths)
    picker = PickerController(services, standalone=True)

    def loaded(result) -> None:
        services.phrasebook, services.linter = result[0], result[1]   # (book, linter, ...)
        if picker.window.isVisible():
            picker.window.relint()

    def failed(message: str) -> None:
        picker.window.show_problem(tr('加载失败：{message}', message=message))

    picker.show_for(target)
    run_in_background(services.load_core, loaded, failed)
    code = app.exec()
    services.close()
    return code

"""The composition root: builds the services and the window, starts the slow loading after show."""

from __future__ import annotations

import os

from agentdesk.paths import AppPaths


def _icon():
    from PySide6.QtGui import QIcon

    return QIcon(str(AppPaths.resolve().resources / "icons" / "agentdesk.svg"))


def _style() -> str:
    try:
        return (AppPaths.resolve().resources / "styles" / "agentdesk.qss").read_text("utf-8")
    except OSError:
        return ""


def build_main_window(paths: AppPaths | None = None, *, start: bool = True):
    """The fully wired main window (a QApplication must exist). With start=True the duty log
    opens and the phrasebook, search index and linter load in a background thread."""
    from agentdesk.gui.main_window import MainWindow
    from agentdesk.gui.services import Services
    from agentdesk.gui.settings import Settings
    from agentdesk.gui.workers import run_in_background

    paths = paths or AppPaths.resolve()
    services = Services(paths)
    window = MainWindow(services, Settings(paths.data_dir / "settings.ini"), _icon())
    if start:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, window.start_desk)
        run_in_background(services.load_core, window.core_loaded, window.core_failed)
    return window


def _install_qt_translations(app) -> None:
    """Qt's own buttons (OK, Cancel, Yes) in Chinese unless the user chose English."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    from agentdesk.i18n import language

    if language() != "zh":
        return
    translator = QTranslator(app)
    if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
        app.installTranslator(translator)


def run_app(paths: AppPaths) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["agentdesk"])
    app.setApplicationName("AgentDesk")
    _install_qt_translations(app)
    app.setStyleSheet(_style())
    exit_after = os.environ.get("AGENTDESK_EXIT_AFTER_SHOWN", "")
    window = build_main_window(paths, start=exit_after != "1")
    window.show()
    if exit_after == "1":      # benchmarks: the moment the window is on screen
        QTimer.singleShot(0, app.quit)
    elif exit_after == "loaded":
        def quit_when_loaded() -> None:
            if window.loaded:
                app.quit()
            else:
                QTimer.singleShot(20, quit_when_loaded)
        quit_when_loaded()
    code = app.exec()
    window.services.close()
    return code

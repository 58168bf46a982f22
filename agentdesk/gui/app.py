"""The composition root: builds the services and the window, starts the slow loading after show."""

from __future__ import annotations

import os

from agentdesk.paths import AppPaths


def _icon(paths: AppPaths):
    from PySide6.QtGui import QIcon

    # PNG, not SVG: no image plugin to load while the window is being shown
    return QIcon(str(paths.resources / "icons" / "agentdesk.png"))


def _style() -> str:
    from agentdesk.paths import shipped_resources

    try:
        return (shipped_resources() / "styles" / "agentdesk.qss").read_text("utf-8")
    except OSError:
        return ""


def build_main_window(paths: AppPaths | None = None, *, start: bool = True,
                      defer_tabs: bool = False):
    """The fully wired main window (a QApplication must exist). With start=True the duty log
    opens and the phrasebook, search index and linter load in a background thread. With
    defer_tabs the duty-log and handover tabs are built just after the window shows."""
    from agentdesk.gui.main_window import MainWindow
    from agentdesk.gui.services import Services
    from agentdesk.gui.settings import Settings

    paths = paths or AppPaths.resolve()
    from agentdesk import data_i18n

    data_i18n.use_layers(paths.phrasebook_dirs)   # the data shown through these layers' catalogs
    services = Services(paths)
    settings = Settings(paths.data_dir / "settings.ini")
    services.use_profile(settings.get("desk/profile") or None)   # the window's own choice
    window = MainWindow(services, settings, _icon(paths), defer_tabs=defer_tabs)
    from agentdesk.gui.picker import attach

    attach(window)   # window.picker and window.compact (Ctrl+Shift+M), tray entries
    if start:
        from PySide6.QtCore import QTimer

        from agentdesk.gui.startup import StartSequence

        # after the first paint; the order is agentdesk.gui.startup's
        window.start_sequence = StartSequence(window, services)
        QTimer.singleShot(0, window.start_sequence.start)
    return window


def _set_font(app) -> None:
    """A CJK font for the whole application (cheaper than a `QWidget {font-family}` rule)."""
    from PySide6.QtGui import QFont

    font = QFont()
    # (no font.defaultFamily() at the end: Qt falls back to it anyway, and asking for it
    # loaded the font database before the window could show, ~15 ms)
    font.setFamilies(["Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC",
                      "WenQuanYi Micro Hei"])
    font.setPointSize(10)
    app.setFont(font)


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

    from agentdesk.gui.instance import hand_over

    if hand_over(paths.data_dir, "show"):   # a desk is running: it comes to the front instead
        return 0

    app = QApplication.instance() or QApplication(["agentdesk"])
    app.setApplicationName("AgentDesk")
    _install_qt_translations(app)
    _set_font(app)
    app.setStyleSheet(_style())
    exit_after = os.environ.get("AGENTDESK_EXIT_AFTER_SHOWN", "")
    window = build_main_window(paths, start=exit_after != "1", defer_tabs=True)
    window.show()
    if not exit_after:
        from agentdesk.gui.picker import serve

        serve(window, paths.data_dir)   # the global shortcut; later starts hand over to us
    if exit_after == "1":      # benchmarks: print the moment the window is on screen, then quit
        def shown() -> None:
            import time

            print(f"shown {time.time():.6f}", flush=True)
            app.quit()

        QTimer.singleShot(0, shown)
    elif exit_after == "loaded":
        def quit_when_loaded() -> None:
            from agentdesk.chinese import segmenter

            # fully loaded: jieba's lexicon too (built and saved on a very first start)
            if window.loaded and window.desk_started and segmenter().is_ready:
                app.quit()
            else:
                QTimer.singleShot(20, quit_when_loaded)
        quit_when_loaded()
    code = app.exec()
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(3_000)   # let a running write finish cleanly
    window.services.close()
    return code

"""The main window: layout, menus, shortcuts and wiring between the panels. No logic of its own."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QSystemTrayIcon,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from agentdesk.gui.draft_panel import DraftPanel
from agentdesk.gui.settings import Settings
from agentdesk.gui.templates_panel import TemplatesPanel
from agentdesk.i18n import tr

TAB_DESK, TAB_LOG, TAB_HANDOVER = 0, 1, 2


class MainWindow(QMainWindow):
    def __init__(self, services, settings: Settings, icon: QIcon, *,
                 defer_tabs: bool = False) -> None:
        super().__init__()
        self.services = services
        self.settings = settings
        self.checks_ready = self.book_ready = False
        self.rule_problems: list[str] = []
        self._reloading = False
        self._shown_once = False
        self._desk_up = False
        self._secondary_wired = False
        self._desk_started = False
        self._closed = False
        self.setWindowTitle("AgentDesk 坐席助手")
        self.setWindowIcon(icon)
        self.templates = TemplatesPanel(services)
        self.draft = DraftPanel(services)
        self.duty_log = None      # DutyLogPanel, HandoverPanel and the reminders: built just
        self.handover = None      # after the first paint (their Qt classes cost ~60 ms to load)
        self.reminders = None
        self.split = QSplitter(objectName="deskSplit")   # horizontal
        self.split.addWidget(self.templates)
        self.split.addWidget(self.draft)
        self.split.setSizes([520, 800])
        # search → results → draft → its buttons: the keyboard path of a reply
        QWidget.setTabOrder(self.templates.search, self.templates.list)
        QWidget.setTabOrder(self.templates.list, self.draft.editor)
        self.tabs = QTabWidget(objectName="mainTabs")
        self.tabs.addTab(self.split, tr('话术与回复'))
        self.tabs.addTab(QWidget(), tr('值班记录'))
        self.tabs.addTab(QWidget(), tr('交接班'))
        # The handover banner and the reminders live in the status bar: it never changes
        # height, so nothing the agent is about to click moves when they appear.
        self.banner = QWidget(objectName="handoverBanner")
        banner_row = QHBoxLayout(self.banner)
        banner_row.setContentsMargins(0, 0, 0, 0)
        self.banner_text = QLabel(objectName="handoverBannerText")
        self.banner_text.setStyleSheet("color: #b06000;")
        go = QPushButton(tr('去确认'), objectName="handoverBannerGo")
        go.setFlat(True)
        banner_row.addWidget(self.banner_text)
        banner_row.addWidget(go)
        self.banner.hide()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(6, 6, 6, 0)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.statusBar().addPermanentWidget(self.banner)
        self.statusBar().showMessage(tr('正在加载话术库和检查规则……'))
        self._menus()
        self._shortcuts()
        self.tray = None
        QTimer.singleShot(0, self, lambda: self._make_tray(icon))   # not once closed

        go.clicked.connect(lambda: self.tabs.setCurrentIndex(TAB_HANDOVER))
        self.tabs.currentChanged.connect(self.tab_opened)
        self.templates.sig_template_activated.connect(self.insert_template)
        self.draft.sig_copied.connect(lambda _: self.statusBar().showMessage(
            tr('已复制到剪贴板'), 3000))
        if not defer_tabs:
            self.ensure_secondary()
        self._restore()

    def _make_tray(self, icon: QIcon) -> None:
        if self.tray is None and QSystemTrayIcon.isSystemTrayAvailable():
            from agentdesk.gui.tray import make_tray

            self.tray = make_tray(self, icon)

    def ensure_secondary(self) -> None:
        """The duty-log and handover tabs, now (a shortcut or a test needs them at once);
        start-up builds them in stages instead (agentdesk.gui.startup.build_in_stages)."""
        while self._secondary_step():
            pass

    def _secondary_step(self) -> bool:
        """Build the next part of the secondary tabs; False when they are all there."""
        if self.duty_log is None:
            from agentdesk.gui.duty_log_panel import DutyLogPanel
            from agentdesk.gui.reminders import Reminders

            self.reminders = Reminders(self)
            self.statusBar().addPermanentWidget(self.reminders.button)
            self.duty_log = DutyLogPanel(self.services)
            return True
        if self.handover is None:
            from agentdesk.gui.handover_panel import HandoverPanel

            self.handover = HandoverPanel(self.services)
            return True
        if self._secondary_wired:
            return False
        self._secondary_wired = True
        tab = self.tabs.currentIndex()
        for index, panel, title in ((TAB_LOG, self.duty_log, tr('值班记录')),
                                    (TAB_HANDOVER, self.handover, tr('交接班'))):
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, panel, title)
        self.tabs.setCurrentIndex(tab)
        self._show_words()
        QShortcut(QKeySequence("Ctrl+S"), self.duty_log, self.duty_log.form.submit)
        self.duty_log.sig_callbacks_due.connect(self.reminders.update)
        self.duty_log.sig_log_changed.connect(self.handover.refresh)
        self.handover.sig_pending.connect(self.update_banner)
        self.handover.sig_submitted.connect(lambda _: self.duty_log.apply_filter())
        self.handover.sig_acknowledged.connect(lambda _: self.duty_log.apply_filter())
        # counts shown are never older than the moment the agent looks at them
        self.tabs.currentChanged.connect(
            lambda i: self.handover.refresh() if i == TAB_HANDOVER and self._desk_up else None)
        return False

    # -- layout helpers -------------------------------------------------------------------
    def _menus(self) -> None:
        view = self.menuBar().addMenu(tr('视图(&V)'))
        self.on_top = QAction(tr('窗口置顶'), self, checkable=True)
        self.on_top.toggled.connect(self.set_always_on_top)
        view.addAction(self.on_top)
        # The key is a QShortcut and only shown in the menu text: QAction.setShortcut would
        # build PySide6's whole Qt enum namespace (~12 ms) before the window first shows.
        fav = QAction(tr('收藏/取消收藏当前话术\tCtrl+D'), self)
        fav.triggered.connect(lambda: self.templates.toggle_favourite())
        QShortcut(QKeySequence("Ctrl+D"), self, self.templates.toggle_favourite)
        view.addAction(fav)
        settings = QAction(tr('设置…'), self)
        settings.triggered.connect(lambda: self.open_settings())
        view.addAction(settings)
        help_menu = self.menuBar().addMenu(tr('帮助(&H)'))
        keys = QAction(tr('快捷键'), self)
        keys.triggered.connect(lambda: QMessageBox.information(self, tr('快捷键'), tr(
            'Ctrl+K 搜索话术 · ↓ 进入结果 · 回车插入 · Tab 下一个占位符 · Ctrl+Enter 复制 · '
            'Ctrl+N 新登记 · Ctrl+S 保存登记 · Ctrl+D 收藏')))
        help_menu.addAction(keys)

    def _shortcuts(self) -> None:
        for key in ("Ctrl+K", "Ctrl+F"):
            QShortcut(QKeySequence(key), self, self.focus_search)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_entry)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.draft.copy)

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(TAB_DESK)
        self.templates.search.setFocus()
        self.templates.search.selectAll()

    def new_entry(self) -> None:
        self.ensure_secondary()
        self.tabs.setCurrentIndex(TAB_LOG)
        self.duty_log.focus_new_entry()

    def set_always_on_top(self, on: bool) -> None:
        from PySide6.QtCore import Qt

        self.setWindowFlag(Qt.WindowStaysOnTopHint, on)
        self.settings.set("window/always_on_top", on)
        if self.isVisible() or self._shown_once:
            self.show()

    def notify(self, message: str) -> None:
        """A one-line message in the status bar (and the tray, for when the window is hidden)."""
        self.statusBar().showMessage(message, 15_000)
        if self.tray is not None:
            self.tray.showMessage("AgentDesk", message)

    # -- behaviour ------------------------------------------------------------------------
    def insert_template(self, template) -> None:
        if template.placeholders:
            from agentdesk.gui.fill_dialog import FillDialog

            usage = self.services.usage
            remembered = {p.name: usage.remembered(p.name) for p in template.placeholders}
            dialog = FillDialog(template, {k: v for k, v in remembered.items() if v}, self)
            self.active_fill_dialog = dialog
            if dialog.exec() != QDialog.Accepted:
                self.draft.insert_template(template)    # keep {slots}: Tab moves through them
            else:
                for name, value in dialog.values().items():
                    if value:
                        usage.remember(name, value)
                self.draft.editor.textCursor().insertText(dialog.filled)
                self.draft.relint()
            self.active_fill_dialog = None
        else:
            self.draft.insert_template(template, {})
        self.services.usage.record(template, "insert")
        self.draft.editor.setFocus()

    @property
    def loaded(self) -> bool:
        """Both halves are in: the checks (Copy) and the phrasebook (search)."""
        return self.checks_ready and self.book_ready

    def core_loaded(self, result) -> None:
        """A (re)load of everything: (book, linter, problems)."""
        book, linter, problems = result
        self.book_loaded(book)
        self.checks_loaded((linter, problems))

    def book_loaded(self, book) -> None:
        self.services.phrasebook = book
        self.book_ready = True
        self.templates.phrasebook_loaded()
        self._loaded_message()

    def checks_loaded(self, result) -> None:
        """The linter first: Copy waits for it, so it is loaded apart from the phrasebook."""
        self.services.linter, problems = result
        self.checks_ready = True
        self.draft.set_checks_ready(None)
        self.rule_problems = problems
        self._loaded_message()

    def _loaded_message(self) -> None:
        problems = self.rule_problems if self.checks_ready else []
        if problems:     # a broken team rule file: named, the rest of the rules still apply
            self.statusBar().showMessage(tr(
                    '检查规则文件有问题（其余规则照常生效）：{problems}',
                    problems=problems[0]))
            self.statusBar().setToolTip("\n".join(problems))
        elif self.loaded:
            self.statusBar().setToolTip("")
            self.statusBar().showMessage(tr('就绪') if not self._reloading else
                                         tr('话术库已更新'), 3000)
            self._reloading = True
        if self.loaded:
            self._watch_phrasebook()

    def _watch_phrasebook(self) -> None:
        """Reload when a supervisor edits the team directory (or anyone edits a layer)."""
        from PySide6.QtCore import QFileSystemWatcher

        if getattr(self, "_watcher", None) is None:
            self._watcher = QFileSystemWatcher(self)
            self._reload_timer = QTimer(self, singleShot=True, interval=400)
            self._reload_timer.timeout.connect(self.reload_core)
            self._watcher.directoryChanged.connect(lambda _: self._reload_timer.start())
            self._watcher.fileChanged.connect(lambda _: self._reload_timer.start())
        from agentdesk.layers import watch_paths

        try:     # the folder layout is known in one place: agentdesk.layers
            paths = [str(p) for p in watch_paths(self.services.paths.phrasebook_dirs)]
        except OSError:
            paths = []
        stale = set(self._watcher.files() + self._watcher.directories()) - set(paths)
        if stale:
            self._watcher.removePaths(list(stale))
        fresh = [p for p in paths if p not in set(self._watcher.files() +
                                                  self._watcher.directories())]
        if fresh:
            self._watcher.addPaths(fresh)

    def reload_core(self) -> None:
        from agentdesk import data_i18n
        from agentdesk.gui.workers import run_in_background

        data_i18n.forget()      # a layer's locale/<lang>.toml may be the file that changed
        run_in_background(self.services.load_vocabulary, self.vocabulary_loaded)
        run_in_background(self.services.load_core, self.core_loaded, self.core_failed)

    def open_settings(self):
        from agentdesk.gui.settings_dialog import open_settings

        return open_settings(self)

    def vocabulary_loaded(self, result) -> None:
        """The duty log's words of the current layers: into the services and the boxes."""
        vocabulary, _problems = result   # problems: `agentdesk phrases check` names them
        self.services.set_vocabulary(vocabulary)
        self._show_words()

    def _show_words(self) -> None:
        vocabulary = self.services.vocabulary
        if vocabulary is None or self.duty_log is None:
            return
        from agentdesk.gui.entry_form import fill_category_filter

        self.duty_log.form.set_vocabulary(vocabulary)
        fill_category_filter(self.duty_log.category, vocabulary)
        if self._desk_up:
            self.duty_log.apply_filter()        # the status labels are the desk's too

    def book_failed(self, message: str) -> None:
        """The phrasebook did not load: search says why; the checks are not affected."""
        self.templates.status.setText(tr('话术库未能加载：{message}', message=message))
        self.statusBar().showMessage(self.templates.status.text())
        self._watch_phrasebook()

    def core_failed(self, message: str) -> None:
        """The checks did not load: say which file, hold Copy, and keep watching the files so
        the window recovers by itself once the file is fixed."""
        reason = tr('检查规则未能加载，复制已暂停：{message}', message=message)
        self.services.linter = None
        self.draft.set_checks_ready(reason)
        self.statusBar().showMessage(reason)
        self.statusBar().setToolTip(message)
        self._watch_phrasebook()

    def tab_opened(self, index: int) -> None:
        """The agent opened the log or handover tab before start-up built it: build it now."""
        if index in (TAB_LOG, TAB_HANDOVER):
            self.ensure_secondary()
            self.start_desk()

    @property
    def desk_started(self) -> bool:
        return self._desk_started

    def start_desk(self, built=None) -> None:
        """The duty log and handover, once the window is up: opened (and migrated) on a
        worker, then each panel loads itself there too; the window never waits for SQLite.
        `built()` runs once the tabs are built. Once only."""
        from agentdesk.gui.workers import run_log_op

        if self._desk_started:
            return
        self._desk_started = True

        def opened(_) -> None:
            self._desk_up = True
            self.duty_log.start()
            if self._closed:            # closed while the tabs were built: as closeEvent does
                self.duty_log._due_timer.stop()
            self.handover.refresh()

        def failed(message: str) -> None:
            self.notify(message)
            self.tabs.setTabEnabled(TAB_LOG, False)
            self.tabs.setTabEnabled(TAB_HANDOVER, False)

        def then() -> None:
            run_log_op(self.services, lambda log: None, opened, failed)
            if built is not None:
                built()

        from agentdesk.gui.startup import build_in_stages

        build_in_stages(self, then)

    def update_banner(self, pending: list) -> None:
        self.banner.setVisible(bool(pending))
        if pending:
            h = pending[-1]
            self.banner_text.setText(tr(
                    '⚠ 上一班（{by}）的交接班 #{id} 尚未确认：{n_open_items} 项未完成事项',
                    by=h.by, id=h.id, n_open_items=h.item_count))

    # -- state ----------------------------------------------------------------------------
    def _restore(self) -> None:
        geometry = self.settings.get("window/geometry")
        if geometry:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 720)
        self.clamp_to_screen()
        split = self.settings.get("window/split")
        if split:
            self.split.restoreState(split)
        self.tabs.setCurrentIndex(self.settings.get("window/tab"))
        if self.settings.get("window/always_on_top"):
            self.on_top.setChecked(True)

    def clamp_to_screen(self) -> None:
        """Keep the window inside the screen's available area (a geometry saved on a larger
        monitor, or grown by an earlier layout, must not push Copy off the bottom)."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        frame = self.frameGeometry()
        extra_w, extra_h = frame.width() - self.width(), frame.height() - self.height()
        width = min(self.width(), area.width() - extra_w)
        height = min(self.height(), area.height() - extra_h)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        x = min(max(frame.x(), area.left()), area.right() + 1 - width - extra_w)
        y = min(max(frame.y(), area.top()), area.bottom() + 1 - height - extra_h)
        if (x, y) != (frame.x(), frame.y()):
            self.move(x, y)

    def save_state(self) -> None:
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/split", self.split.saveState())
        self.settings.set("window/tab", self.tabs.currentIndex())
        self.settings.sync()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._shown_once = True

    def closeEvent(self, event) -> None:
        self.draft.save_draft()
        self.save_state()
        self._closed = True
        if self.duty_log is not None:
            self.duty_log._due_timer.stop()
        if self.reminders is not None:
            self.reminders.popup.hide()
        if getattr(self, "_watcher", None) is not None:
            self._reload_timer.stop()
            self._watcher.blockSignals(True)
        super().closeEvent(event)


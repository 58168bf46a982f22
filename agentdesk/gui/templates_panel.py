"""The Templates panel: category tree, search as you type, results, preview."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListView,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agentdesk.gui import roles
from agentdesk.gui.template_list_model import TemplateListModel
from agentdesk.i18n import tr


class TemplatesPanel(QWidget):
    sig_template_activated = Signal(object)   # a Template to insert into the draft

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.category: str | None = None
        self.search = _SearchBox(self._into_results, objectName="templateSearch")
        self.search.setPlaceholderText(tr('搜索话术：关键字、拼音、首字母、繁体（Ctrl+K）'))
        self.tree = QTreeWidget(objectName="categoryTree")
        self.tree.setHeaderHidden(True)
        self.model = TemplateListModel(self)
        self.list = QListView(objectName="templateList")
        self.list.setModel(self.model)
        self.list.setAlternatingRowColors(True)
        # Every row is two lines (title, category), a long title elided (the view's default;
        # the preview and the tooltip show it whole): with uniform sizes Qt asks the model
        # about the visible rows only, not ~950 times to lay out 50 results (each a call into
        # Python, each waiting for the GIL while a loader runs: the first fill took 0.3 s).
        self.list.setUniformItemSizes(True)
        self.preview = QTextBrowser(objectName="templatePreview")
        self.status = QLabel(tr('正在加载话术库……'),
                             objectName="templateStatus")
        self.tree.setMaximumHeight(170)
        self.preview.setMaximumHeight(150)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 2)
        layout.addWidget(self.list, 5)
        layout.addWidget(self.preview, 2)
        layout.addWidget(self.status)
        self._debounce = QTimer(self, singleShot=True, interval=60)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _: self._debounce.start())
        self.search.returnPressed.connect(self._activate_current)
        # activated alone: it already fires on double-click (and Enter); connecting
        # doubleClicked too inserted the template twice
        self.list.activated.connect(self._activate)
        self.list.selectionModel().currentChanged.connect(self._show_preview)
        self.tree.currentItemChanged.connect(self._category_changed)

    def phrasebook_loaded(self) -> None:
        book = self.services.phrasebook
        self.tree.clear()
        everything = QTreeWidgetItem([tr('全部话术')])
        everything.setData(0, roles.USER, None)
        self.tree.addTopLevelItem(everything)
        nodes: dict[str, QTreeWidgetItem] = {}
        for path in book.categories():
            parent_path, _, leaf = path.rpartition("/")
            item = QTreeWidgetItem([leaf])
            item.setData(0, roles.USER, path)
            (nodes[parent_path].addChild(item) if parent_path in nodes
             else self.tree.addTopLevelItem(item))
            nodes[path] = item
        problems = len(book.problems)
        count = tr("{n} 条话术", n=len(book.templates))
        self.status.setText(count + (tr("，{problems} 个文件问题", problems=problems)
                                     if problems else ""))
        if problems:
            self.status.setToolTip("\n".join(str(p) for p in book.problems[:20]))
        self.refresh()

    def _category_changed(self, item, _previous) -> None:
        self.category = item.data(0, roles.USER) if item else None
        self.refresh()

    def refresh(self) -> None:
        book = self.services.phrasebook
        if book is None:
            return
        usage = self.services.usage
        found = book.search(self.search.text(), limit=50, usage=usage, category=self.category)
        self.model.set_templates(found, set(usage.favourites()))
        if found:
            self.list.setCurrentIndex(self.model.index(0))
        else:
            self.preview.clear()        # not the previous query's template

    def _show_preview(self, current: QModelIndex, _previous=None) -> None:
        tpl = self.model.template(current.row())
        if tpl is None:
            self.preview.clear()
            return
        from agentdesk.gui.template_preview import preview_html

        self.preview.setHtml(preview_html(tpl))

    def _into_results(self) -> bool:
        """Down (or PgDown) in the search box moves into the results."""
        if self.model.rowCount() == 0:
            return False
        self.list.setFocus()
        row = self.list.currentIndex().row()
        self.list.setCurrentIndex(self.model.index(max(row, 0)))
        return True

    def _activate_current(self) -> None:
        self._activate(self.list.currentIndex())

    def _activate(self, index: QModelIndex) -> None:
        tpl = self.model.template(index.row())
        if tpl is not None:
            self.sig_template_activated.emit(tpl)

    def toggle_favourite(self) -> None:
        tpl = self.model.template(self.list.currentIndex().row())
        if tpl is not None:
            usage = self.services.usage
            usage.set_favourite(tpl.id, not usage.is_favourite(tpl.id))
            self.refresh()


class _SearchBox(QLineEdit):
    """The search box: Down or PgDown moves into the results. A key handler, not an event
    filter: a filter sees every event of the box from its creation, and the first ones made
    PySide6 build its QEvent enums before the window could show (~0.15 s of the start)."""

    def __init__(self, into_results, **kwargs) -> None:
        super().__init__(**kwargs)
        self._into_results = into_results

    def keyPressEvent(self, event) -> None:
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self._into_results():
            return
        super().keyPressEvent(event)

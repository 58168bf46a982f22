"""TemplateListModel: the search results as a Qt list model (favourites marked, team layer too)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex

from agentdesk.gui import roles
from agentdesk.i18n import tr

TemplateRole = roles.TEMPLATE


class TemplateListModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._items: list = []
        self._favourites: set[str] = set()

    def set_templates(self, templates: list, favourites: set[str] | None = None) -> None:
        self.beginResetModel()
        self._items = list(templates)
        self._favourites = set(favourites or ())
        self.endResetModel()

    def template(self, row: int):
        return self._items[row] if 0 <= row < len(self._items) else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: QModelIndex, role: int = roles.DISPLAY):
        tpl = self.template(index.row())
        if tpl is None:
            return None
        if role == roles.DISPLAY:
            star = "★ " if tpl.id in self._favourites else ""
            name = tr('团队') if tpl.layer == "team" else tpl.layer
            layer = "" if tpl.layer == "shipped" else f"  [{name}]"
            return f"{star}{tpl.title}{layer}\n{tpl.category}"
        if role == roles.TOOLTIP:
            return tpl.text
        if role == TemplateRole:
            return tpl
        return None

"""DutyLogTableModel: the duty log as a Qt table, fetched a page at a time."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex
from PySide6.QtGui import QColor

from agentdesk.gui import roles
from agentdesk.i18n import t

PAGE = 200
COLUMNS = (("id", "编号", "ID"), ("created", "时间", "Time"), ("customer", "客户", "Customer"),
           ("contact", "联系方式", "Contact"), ("category", "类别", "Category"),
           ("status", "状态", "Status"), ("callback", "回电", "Call back"),
           ("summary", "问题内容", "Summary"))
OVERDUE_BG = QColor("#fde7e5")


class DutyLogTableModel(QAbstractTableModel):
    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.filter = None
        self._rows: list = []
        self._total = 0

    def set_filter(self, f) -> None:
        self.beginResetModel()
        self.filter = f
        log = self.services.log
        self._total = log.count(f)
        self._rows = log.query(f, offset=0, limit=PAGE)
        self.endResetModel()

    def reload(self) -> None:
        self.set_filter(self.filter)

    def entry(self, row: int):
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def total(self) -> int:
        return self._total

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008
        more = self.services.log.query(self.filter, offset=len(self._rows), limit=PAGE)
        if not more:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def headerData(self, section: int, orientation, role: int = roles.DISPLAY):
        from PySide6.QtCore import Qt

        if role == roles.DISPLAY and orientation == Qt.Horizontal:
            _, zh, en = COLUMNS[section]
            return t(zh, en)
        return None

    def data(self, index: QModelIndex, role: int = roles.DISPLAY):
        from agentdesk.desk import STATUS_LABELS
        from agentdesk.desk.model import local_text

        e = self.entry(index.row())
        if e is None:
            return None
        key = COLUMNS[index.column()][0]
        if role == roles.DISPLAY:
            return {
                "id": e.id, "created": local_text(e.created_at), "customer": e.display_name,
                "contact": e.masked_contact, "category": e.category,
                "status": STATUS_LABELS.get(e.status, e.status) + (
                    f"→{e.transferred_to}" if e.transferred_to else ""),
                "callback": local_text(e.callback_at), "summary": e.summary,
            }[key]
        if role == roles.BACKGROUND and e.is_overdue():
            return OVERDUE_BG
        if role == roles.TOOLTIP:
            return e.summary + (f"\n{t('处理情况', 'Resolution')}：{e.resolution}"
                                if e.resolution else "")
        return None

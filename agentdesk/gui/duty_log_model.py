"""DutyLogTableModel: the duty log as a Qt table over a bounded cache of pages fetched by key on
workers (Anki's table model: it only fetches and caches rows from the core)."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Signal
from PySide6.QtGui import QColor

from agentdesk.data_i18n import data_tr
from agentdesk.desk import fields as entry_fields
from agentdesk.gui import roles
from agentdesk.i18n import tr

PAGE = 200
CACHED_PAGES = 15     # at most 3,000 rows in memory, however far the agent scrolls
# (field name, header message id), in on-screen order: agentdesk.desk.fields' `column`
COLUMNS = tuple((f.name, f.short or f.label) for f in entry_fields.columns())
# at least these (the header's own text decides when wider); the last column stretches
_WIDTH = {"id": 44, "created_at": 84, "customer": 80, "contact": 92, "channel": 44,
          "category": 72, "priority": 44, "status": 72, "callback_at": 84, "agent": 52}
WIDTHS = tuple(_WIDTH.get(name, 72) for name, _ in COLUMNS[:-1])
OVERDUE_BG = QColor("#fde7e5")
_ROLES = frozenset((roles.DISPLAY, roles.BACKGROUND, roles.TOOLTIP))


def fetch_page(log, f, before_id: int | None, offset: int) -> list:
    """One page, newest first: by key (`id < before_id`) when the previous page's last id is
    known, else by offset. The keyword arrives with the desk's keyset paging; until then
    (TypeError) offset paging gives the same rows."""
    if before_id is not None:
        try:
            return log.query(f, before_id=before_id, limit=PAGE)
        except TypeError:
            pass
    return log.query(f, offset=offset, limit=PAGE)


def _when(moment, year: int) -> str:
    """Local time, the year left out when it is this year (keeps the columns narrow)."""
    if moment is None:
        return ""
    local = moment.astimezone()
    return local.strftime("%m-%d %H:%M" if local.year == year else "%Y-%m-%d %H:%M")


def _row(e, year: int | None = None, vocabulary=None) -> tuple:
    """(entry, the cells' text, overdue?): computed once per fetched page, off the paint path
    (a paint asks data() for every cell and role; it must only look things up)."""
    from datetime import datetime

    from agentdesk.vocabulary import default_vocabulary

    year = year or datetime.now().year
    vocab = vocabulary or default_vocabulary()
    cells = []
    for name, _ in COLUMNS:
        kind = _KINDS[name]
        if name == "customer":
            cells.append(e.display_name)        # the title (先生/女士) shown with the name
        elif kind == "status":
            cells.append(data_tr(vocab.status_label(e.status)) + (
                f"→{e.transferred_to}" if e.transferred_to else ""))
        elif kind == "time":
            cells.append(_when(getattr(e, name), year))
        elif kind == "phone":
            cells.append(e.masked_contact)
        elif kind == "choice":
            cells.append(data_tr(getattr(e, name)))   # stored canonical, shown translated
        else:
            cells.append(getattr(e, name))
    tooltip = e.summary + (f"\n{tr('处理情况')}：{e.resolution}"
                           if e.resolution else "")
    return e, tuple(cells), e.is_overdue(), tooltip


_KINDS = {f.name: f.kind for f in entry_fields.FIELDS}


def fetch_rows(log, f, before_id: int | None, offset: int) -> list[tuple]:
    vocabulary = getattr(log, "vocabulary", None)     # the status labels of the desk in use
    return [_row(e, vocabulary=vocabulary) for e in fetch_page(log, f, before_id, offset)]


class DutyLogTableModel(QAbstractTableModel):
    sig_loaded = Signal(int)          # the filter's total, once its first page is in
    sig_failed = Signal(str)

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.filter = None
        self._generation = 0          # results of an older filter are dropped on arrival
        self._total = 0
        self._pages: OrderedDict[int, list] = OrderedDict()
        self._last_ids: dict[int, int] = {}   # page -> its last (smallest) id: the next key
        self._pending: set[int] = set()
        self.loading = False

    # -- loading --------------------------------------------------------------------------
    def set_filter(self, f) -> None:
        """Count and fetch the first page on a worker; the table keeps showing the old rows
        until the new ones are in."""
        from agentdesk.gui.workers import run_log_op

        self.filter = f
        self._generation += 1
        generation = self._generation
        self.loading = True
        run_log_op(self.services, lambda log: (log.count(f), fetch_rows(log, f, None, 0)),
                   lambda result: self._loaded(generation, result),
                   lambda message: self._failed(generation, message))

    def reload(self) -> None:
        if self.filter is not None:
            self.set_filter(self.filter)

    def _loaded(self, generation: int, result) -> None:
        if generation != self._generation:
            return
        total, rows = result
        self.beginResetModel()
        self._total = max(total, len(rows))
        self._pages = OrderedDict([(0, rows)]) if rows else OrderedDict()
        self._last_ids = {0: rows[-1][0].id} if rows else {}
        self._pending = set()
        self.endResetModel()
        self.loading = False
        self.sig_loaded.emit(self._total)

    def _failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.loading = False
            self.sig_failed.emit(message)

    def _request(self, page: int) -> None:
        from agentdesk.gui.workers import run_log_op

        if page in self._pending:
            return
        self._pending.add(page)
        generation, f = self._generation, self.filter
        before = self._last_ids.get(page - 1) if page else None
        run_log_op(self.services, lambda log: fetch_rows(log, f, before, page * PAGE),
                   lambda rows: self._page_arrived(generation, page, rows),
                   lambda message: self._failed(generation, message))

    def _page_arrived(self, generation: int, page: int, rows: list) -> None:
        if generation != self._generation:
            return
        self._pending.discard(page)
        self._pages[page] = rows
        if rows:
            self._last_ids[page] = rows[-1][0].id
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)        # the least recently shown page
        first, last = page * PAGE, min(page * PAGE + PAGE, self._total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    # -- reading --------------------------------------------------------------------------
    def _cached(self, row: int):
        if not 0 <= row < self._total:
            return None
        page, i = divmod(row, PAGE)
        rows = self._pages.get(page)
        if rows is None:
            self._request(page)
            return None
        self._pages.move_to_end(page)
        return rows[i] if i < len(rows) else None

    def entry(self, row: int):
        """The entry shown in `row`, or None while its page is being fetched."""
        cached = self._cached(row)
        return cached[0] if cached else None

    def row_of(self, entry_id: int) -> int | None:
        """The row of a cached entry (to keep the selection across a reload)."""
        for page, rows in self._pages.items():
            for i, (e, *_) in enumerate(rows):
                if e.id == entry_id:
                    return page * PAGE + i
        return None

    @property
    def total(self) -> int:
        return self._total

    @property
    def cached_rows(self) -> int:
        return sum(len(rows) for rows in self._pages.values())

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role: int = roles.DISPLAY):
        from PySide6.QtCore import Qt

        if role == roles.DISPLAY and orientation == Qt.Horizontal:
            return tr(COLUMNS[section][1])
        return None

    def data(self, index: QModelIndex, role: int = roles.DISPLAY):
        if role not in _ROLES:                  # most of what a paint asks for
            return None
        cached = self._cached(index.row())
        if cached is None:
            return "…" if role == roles.DISPLAY and index.column() == 0 else None
        if role == roles.DISPLAY:
            return cached[1][index.column()]
        if role == roles.BACKGROUND:
            return OVERDUE_BG if cached[2] else None
        return cached[3]

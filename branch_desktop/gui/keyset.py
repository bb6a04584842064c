"""Keyset-paged table models: the first screen comes at once, the next rows as the view scrolls.

:class:`KeysetTableModel` is the model of a list too big to count before it is shown (the journal
over millions of lines): a subclass says how to read one page of rows after a key (a service call,
run on the task runner's worker) and how to show a row. The view asks for more when it is scrolled
to the end (Qt's ``canFetchMore``/``fetchMore``); every page costs the same however far the user
has scrolled, since the service continues from the last row's key instead of skipping rows. The
total, when the page shows it, is counted by a separate task (:meth:`KeysetTableModel.count`) after
the first screen is on the way, so it never holds it up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal

from branch_desktop.gui.lazy import TextGridModel
from branch_desktop.gui.tasks import TaskRunner

PAGE = 200

R = TypeVar("R")  # a row
K = TypeVar("K")  # the key a page ends on

Index = QModelIndex | QPersistentModelIndex


class KeysetTableModel(TextGridModel, Generic[R, K]):
    """Subclasses define ``headers``, :meth:`load_page` and :meth:`cells` (both on the worker thread)."""

    page_loaded = Signal(int)  # first row of the page just added
    counted = Signal(int)  # the total of the current list

    def __init__(self, runner: TaskRunner, page_size: int = PAGE) -> None:
        super().__init__()
        self.runner = runner
        self.page_size = page_size
        self._rows: list[R] = []
        self._texts: list[tuple[str, ...]] = []
        self._next: K | None = None
        self._more = False  # a page after the last loaded one may exist
        self._loading = False
        self._generation = 0
        self.total: int | None = None  # the count, once known

    # -- to implement -------------------------------------------------------------------------
    def load_page(self, after: K | None, limit: int) -> tuple[Sequence[R], K | None]:  # pragma: no cover
        """Up to ``limit`` rows after ``after`` (None: from the start) and the key to continue
        from (None: the list ends). Runs on the worker thread."""
        raise NotImplementedError

    def cells(self, row: R) -> tuple[str, ...]:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- the list ---------------------------------------------------------------------------------
    def restart(self, count: Callable[[], int] | None = None) -> None:
        """Forget the rows and read the first page again (a new filter, a refresh); ``count``, run on
        the worker after the first page, gives the total (:attr:`total`, :attr:`counted`)."""
        self.beginResetModel()
        self._rows = []
        self._texts = []
        self._next = None
        self._more = True
        self._loading = True  # the view may ask for more as the reset ends: the first page is on its way
        self._generation += 1
        self.total = None
        self.endResetModel()
        self._fetch()
        if count is not None:
            generation = self._generation
            self.runner.submit(count, lambda n: self._counted(generation, n), lambda exc: self._failed(generation, exc),
                               quiet=True)

    def row_object(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_texts(self, row: int) -> tuple[str, ...]:
        """The texts a row shows (made on the worker with the page)."""
        return self._texts[row] if 0 <= row < len(self._texts) else ()

    def rows(self) -> list[R]:
        """The rows loaded so far, in order."""
        return list(self._rows)

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def complete(self) -> bool:
        """Every row of the list is loaded."""
        return not self._more and not self._loading

    # -- Qt ---------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._texts):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(index.column())
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        texts = self._texts[index.row()]
        return texts[index.column()] if index.column() < len(texts) else None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and self._more and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        if self.canFetchMore(parent):
            self._fetch()

    # -- loading ----------------------------------------------------------------------------------
    def _fetch(self) -> None:
        self._loading = True
        generation = self._generation
        after = self._next
        limit = self.page_size

        def work() -> tuple[list[tuple[R, tuple[str, ...]]], K | None]:
            rows, key = self.load_page(after, limit)
            return [(r, self.cells(r)) for r in rows], key

        self.runner.submit(work, lambda result: self._loaded(generation, *result),
                           lambda exc: self._failed(generation, exc), quiet=True)

    def _loaded(self, generation: int, rows: list[tuple[R, tuple[str, ...]]], key: K | None) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._next = key
        self._more = key is not None
        first = len(self._rows)
        if rows:
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(r for r, _t in rows)
            self._texts.extend(t for _r, t in rows)
            self.endInsertRows()
        self.page_loaded.emit(first)
        if not rows and self._more:  # a page that found nothing yet says where to go on (a short text's window)
            self._fetch()

    def _counted(self, generation: int, total: int) -> None:
        if generation == self._generation:
            self.total = total
            self.counted.emit(total)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._loading = False
            self._more = False
        self.runner.show_error(exc)

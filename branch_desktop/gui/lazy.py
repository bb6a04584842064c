"""Lazy table models: hold only row ids, fetch the rows the view shows, in blocks, off the GUI thread.

:class:`LazyTableModel` is the pattern for every big grid (the journal, later employers, insured
persons, debts...): a subclass says how to load a block of rows from their ids (a service call,
run on the task runner's worker) and how to show a row. Filtering and sorting happen in SQL, in
the service that returns the ids. Only :data:`MAX_BLOCKS` blocks are kept, so memory stays small
however far the user scrolls; a million ids take 8 MB (``array('q')``).
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from branch_desktop.gui.tasks import TaskRunner

BLOCK = 200
MAX_BLOCKS = 64

R = TypeVar("R")

Index = QModelIndex | QPersistentModelIndex

# a number's alignment, made once: ``AlignRight | AlignVCenter`` builds a new flag object at each call,
# and the view asks every cell of every row it sizes or paints
NUMBER_ALIGNMENT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class TextGridModel(QAbstractTableModel):
    """What the big grids share: their headers, and numbers aligned to the end of their cells."""

    headers: Sequence[str] = ()
    numeric_columns: frozenset[int] = frozenset()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None

    def alignment(self, column: int) -> int | None:
        return NUMBER_ALIGNMENT if column in self.numeric_columns else None


class LazyTableModel(TextGridModel, Generic[R]):
    """Subclasses define ``headers``, :meth:`load_block` (worker thread) and :meth:`cells` (GUI thread)."""

    block_loaded = Signal(int)  # first row of the block

    def __init__(self, runner: TaskRunner) -> None:
        super().__init__()
        self.runner = runner
        self._ids: array[int] = array("q")
        self._blocks: OrderedDict[int, list[tuple[R, tuple[str, ...]]]] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0

    # -- to implement -------------------------------------------------------------------------
    def load_block(self, ids: list[int]) -> list[R]:  # pragma: no cover - abstract
        raise NotImplementedError

    def cells(self, row: R) -> tuple[str, ...]:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- ids ------------------------------------------------------------------------------------
    def set_ids(self, ids: Sequence[int] | array[int]) -> None:
        self.beginResetModel()
        self._ids = ids if isinstance(ids, array) else array("q", ids)
        self._blocks.clear()
        self._pending.clear()
        self._generation += 1
        self.endResetModel()

    def ids(self) -> array[int]:
        return self._ids

    def row_object(self, row: int) -> R | None:
        """The loaded row, or None while its block is still on its way."""
        block = self._blocks.get(row // BLOCK)
        if block is None:
            return None
        offset = row % BLOCK
        return block[offset][0] if offset < len(block) else None

    def prefetch(self, row: int) -> None:
        self._request(row // BLOCK)

    # -- Qt -------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(index.column())
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = index.row()
        block_no = row // BLOCK
        block = self._blocks.get(block_no)
        if block is None:
            self._request(block_no)
            return "…" if index.column() == 0 and role == Qt.ItemDataRole.DisplayRole else None
        self._blocks.move_to_end(block_no)
        offset = row % BLOCK
        if offset >= len(block):
            return None
        texts = block[offset][1]
        return texts[index.column()] if index.column() < len(texts) else None

    # -- loading --------------------------------------------------------------------------------
    def _request(self, block_no: int) -> None:
        if block_no in self._pending or block_no in self._blocks:
            return
        start = block_no * BLOCK
        ids = list(self._ids[start : start + BLOCK])
        if not ids:
            return
        self._pending.add(block_no)
        generation = self._generation

        def work() -> list[tuple[R, tuple[str, ...]]]:
            rows = self.load_block(ids)
            return [(r, self.cells(r)) for r in rows]

        self.runner.submit(work, lambda rows: self._loaded(generation, block_no, rows),
                           lambda exc: self._failed(generation, block_no, exc), quiet=True)

    def _loaded(self, generation: int, block_no: int, rows: list[tuple[R, tuple[str, ...]]]) -> None:
        if generation != self._generation:
            return
        self._pending.discard(block_no)
        self._blocks[block_no] = rows
        while len(self._blocks) > MAX_BLOCKS:
            self._blocks.popitem(last=False)
        first = block_no * BLOCK
        last = min(first + BLOCK, len(self._ids)) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))
        self.block_loaded.emit(first)

    def _failed(self, generation: int, block_no: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._pending.discard(block_no)
        self.runner.show_error(exc)

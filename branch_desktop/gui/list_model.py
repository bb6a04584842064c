"""A table model over a list of rows held in memory (a person's household, a queue of claims):
columns say how to show a row, with alignment and a background per row. For big grids use
:class:`branch_desktop.gui.lazy.LazyTableModel`. Unit-testable without a view."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.lazy import NUMBER_ALIGNMENT

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
WARN = QColor("#fdecea")


@dataclass(frozen=True)
class ListColumn(Generic[T]):
    title: str  # msgid, translated when shown
    text: Callable[[T], str]
    number: bool = False  # right-aligned, as figures are in every language
    tooltip: Callable[[T], str] | None = None  # the cell's tooltip (ToolTipRole)
    background: Callable[[T], QColor | None] | None = None  # the cell's own background, over the row's


class ListTableModel(QAbstractTableModel, Generic[T]):
    def __init__(self, columns: Sequence[ListColumn[T]], *, warn: Callable[[T], bool] | None = None) -> None:
        super().__init__()
        self.columns = list(columns)
        self.rows: list[T] = []
        self.warn = warn

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def set_columns(self, columns: Sequence[ListColumn[T]]) -> None:
        """Columns that depend on the rows (a payroll run's lines): set before ``set_rows``."""
        self.beginResetModel()
        self.columns = list(columns)
        self.endResetModel()

    def row_object(self, row: int) -> T | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.columns[section].title)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.number:
            return NUMBER_ALIGNMENT
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row) or None
        if role == Qt.ItemDataRole.BackgroundRole:
            color = column.background(row) if column.background is not None else None
            if color is None and self.warn is not None and self.warn(row):
                color = WARN
            return QBrush(color) if color is not None else None
        return None

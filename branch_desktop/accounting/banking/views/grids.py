"""The banking pages' grids: rows of (id, texts) shown read-only, the id kept for the actions
(match, sign, post). One model class serves every banking grid but one; its columns are titles, which
of them are figures (right-aligned) and which one is the elided description (full text as tooltip).
The reconciliation's book items, which may run to 100,000s on a month, are read a page at a time
(:class:`BookItemsModel`, keyset paging as the journal's).
Unit-tested without a view (tests/accounting/banking/test_banking_grids.py).

(Named ``grids``, not ``models``: ``**.models`` are the SQL tables, which never import Qt.)"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from branch_desktop.accounting.banking import services
from branch_desktop.accounting.banking.types import BookItemView
from branch_desktop.core.calendar import YearMonth
from branch_desktop.gui.keyset import KeysetTableModel
from branch_desktop.gui.lazy import NUMBER_ALIGNMENT
from branch_desktop.gui.session import Session

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole


class IdRowsModel(QAbstractTableModel):
    """``set_rows([(id, (text, ...)), ...], numeric=[columns])``; ``row_id(r)`` gives a row's id."""

    def __init__(self, headers: Sequence[str], *, stretch: int | None = None) -> None:
        super().__init__()
        self.headers = list(headers)  # already translated by the page
        self.stretch = -1 if stretch is None else stretch
        self.rows: list[tuple[int, tuple[str, ...]]] = []
        self.numeric: frozenset[int] = frozenset()

    def set_rows(self, rows: Sequence[tuple[int, Sequence[str]]], numeric: Sequence[int] = ()) -> None:
        self.beginResetModel()
        self.rows = [(row_id, tuple(texts)) for row_id, texts in rows]
        self.numeric = frozenset(numeric)
        self.endResetModel()

    def row_id(self, row: int) -> int | None:
        return self.rows[row][0] if 0 <= row < len(self.rows) else None

    def row_texts(self, row: int) -> tuple[str, ...]:
        return self.rows[row][1] if 0 <= row < len(self.rows) else ()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row_id, texts = self.rows[index.row()]
        column = index.column()
        text = texts[column] if column < len(texts) else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == ID_ROLE:
            return row_id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.numeric:
            return NUMBER_ALIGNMENT
        if role == Qt.ItemDataRole.ToolTipRole and column == self.stretch and text:
            return text
        return None


class BookItemsModel(KeysetTableModel[BookItemView, "services.BookKey"]):
    """The book items of a bank account's month not matched: amount, date, reference, entry,
    description (:func:`services.unmatched_book_page`)."""

    def __init__(self, session: Session, headers: Sequence[str]) -> None:
        super().__init__(session.runner)
        self.session = session
        self.headers = tuple(headers)
        self.numeric_columns = frozenset({0})
        self.month: tuple[str, YearMonth] | None = None

    def show(self, account_code: str, ym: YearMonth) -> None:
        self.month = (account_code, ym)
        self.restart()

    def load_page(self, after: services.BookKey | None, limit: int) -> tuple[list[BookItemView],
                                                                              services.BookKey | None]:
        if self.month is None:
            return [], None
        return services.unmatched_book_page(self.session.ctx, self.session.actor, *self.month, after, limit)

    def cells(self, row: BookItemView) -> tuple[str, ...]:
        s = self.session
        return (s.money(row.amount), s.date(row.day), s.digits(row.reference), s.docno(row.number), row.description)

    def row_id(self, row: int) -> int | None:
        item = self.row_object(row)
        return item.id if item is not None else None

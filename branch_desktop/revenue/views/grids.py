"""The revenue pages' grids as table models (``gui/list_model.py``): one class per grid, each
column a msgid title and how a row is shown. Unit-tested without a view (tests/revenue/test_grids.py).

(Named ``grids``, not ``models``: ``**.models`` are the SQL tables, which never import Qt.)"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from branch_desktop.core.i18n import N_
from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.lazy import NUMBER_ALIGNMENT
from branch_desktop.gui.list_model import Index, ListColumn, ListTableModel
from branch_desktop.gui.session import Session
from branch_desktop.revenue.rules import RawLine
from branch_desktop.revenue.states import ChequeStatus, ReceiptKind, ReceiptStatus
from branch_desktop.revenue.types import (
    CHEQUE_STATUS_LABELS,
    METHOD_LABELS,
    ChequeRow,
    ReceiptView,
    StatementLine,
    StatementMonth,
)
from branch_desktop.revenue.views.picker import receipt_no


class StatementLinesModel(ListTableModel[StatementLine]):
    """An employer's movements with the running balance."""

    def __init__(self, s: Session) -> None:
        super().__init__([
            ListColumn(N_("Date"), lambda x: s.date(x.day)),
            ListColumn(N_("Description"), lambda x: x.text, tooltip=lambda x: x.text),
            ListColumn(N_("Month"), lambda x: s.period(x.month) if x.month else ""),
            ListColumn(N_("Debit"), lambda x: s.money_or_blank(x.debit), number=True),
            ListColumn(N_("Credit"), lambda x: s.money_or_blank(x.credit), number=True),
            ListColumn(N_("Balance"), lambda x: s.money(x.balance), number=True),
        ])


class StatementMonthsModel(ListTableModel[StatementMonth]):
    """An employer's months: accrued, paid, owed (a month still owed is tinted)."""

    def __init__(self, s: Session) -> None:
        super().__init__([
            ListColumn(N_("Month"), lambda m: s.period(m.month)),
            ListColumn(N_("Accrued"), lambda m: s.money(m.accrued), number=True),
            ListColumn(N_("Paid"), lambda m: s.money(m.paid), number=True),
            ListColumn(N_("Owed"), lambda m: s.money(m.balance), number=True),
        ], warn=lambda m: m.balance > 0)


def _status(s: Session, x: ReceiptView) -> str:
    if x.kind == ReceiptKind.VOID:
        return _("Void of {number}").format(number=receipt_no(s, x.voids_number))
    return _("Voided") if x.status == ReceiptStatus.VOIDED else ""


class DayReceiptsModel(ListTableModel[ReceiptView]):
    """A clerk's receipts and voids of one day (a void's amount negative, a voided receipt tinted)."""

    def __init__(self, s: Session) -> None:
        super().__init__([
            ListColumn(N_("Receipt no."), lambda x: receipt_no(s, x.display_number)),
            ListColumn(N_("File no."), lambda x: s.digits(x.file_no)),
            ListColumn(N_("Employer"), lambda x: x.employer_name),
            ListColumn(N_("Method"), lambda x: _(METHOD_LABELS[x.method])),
            ListColumn(N_("Reference"), lambda x: s.digits(x.reference)),
            ListColumn(N_("Amount"), lambda x: s.money(x.amount if x.kind == ReceiptKind.PAYMENT else -x.amount), number=True),
            ListColumn(N_("Status"), lambda x: _status(s, x)),
        ], warn=lambda x: x.kind == ReceiptKind.VOID or x.status == ReceiptStatus.VOIDED)


class ChequesModel(ListTableModel[ChequeRow]):
    """Cheques received, with their state (a bounced one tinted)."""

    def __init__(self, s: Session) -> None:
        super().__init__([
            ListColumn(N_("Receipt no."), lambda c: receipt_no(s, c.receipt_number)),
            ListColumn(N_("File no."), lambda c: s.digits(c.file_no)),
            ListColumn(N_("Employer"), lambda c: c.employer_name),
            ListColumn(N_("Bank"), lambda c: c.bank),
            ListColumn(N_("Cheque no."), lambda c: s.digits(c.cheque_no)),
            ListColumn(N_("Drawer"), lambda c: c.drawer),
            ListColumn(N_("Due date"), lambda c: s.date(c.due_date)),
            ListColumn(N_("Amount"), lambda c: s.money(c.amount), number=True),
            ListColumn(N_("Status"), lambda c: _(CHEQUE_STATUS_LABELS.get(c.status, c.status))),
        ], warn=lambda c: c.status == ChequeStatus.BOUNCED)



BAD = QColor("#fde7e9")
DECLARATION_COLUMNS = ("national_id", "name", "days", "wage", "missing_code")
_DECLARATION_TITLES = (N_("National id"), N_("Name"), N_("Days"), N_("Wage"), N_("Missing-day code"), N_("Problem"))


@dataclass
class DeclarationRow:
    cells: list[str]  # as shown (and typed) in the grid
    loaded: list[str]  # as loaded from a file or the accepted declaration
    problems: list[str] = field(default_factory=list)
    bad: set[int] = field(default_factory=set)  # columns with a problem


class DeclarationGridModel(QAbstractTableModel):
    """A declaration's rows, editable (the five input columns), with each row's problems in the last
    column and the cells at fault tinted. A cell still holding its loaded text is handed on as
    loaded (a file's plain format); a typed one is read in the user's locale by the page."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[DeclarationRow] = []

    # -- content ---------------------------------------------------------------------------------
    def set_lines(self, lines: Sequence[RawLine]) -> None:
        self.beginResetModel()
        self.rows = [self._row(line) for line in lines]
        self.endResetModel()

    def add_line(self, line: RawLine) -> None:
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append(self._row(line))
        self.endInsertRows()

    @staticmethod
    def _row(line: RawLine) -> DeclarationRow:
        cells = [line.national_id, line.name, line.days, line.wage, line.missing_code]
        return DeclarationRow(list(cells), list(cells))

    def typed(self, row: int, column: int) -> bool:
        """True when the cell's text is not the one loaded (the clerk typed it)."""
        r = self.rows[row]
        return r.cells[column] != r.loaded[column]

    def set_problems(self, problems: Iterable[tuple[int, int, str]]) -> None:
        """``(row, column, message)``: 0-based row; ``column`` -1 for the row as a whole."""
        for r in self.rows:
            r.problems.clear()
            r.bad.clear()
        for row, column, message in problems:
            r = self.rows[row]
            r.problems.append(message)
            r.bad.add(column if column >= 0 else len(DECLARATION_COLUMNS))
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(_DECLARATION_TITLES) - 1))

    # -- Qt --------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(_DECLARATION_TITLES)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(_DECLARATION_TITLES[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() < len(DECLARATION_COLUMNS):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, column = self.rows[index.row()], index.column()
        problem_col = column == len(DECLARATION_COLUMNS)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return "; ".join(r.problems) if problem_col else r.cells[column]
        if role == Qt.ItemDataRole.ToolTipRole and problem_col and r.problems:
            return "\n".join(r.problems)
        if role == Qt.ItemDataRole.BackgroundRole and (column in r.bad or (problem_col and r.problems)):
            return QBrush(BAD)
        if role == Qt.ItemDataRole.TextAlignmentRole and DECLARATION_COLUMNS[column:column + 1] in (("days",),
                                                                                                ("wage",)):
            return NUMBER_ALIGNMENT
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() >= len(DECLARATION_COLUMNS):
            return False
        self.rows[index.row()].cells[index.column()] = str(value)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True

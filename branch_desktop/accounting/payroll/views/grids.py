"""The payroll pages' grids as table models (``gui/list_model.py``): staff, decrees, loans, and
a run under review.
Unit-tested without a view (tests/accounting/payroll/test_payroll_grids.py).

(Named ``grids``, not ``models``: ``**.models`` are the SQL tables, which never import Qt.)"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from branch_desktop.accounting.payroll import rules, services
from branch_desktop.accounting.payroll.states import LoanState
from branch_desktop.accounting.payroll.types import DecreeView, EmployeeView, LoanView, ReviewRow, RunReview
from branch_desktop.core.i18n import N_
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.texts import join_list
from branch_desktop.gui.list_model import Index, ListColumn, ListTableModel
from branch_desktop.gui.session import Session

RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LOAN_STATUS = {LoanState.APPLIED: N_("Applied"), LoanState.GRANTED: N_("Granted"), LoanState.REJECTED: N_("Rejected"),
               LoanState.REPAID: N_("Repaid")}


def _group(s: Session, group: int | None) -> str:
    return s.digits(str(group)) if group else "-"


class StaffModel(ListTableModel[EmployeeView]):
    def __init__(self, s: Session) -> None:
        super().__init__([
            ListColumn(N_("Personnel no."), lambda e: s.digits(e.personnel_no)),
            ListColumn(N_("Name"), lambda e: e.full_name),
            ListColumn(N_("Position"), lambda e: _(rules.POSTS.get(e.post, e.post))),
            ListColumn(N_("Group"), lambda e: _group(s, e.job_group), number=True),
            ListColumn(N_("Employment"), lambda e: _(rules.EMPLOYMENT_TYPES.get(e.employment, e.employment))),
            ListColumn(N_("Hire date"), lambda e: s.date(e.hire_date)),
            ListColumn(N_("IBAN"), lambda e: e.iban),
        ])


class DecreesModel(ListTableModel[DecreeView]):
    def __init__(self, s: Session) -> None:
        super().__init__([
            ListColumn(N_("From"), lambda d: s.date(d.effective_from)),
            ListColumn(N_("Decree no."), lambda d: d.number, tooltip=lambda d: d.note),
            ListColumn(N_("Position"), lambda d: _(rules.POSTS.get(d.post, d.post))),
            ListColumn(N_("Group"), lambda d: _group(s, d.job_group), number=True),
            ListColumn(N_("Employment"), lambda d: _(rules.EMPLOYMENT_TYPES.get(d.employment, d.employment))),
            ListColumn(N_("Married"), lambda d: _("Yes") if d.married else _("No")),
            ListColumn(N_("Housing"), lambda d: _(rules.HOUSING_SITUATIONS.get(d.housing, d.housing))),
            ListColumn(N_("Other allowance"), lambda d: s.money_or_blank(d.other_allowance), number=True),
            ListColumn(N_("Other deductions"), lambda d: s.money_or_blank(d.other_deduction), number=True),
            ListColumn(N_("By"), lambda d: d.created_by),
        ])


def _approvals(loan: LoanView) -> str:
    return join_list([f"{_(services.COMMITTEE_SEATS.get(seat, seat))}: {user}" for seat, user in loan.approvals])


class LoansModel(ListTableModel[LoanView]):
    """The loan fund's loans; a rejected loan is tinted."""

    def __init__(self, s: Session) -> None:
        super().__init__([
            ListColumn(N_("Loan no."), lambda ln: s.digits(str(ln.id))),
            ListColumn(N_("Personnel no."), lambda ln: s.digits(ln.personnel_no)),
            ListColumn(N_("Name"), lambda ln: ln.name),
            ListColumn(N_("Status"), lambda ln: _(LOAN_STATUS.get(ln.status, ln.status))),
            ListColumn(N_("Loan amount"), lambda ln: s.money(ln.amount), number=True),
            ListColumn(N_("Insurance"), lambda ln: s.money(ln.insurance), number=True),
            ListColumn(N_("Fee"), lambda ln: s.money(ln.fee), number=True),
            ListColumn(N_("Paid out"), lambda ln: s.money(ln.net), number=True),
            ListColumn(N_("Instalment"), lambda ln: s.money(ln.instalment), number=True),
            ListColumn(N_("Repaid"), lambda ln: s.money(ln.repaid), number=True),
            ListColumn(N_("Approvals"), _approvals, tooltip=_approvals),
        ], warn=lambda ln: ln.status == LoanState.REJECTED)


CHANGED = QColor("#fff3c4")  # a figure that differs from last month
NEW = QColor("#dff3e4")  # an employee who was not in last month's run
FIXED = 4  # personnel no., name, post, group


class RunReviewModel(QAbstractTableModel):
    """A payroll run under review: one row per employee and a totals row; one column per line code
    present. A figure that differs from last month is yellow (last month's figure in its tooltip),
    an employee new this month green; the totals are bold."""

    def __init__(self, s: Session) -> None:
        super().__init__()
        self.s = s
        self.review: RunReview | None = None

    def set_review(self, review: RunReview | None) -> None:
        self.beginResetModel()
        self.review = review
        self.endResetModel()

    @property
    def codes(self) -> tuple[str, ...]:
        return self.review.codes if self.review else ()

    def row_object(self, row: int) -> ReviewRow | None:
        rows = self.review.rows if self.review else ()
        return rows[row] if 0 <= row < len(rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.review is None else len(self.review.rows) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.review is None else FIXED + len(self.codes) + 3

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = [N_("Personnel no."), N_("Name"), N_("Position"), N_("Group")]
        titles += [rules.line_label(c) for c in self.codes] + [N_("Gross pay"), N_("Deductions"), N_("Net pay")]
        return _(titles[section])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        review = self.review
        if not index.isValid() or review is None:
            return None
        r, c = index.row(), index.column()
        codes, s = self.codes, self.s
        if r == len(review.rows):
            return self._total(c, role)
        row = review.rows[r]
        if c < FIXED:
            if role == Qt.ItemDataRole.DisplayRole:
                return (s.digits(row.personnel_no), row.name, _(rules.POSTS.get(row.post, row.post)),
                        s.digits(str(row.job_group)) if row.job_group is not None else "-")[c]
            if role == Qt.ItemDataRole.BackgroundRole and row.previous is None:
                return QBrush(NEW)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT
        if c < FIXED + len(codes):
            code = codes[c - FIXED]
            if role == Qt.ItemDataRole.DisplayRole:
                return s.money_or_blank(row.lines.get(code, 0))
            if code in row.changed:
                if role == Qt.ItemDataRole.BackgroundRole:
                    return QBrush(NEW if row.previous is None else CHANGED)
                if role == Qt.ItemDataRole.ToolTipRole and row.previous is not None:
                    return _("Last month: {amount}").format(amount=s.money(row.previous.get(code, 0)))
            return None
        k = c - FIXED - len(codes)  # gross, deductions, net
        if role == Qt.ItemDataRole.DisplayRole:
            return s.money_or_blank((row.gross, row.deductions, row.net)[k])
        if k == 2 and row.previous_net is not None and row.previous_net != row.net:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(CHANGED)
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("Last month: {amount}").format(amount=s.money(row.previous_net))
        return None

    def _total(self, c: int, role: int) -> Any:
        review, s, codes = self.review, self.s, self.codes
        assert review is not None
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if c < FIXED:
            return _("Total") if c == 1 and role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT
        if c < FIXED + len(codes):
            code = codes[c - FIXED]
            total, before = review.totals.get(code, 0), review.previous_totals.get(code, 0)
            if role == Qt.ItemDataRole.DisplayRole:
                return s.money_or_blank(total)
            if role == Qt.ItemDataRole.ToolTipRole and review.previous_run_id is not None and total != before:
                return _("Last month: {amount}").format(amount=s.money(before))
            return None
        run = review.run
        if role == Qt.ItemDataRole.DisplayRole:
            return s.money_or_blank((run.gross, run.deductions, run.net)[c - FIXED - len(codes)])
        return None


SCORE_TITLES = (N_("Score %"), N_("Worked %"), N_("Principles %"), N_("Unpaid leave days"), N_("Sick leave days"))
SCORE_DEFAULTS = ("95", "100", "0", "0", "0")


class ScoresModel(QAbstractTableModel):
    """The productivity bonus grid: who (read-only) and five typed figures per employee (editable,
    typed in the user's locale; the page reads them)."""

    FIXED = 3  # personnel no., name, position

    def __init__(self, s: Session) -> None:
        super().__init__()
        self.s = s
        self.employees: list[EmployeeView] = []
        self.values: list[list[str]] = []

    def set_employees(self, employees: list[EmployeeView]) -> None:
        self.beginResetModel()
        self.employees = list(employees)
        self.values = [[self.s.digits(v) for v in SCORE_DEFAULTS] for _e in employees]
        self.endResetModel()

    def typed(self, row: int) -> list[str]:
        return list(self.values[row])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.employees)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.FIXED + len(SCORE_TITLES)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(((N_("Personnel no."), N_("Name"), N_("Position")) + SCORE_TITLES)[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.isValid() and index.column() >= self.FIXED else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if c >= self.FIXED:
                return self.values[r][c - self.FIXED]
            e = self.employees[r]
            return (self.s.digits(e.personnel_no), e.full_name, _(rules.POSTS.get(e.post, e.post)))[c]
        if role == Qt.ItemDataRole.TextAlignmentRole and c >= self.FIXED:
            return RIGHT
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() < self.FIXED:
            return False
        self.values[index.row()][index.column() - self.FIXED] = str(value)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True

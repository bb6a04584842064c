"""The grids' table models, without a view (as vorta tests its models): built with rows, read
through ``data(index, role)`` — text in the user's formats, figures right-aligned, warnings
tinted, tooltips."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QBrush

from branch_desktop.accounting.banking.views.grids import ID_ROLE, IdRowsModel
from branch_desktop.accounting.ledger.views.grids import CLOSED, EntryLinesModel, PeriodsModel
from branch_desktop.accounting.payroll.types import EmployeeView, LoanView
from branch_desktop.accounting.payroll.views.grids import LoansModel, StaffModel
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import set_language
from branch_desktop.core.ledger.services import PeriodView
from branch_desktop.core.ledger.types import LineView, PeriodStatus
from branch_desktop.core.pack_audit import Figure
from branch_desktop.core.security import Actor, Role
from branch_desktop.gui.grids import UNCERTAIN, FiguresModel
from branch_desktop.gui.session import Session
from branch_desktop.revenue.states import StatementKind
from branch_desktop.revenue.types import ChequeRow, StatementLine, StatementMonth
from branch_desktop.revenue.views.grids import ChequesModel, StatementLinesModel, StatementMonthsModel

D, ALIGN, BG, TIP = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole,
                     Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def kw(cls: Any, *values: Any) -> Any:
    """A screen dataclass (keyword-only) from its fields' values in declaration order."""
    return cls(**dict(zip([f.name for f in dataclasses.fields(cls)], values, strict=False)))


@pytest.fixture
def s(ctx: BranchContext) -> Session:
    return Session(ctx, Actor(1, "admin", Role.ADMIN), None)  # type: ignore[arg-type]  # no runner needed


def cell(model: QAbstractItemModel, row: int, column: int, role: int = D) -> Any:
    return model.data(model.index(row, column), role)


def header(model: QAbstractItemModel, column: int) -> Any:
    return model.headerData(column, Qt.Orientation.Horizontal, D)


def test_statement_lines_and_months(s: Session) -> None:
    ym = YearMonth(1403, 5)
    lines = StatementLinesModel(s)
    lines.set_rows([StatementLine(day=dt.date(2024, 8, 1), kind=StatementKind.RECEIPT, text="Receipt 1403-000001",
                                  reference="", month=ym, debit=0, credit=1_250_000, balance=-1_250_000)])
    assert lines.rowCount() == 1 and lines.columnCount() == 6
    assert header(lines, 4) == "Credit"
    assert cell(lines, 0, 1) == "Receipt 1403-000001" == cell(lines, 0, 1, TIP)
    assert cell(lines, 0, 3) == ""  # no debit: blank, not zero
    assert cell(lines, 0, 4) == s.money(1_250_000) and cell(lines, 0, 4, ALIGN) == RIGHT
    assert cell(lines, 0, 0, ALIGN) is None  # text stays with the reading direction
    months = StatementMonthsModel(s)
    months.set_rows([kw(StatementMonth, ym, 1000, 1000), kw(StatementMonth, ym.next(), 1000, 400)])
    assert cell(months, 1, 3) == s.money(600)
    assert cell(months, 0, 3, BG) is None  # paid up
    assert isinstance(cell(months, 1, 0, BG), QBrush)  # still owed: tinted


def test_cheques_model_translates_states(s: Session) -> None:
    set_language("tr")
    try:
        model = ChequesModel(s)
        model.set_rows([kw(ChequeRow, 7, "1403-000007", 3, "3100003", "Pars Co", 5_000, "Mellat", "", "8812", "Ali",
                                  dt.date(2024, 8, 1), dt.date(2024, 8, 20), "bounced", None, None, None)])
        assert cell(model, 0, 8) not in ("", "Bounced")  # in Turkish
        assert header(model, 0) != "Receipt no."
        assert isinstance(cell(model, 0, 0, BG), QBrush)
        assert model.row_object(0) is not None and model.row_object(0).receipt_id == 7  # type: ignore[union-attr]
        assert model.row_object(5) is None
    finally:
        set_language("en")


def test_ledger_models(s: Session) -> None:
    lines = EntryLinesModel(s)
    lines.set_rows([LineView(1, "1500", "Bank", 700, 0, None, None, "memo"),
                    LineView(2, "2210", "Payable", 0, 700, None, None, "")])
    assert [cell(lines, r, 1) for r in range(2)] == ["1500", "2210"]
    assert cell(lines, 0, 4) == s.money(700) and cell(lines, 0, 5) == "" and cell(lines, 1, 5, ALIGN) == RIGHT
    today = s.today_period()
    periods = PeriodsModel(s)
    periods.set_rows([PeriodView(today.year, today.month, dt.date(2024, 1, 1), dt.date(2024, 1, 31),
                                 PeriodStatus.OPEN),
                      PeriodView(1300, 1, dt.date(1921, 3, 21), dt.date(1921, 4, 20), PeriodStatus.CLOSED)])
    assert cell(periods, 0, 4) == "open" and cell(periods, 1, 4) == "closed"
    assert cell(periods, 0, 0, Qt.ItemDataRole.FontRole).bold()
    assert cell(periods, 1, 0, Qt.ItemDataRole.FontRole) is None
    assert cell(periods, 1, 2, Qt.ItemDataRole.ForegroundRole).color() == CLOSED
    assert cell(periods, 0, 2, Qt.ItemDataRole.ForegroundRole) is None


def test_figures_mark_the_uncertain(s: Session) -> None:
    model = FiguresModel(s)
    model.set_rows([Figure("parameter", "minimum_wage.gross_monthly", dt.date(2024, 3, 20), "71661840", "IRR",
                           "SLC decision", ""),
                    Figure("parameter", "old.wage", dt.date(2011, 3, 21), "3303000", "IRR", "press", "UNCERTAIN")])
    assert cell(model, 0, 1) == "71,661,840" and cell(model, 0, 1, ALIGN) == RIGHT
    assert cell(model, 0, 0, BG) is None and cell(model, 0, 0, TIP) is None
    assert cell(model, 1, 4, BG).color() == UNCERTAIN and "Uncertain" in cell(model, 1, 3, TIP)
    # the pack's note (English pack data) only with its source citation, not a column of its own
    assert model.columnCount() == 5 and cell(model, 1, 4) == "press"
    assert cell(model, 1, 4, TIP).endswith("\nUNCERTAIN") and cell(model, 0, 4, TIP) is None
    assert model.row_of("old.wage") == 1 and model.row_of("missing") == -1


def test_figures_units_are_read_in_the_language(s: Session) -> None:
    set_language("fa")
    try:
        model = FiguresModel(s)
        model.set_rows([Figure("parameter", "execution.notice_days", dt.date(2024, 3, 20), "10", "days", "", ""),
                        Figure("parameter", "premium.rate", dt.date(2024, 3, 20), "0.2", "ratio", "", ""),
                        Figure("parameter", "old.wage", dt.date(2011, 3, 21), "3303000", "IRR", "", "")])
        assert [cell(model, r, 2) for r in range(3)] == ["روز", "نسبت", "IRR"]
    finally:
        set_language("en")


def test_payroll_models(s: Session) -> None:
    staff = StaffModel(s)
    staff.set_rows([kw(EmployeeView, 1, "00001", "0499370899", "Sara", "Ahmadi", dt.date(2020, 1, 1), "bachelor",
                                 "IR00", None, 1, "expert", "permanent", None)])
    assert cell(staff, 0, 1) == "Sara Ahmadi" and cell(staff, 0, 3) == "-"
    loans = LoansModel(s)
    loans.set_rows([kw(LoanView, 4, "00001", "Sara Ahmadi", dt.date(2024, 1, 1), "rejected", 100, 1, 2, 97, 10, 10, 0,
                             (("chair", "manager"),), None)])
    assert cell(loans, 0, 3) == "Rejected" and cell(loans, 0, 7) == s.money(97)
    assert "manager" in cell(loans, 0, 10) and cell(loans, 0, 10, TIP) == cell(loans, 0, 10)
    assert isinstance(cell(loans, 0, 0, BG), QBrush)


def test_banking_id_rows_keep_their_ids() -> None:
    model = IdRowsModel(["Amount", "Date", "Description"], stretch=2)
    model.set_rows([(11, ("5,000", "1403/05/01", "a long description")), (12, ("7", "1403/05/02", ""))],
                   numeric=[0])
    assert model.rowCount() == 2 and header(model, 2) == "Description"
    assert cell(model, 1, 0) == "7" and cell(model, 1, 0, ALIGN) == RIGHT and cell(model, 1, 1, ALIGN) is None
    assert cell(model, 0, 2, TIP) == "a long description" and cell(model, 1, 2, TIP) is None
    assert cell(model, 0, 1, ID_ROLE) == 11 and model.row_id(1) == 12 and model.row_id(2) is None


def test_declaration_grid_is_editable_and_marks_problems() -> None:
    from branch_desktop.revenue.rules import RawLine
    from branch_desktop.revenue.views.grids import DeclarationGridModel

    model = DeclarationGridModel()
    model.set_lines([RawLine(1, "0499370899", "Ali", "30", "39008.25"), RawLine(2, "0499370898", "Sara", "45", "1")])
    model.add_line(RawLine(0, "", "", "", ""))
    assert model.rowCount() == 3 and model.columnCount() == 6 and header(model, 5) == "Problem"
    wage = model.index(0, 3)
    assert model.flags(wage) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, 5)) & Qt.ItemFlag.ItemIsEditable  # the problem column is read-only
    assert cell(wage.model(), 0, 3, ALIGN) == RIGHT and cell(model, 0, 1, ALIGN) is None
    assert not model.typed(0, 3)
    assert model.setData(wage, "39.009,25") and cell(model, 0, 3) == "39.009,25" and model.typed(0, 3)
    assert not model.setData(model.index(0, 5), "x")
    model.set_problems([(1, 2, "Too many days."), (1, -1, "Check the row.")])
    assert cell(model, 1, 5) == "Too many days.; Check the row."
    assert isinstance(cell(model, 1, 2, BG), QBrush) and isinstance(cell(model, 1, 5, BG), QBrush)
    assert cell(model, 1, 1, BG) is None and cell(model, 0, 5, BG) is None and cell(model, 0, 5) == ""
    model.set_problems([])
    assert cell(model, 1, 5) == "" and cell(model, 1, 2, BG) is None


def test_payroll_run_review_marks_changes_and_totals(s: Session) -> None:
    from branch_desktop.accounting.payroll.types import ReviewRow, RunReview, RunView
    from branch_desktop.accounting.payroll.views.grids import CHANGED, NEW, RunReviewModel

    run = kw(RunView, 1, YearMonth(1403, 5), "monthly", "", "draft", 2, 300, 30, 270, 330, None, None, "acc", "")
    same = kw(ReviewRow, 1, "00001", "Sara", "expert", 5, {"base": 100}, 100, 10, 90, 110, {"base": 100}, 90)
    raised = kw(ReviewRow, 2, "00002", "Ali", "expert", None, {"base": 200}, 200, 20, 180, 220, {"base": 150}, 150)
    new = kw(ReviewRow, 3, "00003", "Reza", "expert", 1, {"base": 0}, 0, 0, 0, 0, None, None)
    model = RunReviewModel(s)
    assert model.rowCount() == 0 and model.columnCount() == 0  # no run yet
    model.set_review(kw(RunReview, run, (same, raised, new), {"base": 300}, {"base": 250}, 9, ("base",)))
    assert model.rowCount() == 4 and model.columnCount() == 8
    assert header(model, 4) != "base" and header(model, 7) == "Net pay"
    assert cell(model, 1, 3) == "-" and cell(model, 1, 4) == s.money(200) and cell(model, 1, 4, ALIGN) == RIGHT
    assert cell(model, 0, 4, BG) is None  # unchanged
    assert cell(model, 1, 4, BG).color() == CHANGED and s.money(150) in cell(model, 1, 4, TIP)
    assert cell(model, 1, 7, BG).color() == CHANGED  # the net changed too
    assert cell(model, 2, 0, BG).color() == NEW and cell(model, 2, 4, TIP) is None
    assert cell(model, 3, 1) == "Total" and cell(model, 3, 4) == s.money(300) and cell(model, 3, 7) == s.money(270)
    assert cell(model, 3, 4, Qt.ItemDataRole.FontRole).bold() and s.money(250) in cell(model, 3, 4, TIP)
    assert model.row_object(1) is raised and model.row_object(3) is None  # the totals row is no employee


def test_bonus_scores_are_typed_in_the_grid(s: Session) -> None:
    from branch_desktop.accounting.payroll.views.grids import ScoresModel

    model = ScoresModel(s)
    model.set_employees([kw(EmployeeView, 1, "00001", "0499370899", "Sara", "Ahmadi", dt.date(2020, 1, 1), "bachelor",
                                      "IR00", None, 1, "expert", "permanent", 5)])
    assert model.columnCount() == 8 and header(model, 3) == "Score %"
    assert cell(model, 0, 1) == "Sara Ahmadi" and model.typed(0) == ["95", "100", "0", "0", "0"]
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(0, 3)) & Qt.ItemFlag.ItemIsEditable and cell(model, 0, 3, ALIGN) == RIGHT
    assert not model.setData(model.index(0, 0), "x") and cell(model, 0, 0) == "00001"
    assert model.setData(model.index(0, 3), "87,5") and model.typed(0)[0] == "87,5"


def test_household_relations_are_chosen_and_the_person_tested_stays(qapp: object) -> None:
    from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem, QWidget

    from branch_desktop.insured.views.grids import KEY_ROLE, HouseholdModel, RelationDelegate

    model = HouseholdModel(lambda rel: rel.upper(), ["self", "spouse", "child"])
    model.add("self", "600,00")
    model.add("spouse", "0")
    assert cell(model, 0, 0) == "SELF" and cell(model, 1, 0, KEY_ROLE) == "spouse"
    assert cell(model, 1, 1, ALIGN) == RIGHT and header(model, 1) == "Monthly income"
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable  # the person tested is "self"
    assert not model.setData(model.index(0, 0), "child")
    assert not model.setData(model.index(1, 0), "cousin")  # not a relation of the list
    assert model.setData(model.index(1, 0), "child") and cell(model, 1, 0) == "CHILD"
    assert model.setData(model.index(0, 1), "700,00") and model.rows[0] == ["self", "700,00"]
    parent = QWidget()
    delegate = RelationDelegate()
    editor = delegate.createEditor(parent, QStyleOptionViewItem(), model.index(1, 0))
    assert isinstance(editor, QComboBox) and editor.count() == 3 and editor.itemText(1) == "SPOUSE"
    delegate.setEditorData(editor, model.index(1, 0))
    assert editor.currentData() == "child"
    editor.setCurrentIndex(1)
    delegate.setModelData(editor, model, model.index(1, 0))
    assert model.rows[1][0] == "spouse"
    assert not model.remove(0) and model.remove(1) and model.rowCount() == 1

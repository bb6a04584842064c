"""The health-insurance income test (Turkey's GSS, seed 004): the household's incomes typed in a
grid, the bracket and premium computed as they are typed, the result printed with its trace."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import N_, current_language, format_number
from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.excel_file import save_workbook
from branch_desktop.gui.list_model import ListColumn, ListTableModel
from branch_desktop.gui.pdf_preview import preview_pdf
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import selected_row, set_message
from branch_desktop.insured.documents import income_test_pdf
from branch_desktop.insured.exports import income_test_xlsx
from branch_desktop.insured.rules.cases import compute_case
from branch_desktop.insured.rules.income_test import BRACKETS, HOUSEHOLD_RELATIONS
from branch_desktop.insured.trace_text import TraceText
from branch_desktop.insured.views.grids import HouseholdModel, RelationDelegate
from branch_desktop.insured.views.registry import table


class IncomeTestPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        s = session
        self.result: dict[str, Any] | None = None
        self.reader = TraceText(gettext=_, digits=s.digits, date=s.date, number=lambda v: format_number(v, s.lang),
                                calendar=s.ctx.pack.calendar, lang=s.lang)
        layout = QVBoxLayout(self)
        self.available = BRACKETS in s.ctx.pack.table_names()
        if not self.available:
            layout.addWidget(QLabel(_("This branch's pack has no health-insurance income test.")))
            layout.addStretch(1)
            return
        form = QFormLayout()
        self.date = QLineEdit(s.date(s.ctx.today()))
        self.late = QCheckBox(_("Did not apply within a month of the notice"))
        form.addRow(_("Date"), self.date)
        form.addRow("", self.late)
        layout.addLayout(form)
        self.household_model = HouseholdModel(self.reader.label, HOUSEHOLD_RELATIONS)
        self.grid = QTableView()
        self.grid.setModel(self.household_model)
        self.grid.setItemDelegateForColumn(0, RelationDelegate(self.grid))
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.grid.verticalHeader().hide()
        self.grid.horizontalHeader().setStretchLastSection(True)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        layout.addWidget(self.grid, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("Add a member"))
        self.add_button.clicked.connect(lambda: self.add_member("spouse", ""))
        self.remove_button = QPushButton(_("Remove the member"))
        self.remove_button.clicked.connect(self.remove_member)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.outcome = QLabel(_("Type the household's monthly incomes: the bracket is computed as you type."))
        layout.addWidget(self.outcome)
        self.trace = ListTableModel[dict[str, Any]]([
            ListColumn(N_("Step"), lambda r: self.reader.step(r)[0]),
            ListColumn(N_("Value"), lambda r: self.reader.step(r)[1]),
            ListColumn(N_("Legal source"), lambda r: self.reader.step(r)[2]),
        ])
        layout.addWidget(table(self.trace), 1)
        self.print_button = QPushButton(_("Print the result…"))
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_result)
        self.xlsx_button = QPushButton(_("Excel…"))
        self.xlsx_button.setEnabled(False)
        self.xlsx_button.clicked.connect(lambda: self.save_xlsx())
        self.message = QLabel()
        buttons = QHBoxLayout()
        for w in (self.print_button, self.xlsx_button, self.message):
            buttons.addWidget(w)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.household_model.dataChanged.connect(lambda *_a: self.compute())
        self.date.textChanged.connect(lambda _t: self.compute())
        self.late.toggled.connect(lambda _b: self.compute())
        self.add_member("self", "")

    def add_member(self, relation: str, income: str) -> None:
        self.household_model.add(relation, income)
        self.compute()

    def remove_member(self) -> None:
        if self.household_model.remove(selected_row(self.grid)):  # the person tested stays
            self.compute()

    def household(self) -> list[dict[str, Any]]:
        members = []
        for relation, text in self.household_model.rows:
            minor = self.session.parse_money(text.strip()) if text.strip() else 0
            income = self.session.ctx.pack.currency.from_minor(minor)
            members.append({"relation": relation, "monthly_income": str(income)})
        return members

    def compute(self) -> None:
        s = self.session
        try:
            on = s.parse_date(self.date.text())
            data = {"kind": "gss_income_test", "date": s.ctx.pack.calendar.format(on).replace("/", "-"),
                    "household": self.household(), "applied_late": self.late.isChecked()}
            result = compute_case(s.ctx.pack, data)
        except DomainError as exc:
            self.result = None
            self.outcome.setText(str(exc))
            self.print_button.setEnabled(False)
            self.xlsx_button.setEnabled(False)
            return
        self.result = result
        self.trace.set_rows(result["trace"])
        cur = s.ctx.pack.currency
        self.outcome.setText(_("Bracket {bracket}: per-capita income {income}, monthly premium {premium}.").format(
            bracket=result["bracket"], income=s.money(cur.to_minor(Decimal(result["per_capita_income"]))),
            premium=s.money(cur.to_minor(Decimal(result["premium"])))))
        self.print_button.setEnabled(True)
        self.xlsx_button.setEnabled(True)

    def print_result(self) -> None:
        if self.result is None:
            return
        result, household, ctx, lang = self.result, self.household(), self.session.ctx, current_language()
        preview_pdf(self, lambda: income_test_pdf(result, household, ctx.info, lang), _("Health-insurance income test"),
                    "income-test.pdf", self.session.runner)

    def save_xlsx(self, path: str | None = None) -> None:
        if self.result is None:
            return
        result, household, ctx, lang = self.result, self.household(), self.session.ctx, current_language()
        save_workbook(self, self.session.runner, lambda: income_test_xlsx(result, household, ctx.info, lang),
                      "income-test.xlsx",
                      lambda name: set_message(self.message, _("Saved to {file}").format(file=name), ok=True),
                      lambda exc: set_message(self.message, str(exc)), path=path)

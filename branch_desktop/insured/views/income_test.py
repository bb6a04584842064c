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
from branch_desktop.insured.views.claim_fields import read_date
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
        # seed 004's windows: an objection within 15 days of the notice, decided within 15; no new
        # test within six months of the last unless the income changed
        self.notice_date = QLineEdit()
        self.objection_date = QLineEdit()
        self.previous_test_date = QLineEdit()
        for edit in (self.notice_date, self.objection_date, self.previous_test_date):
            edit.setPlaceholderText(_("Blank if none (YYYY/MM/DD)"))
        self.income_changed = QCheckBox(_("The income changed since the last test"))
        form.addRow(_("Date"), self.date)
        form.addRow("", self.late)
        form.addRow(_("Decision notified on"), self.notice_date)
        form.addRow(_("Objection made on"), self.objection_date)
        form.addRow(_("Last test decided on"), self.previous_test_date)
        form.addRow("", self.income_changed)
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
        for edit in (self.notice_date, self.objection_date, self.previous_test_date):
            edit.textChanged.connect(lambda _t: self.compute())
        self.income_changed.toggled.connect(lambda _b: self.compute())
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
            data: dict[str, Any] = {"kind": "gss_income_test", "date": s.ctx.pack.calendar.format(on).replace("/", "-"),
                                    "household": self.household(), "applied_late": self.late.isChecked(),
                                    "income_changed": self.income_changed.isChecked()}
            for name in ("notice_date", "objection_date", "previous_test_date"):
                day = read_date(s, name, getattr(self, name).text())
                if day is not None:
                    data[name] = day
            result = compute_case(s.ctx.pack, data)
        except DomainError as exc:
            self.result = None
            self.outcome.setText(str(exc))
            self.print_button.setEnabled(False)
            self.xlsx_button.setEnabled(False)
            return
        self.trace.set_rows(result["trace"])
        if not result["eligible"]:  # asked again too soon: nothing to print
            self.result = None
            self.outcome.setText(_("Not eligible: {condition}.").format(
                condition=self.reader.label(result["refusal"]["condition"])))
            self.print_button.setEnabled(False)
            self.xlsx_button.setEnabled(False)
            return
        self.result = result
        cur = s.ctx.pack.currency
        text = _("Bracket {bracket}: per-capita income {income}, monthly premium {premium}.").format(
            bracket=result["bracket"], income=s.money(cur.to_minor(Decimal(result["per_capita_income"]))),
            premium=s.money(cur.to_minor(Decimal(result["premium"]))))
        calendar = s.ctx.pack.calendar
        if "objection_deadline" in result:
            text += " " + _("Objection by {date}.").format(
                date=s.date(calendar.parse(result["objection_deadline"].replace("-", "/"))))
        if "objection_decided_by" in result:
            text += " " + _("The objection is decided by {date}.").format(
                date=s.date(calendar.parse(result["objection_decided_by"].replace("-", "/"))))
        self.outcome.setText(text)
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

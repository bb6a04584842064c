"""The staff loan fund: applications, the committee's three approvals, granting, statements."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.accounting.payroll import documents, services
from branch_desktop.accounting.payroll.types import LoanView
from branch_desktop.accounting.payroll.views.common import localise_spin
from branch_desktop.accounting.payroll.views.grids import LoansModel
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.texts import format_count
from branch_desktop.gui.forms import child, load_form
from branch_desktop.gui.operations import LEDGER, PAYROLL, read, watch, write
from branch_desktop.gui.pdf_preview import preview_pdf
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import (
    EmptyState,
    grid_view,
    message_label,
    selected_row,
    set_message,
    show_only_if,
)


class LoanFundPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        actor = session.actor
        layout = QVBoxLayout(self)
        self.form = load_form("accounting/payroll/loan_application", self)  # member, instalments, apply
        self.member = child(self.form, QLineEdit, "member")
        self.instalments = child(self.form, QSpinBox, "instalments")
        localise_spin(self.instalments, session.lang)
        self.apply_button = child(self.form, QPushButton, "apply_button")
        self.apply_button.clicked.connect(self.apply)
        show_only_if(self.apply_button, actor.can("loanfund.apply"))
        self.statement_button = child(self.form, QPushButton, "statement_button")
        self.statement_button.clicked.connect(self.statement)
        layout.addWidget(self.form)
        self.model = LoansModel(session)
        self.table = grid_view(self.model)
        self.empty = EmptyState(self.table, _(
            "No loan yet. Choose a member and the number of instalments above and press Apply for a loan."))
        layout.addWidget(self.empty, 1)
        self.message = message_label()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.seat = QComboBox()
        for key, label in services.COMMITTEE_SEATS.items():
            self.seat.addItem(_(label), key)
        self.approve_button = QPushButton(_("Approve as"))
        self.approve_button.clicked.connect(self.approve)
        self.grant_button = QPushButton(_("Grant and pay"))
        self.grant_button.clicked.connect(self.grant)
        show_only_if(self.approve_button, actor.can("loanfund.approve"))
        show_only_if(self.seat, actor.can("loanfund.approve"))
        show_only_if(self.grant_button, actor.can("loanfund.grant"))
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.seat)
        buttons.addWidget(self.grant_button)
        buttons.addStretch(1)
        self.statement_xlsx_button = QPushButton(_("Member statement in Excel…"))
        self.statement_xlsx_button.clicked.connect(lambda: self.statement_xlsx())
        buttons.addWidget(self.statement_xlsx_button)
        layout.addLayout(buttons)
        self.loans: list[LoanView] = []
        watch(self, session, {PAYROLL}, self.reload)
        self.reload()

    def reload(self) -> None:
        read(self.session, services.list_loans).on_done(self._loaded).run(quiet=True)

    def _loaded(self, loans: list[LoanView]) -> None:
        chosen = self._selected()
        self.loans = loans
        self.model.set_rows(loans)
        self.table.resizeColumnsToContents()
        if chosen is not None:  # the same loan stays chosen after a refresh
            row = next((r for r, ln in enumerate(loans) if ln.id == chosen.id), -1)
            if row >= 0:
                self.table.setCurrentIndex(self.model.index(row, 0))

    def _selected(self) -> LoanView | None:
        return self.model.row_object(selected_row(self.table))

    def _done(self, text: str) -> None:
        set_message(self.message, text, ok=True)
        self.reload()

    def apply(self) -> None:
        no, n = self.member.text().strip(), self.instalments.value()
        (write(self.session, {PAYROLL}, services.apply_for_loan, no, n)
            .on_done(lambda loan_id: self._done(_("Application recorded as loan {id}.").format(id=loan_id)))
            .run())

    def approve(self) -> None:
        loan = self._selected()
        if loan is None:
            return
        seat = str(self.seat.currentData())
        (write(self.session, {PAYROLL}, services.approve_loan, loan.id, seat)
            .on_done(lambda n: self._done(_("{count} of 3 approvals.").format(count=format_count(n)))).run())

    def grant(self) -> None:
        loan = self._selected()
        if loan is None:
            return
        (write(self.session, {PAYROLL, LEDGER}, services.grant_loan, loan.id)
            .on_done(lambda entry: self._done(_("Loan paid; entry #{id}.").format(id=entry))).run())

    def statement_xlsx(self, path: str | None = None) -> None:
        from branch_desktop.accounting.payroll.exports import member_statement_xlsx
        from branch_desktop.gui.excel_file import save_workbook

        loan = self._selected()
        no = self.member.text().strip() or (loan.personnel_no if loan else "")
        if not no:
            return
        ctx, actor, lang = self.session.ctx, self.session.actor, self.session.lang
        save_workbook(self, self.session.runner,
                      lambda: member_statement_xlsx(services.member_statement(ctx, actor, no), ctx.info, lang),
                      f"loan-fund-{no}.xlsx", lambda name: set_message(self.message, _("Saved to {file}").format(
                          file=name), ok=True), lambda exc: set_message(self.message, str(exc)), path=path)

    def statement(self) -> None:
        loan = self._selected()
        no = self.member.text().strip() or (loan.personnel_no if loan else "")
        if not no:
            return
        ctx, actor, lang = self.session.ctx, self.session.actor, self.session.lang
        preview_pdf(self, lambda: documents.member_statement_pdf(services.member_statement(ctx, actor, no),
                                                                 ctx.info, lang),
                    _("Loan fund member statement"), f"loan-fund-{no}.pdf", self.session.runner)

"""Legal-obligation payments: payment documents checked for their approvals, cheques issued from
a cheque book, signed by two people, handed over (posted), spoiled, printed; the monthly report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from branch_desktop.accounting.banking import services
from branch_desktop.accounting.banking.states import STATUS_LABELS, PaymentDocumentStatus
from branch_desktop.accounting.banking.types import ChequeView, PaymentDocumentView
from branch_desktop.accounting.banking.views.common import (
    FormDialog,
    account_combo,
    button,
    fill,
    fill_accounts,
    selected_ids,
    table,
)
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import current_language
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.security import Actor
from branch_desktop.gui.operations import BANK, LEDGER, Op, read, watch, write
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import EmptyState, ask_reason, message_label, set_message, show_only_if


class ChequesPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        actor = session.actor
        self.dialog: QWidget | None = None
        self.documents: list[PaymentDocumentView] = []
        self.cheques: list[ChequeView] = []
        self.benefits: list[tuple[str, str, str]] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        label = QLabel(_("Bank account"))
        self.account = account_combo()
        label.setBuddy(self.account)
        top.addWidget(label)
        top.addWidget(self.account)
        month_label = QLabel(_("Month"))
        self.month = QLineEdit(session.period(session.today_period()))
        self.month.setMaximumWidth(110)
        month_label.setBuddy(self.month)
        top.addWidget(month_label)
        top.addWidget(self.month)
        top.addWidget(button(_("Show"), None, self.reload, self))
        top.addStretch(1)
        self.book_button = button(_("Register cheque book…"), None, self.register_book, self)
        show_only_if(self.book_button, actor.can("banking.cheques"))
        top.addWidget(self.book_button)
        layout.addLayout(top)

        docs = QGroupBox(_("Payment documents"))
        dl = QVBoxLayout(docs)
        self.doc_table = table([_("Reference"), _("Insured person"), _("Benefit"), _("Period"), _("Amount"),
                                _("Status")])
        self.doc_empty = EmptyState(self.doc_table, _(
            "No payment document is waiting for its cheque. Create one with Ctrl+N; once its approvals are "
            "checked, issue its cheque with Ctrl+I."))
        dl.addWidget(self.doc_empty)
        row = QHBoxLayout()
        self.new_doc_button = button(_("New payment document…"), "Ctrl+N", self.new_document, self)
        self.check_button = button(_("Check approvals"), None, self.check_document, self)
        self.issue_button = button(_("Issue cheque"), "Ctrl+I", self.issue, self)
        show_only_if(self.new_doc_button, actor.can("banking.payments"))
        show_only_if(self.check_button, actor.can("banking.cheques"))
        show_only_if(self.issue_button, actor.can("banking.cheques"))
        for b in (self.new_doc_button, self.check_button, self.issue_button):
            row.addWidget(b)
        row.addStretch(1)
        dl.addLayout(row)
        layout.addWidget(docs, 1)

        cheques = QGroupBox(_("Cheques"))
        cl = QVBoxLayout(cheques)
        self.cheque_table = table([_("Cheque no."), _("Date"), _("Payee"), _("Amount"), _("Status"),
                                   _("Head of accounting"), _("Branch head or deputy")])
        self.cheque_empty = EmptyState(self.cheque_table, _(
            "No cheque issued in this month. Select a checked payment document above and issue its cheque with "
            "Ctrl+I; register a cheque book first if the account has none."))
        cl.addWidget(self.cheque_empty)
        row = QHBoxLayout()
        self.sign_button = button(_("Sign"), "Ctrl+G", self.sign, self)
        self.post_button = button(_("Hand over and post"), None, self.post, self)
        self.spoil_button = button(_("Spoil…"), None, self.spoil, self)
        self.voucher_button = button(_("Voucher…"), "Ctrl+P", self.voucher, self)
        self.report_button = button(_("Monthly report…"), None, self.report, self)
        self.report_xlsx_button = button(_("Monthly report in Excel…"), None, lambda: self.report_xlsx(), self)
        show_only_if(self.sign_button, actor.can("banking.sign"))
        show_only_if(self.post_button, actor.can("banking.cheques"))
        show_only_if(self.spoil_button, actor.can("banking.cheques"))
        for b in (self.sign_button, self.post_button, self.spoil_button, self.voucher_button, self.report_button,
                  self.report_xlsx_button):
            row.addWidget(b)
        row.addStretch(1)
        cl.addLayout(row)
        layout.addWidget(cheques, 1)
        self.message = message_label()
        layout.addWidget(self.message)
        self.account.currentIndexChanged.connect(lambda _i: self.reload())
        read(session, lambda ctx, actor: [a for a in services.list_bank_accounts(ctx, actor) if a.allows_outgoing]
             ).on_done(self._accounts).on_error(lambda exc: set_message(self.message, str(exc))).run(quiet=True)
        watch(self, session, {BANK}, self.reload)

    def _accounts(self, accounts: list[services.BankAccountView]) -> None:
        self.account.blockSignals(True)
        fill_accounts(self.account, accounts, "legal_obligation_bank")
        self.account.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        code = self.account.currentData()
        try:
            ym = self.session.parse_period(self.month.text())
        except Exception as exc:
            set_message(self.message, str(exc))
            return

        def load(ctx: BranchContext, actor: Actor) -> tuple[list[PaymentDocumentView], list[ChequeView],
                                                            list[tuple[str, str, str]]]:
            docs = [d for d in services.list_payment_documents(ctx, actor) if d.status is not PaymentDocumentStatus.PAID]
            return docs, services.list_cheques(ctx, actor, code or None, ym), services.benefit_choices(ctx, actor)

        read(self.session, load).on_done(self._loaded).on_error(
            lambda exc: set_message(self.message, str(exc))).run(quiet=True)

    def _loaded(self, result: tuple[list[PaymentDocumentView], list[ChequeView], list[tuple[str, str, str]]]) -> None:
        s = self.session
        self.documents, self.cheques, self.benefits = result
        names = {role: f"{s.digits(code)} {name}" for role, code, name in self.benefits}
        fill(self.doc_table, [(d.id, (s.digits(d.reference), f"{d.insured_name} ({s.digits(d.insured_id)})",
                                      names.get(d.benefit_type, d.benefit_type),
                                      s.digits(d.period), s.money(d.amount), _(STATUS_LABELS[d.status])))
                              for d in self.documents], numeric=[4])
        fill(self.cheque_table, [(c.id, (s.digits(str(c.number)), s.date(c.issue_date), c.payee, s.money(c.amount),
                                         _(STATUS_LABELS[c.status]), c.signed_accounting_by, c.signed_head_by))
                                 for c in self.cheques], numeric=[3])

    # -- actions ------------------------------------------------------------------------------
    def _run(self, fn: Callable[[BranchContext, Actor], object], text: str) -> None:
        def done(_r: object) -> None:
            set_message(self.message, text, ok=True)
            self.session.status_message(text)
            self.reload()

        write(self.session, {BANK, LEDGER}, fn).on_done(done).on_error(
            lambda exc: set_message(self.message, str(exc))).run(label=_("Working…"))

    def _doc(self) -> PaymentDocumentView | None:
        ids = selected_ids(self.doc_table)
        doc = next((d for d in self.documents if ids and d.id == ids[0]), None)
        if doc is None:
            set_message(self.message, _("Select a payment document first."))
        return doc

    def _cheque(self) -> ChequeView | None:
        ids = selected_ids(self.cheque_table)
        cheque = next((c for c in self.cheques if ids and c.id == ids[0]), None)
        if cheque is None:
            set_message(self.message, _("Select a cheque first."))
        return cheque

    def new_document(self) -> None:
        ctx, s = self.session.ctx, self.session

        def then(v: dict[str, str]) -> Op[Any]:
            doc = services.PaymentDocumentInput(
                reference=v["reference"], insured_id=v["insured_id"], insured_name=v["insured_name"],
                benefit_type=v["benefit"], amount=s.parse_money(v["amount"]), period=v["period"],
                document_date=s.parse_date(v["date"]), prepared_by=v["prepared_by"], checked_by=v["checked_by"],
                approved_by=v["approved_by"])

            def entered(_result: object) -> None:
                set_message(self.message, _("Payment document {reference} entered.").format(
                    reference=doc.reference), ok=True)

            return write(s, {BANK}, services.create_payment_document, doc).on_done(entered)  # errors keep it open

        dialog = FormDialog(self, _("New payment document"), [
            ("reference", _("Reference of the preparing unit"), ""),
            ("insured_id", _("Insured person no."), ""),
            ("insured_name", _("Insured person"), ""),
            ("amount", _("Amount"), ""),
            ("period", _("Period"), self.month.text()),
            ("date", _("Date"), s.date(ctx.today())),
            ("prepared_by", _("Prepared by"), ""),
            ("checked_by", _("Checked by"), ""),
            ("approved_by", _("Approved by"), ""),
        ], then)
        dialog.add_combo("benefit", _("Benefit"), [(f"{s.digits(code)} {name}", role)
                                                   for role, code, name in self.benefits])
        self.dialog = dialog
        dialog.open()

    def check_document(self) -> None:
        doc = self._doc()
        if doc is None:
            return
        self._run(lambda ctx, actor: services.check_payment_document(ctx, actor, doc.id),
                  _("Payment document {reference} checked.").format(reference=doc.reference))

    def issue(self) -> None:
        doc, code = self._doc(), self.account.currentData()
        if doc is None or not code:
            return
        self._run(lambda ctx, actor: services.issue_cheque(ctx, actor, code, doc.id), _("Cheque issued."))

    def sign(self) -> None:
        c = self._cheque()
        if c is None:
            return
        self._run(lambda ctx, actor: services.sign_cheque(ctx, actor, c.id), _("Cheque signed."))

    def post(self) -> None:
        c = self._cheque()
        if c is None:
            return
        self._run(lambda ctx, actor: services.post_cheque(ctx, actor, c.id), _("Cheque handed over and posted."))

    def spoil(self) -> None:
        c = self._cheque()
        if c is None:
            return

        def go(reason: str) -> None:
            self._run(lambda ctx, actor: services.spoil_cheque(ctx, actor, c.id, reason), _("Cheque spoiled."))

        self.dialog = ask_reason(self, _("Spoil cheque"), _("Why is the cheque spoiled? Its number is not used again."),
                                 go)

    def register_book(self) -> None:
        code = self.account.currentData()

        def then(v: dict[str, str]) -> Op[Any]:
            try:
                first, last = int(v["first"]), int(v["last"])
            except ValueError:
                raise ValueError(_("The cheque numbers must be whole numbers.")) from None
            return write(self.session, {BANK}, services.register_cheque_book, code, first, last, v["series"]).on_done(
                lambda _r: set_message(self.message, _("Cheque book registered."), ok=True))

        self.dialog = FormDialog(self, _("Register cheque book"), [
            ("series", _("Series"), ""), ("first", _("First number"), ""), ("last", _("Last number"), "")], then)
        self.dialog.open()

    def voucher(self) -> None:
        from branch_desktop.gui.pdf_preview import preview_pdf

        c = self._cheque()
        if c is None:
            return
        ctx, actor, lang = self.session.ctx, self.session.actor, current_language()

        def build() -> bytes:
            from branch_desktop.accounting.banking.documents import cheque_voucher_pdf

            return cheque_voucher_pdf(services.get_cheque(ctx, actor, c.id), ctx.info, lang)

        preview_pdf(self, build, _("Cheque voucher"), f"cheque-{c.number}.pdf", self.session.runner)

    def _report_month(self) -> YearMonth | None:
        try:
            return self.session.parse_period(self.month.text())
        except Exception as exc:
            set_message(self.message, str(exc))
            return None

    def report(self) -> None:
        from branch_desktop.gui.pdf_preview import preview_pdf

        ctx, actor, lang = self.session.ctx, self.session.actor, current_language()
        ym = self._report_month()
        if ym is None:
            return

        def build() -> bytes:
            from branch_desktop.accounting.banking.documents import payment_report_pdf

            return payment_report_pdf(services.payment_report(ctx, actor, ym), ctx.info, lang)

        preview_pdf(self, build, _("Legal-obligation cheques: monthly payment report"), f"payments-{ym}.pdf",
                    self.session.runner)

    def report_xlsx(self, path: str | None = None) -> None:
        from branch_desktop.accounting.banking.exports import payment_report_xlsx
        from branch_desktop.gui.excel_file import save_workbook

        ctx, actor, lang = self.session.ctx, self.session.actor, current_language()
        ym = self._report_month()
        if ym is None:
            return
        save_workbook(self, self.session.runner,
                      lambda: payment_report_xlsx(services.payment_report(ctx, actor, ym), ctx.info, lang),
                      f"payments-{ym}.xlsx", lambda name: set_message(self.message, _("Saved to {file}").format(
                          file=name), ok=True), lambda exc: set_message(self.message, str(exc)), path=path)

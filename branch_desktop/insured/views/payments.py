"""Benefit payments: the decided claims with their state (approved, paid, refused; when and how
paid), and bank transfer lists of approved benefits: choose them, prepare the list (the bank's
file and the printed list), post it (another person), or cancel it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.i18n import N_, current_language
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.security import Actor
from branch_desktop.gui.list_model import ListColumn, ListTableModel
from branch_desktop.gui.operations import BANK, INSURED, LEDGER, read, watch, write
from branch_desktop.gui.pdf_preview import preview_pdf
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import message_label, set_message, shortcut, show_only_if, with_shortcut
from branch_desktop.insured import services
from branch_desktop.insured.documents import decision_letter_pdf, decision_letters_pdf, transfer_list_pdf
from branch_desktop.insured.exports import transfer_list_csv, transfer_list_xlsx
from branch_desktop.insured.trace_text import TraceText
from branch_desktop.insured.types import (
    CLAIM_STATE_LABELS,
    METHOD_LABELS,
    TRANSFER_STATE_LABELS,
    ClaimState,
    ClaimView,
    PayableView,
    TransferListView,
    TransferState,
)
from branch_desktop.insured.views.registry import table

Loaded = tuple[list[ClaimView], list[PayableView], list[TransferListView], list[Any]]  # and the accounts to pay from


class PaymentsPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        s = session
        from branch_desktop.core.i18n import format_number

        self.reader = TraceText(gettext=_, digits=s.digits, date=s.date, number=lambda v: format_number(v, s.lang),
                                calendar=s.ctx.pack.calendar, lang=s.lang)
        money = lambda d: s.money(s.ctx.pack.currency.to_minor(d))  # noqa: E731
        layout = QVBoxLayout(self)
        split = QSplitter()

        decided_box = QGroupBox(_("Decided claims"))
        d = QVBoxLayout(decided_box)
        self.decided = ListTableModel[ClaimView]([
            ListColumn(N_("Claim"), lambda c: s.digits(c.number)),
            ListColumn(N_("Insured person"), lambda c: c.person_name),
            ListColumn(N_("Benefit"), lambda c: self.reader.kind(c.kind)),
            ListColumn(N_("Amount"), lambda c: money(c.amount), number=True),
            ListColumn(N_("State"), lambda c: _(CLAIM_STATE_LABELS[c.state])),
            ListColumn(N_("Paid on"), lambda c: s.date(c.paid_on)),
            ListColumn(N_("Paid by"), lambda c: self._paid_by(c)),
        ], warn=lambda c: c.state is ClaimState.APPROVED)
        self.decided_view = table(self.decided)
        d.addWidget(self.decided_view, 1)
        self.letter_button = QPushButton(_("Decision letter…"))
        self.letter_button.clicked.connect(self.letter)
        self.letters_button = QPushButton(_("Letters of all decided claims (PDF)…"))
        self.letters_button.clicked.connect(self.letters)
        letters = QHBoxLayout()
        letters.addWidget(self.letter_button)
        letters.addWidget(self.letters_button)
        d.addLayout(letters)
        split.addWidget(decided_box)

        transfer_box = QGroupBox(_("Bank transfer lists"))
        t = QVBoxLayout(transfer_box)
        t.addWidget(QLabel(_("Approved benefits not paid yet (choose several with Ctrl or Shift):")))
        self.payable = ListTableModel[PayableView]([
            ListColumn(N_("Claim"), lambda p: s.digits(p.claim_number)),
            ListColumn(N_("Insured person"), lambda p: p.person_name),
            ListColumn(N_("IBAN"), lambda p: p.iban or _("none")),
            ListColumn(N_("Amount"), lambda p: money(p.amount), number=True),
        ], warn=lambda p: not p.iban)
        self.payable_view = table(self.payable)
        self.payable_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        t.addWidget(self.payable_view, 1)
        row = QHBoxLayout()
        self.bank = QComboBox()
        row.addWidget(QLabel(_("Pay from")))
        row.addWidget(self.bank, 1)
        self.prepare_button = QPushButton(_("Prepare the transfer list"))
        shortcut("Ctrl+Return", self, self.prepare)
        self.prepare_button.setToolTip(with_shortcut(_("Prepare the transfer list"), "Ctrl+Return"))
        self.prepare_button.clicked.connect(self.prepare)
        row.addWidget(self.prepare_button)
        t.addLayout(row)
        self.lists = ListTableModel[TransferListView]([
            ListColumn(N_("List"), lambda v: s.digits(v.number)),
            ListColumn(N_("Date"), lambda v: s.date(v.list_date)),
            ListColumn(N_("Payees"), lambda v: s.digits(str(v.count)), number=True),
            ListColumn(N_("Total"), lambda v: money(v.total), number=True),
            ListColumn(N_("State"), lambda v: _(TRANSFER_STATE_LABELS[v.status])),
            ListColumn(N_("Prepared by"), lambda v: v.prepared_by),
        ], warn=lambda v: v.status is TransferState.PREPARED)
        self.lists_view = table(self.lists)
        t.addWidget(self.lists_view, 1)
        buttons = QHBoxLayout()
        self.post_button = QPushButton(_("Post the list"))
        self.cancel_button = QPushButton(_("Cancel the list"))
        self.pdf_button = QPushButton(_("Printed list…"))
        self.file_button = QPushButton(_("File for the bank…"))
        for b in (self.post_button, self.cancel_button, self.pdf_button, self.file_button):
            buttons.addWidget(b)
        can_pay = s.actor.can("insured.transfer")
        for b in (self.prepare_button, self.post_button, self.cancel_button):
            show_only_if(b, can_pay)
        self.post_button.clicked.connect(lambda: self.change(  # one entry from the bank account: the ledger too
            services.post_transfer_list, {INSURED, BANK, LEDGER}, _("List {number} posted.")))
        self.cancel_button.clicked.connect(
            lambda: self.change(services.cancel_transfer_list, {INSURED}, _("List {number} cancelled.")))
        self.pdf_button.clicked.connect(self.print_list)
        self.file_button.clicked.connect(self.save_file)
        t.addLayout(buttons)
        split.addWidget(transfer_box)
        layout.addWidget(split, 1)
        self.message = message_label()
        layout.addWidget(self.message)
        watch(self, session, {INSURED, BANK}, self.refresh)  # claims decided or paid, bank accounts
        self.refresh()

    def _paid_by(self, c: ClaimView) -> str:
        if c.payment_method is None:
            return ""
        return f"{_(METHOD_LABELS[c.payment_method])} {self.session.digits(c.payment_instrument)}"

    def refresh(self) -> None:
        def load(ctx: BranchContext, actor: Actor) -> Loaded:
            accounts: list[Any] = []
            if actor.can("banking.view"):
                from branch_desktop.accounting.banking import services as banking

                accounts = [a for a in banking.list_bank_accounts(ctx, actor) if a.allows_outgoing]
            return (services.decided_claims(ctx, actor), services.payable_claims(ctx, actor),
                    services.transfer_lists(ctx, actor), accounts)

        read(self.session, load).on_done(self._loaded).run(quiet=True)

    def _loaded(self, data: Loaded) -> None:
        decided, payable, lists, accounts = data
        self.decided.set_rows(decided)
        self.payable.set_rows(payable)
        self.lists.set_rows(lists)
        current = self.bank.currentData()
        self.bank.clear()
        for a in accounts:
            self.bank.addItem(f"{self.session.digits(a.code)} {a.name}", a.code)
        if current is not None and self.bank.findData(current) >= 0:
            self.bank.setCurrentIndex(self.bank.findData(current))

    def chosen_payments(self) -> list[int]:
        rows = sorted({i.row() for i in self.payable_view.selectionModel().selectedRows()})
        return [p.payment_id for r in rows if (p := self.payable.row_object(r)) is not None]

    def chosen_list(self) -> TransferListView | None:
        return self.lists.row_object(self.lists_view.currentIndex().row())

    def prepare(self) -> None:
        ids, code = self.chosen_payments(), self.bank.currentData()
        if not ids or code is None:
            set_message(self.message, _("Choose the benefits and the bank account to pay from."))
            return
        write(self.session, {INSURED}, services.prepare_transfer_list, str(code), ids).on_done(
            lambda v: self._done(v, _("List {number} prepared."))).on_error(
            lambda exc: set_message(self.message, str(exc))).run(label=_("Preparing the list…"))

    def change(self, action: Callable[[BranchContext, Actor, int], TransferListView], topics: set[str],
               done: str) -> None:
        chosen = self.chosen_list()
        if chosen is None:
            set_message(self.message, _("Choose a transfer list first."))
            return
        write(self.session, topics, action, chosen.id).on_done(lambda v: self._done(v, done)).on_error(
            lambda exc: set_message(self.message, str(exc))).run()

    def _done(self, view: TransferListView, text: str) -> None:
        """The page reloads on the write's notice (it watches INSURED)."""
        set_message(self.message, text.format(number=self.session.digits(view.number)), ok=True)

    def print_list(self) -> None:
        chosen = self.chosen_list()
        if chosen is None:
            set_message(self.message, _("Choose a transfer list first."))
            return
        ctx, actor, lang = self.session.ctx, self.session.actor, current_language()
        preview_pdf(self, lambda: transfer_list_pdf(services.get_transfer_list(ctx, actor, chosen.id), ctx.info, lang),
                    _("Bank transfer list"), f"transfer-{chosen.number.replace('/', '-')}.pdf", self.session.runner)

    def save_file(self) -> None:
        chosen = self.chosen_list()
        if chosen is None:
            set_message(self.message, _("Choose a transfer list first."))
            return
        name, _f = QFileDialog.getSaveFileName(self, _("File for the bank"),
                                               f"transfer-{chosen.number.replace('/', '-')}.xlsx",
                                               _("Excel files (*.xlsx);;CSV files (*.csv)"))
        if name:
            self.write_file(chosen.id, Path(name))

    def write_file(self, list_id: int, path: Path) -> None:
        def save(ctx: BranchContext, actor: Actor) -> Path:  # reads the list, writes a file: no topic changes
            view = services.get_transfer_list(ctx, actor, list_id)
            if path.suffix.lower() == ".csv":
                path.write_text(transfer_list_csv(view), encoding="utf-8-sig")
            else:
                path.write_bytes(transfer_list_xlsx(view, ctx.pack.currency, ctx.pack.calendar))
            return path

        read(self.session, save).on_done(
            lambda p: set_message(self.message, _("Saved {file}.").format(file=p.name), ok=True)).on_error(
            lambda exc: set_message(self.message, str(exc))).run(label=_("Saving…"))

    def letter(self) -> None:
        claim = self.decided.row_object(self.decided_view.currentIndex().row())
        if claim is None:
            set_message(self.message, _("Choose a claim in the list first."))
            return
        ctx, lang = self.session.ctx, current_language()
        preview_pdf(self, lambda: decision_letter_pdf(claim, ctx.info, lang), _("Benefit decision"),
                    f"decision-{claim.number.replace('/', '-')}.pdf", self.session.runner)

    def letters(self) -> None:
        """The decision letters of every claim in the list, in one PDF for the post: a long batch is
        laid out by worker processes, with the pages counted in the progress dialog and Cancel."""
        from branch_desktop.gui.tasks import progress_or_stop

        claims = list(self.decided.rows)
        if not claims:
            set_message(self.message, _("No claim has been decided yet."))
            return
        ctx, lang = self.session.ctx, current_language()
        preview_pdf(self, lambda: decision_letters_pdf(claims, ctx.info, lang, progress=progress_or_stop),
                    _("Benefit decision"), "decisions.pdf", self.session.runner)

"""Seizure requests: the enforcement orders open for a seizure, a request to a named bank under the
one chosen (refused while an objection suspends it), the latest requests with their state and the
bank's reply (recorded here: the amount seized, 0 for nothing, and the bank's reference), a
request's letter and today's list printed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import N_, current_language
from branch_desktop.core.i18n import gettext as _
from branch_desktop.execution import services
from branch_desktop.execution.documents import seizure_letter_pdf, seizure_list_pdf
from branch_desktop.execution.states import OrderState
from branch_desktop.execution.types import OrderView, SeizureView
from branch_desktop.execution.views.common import STATE_LABELS, OrdersList, table
from branch_desktop.gui.list_model import ListColumn, ListTableModel
from branch_desktop.gui.operations import EXECUTION, read, watch, write
from branch_desktop.gui.pdf_preview import preview_pdf
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import message_label, set_message

if TYPE_CHECKING:
    from branch_desktop.core.branch import BranchContext
    from branch_desktop.core.security import Actor


def _orders(ctx: BranchContext, actor: Actor) -> list[OrderView]:
    """The orders a seizure may follow (not settled or cancelled)."""
    return [o for o in services.list_orders(ctx, actor) if o.state not in (OrderState.SETTLED, OrderState.CANCELLED)]


class SeizuresPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = s = session
        cur = s.ctx.pack.currency
        layout = QVBoxLayout(self)
        self.order_list = OrdersList(s, with_notice=False)
        self.orders, self.orders_view = self.order_list.model, self.order_list.view
        layout.addWidget(self.order_list, 2)
        ask = QHBoxLayout()
        ask.addWidget(QLabel(_("Bank")))
        self.bank = QLineEdit()
        self.bank.setMaxLength(120)
        ask.addWidget(self.bank, 1)
        self.request_button = QPushButton(_("Ask the bank to seize"))
        self.request_button.clicked.connect(self.request)
        ask.addWidget(self.request_button)
        layout.addLayout(ask)
        layout.addWidget(QLabel(_("Seizure requests")))
        self.requests = ListTableModel[SeizureView]([
            ListColumn(N_("Number"), lambda r: s.docno(r.number)),
            ListColumn(N_("Date"), lambda r: s.date(r.requested_on)),
            ListColumn(N_("Bank"), lambda r: r.bank),
            ListColumn(N_("Enforcement order"), lambda r: s.docno(r.order_number)),
            ListColumn(N_("Employer"), lambda r: r.name),
            ListColumn(N_("Amount"), lambda r: s.money(cur.to_minor(r.amount)), number=True),
            ListColumn(N_("State"), lambda r: _(STATE_LABELS[r.state])),
            ListColumn(N_("Replied on"), lambda r: s.date(r.replied_on)),
            ListColumn(N_("Seized"), lambda r: "" if r.seized is None else s.money(cur.to_minor(r.seized)),
                       number=True),
            ListColumn(N_("Bank's reference"), lambda r: r.bank_reference or r.cancel_reason),
        ])
        self.requests_view = table(self.requests)
        layout.addWidget(self.requests_view, 1)
        reply = QHBoxLayout()
        reply.addWidget(QLabel(_("Seized")))
        self.seized = QLineEdit()
        self.seized.setPlaceholderText(s.money(0))
        reply.addWidget(self.seized)
        reply.addWidget(QLabel(_("Bank's reference")))
        self.reference = QLineEdit()
        self.reference.setMaxLength(60)
        reply.addWidget(self.reference, 1)
        self.reply_button = QPushButton(_("Record the bank's reply"))
        self.reply_button.clicked.connect(self.record_reply)
        reply.addWidget(self.reply_button)
        layout.addLayout(reply)
        actions = QHBoxLayout()
        self.letter_button = QPushButton(_("Print letter (PDF)…"))
        self.letter_button.clicked.connect(self.print_letter)
        self.list_button = QPushButton(_("Print today's list (PDF)…"))
        self.list_button.clicked.connect(self.print_list)
        for b in (self.letter_button, self.list_button):
            actions.addWidget(b)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.message = message_label()
        layout.addWidget(self.message)
        watch(self, session, {EXECUTION}, self.reload)
        self.reload()

    def reload(self) -> None:
        read(self.session, _orders).on_done(self.orders.set_rows).run(quiet=True)
        read(self.session, services.recent_seizures).on_done(self.requests.set_rows).run(quiet=True)

    def request(self) -> None:
        o = self.order_list.chosen()
        if o is None:
            set_message(self.message, _("Choose an order first."))
            return
        op = write(self.session, {EXECUTION}, services.request_seizure, o.number, self.bank.text(),
                   self.session.ctx.today())
        op.on_done(self._requested).on_error(lambda exc: set_message(self.message, str(exc)))
        op.run(label=_("Seizure request"))

    def _requested(self, r: SeizureView) -> None:
        self.bank.clear()
        set_message(self.message, _("Seizure request {number} made.").format(number=self.session.docno(r.number)),
                    ok=True)

    def record_reply(self) -> None:
        r = self.requests.row_object(self.requests_view.currentIndex().row())
        if r is None:
            set_message(self.message, _("Choose a seizure request first."))
            return
        try:
            seized = self.session.parse_money(self.seized.text() or "0")
        except DomainError as exc:
            set_message(self.message, str(exc))
            return
        op = write(self.session, {EXECUTION}, services.reply_to_seizure, r.number, self.session.ctx.today(),
                   self.session.ctx.pack.currency.from_minor(seized), self.reference.text())
        op.on_done(self._replied).on_error(lambda exc: set_message(self.message, str(exc)))
        op.run(label=_("Bank's reply"))

    def _replied(self, r: SeizureView) -> None:
        self.seized.clear()
        self.reference.clear()
        set_message(self.message, _("The bank's reply to {number} is recorded.").format(
            number=self.session.docno(r.number)), ok=True)

    def print_letter(self) -> None:
        r = self.requests.row_object(self.requests_view.currentIndex().row())
        if r is not None:
            info, lang = self.session.ctx.info, current_language()
            preview_pdf(self, lambda: seizure_letter_pdf(r, info, lang), _("Seizure request"),
                        f"seizure-{r.number.replace('/', '-')}.pdf", self.session.runner)

    def print_list(self) -> None:
        day = self.session.ctx.today()
        rows = sorted((r for r in (self.requests.row_object(i) for i in range(self.requests.rowCount()))
                       if r is not None and r.requested_on == day), key=lambda r: r.number)
        info, lang = self.session.ctx.info, current_language()
        preview_pdf(self, lambda: seizure_list_pdf(rows, day, info, lang), _("Seizure requests"),
                    f"seizures-{day.isoformat()}.pdf", self.session.runner)

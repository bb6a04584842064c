"""Notices and orders: prepare a batch of notices (debts overdue at least N days), mark one served
today, issue the enforcement order once its period has run, print them; the orders issued, and
the enforcement rate of the current half-year (collected through enforcement / transferred)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.i18n import N_, current_language
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.security import Actor
from branch_desktop.execution import services
from branch_desktop.execution.documents import notices_pdf, order_pdf
from branch_desktop.execution.states import NoticeState
from branch_desktop.execution.types import EnforcementRate, NoticeView, OrderView
from branch_desktop.execution.views.common import STATE_LABELS, OrdersList, select_again, table
from branch_desktop.gui.list_model import ListColumn, ListTableModel
from branch_desktop.gui.operations import EXECUTION, Op, read, watch, write
from branch_desktop.gui.pdf_preview import preview_pdf
from branch_desktop.gui.session import Session
from branch_desktop.gui.tasks import progress_or_stop
from branch_desktop.gui.widgets import message_label, set_message


class DocumentsPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = s = session
        cur = s.ctx.pack.currency
        layout = QVBoxLayout(self)
        self.rate = QLabel()
        layout.addWidget(self.rate)
        batch = QHBoxLayout()
        batch.addWidget(QLabel(_("Debts overdue at least (days)")))
        self.min_age = QSpinBox()
        self.min_age.setRange(1, 3650)
        self.min_age.setValue(30)
        batch.addWidget(self.min_age)
        self.prepare_button = QPushButton(_("Prepare notices"))
        self.prepare_button.clicked.connect(self.prepare)
        batch.addWidget(self.prepare_button)
        batch.addStretch(1)
        layout.addLayout(batch)
        self.notices = ListTableModel[NoticeView]([
            ListColumn(N_("Notice"), lambda n: s.docno(n.number)),
            ListColumn(N_("Employer file"), lambda n: s.digits(n.file_no)),
            ListColumn(N_("Employer"), lambda n: n.name),
            ListColumn(N_("Total"), lambda n: s.money(cur.to_minor(n.total)), number=True),
            ListColumn(N_("State"), lambda n: _(STATE_LABELS[n.state])),
            ListColumn(N_("Served on"), lambda n: s.date(n.served_on)),
            ListColumn(N_("Order possible from"), lambda n: s.date(n.escalation_from)),
        ])
        self.notices_view = table(self.notices)
        layout.addWidget(self.notices_view, 2)
        actions = QHBoxLayout()
        self.serve_button = QPushButton(_("Served today (by hand)"))
        self.serve_button.clicked.connect(self.serve)
        self.order_button = QPushButton(_("Issue enforcement order"))
        self.order_button.clicked.connect(self.issue)
        self.print_button = QPushButton(_("Print notice (PDF)…"))
        self.print_button.clicked.connect(self.print_notice)
        self.print_all_button = QPushButton(_("Print all prepared notices (PDF)…"))
        self.print_all_button.clicked.connect(self.print_prepared)
        for b in (self.serve_button, self.order_button, self.print_button, self.print_all_button):
            actions.addWidget(b)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.order_list = OrdersList(s, with_notice=True)
        self.orders, self.orders_view = self.order_list.model, self.order_list.view
        layout.addWidget(self.order_list, 1)
        self.print_order_button = QPushButton(_("Print order (PDF)…"))
        self.print_order_button.clicked.connect(self.print_order)
        layout.addWidget(self.print_order_button)
        self.message = message_label()
        layout.addWidget(self.message)
        watch(self, s, {EXECUTION}, self.reload)
        self.reload()

    def reload(self) -> None:
        def load(ctx: BranchContext, actor: Actor) -> tuple[list[NoticeView], list[OrderView], EnforcementRate]:
            ym = ctx.pack.calendar.year_month(ctx.today())
            return (services.list_notices(ctx, actor), services.list_orders(ctx, actor),
                    services.enforcement_rate(ctx, actor, ym.year, 1 if ym.month <= 6 else 2))

        read(self.session, load).on_done(self._loaded).run(quiet=True)

    def _loaded(self, data: tuple[list[NoticeView], list[OrderView], EnforcementRate]) -> None:
        notices, orders, rate = data
        s = self.session
        cur = s.ctx.pack.currency
        notice, order = self._notice(), self.order_list.chosen()
        self.notices.set_rows(notices)
        self.orders.set_rows(orders)
        if notice is not None:  # keep the user's place in the lists
            select_again(self.notices_view, self.notices, lambda n: n.number, notice.number)
        if order is not None:
            select_again(self.orders_view, self.orders, lambda o: o.number, order.number)
        share = "-" if rate.rate is None else s.digits(f"{rate.rate * 100:.1f} %")
        self.rate.setText(_("Enforcement rate {start} - {end}: {share} (collected {collected} of {transferred} "
                            "transferred; target 50 %)").format(
            start=s.date(rate.start), end=s.date(rate.end), share=share,
            collected=s.money(cur.to_minor(rate.collected)), transferred=s.money(cur.to_minor(rate.transferred))))

    def _run(self, op: Op[Any], done: str) -> None:
        """A write of the unit (none of them posts to the ledger): the page reloads on its notice."""
        op.on_done(lambda _r: set_message(self.message, done, ok=True)).on_error(
            lambda exc: set_message(self.message, str(exc))).run(label=done)

    def _notice(self) -> NoticeView | None:
        return self.notices.row_object(self.notices_view.currentIndex().row())

    def prepare(self) -> None:
        today = self.session.ctx.today()
        self._run(write(self.session, {EXECUTION}, services.prepare_notices, today, min_age=self.min_age.value()),
                  _("Notices prepared."))

    def serve(self) -> None:
        n = self._notice()
        if n is not None:
            self._run(write(self.session, {EXECUTION}, services.serve_notice, n.number, self.session.ctx.today(),
                            "hand"), _("Notice marked served."))

    def issue(self) -> None:
        n = self._notice()
        if n is not None:
            self._run(write(self.session, {EXECUTION}, services.issue_order, n.number, self.session.ctx.today()),
                      _("Enforcement order issued."))

    def print_notice(self) -> None:
        n = self._notice()
        if n is not None:
            info, lang = self.session.ctx.info, current_language()
            preview_pdf(self, lambda: notices_pdf([n], info, lang), _("Warning notice"),
                        f"notice-{n.number.replace('/', '-')}.pdf", self.session.runner)

    def print_prepared(self) -> None:
        """Every notice still waiting to be served, in one PDF for the post: a long batch is laid out
        by worker processes, with the pages counted in the progress dialog and Cancel."""
        batch = [n for n in self.notices.rows if n.state == NoticeState.PREPARED]
        if not batch:
            set_message(self.message, _("No notice is waiting to be served."))
            return
        info, lang = self.session.ctx.info, current_language()
        preview_pdf(self, lambda: notices_pdf(batch, info, lang, progress=progress_or_stop), _("Warning notice"),
                    "notices.pdf", self.session.runner)

    def print_order(self) -> None:
        o = self.order_list.chosen()
        if o is not None:
            info, lang = self.session.ctx.info, current_language()
            preview_pdf(self, lambda: order_pdf(o, info, lang), _("Enforcement order"),
                        f"order-{o.number.replace('/', '-')}.pdf", self.session.runner)

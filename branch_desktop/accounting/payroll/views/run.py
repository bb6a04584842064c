"""The payroll run of a month: compute a draft, review every employee's lines against last month
(differences highlighted), recompute after a decree fix, post, write the bank list, record the
payment, preview payslips, reverse with a reason."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.accounting.payroll import documents, services
from branch_desktop.accounting.payroll.states import LIVE, RunKind, RunStatus
from branch_desktop.accounting.payroll.types import RunReview, RunView
from branch_desktop.accounting.payroll.views.grids import RunReviewModel
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import N_
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.security import Actor
from branch_desktop.gui.operations import LEDGER, PAYROLL, read, watch, write
from branch_desktop.gui.pdf_preview import preview_pdf
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import (
    EmptyState,
    ask_reason,
    confirm,
    grid_view,
    message_label,
    selected_row,
    set_message,
    show_only_if,
    with_shortcut,
)

STATUS = {RunStatus.DRAFT: N_("Draft"), RunStatus.POSTED: N_("Posted"), RunStatus.PAID: N_("Paid"),
          RunStatus.REVERSED: N_("Reversed")}


class PayrollRunPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        actor = session.actor
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        label = QLabel(_("&Month"))
        self.month = QLineEdit(session.period(session.today_period()))
        self.month.setMaximumWidth(110)
        self.month.setToolTip(_("YYYY-MM in the pack's calendar"))
        label.setBuddy(self.month)
        self.compute_button = QPushButton(with_shortcut(_("Compute"), "F5"))
        self.compute_button.clicked.connect(self.compute)
        show_only_if(self.compute_button, actor.can("payroll.run"))
        self.month.returnPressed.connect(self.load_month)
        self.status = QLabel()
        top.addWidget(label)
        top.addWidget(self.month)
        self.kind = QComboBox()
        for key, title in services.RUN_KINDS.items():
            self.kind.addItem(_(title), key)
        self.kind.setToolTip(_("Bonus runs are prepared on the Bonuses page"))
        self.kind.currentIndexChanged.connect(lambda _i: self.load_month())
        top.addWidget(self.kind)
        top.addWidget(self.compute_button)
        top.addWidget(self.status, 1)
        layout.addLayout(top)
        self.model = RunReviewModel(session)
        self.table = grid_view(self.model, stretch_last=False)
        self.empty = EmptyState(self.table, _(
            "No payroll for this month yet. Press Compute (F5) to prepare it from the staff's decrees."))
        layout.addWidget(self.empty, 1)
        self.legend = QLabel(_("Yellow: differs from last month (the tooltip shows last month's figure); "
                               "green: not in last month's run."))
        self.legend.setWordWrap(True)
        layout.addWidget(self.legend)
        self.message = message_label()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.post_button = QPushButton(_("Post…"))
        self.post_button.clicked.connect(self.post)
        show_only_if(self.post_button, actor.can("payroll.post"))
        self.bank_button = QPushButton(_("Bank list…"))
        self.bank_button.clicked.connect(self.bank_list)
        self.pay_button = QPushButton(_("Record payment…"))
        self.pay_button.clicked.connect(self.pay)
        show_only_if(self.pay_button, actor.can("payroll.pay"))
        self.slip_button = QPushButton(_("Payslip"))
        self.slip_button.clicked.connect(lambda: self.payslips(selected_only=True))
        self.all_slips_button = QPushButton(_("All payslips"))
        self.all_slips_button.clicked.connect(lambda: self.payslips(selected_only=False))
        self.reverse_button = QPushButton(_("Reverse…"))
        self.reverse_button.clicked.connect(self.reverse)
        show_only_if(self.reverse_button, actor.can("payroll.reverse"))
        for b in (self.post_button, self.bank_button, self.pay_button, self.slip_button, self.all_slips_button,
                  self.reverse_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("F5"), self, self.compute)
        self.run: RunView | None = None
        self.review: RunReview | None = None
        self.last_bank_file: Path | None = None
        self._update_buttons()
        watch(self, session, {PAYROLL}, self.load_month)  # a bonus run prepared, a decree changed
        self.load_month()

    # -- loading ----------------------------------------------------------------------------
    def _month(self) -> YearMonth | None:
        try:
            return self.session.parse_period(self.month.text().replace("/", "-"))
        except DomainError as exc:
            set_message(self.message, str(exc))
            return None

    def load_month(self) -> None:
        month = self._month()
        if month is None:
            return
        kind = self.current_kind()

        def work(ctx: BranchContext, actor: Actor) -> RunReview | None:
            run = services.find_run(ctx, actor, month, kind)
            return services.review_run(ctx, actor, run.id) if run else None

        read(self.session, work).on_done(self._show).run(quiet=True)

    def current_kind(self) -> RunKind:
        return RunKind(self.kind.currentData() or RunKind.MONTHLY)

    def show_run(self, month: YearMonth, kind: RunKind) -> None:
        """Open a month's run of a kind (the Bonuses page sends its new runs here)."""
        self.month.setText(self.session.period(month))
        self.kind.blockSignals(True)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.kind.blockSignals(False)
        self.load_month()

    def compute(self) -> None:
        month = self._month()
        if month is None:
            return
        if self.current_kind() != RunKind.MONTHLY:
            run = self.run
            if run is None or run.status != RunStatus.DRAFT:
                set_message(self.message, _("Bonus runs are prepared on the Bonuses page."))
                return
            write(self.session, {PAYROLL}, lambda ctx, actor: services.review_run(ctx, actor, services.recompute_run(
                ctx, actor, run.id).id)).on_done(self._show).run(label=_("Computing the payroll…"))
            return

        def work(ctx: BranchContext, actor: Actor) -> RunReview:
            run = services.find_run(ctx, actor, month)
            if run is None:
                run_id = services.create_run(ctx, actor, month)
            elif run.status == RunStatus.DRAFT:
                run_id = services.recompute_run(ctx, actor, run.id).id
            else:
                run_id = run.id
            return services.review_run(ctx, actor, run_id)

        write(self.session, {PAYROLL}, work).on_done(self._show).run(label=_("Computing the payroll…"))

    def _show(self, review: RunReview | None) -> None:
        self.review = review
        self.run = review.run if review else None
        s = self.session
        if review is None:
            self.model.set_review(None)
            self.status.setText(_("No payroll run for this month yet."))
            self._update_buttons()
            return
        self.model.set_review(review)
        self.table.resizeColumnsToContents()
        run = review.run
        self.status.setText(_("Run #{id}: {status}, {count} employees, net pay {net}, employer cost {cost}").format(
            id=s.digits(str(run.id)), status=_(STATUS.get(run.status, run.status)),
            count=s.digits(str(run.employees)), net=s.money(run.net), cost=s.money(run.employer_cost)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        status = self.run.status if self.run else None
        self.post_button.setEnabled(status == RunStatus.DRAFT)
        self.bank_button.setEnabled(status in LIVE)
        self.pay_button.setEnabled(status == RunStatus.POSTED)
        self.slip_button.setEnabled(status is not None)
        self.all_slips_button.setEnabled(status is not None)
        self.reverse_button.setEnabled(status in LIVE)

    # -- actions ----------------------------------------------------------------------------
    def _after(self, _result: object = None) -> None:
        self.load_month()

    def post(self) -> None:
        run = self.run
        if run is None:
            return

        def go() -> None:
            (write(self.session, {PAYROLL, LEDGER}, services.post_run, run.id).on_done(self._posted)
                .run(label=_("Posting the payroll…")))

        self.confirm_box = confirm(self, _("Post the payroll"), _(
            "Post the payroll of {count} employees (net pay {net})? A posted run cannot be changed.").format(
            count=self.session.digits(str(run.employees)), net=self.session.money(run.net)), go)

    def _posted(self, entry_id: int) -> None:
        set_message(self.message, _("Posted as entry #{id}.").format(id=self.session.digits(str(entry_id))), ok=True)
        self.load_month()

    def bank_list(self, path: Path | None = None) -> None:
        run = self.run
        if run is None:
            return
        if path is None:
            name, _filter = QFileDialog.getSaveFileName(self, _("Bank list"), f"bank-{run.period}.xlsx",
                                                        _("Excel (*.xlsx);;CSV (*.csv)"))
            if not name:
                return
            path = Path(name)
        target = path

        def done(count: int) -> None:
            self.last_bank_file = target
            set_message(self.message, _("{count} transfers written to {path}").format(
                count=self.session.digits(str(count)), path=str(target)), ok=True)

        read(self.session, services.export_bank_list, run.id, target).on_done(done).run()

    def pay(self) -> None:
        run = self.run
        if run is None:
            return

        def go() -> None:
            write(self.session, {PAYROLL, LEDGER}, services.pay_run, run.id).on_done(self._after).run()

        self.confirm_box = confirm(self, _("Record payment"), _(
            "Has the bank paid the net pay of {net}? This posts the payment and the loan fund's share.").format(
            net=self.session.money(run.net)), go)

    def reverse(self) -> None:
        run = self.run
        if run is None:
            return

        def go(reason: str) -> None:
            (write(self.session, {PAYROLL, LEDGER}, services.reverse_run, run.id, reason).on_done(self._after)
                .run())

        self.reason_dialog = ask_reason(self, _("Reverse the payroll"), _("Why is this run reversed?"), go)

    def selected_personnel_no(self) -> str | None:
        if self.review is None:
            return None
        row = self.model.row_object(selected_row(self.table))
        return row.personnel_no if row is not None else None

    def payslips(self, selected_only: bool) -> None:
        run = self.run
        if run is None:
            return
        no = self.selected_personnel_no() if selected_only else None
        if selected_only and no is None:
            set_message(self.message, _("Select an employee first."))
            return
        ctx, actor, lang = self.session.ctx, self.session.actor, self.session.lang

        def build() -> bytes:
            return documents.payslips_pdf(services.payslips(ctx, actor, run.id, no), ctx.info, lang)

        name = f"payslip-{run.period}-{no}.pdf" if no else f"payslips-{run.period}.pdf"
        preview_pdf(self, build, _("Payslips"), name, self.session.runner)

"""Bonuses approved by administration and computed by accounting: the quarterly productivity bonus
from each employee's score, and the performance bonus (karaneh) from the branch's points. Each
becomes an off-cycle run, reviewed, posted and printed on the Payroll page."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.accounting.payroll import rules, services
from branch_desktop.accounting.payroll.rules import KaranehIndicators, ProductivityScore
from branch_desktop.accounting.payroll.states import BONUS_KINDS, RunKind
from branch_desktop.accounting.payroll.types import EmployeeView
from branch_desktop.accounting.payroll.views.common import localise_spin
from branch_desktop.accounting.payroll.views.grids import ScoresModel
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.security import Actor
from branch_desktop.gui.operations import PAYROLL, read, write
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import message_label, set_message, show_only_if


class BonusPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        label = QLabel(_("&Month"))
        self.month = QLineEdit(session.period(session.today_period()))
        self.month.setMaximumWidth(110)
        label.setBuddy(self.month)
        self.kind = QComboBox()
        for kind in BONUS_KINDS:
            self.kind.addItem(_(services.RUN_KINDS[kind]), kind)
        top.addWidget(label)
        top.addWidget(self.month)
        top.addWidget(self.kind)
        top.addStretch(1)
        layout.addLayout(top)
        self.stack = QStackedWidget()
        self.model = ScoresModel(session)  # editable: each employee's scores
        self.scores = QTableView()
        self.scores.setModel(self.model)
        self.scores.verticalHeader().hide()
        self.scores.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.stack.addWidget(self.scores)
        karaneh = QWidget()
        form = QFormLayout(karaneh)
        self.collection = QLineEdit("0")
        self.arrears = QLineEdit("0")
        self.amount = QLineEdit("0")
        self.progress = QLineEdit("100")
        self.statements = QSpinBox()
        self.statements.setRange(0, 12)
        localise_spin(self.statements, session.lang)
        self.points = QLabel()
        for label_text, widget in ((_("Collections over budget, %"), self.collection),
                                   (_("Arrears in collections, %"), self.arrears),
                                   (_("Collections over budget, amount"), self.amount),
                                   (_("Revenue balance progress, %"), self.progress),
                                   (_("Monthly statements sent by the 15th"), self.statements),
                                   (_("Points"), self.points)):
            form.addRow(label_text, widget)
        for edit in (self.collection, self.arrears, self.amount, self.progress):
            edit.textChanged.connect(lambda _t: self.update_points())
        self.statements.valueChanged.connect(lambda _v: self.update_points())
        self.stack.addWidget(karaneh)
        layout.addWidget(self.stack, 1)
        self.message = message_label()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.create_button = QPushButton(_("Create the bonus run"))
        self.create_button.clicked.connect(self.create_run)
        show_only_if(self.create_button, session.actor.can("payroll.run"))
        buttons.addWidget(self.create_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.kind.currentIndexChanged.connect(lambda i: self.stack.setCurrentIndex(i))
        self.employees: list[EmployeeView] = []
        self.created: int | None = None
        self.update_points()
        read(session, services.list_employees).on_done(self._loaded).run(quiet=True)

    def _loaded(self, employees: list[EmployeeView]) -> None:
        self.employees = [e for e in employees if e.left_on is None]
        self.model.set_employees(self.employees)
        self.scores.resizeColumnsToContents()

    def _number(self, text: str) -> Decimal:
        """A percentage, score or count typed in the user's locale (a trailing % allowed; empty is 0)."""
        clean = text.strip().rstrip("%\u066a").strip()
        return self.session.parse_number(clean) if clean else Decimal(0)

    def _indicators(self) -> KaranehIndicators:
        s = self.session
        amount = self.amount.text().strip()
        return KaranehIndicators(
            collection_over_budget_pct=self._number(self.collection.text()),
            arrears_share_pct=self._number(self.arrears.text()),
            amount_over_budget=s.ctx.pack.currency.from_minor(s.parse_money(amount)) if amount else Decimal(0),
            balance_progress=self._number(self.progress.text()) / 100,
            statements_on_time=self.statements.value(),
        )

    def update_points(self) -> None:
        try:
            month = self.session.parse_period(self.month.text().replace("/", "-"))
            points = rules.karaneh_points(self.session.ctx.pack, self._indicators(), rules.pay_day(
                self.session.ctx.pack, month))
        except DomainError as exc:
            self.points.setText(str(exc))
            return
        self.points.setText(self.session.digits(f"{points.normalize():f}"))

    def _scores(self) -> dict[str, ProductivityScore]:
        out = {}
        for r, e in enumerate(self.employees):
            values = [self._number(text) for text in self.model.typed(r)]
            out[e.personnel_no] = ProductivityScore(values[0] / 100, values[1] / 100, values[2] / 100,
                                                    int(values[3]), int(values[4]))
        return out

    def create_run(self) -> None:
        s = self.session
        try:
            month: YearMonth = s.parse_period(self.month.text().replace("/", "-"))
            kind = RunKind(self.kind.currentData())
            if kind == RunKind.PRODUCTIVITY:
                scores = self._scores()
            else:
                indicators = self._indicators()
        except DomainError as exc:
            set_message(self.message, str(exc))
            return
        def work(ctx: BranchContext, actor: Actor) -> int:
            if kind == RunKind.PRODUCTIVITY:
                return services.create_productivity_run(ctx, actor, month, scores)
            return services.create_performance_run(ctx, actor, month, indicators)

        def done(run_id: int) -> None:
            self.created = run_id
            set_message(self.message, _("Bonus run #{id} is ready to review on the Payroll page.").format(
                id=s.digits(str(run_id))), ok=True)
            page = s.open_page("accounting.payroll_run")
            if page is not None and hasattr(page, "show_run"):
                page.show_run(month, kind)

        write(s, {PAYROLL}, work).on_done(done).run(label=_("Computing the bonus…"))

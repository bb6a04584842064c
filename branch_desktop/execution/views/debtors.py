"""The debtors list (filter by age and amount, search as you type; largest debt first) and the
chosen employer's debt file: each month owed with its charges to today, the ageing, and the
employer's notices, orders and agreements."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSpinBox, QSplitter, QVBoxLayout, QWidget

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.i18n import N_
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.security import Actor
from branch_desktop.execution import services
from branch_desktop.execution.rules.charges import Charge
from branch_desktop.execution.types import AGE_LABELS, Debtor, NoticeView
from branch_desktop.execution.views.common import SEARCH_DELAY_MS, STATE_LABELS, select_again, table
from branch_desktop.gui.list_model import ListColumn, ListTableModel
from branch_desktop.gui.operations import DECLARATIONS, EXECUTION, RECEIPTS, read, watch
from branch_desktop.gui.session import Session


class DebtorsPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = s = session
        cur = s.ctx.pack.currency
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("File number or employer name…"))
        filters.addWidget(self.search, 2)
        filters.addWidget(QLabel(_("At least days overdue")))
        self.min_age = QSpinBox()
        self.min_age.setRange(0, 3650)
        filters.addWidget(self.min_age)
        filters.addWidget(QLabel(_("At least owed")))
        self.min_owed = QLineEdit()
        self.min_owed.setPlaceholderText(s.digits("0"))
        filters.addWidget(self.min_owed, 1)
        layout.addLayout(filters)
        self.ageing = QLabel()
        self.ageing.setWordWrap(True)
        layout.addWidget(self.ageing)
        self.debtors = ListTableModel[Debtor]([
            ListColumn(N_("Employer file"), lambda d: s.digits(d.file_no)),
            ListColumn(N_("Employer"), lambda d: d.name),
            ListColumn(N_("Owed"), lambda d: s.money(cur.to_minor(d.owed)), number=True),
            ListColumn(N_("Months"), lambda d: s.digits(str(d.months)), number=True),
            ListColumn(N_("Oldest due date"), lambda d: s.date(d.oldest_due)),
            ListColumn(N_("Days overdue"), lambda d: s.digits(str(d.age)), number=True),
        ], warn=lambda d: d.age > 90)
        self.debtors_view = table(self.debtors)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.debtors_view)
        detail = QWidget()
        d = QVBoxLayout(detail)
        d.setContentsMargins(0, 0, 0, 0)
        self.file_title = QLabel()
        d.addWidget(self.file_title)
        self.months = ListTableModel[Charge]([
            ListColumn(N_("Month"), lambda c: s.period(c.month)),
            ListColumn(N_("Due date"), lambda c: s.date(c.due)),
            ListColumn(N_("Premium owed"), lambda c: s.money(cur.to_minor(c.unpaid)), number=True),
            ListColumn(N_("Late charges"), lambda c: s.money(cur.to_minor(c.charges)), number=True),
            ListColumn(N_("Total"), lambda c: s.money(cur.to_minor(c.outstanding)), number=True),
        ])
        d.addWidget(table(self.months), 2)
        self.notices = ListTableModel[NoticeView]([
            ListColumn(N_("Notice"), lambda n: s.docno(n.number)),
            ListColumn(N_("Date"), lambda n: s.date(n.prepared_on)),
            ListColumn(N_("State"), lambda n: _(STATE_LABELS[n.state])),
            ListColumn(N_("Served on"), lambda n: s.date(n.served_on)),
            ListColumn(N_("Total"), lambda n: s.money(cur.to_minor(n.total)), number=True),
        ])
        d.addWidget(QLabel(_("Notices")))
        d.addWidget(table(self.notices), 1)
        split.addWidget(detail)
        layout.addWidget(split, 1)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.min_age.valueChanged.connect(lambda _v: self.timer.start())
        self.min_owed.textChanged.connect(lambda _t: self.timer.start())
        self.debtors_view.selectionModel().currentRowChanged.connect(lambda cur_, _p: self.open_row(cur_.row()))
        # a receipt or a declaration changes what is owed; a notice, order or agreement the file
        watch(self, s, {EXECUTION, RECEIPTS, DECLARATIONS}, self.reload)
        self.reload()

    def reload(self) -> None:
        text, age = self.search.text(), self.min_age.value()
        try:
            owed = self.session.parse_money(self.min_owed.text()) if self.min_owed.text().strip() else 0
        except Exception:  # noqa: BLE001 - a half-typed amount filters nothing yet
            owed = 0

        def load(ctx: BranchContext, actor: Actor) -> tuple[list[Debtor], Any]:
            today = ctx.today()
            return (services.debtors(ctx, actor, today, search=text, min_owed=owed, min_age=age),
                    services.ageing(ctx, actor, today))

        read(self.session, load).on_done(self._loaded).run(quiet=True)

    def _loaded(self, data: tuple[list[Debtor], Any]) -> None:
        rows, ageing = data
        s = self.session
        cur = s.ctx.pack.currency
        chosen = self.debtors.row_object(self.debtors_view.currentIndex().row())
        self.debtors.set_rows(rows)
        parts = [f"{_(label)}: {s.money(cur.to_minor(v))}" for label, v in zip(AGE_LABELS, ageing.amounts, strict=True)]
        self.ageing.setText(_("Overdue debt of the branch: {total} ({employers} employers)").format(
            total=s.money(cur.to_minor(ageing.total)), employers=s.digits(str(ageing.employers)))
            + " — " + " · ".join(parts))
        select_again(self.debtors_view, self.debtors, lambda d: d.file_no, chosen.file_no if chosen else None)
        if not rows:  # nobody owes (any more): no file to show
            self.file_title.clear()
            self.months.set_rows([])
            self.notices.set_rows([])

    def open_row(self, row: int) -> None:
        debtor = self.debtors.row_object(row)
        if debtor is None:
            return

        def load(ctx: BranchContext, actor: Actor) -> tuple[Debtor, list[Charge], list[NoticeView]]:
            _ref, charges = services.employer_charges(ctx, actor, debtor.file_no, ctx.today())
            return debtor, [c for c in charges if c.outstanding > 0], services.list_notices(
                ctx, actor, employer_file=debtor.file_no)

        read(self.session, load).on_done(self._show).run(quiet=True)

    def _show(self, data: tuple[Debtor, list[Charge], list[NoticeView]]) -> None:
        debtor, charges, notices = data
        self.file_title.setText(f"{self.session.digits(debtor.file_no)} — {debtor.name}")
        self.months.set_rows(charges)
        self.notices.set_rows(notices)

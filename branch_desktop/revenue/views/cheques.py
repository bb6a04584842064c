"""Cheques received: due this week, deposited and not cleared, bounced, all open; deposit,
clear (Dr bank / Cr cheques in collection) and bounce (the debt comes back, with the charge)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.i18n import N_
from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import EmptyState, ask_reason, message_label, set_message, show_only_if
from branch_desktop.revenue import services
from branch_desktop.revenue.states import ChequeList
from branch_desktop.revenue.types import CHEQUE_STATUS_LABELS, ChequeRow
from branch_desktop.revenue.views.picker import receipt_no

LISTS = ((ChequeList.DUE_WEEK, N_("Due to deposit this week")), (ChequeList.DEPOSITED, N_("Deposited, not cleared")),
         (ChequeList.BOUNCED, N_("Bounced")), (ChequeList.OPEN, N_("All in collection")), (ChequeList.ALL, N_("All cheques")))


class ChequesPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.rows: list[ChequeRow] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.which = QComboBox()
        for key, label in LISTS:
            self.which.addItem(_(label), key)
        top.addWidget(self.which)
        top.addStretch(1)
        layout.addLayout(top)
        headers = [_("Receipt no."), _("File no."), _("Employer"), _("Bank"), _("Cheque no."), _("Drawer"),
                   _("Due date"), _("Amount"), _("Status")]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty = EmptyState(self.table, _(
            "No cheque in this list. Cheques taken at the counter appear here; choose another list above to see "
            "the others."))
        layout.addWidget(self.empty, 1)
        self.message = message_label()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.deposit_button = QPushButton(_("Deposited"))
        self.clear_button = QPushButton(_("Cleared"))
        self.bounce_button = QPushButton(_("Bounced…"))
        for b in (self.deposit_button, self.clear_button, self.bounce_button):
            show_only_if(b, session.actor.can("revenue.cheques"))
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.deposit_button.clicked.connect(lambda: self._act("deposit"))
        self.clear_button.clicked.connect(lambda: self._act("clear"))
        self.bounce_button.clicked.connect(self._bounce)
        self.which.currentIndexChanged.connect(lambda _i: self.reload())
        self.reload()

    def reload(self) -> None:
        ctx, actor, which = self.session.ctx, self.session.actor, self.which.currentData()
        self.session.runner.submit(lambda: services.list_cheques(ctx, actor, which), self._loaded, quiet=True)

    def _loaded(self, rows: list[ChequeRow]) -> None:
        s = self.session
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, c in enumerate(rows):
            values = [receipt_no(s, c.receipt_number), s.digits(c.file_no), c.employer_name, c.bank,
                      s.digits(c.cheque_no), c.drawer, s.date(c.due_date), s.money(c.amount),
                      _(CHEQUE_STATUS_LABELS[c.status])]
            for col, v in enumerate(values):
                self.table.setItem(r, col, QTableWidgetItem(v))
        self.table.resizeColumnsToContents()

    def selected(self) -> ChequeRow | None:
        r = self.table.currentRow()
        return self.rows[r] if 0 <= r < len(self.rows) else None

    def _act(self, what: str) -> None:
        row = self.selected()
        if row is None:
            set_message(self.message, _("Choose a cheque first."))
            return
        ctx, actor = self.session.ctx, self.session.actor
        fn = services.deposit_cheque if what == "deposit" else services.clear_cheque
        self.session.runner.submit(lambda: fn(ctx, actor, row.receipt_id), lambda _r: self._done(),
                                   lambda exc: set_message(self.message, str(exc)))

    def _bounce(self) -> None:
        row = self.selected()
        if row is None:
            set_message(self.message, _("Choose a cheque first."))
            return
        ctx, actor = self.session.ctx, self.session.actor

        def go(reason: str) -> None:
            self.session.runner.submit(lambda: services.bounce_cheque(ctx, actor, row.receipt_id, reason),
                                       lambda _charge: self._done(), lambda exc: set_message(self.message, str(exc)))

        ask_reason(self, _("Bounced cheque"), _("Why did the bank refuse the cheque?"), go)

    def _done(self) -> None:
        set_message(self.message, _("Done."), ok=True)
        self.reload()

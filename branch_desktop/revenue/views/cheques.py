"""Cheques received: due this week, deposited and not cleared, bounced, all open; deposit,
clear (Dr bank / Cr cheques in collection) and bounce (the debt comes back, with the charge)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from branch_desktop.core.i18n import N_
from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.operations import CHEQUES, LEDGER, RECEIPTS, read, watch, write
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import (
    EmptyState,
    ask_reason,
    grid_view,
    message_label,
    selected_row,
    set_message,
    show_only_if,
)
from branch_desktop.revenue import services
from branch_desktop.revenue.states import ChequeList
from branch_desktop.revenue.types import ChequeRow
from branch_desktop.revenue.views.grids import ChequesModel

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
        self.model = ChequesModel(session)
        self.table = grid_view(self.model)
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
        watch(self, session, {CHEQUES, RECEIPTS}, self.reload)
        self.reload()

    def reload(self) -> None:
        read(self.session, services.list_cheques, self.which.currentData()).on_done(self._loaded).run(quiet=True)

    def _loaded(self, rows: list[ChequeRow]) -> None:
        self.rows = rows
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()

    def selected(self) -> ChequeRow | None:
        return self.model.row_object(selected_row(self.table))

    def _act(self, what: str) -> None:
        row = self.selected()
        if row is None:
            set_message(self.message, _("Choose a cheque first."))
            return
        fn = services.deposit_cheque if what == "deposit" else services.clear_cheque
        write(self.session, {CHEQUES, LEDGER}, fn, row.receipt_id).on_done(lambda _r: self._done()).on_error(
            lambda exc: set_message(self.message, str(exc))).run()

    def _bounce(self) -> None:
        row = self.selected()
        if row is None:
            set_message(self.message, _("Choose a cheque first."))
            return
        def go(reason: str) -> None:
            write(self.session, {CHEQUES, RECEIPTS, LEDGER}, services.bounce_cheque, row.receipt_id, reason).on_done(
                lambda _charge: self._done()).on_error(lambda exc: set_message(self.message, str(exc))).run()

        ask_reason(self, _("Bounced cheque"), _("Why did the bank refuse the cheque?"), go)

    def _done(self) -> None:
        set_message(self.message, _("Done."), ok=True)
        self.reload()

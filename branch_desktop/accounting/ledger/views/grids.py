"""The ledger pages' grids as table models (``gui/list_model.py``): an account's ledger, an
entry's lines, the fiscal periods. Unit-tested without a view (tests/gui/test_grids.py).

(Named ``grids``, not ``models``: ``**.models`` are the SQL tables, which never import Qt.)"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from branch_desktop.core.i18n import N_
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.ledger.queries import LedgerLine
from branch_desktop.core.ledger.services import PeriodView
from branch_desktop.core.ledger.types import LineView, PeriodStatus
from branch_desktop.gui.list_model import Index, ListColumn, ListTableModel
from branch_desktop.gui.session import Session

CLOSED = QColor("#8b0000")  # a closed period's text (dark red, as before)


class AccountLedgerModel(ListTableModel[LedgerLine]):
    """An account's posted lines with the running balance."""

    def __init__(self, s: Session) -> None:
        super().__init__([
            ListColumn(N_("Date"), lambda x: s.date(x.entry_date)),
            ListColumn(N_("Number"), lambda x: s.digits(x.number)),
            ListColumn(N_("Description"), lambda x: x.description, tooltip=lambda x: x.description),
            ListColumn(N_("Memo"), lambda x: x.memo),
            ListColumn(N_("Debit"), lambda x: s.money_or_blank(x.debit), number=True),
            ListColumn(N_("Credit"), lambda x: s.money_or_blank(x.credit), number=True),
            ListColumn(N_("Balance"), lambda x: s.money(x.running), number=True),
        ])


class EntryLinesModel(ListTableModel[LineView]):
    """An entry's lines (the entry detail dialog)."""

    def __init__(self, s: Session) -> None:
        super().__init__([
            ListColumn(N_("Line"), lambda x: s.digits(str(x.line_no))),
            ListColumn(N_("Account"), lambda x: s.digits(x.account_code)),
            ListColumn(N_("Account name"), lambda x: x.account_name),
            ListColumn(N_("Memo"), lambda x: x.memo, tooltip=lambda x: x.memo),
            ListColumn(N_("Debit"), lambda x: s.money_or_blank(x.debit), number=True),
            ListColumn(N_("Credit"), lambda x: s.money_or_blank(x.credit), number=True),
        ])


class PeriodsModel(ListTableModel[PeriodView]):
    """A year's fiscal months: a closed one in dark red, the current one in bold."""

    def __init__(self, s: Session) -> None:
        self.today = s.today_period()
        super().__init__([
            ListColumn(N_("Period"), lambda p: s.period(p.ym)),
            ListColumn(N_("Month"), lambda p: s.month_name(p.month)),
            ListColumn(N_("From"), lambda p: s.date(p.start)),
            ListColumn(N_("To"), lambda p: s.date(p.end)),
            ListColumn(N_("Status"), lambda p: _("open") if p.status == PeriodStatus.OPEN else _("closed")),
        ])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid():
            period = self.rows[index.row()]
            if role == Qt.ItemDataRole.ForegroundRole and period.status == PeriodStatus.CLOSED:
                return QBrush(CLOSED)
            if role == Qt.ItemDataRole.FontRole and period.ym == self.today:
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)

"""The revenue pages' grids as table models (``gui/list_model.py``): one class per grid, each
column a msgid title and how a row is shown. Unit-tested without a view (tests/revenue/test_grids.py).

(Named ``grids``, not ``models``: ``**.models`` are the SQL tables, which never import Qt.)"""

from __future__ import annotations

from branch_desktop.core.i18n import N_
from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.list_model import ListColumn, ListTableModel
from branch_desktop.gui.session import Session
from branch_desktop.revenue.types import (
    CHEQUE_STATUS_LABELS,
    METHOD_LABELS,
    ChequeRow,
    ReceiptView,
    StatementLine,
    StatementMonth,
)
from branch_desktop.revenue.views.picker import receipt_no


class StatementLinesModel(ListTableModel[StatementLine]):
    """An employer's movements with the running balance."""

    def __init__(self, s: Session) -> None:
        super().__init__([
            ListColumn(N_("Date"), lambda x: s.date(x.day)),
            ListColumn(N_("Description"), lambda x: x.text, tooltip=lambda x: x.text),
            ListColumn(N_("Month"), lambda x: s.period(x.month) if x.month else ""),
            ListColumn(N_("Debit"), lambda x: s.money_or_blank(x.debit), number=True),
            ListColumn(N_("Credit"), lambda x: s.money_or_blank(x.credit), number=True),
            ListColumn(N_("Balance"), lambda x: s.money(x.balance), number=True),
        ])


class StatementMonthsModel(ListTableModel[StatementMonth]):
    """An employer's months: accrued, paid, owed (a month still owed is tinted)."""

    def __init__(self, s: Session) -> None:
        super().__init__([
            ListColumn(N_("Month"), lambda m: s.period(m.month)),
            ListColumn(N_("Accrued"), lambda m: s.money(m.accrued), number=True),
            ListColumn(N_("Paid"), lambda m: s.money(m.paid), number=True),
            ListColumn(N_("Owed"), lambda m: s.money(m.balance), number=True),
        ], warn=lambda m: m.balance > 0)


def _status(s: Session, x: ReceiptView) -> str:
    if x.kind == "void":
        return _("Void of {number}").format(number=receipt_no(s, x.voids_number))
    return _("Voided") if x.status == "voided" else ""


class DayReceiptsModel(ListTableModel[ReceiptView]):
    """A clerk's receipts and voids of one day (a void's amount negative, a voided receipt tinted)."""

    def __init__(self, s: Session) -> None:
        super().__init__([
            ListColumn(N_("Receipt no."), lambda x: receipt_no(s, x.display_number)),
            ListColumn(N_("File no."), lambda x: s.digits(x.file_no)),
            ListColumn(N_("Employer"), lambda x: x.employer_name),
            ListColumn(N_("Method"), lambda x: _(METHOD_LABELS[x.method])),
            ListColumn(N_("Reference"), lambda x: s.digits(x.reference)),
            ListColumn(N_("Amount"), lambda x: s.money(x.amount if x.kind == "payment" else -x.amount), number=True),
            ListColumn(N_("Status"), lambda x: _status(s, x)),
        ], warn=lambda x: x.kind == "void" or x.status == "voided")


class ChequesModel(ListTableModel[ChequeRow]):
    """Cheques received, with their state (a bounced one tinted)."""

    def __init__(self, s: Session) -> None:
        super().__init__([
            ListColumn(N_("Receipt no."), lambda c: receipt_no(s, c.receipt_number)),
            ListColumn(N_("File no."), lambda c: s.digits(c.file_no)),
            ListColumn(N_("Employer"), lambda c: c.employer_name),
            ListColumn(N_("Bank"), lambda c: c.bank),
            ListColumn(N_("Cheque no."), lambda c: s.digits(c.cheque_no)),
            ListColumn(N_("Drawer"), lambda c: c.drawer),
            ListColumn(N_("Due date"), lambda c: s.date(c.due_date)),
            ListColumn(N_("Amount"), lambda c: s.money(c.amount), number=True),
            ListColumn(N_("Status"), lambda c: _(CHEQUE_STATUS_LABELS.get(c.status, c.status))),
        ], warn=lambda c: c.status == "bounced")


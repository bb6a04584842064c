"""What the execution pages share: a read-only row-selecting table, the state labels, the
selection kept over a reload, and the enforcement orders under their title (the notices and the
seizures pages)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from branch_desktop.core.i18n import N_
from branch_desktop.core.i18n import gettext as _
from branch_desktop.execution.types import OrderView
from branch_desktop.gui.list_model import ListColumn, ListTableModel
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import grid_view

T = TypeVar("T")

STATE_LABELS = {
    "prepared": N_("Prepared"), "served": N_("Served"), "escalated": N_("Escalated"), "settled": N_("Settled"),
    "cancelled": N_("Cancelled"), "issued": N_("Issued"), "suspended": N_("Suspended"), "active": N_("Active"),
    "completed": N_("Completed"), "defaulted": N_("Defaulted"), "requested": N_("Requested"),
    "answered": N_("Answered"),
}
SEARCH_DELAY_MS = 150


def table(model: QAbstractTableModel) -> QTableView:
    """A read-only grid, whole rows selected, every heading read whole (``gui.widgets.grid_view``)."""
    return grid_view(model)


def select_again(view: QTableView, model: ListTableModel[T], key: Callable[[T], object], chosen: object) -> None:
    """After the rows were reloaded (a change announced by another page), select the row the user
    had chosen (``key(row) == chosen``), else the first."""
    found = next((i for i, row in enumerate(model.rows) if key(row) == chosen), 0)
    if model.rows:
        view.selectRow(found)


class OrdersList(QWidget):
    """The enforcement orders under their title: after the order's number its notice and, after the
    employer, the day it was issued (``with_notice``, the notices page), else the employer's file
    (the seizures page). ``model`` holds the rows, ``view`` shows them."""

    def __init__(self, session: Session, *, with_notice: bool) -> None:
        super().__init__()
        s, cur = session, session.ctx.pack.currency
        columns = [ListColumn[OrderView](N_("Order"), lambda o: s.docno(o.number))]
        if with_notice:
            columns.append(ListColumn(N_("Notice"), lambda o: s.docno(o.notice_number)))
        else:
            columns.append(ListColumn(N_("Employer file"), lambda o: s.digits(o.file_no)))
        columns.append(ListColumn(N_("Employer"), lambda o: o.name))
        if with_notice:
            columns.append(ListColumn(N_("Date"), lambda o: s.date(o.issued_on)))
        columns += [
            ListColumn(N_("Transferred"), lambda o: s.money(cur.to_minor(o.amount)), number=True),
            ListColumn(N_("State"), lambda o: _(STATE_LABELS[o.state])),
            ListColumn(N_("Suspended until"), lambda o: s.date(o.suspended_until)),
        ]
        self.model = ListTableModel[OrderView](columns)
        self.view = table(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(_("Enforcement orders")))
        layout.addWidget(self.view)

    def chosen(self) -> OrderView | None:
        """The order of the current row (None when none is chosen)."""
        return self.model.row_object(self.view.currentIndex().row())

"""What the execution pages share: a read-only row-selecting table, the state labels, and the
selection kept over a reload."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtWidgets import QAbstractItemView, QTableView

from branch_desktop.core.i18n import N_
from branch_desktop.gui.list_model import ListTableModel

T = TypeVar("T")

STATE_LABELS = {
    "prepared": N_("Prepared"), "served": N_("Served"), "escalated": N_("Escalated"), "settled": N_("Settled"),
    "cancelled": N_("Cancelled"), "issued": N_("Issued"), "suspended": N_("Suspended"), "active": N_("Active"),
    "completed": N_("Completed"), "defaulted": N_("Defaulted"), "requested": N_("Requested"),
    "answered": N_("Answered"),
}
SEARCH_DELAY_MS = 150


def table(model: QAbstractTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    return view


def select_again(view: QTableView, model: ListTableModel[T], key: Callable[[T], object], chosen: object) -> None:
    """After the rows were reloaded (a change announced by another page), select the row the user
    had chosen (``key(row) == chosen``), else the first."""
    found = next((i for i, row in enumerate(model.rows) if key(row) == chosen), 0)
    if model.rows:
        view.selectRow(found)

"""What the execution pages share: a read-only row-selecting table and the state labels."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtWidgets import QAbstractItemView, QTableView

from branch_desktop.core.i18n import N_

STATE_LABELS = {
    "prepared": N_("Prepared"), "served": N_("Served"), "escalated": N_("Escalated"), "settled": N_("Settled"),
    "cancelled": N_("Cancelled"), "issued": N_("Issued"), "suspended": N_("Suspended"), "active": N_("Active"),
    "completed": N_("Completed"), "defaulted": N_("Defaulted"),
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

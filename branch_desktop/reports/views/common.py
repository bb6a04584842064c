"""Pieces the report pages share: the drill-down grid and saving an Excel file built off the GUI thread."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QFileDialog, QTableView, QWidget

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.security import Actor
from branch_desktop.gui.lazy import NUMBER_ALIGNMENT
from branch_desktop.gui.operations import read
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import grid_view
from branch_desktop.reports.types import Drill

Index = QModelIndex | QPersistentModelIndex


def cell_text(session: Session, kind: str, value: object) -> str:
    if value is None:
        return "-"
    if kind == "money" and isinstance(value, int):
        return session.money(value)
    if kind == "date" and isinstance(value, dt.date):
        return session.date(value)
    if isinstance(value, int | Decimal):
        from branch_desktop.core.i18n import format_number

        return format_number(value, session.lang)
    return session.digits(str(value))


class DrillModel(QAbstractTableModel):
    """The rows behind a figure (``types.Drill``), typed columns written the user's way."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.drill = Drill()
        self.wanted = self.drill

    def set_drill(self, drill: Drill) -> None:
        self.wanted = drill
        self.beginResetModel()
        self.drill = drill
        self.endResetModel()

    def show(self, drill: Drill) -> None:
        """Show ``drill``; rows not read yet are read by a worker first (the last one asked for wins)."""
        self.wanted = drill
        if drill.loaded:
            self.set_drill(drill)
            return
        read(self.session, lambda _ctx, _actor: drill.rows).on_done(
            lambda _rows: self.set_drill(drill) if self.wanted is drill else None).run(quiet=True)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.drill.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.drill.headings)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        kind = self.drill.kinds[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(self.session, kind, self.drill.rows[index.row()][index.column()])
        if role == Qt.ItemDataRole.TextAlignmentRole and kind in ("money", "int", "percent", "days"):
            return NUMBER_ALIGNMENT
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.drill.headings[section])
        return None


def grid(model: QAbstractTableModel) -> QTableView:
    """A read-only grid, whole rows selected, every heading read whole (``gui.widgets.grid_view``)."""
    return grid_view(model)


def save_excel(parent: QWidget, session: Session, build: Callable[[BranchContext, Actor], bytes], file_name: str,
               done: Callable[[str], None]) -> None:
    """Ask where to save, build the workbook on the task runner (``build(ctx, actor)``, reading
    through the services as the session's user), write it."""
    path, _f = QFileDialog.getSaveFileName(parent, _("Save as Excel"), file_name, _("Excel files (*.xlsx)"))
    if not path:
        return

    def run(ctx: BranchContext, actor: Actor) -> str:
        Path(path).write_bytes(build(ctx, actor))
        return path

    read(session, run).on_done(done).run(label=_("Preparing the file…"))

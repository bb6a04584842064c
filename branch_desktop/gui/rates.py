"""Reports > Rates and parameters: the pack's figures in force on a date (typed in the pack's
calendar, or picked from the dates on which something changed), each with its source (the pack's
note in the source's tooltip), so a clerk can see which figures a computation used. Read-only;
uncertain figures are marked."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import N_
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.pack_audit import Figure, figures_on
from branch_desktop.gui.grids import FiguresModel
from branch_desktop.gui.registry import PageSpec, register_page
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import grid_view, mark_field, message_label, set_message, with_shortcut


class RatesPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.pack = session.ctx.pack
        self.figures: list[Figure] = []
        self.on = session.ctx.today()
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        label = QLabel(_("In force on"))
        self.date = QLineEdit(session.date(session.ctx.today()))
        self.date.setToolTip(_("A date in the branch's calendar (YYYY/MM/DD); either digit set"))
        self.date.setMaximumWidth(130)
        label.setBuddy(self.date)
        self.changes = QComboBox()
        self.changes.setToolTip(_("Jump to a date on which a figure changed"))
        self.changes.addItem(_("Dates of change…"), None)
        for day in sorted(self._change_dates(), reverse=True):
            self.changes.addItem(session.date(day), day)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Filter figures"))
        self.show_button = QPushButton(_("Show"))
        self.show_button.setToolTip(with_shortcut(_("Show the figures in force on the date"), "Return"))
        for w in (label, self.date, self.changes, self.show_button, self.filter):
            top.addWidget(w)
        self.summary = QLabel()
        top.addWidget(self.summary, 1)
        layout.addLayout(top)
        self.message = message_label()
        layout.addWidget(self.message)
        self.model = FiguresModel(session)
        self.table = grid_view(self.model, stretch_last=False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.date.returnPressed.connect(self.refresh)
        self.show_button.clicked.connect(self.refresh)
        self.changes.activated.connect(self._pick_change)
        self.filter.textChanged.connect(lambda _text: self._fill())
        self.refresh()

    def _change_dates(self) -> set[dt.date]:
        days = {r.since for name in self.pack.parameter_names() for r in self.pack.param_rows(name)}
        days |= {d for name in self.pack.table_names() for d, _rows in self.pack.table_versions(name)}
        return days

    def _pick_change(self, index: int) -> None:
        day = self.changes.itemData(index)
        if isinstance(day, dt.date):
            self.date.setText(self.session.date(day))
            self.refresh()

    def refresh(self) -> None:
        try:
            on = self.session.parse_date(self.date.text())
        except DomainError as exc:
            mark_field(self.date, str(exc))
            set_message(self.message, str(exc))
            return
        mark_field(self.date, None)
        set_message(self.message, "")
        self.on = on
        self.figures = figures_on(self.pack, on)
        self._fill()

    def _fill(self) -> None:
        needle = self.filter.text().strip().lower()
        shown = [f for f in self.figures if not needle or needle in f"{f.name} {f.source} {f.note}".lower()]
        self.model.set_rows(shown)
        uncertain = sum(1 for f in shown if f.uncertain)
        self.summary.setText(_("{count} figures in force on {date}, {uncertain} uncertain").format(
            count=self.session.digits(str(len(shown))), date=self.session.date(self.on),
            uncertain=self.session.digits(str(uncertain))))

    def row_of(self, name: str) -> int:
        """The table row showing a figure (-1 when absent); for tests and keyboard search."""
        return self.model.row_of(name)


def _rates(session: Session) -> QWidget:
    return RatesPage(session)


register_page(PageSpec("reports.rates", "reports", N_("Rates and parameters"), _rates, "reports.view", 90))

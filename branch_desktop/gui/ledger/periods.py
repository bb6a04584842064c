"""Fiscal periods of a year: close (accountants), reopen with a reason (managers)."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.ledger import services
from branch_desktop.core.ledger.services import PeriodView
from branch_desktop.core.ledger.types import PeriodStatus
from branch_desktop.gui.operations import PERIODS, read, watch, write
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import ask_reason, confirm, message_label, set_message, show_only_if


class PeriodsPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        actor = session.actor
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        label = QLabel(_("Fiscal year"))
        self.year = QSpinBox()
        self.year.setRange(1300, 2200)
        self.year.setValue(session.today_period().year)
        if session.lang == "fa":  # the year in Persian digits, without a thousands separator
            locale = QLocale(QLocale.Language.Persian, QLocale.Country.Iran)
            locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
            self.year.setLocale(locale)
        label.setBuddy(self.year)
        top.addWidget(label)
        top.addWidget(self.year)
        top.addStretch(1)
        layout.addLayout(top)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([_("Period"), _("Month"), _("From"), _("To"), _("Status")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.message = message_label()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.close_button = QPushButton(_("Close period…"))
        self.close_button.clicked.connect(self.close_selected)
        show_only_if(self.close_button, actor.can("period.close"))
        self.reopen_button = QPushButton(_("Reopen…"))
        self.reopen_button.clicked.connect(self.reopen_selected)
        show_only_if(self.reopen_button, actor.can("period.reopen"))
        self.reopen_button.setToolTip(_("Managers only; the reason is logged"))
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.reopen_button)
        layout.addLayout(buttons)
        self.periods: list[PeriodView] = []
        self.dialog: QWidget | None = None
        self.year.valueChanged.connect(lambda _v: self.reload())
        self.table.currentCellChanged.connect(lambda *_a: self._update_buttons())
        watch(self, session, {PERIODS}, self.reload)
        self.reload()

    def reload(self, select: YearMonth | None = None) -> None:
        read(self.session, services.list_periods, self.year.value()).on_done(
            lambda periods: self._loaded(periods, select)).run(quiet=True)

    def _loaded(self, periods: list[PeriodView], select: YearMonth | None) -> None:
        s = self.session
        self.periods = periods
        self.table.setRowCount(len(periods))
        today = s.today_period()
        for r, p in enumerate(periods):
            status = _("open") if p.status == PeriodStatus.OPEN else _("closed")
            values = (s.period(p.ym), s.month_name(p.month), s.date(p.start), s.date(p.end), status)
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if p.status == PeriodStatus.CLOSED:
                    item.setForeground(Qt.GlobalColor.darkRed)
                if p.ym == today:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        target = select or today
        for r, p in enumerate(periods):
            if p.ym == target:
                self.table.selectRow(r)
                self.table.setCurrentCell(r, 0)
        self._update_buttons()

    def selected(self) -> PeriodView | None:
        row = self.table.currentRow()
        return self.periods[row] if 0 <= row < len(self.periods) else None

    def select_period(self, ym: YearMonth) -> None:
        for r, p in enumerate(self.periods):
            if p.ym == ym:
                self.table.setCurrentCell(r, 0)

    def _update_buttons(self) -> None:
        p = self.selected()
        self.close_button.setEnabled(p is not None and p.status == PeriodStatus.OPEN)
        self.reopen_button.setEnabled(p is not None and p.status == PeriodStatus.CLOSED)

    def close_selected(self) -> None:
        p = self.selected()
        if p is None:
            return
        ym = p.ym

        def go() -> None:
            def done(_r: object) -> None:
                text = _("Period {period} closed.").format(period=self.session.period(ym))
                set_message(self.message, text, ok=True)
                self.session.status_message(text)
                self.reload(ym)

            write(self.session, {PERIODS}, services.close_period, ym).on_done(done).on_error(
                lambda exc: set_message(self.message, str(exc))).run(label=_("Closing…"))

        self.dialog = confirm(self, _("Close period"), _(
            "Close {period}? Nothing dated in it can be posted until a manager reopens it."
        ).format(period=self.session.period(ym)), go)

    def reopen_selected(self) -> None:
        p = self.selected()
        if p is None:
            return
        ym = p.ym

        def go(reason: str) -> None:
            def done(_r: object) -> None:
                text = _("Period {period} reopened.").format(period=self.session.period(ym))
                set_message(self.message, text, ok=True)
                self.session.status_message(text)
                self.reload(ym)

            write(self.session, {PERIODS}, services.reopen_period, ym, reason).on_done(done).on_error(
                lambda exc: set_message(self.message, str(exc))).run(label=_("Reopening…"))

        self.dialog = ask_reason(self, _("Reopen {period}").format(period=self.session.period(ym)),
                                 _("Why is this period reopened? The reason is logged."), go)

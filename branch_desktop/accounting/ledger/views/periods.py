"""Fiscal periods of a year: close (accountants), reopen with a reason (managers)."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.accounting.ledger.views.grids import PeriodsModel
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.ledger import services
from branch_desktop.core.ledger.services import PeriodView
from branch_desktop.core.ledger.types import PeriodStatus
from branch_desktop.gui.operations import PERIODS, read, watch, write
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import (
    ask_reason,
    confirm,
    grid_view,
    message_label,
    selected_row,
    set_message,
    show_only_if,
)


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
        self.model = PeriodsModel(session)
        self.table = grid_view(self.model)
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
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        watch(self, session, {PERIODS}, self.reload)
        self.reload()

    def reload(self, select: YearMonth | None = None) -> None:
        read(self.session, services.list_periods, self.year.value()).on_done(
            lambda periods: self._loaded(periods, select)).run(quiet=True)

    def _loaded(self, periods: list[PeriodView], select: YearMonth | None) -> None:
        self.periods = periods
        self.model.set_rows(periods)
        self.table.resizeColumnsToContents()
        self.select_period(select or self.session.today_period())
        self._update_buttons()

    def selected(self) -> PeriodView | None:
        return self.model.row_object(selected_row(self.table))

    def select_period(self, ym: YearMonth) -> None:
        for r, p in enumerate(self.periods):
            if p.ym == ym:
                self.table.setCurrentIndex(self.model.index(r, 0))

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

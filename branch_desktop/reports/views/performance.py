"""The performance-target table of a half-year: value, target, met, previous period and change for
each indicator; selecting a row shows the rows behind its figure. Printable and in Excel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QVBoxLayout, QWidget

from branch_desktop.core.i18n import N_, current_language
from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.list_model import ListColumn, ListTableModel
from branch_desktop.gui.operations import BANK, DECLARATIONS, EXECUTION, RECEIPTS, read, watch
from branch_desktop.gui.pdf_preview import preview_pdf
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import message_label, set_message
from branch_desktop.reports import exports, services
from branch_desktop.reports.labels import Writer
from branch_desktop.reports.rules import Half, Unit
from branch_desktop.reports.types import INDICATOR_LABELS, PerformanceRow, PerformanceTable
from branch_desktop.reports.views.common import DrillModel, grid, save_excel


class PerformancePage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.table: PerformanceTable | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Half-year")))
        self.half = QLineEdit(session.digits(str(services.last_closed_half(session.ctx))))
        self.half.setPlaceholderText(_("YYYY-H1 or YYYY-H2"))
        self.half.returnPressed.connect(self.refresh)
        top.addWidget(self.half)
        show = QPushButton(_("Show"))
        show.clicked.connect(self.refresh)
        top.addWidget(show)
        top.addStretch(1)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.clicked.connect(self.print_table)
        self.excel_button = QPushButton(_("Excel…"))
        self.excel_button.clicked.connect(self.save_excel)
        top.addWidget(self.print_button)
        top.addWidget(self.excel_button)
        layout.addLayout(top)
        self.message = message_label()
        layout.addWidget(self.message)
        w = Writer(current_language(), session.ctx.pack.calendar)

        def unit(r: PerformanceRow) -> Unit:
            return r.target.unit if r.target else Unit.PERCENT

        def value(r: PerformanceRow) -> str:
            text = w.measure(r.current, unit(r))
            return f"{text} — {_(r.current.reason)}" if r.current.value is None and r.current.reason else text

        self.model = ListTableModel[PerformanceRow]([
            ListColumn(N_("Row"), lambda r: session.digits(r.row_no)),
            ListColumn(N_("Indicator"), lambda r: _(INDICATOR_LABELS[r.indicator])),
            ListColumn(N_("Target"), lambda r: w.target(r.target), number=True),
            ListColumn(N_("Value"), value, number=True),
            ListColumn(N_("Met"), lambda r: w.met(r.met)),
            ListColumn(N_("Previous period"), lambda r: w.measure(r.previous, unit(r)), number=True),
            ListColumn(N_("Change"), lambda r: w.change(r.change), number=True),
        ], warn=lambda r: r.met is False)
        self.view = grid(self.model)
        self.drill = DrillModel(session)
        self.drill_view = grid(self.drill)
        self.drill_title = QLabel(_("Select an indicator to see the rows behind its figure."))
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.drill_title)
        lower_layout.addWidget(self.drill_view, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(lower)
        layout.addWidget(split, 1)
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.show_drill(cur.row()))
        watch(self, session, {RECEIPTS, DECLARATIONS, BANK, EXECUTION}, lambda: self.refresh(quiet=True))
        self.refresh()

    def _half(self) -> Half | None:
        try:
            return Half.parse(self.half.text())
        except Exception as exc:  # BadHalf: shown next to the field
            set_message(self.message, str(exc))
            return None

    def refresh(self, *, quiet: bool = False) -> None:
        """Compute the table (``quiet``: without a progress dialog, when another page's change asks)."""
        half = self._half()
        if half is None:
            return
        set_message(self.message, "")
        read(self.session, services.performance_table, half).on_done(self._show).on_error(
            lambda exc: set_message(self.message, str(exc))).run(label=_("Computing the indicators…"), quiet=quiet)

    def _show(self, table: PerformanceTable) -> None:
        self.table = table
        self.model.set_rows(list(table.rows))
        self.drill.show(table.rows[0].current.drill if table.rows else self.drill.drill)
        self.view.resizeColumnsToContents()

    def show_drill(self, row: int) -> None:
        if self.table is None or not 0 <= row < len(self.table.rows):
            return
        r = self.table.rows[row]
        self.drill_title.setText(_("Behind the figure: {indicator}").format(indicator=_(INDICATOR_LABELS[r.indicator])))
        self.drill.show(r.current.drill)

    def print_table(self) -> None:
        half = self._half()
        if half is None:
            return
        ctx, actor, lang = self.session.ctx, self.session.actor, current_language()

        def build() -> bytes:
            from branch_desktop.reports.documents import performance_pdf

            return performance_pdf(services.performance_table(ctx, actor, half), ctx.info, lang)

        preview_pdf(self, build, _("Performance targets"), f"performance-{half}.pdf", self.session.runner)

    def save_excel(self) -> None:
        half = self._half()
        if half is None:
            return
        lang = current_language()
        save_excel(self, self.session,
                   lambda ctx, actor: exports.performance_xlsx(services.performance_table(ctx, actor, half), lang,
                                                               ctx.pack.currency, ctx.pack.calendar),
                   f"performance-{half}.xlsx", lambda path: set_message(self.message, path, ok=True))

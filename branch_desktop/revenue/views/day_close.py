"""The clerk's day: receipts and voids by method, totals; print; close (no more receipts dated
that day by that clerk). A void of a mistaken receipt is made here too, with a reason."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import current_language
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.texts import join_list
from branch_desktop.gui.excel_file import save_workbook
from branch_desktop.gui.operations import CHEQUES, LEDGER, PERIODS, RECEIPTS, read, watch, write
from branch_desktop.gui.pdf_preview import preview_pdf
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import (
    ask_reason,
    confirm,
    grid_view,
    message_label,
    selected_row,
    set_message,
)
from branch_desktop.revenue import services
from branch_desktop.revenue.documents import day_close_pdf, receipt_pdf
from branch_desktop.revenue.exports import day_close_xlsx
from branch_desktop.revenue.states import ReceiptKind
from branch_desktop.revenue.types import METHOD_LABELS, DaySummary, ReceiptView
from branch_desktop.revenue.views.grids import DayReceiptsModel
from branch_desktop.revenue.views.picker import receipt_no


class DayClosePage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.summary: DaySummary | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Clerk")))
        self.clerk = QLineEdit(session.actor.username)
        self.clerk.setEnabled(session.actor.can("revenue.close_any_day"))
        top.addWidget(self.clerk)
        top.addWidget(QLabel(_("Day")))
        self.day = QLineEdit(session.date(session.ctx.today()))
        top.addWidget(self.day)
        self.show_button = QPushButton(_("Show"))
        self.show_button.clicked.connect(self.reload)
        top.addWidget(self.show_button)
        top.addStretch(1)
        layout.addLayout(top)
        self.model = DayReceiptsModel(session)
        self.table = grid_view(self.model)
        layout.addWidget(self.table, 1)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        layout.addWidget(self.totals)
        self.message = message_label()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.reprint_button = QPushButton(_("Reprint receipt"))
        self.reprint_button.clicked.connect(self.reprint)
        self.void_button = QPushButton(_("Void receipt…"))
        self.void_button.clicked.connect(self.void)
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.void_button)
        buttons.addStretch(1)
        self.print_button = QPushButton(_("Print the day"))
        self.print_button.clicked.connect(self.print_day)
        self.close_button = QPushButton(_("Close the day…"))
        self.close_button.clicked.connect(self.close_day)
        self.xlsx_button = QPushButton(_("Excel…"))
        self.xlsx_button.clicked.connect(lambda: self.save_xlsx())
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.xlsx_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        watch(self, session, {RECEIPTS, CHEQUES, PERIODS}, self.reload)
        self.reload()

    def _args(self) -> tuple[str, object]:
        return self.clerk.text().strip(), self.session.parse_date(self.day.text())

    def reload(self) -> None:
        try:
            clerk, day = self._args()
        except DomainError as exc:
            set_message(self.message, str(exc))
            return
        read(self.session, services.day_summary, clerk, day).on_done(self._show).on_error(  # type: ignore[arg-type]
            lambda exc: set_message(self.message, str(exc))).run(quiet=True)

    def _show(self, summary: DaySummary) -> None:
        s = self.session
        self.summary = summary
        self.model.set_rows(summary.receipts)
        self.table.resizeColumnsToContents()
        parts = [f"{_(METHOD_LABELS[m])}: {s.money(v)}" for m, v in summary.total_by_method().items()]
        state = _("closed") if summary.closed else _("open")
        self.totals.setText(_("{receipts} receipts, {voids} voids; {parts}; total {total} (day {state})").format(
            receipts=s.digits(str(len(summary.payments))), voids=s.digits(str(len(summary.voids))),
            parts=join_list(parts, s.lang), total=s.money(summary.total), state=state))
        self.close_button.setEnabled(not summary.closed)
        self.void_button.setEnabled(not summary.closed)

    def selected(self) -> ReceiptView | None:
        r = selected_row(self.table)
        if self.summary is None or not 0 <= r < len(self.summary.receipts):
            return None
        return self.summary.receipts[r]

    def reprint(self) -> None:
        r = self.selected()
        if r is None:
            set_message(self.message, _("Choose a receipt first."))
            return
        info, lang = self.session.ctx.info, current_language()
        preview_pdf(self, lambda: receipt_pdf(r, info, lang), _("Receipt {number}").format(number=receipt_no(self.session, r.display_number)),
                    f"receipt-{r.display_number}.pdf", self.session.runner)

    def void(self) -> None:
        r = self.selected()
        if r is None or r.kind != ReceiptKind.PAYMENT:
            set_message(self.message, _("Choose a receipt first."))
            return
        ctx = self.session.ctx

        def go(reason: str) -> None:
            def done(v: ReceiptView) -> None:
                set_message(self.message, _("Receipt {number} voided on receipt {void}.").format(
                    number=receipt_no(self.session, r.display_number), void=receipt_no(self.session, v.display_number)), ok=True)
                self.reload()
                info, lang = ctx.info, current_language()
                preview_pdf(self, lambda: receipt_pdf(v, info, lang), _("Receipt {number}").format(
                    number=receipt_no(self.session, v.display_number)), f"receipt-{v.display_number}.pdf", self.session.runner)

            write(self.session, {RECEIPTS, LEDGER}, services.void_receipt, r.id, reason).on_done(done).on_error(
                lambda exc: set_message(self.message, str(exc))).run()

        ask_reason(self, _("Void receipt"), _("Why is receipt {number} void?").format(number=receipt_no(self.session, r.display_number)), go)

    def print_day(self) -> None:
        summary = self.summary
        if summary is None:
            return
        info, lang = self.session.ctx.info, current_language()
        preview_pdf(self, lambda: day_close_pdf(summary, info, lang), _("Counter day close"),
                    f"day-{summary.clerk}-{summary.day.isoformat()}.pdf", self.session.runner)

    def save_xlsx(self, path: str | None = None) -> None:
        summary = self.summary
        if summary is None:
            return
        info, lang = self.session.ctx.info, current_language()
        save_workbook(self, self.session.runner, lambda: day_close_xlsx(summary, info, lang),
                      f"day-{summary.clerk}-{summary.day.isoformat()}.xlsx",
                      lambda name: set_message(self.message, _("Saved to {file}").format(file=name), ok=True),
                      lambda exc: set_message(self.message, str(exc)), path=path)

    def close_day(self) -> None:
        try:
            clerk, day = self._args()
        except DomainError as exc:
            set_message(self.message, str(exc))
            return

        def go() -> None:
            def done(summary: DaySummary) -> None:
                self._show(summary)
                set_message(self.message, _("The day is closed."), ok=True)
                self.print_day()

            write(self.session, {RECEIPTS, PERIODS}, services.close_day, clerk, day).on_done(  # type: ignore[arg-type]
                done).on_error(lambda exc: set_message(self.message, str(exc))).run()

        confirm(self, _("Close the day"), _("After closing, no receipt can be dated in this day. Close it?"), go)

"""The employer's account statement: movements with the running balance and the months owed,
printed as PDF or saved as Excel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.i18n import current_language
from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.pdf_preview import preview_pdf
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import message_label, set_message
from branch_desktop.revenue import exports, services
from branch_desktop.revenue.documents import statement_pdf
from branch_desktop.revenue.types import EmployerRow, Statement
from branch_desktop.revenue.views.picker import EmployerPicker, directed


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.verticalHeader().hide()
    t.horizontalHeader().setStretchLastSection(True)
    return t


class StatementPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.statement: Statement | None = None
        layout = QVBoxLayout(self)
        self.picker = EmployerPicker(session, list_height=80)
        layout.addWidget(self.picker)
        self.header = QLabel(_("Choose an employer."))
        layout.addWidget(self.header)
        self.lines = _table([_("Date"), _("Description"), _("Month"), _("Debit"), _("Credit"), _("Balance")])
        layout.addWidget(self.lines, 3)
        self.months = _table([_("Month"), _("Accrued"), _("Paid"), _("Owed")])
        layout.addWidget(self.months, 1)
        self.message = message_label()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.pdf_button = QPushButton(_("Print (PDF)…"))
        self.pdf_button.clicked.connect(self.print_pdf)
        self.xlsx_button = QPushButton(_("Save as Excel…"))
        self.xlsx_button.clicked.connect(self.save_xlsx)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.xlsx_button)
        layout.addLayout(buttons)
        self.picker.chosen.connect(self.load)
        self.picker.refresh()

    def load(self, row: EmployerRow) -> None:
        ctx, actor = self.session.ctx, self.session.actor
        self.session.runner.submit(lambda: services.employer_statement(ctx, actor, row.id), self._show, quiet=True)

    def _show(self, st: Statement) -> None:
        s = self.session
        self.statement = st
        self.header.setText(directed(_("{name}, file {file_no}: balance owed {balance}, unallocated {credit}").format(
            name=st.employer.name, file_no=s.digits(st.employer.file_no), balance=s.money(st.balance),
            credit=s.money(st.unallocated))))
        self.lines.setRowCount(len(st.lines))
        for r, x in enumerate(st.lines):
            for c, v in enumerate((s.date(x.day), x.text, s.period(x.month) if x.month else "",
                                   s.money_or_blank(x.debit), s.money_or_blank(x.credit), s.money(x.balance))):
                self.lines.setItem(r, c, QTableWidgetItem(v))
        self.months.setRowCount(len(st.months))
        for r, m in enumerate(st.months):
            for c, v in enumerate((s.period(m.month), s.money(m.accrued), s.money(m.paid), s.money(m.balance))):
                self.months.setItem(r, c, QTableWidgetItem(v))
        self.lines.resizeColumnsToContents()

    def print_pdf(self) -> None:
        st = self.statement
        if st is None:
            set_message(self.message, _("Choose an employer."))
            return
        info, lang = self.session.ctx.info, current_language()
        preview_pdf(self, lambda: statement_pdf(st, info, lang), _("Employer account statement"),
                    f"statement-{st.employer.file_no}.pdf", self.session.runner)

    def save_xlsx(self, path: str | None = None) -> None:
        st = self.statement
        if st is None:
            set_message(self.message, _("Choose an employer."))
            return
        if not path:
            path, _f = QFileDialog.getSaveFileName(self, _("Save as Excel"), f"statement-{st.employer.file_no}.xlsx",
                                                   _("Excel (*.xlsx)"))
        if not path:
            return
        ctx, lang, target = self.session.ctx, current_language(), Path(path)
        self.session.runner.submit(lambda: target.write_bytes(exports.statement_xlsx(ctx, st, lang)),
                                   lambda _n: set_message(self.message, _("Saved to {file}").format(file=path), ok=True),
                                   lambda exc: set_message(self.message, str(exc)))

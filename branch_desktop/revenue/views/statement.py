"""The employer's account statement: movements with the running balance and the months owed,
printed as PDF or saved as Excel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from branch_desktop.core.i18n import current_language
from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.operations import CHEQUES, DECLARATIONS, EMPLOYERS, RECEIPTS, read, watch
from branch_desktop.gui.pdf_preview import preview_pdf
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import grid_view, message_label, set_message
from branch_desktop.revenue import exports, services
from branch_desktop.revenue.documents import statement_pdf
from branch_desktop.revenue.types import EmployerRow, Statement
from branch_desktop.revenue.views.grids import StatementLinesModel, StatementMonthsModel
from branch_desktop.revenue.views.picker import EmployerPicker, directed


class StatementPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.statement: Statement | None = None
        self.employer: EmployerRow | None = None
        layout = QVBoxLayout(self)
        self.picker = EmployerPicker(session, list_height=80)
        layout.addWidget(self.picker)
        self.header = QLabel(_("Choose an employer."))
        layout.addWidget(self.header)
        self.lines_model = StatementLinesModel(session)
        self.lines = grid_view(self.lines_model)
        layout.addWidget(self.lines, 3)
        self.months_model = StatementMonthsModel(session)
        self.months = grid_view(self.months_model)
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
        # a receipt at the counter, an accrued declaration, a bounced cheque: the statement follows
        watch(self, session, {RECEIPTS, DECLARATIONS, CHEQUES, EMPLOYERS}, self.refresh)

    def load(self, row: EmployerRow) -> None:
        self.employer = row
        self.refresh()

    def refresh(self) -> None:
        row = self.employer
        if row is not None:
            read(self.session, services.employer_statement, row.id).on_done(
                lambda st: self._show(st) if self.employer is row else None).run(quiet=True)

    def _show(self, st: Statement) -> None:
        s = self.session
        self.statement = st
        self.header.setText(directed(_("{name}, file {file_no}: balance owed {balance}, unallocated {credit}").format(
            name=st.employer.name, file_no=s.digits(st.employer.file_no), balance=s.money(st.balance),
            credit=s.money(st.unallocated))))
        self.lines_model.set_rows(st.lines)
        self.months_model.set_rows(st.months)
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
        self.session.runner.submit(lambda: target.write_bytes(exports.statement_xlsx(ctx, st, lang)),  # no user: a file
                                   lambda _n: set_message(self.message, _("Saved to {file}").format(file=path), ok=True),
                                   lambda exc: set_message(self.message, str(exc)))

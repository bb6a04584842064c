"""An employer's debt file as a timeline: type the file number, see each dated step (notices,
orders, objections, seizure requests, agreements, payments) and print it."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from branch_desktop.core.i18n import N_, current_language
from branch_desktop.core.i18n import gettext as _
from branch_desktop.execution import services
from branch_desktop.execution.documents import debt_file_pdf
from branch_desktop.execution.types import DETAIL_LABELS, TIMELINE_LABELS, DebtFile, TimelineRow
from branch_desktop.execution.views.common import table
from branch_desktop.gui.list_model import ListColumn, ListTableModel
from branch_desktop.gui.operations import EXECUTION, read, watch
from branch_desktop.gui.pdf_preview import preview_pdf
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import message_label, set_message

FREE_TEXT = ("seizure", "seizure_reply", "seizure_cancelled", "objection")  # a bank, a reference, a reason


def _detail(r: TimelineRow) -> str:
    return _(DETAIL_LABELS[r.detail]) if r.event not in FREE_TEXT and r.detail in DETAIL_LABELS else r.detail


class DebtFilePage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = s = session
        self.file: DebtFile | None = None
        cur = s.ctx.pack.currency
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Employer file")))
        self.file_no = QLineEdit()
        self.file_no.returnPressed.connect(self.reload)
        row.addWidget(self.file_no, 1)
        self.show_button = QPushButton(_("Show"))
        self.show_button.clicked.connect(self.reload)
        row.addWidget(self.show_button)
        self.print_button = QPushButton(_("Print (PDF)…"))
        self.print_button.clicked.connect(self.print_file)
        row.addWidget(self.print_button)
        layout.addLayout(row)
        self.title = QLabel()
        layout.addWidget(self.title)
        self.rows = ListTableModel[TimelineRow]([
            ListColumn(N_("Date"), lambda r: s.date(r.day)),
            ListColumn(N_("Step"), lambda r: _(TIMELINE_LABELS[r.event])),
            ListColumn(N_("Number"), lambda r: s.docno(r.reference) if r.reference else ""),
            ListColumn(N_("Month"), lambda r: s.digits(str(r.month)) if r.month else ""),
            ListColumn(N_("Detail"), _detail),
            ListColumn(N_("Amount"), lambda r: s.money(cur.to_minor(r.amount)) if r.amount is not None else "",
                       number=True),
        ])
        layout.addWidget(table(self.rows), 1)
        self.message = message_label()
        layout.addWidget(self.message)
        watch(self, session, {EXECUTION}, self.reload)

    def reload(self) -> None:
        file_no = self.file_no.text().strip()
        if not file_no:
            return
        read(self.session, services.debt_file, file_no).on_done(self._loaded).on_error(
            lambda exc: set_message(self.message, str(exc))).run(quiet=True)

    def _loaded(self, f: DebtFile) -> None:
        self.file = f
        self.title.setText(f"{self.session.digits(f.file_no)}  {f.name}")
        self.rows.set_rows(f.rows)
        set_message(self.message, "")

    def print_file(self) -> None:
        f = self.file
        if f is not None:
            info, lang = self.session.ctx.info, current_language()
            preview_pdf(self, lambda: debt_file_pdf(f, info, lang), _("Debt file"),
                        f"debt-file-{f.file_no.replace('/', '-')}.pdf", self.session.runner)

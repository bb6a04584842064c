"""Instalment agreements: the list (state, paid, missed) and the chosen agreement's schedule."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from branch_desktop.core.i18n import N_, current_language
from branch_desktop.core.i18n import gettext as _
from branch_desktop.execution import services
from branch_desktop.execution.documents import agreement_pdf
from branch_desktop.execution.types import AgreementView, InstalmentView
from branch_desktop.execution.views.common import STATE_LABELS, select_again, table
from branch_desktop.gui.list_model import ListColumn, ListTableModel
from branch_desktop.gui.operations import EXECUTION, RECEIPTS, read, watch
from branch_desktop.gui.pdf_preview import preview_pdf
from branch_desktop.gui.session import Session


class AgreementsPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = s = session
        cur = s.ctx.pack.currency
        layout = QVBoxLayout(self)
        self.agreements = ListTableModel[AgreementView]([
            ListColumn(N_("Agreement"), lambda a: s.docno(a.number)),
            ListColumn(N_("Employer"), lambda a: a.name),
            ListColumn(N_("Date"), lambda a: s.date(a.agreed_on)),
            ListColumn(N_("Debt"), lambda a: s.money(cur.to_minor(a.principal + a.charges)), number=True),
            ListColumn(N_("Paid"), lambda a: s.money(cur.to_minor(a.paid)), number=True),
            ListColumn(N_("Missed"), lambda a: s.digits(str(a.missed)), number=True),
            ListColumn(N_("State"), lambda a: _(STATE_LABELS[a.state])),
        ], warn=lambda a: a.missed > 0)
        self.view = table(self.agreements)
        layout.addWidget(self.view, 1)
        layout.addWidget(QLabel(_("Schedule")))
        self.schedule = ListTableModel[InstalmentView]([
            ListColumn(N_("Instalment"), lambda i: s.digits(str(i.seq)) if i.seq else _("Down payment")),
            ListColumn(N_("Due date"), lambda i: s.date(i.due)),
            ListColumn(N_("Amount"), lambda i: s.money(cur.to_minor(i.amount)), number=True),
            ListColumn(N_("Paid"), lambda i: _("yes") if i.paid else _("no")),
        ])
        layout.addWidget(table(self.schedule), 1)
        self.print_button = QPushButton(_("Print agreement (PDF)…"))
        self.print_button.clicked.connect(self.print_agreement)
        layout.addWidget(self.print_button)
        self.view.selectionModel().currentRowChanged.connect(lambda cur_, _p: self.open_row(cur_.row()))
        watch(self, s, {EXECUTION, RECEIPTS}, self.reload)  # an agreement made, an instalment paid
        self.reload()

    def reload(self) -> None:
        read(self.session, services.list_agreements, self.session.ctx.today()).on_done(self._loaded).run(quiet=True)

    def _loaded(self, rows: list[AgreementView]) -> None:
        chosen = self.agreements.row_object(self.view.currentIndex().row())
        self.agreements.set_rows(rows)
        select_again(self.view, self.agreements, lambda a: a.number, chosen.number if chosen else None)

    def open_row(self, row: int) -> None:
        a = self.agreements.row_object(row)
        self.schedule.set_rows(list(a.instalments) if a else [])

    def print_agreement(self) -> None:
        a = self.agreements.row_object(self.view.currentIndex().row())
        if a is not None:
            info, lang = self.session.ctx.info, current_language()
            preview_pdf(self, lambda: agreement_pdf(a, info, lang), _("Instalment agreement"),
                        f"agreement-{a.number.replace('/', '-')}.pdf", self.session.runner)

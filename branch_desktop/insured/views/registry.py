"""The insured registry page: search as you type, the person's record, household and service
history (from the declarations), and the printed service record."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, Qt, QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.i18n import N_, current_language
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.security import Actor
from branch_desktop.gui.list_model import ListColumn, ListTableModel
from branch_desktop.gui.operations import read
from branch_desktop.gui.pdf_preview import preview_pdf
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import grid_view, message_label, set_message
from branch_desktop.insured import services
from branch_desktop.insured.documents import service_record_pdf
from branch_desktop.insured.types import (
    RELATION_LABELS,
    STATUS_LABELS,
    CoverageView,
    MemberView,
    PersonRow,
    PersonView,
    ServiceMonth,
)

SEARCH_DELAY_MS = 150


def table(model: QAbstractTableModel) -> QTableView:
    """A read-only grid, whole rows selected, every heading read whole (``gui.widgets.grid_view``)."""
    return grid_view(model)


class RegistryPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.person: PersonView | None = None
        s = session
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("National id or last name…"))
        layout.addWidget(self.search)
        self.hint = QLabel(_("Type a national id or a last name to find an insured person."))
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)

        self.results = ListTableModel[PersonRow]([
            ListColumn(N_("National id"), lambda r: s.digits(r.national_id)),
            ListColumn(N_("Name"), lambda r: f"{r.last_name}, {r.first_name}"),
            ListColumn(N_("Status"), lambda r: _(STATUS_LABELS[r.status])),
        ])
        self.results_view = table(self.results)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.results_view)

        detail = QWidget()
        d = QVBoxLayout(detail)
        d.setContentsMargins(0, 0, 0, 0)
        box = QGroupBox(_("Insured person"))
        form = QFormLayout(box)
        self.fields = {key: QLabel() for key in ("name", "national_id", "birth", "status", "coverage", "days")}
        form.addRow(_("Name"), self.fields["name"])
        form.addRow(_("National id"), self.fields["national_id"])
        form.addRow(_("Birth date"), self.fields["birth"])
        form.addRow(_("Status"), self.fields["status"])
        self.coverage_now = ""  # the insurance status in force today ("": none recorded)
        self.fields["coverage"].setWordWrap(True)
        form.addRow(_("Insurance status"), self.fields["coverage"])
        form.setRowVisible(self.fields["coverage"], bool(services.pack_coverages(s.ctx.pack, s.ctx.today())))
        form.addRow(_("Days with short-term premium in the last 365 days"), self.fields["days"])
        d.addWidget(box)
        self.household = ListTableModel[MemberView]([
            ListColumn(N_("Relation"), lambda m: _(RELATION_LABELS[m.relation])),
            ListColumn(N_("Name"), lambda m: m.full_name),
            ListColumn(N_("Birth date"), lambda m: s.date(m.birth_date)),
            ListColumn(N_("From"), lambda m: s.date(m.valid_from)),
            ListColumn(N_("To"), lambda m: s.date(m.valid_to)),
        ])
        d.addWidget(QLabel(_("Household")))
        self.household_view = table(self.household)
        d.addWidget(self.household_view, 1)
        self.history = ListTableModel[ServiceMonth]([
            ListColumn(N_("Month"), lambda m: s.digits(f"{m.year:04d}/{m.month:02d}")),
            ListColumn(N_("Employer file"), lambda m: s.digits(m.employer_file_no)),
            ListColumn(N_("Employer"), lambda m: m.employer_name),
            ListColumn(N_("Days"), lambda m: s.digits(str(m.days)), number=True),
            ListColumn(N_("Earnings"), lambda m: s.money(s.ctx.pack.currency.to_minor(m.wage)), number=True),
        ])
        d.addWidget(QLabel(_("Service history (from the accepted declarations)")))
        self.history_view = table(self.history)
        d.addWidget(self.history_view, 2)
        split.addWidget(detail)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)

        self.message = message_label()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        self.print_button = QPushButton(_("Service record (PDF)…"))
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_record)
        row.addWidget(self.print_button)
        layout.addLayout(row)
        from branch_desktop.insured.views.person_form import add_person_actions

        add_person_actions(self, row)  # new person, edit, household changes (Ctrl+N, Ctrl+E, Ctrl+Shift+M)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _text: self.timer.start())
        self.search.returnPressed.connect(self.run_search)
        self.results_view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.open_row(cur.row()))
        self.results_view.activated.connect(lambda index: self.open_row(index.row()))

    def run_search(self) -> None:
        text = self.search.text()
        read(self.session, services.search_persons, text).on_done(self._found).run(quiet=True)

    def _found(self, rows: list[PersonRow]) -> None:
        self.results.set_rows(rows)
        self.hint.setVisible(not rows)
        if not rows and self.search.text().strip():
            self.hint.setText(_("No insured person matches. Check the spelling or register the person."))
        if rows:
            self.results_view.selectRow(0)

    def open_row(self, row: int) -> None:
        found = self.results.row_object(row)
        if found is None:
            return
        def load(ctx: BranchContext, actor: Actor) -> tuple[PersonView, list[ServiceMonth], int, list[CoverageView]]:
            person = services.get_person(ctx, actor, found.id)
            months = services.service_months(ctx, actor, person.national_id)
            days = services.short_term_days_before(ctx, actor, person.national_id, ctx.today())
            return person, months, days, services.coverage_history(ctx, actor, person.id)

        read(self.session, load).on_done(self._show).run(quiet=True)

    def _show(self, data: tuple[PersonView, list[ServiceMonth], int, list[CoverageView]]) -> None:
        from branch_desktop.insured.views.coverage_form import coverage_text

        person, months, days, coverages = data
        s = self.session
        self.person = person
        today = s.ctx.today()
        self.coverage_now = next((c.coverage for c in reversed(coverages) if c.effective_from <= today), "")
        self.fields["coverage"].setText(coverage_text(s, coverages))
        self.fields["name"].setText(f"{person.first_name} {person.last_name}")
        self.fields["national_id"].setText(s.digits(person.national_id))
        self.fields["birth"].setText(s.date(person.birth_date))
        self.fields["status"].setText(_(STATUS_LABELS[person.status]))
        self.fields["days"].setText(s.digits(str(days)))
        self.household.set_rows(person.household)
        self.history.set_rows(months)
        self.print_button.setEnabled(True)
        if not months:
            set_message(self.message, _("No declaration names this person yet."))
        else:
            set_message(self.message, "")

    def print_record(self) -> None:
        if self.person is None:
            return
        person = self.person
        ctx, actor, lang = self.session.ctx, self.session.actor, current_language()

        def build() -> bytes:
            months = services.service_months(ctx, actor, person.national_id)
            years = services.service_years(ctx, actor, person.national_id)
            return service_record_pdf(person, months, years, ctx.info, lang)

        preview_pdf(self, build, _("Service record"), f"service-record-{person.national_id}.pdf", self.session.runner)


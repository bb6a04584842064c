"""Applications with deadlines: pension and disability applications and other offices'
service-record requests; open ones first by deadline, the overdue shaded."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import N_
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.security import Actor
from branch_desktop.gui.list_model import ListColumn, ListTableModel
from branch_desktop.gui.operations import INSURED, read, watch, write
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import message_label, set_message
from branch_desktop.insured import services
from branch_desktop.insured.types import APPLICATION_LABELS, ApplicationKind, ApplicationView
from branch_desktop.insured.views.registry import table


class ApplicationsPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        s = session
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.open_only = QCheckBox(_("Open only"))
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda _b: self.refresh())
        top.addWidget(self.open_only)
        self.summary = QLabel()
        top.addWidget(self.summary, 1)
        layout.addLayout(top)
        self.model = ListTableModel[ApplicationView]([
            ListColumn(N_("Application"), lambda a: _(APPLICATION_LABELS[a.kind])),
            ListColumn(N_("Insured person"), lambda a: a.person_name),
            ListColumn(N_("Received"), lambda a: s.date(a.received_on)),
            ListColumn(N_("Deadline"), lambda a: s.date(a.deadline)),
            ListColumn(N_("Days open"), lambda a: s.digits(str(a.days_open)), number=True),
            ListColumn(N_("Decided"), lambda a: s.date(a.decided_on)),
            ListColumn(N_("Other office"), lambda a: a.other_office),
        ], warn=lambda a: a.overdue)
        self.view = table(self.model)
        layout.addWidget(self.view, 1)
        self.empty = QLabel(_("No application is open. Register one below when it arrives."))
        layout.addWidget(self.empty)

        box = QGroupBox(_("Register an application"))
        form = QFormLayout(box)
        self.national_id = QLineEdit()
        self.kind = QComboBox()
        for kind in ApplicationKind:
            self.kind.addItem(_(APPLICATION_LABELS[kind]), kind.value)
        self.received = QLineEdit()
        self.received.setPlaceholderText(_("YYYY/MM/DD (today if empty)"))
        self.office = QLineEdit()
        form.addRow(_("National id"), self.national_id)
        form.addRow(_("Application"), self.kind)
        form.addRow(_("Received"), self.received)
        form.addRow(_("Other office"), self.office)
        self.register_button = QPushButton(_("Register"))
        self.register_button.clicked.connect(self.register)
        form.addRow(self.register_button)
        layout.addWidget(box)
        self.message = message_label()
        layout.addWidget(self.message)
        watch(self, session, {INSURED}, self.refresh)
        self.refresh()

    def refresh(self) -> None:
        open_only = self.open_only.isChecked()
        read(self.session, services.list_applications, open_only=open_only).on_done(self._show).run(quiet=True)

    def _show(self, rows: list[ApplicationView]) -> None:
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        overdue = sum(1 for a in rows if a.overdue and a.decided_on is None)
        self.summary.setText(_("{count} open, {overdue} overdue").format(
            count=self.session.digits(str(sum(1 for a in rows if a.decided_on is None))),
            overdue=self.session.digits(str(overdue))))

    def register(self) -> None:
        s = self.session
        try:
            received = s.parse_date(self.received.text()) if self.received.text().strip() else s.ctx.today()
        except DomainError as exc:
            set_message(self.message, str(exc))
            return
        national_id, kind, office = self.national_id.text().strip(), ApplicationKind(self.kind.currentData()), self.office.text()

        def run(ctx: BranchContext, actor: Actor) -> ApplicationView:
            pid = services.find_person(ctx, actor, national_id).id
            return services.register_application(ctx, actor, pid, kind, received, office)

        write(s, {INSURED}, run).on_done(self._registered).on_error(
            lambda exc: set_message(self.message, str(exc))).run(label=_("Registering the application…"))

    def _registered(self, app: ApplicationView) -> None:
        set_message(self.message, _("Registered; the deadline is {date}.").format(date=self.session.date(app.deadline)),
                    ok=True)
        self.refresh()

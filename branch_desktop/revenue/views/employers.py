"""Employer files: search as you type on the left, the file on the right. Saving an edited file
is refused when someone else saved it since it was opened (the message says who and when)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import message_label, set_message
from branch_desktop.revenue import services
from branch_desktop.revenue.states import EmployerStatus
from branch_desktop.revenue.types import EmployerInput, EmployerRow, EmployerView
from branch_desktop.revenue.views.picker import EmployerPicker


class EmployersPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.loaded: EmployerView | None = None
        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        self.picker = EmployerPicker(session, list_height=10_000)
        left.addWidget(self.picker, 1)
        self.count = QLabel()
        left.addWidget(self.count)
        outer.addLayout(left, 2)

        right = QVBoxLayout()
        form = QFormLayout()
        self.file_no = QLineEdit()
        self.name = QLineEdit()
        self.national_id = QLineEdit()
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.iban = QLineEdit()
        self.business_code = QLineEdit()
        self.risk_class = QLineEdit()
        self.rate_class = QLineEdit("standard")
        self.status = QComboBox()
        self.status.addItem(_("Active"), EmployerStatus.ACTIVE)
        self.status.addItem(_("Closed"), EmployerStatus.CLOSED)
        self.opened_on = QLineEdit()
        self.closed_on = QLineEdit()
        ids = session.ctx.pack.ids  # the labels of the pack's employer id and business code
        for label, w in ((_("File no."), self.file_no), (_("Name"), self.name),
                         (_(ids.employer_label), self.national_id),
                         (_("Address"), self.address), (_("Phone"), self.phone), (_("IBAN"), self.iban),
                         (_(ids.business_code_label), self.business_code),
                         (_("Risk class"), self.risk_class), (_("Premium rate class"), self.rate_class),
                         (_("Status"), self.status), (_("Opened on"), self.opened_on), (_("Closed on"), self.closed_on)):
            form.addRow(label, w)
        right.addLayout(form)
        self.version_label = QLabel()
        right.addWidget(self.version_label)
        self.message = message_label()
        right.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.new_button = QPushButton(_("New file"))
        self.new_button.clicked.connect(self.new)
        self.save_button = QPushButton(_("Save (Ctrl+S)"))
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(session.actor.can("revenue.employers"))
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)
        right.addLayout(buttons)
        right.addStretch(1)
        outer.addLayout(right, 3)
        self.picker.chosen.connect(self.open)
        self.picker.refresh()
        ctx, actor = session.ctx, session.actor
        session.runner.submit(lambda: services.employer_count(ctx, actor),
                              lambda n: self.count.setText(_("{count} employer files").format(
                                  count=session.digits(str(n)))), quiet=True)
        self.new()

    def new(self) -> None:
        self.loaded = None
        for w in (self.file_no, self.name, self.national_id, self.address, self.phone, self.iban, self.business_code,
                  self.risk_class, self.closed_on):
            w.clear()
        self.rate_class.setText("standard")
        self.status.setCurrentIndex(0)
        self.opened_on.setText(self.session.date(self.session.ctx.today()))
        self.version_label.clear()
        self.message.clear()

    def open(self, row: EmployerRow) -> None:
        ctx, actor = self.session.ctx, self.session.actor
        self.session.runner.submit(lambda: services.get_employer(ctx, actor, row.id), self._show, quiet=True)

    def _show(self, e: EmployerView) -> None:
        self.loaded = e
        s = self.session
        self.file_no.setText(e.file_no)
        self.name.setText(e.name)
        self.national_id.setText(e.national_id)
        self.address.setText(e.address)
        self.phone.setText(e.phone)
        self.iban.setText(e.iban)
        self.business_code.setText(e.business_code)
        self.risk_class.setText(e.risk_class)
        self.rate_class.setText(e.rate_class)
        self.status.setCurrentIndex(0 if e.status == EmployerStatus.ACTIVE else 1)
        self.opened_on.setText(s.date(e.opened_on))
        self.closed_on.setText(s.date(e.closed_on))
        self.version_label.setText(_("Version {version}, saved by {user}").format(
            version=s.digits(str(e.version)), user=e.updated_by))
        self.message.clear()

    def data(self) -> EmployerInput:
        s = self.session
        return EmployerInput(
            file_no=self.file_no.text(), name=self.name.text(), national_id=self.national_id.text(),
            address=self.address.text(), phone=self.phone.text(), iban=self.iban.text(),
            business_code=self.business_code.text(), risk_class=self.risk_class.text(),
            rate_class=self.rate_class.text(), status=EmployerStatus(self.status.currentData()),
            opened_on=s.parse_date(self.opened_on.text()) if self.opened_on.text().strip() else None,
            closed_on=s.parse_date(self.closed_on.text()) if self.closed_on.text().strip() else None,
        )

    def save(self) -> None:
        from branch_desktop.core.errors import DomainError

        ctx, actor, loaded = self.session.ctx, self.session.actor, self.loaded
        try:
            data = self.data()
        except DomainError as exc:
            set_message(self.message, str(exc))
            return

        def work() -> EmployerView:
            if loaded is None:
                return services.create_employer(ctx, actor, data)
            return services.update_employer(ctx, actor, loaded.id, data, loaded.version)

        def done(e: EmployerView) -> None:
            self._show(e)
            set_message(self.message, _("Saved."), ok=True)
            self.picker.refresh()

        def refused(exc: BaseException) -> None:
            set_message(self.message, str(exc))
            widget = getattr(self, getattr(exc, "field", None) or "", None)  # the input the error concerns
            if isinstance(widget, QLineEdit | QComboBox):
                widget.setFocus()

        self.session.runner.submit(work, done, refused, label=_("Saving…"))

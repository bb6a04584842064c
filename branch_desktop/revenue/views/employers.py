"""Employer files: search as you type on the left, the file on the right. Saving an edited file
is refused when someone else saved it since it was opened (the message says who and when)."""

from __future__ import annotations

import functools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.security import Actor
from branch_desktop.gui.forms import child, load_form
from branch_desktop.gui.operations import EMPLOYERS, read, watch, write
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import message_label, set_message
from branch_desktop.revenue import services
from branch_desktop.revenue.states import EmployerStatus
from branch_desktop.revenue.types import (
    RATE_CLASS_LABELS,
    STANDARD_RATE,
    EmployerInput,
    EmployerRow,
    EmployerView,
)
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
        self.form = load_form("revenue/employer_file", self)  # ui/revenue/employer_file.ui
        field = functools.partial(child, self.form, QLineEdit)
        self.file_no, self.name, self.national_id = field("file_no"), field("name"), field("national_id")
        self.address, self.phone, self.iban = field("address"), field("phone"), field("iban")
        self.business_code, self.risk_class = field("business_code"), field("risk_class")
        self.rate_class = child(self.form, QComboBox, "rate_class")  # editable: the pack's classes by label
        for code, label in RATE_CLASS_LABELS.items():
            self.rate_class.addItem(_(label), code)
        self.opened_on, self.closed_on = field("opened_on"), field("closed_on")
        self.status = child(self.form, QComboBox, "status")
        self.status.addItem(_("Active"), EmployerStatus.ACTIVE)
        self.status.addItem(_("Closed"), EmployerStatus.CLOSED)
        ids = session.ctx.pack.ids  # the labels of the pack's employer id and business code
        child(self.form, QLabel, "national_id_label").setText(_(ids.employer_label))
        child(self.form, QLabel, "business_code_label").setText(_(ids.business_code_label))
        right.addWidget(self.form)
        self.version_label = child(self.form, QLabel, "version_label")
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
        watch(self, session, {EMPLOYERS}, self.refresh)
        self.refresh()
        self.new()

    def refresh(self) -> None:
        """The count and the list follow every saved file (here or on another page)."""
        s = self.session
        read(s, services.employer_count).on_done(
            lambda n: self.count.setText(_("{count} employer files").format(count=s.digits(str(n))))).run(quiet=True)
        self.picker.refresh()

    def new(self) -> None:
        self.loaded = None
        for w in (self.file_no, self.name, self.national_id, self.address, self.phone, self.iban, self.business_code,
                  self.risk_class, self.closed_on):
            w.clear()
        self.show_rate_class(STANDARD_RATE)
        self.status.setCurrentIndex(0)
        self.opened_on.setText(self.session.date(self.session.ctx.today()))
        self.version_label.clear()
        self.message.clear()

    def open(self, row: EmployerRow) -> None:
        read(self.session, services.get_employer, row.id).on_done(self._show).run(quiet=True)

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
        self.show_rate_class(e.rate_class)
        self.status.setCurrentIndex(0 if e.status == EmployerStatus.ACTIVE else 1)
        self.opened_on.setText(s.date(e.opened_on))
        self.closed_on.setText(s.date(e.closed_on))
        self.version_label.setText(_("Version {version}, saved by {user}").format(
            version=s.digits(str(e.version)), user=e.updated_by))
        self.message.clear()

    def show_rate_class(self, code: str) -> None:
        """A known class by its label (not the code "standard"); another code as it was typed."""
        index = self.rate_class.findData(code)
        self.rate_class.setCurrentIndex(index)
        if index < 0:
            self.rate_class.setEditText(code)

    def rate_class_code(self) -> str:
        """The code of the class shown: a label read back as its code, typed text as it is."""
        text = self.rate_class.currentText().strip()
        index = self.rate_class.findText(text, Qt.MatchFlag.MatchFixedString)
        return str(self.rate_class.itemData(index)) if index >= 0 else text

    def data(self) -> EmployerInput:
        s = self.session
        return EmployerInput(
            file_no=self.file_no.text(), name=self.name.text(), national_id=self.national_id.text(),
            address=self.address.text(), phone=self.phone.text(), iban=self.iban.text(),
            business_code=self.business_code.text(), risk_class=self.risk_class.text(),
            rate_class=self.rate_class_code(), status=EmployerStatus(self.status.currentData()),
            opened_on=s.parse_date(self.opened_on.text()) if self.opened_on.text().strip() else None,
            closed_on=s.parse_date(self.closed_on.text()) if self.closed_on.text().strip() else None,
        )

    def save(self) -> None:
        from branch_desktop.core.errors import DomainError

        loaded = self.loaded
        try:
            data = self.data()
        except DomainError as exc:
            set_message(self.message, str(exc))
            return

        def work(ctx: BranchContext, actor: Actor) -> EmployerView:
            if loaded is None:
                return services.create_employer(ctx, actor, data)
            return services.update_employer(ctx, actor, loaded.id, data, loaded.version)

        def done(e: EmployerView) -> None:
            self._show(e)
            set_message(self.message, _("Saved."), ok=True)

        def refused(exc: BaseException) -> None:
            set_message(self.message, str(exc))
            widget = getattr(self, getattr(exc, "field", None) or "", None)  # the input the error concerns
            if isinstance(widget, QLineEdit | QComboBox):
                widget.setFocus()

        write(self.session, {EMPLOYERS}, work).on_done(done).on_error(refused).run(label=_("Saving…"))

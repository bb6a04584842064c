"""Staff and their decrees: the register, the decree history of the selected employee, a new
dated decree (the history is kept; the pay of a month follows the decree in force)."""

from __future__ import annotations

import functools
from decimal import Decimal

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.accounting.payroll import rules, services
from branch_desktop.accounting.payroll.types import DecreeInput, DecreeView, EmployeeInput, EmployeeView
from branch_desktop.accounting.payroll.views.common import localise_spin, show_error
from branch_desktop.accounting.payroll.views.grids import DecreesModel, StaffModel
from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.forms import child, load_form
from branch_desktop.gui.operations import PAYROLL, read, watch, write
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import grid_view, message_label, selected_row, set_message, show_only_if


def _fill_combo(box: QComboBox, choices: dict[str, str]) -> None:
    for key, label in choices.items():
        box.addItem(_(label), key)


def _terms_of(form: QWidget, session: Session) -> tuple[QComboBox, QComboBox, QSpinBox, QCheckBox, QComboBox]:
    """The terms both the new-employee and the new-decree forms ask for, filled: post, employment
    type, job group, marital status, housing situation."""
    combo = functools.partial(child, form, QComboBox)
    post, employment, housing = combo("post"), combo("employment"), combo("housing")
    _fill_combo(post, rules.POSTS)
    _fill_combo(employment, rules.EMPLOYMENT_TYPES)
    _fill_combo(housing, rules.HOUSING_SITUATIONS)
    group = child(form, QSpinBox, "group")
    localise_spin(group, session.lang)
    return post, employment, group, child(form, QCheckBox, "married"), housing


class StaffPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        layout = QVBoxLayout(self)
        splitter = QSplitter()
        self.staff_model, self.decrees_model = StaffModel(session), DecreesModel(session)
        self.staff = grid_view(self.staff_model, stretch_last=False)
        self.decrees = grid_view(self.decrees_model)
        splitter.addWidget(self.staff)
        splitter.addWidget(self.decrees)
        layout.addWidget(splitter, 1)
        self.message = message_label()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.employee_button = QPushButton(_("New employee…"))
        self.employee_button.clicked.connect(self.new_employee)
        show_only_if(self.employee_button, session.actor.can("payroll.staff"))
        buttons.addWidget(self.employee_button)
        self.decree_button = QPushButton(_("New decree…"))
        self.decree_button.clicked.connect(self.new_decree)
        show_only_if(self.decree_button, session.actor.can("payroll.staff"))
        buttons.addWidget(self.decree_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.employees: list[EmployeeView] = []
        self.history: list[DecreeView] = []
        self.dialog: DecreeDialog | None = None
        self.employee_dialog: EmployeeDialog | None = None
        self.staff.selectionModel().currentRowChanged.connect(lambda *_a: self.load_history())
        watch(self, session, {PAYROLL}, self.reload)
        self.reload()

    def reload(self) -> None:
        read(self.session, services.list_employees).on_done(self._loaded).run(quiet=True)

    def _loaded(self, employees: list[EmployeeView]) -> None:
        chosen = self.current()
        self.employees = employees
        self.staff_model.set_rows(employees)
        self.staff.resizeColumnsToContents()
        # the same person stays chosen after a refresh (the first one at first)
        row = next((r for r, e in enumerate(employees) if chosen and e.personnel_no == chosen.personnel_no), 0)
        if employees:
            self.staff.setCurrentIndex(self.staff_model.index(row, 0))

    def current(self) -> EmployeeView | None:
        return self.staff_model.row_object(selected_row(self.staff))

    def select_row(self, row: int) -> None:
        self.staff.setCurrentIndex(self.staff_model.index(row, 0))

    def load_history(self) -> None:
        emp = self.current()
        if emp is None:
            return
        read(self.session, services.decree_history, emp.personnel_no).on_done(self._history).run(quiet=True)

    def _history(self, history: list[DecreeView]) -> None:
        self.history = history
        self.decrees_model.set_rows(history)
        self.decrees.resizeColumnsToContents()

    def new_decree(self) -> None:
        emp = self.current()
        if emp is None:
            return
        last = self.history[-1] if self.history else None
        self.dialog = DecreeDialog(self.session, emp, last, self)
        self.dialog.accepted.connect(self._saved)
        self.dialog.open()

    def new_employee(self) -> None:
        self.employee_dialog = EmployeeDialog(self.session, self)
        self.employee_dialog.accepted.connect(self._employee_saved)
        self.employee_dialog.open()

    def _employee_saved(self) -> None:
        set_message(self.message, _("The employee is registered with the hire decree."), ok=True)
        self.reload()

    def _saved(self) -> None:
        set_message(self.message, _("The decree is recorded."), ok=True)
        self.reload()
        self.load_history()


class DecreeDialog(QDialog):
    """A new decree, prefilled from the one in force; validated by the service on save."""

    def __init__(self, session: Session, emp: EmployeeView, last: DecreeView | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.session, self.emp = session, emp
        self.setWindowTitle(_("New decree: {name}").format(name=emp.full_name))
        form = QVBoxLayout(self)
        self.form = load_form("accounting/payroll/decree", self)  # ui/accounting/payroll/decree.ui
        form.addWidget(self.form)
        field = functools.partial(child, self.form, QLineEdit)
        self.effective, self.number = field("effective"), field("number")
        self.allowance, self.deduction, self.note = field("allowance"), field("deduction"), field("note")
        self.effective.setText(session.date(session.ctx.today()))
        self.post, self.employment, self.group, self.married, self.housing = _terms_of(self.form, session)
        if last is not None:
            self.post.setCurrentIndex(list(rules.POSTS).index(last.post))
            self.employment.setCurrentIndex(list(rules.EMPLOYMENT_TYPES).index(last.employment))
            self.group.setValue(last.job_group or 0)
            self.married.setChecked(last.married)
            self.housing.setCurrentIndex(list(rules.HOUSING_SITUATIONS).index(last.housing))
            self.allowance.setText(session.money_or_blank(last.other_allowance))
            self.deduction.setText(session.money_or_blank(last.other_deduction))
        self.message = QLabel()
        self.message.setWordWrap(True)
        form.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addWidget(buttons)

    def save(self) -> None:
        s = self.session
        cur = s.ctx.pack.currency
        try:
            decree = DecreeInput(
                effective_from=s.parse_date(self.effective.text()), post=str(self.post.currentData()),
                employment=str(self.employment.currentData()), job_group=self.group.value() or None,
                married=self.married.isChecked(), housing=str(self.housing.currentData()),
                other_allowance=cur.from_minor(s.parse_money(self.allowance.text())) if self.allowance.text().strip()
                else Decimal(0),
                other_deduction=cur.from_minor(s.parse_money(self.deduction.text())) if self.deduction.text().strip()
                else Decimal(0),
                number=self.number.text().strip(), note=self.note.text().strip(),
            )
        except DomainError as exc:
            set_message(self.message, str(exc))
            return
        no = self.emp.personnel_no
        fields: dict[str, QWidget] = {
            "effective_from": self.effective, "post": self.post, "employment": self.employment,
            "job_group": self.group, "housing": self.housing, "other_allowance": self.allowance,
            "other_deduction": self.deduction,
        }

        def failed(exc: BaseException) -> None:
            show_error(self.message, exc, fields)

        (write(s, {PAYROLL}, services.add_decree, no, decree).on_done(lambda _id: self.accept())
            .on_error(failed).run())


class EmployeeDialog(QDialog):
    """A new employee and the hire decree; the service checks the national id and the IBAN."""

    def __init__(self, session: Session, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("New employee"))
        form = QVBoxLayout(self)
        self.form = load_form("accounting/payroll/employee", self)  # ui/accounting/payroll/employee.ui
        form.addWidget(self.form)
        field = functools.partial(child, self.form, QLineEdit)
        self.personnel_no, self.national_id = field("personnel_no"), field("national_id")
        self.first_name, self.last_name = field("first_name"), field("last_name")
        self.hire_date, self.iban = field("hire_date"), field("iban")
        self.hire_date.setText(session.date(session.ctx.today()))
        self.education = child(self.form, QComboBox, "education")
        _fill_combo(self.education, rules.EDUCATION)
        self.post, self.employment, self.group, self.married, self.housing = _terms_of(self.form, session)
        self.message = QLabel()
        self.message.setWordWrap(True)
        form.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addWidget(buttons)

    def save(self) -> None:
        s = self.session
        try:
            hired = s.parse_date(self.hire_date.text())
            data = EmployeeInput(
                personnel_no=self.personnel_no.text().strip(), national_id=self.national_id.text().strip(),
                first_name=self.first_name.text().strip(), last_name=self.last_name.text().strip(), hire_date=hired,
                education=str(self.education.currentData()), iban=self.iban.text().strip(),
            )
            decree = DecreeInput(effective_from=hired, post=str(self.post.currentData()),
                                 employment=str(self.employment.currentData()), job_group=self.group.value() or None,
                                 married=self.married.isChecked(), housing=str(self.housing.currentData()),
                                 number=_("Hire"))
        except DomainError as exc:
            set_message(self.message, str(exc))
            return
        fields: dict[str, QWidget] = {
            "personnel_no": self.personnel_no, "name": self.first_name, "national_id": self.national_id,
            "iban": self.iban, "education": self.education, "post": self.post, "employment": self.employment,
            "job_group": self.group, "housing": self.housing,
        }

        def failed(exc: BaseException) -> None:
            show_error(self.message, exc, fields)

        (write(s, {PAYROLL}, services.register_employee, data, decree).on_done(lambda _id: self.accept())
            .on_error(failed).run())

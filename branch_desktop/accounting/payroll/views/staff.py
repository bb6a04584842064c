"""Staff and their decrees: the register, the decree history of the selected employee, a new
dated decree (the history is kept; the pay of a month follows the decree in force)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.accounting.payroll import rules, services
from branch_desktop.accounting.payroll.types import DecreeInput, DecreeView, EmployeeInput, EmployeeView
from branch_desktop.accounting.payroll.views.common import localise_spin
from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.operations import PAYROLL, read, watch, write
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import message_label, set_message, show_only_if


def _combo(choices: dict[str, str]) -> QComboBox:
    """A combo box of translated labels carrying their keys."""
    box = QComboBox()
    for key, label in choices.items():
        box.addItem(_(label), key)
    return box


def _terms_fields(session: Session) -> tuple[QComboBox, QComboBox, QSpinBox, QCheckBox, QComboBox]:
    """The terms both the new-employee and the new-decree dialogs ask for: post, employment type,
    job group, marital status, housing situation."""
    group = QSpinBox()
    group.setRange(0, 20)
    group.setSpecialValueText(_("none (contract, first years)"))
    localise_spin(group, session.lang)
    return (_combo(rules.POSTS), _combo(rules.EMPLOYMENT_TYPES), group, QCheckBox(_("Married")),
            _combo(rules.HOUSING_SITUATIONS))

class StaffPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        layout = QVBoxLayout(self)
        splitter = QSplitter()
        self.staff = self._table([_("Personnel no."), _("Name"), _("Position"), _("Group"), _("Employment"),
                                  _("Hire date"), _("IBAN")])
        self.decrees = self._table([_("From"), _("Decree no."), _("Position"), _("Group"), _("Employment"),
                                    _("Married"), _("Housing"), _("Other allowance"), _("Other deductions"),
                                    _("By")])
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
        self.staff.currentCellChanged.connect(lambda *_a: self.load_history())
        watch(self, session, {PAYROLL}, self.reload)
        self.reload()

    @staticmethod
    def _table(headers: list[str]) -> QTableWidget:
        t = QTableWidget(0, len(headers))
        t.setHorizontalHeaderLabels(headers)
        t.verticalHeader().hide()
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        return t

    def reload(self) -> None:
        read(self.session, services.list_employees).on_done(self._loaded).run(quiet=True)

    def _loaded(self, employees: list[EmployeeView]) -> None:
        s = self.session
        self.employees = employees
        self.staff.setRowCount(len(employees))
        for r, e in enumerate(employees):
            for c, text in enumerate((s.digits(e.personnel_no), e.full_name, _(rules.POSTS.get(e.post, e.post)),
                                      s.digits(str(e.job_group)) if e.job_group else "-",
                                      _(rules.EMPLOYMENT_TYPES.get(e.employment, e.employment)), s.date(e.hire_date),
                                      e.iban)):
                self.staff.setItem(r, c, QTableWidgetItem(text))
        self.staff.resizeColumnsToContents()
        if employees and self.staff.currentRow() < 0:
            self.staff.setCurrentCell(0, 0)

    def current(self) -> EmployeeView | None:
        row = self.staff.currentRow()
        return self.employees[row] if 0 <= row < len(self.employees) else None

    def load_history(self) -> None:
        emp = self.current()
        if emp is None:
            return
        read(self.session, services.decree_history, emp.personnel_no).on_done(self._history).run(quiet=True)

    def _history(self, history: list[DecreeView]) -> None:
        s = self.session
        self.history = history
        self.decrees.setRowCount(len(history))
        for r, d in enumerate(history):
            for c, text in enumerate((s.date(d.effective_from), d.number, _(rules.POSTS.get(d.post, d.post)),
                                      s.digits(str(d.job_group)) if d.job_group else "-",
                                      _(rules.EMPLOYMENT_TYPES.get(d.employment, d.employment)),
                                      _("Yes") if d.married else _("No"),
                                      _(rules.HOUSING_SITUATIONS.get(d.housing, d.housing)),
                                      s.money_or_blank(d.other_allowance), s.money_or_blank(d.other_deduction),
                                      d.created_by)):
                self.decrees.setItem(r, c, QTableWidgetItem(text))
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
        form = QFormLayout(self)
        self.effective = QLineEdit(session.date(session.ctx.today()))
        self.number = QLineEdit()
        self.post, self.employment, self.group, self.married, self.housing = _terms_fields(session)
        self.allowance = QLineEdit()
        self.deduction = QLineEdit()
        self.note = QLineEdit()
        if last is not None:
            self.post.setCurrentIndex(list(rules.POSTS).index(last.post))
            self.employment.setCurrentIndex(list(rules.EMPLOYMENT_TYPES).index(last.employment))
            self.group.setValue(last.job_group or 0)
            self.married.setChecked(last.married)
            self.housing.setCurrentIndex(list(rules.HOUSING_SITUATIONS).index(last.housing))
            self.allowance.setText(session.money_or_blank(last.other_allowance))
            self.deduction.setText(session.money_or_blank(last.other_deduction))
        for label, widget in ((_("In force from"), self.effective), (_("Decree no."), self.number),
                              (_("Position"), self.post), (_("Employment"), self.employment),
                              (_("Job group"), self.group), ("", self.married), (_("Housing"), self.housing),
                              (_("Other allowance"), self.allowance), (_("Other deductions"), self.deduction),
                              (_("Note"), self.note)):
            form.addRow(label, widget)
        self.message = QLabel()
        self.message.setWordWrap(True)
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

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

        def failed(exc: BaseException) -> None:
            set_message(self.message, str(exc))

        write(s, {PAYROLL}, services.add_decree, no, decree).on_done(lambda _id: self.accept()).on_error(failed).run()


class EmployeeDialog(QDialog):
    """A new employee and the hire decree; the service checks the national id and the IBAN."""

    def __init__(self, session: Session, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("New employee"))
        form = QFormLayout(self)
        self.personnel_no = QLineEdit()
        self.national_id = QLineEdit()
        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.hire_date = QLineEdit(session.date(session.ctx.today()))
        self.education = _combo(rules.EDUCATION)
        self.iban = QLineEdit()
        self.post, self.employment, self.group, self.married, self.housing = _terms_fields(session)
        for label, widget in ((_("Personnel no."), self.personnel_no), (_("National id"), self.national_id),
                              (_("First name"), self.first_name), (_("Last name"), self.last_name),
                              (_("Hire date"), self.hire_date), (_("Education"), self.education),
                              (_("IBAN"), self.iban), (_("Position"), self.post), (_("Employment"), self.employment),
                              (_("Job group"), self.group), ("", self.married), (_("Housing"), self.housing)):
            form.addRow(label, widget)
        self.message = QLabel()
        self.message.setWordWrap(True)
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        s = self.session
        try:
            hired = s.parse_date(self.hire_date.text())
            data = EmployeeInput(
                personnel_no=self.personnel_no.text().strip(), national_id=self.national_id.text().strip(),
                first_name=self.first_name.text().strip(), last_name=self.last_name.text().strip(), hire_date=hired,
                education=str(self.education.currentData()), iban=self.iban.text().strip(),
            )
            decree = DecreeInput(hired, str(self.post.currentData()), str(self.employment.currentData()),
                                 self.group.value() or None, self.married.isChecked(), str(self.housing.currentData()),
                                 number=_("Hire"))
        except DomainError as exc:
            set_message(self.message, str(exc))
            return

        def failed(exc: BaseException) -> None:
            set_message(self.message, str(exc))

        write(s, {PAYROLL}, services.register_employee, data, decree).on_done(lambda _id: self.accept()).on_error(failed).run()

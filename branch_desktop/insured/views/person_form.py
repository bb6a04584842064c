"""Register or edit an insured person and their household (dated changes), keyboard-first: each
field shows its own problem (the service's typed error names the field), a save over a newer
version says who changed the record and offers to reload it. Ctrl+N new person, Ctrl+E edit,
Ctrl+Shift+M add a household member, Ctrl+S save in a form, Esc closes it."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import N_
from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.forms import child, load_form
from branch_desktop.gui.operations import INSURED, Op, read, write
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import (
    mark_field,
    message_label,
    ok_cancel,
    set_message,
    show_only_if,
    with_shortcut,
)
from branch_desktop.gui.widgets import (
    shortcut as add_shortcut,
)
from branch_desktop.insured import services
from branch_desktop.insured.exceptions import FieldError, StaleRecord
from branch_desktop.insured.types import (
    RELATION_LABELS,
    STATUS_LABELS,
    InsuredStatus,
    MemberInput,
    MemberView,
    PersonInput,
    PersonView,
    Relation,
    Sex,
)

SEX_LABELS = {Sex.FEMALE: N_("Female"), Sex.MALE: N_("Male")}


class FieldForm(QDialog):
    """A dialog whose fields each have an error line under them; ``show_error`` routes a typed
    error to its field (or to the message at the bottom)."""

    def __init__(self, session: Session, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(title)
        self.setModal(True)
        self.form = QFormLayout()
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        self.message = message_label()
        layout.addWidget(self.message)
        self.extra = QHBoxLayout()
        layout.addLayout(self.extra)
        self.buttons = ok_cancel(self.save, self.reject)
        ok = self.buttons.buttons()[0]
        ok.setText(_("Save"))
        ok.setToolTip(with_shortcut(_("Save"), "Ctrl+S"))
        QShortcut(QKeySequence("Ctrl+S"), self, self.save, context=Qt.ShortcutContext.WindowShortcut)
        layout.addWidget(self.buttons)
        self.result_view: Any = None

    def add(self, name: str, label: str, widget: QWidget) -> QWidget:
        error = QLabel()
        error.setObjectName(f"error_{name}")
        error.setStyleSheet("color: #b00020;")
        error.hide()
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        v.addWidget(widget)
        v.addWidget(error)
        self.form.addRow(label, box)
        self.widgets[name], self.errors[name] = widget, error
        return widget

    def adopt(self, name: str, *fields: str) -> QWidget:
        """Take a Designer form (``ui/<name>.ui``) as the dialog's fields: each field ``f`` has its
        error line ``error_f`` under it in the form."""
        body = load_form(name, self)
        self.form.addRow(body)
        for field in fields:
            widget = body.findChild(QWidget, field)
            error = child(body, QLabel, f"error_{field}")
            assert widget is not None, field
            error.setStyleSheet("color: #b00020;")
            error.hide()
            self.widgets[field], self.errors[field] = widget, error
        return body

    def clear_errors(self) -> None:
        for name, label in self.errors.items():
            label.hide()
            mark_field(self.widgets[name], None)
        set_message(self.message, "")

    def show_error(self, exc: BaseException) -> None:
        field = getattr(exc, "field", None) if isinstance(exc, FieldError) else None
        if field in self.errors:
            self.errors[field].setText(str(exc))
            self.errors[field].show()
            mark_field(self.widgets[field], str(exc))
            self.widgets[field].setFocus()
        else:
            set_message(self.message, str(exc))

    def date(self, name: str) -> dt.date | None:
        """The date typed in a field (the pack's calendar), None when blank; a FieldError otherwise."""
        widget = self.widgets[name]
        assert isinstance(widget, QLineEdit)
        text = widget.text().strip()
        if not text:
            return None
        try:
            return self.session.parse_date(text)
        except DomainError as exc:
            raise FieldError(exc.template, field=name, **exc.params) from None

    def run(self, work: Callable[[], Op[Any]]) -> None:
        """Save: ``work()`` reads the fields (a FieldError names the one to fix) and returns the
        write, which runs on the task runner; close on success, show the problem at its field otherwise."""
        self.clear_errors()
        try:
            op = work()
        except FieldError as exc:
            self.show_error(exc)
            return
        op.on_done(self._saved).on_error(self._failed).run(label=_("Saving…"))

    def _saved(self, view: Any) -> None:
        self.result_view = view
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.show_error(exc)

    def save(self) -> None:  # pragma: no cover - every form defines its own
        raise NotImplementedError


class PersonDialog(FieldForm):
    """New insured person (``person`` None) or an edit of the version the user read."""

    def __init__(self, session: Session, parent: QWidget | None, person: PersonView | None = None) -> None:
        super().__init__(session, parent, _("Edit the insured person") if person else _("New insured person"))
        self.person = person
        s = session
        body = self.adopt("insured/person", "national_id", "first_name", "last_name", "birth_date", "sex", "status",
                          "iban")  # ui/insured/person.ui
        line = functools.partial(child, body, QLineEdit)
        self.national_id, self.first_name, self.last_name = line("national_id"), line("first_name"), line("last_name")
        self.birth_date, self.iban = line("birth_date"), line("iban")
        self.sex, self.status = child(body, QComboBox, "sex"), child(body, QComboBox, "status")
        for sex, label in SEX_LABELS.items():
            self.sex.addItem(_(label), sex.value)
        for status, label in STATUS_LABELS.items():
            self.status.addItem(_(label), status.value)
        self.reload_button = QPushButton(_("Reload the record"))
        self.reload_button.hide()
        self.reload_button.clicked.connect(self.reload)
        self.extra.addWidget(self.reload_button)
        if person is not None:
            self.fill(person)
        show_only_if(self.buttons, s.actor.can("insured.registry"))

    def fill(self, p: PersonView) -> None:
        self.person = p
        for widget, value in ((self.national_id, p.national_id), (self.first_name, p.first_name),
                              (self.last_name, p.last_name), (self.birth_date, self.session.date(p.birth_date)),
                              (self.iban, p.iban)):
            assert isinstance(widget, QLineEdit)
            widget.setText(value)
        self.sex.setCurrentIndex(self.sex.findData(p.sex.value))
        self.status.setCurrentIndex(self.status.findData(p.status.value))

    def data(self) -> PersonInput:
        def text(w: QWidget) -> str:
            assert isinstance(w, QLineEdit)
            return w.text()

        return PersonInput(national_id=text(self.national_id), first_name=text(self.first_name),
                           last_name=text(self.last_name), sex=Sex(self.sex.currentData()),
                           birth_date=self.date("birth_date"), status=InsuredStatus(self.status.currentData()),
                           iban=text(self.iban))

    def save(self) -> None:
        s, person = self.session, self.person

        def work() -> Op[PersonView]:
            data = self.data()
            if person is None:
                return write(s, {INSURED}, services.register_person, data)
            return write(s, {INSURED}, services.update_person, person.id, data, person.version)

        self.run(work)

    def _failed(self, exc: BaseException) -> None:
        super()._failed(exc)
        self.reload_button.setVisible(isinstance(exc, StaleRecord))

    def reload(self) -> None:
        """Read the newer version (the user's typing is replaced by what is stored now)."""
        if self.person is None:
            return
        read(self.session, services.get_person, self.person.id).on_done(self._reloaded).run(quiet=True)

    def _reloaded(self, person: PersonView) -> None:
        self.fill(person)
        self.reload_button.hide()
        set_message(self.message, _("The record was reloaded; make your change again."), ok=True)


class MemberDialog(FieldForm):
    """Add a household member from a date, or change one (``member`` given) from a date: the old
    row ends the day before."""

    def __init__(self, session: Session, parent: QWidget | None, person_id: int,
                 member: MemberView | None = None) -> None:
        super().__init__(session, parent, _("Change a household member") if member else _("Add a household member"))
        self.person_id, self.member = person_id, member
        body = self.adopt("insured/member", "relation", "full_name", "national_id", "birth_date", "student",
                          "disabled", "valid_from")  # ui/insured/member.ui
        line = functools.partial(child, body, QLineEdit)
        self.full_name, self.national_id, self.birth_date = line("full_name"), line("national_id"), line("birth_date")
        self.valid_from = line("valid_from")
        self.relation = child(body, QComboBox, "relation")
        for relation, label in RELATION_LABELS.items():
            self.relation.addItem(_(label), relation.value)
        self.student, self.disabled = child(body, QCheckBox, "student"), child(body, QCheckBox, "disabled")
        self.valid_from.setText(session.date(session.ctx.today()))
        if member is not None:
            self.relation.setCurrentIndex(self.relation.findData(member.relation.value))
            for widget, value in ((self.full_name, member.full_name), (self.national_id, member.national_id),
                                  (self.birth_date, session.date(member.birth_date))):
                assert isinstance(widget, QLineEdit)
                widget.setText(value)
            self.student.setChecked(member.student)
            self.disabled.setChecked(member.disabled)

    def save(self) -> None:
        s = self.session

        def work() -> Op[MemberView]:
            name, nid = self.full_name, self.national_id
            assert isinstance(name, QLineEdit) and isinstance(nid, QLineEdit)
            start = self.date("valid_from")
            if start is None:
                raise FieldError("Give the date the change takes effect.", field="valid_from")
            data = MemberInput(relation=Relation(self.relation.currentData()), full_name=name.text(),
                               national_id=nid.text(), birth_date=self.date("birth_date"),
                               student=self.student.isChecked(), disabled=self.disabled.isChecked())
            if self.member is None:
                return write(s, {INSURED}, services.add_member, self.person_id, data, start)
            return write(s, {INSURED}, services.change_member, self.member.id, data, start)

        self.run(work)


class LeaveDialog(FieldForm):
    """A member leaves the household on a date (the row is kept, its span ends)."""

    def __init__(self, session: Session, parent: QWidget | None, member: MemberView) -> None:
        super().__init__(session, parent, _("A household member leaves"))
        self.member = member
        self.form.addRow(_("Name"), QLabel(member.full_name))
        self.valid_to = self.add("valid_to", _("Last day in the household"), QLineEdit())
        assert isinstance(self.valid_to, QLineEdit)
        self.valid_to.setText(session.date(session.ctx.today()))

    def save(self) -> None:
        s, mid = self.session, self.member.id

        def work() -> Op[MemberView]:
            end = self.date("valid_to")
            if end is None:
                raise FieldError("Give the last day in the household.", field="valid_to")
            return write(s, {INSURED}, services.end_member, mid, end)

        self.run(work)


def add_person_actions(page: Any, row: QHBoxLayout) -> None:
    """The registry page's buttons that open these forms (shown to who may change the registry)."""
    s: Session = page.session
    if not s.actor.can("insured.registry"):
        return

    def person_form(edit: bool) -> None:
        if edit and page.person is None:
            set_message(page.message, _("Find and choose a person first."))
            return
        dialog = PersonDialog(s, page, page.person if edit else None)
        dialog.accepted.connect(lambda: _reopen(page, dialog.result_view))
        dialog.open()
        page.last_dialog = dialog

    def member_form(kind: str) -> None:
        if page.person is None:
            set_message(page.message, _("Find and choose a person first."))
            return
        member = page.household.row_object(page.household_view.currentIndex().row())
        if kind != "add" and member is None:
            set_message(page.message, _("Choose a household member first."))
            return
        dialog: FieldForm = (MemberDialog(s, page, page.person.id) if kind == "add" else
                             MemberDialog(s, page, page.person.id, member) if kind == "change" else
                             LeaveDialog(s, page, member))
        person = page.person
        dialog.accepted.connect(lambda: _reopen(page, person))
        dialog.open()
        page.last_dialog = dialog

    def coverage_form() -> None:
        from branch_desktop.insured.views.coverage_form import CoverageDialog

        if page.person is None:
            set_message(page.message, _("Find and choose a person first."))
            return
        person = page.person
        dialog = CoverageDialog(s, page, person, page.coverage_now)
        dialog.accepted.connect(lambda: _reopen(page, person))
        dialog.open()
        page.last_dialog = dialog

    actions = [(_("New person…"), "Ctrl+N", lambda: person_form(False)),
               (_("Edit…"), "Ctrl+E", lambda: person_form(True)),
               (_("Add a member…"), "Ctrl+Shift+M", lambda: member_form("add")),
               (_("Change the member…"), "", lambda: member_form("change")),
               (_("Member leaves…"), "", lambda: member_form("leave"))]
    if services.pack_coverages(s.ctx.pack, s.ctx.today()):  # the pack keeps insurance statuses
        actions.append((_("Insurance status…"), "Ctrl+Shift+I", coverage_form))
    for text, shortcut, action in actions:
        button = QPushButton(text)
        if shortcut:
            button.setToolTip(with_shortcut(text, shortcut))
            add_shortcut(shortcut, page, action)
        button.clicked.connect(action)
        row.addWidget(button)


def _reopen(page: Any, person: PersonView | None) -> None:
    """Show the saved person: search for their national id (the list selects them)."""
    if person is not None:
        page.search.setText(person.national_id)
        page.run_search()

"""The new-claim form's inputs of the rest kinds (tr_sgk's temporary incapacity allowance, ir_sso's
wage compensation): the rest periods as a list of rows (from, to, inpatient, who issued the report),
the periods the year before does not count, and the kind's other inputs the rules take (doctor's
advice ignored, gross fault and its degree, an intentional act, no fit-to-work certificate, the
exit date, a multiple pregnancy and an early birth, 10-day slices, the employer's notice and
whether the workplace is public, a first marriage). Every input carries its name in the ``benefit compute`` contract and is read into the
same JSON case that command takes (``rules.cases.compute_case``): no second mapping.

Keyboard: Ctrl+Shift+R adds a rest period, Ctrl+Shift+E a period not counted (the cursor goes to
its first day), Ctrl+Shift+Delete removes the row the cursor is in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import N_
from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import mark_field, std_icon, with_shortcut
from branch_desktop.insured.exceptions import BenefitInputError, FieldError
from branch_desktop.insured.types import COVERAGE_LABELS
from branch_desktop.insured.views.claim_fields import add_field_rows, read_date, read_number

ADD_REST_KEYS = "Ctrl+Shift+R"
ADD_EXCLUDED_KEYS = "Ctrl+Shift+E"
REMOVE_ROW_KEYS = "Ctrl+Shift+Delete"
INCAPACITY, WAGE = "benefit_incapacity", "benefit_wage_compensation"
_TR_REST = ("rest", "coverage", "premium_debt", "exit_date", "ignored_advice", "fault_degree", "intentional", "no_certificate", "slices",
            "notice_date", "public_workplace", "excluded")
# the inputs each rule family takes per kind (beyond the first day), in the order shown
INPUTS: dict[tuple[str, str], tuple[str, ...]] = {
    **{(INCAPACITY, k): _TR_REST for k in ("work_accident", "occupational_disease", "sickness")},
    (INCAPACITY, "maternity"): ("multiple", "pre_birth_rest_from", "rest", *_TR_REST[1:]),
    **{(WAGE, k): ("rest",) for k in ("work_accident", "occupational_disease", "sickness")},
    (WAGE, "maternity"): ("multiple", "rest"),
    (WAGE, "marriage"): ("first_marriage",),
}
ISSUERS = {"doctor": N_("A single doctor"), "board": N_("A health board")}


@dataclass
class PeriodRow:
    box: QWidget
    start: QLineEdit
    end: QLineEdit
    inpatient: QCheckBox
    issuer: QComboBox


class PeriodRows(QWidget):
    """Rows of periods, each from a day to a day (the rest's rows also inpatient and issuer)."""

    changed = Signal()

    def __init__(self, session: Session, name: str, *, rest: bool, add_text: str, add_keys: str) -> None:
        super().__init__()
        self.session, self.name, self.rest = session, name, rest
        self.rows: list[PeriodRow] = []
        self.issuers = True
        self.bad: QWidget | None = None  # the input the last problem came from
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.box = QVBoxLayout()
        outer.addLayout(self.box)
        self.add_button = QPushButton(add_text)
        self.add_button.setToolTip(with_shortcut(add_text, add_keys))
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        outer.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeading)
        remove = QShortcut(QKeySequence(REMOVE_ROW_KEYS), self, self.remove_focused)
        remove.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # (the constructor's keyword is not applied)

    def add_row(self, focus: bool = False) -> PeriodRow:
        """A new row; its first day is the day after the previous row's last, when that is read."""
        box = QWidget()
        line = QHBoxLayout(box)
        line.setContentsMargins(0, 0, 0, 0)
        start, end = QLineEdit(), QLineEdit()
        start.setPlaceholderText(_("From (YYYY/MM/DD)") if self.rows or not self.rest
                                 else _("From (blank: the first day)"))
        end.setPlaceholderText(_("To (YYYY/MM/DD)"))
        for edit in (start, end):  # room for a date and most of its hint
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("0000/00/00") * 13 // 10)
        inpatient = QCheckBox(_("Inpatient"))
        issuer = QComboBox()
        for code, label in ISSUERS.items():
            issuer.addItem(_(label), code)
        remove = QPushButton(std_icon(QStyle.StandardPixmap.SP_TrashIcon), "")
        remove.setAccessibleName(_("Remove this period"))
        remove.setToolTip(with_shortcut(_("Remove this period"), REMOVE_ROW_KEYS))
        remove.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        row = PeriodRow(box, start, end, inpatient, issuer)
        remove.clicked.connect(lambda: self.remove_row(row))
        for w in (start, end, inpatient, issuer, remove):
            line.addWidget(w, 1 if isinstance(w, QLineEdit) else 0)
        inpatient.setVisible(self.rest)
        issuer.setVisible(self.rest and self.issuers)
        if self.rows:
            try:
                after = self.session.parse_date(self.rows[-1].end.text()) + dt.timedelta(days=1)
                start.setText(self.session.digits(self.session.ctx.pack.calendar.format(after)))
            except DomainError:
                pass
        start.textChanged.connect(self._changed)
        end.textChanged.connect(self._changed)
        inpatient.toggled.connect(self._changed)
        issuer.currentIndexChanged.connect(self._changed)
        self.rows.append(row)
        self.box.addWidget(box)
        if focus:
            start.setFocus()
        self._changed()
        return row

    def remove_row(self, row: PeriodRow) -> None:
        index = self.rows.index(row)
        self.rows.remove(row)
        row.box.hide()
        row.box.deleteLater()
        if self.rows:  # the cursor stays in the list
            self.rows[min(index, len(self.rows) - 1)].start.setFocus()
        else:
            self.add_button.setFocus()
        self._changed()

    def remove_focused(self) -> None:
        for row in self.rows:
            if row.box.isAncestorOf(self.focusWidget() or self):
                self.remove_row(row)
                return

    def show_issuer(self, on: bool) -> None:
        self.issuers = on
        for row in self.rows:
            row.issuer.setVisible(self.rest and on)

    def _changed(self, *_args: object) -> None:
        self.changed.emit()

    def values(self, first_day: str | None) -> list[dict[str, Any]]:
        """The rows as the case takes them (blank rows left out). The first rest row with no first
        day starts on ``first_day``. A day that cannot be read is marked on its own input."""
        out: list[dict[str, Any]] = []
        for row in self.rows:
            if not row.start.text().strip() and not row.end.text().strip():
                continue
            start = self._day(row.start)
            if start is None and self.rest and not out and first_day:
                start = first_day
            end = self._day(row.end)
            if start is None or end is None:
                blank = row.start if start is None else row.end
                self.bad = blank
                raise BenefitInputError("A period needs its first and last day.", field=self.name)
            period: dict[str, Any] = {"from": start, "to": end}
            if self.rest:
                period["inpatient"] = row.inpatient.isChecked()
                if self.issuers:
                    period["issuer"] = str(row.issuer.currentData())
            out.append(period)
        return out

    def _day(self, edit: QLineEdit) -> str | None:
        try:
            return read_date(self.session, self.name, edit.text())
        except FieldError:
            self.bad = edit
            raise

    def focus(self, problem: str) -> None:
        """Mark and focus the input the last problem came from (else the first row's first day)."""
        widget = self.bad or (self.rows[0].start if self.rows else self.add_button)
        mark_field(widget, problem)
        if not isinstance(widget, QLineEdit) or widget.text().strip():
            widget.setFocus()

    def clear_marks(self) -> None:
        self.bad = None
        for row in self.rows:
            mark_field(row.start, None)
            mark_field(row.end, None)


def coverage_codes(session: Session) -> list[str]:
    """The pack's insurance statuses (none for a pack that keeps none)."""
    from branch_desktop.insured.services.coverage import pack_coverages

    return pack_coverages(session.ctx.pack, session.ctx.today())


class RestInputs(QWidget):
    """The rest kinds' inputs; only those the chosen kind's rules take are shown."""

    changed = Signal()

    def __init__(self, session: Session, family: str | None) -> None:
        super().__init__()
        self.session, self.family = session, family
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.form = form
        self.rest = PeriodRows(session, "rest", rest=True, add_text=_("Add a rest period"), add_keys=ADD_REST_KEYS)
        self.rest.show_issuer(family == INCAPACITY)
        self.rest.add_row()
        self.excluded = PeriodRows(session, "excluded", rest=False, add_text=_("Add a period not counted"),
                                   add_keys=ADD_EXCLUDED_KEYS)
        self.excluded.add_button.setToolTip(with_shortcut(
            _("Detention without conviction, military service, days on allowance, a strike or lock-out: "
              "the year before is extended by them"), ADD_EXCLUDED_KEYS))
        self.exit_date = QLineEdit()
        self.exit_date.setPlaceholderText(_("Blank if still insured (YYYY/MM/DD)"))
        self.multiple = QCheckBox(_("Multiple pregnancy"))
        self.pre_birth_rest_from = QLineEdit()
        self.pre_birth_rest_from.setPlaceholderText(_("Blank: the full pre-birth rest (YYYY/MM/DD)"))
        self.ignored_advice = QCheckBox(_("The doctor's advice was not followed"))
        self.fault_degree = QLineEdit()
        self.fault_degree.setPlaceholderText(_("Blank or 0: no gross fault; e.g. 60"))
        self.intentional = QCheckBox(_("Caused by the insured's intentional act"))
        self.no_certificate = QCheckBox(_("No fit-to-work certificate was given"))
        self.slices = QCheckBox(_("Pay in 10-day slices"))
        self.notice_date = QLineEdit()
        self.notice_date.setPlaceholderText(_("Blank if not given yet (YYYY/MM/DD)"))
        self.public_workplace = QCheckBox(_("A public workplace (its month runs from the 15th)"))
        self.first_marriage = QCheckBox(_("First marriage"))
        self.first_marriage.setChecked(True)
        # the insurance status: the registry's of the claim's day unless the clerk names one
        self.coverage = QComboBox()
        self.coverage.addItem(_("As in the registry"), "")
        for code in coverage_codes(session):
            self.coverage.addItem(_(COVERAGE_LABELS.get(code, code)), code)
        self.premium_debt = QLineEdit()
        self.premium_debt.setPlaceholderText(_("Self-employed (4/1-b): premium debts still owed; blank or 0: none"))
        self.widgets: dict[str, QWidget] = {
            "multiple": self.multiple, "pre_birth_rest_from": self.pre_birth_rest_from, "rest": self.rest,
            "exit_date": self.exit_date, "ignored_advice": self.ignored_advice, "fault_degree": self.fault_degree,
            "intentional": self.intentional, "no_certificate": self.no_certificate, "slices": self.slices,
            "notice_date": self.notice_date, "public_workplace": self.public_workplace, "excluded": self.excluded,
            "first_marriage": self.first_marriage, "coverage": self.coverage, "premium_debt": self.premium_debt}
        labels = {"rest": _("Rest periods"), "exit_date": _("Left insured work on"),
                  "pre_birth_rest_from": _("Pre-birth rest began on"), "fault_degree": _("Degree of gross fault (%)"),
                  "notice_date": _("Employer's notice given on"), "coverage": _("Insurance status"),
                  "premium_debt": _("Premium debts owed"),
                  "excluded": _("Periods not counted")}
        add_field_rows(form, self.widgets, labels, self._changed)
        self.show_kind("")

    def install_shortcuts(self, page: QWidget) -> None:
        """The keys that add rows work anywhere on the page (when the list is shown)."""
        for keys, rows in ((ADD_REST_KEYS, self.rest), (ADD_EXCLUDED_KEYS, self.excluded)):
            shortcut = QShortcut(QKeySequence(keys), page, lambda rows=rows: self._add(rows))
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _add(self, rows: PeriodRows) -> None:
        if self.form.isRowVisible(rows) and not self.isHidden():
            rows.add_row(focus=True)

    def _changed(self, *_args: object) -> None:
        self.changed.emit()

    def shown(self, kind: str) -> tuple[str, ...]:
        return INPUTS.get((self.family or "", kind), ())

    def show_kind(self, kind: str) -> None:
        mine = self.shown(kind)
        for name, widget in self.widgets.items():
            self.form.setRowVisible(widget, name in mine)
        self.setVisible(bool(mine))
        self.clear_marks()

    def values(self, kind: str, first_day: str | None) -> dict[str, Any]:
        """The kind's inputs as the case takes them; :class:`BenefitInputError` (with ``field``)
        for a value that cannot be read."""
        out: dict[str, Any] = {}
        for name in self.shown(kind):
            widget = self.widgets[name]
            if name == "no_certificate":
                out["fit_certificate"] = not self.no_certificate.isChecked()
            elif name == "coverage":  # blank: the service takes the registry's (pack table insurance_statuses)
                if self.coverage.currentData():
                    out[name] = self.coverage.currentData()
            elif name == "premium_debt":
                debt = read_number(self.session, name, self.premium_debt.text())
                if debt is not None:
                    out[name] = debt
            elif isinstance(widget, PeriodRows):
                periods = widget.values(first_day)
                if periods or name == "rest":
                    out[name] = periods
            elif isinstance(widget, QCheckBox):
                out[name] = widget.isChecked()
            elif name == "fault_degree":
                degree = read_number(self.session, name, self.fault_degree.text())
                if degree is not None:
                    out[name] = degree
            elif isinstance(widget, QLineEdit):
                day = read_date(self.session, name, widget.text())
                if day is not None:
                    out[name] = day
        return out

    def show_registry_coverage(self, trace: list[dict[str, Any]]) -> None:
        """The status the registry gave the case, named on the combo's first entry (prefilled)."""
        taken = next((s["value"] for s in trace if s.get("kind") == "input" and s.get("name") == "insurance_status"), "")
        label = _(COVERAGE_LABELS.get(taken, taken)) if taken else ""
        self.coverage.setItemText(0, _("As in the registry: {status}").format(status=label) if label
                                  else _("As in the registry"))

    def focus(self, exc: BaseException) -> bool:
        """Mark and focus the input a typed error names; False when it names none of these."""
        name = getattr(exc, "field", None) if isinstance(exc, FieldError) else None
        widget = self.widgets.get("no_certificate" if name == "fit_certificate" else str(name))
        if widget is None or not self.form.isRowVisible(widget) or self.isHidden():
            return False
        if isinstance(widget, PeriodRows):
            widget.focus(str(exc))
            return True
        mark_field(widget, str(exc))
        if not isinstance(widget, QLineEdit) or widget.text().strip():
            widget.setFocus()
        return True

    def clear_marks(self) -> None:
        for widget in self.widgets.values():
            if isinstance(widget, PeriodRows):
                widget.clear_marks()
            else:
                mark_field(widget, None)

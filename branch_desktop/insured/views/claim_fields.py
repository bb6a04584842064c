"""The new-claim form's inputs of the one-off allowances and reimbursements (``rules/allowances``):
each kind shows only its own fields (tr_sgk: the nursing allowance's exit date, the marriage
allowance's survivor income, the funeral allowance's cause and premium days; ir_sso: the travel
costs, the medical aid and its last purchase, the amputation's degree). The fields carry the names
of the ``benefit compute`` contract, so a typed error's ``field`` finds its input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import N_
from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import mark_field
from branch_desktop.insured.exceptions import BenefitInputError, FieldError
from branch_desktop.insured.rules.cases import ALLOWANCES

# the kind's own fields, in the order shown (names of the ``benefit compute`` contract)
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "nursing": ("exit_date",),
    "marriage": ("relation", "monthly_income"),
    "funeral": ("cause", "receiving_income", "long_term_premium_days"),
    "travel": ("referred", "cost"),
    "prosthesis": ("item", "cost", "last_same_item"),
    "amputation": ("degree",),
}
# what the form's first date is for each of these kinds
START_LABELS = {"nursing": N_("Date of birth"), "marriage": N_("Date of marriage"), "funeral": N_("Date of death"),
                "travel": N_("Date of the journey"), "prosthesis": N_("Date of purchase"),
                "amputation": N_("Date of the accident")}
ITEM_LABELS = {"glasses": N_("Glasses"), "contact_lens": N_("Contact lenses"), "hearing_aid": N_("Hearing aid"),
               "wheelchair": N_("Wheelchair"), "artificial_eye": N_("Artificial eye"),
               "artificial_limb": N_("Artificial limb")}
CAUSE_LABELS = {"work_accident": N_("Work accident"), "occupational_disease": N_("Occupational disease"),
                "other": N_("Another cause")}


def add_field_rows(form: QFormLayout, widgets: dict[str, QWidget], labels: dict[str, str],
                   changed: Callable[..., None]) -> None:
    """One row per input (under its label, if any), each input's own change signal connected."""
    for name, widget in widgets.items():
        form.addRow(labels.get(name, ""), widget)
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(changed)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(changed)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(changed)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(changed)
        elif hasattr(widget, "changed"):  # a composite input (a list of rows)
            widget.changed.connect(changed)


def read_date(session: Session, name: str, text: str) -> str | None:
    """A date typed in the pack's calendar as the case takes it (``YYYY-MM-DD``); None when blank;
    :class:`BenefitInputError` naming ``name`` when it cannot be read."""
    if not text.strip():
        return None
    return _read(name, lambda: session.ctx.pack.calendar.format(session.parse_date(text)).replace("/", "-"))


def read_number(session: Session, name: str, text: str) -> str | None:
    """A number typed in the user's locale as a plain decimal string; None when blank (the rules
    take none as nothing: the claim shows as refused until it is typed)."""
    if not text.strip():
        return None
    return _read(name, lambda: format(session.parse_number(text), "f"))


def _read(name: str, read: Callable[[], str]) -> str:
    try:
        return read()
    except FieldError:
        raise
    except DomainError as exc:
        raise BenefitInputError(exc.template, field=name, **exc.params) from None


class KindFields(QWidget):
    """The rows of the chosen kind's own fields; ``values(kind)`` reads them as the rules take them."""

    changed = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        s = session
        tables = set(s.ctx.pack.table_names())
        self.kinds = {k for table, kinds in ALLOWANCES.items() if table in tables for k in kinds}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.form = form
        self.exit_date = QLineEdit()
        self.exit_date.setPlaceholderText(_("Blank if still insured (YYYY/MM/DD)"))
        self.relation = QCheckBox(_("A daughter receiving a survivor income"))
        self.monthly_income = QLineEdit()
        self.monthly_income.setPlaceholderText(_("The survivor income she receives each month"))
        self.cause = QComboBox()
        for cause, label in CAUSE_LABELS.items():
            self.cause.addItem(_(label), cause)
        self.receiving_income = QCheckBox(_("The deceased received an income or a pension"))
        self.long_term_premium_days = QSpinBox()
        self.long_term_premium_days.setRange(0, 20_000)
        self.referred = QCheckBox(_("Referred to another town for treatment (approved)"))
        self.cost = QLineEdit()
        self.cost.setPlaceholderText(_("The documented cost"))
        self.item = QComboBox()
        if "benefit_reimbursements" in tables:
            for row in s.ctx.pack.table("benefit_reimbursements", s.ctx.today()):
                if row.get("kind") == "prosthesis":
                    self.item.addItem(_(ITEM_LABELS.get(row["item"], row["item"])), row["item"])
        self.last_same_item = QLineEdit()
        self.last_same_item.setPlaceholderText(_("Blank if never paid (YYYY/MM/DD)"))
        self.degree = QLineEdit()
        self.degree.setPlaceholderText(_("Percentage of capacity lost, e.g. 20"))
        self.widgets: dict[str, QWidget] = {
            "exit_date": self.exit_date, "relation": self.relation, "monthly_income": self.monthly_income,
            "cause": self.cause, "receiving_income": self.receiving_income,
            "long_term_premium_days": self.long_term_premium_days, "referred": self.referred, "cost": self.cost,
            "item": self.item, "last_same_item": self.last_same_item, "degree": self.degree}
        labels = {"exit_date": _("Left insured work on"), "monthly_income": _("Survivor income a month"),
                  "cause": _("Cause of death"), "long_term_premium_days": _("Long-term premium days"),
                  "cost": _("Cost"), "item": _("Medical aid"), "last_same_item": _("Same aid last paid on"),
                  "degree": _("Degree of loss (%)")}
        add_field_rows(form, self.widgets, labels, self._changed)
        self.show_kind("")

    def _changed(self, *_args: object) -> None:
        self.changed.emit()

    def show_kind(self, kind: str) -> None:
        """Only the kind's own rows are shown (none for a kind of another rule family)."""
        mine = KIND_FIELDS.get(kind, ()) if kind in self.kinds else ()
        for name, widget in self.widgets.items():
            self.form.setRowVisible(widget, name in mine)
        self.setVisible(bool(mine))
        self.clear_marks()

    def start_label(self, kind: str) -> str | None:
        """What the form's first date means for this kind (None: the first day of the benefit)."""
        return _(START_LABELS[kind]) if kind in self.kinds and kind in START_LABELS else None

    def values(self, kind: str) -> dict[str, Any]:
        """The kind's fields as the case takes them; :class:`BenefitInputError` (with ``field``) for
        a value that cannot be read."""
        if kind not in self.kinds:
            return {}
        out: dict[str, Any] = {}
        for name in KIND_FIELDS.get(kind, ()):
            widget = self.widgets[name]
            if isinstance(widget, QCheckBox):
                out[name] = widget.isChecked()
            elif isinstance(widget, QSpinBox):
                out[name] = widget.value()
            elif isinstance(widget, QComboBox):
                out[name] = str(widget.currentData() or "")
            elif name in ("exit_date", "last_same_item"):
                out[name] = read_date(self.session, name, widget.text())  # type: ignore[attr-defined]
            else:
                out[name] = read_number(self.session, name, widget.text())  # type: ignore[attr-defined]
        if kind == "marriage":
            out["relation"] = "daughter" if out["relation"] else ""
        return {k: v for k, v in out.items() if v is not None}

    def focus(self, exc: BaseException) -> bool:
        """Mark and focus the field a typed error names; False when it names none of these."""
        name = getattr(exc, "field", None) if isinstance(exc, FieldError) else None
        widget = self.widgets.get(str(name))
        if widget is None or not self.form.isRowVisible(widget):
            return False
        mark_field(widget, str(exc))
        widget.setFocus()
        return True

    def clear_marks(self) -> None:
        for widget in self.widgets.values():
            mark_field(widget, None)


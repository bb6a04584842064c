"""Claims: a new-claim form that shows the computed amount and the trace as the clerk types, and
the unit head's approval queue with the decision letter."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import N_, current_language
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.security import Actor
from branch_desktop.gui.list_model import ListColumn, ListTableModel
from branch_desktop.gui.operations import INSURED, LEDGER, read, watch, write
from branch_desktop.gui.pdf_preview import preview_pdf
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import ask_reason, mark_field, message_label, set_message, show_only_if
from branch_desktop.insured import services
from branch_desktop.insured.documents import decision_letter_pdf
from branch_desktop.insured.exceptions import BenefitInputError, FieldError
from branch_desktop.insured.rules.cases import FAMILIES
from branch_desktop.insured.trace_text import TraceText
from branch_desktop.insured.types import ClaimView
from branch_desktop.insured.views.claim_fields import KindFields
from branch_desktop.insured.views.claim_inputs import WAGE, RestInputs
from branch_desktop.insured.views.registry import table

COMPUTE_DELAY_MS = 250


class ClaimsPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        s = session
        self.person_id: int | None = None
        from branch_desktop.core.i18n import format_number

        self.reader = TraceText(gettext=_, digits=s.digits, date=s.date, number=lambda v: format_number(v, s.lang),
                                calendar=s.ctx.pack.calendar, lang=s.lang)
        layout = QVBoxLayout(self)
        split = QSplitter()

        form_box = QGroupBox(_("New claim"))
        form = QFormLayout(form_box)
        self.national_id = QLineEdit()
        self.national_id.setPlaceholderText(_("National id of the insured person"))
        self.person_label = QLabel(_("No person chosen."))
        self.kind = QComboBox()
        tables = set(s.ctx.pack.table_names())
        family: tuple[str | None, tuple[str, ...]] = next(((t, k) for t, k in FAMILIES if t in tables), (None, ()))
        self.family, kinds = family
        for kind in kinds:
            if kind != "gss_income_test":
                self.kind.addItem(self.reader.kind(kind), kind)
        self.start = QLineEdit()
        self.start.setPlaceholderText(_("First day (YYYY/MM/DD)"))
        self.dependents = QSpinBox()
        self.dependents.setRange(0, 20)
        form.addRow(_("National id"), self.national_id)
        form.addRow("", self.person_label)
        form.addRow(_("Benefit"), self.kind)
        form.addRow(_("First day"), self.start)
        form.addRow(_("Dependants"), self.dependents)
        self.inputs = RestInputs(s, self.family)  # the rest kinds' periods, reductions and other inputs
        self.inputs.install_shortcuts(self)
        form.addRow(self.inputs)
        self.kind_fields = KindFields(s)  # the one-off allowances' own inputs, per kind
        form.addRow(self.kind_fields)
        self.form = form
        self.result = QLabel(_("Fill in the claim: the amount is computed as you type."))
        self.result.setWordWrap(True)
        form.addRow(self.result)
        self.trace = ListTableModel[dict[str, Any]]([
            ListColumn(N_("Step"), lambda r: self.reader.step(r)[0]),
            ListColumn(N_("Value"), lambda r: self.reader.step(r)[1]),
            ListColumn(N_("Legal source"), lambda r: self.reader.step(r)[2]),
        ], warn=lambda r: r.get("passed") is False)
        form.addRow(table(self.trace))
        self.save_button = QPushButton(_("Register the claim"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        form.addRow(self.save_button)
        split.addWidget(form_box)

        queue_box = QGroupBox(_("Waiting for a decision"))
        q = QVBoxLayout(queue_box)
        self.queue = ListTableModel[ClaimView]([
            ListColumn(N_("Claim"), lambda c: s.digits(c.number)),
            ListColumn(N_("Insured person"), lambda c: c.person_name),
            ListColumn(N_("Benefit"), lambda c: self.reader.kind(c.kind)),
            ListColumn(N_("Amount"), lambda c: s.money(s.ctx.pack.currency.to_minor(c.amount)), number=True),
            ListColumn(N_("Prepared by"), lambda c: c.prepared_by),
        ], warn=lambda c: not c.eligible)
        self.queue_view = table(self.queue)
        q.addWidget(self.queue_view, 1)
        self.empty = QLabel(_("No claim is waiting. Register one on the left."))
        q.addWidget(self.empty)
        buttons = QHBoxLayout()
        self.approve_button = QPushButton(_("Approve"))
        self.refuse_button = QPushButton(_("Refuse…"))
        self.letter_button = QPushButton(_("Decision letter…"))
        for b in (self.approve_button, self.refuse_button, self.letter_button):
            buttons.addWidget(b)
        show_only_if(self.approve_button, s.actor.can("insured.decide"))
        show_only_if(self.refuse_button, s.actor.can("insured.decide"))
        self.approve_button.clicked.connect(lambda: self.decide(True, ""))
        self.refuse_button.clicked.connect(self.refuse)
        self.letter_button.clicked.connect(self.letter)
        q.addLayout(buttons)
        split.addWidget(queue_box)
        layout.addWidget(split, 1)
        self.message = message_label()
        layout.addWidget(self.message)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(COMPUTE_DELAY_MS)
        self.timer.timeout.connect(self.compute)
        for w in (self.national_id, self.start):
            w.textChanged.connect(lambda _t: self.timer.start())
        self.kind.currentIndexChanged.connect(lambda _i: self.kind_changed())
        self.kind_fields.changed.connect(self.timer.start)
        self.inputs.changed.connect(self.timer.start)
        self.dependents.valueChanged.connect(lambda _v: self.timer.start())
        self.fields = {"national_id": self.national_id, "start": self.start, "birth": self.start}
        self.last_result: dict[str, Any] | None = None  # what the rules returned for the form as it stands
        watch(self, session, {INSURED}, self.refresh)
        self.kind_changed()
        self.refresh()

    # -- the new claim ------------------------------------------------------------------------
    def kind_changed(self) -> None:
        """The chosen kind's own rows only: the rest kinds' periods and reductions, the
        allowances' fields, the dependants where the pack's rules count them."""
        kind = str(self.kind.currentData())
        own = self.kind_fields.start_label(kind)
        self.kind_fields.show_kind(kind)
        self.inputs.show_kind(kind)
        self.form.setRowVisible(self.dependents, own is None and self.family == WAGE and kind != "funeral")
        label = self.form.labelForField(self.start)
        if isinstance(label, QLabel):
            label.setText(own or (_("Date of birth") if kind == "maternity" else _("First day")))
        self.timer.start()

    def case(self) -> dict[str, Any]:
        """The form as the rules take it; raises BenefitInputError (with ``field``) for a value that
        cannot be read."""
        s = self.session
        kind = str(self.kind.currentData())

        def day(text: str, field: str) -> str:
            try:
                return s.ctx.pack.calendar.format(s.parse_date(text)).replace("/", "-")
            except DomainError as exc:
                raise BenefitInputError(exc.template, field=field, **exc.params) from None

        case: dict[str, Any] = {"kind": kind, "start": day(self.start.text(), "start")}
        if self.form.isRowVisible(self.dependents):
            case["dependents"] = self.dependents.value()
        case.update(self.inputs.values(kind, case["start"]))
        if kind == "maternity":
            case["birth"] = case.pop("start")
        return {**case, **self.kind_fields.values(kind)}

    def show_error(self, exc: BaseException) -> None:
        """The problem under the form, and on the field a typed error names (focused there)."""
        self._show_result(None, str(exc))
        if self.kind_fields.focus(exc) or self.inputs.focus(exc):
            return
        widget = self.fields.get(str(getattr(exc, "field", None))) if isinstance(exc, FieldError) else None
        if widget is not None:
            mark_field(widget, str(exc))
            if widget.text().strip():  # a blank field still to be typed keeps the focus where the clerk is
                widget.setFocus()

    def compute(self) -> None:
        national_id = self.national_id.text().strip()
        for widget in self.fields.values():
            mark_field(widget, None)
        self.kind_fields.clear_marks()
        self.inputs.clear_marks()
        if not national_id or not self.start.text().strip():  # nothing to compute yet: no error either
            self._show_result(None, _("Fill in the claim: the amount is computed as you type."))
            return
        try:
            case = self.case()
        except DomainError as exc:
            self.show_error(exc)
            return

        def run(ctx: BranchContext, actor: Actor) -> tuple[int, str, dict[str, Any]]:
            person = services.find_person(ctx, actor, national_id)
            name = f"{person.first_name} {person.last_name}"
            return person.id, name, services.compute_for_person(ctx, actor, person.id, case)

        read(self.session, run).on_done(lambda r: self._show_result(r, "")).on_error(self.show_error).run(quiet=True)

    def _show_result(self, data: tuple[int, str, dict[str, Any]] | None, error: str) -> None:
        s = self.session
        self.last_result = None if data is None else data[2]
        if data is None:
            self.person_id = None
            self.save_button.setEnabled(False)
            self.trace.set_rows([])
            self.result.setText(error)
            return
        self.person_id, name, result = data
        self.person_label.setText(name)
        self.inputs.show_registry_coverage(result["trace"])
        self.trace.set_rows(result["trace"])
        self.save_button.setEnabled(True)
        if result["eligible"]:
            amount = s.money(s.ctx.pack.currency.to_minor(result["amount"] or "0"))
            self.result.setText(_("Eligible: {amount} for {days} days.").format(
                amount=amount, days=s.digits(str(result.get("days_paid", 0)))))
        else:
            self.result.setText(_("Not eligible: {condition}.").format(
                condition=self.reader.label(result["refusal"]["condition"])))

    def save(self) -> None:
        if self.person_id is None:
            return
        try:
            pid, case = self.person_id, self.case()
        except DomainError as exc:
            self.show_error(exc)
            return
        (write(self.session, {INSURED}, services.prepare_claim, pid, case).on_done(self._saved)
            .on_error(self.show_error).run(label=_("Registering the claim…")))

    def _saved(self, claim: ClaimView) -> None:
        set_message(self.message, _("Claim {number} registered.").format(number=self.session.digits(claim.number)),
                    ok=True)
        self.refresh()

    # -- the queue ----------------------------------------------------------------------------
    def refresh(self) -> None:
        read(self.session, services.claim_queue).on_done(self._queued).run(quiet=True)

    def _queued(self, claims: list[ClaimView]) -> None:
        self.queue.set_rows(claims)
        self.empty.setVisible(not claims)

    def selected(self) -> ClaimView | None:
        return self.queue.row_object(self.queue_view.currentIndex().row())

    def refuse(self) -> None:
        if self.selected() is not None:
            ask_reason(self, _("Refuse the claim"), _("Why is the claim refused?"), lambda r: self.decide(False, r))

    def decide(self, approve: bool, reason: str) -> None:
        claim = self.selected()
        if claim is None:
            set_message(self.message, _("Choose a claim in the list first."))
            return
        (write(self.session, {INSURED, LEDGER}, services.decide_claim, claim.id, approve=approve, reason=reason)
            .on_done(self._decided).on_error(lambda exc: set_message(self.message, str(exc)))
            .run(label=_("Recording the decision…")))

    def _decided(self, claim: ClaimView) -> None:
        set_message(self.message, _("Decision {number} recorded.").format(
            number=self.session.digits(claim.decision_number)), ok=True)
        self.last_decided = claim
        self.refresh()

    def letter(self) -> None:
        claim = self.selected() or getattr(self, "last_decided", None)
        if claim is None:
            set_message(self.message, _("Choose a claim in the list first."))
            return
        ctx, lang = self.session.ctx, current_language()
        preview_pdf(self, lambda: decision_letter_pdf(claim, ctx.info, lang), _("Benefit decision"),
                    f"decision-{claim.number.replace('/', '-')}.pdf", self.session.runner)


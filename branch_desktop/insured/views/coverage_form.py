"""Record a change of an insured person's insurance status (the pack's statuses: tr_sgk 4/1-a,
4/1-b, 4/1-c) from a day on: the history is append-only, a change is a new row. Opened from the
registry page (Ctrl+Shift+I); Ctrl+S saves, Esc closes."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.operations import INSURED, Op, write
from branch_desktop.gui.session import Session
from branch_desktop.insured import services
from branch_desktop.insured.exceptions import FieldError
from branch_desktop.insured.types import COVERAGE_LABELS, CoverageView, PersonView
from branch_desktop.insured.views.person_form import FieldForm

COVERAGE_KEYS = "Ctrl+Shift+I"


def coverage_text(session: Session, history: list[CoverageView]) -> str:
    """The history as one line, newest first: "Self-employed (4/1-b) from 2025/06/01; ..."."""
    if not history:
        return _("Not recorded")
    return "; ".join(_("{status} from {date}").format(status=_(COVERAGE_LABELS.get(h.coverage, h.coverage)),
                                                      date=session.date(h.effective_from))
                     for h in reversed(history))


class CoverageDialog(FieldForm):
    """The person's status from a day on (the day defaults to today)."""

    def __init__(self, session: Session, parent: QWidget | None, person: PersonView, current: str) -> None:
        super().__init__(session, parent, _("Change the insurance status"))
        self.person = person
        self.form.addRow(_("Name"), QLabel(f"{person.first_name} {person.last_name}"))
        self.coverage = QComboBox()
        self.add("coverage", _("Insurance status"), self.coverage)
        for code in services.pack_coverages(session.ctx.pack, session.ctx.today()):
            self.coverage.addItem(_(COVERAGE_LABELS.get(code, code)), code)
        if current:
            self.coverage.setCurrentIndex(self.coverage.findData(current))
        self.effective_from = QLineEdit()
        self.add("effective_from", _("Takes effect on"), self.effective_from)
        self.effective_from.setText(session.date(session.ctx.today()))
        self.coverage.setFocus()

    def save(self) -> None:
        s, pid = self.session, self.person.id

        def work() -> Op[list[CoverageView]]:
            day = self.date("effective_from")
            if day is None:
                raise FieldError("Give the date the change takes effect.", field="effective_from")
            return write(s, {INSURED}, services.record_coverage, pid, str(self.coverage.currentData() or ""), day)

        self.run(work)

"""The shell's own grids as table models (``gui/list_model.py``): the pack's figures (Reports >
Rates and parameters). Unit-tested without a view (tests/gui/test_grids.py)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from PySide6.QtGui import QColor

from branch_desktop.core.i18n import N_, format_number
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.pack_audit import Figure
from branch_desktop.gui.list_model import ListColumn, ListTableModel
from branch_desktop.gui.session import Session

UNCERTAIN = QColor(255, 243, 205)
# the units of the pack's figures (parameters.csv), read in the interface's language; a currency's
# ISO code (IRR, TRY) is shown as it is
UNIT_LABELS = {
    "ratio": N_("ratio"), "day": N_("day"), "days": N_("days"), "months": N_("months"), "years": N_("years"),
    "points": N_("points"), "unit": N_("unit"), "times": N_("times"), "flag": N_("flag (0 or 1)"),
    "money": N_("money"), "instalments": N_("instalments"), "group": N_("group"), "code": N_("code"),
}


def unit_label(unit: str) -> str:
    return _(UNIT_LABELS[unit]) if unit in UNIT_LABELS else unit


def figure_value(s: Session, f: Figure) -> str:
    if f.kind == "table":
        return s.digits(f.value)
    try:
        return format_number(Decimal(f.value))
    except (InvalidOperation, ValueError):  # pragma: no cover - pack values are numbers
        return f.value


def _uncertain_tip(f: Figure) -> str:
    return _("Uncertain figure: see the note on its source") if f.uncertain else ""


def _source_tip(f: Figure) -> str:
    """The source's tooltip: the pack's note on the figure (the arithmetic behind it, why it is
    uncertain). The notes are pack data written in English, like the citations, and are not
    translated: they stay with the citation, not in a column of their own in a Persian or Turkish
    table."""
    return "\n".join(t for t in (_uncertain_tip(f), f.note) if t)


def _uncertain_color(f: Figure) -> QColor | None:
    return UNCERTAIN if f.uncertain else None


class FiguresModel(ListTableModel[Figure]):
    """The figures in force on a date; an uncertain one tinted, with a tooltip on every cell; the
    pack's note in its source's tooltip."""

    def __init__(self, s: Session) -> None:
        def col(title: str, text: Callable[[Figure], str], number: bool = False,
                tip: Callable[[Figure], str] = _uncertain_tip) -> ListColumn[Figure]:
            return ListColumn(title, text, number=number, tooltip=tip, background=_uncertain_color)

        super().__init__([
            col(N_("Figure"), lambda f: f.name),
            col(N_("Value"), lambda f: figure_value(s, f), number=True),
            col(N_("Unit"), lambda f: unit_label(f.unit)),
            col(N_("Since"), lambda f: s.date(f.since)),
            col(N_("Source"), lambda f: f.source, tip=_source_tip),
        ])

    def row_of(self, name: str) -> int:
        return next((r for r, f in enumerate(self.rows) if f.name == name), -1)

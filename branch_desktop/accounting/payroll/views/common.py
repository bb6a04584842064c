"""Small helpers shared by the payroll pages."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QLabel, QSpinBox, QWidget

from branch_desktop.gui.widgets import set_message


def localise_spin(spin: QSpinBox, lang: str) -> QSpinBox:
    """A spin box showing Persian digits in Persian (no thousands separator)."""
    if lang == "fa":
        locale = QLocale(QLocale.Language.Persian, QLocale.Country.Iran)
        locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
        spin.setLocale(locale)
    return spin


def show_error(label: QLabel, exc: BaseException, fields: dict[str, QWidget]) -> QWidget | None:
    """Show a service's error under a form and put the cursor in the input it concerns (by the
    error's ``field``, never by its text), marked with the ``invalid`` property; returns that
    input, if any."""
    set_message(label, str(exc))
    widget = fields.get(getattr(exc, "field", None) or "")
    for each in fields.values():
        each.setProperty("invalid", each is widget)
    if widget is not None:
        widget.setFocus()
    return widget

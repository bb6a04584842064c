"""Small helpers shared by the payroll pages."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QSpinBox


def localise_spin(spin: QSpinBox, lang: str) -> QSpinBox:
    """A spin box showing Persian digits in Persian (no thousands separator)."""
    if lang == "fa":
        locale = QLocale(QLocale.Language.Persian, QLocale.Country.Iran)
        locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
        spin.setLocale(locale)
    return spin

"""The bundled fonts, registered with ReportLab once per process.

Vazirmatn (SIL Open Font License 1.1, ``resources/fonts/Vazirmatn-OFL.txt``) covers Persian and
Arabic script and also Latin with the Turkish letters (ş ğ ı İ ç ö ü), so one family serves
every language pack and mixed text never needs a font switch.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from branch_desktop.paths import fonts_dir

REGULAR = "Vazirmatn"
BOLD = "Vazirmatn-Bold"

FONT_FILES = {
    REGULAR: "Vazirmatn-Regular.ttf",
    BOLD: "Vazirmatn-Bold.ttf",
}
LICENCE_FILE = "Vazirmatn-OFL.txt"

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the bundled fonts with ReportLab (idempotent, thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        folder = fonts_dir()
        for name, filename in FONT_FILES.items():
            path = folder / filename
            if not path.exists():
                raise FileNotFoundError(f"bundled font missing: {path}")
            pdfmetrics.registerFont(TTFont(name, str(path)))
        # <b> in ReportLab markup, and the family name, map onto the bold face.
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
        _registered = True


def font_name(bold: bool = False) -> str:
    register_fonts()
    return BOLD if bold else REGULAR

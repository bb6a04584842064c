"""Room above the line for accented capitals.

Qt sizes a line of text to the font's ascent plus descent and cuts off what is drawn outside: in
DejaVu Sans (the desktop's "Sans Serif") the dots of Ö Ü İ Ğ rise two pixels above the ascent, so a
bare label read "Odeme emirleri". :func:`make_room` gives every label that much padding on top (an
application style sheet).

Not done here: an unselected tab still loses the dots ("Işverenler"). A style sheet rule for
``QTabBar::tab`` turns every tab into a flat style-sheet tab, and a Python ``QProxyStyle`` drawing
the item texts in a taller rect crashes the interpreter in the end (PySide6 loses a reference to
None on each call made from inside that override; measured: -3 per label and tab drawn)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

# the accented capitals of the languages (Turkish, French-style circumflexes, Persian alef with hamza
# or madda): the tallest letters a heading may start with
TALL_LETTERS = "ÂÇĞİÖŞÜÊÎÔÛآأإ"


def label_headroom(font: QFont) -> int:
    """How many pixels the tallest letter of :data:`TALL_LETTERS` rises above ``font``'s ascent."""
    metrics = QFontMetrics(font)
    return max(0, max(-metrics.tightBoundingRect(c).top() for c in TALL_LETTERS) - metrics.ascent())


def make_room(app: QApplication) -> int:
    """Fit labels to the application's font (call after each font change); the headroom in pixels."""
    room = label_headroom(app.font())
    app.setStyleSheet(f"QLabel {{ padding-top: {room}px; }}" if room else "")
    return room

"""Room above the line for accented capitals.

Qt sizes a line of text to the font's ascent plus descent and cuts off what is drawn outside: in
DejaVu Sans (the desktop's "Sans Serif") the dots of Ö Ü İ Ğ rise two pixels above the ascent, so a
bare label read "Odeme emirleri" and an unselected tab "Işverenler". :func:`make_room` gives every
label that much padding on top (an application style sheet) and makes the style draw a centred
item text (tab, button, check box) in a rect grown by as much above and below, so nothing is cut
off. (A style sheet rule for ``QTabBar::tab`` would turn every tab into a flat style-sheet tab.)

The style is a Python ``QProxyStyle``: PySide6 6.12.0 lost a reference to None on each call of such
an override and the process died of it; pyproject.toml excludes that release and
``tests/gui/test_pyside_refcounts.py`` fails on any binding with the same fault."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle

# the accented capitals of the languages (Turkish, French-style circumflexes, Persian alef with hamza
# or madda): the tallest letters a heading may start with
TALL_LETTERS = "ÂÇĞİÖŞÜÊÎÔÛآأإ"


def label_headroom(font: QFont) -> int:
    """How many pixels the tallest letter of :data:`TALL_LETTERS` rises above ``font``'s ascent."""
    metrics = QFontMetrics(font)
    return max(0, max(-metrics.tightBoundingRect(c).top() for c in TALL_LETTERS) - metrics.ascent())


_CENTRED = Qt.AlignmentFlag.AlignVCenter.value


class TextRoomStyle(QProxyStyle):
    """The application's style, drawing a vertically centred item text (a tab's, a button's, a
    label's) in a rect ``room`` pixels taller at both ends: the text stays where it was, only the
    clip grows. A text aligned to the top (a group box's title) is left as it is: a taller rect would
    move it up by ``room`` and cut its dots at the top ("1. Işveren")."""

    room = 0

    def drawItemText(self, painter: QPainter, rect: QRect, flags: int,  # noqa: N802 - Qt's name
                     pal: QPalette | Qt.GlobalColor | QColor, enabled: bool, text: str, /,
                     textRole: QPalette.ColorRole = QPalette.ColorRole.NoRole) -> None:  # noqa: N803
        room = self.room
        if room and int(flags) & _CENTRED:
            rect = rect.adjusted(0, -room, 0, room)
        super().drawItemText(painter, rect, flags, pal, enabled, text, textRole)


_style: TextRoomStyle | None = None  # made once, owned by the application (its style() gives back no Python subclass)


def make_room(app: QApplication) -> int:
    """Fit labels and item texts to the application's font (call after each font change); the
    headroom in pixels."""
    global _style
    room = label_headroom(app.font())
    if _style is None:
        _style = TextRoomStyle()
        app.setStyle(_style)
    _style.room = room
    app.setStyleSheet(f"QLabel {{ padding-top: {room}px; }}" if room else "")
    return room

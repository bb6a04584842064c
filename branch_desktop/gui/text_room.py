"""Room above the line for accented capitals.

Qt sizes a line of text to the font's ascent plus descent and cuts off what is drawn outside: in
DejaVu Sans (the desktop's "Sans Serif") the dots of Ö Ü İ Ğ rise two pixels above the ascent, so a
bare label read "Odeme emirleri" and an unselected tab "Işverenler". :func:`make_room` gives every
label that much padding on top and makes the style draw an item's text (tab, button, heading, check
box, group title) in a rect grown by as much above and below, so nothing is cut off."""

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


class TextRoomStyle(QProxyStyle):
    """The application's style, drawing an item's text in a rect ``room`` pixels taller at both
    ends (the text stays where it was, centred; only the clip grows)."""

    room = 0

    def drawItemText(self, painter: QPainter, rect: QRect, flags: int,  # noqa: N802
                     pal: QPalette | Qt.GlobalColor | QColor, enabled: bool, text: str, /,
                     textRole: QPalette.ColorRole = QPalette.ColorRole.NoRole) -> None:  # noqa: N803
        room = self.room
        super().drawItemText(painter, rect.adjusted(0, -room, 0, room) if room else rect, flags, pal, enabled,
                             text, textRole)


_style: TextRoomStyle | None = None


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

"""The dashboard's charts as vector graphics for the printed reports (ReportLab graphics shapes,
labels drawn with the printing module's shaped text so Persian reads right). Drawn from the same
``Series`` the screen draws, so paper and screen agree; categories run right to left in Persian.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, Wedge
from reportlab.lib import colors
from reportlab.platypus import Flowable

from branch_desktop.printing.fonts import font_name
from branch_desktop.printing.text import TextStyle, draw_text
from branch_desktop.reports.labels import Writer
from branch_desktop.reports.types import Series

PALETTE = (colors.HexColor("#4E79A7"), colors.HexColor("#F28E2B"), colors.HexColor("#59A14F"),
           colors.HexColor("#E15759"), colors.HexColor("#76B7B2"), colors.HexColor("#EDC948"))
LEFT, BOTTOM, TOP, RIGHT = 46.0, 26.0, 30.0, 8.0  # plot margins (points)


def nice_max(value: int) -> int:
    """A round axis maximum at or above ``value`` (1, 2 or 5 times a power of ten)."""
    if value <= 0:
        return 1
    power = 1
    while power * 10 <= value:
        power *= 10
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def drawing(series: Series, width: float, height: float, rtl: bool) -> tuple[Drawing, list[int]]:
    """The chart's shapes (bars, line, wedges) without text, and the values the shapes stand for
    in drawing order (what the tests compare with the screen's data)."""
    d = Drawing(width, height)
    plotted: list[int] = []
    if not series.values or not series.categories:
        return d, plotted
    if series.kind == "pie":
        values = series.values[0][1]
        total = sum(v for v in values if v > 0)
        cx, cy, r = width / 2, (height - TOP) / 2, min(width, height - TOP) / 2 - 6
        angle = 90.0
        for i, v in enumerate(values):
            if v <= 0 or not total:
                continue
            sweep = 360.0 * v / total
            start, end = (angle, angle + sweep) if rtl else (angle - sweep, angle)
            d.add(Wedge(cx, cy, r, start, end, fillColor=PALETTE[i % len(PALETTE)], strokeColor=colors.white))
            plotted.append(v)
            angle = end if rtl else start
        return d, plotted
    top = nice_max(max(max(vals) for _n, vals in series.values))
    plot_w, plot_h = width - LEFT - RIGHT, height - BOTTOM - TOP
    d.add(Line(LEFT, BOTTOM, LEFT + plot_w, BOTTOM, strokeColor=colors.grey, strokeWidth=0.5))
    for k in range(1, 5):
        y = BOTTOM + plot_h * k / 4
        d.add(Line(LEFT, y, LEFT + plot_w, y, strokeColor=colors.lightgrey, strokeWidth=0.3))
    n = len(series.categories)
    slot = plot_w / n

    def x_of(i: int) -> float:
        return LEFT + slot * ((n - 1 - i) if rtl else i)

    if series.kind == "line":
        for s, (_name, vals) in enumerate(series.values):
            points: list[float] = []
            for i, v in enumerate(vals):
                points += [x_of(i) + slot / 2, BOTTOM + plot_h * v / top]
                plotted.append(v)
            d.add(PolyLine(points, strokeColor=PALETTE[s % len(PALETTE)], strokeWidth=1.2))
        return d, plotted
    groups = len(series.values)
    bar = slot * 0.8 / groups
    for s, (_name, vals) in enumerate(series.values):
        for i, v in enumerate(vals):
            offset = (groups - 1 - s) if rtl else s
            x = x_of(i) + slot * 0.1 + bar * offset
            d.add(Rect(x, BOTTOM, bar, plot_h * max(v, 0) / top, fillColor=PALETTE[s % len(PALETTE)],
                       strokeColor=None))
            plotted.append(v)
    return d, plotted


class ChartFlowable(Flowable):
    """A chart with its title, axis figures, category labels and legend in the document's language."""

    def __init__(self, series: Series, writer: Writer, money: Any, width: float, height: float, rtl: bool) -> None:
        super().__init__()
        self.series = series
        self.writer = writer
        self.money = money  # minor units -> text
        self.width = width
        self.height = height
        self.rtl = rtl
        self.shapes, self.plotted = drawing(series, width, height, rtl)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        renderPDF.draw(self.shapes, canv, 0, 0)
        w = self.writer
        style = TextStyle(font=font_name(), size=6.5, rtl=self.rtl)
        title = TextStyle(font=font_name(bold=True), size=8.5, rtl=self.rtl)
        s = self.series
        draw_text(canv, self.width - 2 if self.rtl else 2, self.height - 10, w._(s.title), title,
                  anchor="right" if self.rtl else "left")
        if not s.values or not s.categories:
            draw_text(canv, self.width / 2, self.height / 2, w._("no data"), style, anchor="center")
            return
        x = 2.0 if self.rtl else self.width - 2  # the legend: one row under the title, at the end side
        for i, (name, _vals) in enumerate(s.values if s.kind != "pie" else ()):
            canv.setFillColor(PALETTE[i % len(PALETTE)])
            y = self.height - 22
            label = w._(name)
            if self.rtl:
                canv.rect(x, y, 6, 6, stroke=0, fill=1)
                x += 9 + draw_text(canv, x + 9, y, label, style, anchor="left") + 8
            else:
                canv.rect(x - 6, y, 6, 6, stroke=0, fill=1)
                x -= 9 + draw_text(canv, x - 9, y, label, style, anchor="right") + 8
        if s.kind == "pie":
            values = s.values[0][1]
            for i, (cat, v) in enumerate(zip(s.categories, values, strict=True)):
                y = self.height - 22 - 9 * i
                canv.setFillColor(PALETTE[i % len(PALETTE)])
                canv.rect(2 if not self.rtl else self.width - 8, y, 6, 6, stroke=0, fill=1)
                text = f"{w.category(s, cat)}: {self.money(v)}"
                if self.rtl:
                    draw_text(canv, self.width - 11, y, text, style, anchor="right")
                else:
                    draw_text(canv, 11, y, text, style, anchor="left")
            return
        top = nice_max(max(max(vals) for _n, vals in s.values))
        plot_h = self.height - BOTTOM - TOP
        for k in range(0, 5):
            draw_text(canv, LEFT - 3, BOTTOM + plot_h * k / 4 - 2, self.money(top * k // 4), style, anchor="right")
        n = len(s.categories)
        slot = (self.width - LEFT - RIGHT) / n
        every = max(1, -(-n // 7))  # at most seven labels
        for i, cat in enumerate(s.categories):
            if i % every:
                continue
            x = LEFT + slot * (((n - 1 - i) if self.rtl else i) + 0.5)
            draw_text(canv, x, BOTTOM - 9, w.category(s, cat, short=True), style, anchor="center")

"""The manager's dashboard (the manager's first page): tiles with value, target and period that
open the page behind them, and four charts (QtCharts) drawn from the same series as the monthly
branch report's. The data is read on the task runner; charts follow the language's direction
(categories right to left, value axis on the right in Persian) and digits."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.i18n import current_language, format_number, is_rtl
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.money import Currency
from branch_desktop.gui.operations import (
    BANK,
    DECLARATIONS,
    EXECUTION,
    INSURED,
    LEDGER,
    RECEIPTS,
    read,
    watch,
)
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import message_label, set_message
from branch_desktop.reports import services
from branch_desktop.reports.labels import Writer
from branch_desktop.reports.types import NO_DATA, Dashboard, Series, Tile

TILE_COLUMNS = 4


class TileButton(QPushButton):
    """One figure: title, value, target and period; a click opens the page behind it."""

    def __init__(self, tile: Tile, text: str) -> None:
        super().__init__(text)
        self.tile = tile
        self.setMinimumHeight(74)
        colour = "#e8f5e9" if tile.ok else "#fdecea" if tile.ok is False else "#f4f6f8"
        self.setStyleSheet(f"QPushButton {{ background: {colour}; border: 1px solid #c9d1d9; border-radius: 6px;"
                           " padding: 6px; text-align: center; }")


class DashboardPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.data: Dashboard | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Month")))
        self.month = QLineEdit(session.period(session.today_period()))
        self.month.returnPressed.connect(self.refresh)
        top.addWidget(self.month)
        show = QPushButton(_("Show"))
        show.clicked.connect(self.refresh)
        top.addWidget(show)
        top.addStretch(1)
        layout.addLayout(top)
        self.message = message_label()
        layout.addWidget(self.message)
        self.tiles_box = QGridLayout()
        layout.addLayout(self.tiles_box)
        charts = QGridLayout()
        self.chart_views: list[QChartView] = []
        for i in range(4):
            view = QChartView()
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(200)
            self.chart_views.append(view)
            charts.addWidget(view, i // 2, i % 2)
        layout.addLayout(charts, 1)
        self.tiles: list[TileButton] = []
        # every figure on a tile or a chart comes from one of these
        watch(self, session, {RECEIPTS, LEDGER, BANK, INSURED, EXECUTION, DECLARATIONS}, self.refresh)
        self.refresh()

    def refresh(self) -> None:
        try:
            ym = services.parse_month(self.session.ctx, self.month.text())
        except Exception as exc:  # BadMonth
            set_message(self.message, str(exc))
            return
        set_message(self.message, "")
        read(self.session, services.dashboard, ym).on_done(self.show_data).on_error(
            lambda exc: set_message(self.message, str(exc))).run(quiet=True)

    # -- tiles -------------------------------------------------------------------------------
    def tile_text(self, t: Tile) -> str:
        s = self.session
        w = Writer(s.lang, s.ctx.pack.calendar)
        if t.value is None:
            value = _(NO_DATA)
        elif t.kind == "money":
            value = s.money(int(t.value))
        elif t.kind == "percent":
            value = w.percent(format_number(t.value, s.lang, decimals=2))
        else:
            value = format_number(t.value, s.lang)
        lines = [_(t.title), value]
        if t.target is not None:
            target = format_number(t.target, s.lang)
            lines.append(_("Target: {target}").format(target=w.percent(target) if t.kind == "percent" else target))
        if t.value is None and t.note:
            lines.append(_(t.note))
        lines.append(w.period(t.period))
        return "\n".join(lines)

    def show_data(self, data: Dashboard) -> None:
        self.data = data
        for b in self.tiles:
            b.setParent(None)
            b.deleteLater()
        self.tiles = []
        for i, t in enumerate(data.tiles):
            b = TileButton(t, self.tile_text(t))
            b.clicked.connect(lambda _c=False, key=t.page: self.session.open_page(key))
            self.tiles_box.addWidget(b, i // TILE_COLUMNS, i % TILE_COLUMNS)
            self.tiles.append(b)
        for view, series in zip(self.chart_views, data.charts, strict=False):
            view.setChart(build_chart(series, self.session, current_language()))

    def tile(self, key: str) -> TileButton:
        return next(b for b in self.tiles if b.tile.key == key)


def chart_value(minor: int, currency: Currency) -> float:
    """An amount in minor units as a float for QtCharts' geometry only (a bar's height, a point, a
    slice's share), the one place money becomes a float. What is shown of an amount (a slice's label,
    the tiles) stays Decimal and minor units (``session.money``); the value axis's labels are
    QtCharts' own, whole units."""
    return float(currency.from_minor(minor))


def build_chart(series: Series, session: Session, lang: str) -> QChart:
    """A QChart of the series: grouped bars, a line, or a pie, in the language's direction."""
    w = Writer(lang, session.ctx.pack.calendar)
    rtl = is_rtl(lang)
    chart = QChart()
    chart.setTitle(_(series.title))
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setLocalizeNumbers(True)
    chart.setLocale(QLocale(QLocale.Language.Persian, QLocale.Country.Iran) if lang == "fa"
                    else QLocale(QLocale.Language.Turkish) if lang == "tr" else QLocale(QLocale.Language.English))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    if not series.values or not series.categories:
        chart.setTitle(f"{_(series.title)} — {_(NO_DATA)}")
        return chart
    cur = session.ctx.pack.currency
    if series.kind == "pie":
        pie = QPieSeries()
        for cat, v in zip(series.categories, series.values[0][1], strict=True):
            if v > 0:
                pie.append(f"{w.category(series, cat)}: {session.money(v)}", chart_value(v, cur))
        chart.addSeries(pie)
        return chart
    order = list(range(len(series.categories)))
    if rtl:
        order.reverse()
    # months by the calendar's short names: "MM/YY" was cut to "11/..." at a 1200-pixel window
    labels = [w.month_on_axis(series.categories[i]) if series.key == "collection_by_month"
              else w.category(series, series.categories[i], short=True) for i in order]
    axis_x: QBarCategoryAxis | QValueAxis
    if series.kind == "line":  # days of the month: a numeric axis, counted from the start side
        days = QValueAxis()
        days.setRange(1, len(order))
        days.setLabelFormat("%.0f")
        days.setTickCount(min(len(order), 7))
        days.setReverse(rtl)
        axis_x = days
    else:
        months = QBarCategoryAxis()
        months.append(labels)
        axis_x = months
    small = QFont(axis_x.labelsFont())
    small.setPointSizeF(max(6.0, small.pointSizeF() - 2))
    axis_x.setLabelsFont(small)
    axis_y = QValueAxis()
    axis_y.setLabelFormat("%.0f")
    # the plot is about 70 pixels high: with QtCharts' 5 ticks a Persian (Vazirmatn, 20-pixel) label
    # had no room between two and every one was drawn "…"
    axis_y.setTickCount(3)
    top = 0.0
    if series.kind == "line":
        for name, values in series.values:
            line = QLineSeries()
            line.setName(_(name))
            for i, value in enumerate(values):
                point = chart_value(value, cur)
                line.append(i + 1, point)
                top = max(top, point)
            chart.addSeries(line)
            _attach(chart, line, axis_x, axis_y, rtl)
    else:
        bars = QBarSeries()
        for name, values in series.values:
            bar_set = QBarSet(_(name))
            for i in order:
                height = chart_value(values[i], cur)
                bar_set.append(height)
                top = max(top, height)
            bars.append(bar_set)
        chart.addSeries(bars)
        _attach(chart, bars, axis_x, axis_y, rtl)
    axis_y.setRange(0, top * 1.1 or 1)
    if top == 0:  # nothing to draw: 0 and 1, not 0, 1, 1, 1 (whole numbers of a 0..1 range)
        axis_y.setTickCount(2)
    return chart


def _attach(chart: QChart, series: QBarSeries | QLineSeries, axis_x: QBarCategoryAxis | QValueAxis, axis_y: QValueAxis,
            rtl: bool) -> None:
    if axis_x not in chart.axes():
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_x)
    series.attachAxis(axis_y)


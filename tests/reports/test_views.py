"""The manager's pages driven offscreen: the dashboard is the manager's home page, its tiles open
the page behind them and its charts carry the service's series; the performance table drills down;
the three-way page shades the variances; both follow a receipt taken elsewhere. Screenshots of the
dashboard in fa and tr go to docs/screenshots when BRANCH_DESKTOP_SCREENSHOTS=1 (otherwise to a
temporary folder)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCharts import QBarCategoryAxis, QBarSeries
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from tests.conftest import PASSWORD, Branch
from tests.qt_fixtures import activate
from tests.reports.test_three_way import plant

SHOTS = (Path(__file__).resolve().parents[2] / "docs" / "screenshots" if os.environ.get("BRANCH_DESKTOP_SCREENSHOTS")
         else Path(tempfile.mkdtemp(prefix="reports-shots-")))


@pytest.fixture
def planted(make_branch: Callable[[str], Branch], monkeypatch: pytest.MonkeyPatch) -> Callable[[str], tuple]:
    from branch_desktop.demo import DEMO_PASSWORD_ENV

    monkeypatch.setenv(DEMO_PASSWORD_ENV, PASSWORD)

    def make(pack: str) -> tuple:
        b = make_branch(pack)
        ym, _known = plant(b, clean=False)
        return b, ym

    return make


@pytest.mark.parametrize(("pack", "lang"), [("ir_sso", "fa"), ("tr_sgk", "tr")])
def test_dashboard_is_home_and_tiles_open_pages(planted, start_shell_on, qtbot, pack: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    b, ym = planted(pack)
    h = start_shell_on(b.ctx, "manager", lang)
    h.wait()
    assert h.window.current_page_key() == "reports.dashboard"
    page = h.window.open_page("reports.dashboard")
    assert page.month.text() == page.session.period(page.session.today_period())  # the language's digits
    page.month.setText(page.session.period(ym))  # typed as it is shown (Persian: ۱۴۰۵/۰۸)
    page.refresh()
    h.wait()
    qtbot.waitUntil(lambda: page.data is not None and page.data.month == ym, timeout=10000)
    assert len(page.tiles) == 7
    assert page.tile("debt").tile.value == 0  # the execution unit's figure: nothing overdue here
    chart = page.chart_views[0].chart()
    bars = next(s for s in chart.series() if isinstance(s, QBarSeries))
    accrued = [bars.barSets()[0].at(i) for i in range(bars.barSets()[0].count())]
    expected = [float(b.ctx.pack.currency.from_minor(v)) for v in page.data.charts[0].values[0][1]]
    assert accrued == (expected[::-1] if lang == "fa" else expected)  # right to left in Persian
    qtbot.wait(50)
    for view in page.chart_views:  # the value axis's labels have room between two ticks (else drawn "…")
        for axis in view.chart().axes(Qt.Orientation.Vertical):
            room = view.chart().plotArea().height() / max(1, axis.tickCount() - 1)
            assert room >= QFontMetrics(axis.labelsFont()).height(), (lang, room)
    activate(h.window)
    h.window.resize(1200, 750)  # the smallest window the pages are made for
    qtbot.wait(200)
    months = next(a for a in page.chart_views[0].chart().axes(Qt.Orientation.Horizontal)
                  if isinstance(a, QBarCategoryAxis))  # each month's label in its column ("11/25" was cut to "11/...")
    room = page.chart_views[0].chart().plotArea().width() / months.count()
    widest = max(QFontMetrics(months.labelsFont()).horizontalAdvance(c) for c in months.categories())
    # QtCharts gives a label a text margin each side (4 pixels) and cuts it to "…" when it has no room
    assert widest + 10 <= room, (lang, room, widest, months.categories())
    img = h.window.grab()
    img.save(str(SHOTS / f"{lang}-dashboard.png"))
    qtbot.mouseClick(page.tile("claims_waiting"), Qt.MouseButton.LeftButton)
    h.wait()
    assert h.window.current_page_key() == "insured.claims"
    perf = h.window.open_page("reports.performance")
    shown = perf.half.text()  # the half in the language's digits (Persian: ۱۴۰۵-H1), read back as typed
    assert shown == perf.session.digits(shown) and (lang != "fa" or shown[0] in "۰۱۲۳۴۵۶۷۸۹")
    perf.refresh()
    h.wait()
    qtbot.waitUntil(lambda: perf.table is not None or bool(perf.message.text()), timeout=10000)
    assert perf.message.text() == "" and perf.table is not None
    assert perf.session.digits(str(perf.table.half)) == shown


def test_performance_and_three_way_pages(planted, start_shell_on, qtbot) -> None:  # type: ignore[no-untyped-def]
    b, ym = planted("tr_sgk")
    h = start_shell_on(b.ctx, "manager", "en")
    page = h.window.open_page("reports.three_way")
    page.month.setText(str(ym))
    page.refresh()
    h.wait()
    qtbot.waitUntil(lambda: page.report is not None, timeout=10000)
    assert page.model.rowCount() == 5 and "Unpaid" in page.summary.text()
    page.view.selectRow(2)
    qtbot.waitUntil(lambda: page.drill.rowCount() >= 1, timeout=5000)
    perf = h.window.open_page("reports.performance")
    perf.half.setText("2026-H2")
    perf.refresh()
    h.wait()
    qtbot.waitUntil(lambda: perf.table is not None and str(perf.table.half) == "2026-H2", timeout=10000)
    perf.view.selectRow(3)  # collection rate: the employers behind it
    qtbot.waitUntil(lambda: perf.drill.rowCount() == 5, timeout=5000)

    # a receipt taken elsewhere: the open performance table recomputes itself; the three-way page,
    # hidden, checks its month again when it is shown (employer 2 now has a receipt)
    from branch_desktop.gui.operations import RECEIPTS, Watch
    from branch_desktop.revenue import services as revenue
    from tests.reports.helpers import day_in
    from tests.reports.test_three_way import _pay

    unpaid = page.model.row_object(1)
    assert unpaid is not None and unpaid.receipted == 0
    perf_watch, page_watch = perf.findChild(Watch), page.findChild(Watch)
    assert perf_watch.refreshes == 0 and page_watch.refreshes == 0
    employer = revenue.search_employers(b.ctx, b.clerk, unpaid.file_no, 1)[0]
    _pay(b, employer.id, 70_000, "S-LATE", day_in(b, ym, 20), ym)
    h.shell.session.notices.announce({RECEIPTS})  # (the change feed may announce it too)
    qtbot.waitUntil(lambda: perf_watch.refreshes >= 1, timeout=5000)
    assert page_watch.refreshes == 0 and page_watch.stale  # not shown: nothing computed yet
    assert h.window.open_page("reports.three_way") is page
    qtbot.waitUntil(lambda: page_watch.refreshes >= 1, timeout=5000)
    qtbot.waitUntil(lambda: next(r for r in page.model.rows if r.file_no == unpaid.file_no).receipted == 70_000,
                    timeout=10000)

"""The dashboard's data and the monthly branch report: the PDF's charts are drawn from the same
series as the screen's (same values, in the same order), in fa, tr and en."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from branch_desktop.printing.base import PrintContext
from branch_desktop.reports import exports, services
from branch_desktop.reports.charts import ChartFlowable
from branch_desktop.reports.monthly import branch_month_csv, branch_month_pdf, branch_month_xlsx, chart_grid
from tests.conftest import Branch
from tests.reports.test_three_way import OVER, plant


@pytest.mark.parametrize(("pack", "lang"), [("ir_sso", "fa"), ("tr_sgk", "tr"), ("tr_sgk", "en")])
def test_branch_month_report(make_branch: Callable[[str], Branch], pack: str, lang: str, tmp_path: object) -> None:
    b = make_branch(pack)
    ym, known = plant(b, clean=False)
    screen = services.dashboard(b.ctx, b.manager, ym)  # what the dashboard page draws
    data = services.branch_month(b.ctx, b.manager, ym)
    # tiles: the month's receipts are the five payments; the overdue and waiting counts are zero
    tiles = {t.key: t for t in screen.tiles}
    receipts = sum(v for _n, vals in screen.charts[1].values for v in vals)
    assert tiles["receipts_month"].value == receipts > known["premium_3"] + OVER
    # the execution unit's figure, the same as its own ageing of the branch
    from branch_desktop.execution import services as execution

    ageing = execution.ageing(b.ctx, b.manager, screen.tiles[0].period and b.ctx.today())
    assert tiles["debt"].value == b.ctx.pack.currency.to_minor(ageing.total) and not tiles["debt"].note
    assert tiles["unreconciled"].value == 0  # the month itself is not counted; none before
    # the paper's charts: the same series, and the shapes stand for the same values
    assert data.dashboard.charts == screen.charts
    ctx = PrintContext.create(b.ctx.info, lang)
    table = chart_grid(ctx, data.dashboard.charts, 500)[0]
    flows = [c for row in table._cellvalues for c in row if isinstance(c, ChartFlowable)]
    by_key = {f.series.key: f for f in flows}
    for series in screen.charts:
        drawn = by_key[series.key].plotted
        expected = [v for _n, vals in series.values for v in vals]
        if series.kind == "pie":
            expected = [v for v in expected if v > 0]
        assert drawn == expected, series.key
    accrued_by_month = dict(zip(screen.charts[0].categories, screen.charts[0].values[0][1], strict=True))
    assert accrued_by_month[str(ym)] == data.accrued > 0
    pdf = branch_month_pdf(data, b.ctx.info, lang)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    (tmp_path / f"month-{lang}.pdf").write_bytes(pdf)  # type: ignore[operator]
    wb = load_workbook(io.BytesIO(branch_month_xlsx(data, lang, b.ctx.pack.currency)))
    assert wb.worksheets[0].sheet_view.rightToLeft is (lang == "fa")
    assert "collection,accrued," in branch_month_csv(data)
    dash = load_workbook(io.BytesIO(exports.dashboard_xlsx(screen, lang, b.ctx.pack.currency)))
    per_day = dash.worksheets[2]
    assert per_day.cell(2, 1).is_date and str(per_day.cell(per_day.max_row, 2).value).startswith("=SUM(")

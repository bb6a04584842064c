"""The health-insurance income test as Excel: incomes and premium typed as amounts, their sum a
formula, the trace on its own sheet."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import load_workbook

from branch_desktop.insured.exports import income_test_xlsx
from branch_desktop.insured.rules.cases import compute_case


def test_income_test_workbook(make_branch) -> None:  # type: ignore[no-untyped-def]
    b = make_branch("tr_sgk")
    household = [{"relation": "self", "monthly_income": "600.00"}, {"relation": "spouse", "monthly_income": "0"}]
    result = compute_case(b.ctx.pack, {"kind": "gss_income_test", "date": "2012-03-01", "household": household})
    wb = load_workbook(io.BytesIO(income_test_xlsx(result, household, b.ctx.info, "tr")))
    ws = wb.worksheets[0]
    assert not ws.sheet_view.rightToLeft and ws.freeze_panes == "A8"
    assert ws.cell(5, 2).value == float(result["premium"]) == 35.46 and ws.cell(5, 2).number_format == "#,##0.00"
    assert isinstance(ws.cell(3, 2).value, (int, float, Decimal))
    assert ws.cell(8, 2).value == 600 and ws.cell(10, 2).value == "=SUM(B8:B9)"
    assert wb.worksheets[1].max_row == len(result["trace"]) + 1

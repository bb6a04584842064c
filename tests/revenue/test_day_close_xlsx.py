"""The counter day close as Excel: receipts typed (amounts as numbers, a void negative), the net
total and the totals by method as formulas, frozen header, right to left in Persian."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from branch_desktop.revenue import services
from branch_desktop.revenue.exports import day_close_xlsx
from branch_desktop.revenue.types import Method, PaymentInput
from tests.conftest import Branch
from tests.revenue.test_services import _declared, slip


@pytest.mark.parametrize("lang", ["fa", "tr"])
def test_day_close_workbook(branch: Branch, lang: str) -> None:
    b = branch
    emp, _ms, _total = _declared(b, months=1)
    r1 = services.take_payment(b.ctx, b.clerk, slip(emp, 1000))
    services.take_payment(b.ctx, b.clerk, PaymentInput(employer_id=emp, amount=500, method=Method.TRANSFER,
                                                       reference="T-1"))
    services.void_receipt(b.ctx, b.clerk, r1.id, "typo")
    summary = services.day_summary(b.ctx, b.clerk)
    wb = load_workbook(io.BytesIO(day_close_xlsx(summary, b.ctx.info, lang)))
    ws = wb.worksheets[0]
    assert ws.sheet_view.rightToLeft is (lang == "fa") and ws.freeze_panes == "A7"
    assert isinstance(ws.cell(1, 2).value, dt.datetime) and ws.cell(1, 2).value.date() == summary.day
    amounts = [ws.cell(r, 7).value for r in range(7, 10)]
    assert all(isinstance(v, (int, float, Decimal)) for v in amounts)
    assert sorted(amounts) == [-1000, 500, 1000]  # the void is negative
    assert ws.cell(10, 7).value == "=SUM(G7:G9)" and ws.cell(7, 7).number_format == "#,##0"
    methods = wb.worksheets[1]
    assert methods.freeze_panes == "A2"
    assert all(str(methods.cell(r, 2).value).startswith("=SUMIF(") for r in range(2, methods.max_row))
    assert methods.cell(methods.max_row, 2).value == f"=SUM(B2:B{methods.max_row - 1})"

"""The shared Excel writer: typed cells, the title rows, totals as formulas, frozen header, widths,
right to left for Persian, and sheet names Excel accepts."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from branch_desktop.core.money import Currency
from branch_desktop.printing.xlsx import Sheet, save, table_xlsx

KINDS = ("text", "date", "money", "number")


def test_a_table_with_title_rows_and_totals() -> None:
    wb, sheet = table_xlsx("Receipts: day/close", "fa", Currency("TRY", 2),
                           heading=[["Day close", dt.date(2026, 11, 24)], ["Owed", Decimal("12.50")]],
                           headings=["Name", "Day", "Amount", "Count"], widths=[30, 12, 16, 8], kinds=KINDS,
                           rows=[["a", dt.date(2026, 11, 1), 1250, 3], ["b", dt.date(2026, 11, 2), Decimal("2.5"), 4]],
                           total="Total")
    empty = Sheet(wb, "Empty", "en", sheet.cur)
    empty.header(["Name", "Amount"], [10, 10])
    empty.totals("Total", ("text", "money"))
    book = load_workbook(io.BytesIO(save(wb)))
    ws = book.worksheets[0]
    assert ws.title == "Receipts- day-close" and ws.sheet_view.rightToLeft
    assert ws.freeze_panes == "A5" and ws.column_dimensions["A"].width == 30
    assert ws["B1"].value == dt.datetime(2026, 11, 24) and ws["B1"].number_format == "yyyy-mm-dd"
    assert ws["B2"].value == 12.5 and ws["B2"].number_format == "#,##0.00"
    assert ws["C5"].value == 12.5 and ws["C6"].value == 2.5 and ws["D5"].value == 3  # minor units to major
    assert ws["B5"].value == dt.datetime(2026, 11, 1) and ws["C5"].number_format == "#,##0.00"
    assert ws["C7"].value == "=SUM(C5:C6)" and ws["D7"].value is None and ws["A7"].font.bold
    assert ws["A4"].font.bold
    other = book.worksheets[1]
    assert not other.sheet_view.rightToLeft and other.max_row == 1  # no rows: no totals row

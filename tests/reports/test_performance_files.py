"""The performance table printed (fa/tr/en) and in Excel: typed cells, formulas, frozen header, RTL."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from branch_desktop.reports import exports, services
from branch_desktop.reports.documents import performance_pdf
from tests.conftest import Branch
from tests.reports.helpers import build_fixed_branch


@pytest.mark.parametrize(("pack", "lang", "words"), [("ir_sso", "fa", ("۶۰", "۲۰")), ("tr_sgk", "tr", ("60,00", "20,0")),
                                                      ("tr_sgk", "en", ("60.00", "20.0"))])
def test_pdf_and_excel(make_branch: Callable[[str], Branch], pack: str, lang: str, words: tuple[str, ...]) -> None:
    b = make_branch(pack)
    fixed = build_fixed_branch(b)
    table = services.performance_table(b.ctx, b.manager, fixed.half)
    pdf = performance_pdf(table, b.ctx.info, lang)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for word in words:
        assert word in text
    if lang == "en":
        assert "no data" in text and "Ankara SGM" in text
    wb = load_workbook(io.BytesIO(exports.performance_xlsx(table, lang, b.ctx.pack.currency)))
    ws = wb.worksheets[0]
    assert ws.sheet_view.rightToLeft is (lang == "fa")
    assert ws.freeze_panes == "A3" and ws.cell(3, 1).value == "1"
    values = {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1)}
    assert ws.cell(values["1"], 5).value == 60.0 and isinstance(ws.cell(values["2.1"], 5).value, str)
    disability = "11 (4/a)" if pack == "tr_sgk" else "11"  # tr_sgk splits rows 9 and 11 by status
    assert ws.cell(values[disability], 5).value == 20.0
    if pack == "tr_sgk":  # the 4/b rows: no 4/b application in the fixed branch
        assert isinstance(ws.cell(values["11 (4/b)"], 5).value, str) and "9 (4/b)" in values
    # the rows behind "collection rate": money as numbers with a SUM formula total
    sheet = next(s for s in wb.worksheets if s.title.startswith("4 "))
    assert sheet.cell(2, 3).value == float(b.ctx.pack.currency.from_minor(fixed.premium))
    assert str(sheet.cell(sheet.max_row, 3).value).startswith("=SUM(C2:C3")
    dates = next(s for s in wb.worksheets if s.title.startswith("9 "))
    assert dates.cell(2, 3).is_date
    assert exports.performance_csv(table, lang).splitlines()[1].startswith("1,insured_growth,8,at_least,percent,60.00")


def test_a_tiles_span_of_months_is_written_as_two_months() -> None:
    """The unreconciled bank months' tile names a span (``2025-10..2026-08``): each end a month of the
    language, in its digits and order, never the raw ISO text."""
    from branch_desktop.core.calendar import Calendar, CalendarKind, YearMonth
    from branch_desktop.reports.labels import Writer

    tr = Writer("tr", Calendar(CalendarKind.GREGORIAN))
    assert tr.period("2025-10..2026-08") == tr.month(YearMonth(2025, 10)) + " \u2013 " + tr.month(YearMonth(2026, 8))
    fa = Writer("fa", Calendar(CalendarKind.JALALI))
    shown = fa.period("1404-10..1405-08")
    assert shown == fa.month(YearMonth(1404, 10)) + " \u2013 " + fa.month(YearMonth(1405, 8))
    assert "-" not in shown.replace(" \u2013 ", "") and "۱۴۰۴" in shown and "1404" not in shown


@pytest.mark.parametrize(("pack", "lang"), [("ir_sso", "fa"), ("ir_sso", "en"), ("tr_sgk", "tr")])
def test_excel_dates_also_in_the_packs_calendar(make_branch: Callable[[str], Branch], pack: str, lang: str) -> None:
    """A date stays a typed date cell; in a Solar Hijri pack the row ends with the same day written
    in that calendar (Persian digits for a Persian reader), under a heading in the reader's language."""
    import jdatetime

    b = make_branch(pack)
    fixed = build_fixed_branch(b)
    table = services.performance_table(b.ctx, b.manager, fixed.half)
    wb = load_workbook(io.BytesIO(exports.performance_xlsx(table, lang, b.ctx.pack.currency, b.ctx.pack.calendar)))
    dates = next(s for s in wb.worksheets if s.title.startswith("9 "))
    assert dates.cell(2, 3).is_date and dates.cell(2, 4).is_date  # received, decided: typed, where they were
    jalali = pack == "ir_sso"
    assert dates.max_column == (7 if jalali else 5)
    first = wb.worksheets[0]
    assert first.cell(1, 3).is_date and (first.cell(1, 5).value is not None) is jalali
    if not jalali:
        return
    digits = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹") if lang == "fa" else {}
    for col, twin in ((3, 6), (4, 7)):
        day = dates.cell(2, col).value.date()
        assert dates.cell(2, twin).value == jdatetime.date.fromgregorian(date=day).strftime("%Y/%m/%d").translate(digits)
        assert dates.cell(1, twin).value.startswith(dates.cell(1, col).value)
    assert ("هجری شمسی" in dates.cell(1, 6).value) is (lang == "fa")
    assert "Solar Hijri" in dates.cell(1, 6).value if lang == "en" else True
    start = jdatetime.date.fromgregorian(date=table.start).strftime("%Y/%m/%d").translate(digits)
    assert first.cell(1, 5).value == start

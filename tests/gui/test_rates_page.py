"""Reports > Rates and parameters: the figures in force on a date typed in the pack's calendar
(Jalali for the demo branch), with their sources, uncertain ones marked."""

from __future__ import annotations

from PySide6.QtCore import Qt

from branch_desktop.gui.rates import RatesPage
from tests.qt_fixtures import activate

from .helpers import press, type_text


def _value(page: RatesPage, name: str) -> tuple[str, str, str]:
    r = page.row_of(name)
    assert r >= 0, name
    cell = page.model.index
    return cell(r, 1).data(), cell(r, 3).data(), cell(r, 4).data()


def test_rates_page_shows_the_figures_of_a_jalali_date(start_shell) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("clerk")
    page = h.window.open_page("reports.rates")
    h.wait()
    assert isinstance(page, RatesPage)
    assert h.ctx.pack.calendar.kind.value == "jalali"
    activate(h.window)
    page.date.setFocus()
    page.date.selectAll()
    type_text("1402/12/29")
    press(Qt.Key.Key_Return)
    value, since, source = _value(page, "minimum_wage.gross_monthly")
    assert value == "53,082,840" and since == "1402/01/01" and "Supreme Labour Council" in source
    # the day after: the 1403 figure
    page.date.selectAll()
    type_text("1403/01/01")
    press(Qt.Key.Key_Return)
    assert _value(page, "minimum_wage.gross_monthly")[0] == "71,661,840"
    # uncertain figures are marked (the 1390 wage is from memory of press reports)
    page.date.selectAll()
    type_text("1390/06/01")
    press(Qt.Key.Key_Return)
    r = page.row_of("minimum_wage.gross_monthly")
    assert "Uncertain" in page.model.index(r, 0).data(Qt.ItemDataRole.ToolTipRole)
    # a bad date is refused next to the field, the table keeps the last good date
    page.date.selectAll()
    type_text("1403/13/01")
    press(Qt.Key.Key_Return)
    assert "not a date" in page.message.text()
    assert _value(page, "minimum_wage.gross_monthly")[1] == "1390/01/01"
    # the change-date picker jumps to a date on which something changed
    index = next(i for i in range(1, page.changes.count())
                 if page.changes.itemText(i) == "1404/01/01")
    page.changes.setCurrentIndex(index)
    page.changes.activated.emit(index)
    assert page.date.text() == "1404/01/01"
    assert _value(page, "minimum_wage.gross_monthly")[0] == "103,909,680"
    # the filter narrows the rows
    page.filter.setText("premium.")
    assert page.model.rowCount() < len(page.figures)
    assert page.row_of("premium.ceiling_multiple") >= 0 and page.row_of("loanfund.fee_rate") == -1

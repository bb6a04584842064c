"""The one Excel writer every department's report uses (openpyxl): a sheet with title rows, a bold
frozen header, typed rows (money as ``Decimal`` in major units with the currency's number format,
dates as dates, numbers as numbers), a totals row of ``=SUM(...)`` formulas, column widths and a
right-to-left sheet for a right-to-left language.

Column kinds: ``text``, ``money`` (an ``int`` is minor units, a ``Decimal`` major units), ``date``,
``number`` and ``percent``.

Dates in a pack's non-Gregorian calendar (ir_sso: Solar Hijri): a date cell stays a typed date
(sorting, filters and date arithmetic work; Excel stores only the Gregorian serial), and the
sheet's rows end with the same dates written in the pack's calendar as text, one column each,
headed "<column> (Solar Hijri)" (Persian digits in Persian). At the end, not beside the date:
the columns a totals row sums and the formulas other cells hold keep their letters. No number
format is used for it: docs/printing.md ("Excel workbooks") says why.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from branch_desktop.core.calendar import Calendar, CalendarKind
from branch_desktop.core.i18n import N_, is_rtl, translate_to
from branch_desktop.core.money import Currency

DATE_FORMAT = "yyyy-mm-dd"
INVALID_TITLE = re.compile(r"[\\/?*\[\]:]")  # what Excel refuses in a sheet's name
CALENDAR_COLUMN = N_("{column} (Solar Hijri)")  # the heading of a date column's twin in the pack's calendar


def money_format(cur: Currency) -> str:
    """The currency's number format: thousands grouped, its minor digits after the point."""
    return "#,##0" + ("." + "0" * cur.minor_digits if cur.minor_digits else "")


class Sheet:
    """A worksheet written row by row: optional title rows, then a bold, frozen header row, the
    typed rows and a totals row of formulas."""

    def __init__(self, wb: Workbook, title: str, lang: str, cur: Currency, *, first: bool = False,
                 calendar: Calendar | None = None) -> None:
        """``calendar``: the pack's (dates also as text in it when it is not Gregorian); a sheet
        added to a workbook without one takes the calendar of the workbook's first sheet."""
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        self.ws: Worksheet = ws
        self.ws.title = INVALID_TITLE.sub("-", title)[:31]
        self.ws.sheet_view.rightToLeft = is_rtl(lang)
        self.lang = lang
        self.cur = cur
        self.money_format = money_format(cur)
        self.first_data = 1
        if calendar is not None:
            wb.branch_calendar = calendar
        calendar = calendar or getattr(wb, "branch_calendar", None)
        self.calendar = calendar if calendar is not None and calendar.kind is not CalendarKind.GREGORIAN else None
        self.headings: list[str] = []
        self.header_row = 0

    def in_calendar(self, day: dt.date) -> str:
        """``day`` written in the pack's calendar (Persian digits for a Persian reader)."""
        assert self.calendar is not None
        return self.calendar.format(day, persian_digits=self.lang == "fa")

    def title(self, *rows: Sequence[Any]) -> None:
        """Rows above the header (the report's name first, in bold), then an empty row; a date
        there is a date cell, a ``Decimal`` an amount in the currency's format."""
        for i, values in enumerate(rows):
            days = [v for v in values if isinstance(v, dt.date)] if self.calendar else []
            self.ws.append([*values, *(self.in_calendar(d) for d in days)])
            if i == 0:
                self.ws.cell(self.ws.max_row, 1).font = Font(bold=True, size=13)
            for cell in self.ws[self.ws.max_row]:
                if isinstance(cell.value, dt.date):
                    cell.number_format = DATE_FORMAT
                elif isinstance(cell.value, Decimal):
                    cell.number_format = self.money_format
        self.ws.append([])

    def header(self, headings: Sequence[str], widths: Sequence[int]) -> None:
        self.ws.append(list(headings))
        row = self.ws.max_row
        self.headings, self.header_row = list(headings), row
        for cell in self.ws[row]:
            cell.font = Font(bold=True)
        self.ws.freeze_panes = f"A{row + 1}"
        for i, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self.first_data = row + 1

    def row(self, values: Sequence[Any], kinds: Sequence[str], *, bold: bool = False) -> None:
        out: list[Any] = []
        for v, k in zip(values, kinds, strict=True):
            if k == "money" and isinstance(v, int) and not isinstance(v, bool):
                out.append(self.cur.from_minor(v))
            else:
                out.append(v)
        if self.calendar is not None and "date" in kinds:
            out += self._calendar_columns(values, kinds)
        self.ws.append(out)
        r = self.ws.max_row
        for c, k in enumerate(kinds, start=1):
            cell = self.ws.cell(r, c)
            if bold:
                cell.font = Font(bold=True)
            if k == "money":
                cell.number_format = self.money_format
            elif k == "date":
                cell.number_format = DATE_FORMAT
            elif k == "percent":
                cell.number_format = "0.00"

    def _calendar_columns(self, values: Sequence[Any], kinds: Sequence[str]) -> list[str | None]:
        """The row's dates as text in the pack's calendar; the first time, their headings too."""
        dates = [i for i, k in enumerate(kinds) if k == "date"]
        if self.header_row and self.ws.cell(self.header_row, len(kinds) + 1).value is None:
            for n, i in enumerate(dates, start=len(kinds) + 1):
                heading = self.headings[i] if i < len(self.headings) else ""
                cell = self.ws.cell(self.header_row, n, translate_to(self.lang, CALENDAR_COLUMN).format(column=heading))
                cell.font = Font(bold=True)
                self.ws.column_dimensions[get_column_letter(n)].width = 16
        return [self.in_calendar(values[i]) if isinstance(values[i], dt.date) else None for i in dates]

    def totals(self, label: str, kinds: Sequence[str], sum_kinds: tuple[str, ...] = ("money",)) -> None:
        """A totals row: SUM formulas under the summed columns (nothing when there are no rows)."""
        last = self.ws.max_row
        if last < self.first_data:
            return
        values: list[Any] = [label]
        for c, k in enumerate(kinds[1:], start=2):
            col = get_column_letter(c)
            values.append(f"=SUM({col}{self.first_data}:{col}{last})" if k in sum_kinds else None)
        self.ws.append(values)
        r = self.ws.max_row
        for c, k in enumerate(kinds, start=1):
            self.ws.cell(r, c).font = Font(bold=True)
            if k == "money":
                self.ws.cell(r, c).number_format = self.money_format


def save(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def table_xlsx(title: str, lang: str, cur: Currency, *, heading: Sequence[Sequence[Any]], headings: Sequence[str],
               widths: Sequence[int], kinds: Sequence[str], rows: Sequence[Sequence[Any]],
               total: str | None = None, calendar: Calendar | None = None) -> tuple[Workbook, Sheet]:
    """A workbook whose first sheet is one table: title rows, header, rows and (with ``total``, its
    label) a totals row. Returned open so that a report can add sheets before ``save``."""
    wb = Workbook()
    sheet = Sheet(wb, title, lang, cur, first=True, calendar=calendar)
    if heading:
        sheet.title(*heading)
    sheet.header(headings, widths)
    for values in rows:
        sheet.row(values, kinds)
    if total is not None:
        sheet.totals(total, kinds)
    return wb, sheet


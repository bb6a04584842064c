"""The manager's reports as Excel (openpyxl: typed cells, dates as dates, totals as formulas, frozen
header, column widths, right-to-left sheets for Persian) and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from openpyxl import Workbook

from branch_desktop.core.calendar import Calendar
from branch_desktop.core.i18n import translate_to
from branch_desktop.core.money import Currency
from branch_desktop.printing.xlsx import DATE_FORMAT, Sheet, save
from branch_desktop.reports.labels import DAYS, MET, NOT_MET
from branch_desktop.reports.rules import Unit
from branch_desktop.reports.types import (
    INDICATOR_LABELS,
    NO_DATA,
    VARIANCE_LABELS,
    Dashboard,
    Drill,
    PerformanceTable,
    ThreeWayReport,
)


def _drill_sheet(wb: Workbook, title: str, drill: Drill, lang: str, cur: Currency) -> None:  # the book's calendar
    sheet = Sheet(wb, title, lang, cur)
    sheet.header([translate_to(lang, h) for h in drill.headings],
                 [36 if k == "text" and i == 1 else 16 for i, k in enumerate(drill.kinds)])
    for row in drill.rows:
        sheet.row(list(row), drill.kinds)  # Decimals are numbers to openpyxl: no float on the way
    if "money" in drill.kinds:
        sheet.totals(translate_to(lang, "Total"), drill.kinds)


def performance_xlsx(table: PerformanceTable, lang: str, cur: Currency, calendar: Calendar | None = None) -> bytes:
    """The table on its first sheet (values as numbers, "no data" as text, the change as a formula),
    then one sheet per figure with the rows behind it. ``calendar``: the pack's (its dates also as
    text when it is not Gregorian)."""
    t = translate_to
    wb = Workbook()
    sheet = Sheet(wb, t(lang, "Performance targets"), lang, cur, first=True, calendar=calendar)
    sheet.ws.append([t(lang, "Period"), str(table.half), table.start, table.end,
                     *((sheet.in_calendar(table.start), sheet.in_calendar(table.end)) if sheet.calendar else ())])
    sheet.ws.cell(1, 3).number_format = DATE_FORMAT
    sheet.ws.cell(1, 4).number_format = DATE_FORMAT
    sheet.header([t(lang, "Row"), t(lang, "Indicator"), t(lang, "Target"), t(lang, "Unit"), t(lang, "Value"),
                  t(lang, "Met"), t(lang, "Previous period"), t(lang, "Change"), t(lang, "Source")],
                 [6, 60, 10, 10, 12, 10, 14, 10, 60])
    for r in table.rows:
        unit = r.target.unit if r.target else Unit.PERCENT
        value: Any = r.current.value if r.current.value is not None else t(lang, NO_DATA)
        prev: Any = r.previous.value if r.previous.value is not None else t(lang, NO_DATA)
        row = sheet.ws.max_row + 1
        change = f"=E{row}-G{row}" if r.change is not None else None
        met = None if r.met is None else t(lang, MET if r.met else NOT_MET)
        sheet.row([r.row_no, t(lang, INDICATOR_LABELS[r.indicator]), r.target.value if r.target else None,
                   "%" if unit is Unit.PERCENT else t(lang, DAYS), value, met, prev, change,
                   r.target.source if r.target else ""],
                  ["text", "text", "number", "text", "percent", "text", "percent", "percent", "text"])
    for r in table.rows:
        if r.current.drill.rows:
            _drill_sheet(wb, f"{r.row_no} {t(lang, INDICATOR_LABELS[r.indicator])}", r.current.drill, lang, cur)
    return save(wb)


def performance_csv(table: PerformanceTable, lang: str) -> str:
    t = translate_to
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["row", "indicator", "target", "direction", "unit", "value", "met", "previous", "change", "reason"])
    for r in table.rows:
        w.writerow([r.row_no, r.indicator.value, r.target.value if r.target else "",
                    r.target.direction.value if r.target else "", r.target.unit.value if r.target else "",
                    "" if r.current.value is None else r.current.value, "" if r.met is None else str(r.met).lower(),
                    "" if r.previous.value is None else r.previous.value, "" if r.change is None else r.change,
                    t(lang, r.current.reason) if r.current.value is None else ""])
    return out.getvalue()


THREE_WAY_KINDS = ("text", "text", "money", "percent", "money", "money", "money", "money", "money", "text")


def three_way_xlsx(report: ThreeWayReport, lang: str, cur: Currency) -> bytes:
    """Every employer's legs with its variances (totals as formulas), then the variances by kind."""
    t = translate_to
    wb = Workbook()
    sheet = Sheet(wb, t(lang, "Three-way premium check"), lang, cur, first=True)
    sheet.ws.append([t(lang, "Month"), str(report.month)])
    sheet.header([t(lang, h) for h in ("Employer file", "Employer", "Declared earnings", "Rate (%)", "Earnings x rate",
                                       "Accrued", "Receipted", "In the bank", "Bank only", "Variances")],
                 [20, 36, 16, 9, 16, 16, 16, 16, 16, 60])
    for r in report.rows:
        sheet.row([r.file_no, r.name, r.earnings, r.rate * 100, r.expected, r.accrued, r.receipted, r.banked,
                   r.bank_only, "; ".join(t(lang, VARIANCE_LABELS[k]) for k, _a in r.variances)], THREE_WAY_KINDS)
    sheet.totals(t(lang, "Total"), THREE_WAY_KINDS)
    kinds = Sheet(wb, t(lang, "Variances by kind"), lang, cur)
    kinds.header([t(lang, "Employer file"), t(lang, "Employer"), t(lang, "Variance"), t(lang, "Amount")],
                 [20, 36, 44, 16])
    for r in report.rows:
        for k, amount in r.variances:
            kinds.row([r.file_no, r.name, t(lang, VARIANCE_LABELS[k]), amount], ("text", "text", "text", "money"))
    kinds.totals(t(lang, "Total"), ("text", "text", "text", "money"))
    return save(wb)


def three_way_csv(report: ThreeWayReport) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["month", "file_no", "employer", "earnings", "rate", "expected", "accrued", "receipted", "banked",
                "bank_only", "variance", "amount"])
    for r in report.rows:
        for k, amount in r.variances or [(None, 0)]:
            w.writerow([str(report.month), r.file_no, r.name, r.earnings, r.rate, r.expected, r.accrued, r.receipted,
                        r.banked, r.bank_only, k.value if k else "", amount])
    return out.getvalue()


def dashboard_xlsx(d: Dashboard, lang: str, cur: Currency, calendar: Calendar | None = None) -> bytes:
    """The tiles, then each chart's data on its own sheet (``calendar`` as for ``performance_xlsx``)."""
    t = translate_to
    wb = Workbook()
    sheet = Sheet(wb, t(lang, "Dashboard"), lang, cur, first=True, calendar=calendar)
    sheet.header([t(lang, "Figure"), t(lang, "Value"), t(lang, "Target"), t(lang, "Period")], [36, 18, 12, 24])
    for tile in d.tiles:
        kind = "money" if tile.kind == "money" else "percent" if tile.kind == "percent" else "number"
        value: Any = t(lang, NO_DATA) if tile.value is None else tile.value
        sheet.row([t(lang, tile.title), value, tile.target, tile.period],
                  ("text", kind, "number", "text"))
    for s in d.charts:
        chart = Sheet(wb, t(lang, s.title), lang, cur)
        chart.header([t(lang, "Category"), *(t(lang, name) for name, _v in s.values)], [24] + [18] * len(s.values))
        kinds = ("date" if s.key == "receipts_per_day" else "text",) + ("money",) * len(s.values)
        for i, cat in enumerate(s.categories):
            chart.row([_category(s.key, cat, lang), *(vals[i] for _n, vals in s.values)], kinds)
        chart.totals(t(lang, "Total"), kinds)
    return save(wb)


def _category(key: str, cat: str, lang: str) -> Any:
    if key == "receipts_per_day":
        return dt.date.fromisoformat(cat)
    return translate_to(lang, cat) if key in ("debt_by_age", "benefits_by_kind") else cat


def dashboard_csv(d: Dashboard) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["figure", "value", "target", "period"])
    for tile in d.tiles:
        w.writerow([tile.key, "" if tile.value is None else tile.value,
                    "" if tile.target is None else tile.target, tile.period])
    for s in d.charts:
        for name, values in s.values:
            for cat, v in zip(s.categories, values, strict=True):
                w.writerow([f"{s.key}:{name}", v, "", cat])
    return out.getvalue()

"""The monthly branch report (one PDF for the manager to sign and send to the provincial office)
and the dashboard on paper, in Excel and CSV. The charts are drawn from the dashboard's series
(``reports.charts``), the same data the screen draws."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal

from openpyxl import Workbook
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from branch_desktop.core.calendar import Calendar
from branch_desktop.core.i18n import translate_to
from branch_desktop.core.ledger.types import BranchInfo
from branch_desktop.core.money import Currency
from branch_desktop.printing.base import A4_PORTRAIT, Column, PrintContext, build_pdf
from branch_desktop.printing.xlsx import Sheet
from branch_desktop.reports.charts import ChartFlowable
from branch_desktop.reports.documents import performance_story
from branch_desktop.reports.exports import dashboard_xlsx
from branch_desktop.reports.labels import Writer
from branch_desktop.reports.rules import Unit
from branch_desktop.reports.services.branch_month import BranchMonth
from branch_desktop.reports.services.dashboard import AGE_LABELS
from branch_desktop.reports.types import INDICATOR_LABELS, NO_DATA, NO_PROVIDER, Dashboard, Series

CHART_HEIGHT = 150.0


def _axis_money(ctx: PrintContext) -> Callable[[int], str]:
    def fmt(minor: int) -> str:
        return ctx.number(ctx.currency.from_minor(minor).to_integral_value())

    return fmt


def chart_grid(ctx: PrintContext, charts: tuple[Series, ...], width: float) -> list[Flowable]:
    """The charts two by two (right to left in Persian: the grid flips its columns)."""
    w = Writer(ctx.lang, ctx.calendar)
    cell = width / 2 - 6
    flows = [ChartFlowable(s, w, _axis_money(ctx), cell, CHART_HEIGHT, ctx.rtl) for s in charts]
    rows = [flows[i:i + 2] + [Spacer(1, 1)] * (2 - len(flows[i:i + 2])) for i in range(0, len(flows), 2)]
    if ctx.rtl:
        rows = [r[::-1] for r in rows]
    return [Table(rows, colWidths=[width / 2, width / 2], style=[("VALIGN", (0, 0), (-1, -1), "TOP")])]


def tiles_grid(ctx: PrintContext, d: Dashboard, width: float) -> Flowable:
    _ = ctx.gettext
    w = Writer(ctx.lang, ctx.calendar)
    rows = []
    for t in d.tiles:
        if t.value is None:
            value = _(NO_DATA)
        elif t.kind == "money":
            value = ctx.money(int(t.value))
        elif t.kind == "percent":
            value = w.value(Decimal(t.value), Unit.PERCENT)
        else:
            value = ctx.number(t.value)
        target = "-" if t.target is None else (w.percent(ctx.number(t.target)) if t.kind == "percent"
                                               else ctx.number(t.target))
        period = w.period(t.period)
        rows.append([_(t.title), value, target, w.met(t.ok), period])
    return ctx.grid([Column(_("Figure"), 2.4, "start"), Column(_("Value"), 1.4, "center"),
                     Column(_("Target"), 0.8, "center"), Column(_("Met"), 1.0, "center"),
                     Column(_("Period"), 1.4, "center")], rows, width=width, font_size=8)


def dashboard_pdf(d: Dashboard, info: BranchInfo, lang: str, *, printed_at: dt.datetime | None = None) -> bytes:
    ctx = PrintContext.create(info, lang, printed_at)
    page = A4_PORTRAIT
    story = [ctx.fields([(ctx.gettext("Month"), ctx.month(d.month))], width=page.frame_width), Spacer(1, 4),
             tiles_grid(ctx, d, page.frame_width), Spacer(1, 8), *chart_grid(ctx, d.charts, page.frame_width)]
    return build_pdf(ctx, ctx.gettext("Dashboard"), story, page=page)


def branch_month_pdf(data: BranchMonth, info: BranchInfo, lang: str, *, printed_at: dt.datetime | None = None
                     ) -> bytes:
    """Performance table, charts, collection summary, 10-day balances, legal-obligation payments,
    reconciliation per bank account, debt and enforcement, claims paid; signature boxes."""
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    page = A4_PORTRAIT
    fw = page.frame_width
    story: list[Flowable] = [
        ctx.fields([(_("Month"), ctx.month(data.month)), (_("Half-year"), Writer(ctx.lang, ctx.calendar).half(data.performance.half))],
                   width=fw),
        ctx.heading(_("Performance targets"), size=10), *performance_story(ctx, data.performance, fw),
        Spacer(1, 6), ctx.heading(_("Dashboard"), size=10), tiles_grid(ctx, data.dashboard, fw), Spacer(1, 6),
        *chart_grid(ctx, data.dashboard.charts, fw),
        ctx.heading(_("Collection"), size=10),
        ctx.fields([(_("Accrued for the month"), ctx.money(data.accrued)),
                    (_("Collected for the month"), ctx.money(data.collected)),
                    (_("Receipts taken"), ctx.number(data.receipts)),
                    (_("Amount received"), ctx.money(data.receipts_amount))], width=fw),
    ]
    story.append(ctx.heading(_("10-day revenue balances"), size=10))
    rows = [[ctx.digits(code), ctx.date(r.start), ctx.date(r.end), ctx.money(r.opening), ctx.money(r.debit),
             ctx.money(r.credit), ctx.money(r.closing)] for code, spans in data.ten_day for r in spans]
    story.append(ctx.grid([Column(_("Account"), 0.7, "code"), Column(_("From"), 1.0, "code"),
                           Column(_("To"), 1.0, "code"), Column(_("Opening"), 1.2, "number"),
                           Column(_("Debit"), 1.2, "number"), Column(_("Credit"), 1.2, "number"),
                           Column(_("Closing"), 1.2, "number")], rows, width=fw, font_size=7.5)
                 if rows else ctx.para(_("No revenue bank account.")))
    story.append(ctx.heading(_("Legal-obligation payments"), size=10))
    story.append(ctx.grid([Column(_("Benefit"), 2.4, "start"), Column(_("Cheques"), 0.8, "number"),
                           Column(_("Amount"), 1.4, "number")],
                          [[ctx.digits(k) or "-", ctx.number(n), ctx.money(a)] for k, n, a in data.payments]
                          + [[_("Total"), "", ctx.money(data.payments_total)]], width=fw * 0.7, font_size=8,
                          bold_rows=[len(data.payments)]))
    story.append(ctx.heading(_("Bank reconciliation"), size=10))
    story.append(ctx.grid([Column(_("Account"), 0.8, "code"), Column(_("Name"), 2.4, "start"),
                           Column(_("Statement lines"), 1.0, "number"), Column(_("Unmatched"), 1.0, "number"),
                           Column(_("Status"), 1.2, "start")],
                          [[ctx.digits(a.code), a.name, ctx.number(a.lines), ctx.number(a.unmatched),
                            _("Reconciled and locked") if a.locked else _("Not reconciled")]
                           for a in data.reconciliation], width=fw, font_size=8))
    story += _debt(ctx, data, fw)
    story.append(ctx.heading(_("Claims paid"), size=10))
    story.append(ctx.grid([Column(_("Benefit"), 2.4, "start"), Column(_("Claims"), 0.8, "number"),
                           Column(_("Amount"), 1.4, "number")],
                          [[_(k), ctx.number(n), ctx.money(a)] for k, n, a in data.claims_paid]
                          or [[_("None"), "", ""]], width=fw * 0.7, font_size=8))
    story += [Spacer(1, 14), KeepTogether([ctx.signature_boxes([_("Prepared by"), _("Branch head")], width=fw)])]
    return build_pdf(ctx, _("Monthly branch report"), story, page=page)


def _debt(ctx: PrintContext, data: BranchMonth, fw: float) -> list[Flowable]:
    _ = ctx.gettext
    out: list[Flowable] = [ctx.heading(_("Debt and enforcement"), size=10)]
    if data.debt is None and data.enforcement is None:
        return out + [ctx.para(_(NO_PROVIDER))]
    if data.debt is not None:
        out.append(ctx.grid([Column(_("Age"), 2.0, "start"), Column(_("Debt"), 1.4, "number")],
                            [[_(label), ctx.money(v)] for label, v in zip(AGE_LABELS, data.debt.buckets, strict=True)]
                            + [[_("Total"), ctx.money(data.debt.total)]], width=fw * 0.6, font_size=8,
                            bold_rows=[len(AGE_LABELS)]))
    if data.enforcement is not None:
        e = data.enforcement
        out.append(ctx.fields([(_("Transferred to enforcement"), ctx.money(e.transferred)),
                               (_("Collected through enforcement"), ctx.money(e.collected))], width=fw))
    return out


def branch_month_xlsx(data: BranchMonth, lang: str, cur: Currency, calendar: Calendar | None = None) -> bytes:
    """The dashboard's sheets plus the collection summary and the performance table."""
    from openpyxl import load_workbook

    wb: Workbook = load_workbook(io.BytesIO(dashboard_xlsx(data.dashboard, lang, cur, calendar)))
    t = translate_to
    sheet = Sheet(wb, t(lang, "Performance targets"), lang, cur)
    sheet.header([t(lang, "Row"), t(lang, "Indicator"), t(lang, "Value"), t(lang, "Target")], [6, 60, 12, 10])
    for r in data.performance.rows:
        sheet.row([r.row_no, t(lang, INDICATOR_LABELS[r.indicator]),
                   r.current.value if r.current.value is not None else t(lang, NO_DATA),
                   r.target.value if r.target else None], ("text", "text", "percent", "number"))
    coll = Sheet(wb, t(lang, "Collection"), lang, cur)
    coll.header([t(lang, "Figure"), t(lang, "Value")], [36, 18])
    coll.row([t(lang, "Accrued for the month"), data.accrued], ("text", "money"))
    coll.row([t(lang, "Collected for the month"), data.collected], ("text", "money"))
    coll.row([t(lang, "Amount received"), data.receipts_amount], ("text", "money"))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def branch_month_csv(data: BranchMonth) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["section", "key", "value"])
    for r in data.performance.rows:
        w.writerow(["performance", r.indicator.value, "" if r.current.value is None else r.current.value])
    w.writerow(["collection", "accrued", data.accrued])
    w.writerow(["collection", "collected", data.collected])
    w.writerow(["collection", "receipts", data.receipts])
    w.writerow(["collection", "amount", data.receipts_amount])
    for code, spans in data.ten_day:
        for span in spans:
            w.writerow(["ten_day", f"{code}:{span.span}", span.closing])
    for k, _n, a in data.payments:
        w.writerow(["payments", k, a])
    for acc in data.reconciliation:
        w.writerow(["reconciliation", acc.code, "locked" if acc.locked else "open"])
    for k, _n, a in data.claims_paid:
        w.writerow(["claims_paid", k, a])
    return out.getvalue()

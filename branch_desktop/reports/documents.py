"""The manager's reports as PDFs (ReportLab through ``printing``, no Qt): the performance-target
table with the rows behind each figure, and the three-way premium check. Persian right to left
with Jalali dates, Turkish, English."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from reportlab.platypus import Flowable, Spacer

from branch_desktop.core.ledger.types import BranchInfo
from branch_desktop.printing.base import A4_LANDSCAPE, Cell, Column, PrintContext, build_pdf
from branch_desktop.reports.labels import Writer
from branch_desktop.reports.rules import Unit
from branch_desktop.reports.types import (
    INDICATOR_LABELS,
    VARIANCE_LABELS,
    Drill,
    PerformanceTable,
    ThreeWayReport,
)

DRILL_LIMIT = 60  # rows printed behind each figure (the Excel file has them all)


def cell_text(ctx: PrintContext, kind: str, value: object) -> str:
    """A drill-down cell written the document's way."""
    if value is None:
        return "-"
    if kind == "money":
        return ctx.money(int(value))  # type: ignore[call-overload]
    if kind == "date" and isinstance(value, dt.date):
        return ctx.date(value)
    if kind in ("int", "percent", "days") and isinstance(value, int | Decimal):
        return ctx.number(value)
    return ctx.digits(str(value))


def _align(kind: str) -> str:
    return "number" if kind in ("money", "int", "percent", "days") else "code" if kind == "date" else "start"


def drill_grid(ctx: PrintContext, drill: Drill, width: float, limit: int = DRILL_LIMIT) -> list[Flowable]:
    _ = ctx.gettext
    if not drill.rows:
        return [ctx.para(_("No rows."), size=8)]
    columns = [Column(_(h), 2.4 if k == "text" and i == 1 else 1.2, _align(k))
               for i, (h, k) in enumerate(zip(drill.headings, drill.kinds, strict=True))]
    rows = [[cell_text(ctx, k, v) for k, v in zip(drill.kinds, row, strict=True)] for row in drill.rows[:limit]]
    out: list[Flowable] = [ctx.grid(columns, rows, width=width, font_size=7)]
    if len(drill.rows) > limit:
        out.append(ctx.para(_("... and {count} more rows (see the Excel file).").format(
            count=ctx.number(len(drill.rows) - limit)), size=7))
    return out


def performance_story(ctx: PrintContext, table: PerformanceTable, width: float) -> list[Flowable]:
    """The table itself (used alone and in the monthly branch report)."""
    _ = ctx.gettext
    w = Writer(ctx.lang, ctx.calendar)
    # figures that may read "no data": centred text columns (shaped, in the document's direction)
    columns = [Column(_("Row"), 0.4, "code"), Column(_("Indicator"), 3.6, "start"), Column(_("Target"), 1.1, "center"),
               Column(_("Value"), 1.0, "center"), Column(_("Met"), 1.0, "center"),
               Column(_("Previous period"), 1.0, "center"), Column(_("Change"), 0.8, "center")]
    rows: list[Sequence[str | Cell | Flowable | None]] = []
    for r in table.rows:
        unit = r.target.unit if r.target else Unit.PERCENT
        note = _(r.current.reason) if r.current.value is None and r.current.reason else ""
        label = _(INDICATOR_LABELS[r.indicator]) + (f" ({note})" if note else "")
        rows.append([ctx.digits(r.row_no), label, w.target(r.target), w.measure(r.current, unit), w.met(r.met),
                     w.measure(r.previous, unit), w.change(r.change)])
    return [ctx.grid(columns, rows, width=width, font_size=8)]


def performance_pdf(table: PerformanceTable, info: BranchInfo, lang: str, *,
                    printed_at: dt.datetime | None = None) -> bytes:
    """The half-year's performance-target table, then the rows behind each figure."""
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    page = A4_LANDSCAPE
    story: list[Flowable] = [
        ctx.fields([(_("Period"), Writer(ctx.lang, ctx.calendar).half(table.half)),
                    (_("From"), ctx.date(table.start)), (_("To"), ctx.date(table.end))], width=page.frame_width),
        Spacer(1, 6),
        *performance_story(ctx, table, page.frame_width),
        Spacer(1, 6),
        ctx.para(_("Targets: the pack's dated table of seed 000's performance targets; sources:"), size=7),
    ]
    for r in table.rows:
        if r.target is not None:
            story.append(ctx.para(f"{ctx.digits(r.row_no)}: {r.target.source}", size=6.5))
    for r in table.rows:
        if r.current.drill.rows:
            story.append(ctx.heading(f"{ctx.digits(r.row_no)}. {_(INDICATOR_LABELS[r.indicator])}", size=9.5))
            story += drill_grid(ctx, r.current.drill, page.frame_width)
    story += [Spacer(1, 14), ctx.signature_boxes([_("Prepared by"), _("Branch head")], width=page.frame_width)]
    return build_pdf(ctx, _("Performance targets"), story, page=page)


def three_way_story(ctx: PrintContext, report: ThreeWayReport, width: float) -> list[Flowable]:
    _ = ctx.gettext
    story: list[Flowable] = [
        ctx.fields([(_("Accrued"), ctx.money(report.accrued)), (_("Receipted"), ctx.money(report.receipted)),
                    (_("Matched in the bank"), ctx.money(report.banked)),
                    (_("In the bank, not receipted"), ctx.money(report.bank_only))], width=width),
        Spacer(1, 4), ctx.heading(_("Variances by kind"), size=9.5)]
    if report.clean:
        story.append(ctx.para(_("No variances: the three legs agree for every employer.")))
    else:
        story.append(ctx.grid([Column(_("Variance"), 3.0, "start"), Column(_("Count"), 0.8, "number"),
                               Column(_("Amount"), 1.4, "number")],
                              [[_(VARIANCE_LABELS[k]), ctx.number(n), ctx.money(a)] for k, (n, a) in report.totals.items()],
                              width=width * 0.7))
    return story


def three_way_pdf(report: ThreeWayReport, info: BranchInfo, lang: str, *,
                  printed_at: dt.datetime | None = None) -> bytes:
    """The month's three-way premium check: totals, variances by kind, and every employer's legs."""
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    page = A4_LANDSCAPE
    story: list[Flowable] = [ctx.fields([(_("Month"), ctx.month(report.month))], width=page.frame_width),
                             *three_way_story(ctx, report, page.frame_width), Spacer(1, 6),
                             ctx.heading(_("Employers"), size=9.5)]
    columns = [Column(_("Employer file"), 1.3, "code"), Column(_("Employer"), 2.0, "start"),
               Column(_("Declared earnings"), 1.2, "number"), Column(_("Rate (%)"), 0.6, "number"),
               Column(_("Earnings x rate"), 1.1, "number"), Column(_("Accrued"), 1.1, "number"),
               Column(_("Receipted"), 1.1, "number"), Column(_("In the bank"), 1.1, "number"),
               Column(_("Bank only"), 1.0, "number"), Column(_("Variances"), 2.4, "start")]
    rows = []
    for r in report.rows:
        found = "; ".join(f"{_(VARIANCE_LABELS[k])}: {ctx.money(a)}" for k, a in r.variances) or _("none")
        rows.append([ctx.digits(r.file_no) or "-", r.name or _("(no employer named)"), ctx.money(r.earnings),
                     ctx.number((r.rate * 100).normalize()) if r.earnings else "", ctx.money(r.expected),
                     ctx.money(r.accrued), ctx.money(r.receipted), ctx.money(r.banked), ctx.money(r.bank_only),
                     Cell(found, size=6.5)])
    story.append(ctx.grid(columns, rows, width=page.frame_width, font_size=7,
                          shaded_rows=[i for i, r in enumerate(report.rows) if r.variances]))
    return build_pdf(ctx, _("Three-way premium check"), story, page=page)

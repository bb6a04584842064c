"""Execution documents (ReportLab, no Qt): warning notices and enforcement orders, one per page,
seizure requests to banks (a letter each and the day's list), the ageing report, the debt file,
with the debt table, the charges to date and what the employer must do, in the language asked for
(Persian right to left with Jalali dates through ``printing``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from reportlab.platypus import Flowable, PageBreak, Spacer

from branch_desktop.core.i18n import N_
from branch_desktop.core.ledger.types import BranchInfo
from branch_desktop.execution.types import (
    AGE_LABELS,
    DETAIL_LABELS,
    TIMELINE_LABELS,
    AgreementView,
    DebtFile,
    Debtor,
    DocumentLine,
    NoticeView,
    OrderView,
    SeizureView,
    TimelineRow,
)
from branch_desktop.printing.base import (
    A4_LANDSCAPE,
    A4_PORTRAIT,
    Column,
    DocumentStart,
    PrintContext,
    build_pdf,
)
from branch_desktop.printing.batch import Progress, batch_pdf


def _debt_table(ctx: PrintContext, lines: Sequence[DocumentLine]) -> Flowable:
    _ = ctx.gettext
    cur = ctx.currency
    rows: list[list[object]] = [[ctx.digits(f"{line.month.year:04d}/{line.month.month:02d}"),
                                 ctx.date(line.due) if line.due else "", ctx.money(cur.to_minor(line.principal)),
                                 ctx.money(cur.to_minor(line.charges)),
                                 ctx.money(cur.to_minor(line.principal + line.charges))] for line in lines]
    total = [sum((getattr(line, k) for line in lines), cur.from_minor(0)) for k in ("principal", "charges")]
    rows.append([_("Total"), "", ctx.money(cur.to_minor(total[0])), ctx.money(cur.to_minor(total[1])),
                 ctx.money(cur.to_minor(total[0] + total[1]))])
    return ctx.grid([Column(_("Month"), 0.9, "code"), Column(_("Due date"), 1.1, "code"),
                     Column(_("Premium owed"), 1.4, "number"), Column(_("Late charges"), 1.4, "number"),
                     Column(_("Total"), 1.4, "number")], rows, width=A4_PORTRAIT.frame_width)


def _notice(ctx: PrintContext, n: NoticeView) -> list[Flowable]:
    _ = ctx.gettext
    minor = ctx.currency.to_minor(n.total)
    story: list[Flowable] = [
        ctx.fields([(_("Notice"), ctx.digits(n.number)), (_("Date"), ctx.date(n.prepared_on)),
                    (_("Employer file"), ctx.digits(n.file_no)), (_("Employer"), n.name)],
                   width=A4_PORTRAIT.frame_width),
        Spacer(1, 10),
        ctx.para(_("The premiums below were not paid by their due dates. Late-payment charges are computed "
                   "to the date of this notice and grow until payment.")),
        Spacer(1, 6), _debt_table(ctx, n.lines), Spacer(1, 8),
        ctx.para(_("Amount due: {amount} ({words})").format(amount=ctx.money(minor), words=ctx.words(minor)),
                 bold=True),
        ctx.para(_("Pay within {days} days of receiving this notice; after that the debt is transferred to "
                   "enforcement.").format(days=ctx.number(n.period_days))),
    ]
    if n.served_on:
        story.append(ctx.para(_("Served on {date}.").format(date=ctx.date(n.served_on))))
    story += [Spacer(1, 14), ctx.signature_boxes([_("Execution officer"), _("Unit head")],
                                                 width=A4_PORTRAIT.frame_width)]
    return story


def notices_pdf(notices: Sequence[NoticeView], info: BranchInfo, lang: str, *,
                printed_at: dt.datetime | None = None, progress: Progress | None = None,
                workers: int | None = None) -> bytes:
    """A batch of warning notices, each from a new page and numbering its own pages ("page 1 of
    2"; a long batch is laid out by several processes: ``printing.batch``); ``progress(pages)`` as
    pages are laid out."""
    return batch_pdf(notices_story, notices, info, lang, title=N_("Warning notice"), page=A4_PORTRAIT,
                     printed_at=printed_at, progress=progress, workers=workers)


def notices_story(ctx: PrintContext, notices: Sequence[NoticeView]) -> list[Flowable]:
    story: list[Flowable] = []
    for i, n in enumerate(notices):
        if i:
            story.append(PageBreak())
        story += [DocumentStart(), *_notice(ctx, n)]  # each notice numbers its own pages
    return story


def order_pdf(order: OrderView, info: BranchInfo, lang: str, *, printed_at: dt.datetime | None = None) -> bytes:
    """An enforcement order: the debt transferred to enforcement on its date."""
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    minor = ctx.currency.to_minor(order.amount)
    story: list[Flowable] = [
        ctx.fields([(_("Enforcement order"), ctx.digits(order.number)), (_("Date"), ctx.date(order.issued_on)),
                    (_("Notice"), ctx.digits(order.notice_number)), (_("Employer file"), ctx.digits(order.file_no)),
                    (_("Employer"), order.name)], width=A4_PORTRAIT.frame_width),
        Spacer(1, 10),
        ctx.para(_("The warning notice was not complied with within its period. The debt below is transferred "
                   "to enforcement on the date of this order.")),
        Spacer(1, 6), _debt_table(ctx, order.lines), Spacer(1, 8),
        ctx.para(_("Amount due: {amount} ({words})").format(amount=ctx.money(minor), words=ctx.words(minor)),
                 bold=True),
        Spacer(1, 14), ctx.signature_boxes([_("Execution officer"), _("Unit head")], width=A4_PORTRAIT.frame_width),
    ]
    return build_pdf(ctx, _("Enforcement order"), story, page=A4_PORTRAIT)


def agreement_pdf(a: AgreementView, info: BranchInfo, lang: str, *, printed_at: dt.datetime | None = None) -> bytes:
    """An instalment agreement for the employer to sign: the months and charges it covers, the
    down payment and each instalment with its due date, and what happens on missed instalments."""
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    cur = ctx.currency
    width = A4_PORTRAIT.frame_width
    total = cur.to_minor(a.principal + a.charges)
    rows: list[list[object]] = [[_("Down payment") if i.seq == 0 else ctx.number(i.seq), ctx.date(i.due),
                                 ctx.money(cur.to_minor(i.amount))] for i in a.instalments]
    story: list[Flowable] = [
        ctx.fields([(_("Agreement"), ctx.digits(a.number)), (_("Date"), ctx.date(a.agreed_on)),
                    (_("Employer file"), ctx.digits(a.file_no)), (_("Employer"), a.name)], width=width),
        Spacer(1, 10), _debt_table(ctx, a.months), Spacer(1, 8),
        ctx.para(_("Amount due: {amount} ({words})").format(amount=ctx.money(total), words=ctx.words(total)),
                 bold=True),
        Spacer(1, 6), ctx.heading(_("Schedule")),
        ctx.grid([Column(_("Instalment"), 1.0, "code"), Column(_("Due date"), 1.2, "code"),
                  Column(_("Amount"), 1.4, "number")], rows, width=width * 0.6),
        Spacer(1, 8),
        ctx.para(_("If {count} instalments are not paid by their due dates, the agreement ends, the remaining "
                   "debt returns to enforcement and the late charges are computed again from the original due "
                   "dates.").format(count=ctx.number(a.default_after))),
        Spacer(1, 14), ctx.signature_boxes([_("Employer"), _("Execution officer"), _("Unit head")], width=width),
    ]
    return build_pdf(ctx, _("Instalment agreement"), story, page=A4_PORTRAIT)


def seizure_letter_pdf(r: SeizureView, info: BranchInfo, lang: str, *, printed_at: dt.datetime | None = None
                       ) -> bytes:
    """A letter to the bank: seize the employer's accounts up to the amount owed under the order."""
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    minor = ctx.currency.to_minor(r.amount)
    width = A4_PORTRAIT.frame_width
    story: list[Flowable] = [
        ctx.fields([(_("Seizure request"), ctx.digits(r.number)), (_("Date"), ctx.date(r.requested_on)),
                    (_("Bank"), r.bank), (_("Enforcement order"), ctx.digits(r.order_number)),
                    (_("Employer file"), ctx.digits(r.file_no)), (_("Employer"), r.name)], width=width),
        Spacer(1, 12),
        ctx.para(_("To the management of {bank}:").format(bank=r.bank), bold=True),
        Spacer(1, 6),
        ctx.para(_("Under the enforcement order named above, please seize the balances of every account of the "
                   "employer named above with your bank up to the amount below, and inform this branch of the "
                   "amount seized.")),
        Spacer(1, 6),
        ctx.para(_("Amount to seize: {amount} ({words})").format(amount=ctx.money(minor), words=ctx.words(minor)),
                 bold=True),
        Spacer(1, 14), ctx.signature_boxes([_("Execution officer"), _("Unit head")], width=width),
    ]
    return build_pdf(ctx, _("Seizure request"), story, page=A4_PORTRAIT)


def seizure_list_pdf(rows: Sequence[SeizureView], day: dt.date, info: BranchInfo, lang: str, *,
                     printed_at: dt.datetime | None = None) -> bytes:
    """The seizure requests of a day, one line each, with the total."""
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    cur = ctx.currency
    width = A4_PORTRAIT.frame_width
    table: list[list[object]] = [[ctx.digits(r.number), r.bank, ctx.digits(r.order_number), ctx.digits(r.file_no),
                                  r.name, ctx.money(cur.to_minor(r.amount))] for r in rows]
    table.append([_("Total"), "", "", "", "", ctx.money(sum(cur.to_minor(r.amount) for r in rows))])
    story: list[Flowable] = [
        ctx.para(_("Seizure requests of {date}").format(date=ctx.date(day)), bold=True), Spacer(1, 6),
        ctx.grid([Column(_("Number"), 1.1), Column(_("Bank"), 1.5), Column(_("Enforcement order"), 1.1, "code"),
                  Column(_("Employer file"), 1.1, "code"), Column(_("Employer"), 1.8),
                  Column(_("Amount"), 1.3, "number")], table, width=width),
    ]
    return build_pdf(ctx, _("Seizure requests"), story, page=A4_PORTRAIT)


def ageing_pdf(rows: Sequence[tuple[Debtor, Sequence[Decimal]]], day: dt.date, info: BranchInfo, lang: str, *,
               printed_at: dt.datetime | None = None) -> bytes:
    """The ageing per employer (landscape): each age bucket and the total overdue, with the branch's
    totals."""
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    cur = ctx.currency
    totals = [sum(b[i] for _d, b in rows) for i in range(len(AGE_LABELS))]
    table: list[list[object]] = [[ctx.digits(d.file_no), d.name, *(ctx.money(cur.to_minor(a)) for a in b),
                                  ctx.money(cur.to_minor(sum(b, Decimal(0))))] for d, b in rows]
    table.append([_("Total"), "", *(ctx.money(cur.to_minor(Decimal(t))) for t in totals),
                  ctx.money(cur.to_minor(sum(totals, Decimal(0))))])
    story: list[Flowable] = [
        ctx.para(_("Overdue debt by age on {date}").format(date=ctx.date(day)), bold=True), Spacer(1, 6),
        ctx.grid([Column(_("Employer file"), 1.1), Column(_("Employer"), 2.2),
                  *(Column(_(label), 1.2, "number") for label in AGE_LABELS), Column(_("Total"), 1.3, "number")],
                 table, width=A4_LANDSCAPE.frame_width),
    ]
    return build_pdf(ctx, _("Ageing of the debt"), story, page=A4_LANDSCAPE)


def debt_file_pdf(f: DebtFile, info: BranchInfo, lang: str, *, printed_at: dt.datetime | None = None) -> bytes:
    """An employer's debt file: each dated step (documents, service, objections, seizures,
    agreements, payments) in date order."""
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    cur = ctx.currency
    width = A4_PORTRAIT.frame_width

    def detail(r: TimelineRow) -> str:
        text = _(DETAIL_LABELS[r.detail]) if r.event != "seizure" and r.detail in DETAIL_LABELS else r.detail
        if r.until:
            text = _("{reason}; suspended until {date}").format(reason=text, date=ctx.date(r.until))
        return text

    table: list[list[object]] = [[ctx.date(r.day), _(TIMELINE_LABELS[r.event]), ctx.digits(r.reference),
                                  ctx.month(r.month) if r.month else "", detail(r),
                                  ctx.money(cur.to_minor(r.amount)) if r.amount is not None else ""] for r in f.rows]
    story: list[Flowable] = [
        ctx.fields([(_("Employer file"), ctx.digits(f.file_no)), (_("Employer"), f.name)], width=width),
        Spacer(1, 8),
        ctx.grid([Column(_("Date"), 1.0, "code"), Column(_("Step"), 1.5), Column(_("Number"), 1.1),
                  Column(_("Month"), 0.8), Column(_("Detail"), 2.0), Column(_("Amount"), 1.3, "number")],
                 table, width=width),
    ]
    return build_pdf(ctx, _("Debt file"), story, page=A4_PORTRAIT)

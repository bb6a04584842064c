"""Insured-affairs documents (ReportLab, no Qt): the service-record statement and the decision
letter with its calculation trace as a readable appendix, in the language asked for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable, PageBreak, Spacer

from branch_desktop.core.i18n import N_
from branch_desktop.core.ledger.types import BranchInfo
from branch_desktop.insured.trace_text import TraceText
from branch_desktop.insured.types import (
    METHOD_LABELS,
    ClaimState,
    ClaimView,
    PersonView,
    ServiceMonth,
    ServiceYear,
    TransferListView,
)
from branch_desktop.printing.base import A4_PORTRAIT, Cell, Column, PrintContext, build_pdf
from branch_desktop.printing.batch import Progress, batch_pdf


def service_record_pdf(person: PersonView, months: Sequence[ServiceMonth], years: Sequence[ServiceYear],
                       info: BranchInfo, lang: str, *, printed_at: dt.datetime | None = None) -> bytes:
    """The insured person's declared service, by year and by month, for them or another office."""
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    page = A4_PORTRAIT
    cur = ctx.currency
    story: list[Flowable] = [
        ctx.fields([(_("Insured person"), f"{person.first_name} {person.last_name}"),
                    (_("National id"), ctx.digits(person.national_id)),
                    (_("Birth date"), ctx.date(person.birth_date) if person.birth_date else ""),
                    (_("Days in all"), ctx.number(sum(y.days for y in years)))], width=page.frame_width),
        Spacer(1, 8),
        ctx.heading(_("By year")),
        ctx.grid([Column(_("Year"), 0.8, "code"), Column(_("Days"), 0.8, "number"), Column(_("Employers"), 0.8, "number"),
                  Column(_("Earnings"), 1.6, "number")],
                 [[ctx.digits(str(y.year)), ctx.number(y.days), ctx.number(y.employers),
                   ctx.money(cur.to_minor(y.wage))] for y in years], width=page.frame_width * 0.7),
        Spacer(1, 8),
        ctx.heading(_("By month")),
        ctx.grid([Column(_("Month"), 0.9, "code"), Column(_("Employer file"), 1.6, "code"),
                  Column(_("Employer"), 3.0, "start"), Column(_("Days"), 0.6, "number"),
                  Column(_("Earnings"), 1.4, "number")],
                 [[ctx.digits(f"{m.year:04d}/{m.month:02d}"), ctx.digits(m.employer_file_no), m.employer_name,
                   ctx.number(m.days), ctx.money(cur.to_minor(m.wage))] for m in months],
                 width=page.frame_width, font_size=8),
    ]
    return build_pdf(ctx, _("Service record"), story, page=page)


def decision_letter_pdf(claim: ClaimView, info: BranchInfo, lang: str, *,
                        printed_at: dt.datetime | None = None) -> bytes:
    """The decision on a claim: the outcome, the amount in figures and words (or the failed
    condition and its figures), and the calculation trace as an appendix."""
    return decision_letters_pdf([claim], info, lang, printed_at=printed_at)


def decision_letters_pdf(claims: Sequence[ClaimView], info: BranchInfo, lang: str, *,
                         printed_at: dt.datetime | None = None, progress: Progress | None = None,
                         workers: int | None = None) -> bytes:
    """Many decision letters in one PDF (a day's decisions for the post), each from a new page (a
    long batch is laid out by several processes: ``printing.batch``); ``progress(pages)`` as pages
    are laid out."""
    return batch_pdf(letters_story, claims, info, lang, title=N_("Benefit decision"), page=A4_PORTRAIT,
                     printed_at=printed_at, progress=progress, workers=workers)


def letters_story(ctx: PrintContext, claims: Sequence[ClaimView]) -> list[Flowable]:
    story: list[Flowable] = []
    for n, claim in enumerate(claims):
        if n:
            story.append(PageBreak())
        story += _letter(ctx, claim)
    return story


def _letter(ctx: PrintContext, claim: ClaimView) -> list[Flowable]:
    _ = ctx.gettext
    page = A4_PORTRAIT
    minor = ctx.currency.to_minor(claim.amount)
    reader = trace_reader(ctx)
    outcome = {ClaimState.APPROVED: _("Approved"), ClaimState.REFUSED: _("Refused"), ClaimState.PAID: _("Paid"),
               ClaimState.WAITING: _("Waiting for a decision")}[claim.state]
    pairs = [(_("Claim"), ctx.digits(claim.number)), (_("Decision"), ctx.digits(claim.decision_number) or "-"),
             (_("Insured person"), claim.person_name), (_("National id"), ctx.digits(claim.national_id)),
             (_("Benefit"), reader.kind(claim.kind)), (_("Outcome"), outcome),
             (_("Prepared by"), claim.prepared_by), (_("Decided by"), claim.decided_by or "-")]
    story: list[Flowable] = [ctx.fields(pairs, width=page.frame_width), Spacer(1, 10)]
    if claim.state in (ClaimState.APPROVED, ClaimState.PAID):
        story.append(ctx.para(_("Amount: {amount} ({words})").format(amount=ctx.money(minor), words=ctx.words(minor)),
                              bold=True))
    if claim.state is ClaimState.PAID and claim.payment_method is not None and claim.paid_on is not None:
        story.append(ctx.para(_("Paid on {date}: {method} {instrument}").format(
            date=ctx.date(claim.paid_on), method=_(METHOD_LABELS[claim.payment_method]),
            instrument=ctx.digits(claim.payment_instrument))))
    refusal = claim.result.get("refusal")
    if claim.state is ClaimState.REFUSED:
        story.append(ctx.para(_("Reason: {reason}").format(reason=claim.decision_reason), bold=True))
    if refusal:
        story.append(ctx.para(_("Condition not met: {condition} {figures}").format(
            condition=reader.label(refusal["condition"]), figures=reader.value(refusal["figures"]))))
    story += [Spacer(1, 12), ctx.heading(_("How it was computed"))]
    rows: list[list[str | Cell | Flowable | None]] = []
    for step in claim.result.get("trace", []):
        label, value, source = reader.step(step)
        rows.append([label, value, Cell(source, size=7)])
    story.append(ctx.grid([Column(_("Step"), 1.6, "start"), Column(_("Value"), 1.3, "start"),
                           Column(_("Legal source"), 2.6, "start")], rows, width=page.frame_width, font_size=7.5))
    story += [Spacer(1, 14), ctx.signature_boxes([_("Prepared by"), _("Unit head")], width=page.frame_width)]
    return story




def trace_reader(ctx: PrintContext) -> TraceText:
    return TraceText(gettext=ctx.gettext, digits=ctx.digits, date=ctx.date, number=ctx.number, calendar=ctx.calendar,
                     lang=ctx.lang)


def income_test_pdf(result: dict[str, Any], household: Sequence[dict[str, Any]], info: BranchInfo, lang: str, *,
                    printed_at: dt.datetime | None = None) -> bytes:
    """The health-insurance income test's result: the household, the per-capita income, the bracket
    and the monthly premium, with the calculation trace."""
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    page = A4_PORTRAIT
    reader = trace_reader(ctx)
    cur = ctx.currency
    story: list[Flowable] = [
        ctx.grid([Column(_("Relation"), 1.2, "start"), Column(_("Monthly income"), 1.2, "number")],
                 [[reader.label(str(m.get("relation", ""))), ctx.money(cur.to_minor(str(m.get("monthly_income", "0"))))]
                  for m in household], width=page.frame_width * 0.6),
        Spacer(1, 10),
        ctx.fields([(_("Per-capita income"), ctx.money(cur.to_minor(result["per_capita_income"]))),
                    (_("Bracket"), result["bracket"]),
                    (_("Monthly premium"), ctx.money(cur.to_minor(result["premium"])))], width=page.frame_width),
        Spacer(1, 12), ctx.heading(_("How it was computed")),
    ]
    rows: list[list[str | Cell | Flowable | None]] = []
    for step in result["trace"]:
        label, value, source = reader.step(step)
        rows.append([label, value, Cell(source, size=7)])
    story.append(ctx.grid([Column(_("Step"), 1.6, "start"), Column(_("Value"), 1.3, "start"),
                           Column(_("Legal source"), 2.6, "start")], rows, width=page.frame_width, font_size=7.5))
    return build_pdf(ctx, _("Health-insurance income test"), story, page=page)


def transfer_list_pdf(view: TransferListView, info: BranchInfo, lang: str, *,
                      printed_at: dt.datetime | None = None) -> bytes:
    """The printed transfer list sent with the bank's file: payees, IBANs, amounts, the total in
    words, the two signatures."""
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    page = A4_PORTRAIT
    cur = ctx.currency
    total = cur.to_minor(view.total)
    story: list[Flowable] = [
        ctx.fields([(_("Transfer list"), ctx.digits(view.number)), (_("Date"), ctx.date(view.list_date)),
                    (_("Bank account"), f"{ctx.digits(view.bank_account_code)} {view.bank_name}".strip()),
                    (_("IBAN"), view.bank_iban or "-")], width=page.frame_width),
        Spacer(1, 10),
        ctx.grid([Column(_("Line"), 0.4, "number"), Column(_("Payee"), 1.6, "start"),
                  Column(_("National id"), 1.0, "start"), Column(_("IBAN"), 2.0, "start"),
                  Column(_("Amount"), 1.1, "number")],
                 [[ctx.digits(str(line.line_no)), line.payee, ctx.digits(line.national_id), line.iban,
                   ctx.money(cur.to_minor(line.amount))] for line in view.lines],
                 width=page.frame_width, font_size=8),
        Spacer(1, 8),
        ctx.para(_("Total: {amount} ({words}) to {count} payees").format(
            amount=ctx.money(total), words=ctx.words(total), count=ctx.digits(str(view.count))), bold=True),
        Spacer(1, 14),
        ctx.signature_boxes([_("Prepared by"), _("Head of accounting")], width=page.frame_width),
    ]
    return build_pdf(ctx, _("Bank transfer list"), story, page=page)

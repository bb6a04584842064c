"""Insured-affairs documents (ReportLab, no Qt): the service-record statement and the decision
letter with its calculation trace as a readable appendix, in the language asked for."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from reportlab.platypus import Flowable, Spacer

from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import N_
from branch_desktop.core.ledger.types import BranchInfo
from branch_desktop.insured.types import ClaimState, ClaimView, PersonView, ServiceMonth, ServiceYear
from branch_desktop.printing.base import A4_PORTRAIT, Cell, Column, PrintContext, build_pdf

# How the rules' trace steps and kinds read in a letter (unknown names are shown as they are).
TRACE_LABELS = {
    "kind": N_("Benefit"), "start": N_("First day"), "exit_date": N_("Exit date"), "rest": N_("Rest report"),
    "dependents": N_("Dependants"), "min_premium_days": N_("Premium days required"),
    "window_days": N_("Days in the window before"), "premium_days_in_window": N_("Premium days in the window"),
    "minimum_premium_days": N_("Enough premium days"), "basis_months": N_("Months in the earnings basis"),
    "daily_earnings_basis": N_("Daily earnings basis"), "average_daily_wage": N_("Average daily wage"),
    "paid_from_day": N_("Paid from day"), "days_paid": N_("Days paid"), "inpatient_share": N_("Share when inpatient"),
    "outpatient_share": N_("Share when outpatient"), "share": N_("Share of the wage"), "daily": N_("Daily amount"),
    "daily_inpatient": N_("Daily amount, inpatient"), "daily_outpatient": N_("Daily amount, outpatient"),
    "allowance_before_reductions": N_("Allowance before reductions"), "reduction_factor": N_("Reduction factor"),
    "amount": N_("Amount"), "fit_to_work_certificate": N_("Fit-to-work certificate given"),
    "minimum_wage.gross_monthly": N_("Gross minimum wage"), "premium.ceiling_multiple": N_("Ceiling multiple"),
    "notice_deadline": N_("Employer's notice deadline"), "declared_wages_before_the_event": N_("Wages declared before"),
    "declared_earnings_in_last_12_months": N_("Earnings declared in the last 12 months"),
    "rest_within_grace_after_exit": N_("Rest begins soon enough after the exit"),
    "rest_not_after_exit": N_("Rest begins before the exit"), "first_marriage": N_("First marriage"),
    "basis_days": N_("Days in the wage basis"), "hospitalised": N_("Hospitalised (paid from the first day)"),
    "days_not_counted": N_("Days left out of the year"), "maternity_leave_days": N_("Maternity leave days"),
    "pre_birth_days_used": N_("Pre-birth days used"), "pre_birth_days_moved_after_birth": N_("Pre-birth days moved after the birth"),
    "doctor_single_days": N_("One report's limit (days)"), "doctor_total_days": N_("One doctor's total limit (days)"),
    "board_first_days": N_("A health board's first rest (days)"), "doctor_report_within_limits": N_("Report within its limits"),
    "waiting_days": N_("Waiting days"), "premium.due_day": N_("Day the premium document is due"),
    "notice_fine_missing": N_("Fine for a missing notice (share of MW)"),
    "notice_fine_late": N_("Fine for a late notice (share of MW)"), "exit_grace_days": N_("Days after the exit"),
    "monthly_benefit": N_("Monthly benefit"), "duration_months": N_("Months paid"),
    "contribution_months": N_("Months of contributions"), "contribution_record_long_enough": N_("Long enough record"),
    "share_with_dependents": N_("Share with dependants"), "dependent_step": N_("Added share per dependant"),
    "max_share": N_("Highest share"), "funeral_aid": N_("Funeral aid"),
    "gross_fault": N_("Gross fault (share of the fault degree)"), "ignored_advice": N_("Doctor's advice ignored"),
    "intentional": N_("Intentional act"), "from": N_("From"), "to": N_("To"), "inpatient": N_("Inpatient"),
    "issuer": N_("Issued by"), "doctor": N_("Doctor"), "board": N_("Health board"), "days": N_("Days"),
    "required": N_("Required"), "months": N_("Months"),
}
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTHLY = re.compile(r"^(wage|earnings) (\S+)$")
KIND_LABELS = {
    "sickness": N_("Sickness"), "work_accident": N_("Work accident"), "occupational_disease": N_("Occupational disease"),
    "maternity": N_("Maternity"), "marriage": N_("Marriage aid"), "funeral": N_("Funeral aid"),
    "unemployment": N_("Unemployment benefit"), "gss_income_test": N_("Health-insurance income test"),
}


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
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    page = A4_PORTRAIT
    minor = ctx.currency.to_minor(claim.amount)
    outcome = {ClaimState.APPROVED: _("Approved"), ClaimState.REFUSED: _("Refused"),
               ClaimState.WAITING: _("Waiting for a decision")}[claim.state]
    pairs = [(_("Claim"), ctx.digits(claim.number)), (_("Decision"), ctx.digits(claim.decision_number) or "-"),
             (_("Insured person"), claim.person_name), (_("National id"), ctx.digits(claim.national_id)),
             (_("Benefit"), _(KIND_LABELS.get(claim.kind, claim.kind))), (_("Outcome"), outcome),
             (_("Prepared by"), claim.prepared_by), (_("Decided by"), claim.decided_by or "-")]
    story: list[Flowable] = [ctx.fields(pairs, width=page.frame_width), Spacer(1, 10)]
    if claim.state is ClaimState.APPROVED:
        story.append(ctx.para(_("Amount: {amount} ({words})").format(amount=ctx.money(minor), words=ctx.words(minor)),
                              bold=True))
    refusal = claim.result.get("refusal")
    if claim.state is ClaimState.REFUSED:
        story.append(ctx.para(_("Reason: {reason}").format(reason=claim.decision_reason), bold=True))
    if refusal:
        parts = [f"{_step_label(ctx, k)}: {_plain(ctx, v)}" for k, v in refusal["figures"].items()]
        story.append(ctx.para(_("Condition not met: {condition} {figures}").format(
            condition=_step_label(ctx, refusal["condition"]), figures=("، " if ctx.lang == "fa" else ", ").join(parts))))
    story += [Spacer(1, 12), ctx.heading(_("How it was computed"))]
    rows: list[list[str | Cell | Flowable | None]] = []
    for step in claim.result.get("trace", []):
        value = _plain(ctx, step.get("value", ""))
        if step["name"] == "kind":
            value = _(KIND_LABELS.get(str(step.get("value")), str(step.get("value"))))
        if step["kind"] == "condition":
            value = _("yes") if step.get("passed") else _("no")
        source = step.get("source", "")
        if step.get("effective_from"):
            source = _("{source} (from {date})").format(source=source, date=ctx.digits(step["effective_from"]))
        rows.append([_step_label(ctx, step["name"]), value, Cell(source, size=7)])
    story.append(ctx.grid([Column(_("Step"), 1.6, "start"), Column(_("Value"), 1.3, "start"),
                           Column(_("Legal source"), 2.6, "start")], rows, width=page.frame_width, font_size=7.5))
    story += [Spacer(1, 14), ctx.signature_boxes([_("Prepared by"), _("Unit head")], width=page.frame_width)]
    return build_pdf(ctx, _("Benefit decision"), story, page=page)


def _step_label(ctx: PrintContext, name: str) -> str:
    monthly = MONTHLY.match(name)
    if monthly:
        return ctx.gettext("Wage of {month}").format(month=ctx.digits(monthly.group(2)))
    return ctx.gettext(TRACE_LABELS.get(name, name))


def _plain(ctx: PrintContext, value: Any) -> str:
    if isinstance(value, dict):
        sep = "، " if ctx.lang == "fa" else ", "
        return sep.join(f"{_step_label(ctx, k)}: {_plain(ctx, v)}" for k, v in value.items())
    if isinstance(value, bool):
        return ctx.gettext("yes") if value else ctx.gettext("no")
    text = str(value)
    if ISO_DAY.match(text):  # a date in the pack's calendar
        try:
            return ctx.date(ctx.calendar.parse(text))
        except DomainError:
            return ctx.digits(text)
    if text in TRACE_LABELS:
        return ctx.gettext(TRACE_LABELS[text])
    try:
        return ctx.number(Decimal(text)) if text and text.replace(".", "", 1).isdigit() else ctx.digits(text)
    except ArithmeticError:
        return ctx.digits(text)

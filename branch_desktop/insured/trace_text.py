"""The rules' calculation trace as a reader sees it, in their language: step names from the
catalogue, dates in the pack's calendar, figures in the language's digits. Shared by the decision
letter and the claim screen (no Qt, no ReportLab)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from branch_desktop.core.calendar import Calendar
from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import N_

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
    "coverage": N_("Insurance status entitled to it"), "coverages": N_("Insurance statuses paid"),
    "allowed": N_("Entitled statuses"), "insurance_status": N_("Insurance status"), "debt_free_coverages": N_("Statuses whose premium debts must be paid"),
    "premium_debt": N_("Premium and related debts outstanding"), "premium_debt_paid_on": N_("Premium debts paid on"),
    "premium_debts_paid": N_("Premium and related debts paid"), "debt": N_("Debt"),
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
    "max_share": N_("Highest share"), "funeral_aid": N_("Funeral aid"), "insured_woman": N_("The insured is a woman"),
    "gross_fault": N_("Gross fault (share of the fault degree)"), "ignored_advice": N_("Doctor's advice ignored"),
    "intentional": N_("Intentional act"), "from": N_("From"), "to": N_("To"), "inpatient": N_("Inpatient"),
    "issuer": N_("Issued by"), "doctor": N_("Doctor"), "board": N_("Health board"), "days": N_("Days"),
    "required": N_("Required"), "months": N_("Months"), "self": N_("The person tested"), "spouse": N_("Spouse"),
    "child": N_("Child"), "mother": N_("Mother"), "father": N_("Father"), "bracket": N_("Bracket"),
    "household_monthly_income": N_("Household's monthly income"), "household_size": N_("Household size"),
    "per_capita_income": N_("Per-capita income"), "premium_base": N_("Premium base"), "premium": N_("Monthly premium"),
    "insured.notice_deadline_day": N_("Day the employer's notice is due"),
    "insured.notice_deadline_day.public": N_("Day a public workplace's notice is due"),
    "insured.public_month_first_day": N_("First day of a public workplace's month"),
    "renewal_months": N_("Months before a new test"), "renewal_after_six_months": N_("Six months since the last test"),
    "objection_days": N_("Days to object"), "decision_days": N_("Days to decide an objection"),
    "objection_deadline": N_("Objection deadline"), "objection_decided_by": N_("Objection to be decided by"),
    "objection_in_time": N_("Objection in time"), "counts_in_household": N_("Counts in the household"), "relation": N_("Relation"),
    "monthly_income": N_("Monthly income"), "per_capita_reaches_bracket": N_("Per-capita income reaches the bracket"),
    "lower_bound": N_("Lower bound"), "late_application": N_("Late application"),
    "late_application_income_mw_share": N_("Income taken when not applied (times MW)"), "date": N_("Date"),
    # one-off allowances and reimbursements (rules/allowances.py)
    "birth_within_300_days_of_exit": N_("Birth within 300 days of the exit"), "limit": N_("Limit"),
    "nursing_allowance": N_("Nursing allowance"), "daughter_receiving_survivor_income":
        N_("A daughter receiving a survivor income"), "months_paid_at_once": N_("Months paid at once"),
    "cause": N_("Cause of death"), "long_term_premium_days": N_("Long-term premium days"),
    "death_from_work_accident_or_occupational_disease": N_("Death from a work accident or occupational disease"),
    "receiving_income_or_pension": N_("Was receiving an income or pension"),
    "funeral_allowance": N_("Funeral allowance"), "cost": N_("Documented cost"),
    "documented_cost": N_("A cost is documented"), "pays": N_("What is paid"), "tariff": N_("Tariff"),
    "referred_to_another_town": N_("Referred to treatment in another town"), "item": N_("Medical aid"),
    "renewal_years": N_("Renewed after (years)"), "last_same_item": N_("Same aid last paid"),
    "renewal_period_over": N_("The renewal period is over"), "since": N_("Since"), "years": N_("Years"),
    "degree": N_("Loss of capacity (%)"), "min_degree": N_("Lowest degree (%)"), "max_degree": N_("Highest degree (%)"),
    "degree_in_lump_sum_range": N_("Degree within the lump-sum range"), "low": N_("From"), "high": N_("To"),
    "average_monthly_wage": N_("Average monthly wage"), "years_of_premium": N_("Years of premium"),
    "pension_years_divisor": N_("Years for a full pension"), "pension_floor": N_("Lowest pension (share of the wage)"),
    "pension_cap": N_("Highest pension (share of the wage)"), "total_disability_pension":
        N_("Total-disability pension"), "pension_multiple": N_("Pensions paid at once"),
    "other": N_("Other"), "daughter": N_("Daughter"),
}
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTHLY = re.compile(r"^(wage|earnings) (\S+)$")
KIND_LABELS = {
    "sickness": N_("Sickness"), "work_accident": N_("Work accident"), "occupational_disease": N_("Occupational disease"),
    "maternity": N_("Maternity"), "marriage": N_("Marriage aid"), "funeral": N_("Funeral aid"),
    "unemployment": N_("Unemployment benefit"), "gss_income_test": N_("Health-insurance income test"),
    "nursing": N_("Nursing allowance"), "travel": N_("Travel costs"), "prosthesis": N_("Prosthesis or orthosis"),
    "amputation": N_("Lump sum for a partial loss of capacity"),
}



@dataclass(frozen=True)
class TraceText:
    gettext: Callable[[str], str]
    digits: Callable[[str], str]
    date: Callable[[dt.date], str]
    number: Callable[[Decimal], str]
    calendar: Calendar
    lang: str

    def label(self, name: str) -> str:
        """A trace step's name as a reader sees it."""
        monthly = MONTHLY.match(name)
        if monthly:
            month = monthly.group(2).replace("-", "/") if self.lang == "fa" else monthly.group(2)  # no bidi swap
            return self.gettext("Wage of {month}").format(month=self.digits(month))
        return self.gettext(TRACE_LABELS.get(name, name))

    def kind(self, kind: str) -> str:
        return self.gettext(KIND_LABELS.get(kind, kind))

    def value(self, value: Any) -> str:
        if isinstance(value, dict):
            sep = "، " if self.lang == "fa" else ", "
            return sep.join(f"{self.label(k)}: {self.value(v)}" for k, v in value.items())
        if isinstance(value, bool):
            return self.gettext("yes") if value else self.gettext("no")
        text = "" if value is None else str(value)
        if ISO_DAY.match(text):  # a date in the pack's calendar
            try:
                return self.date(self.calendar.parse(text))
            except DomainError:
                return self.digits(text)
        if text in KIND_LABELS:
            return self.kind(text)
        if text in TRACE_LABELS:
            return self.gettext(TRACE_LABELS[text])
        if text and text.replace(".", "", 1).isdigit():
            try:
                return self.number(Decimal(text))
            except InvalidOperation:
                pass
        return self.digits(text)

    def step(self, step: dict[str, Any]) -> tuple[str, str, str]:
        """(label, value, legal source) of one step."""
        value = self.value(step.get("value", ""))
        if step.get("kind") == "condition":
            value = self.gettext("yes") if step.get("passed") else self.gettext("no")
        source = str(step.get("source", ""))
        if step.get("effective_from"):
            source = self.gettext("{source} (from {date})").format(source=source,
                                                                    date=self.value(step["effective_from"]))
        return self.label(str(step.get("name", ""))), value, source

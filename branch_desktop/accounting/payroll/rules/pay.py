"""A month's pay: look-ups in the pack's dated parameters and tables, the earnings of a decree,
the Iranian and the Turkish deductions, and group progression (no database, no Qt).

Every rate and amount comes from the pack (``parameters/payroll.csv``, ``parameters.csv`` and
``tables/payroll_*.csv``), looked up on the pay day of the month, so last year's month is computed
with last year's figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from branch_desktop.accounting.payroll.exceptions import JobGroupNotInTable, UnknownChoice
from branch_desktop.accounting.payroll.rules.lines import (
    ONE,
    OWN_ATTRACTION,
    POSTS,
    ZERO,
    LoanDeduction,
    PayLine,
    PayResult,
    PayTerms,
)
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.packs import Pack
from branch_desktop.core.premiums import month_premium, premium_day, wage_limits

# -- look-ups -------------------------------------------------------------------------------


def pay_day(pack: Pack, month: YearMonth) -> dt.date:
    """The day whose figures a month's pay uses: the pack's payroll rule (``[rules.payroll]
    date``; the month's last day in the pack's calendar)."""
    first, last = pack.calendar.month_bounds(month)
    return first if pack.rule("payroll").date == "period_first_day" else last


def _param(pack: Pack, name: str, day: dt.date, default: Decimal | None = None) -> Decimal:
    if default is not None and name not in pack.parameter_names():
        return default
    return pack.param(name, day)


def base_pay(pack: Pack, group: int | None, day: dt.date) -> Decimal:
    """Base pay of a job group from the pay table (group None: the lowest base, group 1)."""
    wanted = 1 if group is None else group
    for row in pack.table("payroll_pay_table", day):
        if int(row["group"]) == wanted:
            return Decimal(row["base"])
    raise JobGroupNotInTable(group=wanted)


def allowance_rate(pack: Pack, allowance: str, post: str, group: int | None, day: dt.date) -> Decimal:
    """The rate (share of base pay) of an allowance for a post and group; 0 when none applies.

    Attraction rows name the post, or ``non_expert`` for every post without a row of its own.
    """
    g = 1 if group is None else group
    keys = [post]
    if allowance == "attraction" and post not in OWN_ATTRACTION:
        keys = ["non_expert"]
    for row in pack.table("payroll_allowances", day):
        if row["allowance"] != allowance or row["post"] not in keys:
            continue
        if int(row["group_from"]) <= g <= int(row["group_to"]):
            return Decimal(row["rate"])
    return ZERO


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (Gregorian; good enough for service length)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return months


def housing_allowance(pack: Pack, terms: PayTerms, day: dt.date) -> Decimal:
    """Married 60 %, single 40 % of the group-1 minimum base (x the year's factor); none for
    organisation housing, the deprived-area allowance, or contract staff in their first year."""
    names = pack.parameter_names()
    if "housing.married_rate" not in names:
        return ZERO
    if terms.housing != "normal":
        return ZERO
    if terms.employment == "contract":
        wait = int(_param(pack, "payroll.contract_housing_wait_months", day, Decimal(12)))
        if months_between(terms.hire_date, day) < wait:
            return ZERO
    rate = pack.param("housing.married_rate" if terms.married else "housing.single_rate", day)
    factor = _param(pack, "payroll.housing_factor", day, ONE)
    return pack.currency.round(base_pay(pack, 1, day) * rate * factor)


def tax_on(brackets: Sequence[tuple[Decimal, Decimal]], base: Decimal) -> Decimal:
    """Progressive tax of ``base`` on brackets [(lower bound, rate)], sorted by lower bound."""
    tax = ZERO
    for i, (lower, rate) in enumerate(brackets):
        if base <= lower:
            break
        upper = brackets[i + 1][0] if i + 1 < len(brackets) else None
        top = base if upper is None else min(base, upper)
        tax += (top - lower) * rate
    return tax


def tax_brackets(pack: Pack, day: dt.date) -> list[tuple[Decimal, Decimal]]:
    return sorted((Decimal(r["lower"]), Decimal(r["rate"])) for r in pack.table("payroll_income_tax", day))


def loan_fund_contributions(pack: Pack, pay: Decimal, day: dt.date) -> tuple[Decimal, Decimal]:
    """(employee, organisation) loan-fund contributions on a month's pay (seed: 4 % + 4 %)."""
    cur = pack.currency
    return (
        cur.round(pay * pack.param("loanfund.employee_rate", day)),
        cur.round(pay * pack.param("loanfund.organisation_rate", day)),
    )


def is_turkish(pack: Pack) -> bool:
    return "payroll.stamp_duty_rate" in pack.parameter_names()


# -- the month's pay ------------------------------------------------------------------------


def earnings(pack: Pack, terms: PayTerms, month: YearMonth) -> list[PayLine]:
    day = pay_day(pack, month)
    cur = pack.currency
    if terms.post not in POSTS:
        raise UnknownChoice(field="post", post=terms.post)
    base = base_pay(pack, terms.job_group, day)
    lines = [PayLine("base", cur.round(base))]
    for allowance in ("attraction", "supervision", "specialty", "hardship"):
        rate = allowance_rate(pack, allowance, terms.post, terms.job_group, day)
        if rate:
            lines.append(PayLine(allowance, cur.round(base * rate)))
    housing = housing_allowance(pack, terms, day)
    if housing:
        lines.append(PayLine("housing", housing))
    if terms.other_allowance:
        lines.append(PayLine("other_allowance", cur.round(terms.other_allowance)))
    return lines


def continuous_pay(pack: Pack, terms: PayTerms, month: YearMonth) -> Decimal:
    """Monthly continuous pay for bonuses: base and the job allowances, without housing."""
    return sum(
        (line.amount for line in earnings(pack, terms, month) if line.code not in {"housing", "other_allowance"}),
        ZERO,
    )


def compute_pay(
    pack: Pack,
    terms: PayTerms,
    month: YearMonth,
    *,
    extra: Iterable[PayLine] = (),
    regular: bool = True,
    ytd_taxable_before: Decimal = ZERO,
    month_taxable_before: Decimal = ZERO,
    month_insurable_before: Decimal = ZERO,
    loans: Iterable[LoanDeduction] = (),
) -> PayResult:
    """A month's pay lines for one employee.

    ``regular`` is the monthly run (earnings from the decree); an off-cycle run (bonus) passes
    ``regular=False`` and its earnings in ``extra``. ``ytd_taxable_before`` is the year's taxable
    base before this payment (cumulative tax), ``month_taxable_before`` and
    ``month_insurable_before`` what this month's earlier runs already taxed and insured.
    """
    day = pay_day(pack, month)
    cur = pack.currency
    lines = earnings(pack, terms, month) if regular else []
    lines += [line for line in extra if line.amount]
    gross = sum((line.amount for line in lines), ZERO)
    deductions: list[PayLine] = []
    employer: list[PayLine] = []
    if is_turkish(pack):
        insurable, taxable = _turkish(pack, month, day, gross, deductions, employer, ytd_taxable_before,
                                      month_insurable_before, regular)
    else:
        insurable, taxable = _iranian(pack, month, day, gross, deductions, employer, month_taxable_before, regular)
    if regular:
        own, org = loan_fund_contributions(pack, gross, day)
        if own:
            deductions.append(PayLine("loanfund", own))
        if org:
            employer.append(PayLine("loanfund_org", org))
    loan_list = tuple(loans)
    for ln in loan_list:
        deductions.append(PayLine("loan_instalment", cur.round(ln.instalment), ln.loan_id))
        if ln.penalty:
            deductions.append(PayLine("loan_penalty", cur.round(ln.penalty), ln.loan_id))
    if regular and terms.other_deduction:
        deductions.append(PayLine("other_deduction", cur.round(terms.other_deduction)))
    all_lines = [line for line in lines + deductions + employer if line.amount]
    return PayResult(tuple(all_lines), taxable=taxable, insurable=insurable, loan_deductions=loan_list)


def _premium_lines(pack: Pack, month: YearMonth, insurable: Decimal, deductions: list[PayLine],
                   employer: list[PayLine]) -> Decimal:
    """The premium of the month on ``insurable`` from the shared computation (``core.premiums``,
    the same figure revenue declares and accrues): the worker's shares as deductions (the
    unemployment component on its own line), the employer's as employer cost. Returns the
    worker's total share."""
    cur = pack.currency
    split = month_premium(pack, cur.to_minor(cur.round(insurable)), month)
    own = [c for c in split.components if c.key != "unemployment"]
    unemployment = split.component("unemployment")
    deductions.append(PayLine("insurance", cur.from_minor(sum(c.employee for c in own))))
    if unemployment is not None and unemployment.employee:
        deductions.append(PayLine("unemployment", cur.from_minor(unemployment.employee)))
    employer.append(PayLine("employer_insurance", cur.from_minor(sum(c.employer for c in own))))
    employer.append(PayLine("employer_unemployment", cur.from_minor(unemployment.employer if unemployment else 0)))
    return cur.from_minor(split.employee)


def _iranian(
    pack: Pack, month: YearMonth, day: dt.date, gross: Decimal, deductions: list[PayLine],
    employer: list[PayLine], month_taxable_before: Decimal, regular: bool,
) -> tuple[Decimal, Decimal]:
    cur = pack.currency
    # Housing and the allowances are subject to insurance (seed 001); the bonuses only to tax. Up
    # to the ceiling of a full month of the calendar (what revenue accepts on the declaration);
    # before the pack's first minimum wage (1390) no ceiling is known and none is applied.
    insurable = gross if regular else ZERO
    if pack.param_row("minimum_wage.gross_monthly", premium_day(pack, month)) is not None:
        ceiling = cur.from_minor(wage_limits(pack, month, pack.calendar.month_length(month))[1])
        insurable = min(insurable, ceiling)
    insurance = _premium_lines(pack, month, insurable, deductions, employer)
    taxable = gross - insurance  # the employee's insurance share is exempt
    brackets = tax_brackets(pack, day)
    tax = tax_on(brackets, month_taxable_before + taxable) - tax_on(brackets, month_taxable_before)
    deductions.append(PayLine("income_tax", cur.round(tax)))
    return insurable, taxable


def _turkish(
    pack: Pack, month: YearMonth, day: dt.date, gross: Decimal, deductions: list[PayLine],
    employer: list[PayLine], ytd_before: Decimal, insurable_before: Decimal, regular: bool,
) -> tuple[Decimal, Decimal]:
    cur = pack.currency
    p = pack.param
    minimum = p("minimum_wage.gross_monthly", day)
    ceiling = cur.from_minor(wage_limits(pack, month, 30)[1])
    insurable = max(ZERO, min(gross, ceiling - insurable_before))
    insurance = _premium_lines(pack, month, insurable, deductions, employer)
    taxable = gross - insurance
    brackets = tax_brackets(pack, day)
    tax = tax_on(brackets, ytd_before + taxable) - tax_on(brackets, ytd_before)
    stamp_rate = p("payroll.stamp_duty_rate", day)
    stamp = gross * stamp_rate
    if _param(pack, "payroll.minimum_wage_exemption", day, ZERO) and regular:
        exemption = minimum_wage_tax_exemption(pack, month, day)
        tax = max(ZERO, tax - exemption)
        stamp = max(ZERO, stamp - minimum * stamp_rate)
    deductions.append(PayLine("income_tax", cur.round(tax)))
    deductions.append(PayLine("stamp_duty", cur.round(stamp)))
    return insurable, taxable


def minimum_wage_tax_exemption(pack: Pack, month: YearMonth, day: dt.date) -> Decimal:
    """Income tax of the month's minimum wage on its cumulative base (Law 7349): the part of an
    employee's tax that is not collected. The minimum wage's premium is the shared computation."""
    cur = pack.currency
    minimum = pack.param("minimum_wage.gross_monthly", day)
    base = minimum - cur.from_minor(month_premium(pack, cur.to_minor(cur.round(minimum)), month).employee)
    brackets = tax_brackets(pack, day)
    before = base * (month.month - 1)
    return tax_on(brackets, before + base) - tax_on(brackets, before)


# -- group progression ----------------------------------------------------------------------


@dataclass(frozen=True)
class GroupDue:
    due_on: dt.date
    new_group: int | None  # None: the first group (decided by degree, experience and post)


def group_progression(
    pack: Pack, terms: PayTerms, group_since: dt.date, month: YearMonth
) -> GroupDue | None:
    """Whether an employee is due a group by the end of ``month``: contract staff get the first
    group 2 years after hire, then everyone +1 group every 4 years since the last change."""
    day = pay_day(pack, month)
    max_group = int(_param(pack, "payroll.max_group", day, Decimal(20)))
    if terms.job_group is None:
        due = pack.calendar.add_years(terms.hire_date, int(_param(pack, "payroll.contract_first_group_years", day, Decimal(2))))
        return GroupDue(due, None) if due <= day else None
    if terms.job_group >= max_group:
        return None
    due = pack.calendar.add_years(group_since, int(_param(pack, "payroll.group_step_years", day, Decimal(4))))
    return GroupDue(due, terms.job_group + 1) if due <= day else None


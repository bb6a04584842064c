"""Pay rules: pure functions of an employee's terms (from the decree in force) and the pack's dated
parameters and tables, returning ``Decimal`` pay lines rounded to the currency's unit.

No database, no Qt. Every rate and amount comes from the pack (``parameters/payroll.csv``,
``parameters.csv`` and ``tables/payroll_*.csv``), looked up on the last day of the pay month, so
last year's month is computed with last year's figures.

Two rule sets share the earnings side (base pay from the 20-group table, allowances by post and
group, housing): the Iranian deductions (employee social-insurance share, monthly salary tax
brackets) and the Turkish ones (SGK employee 14 % + unemployment 1 % up to the ceiling, income tax
on the cumulative annual base, stamp duty, the minimum-wage exemption from both taxes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.errors import PackError, ValidationError
from branch_desktop.core.i18n import N_
from branch_desktop.core.packs import Pack
from branch_desktop.core.premiums import month_premium, premium_day, wage_limits

ZERO = Decimal(0)
ONE = Decimal(1)

# -- vocabularies ---------------------------------------------------------------------------

POSTS: dict[str, str] = {
    "branch_head": N_("Branch head"),
    "deputy": N_("Deputy branch head"),
    "unit_head": N_("Unit head"),
    "second_person": N_("Second person"),
    "expert": N_("Expert"),
    "non_expert": N_("Non-expert"),
    "driver": N_("Driver"),
    "typist": N_("Typist"),
    "process_server": N_("Process server"),
    "inspector": N_("Inspector"),
    "archivist": N_("Archivist"),
    "telephone_operator": N_("Telephone operator"),
}
# Posts whose attraction allowance has its own row; every other post is a non-expert.
OWN_ATTRACTION = {"branch_head", "deputy", "unit_head", "second_person", "expert"}
# Management, supervision and expert posts: the 75 % productivity threshold (others 65 %).
MANAGEMENT_POSTS = {"branch_head", "deputy", "unit_head", "second_person", "expert"}

EMPLOYMENT_TYPES: dict[str, str] = {
    "permanent": N_("Permanent"),
    "probationary": N_("Probationary"),
    "contract": N_("Contract"),
}
HOUSING_SITUATIONS: dict[str, str] = {
    "normal": N_("Own arrangements"),
    "organisation_housing": N_("Organisation housing"),
    "deprived_area": N_("Deprived-area allowance"),
}
EDUCATION: dict[str, str] = {
    "diploma": N_("Diploma"),
    "associate": N_("Associate degree"),
    "bachelor": N_("Bachelor's degree"),
    "master": N_("Master's degree"),
    "doctorate": N_("Doctorate"),
}


class LineKind(StrEnum):
    EARNING = "earning"
    DEDUCTION = "deduction"
    EMPLOYER = "employer"  # employer's cost beyond gross pay (not on the employee's net)


# code -> (label msgid, kind, account roles in order of preference)
LINE_TYPES: dict[str, tuple[str, LineKind, tuple[str, ...]]] = {
    "base": (N_("Base pay"), LineKind.EARNING, ("salary_base",)),
    "attraction": (N_("Attraction allowance"), LineKind.EARNING, ("salary_attraction", "salary_allowances")),
    "supervision": (N_("Supervision allowance"), LineKind.EARNING, ("salary_supervision", "salary_allowances")),
    "specialty": (N_("Specialty allowance"), LineKind.EARNING, ("salary_specialty", "salary_allowances")),
    "hardship": (N_("Hardship allowance"), LineKind.EARNING, ("salary_hardship", "salary_allowances")),
    "housing": (N_("Housing allowance"), LineKind.EARNING, ("salary_housing", "salary_allowances")),
    "other_allowance": (N_("Other allowance"), LineKind.EARNING, ("salary_allowances", "salary_base")),
    "productivity": (N_("Productivity bonus"), LineKind.EARNING, ("salary_productivity",)),
    "performance": (N_("Performance bonus"), LineKind.EARNING, ("salary_performance",)),
    "insurance": (N_("Social insurance (employee)"), LineKind.DEDUCTION, ("employee_insurance_payable",)),
    "unemployment": (N_("Unemployment insurance (employee)"), LineKind.DEDUCTION, ("employee_insurance_payable",)),
    "income_tax": (N_("Income tax"), LineKind.DEDUCTION, ("income_tax_payable",)),
    "stamp_duty": (N_("Stamp duty"), LineKind.DEDUCTION, ("stamp_duty_payable", "income_tax_payable")),
    "loanfund": (N_("Loan fund contribution"), LineKind.DEDUCTION, ("loan_fund_contributions_payable",)),
    "loan_instalment": (N_("Loan instalment"), LineKind.DEDUCTION, ("staff_loans_receivable",)),
    "loan_penalty": (N_("Late instalment penalty"), LineKind.DEDUCTION, ("loan_fund_fee_revenue",)),
    "other_deduction": (N_("Other deductions"), LineKind.DEDUCTION, ("other_deductions_payable",)),
    "employer_insurance": (N_("Social insurance (employer)"), LineKind.EMPLOYER, ("salary_employer_insurance",)),
    "employer_unemployment": (
        N_("Unemployment insurance (employer)"), LineKind.EMPLOYER,
        ("salary_unemployment_employer", "salary_employer_insurance"),
    ),
    "loanfund_org": (N_("Loan fund (organisation's share)"), LineKind.EMPLOYER, ("salary_loan_fund_share",)),
}
# The payable an employer-cost line is credited to (its debit goes to the expense role above).
EMPLOYER_CREDIT: dict[str, str] = {
    "employer_insurance": "employee_insurance_payable",
    "employer_unemployment": "employee_insurance_payable",
    "loanfund_org": "loan_fund_contributions_payable",
}
LINE_ORDER = {code: i for i, code in enumerate(LINE_TYPES)}


def line_label(code: str) -> str:
    return LINE_TYPES[code][0]


def line_kind(code: str) -> LineKind:
    return LINE_TYPES[code][1]


def line_account_role(pack: Pack, code: str) -> str:
    """The first of the line's account roles the pack assigns."""
    for role in LINE_TYPES[code][2]:
        if role in pack.account_roles:
            return role
    raise PackError("Pack {pack} has no account for the pay line '{code}'.", pack=pack.code, code=code)


# -- data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PayTerms:
    """What the decree in force (and the employee's file) says about pay."""

    post: str
    employment: str
    job_group: int | None  # None: a contract employee before the first group (lowest base)
    married: bool
    hire_date: dt.date
    housing: str = "normal"
    part_time: bool = False
    other_allowance: Decimal = ZERO
    other_deduction: Decimal = ZERO


@dataclass(frozen=True)
class PayLine:
    code: str
    amount: Decimal
    loan_id: int | None = None  # the loan an instalment or a penalty belongs to

    @property
    def kind(self) -> LineKind:
        return line_kind(self.code)

    @property
    def label(self) -> str:
        return line_label(self.code)


@dataclass(frozen=True)
class LoanDeduction:
    loan_id: int
    instalment: Decimal
    penalty: Decimal = ZERO


@dataclass(frozen=True)
class PayResult:
    lines: tuple[PayLine, ...]
    taxable: Decimal  # this month's taxable base (for the year-to-date of cumulative tax)
    insurable: Decimal  # earnings subject to social insurance this month
    loan_deductions: tuple[LoanDeduction, ...] = field(default_factory=tuple)

    def total(self, kind: LineKind) -> Decimal:
        return sum((line.amount for line in self.lines if line.kind is kind), ZERO)

    @property
    def gross(self) -> Decimal:
        return self.total(LineKind.EARNING)

    @property
    def deductions(self) -> Decimal:
        return self.total(LineKind.DEDUCTION)

    @property
    def net(self) -> Decimal:
        return self.gross - self.deductions

    @property
    def employer_cost(self) -> Decimal:
        return self.gross + self.total(LineKind.EMPLOYER)

    def amount(self, code: str) -> Decimal:
        return sum((line.amount for line in self.lines if line.code == code), ZERO)


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
    raise ValidationError("Job group {group} is not in the pay table.", group=wanted)


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
        raise ValidationError("'{post}' is not a post.", post=terms.post)
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


# -- bonuses --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductivityScore:
    """An employee's quarterly assessment."""

    score: Decimal  # share of the points earned, 0..1
    worked_share: Decimal = ONE  # share of the period worked
    principles: Decimal = ZERO  # share (0..1) of the 10 days for the productivity principles
    unpaid_leave_days: int = 0
    sick_leave_days: int = 0  # outpatient sick leave; the first week is free


def productivity_days(pack: Pack, post: str, part_time: bool, s: ProductivityScore, day: dt.date) -> Decimal:
    """Days of continuous pay earned by a productivity score (0 when not eligible).

    95 % of the points = one month; each 1 % above adds 3 days (at most 15); plus up to 10 days for
    the productivity principles; 1 % off per day of unpaid leave or sick leave beyond a week;
    needs half the period worked and 75 % (management, supervision, experts) or 65 % (others);
    part-time staff get 50 %; at most 60 days.
    """
    p = pack.param
    threshold = p("productivity.threshold_management" if post in MANAGEMENT_POSTS else "productivity.threshold_other",
                  day)
    if s.worked_share < p("productivity.min_worked_share", day) or s.score < threshold:
        return ZERO
    month_days = p("productivity.month_days", day)
    full = p("productivity.full_score", day)
    if s.score >= full:
        extra_pct = ((s.score - full) * 100).to_integral_value(rounding=ROUND_FLOOR)
        days = month_days + min(p("productivity.max_extra_days", day), extra_pct * p("productivity.days_per_point", day))
    else:
        days = month_days * s.score / full
    days += p("productivity.principles_days", day) * min(ONE, max(ZERO, s.principles))
    counted_leave = s.unpaid_leave_days + max(0, s.sick_leave_days - int(p("productivity.leave_free_days", day)))
    days *= max(ZERO, ONE - p("productivity.leave_penalty", day) * counted_leave)
    if part_time:
        days *= p("productivity.part_time_share", day)
    return min(days, p("productivity.max_days", day))


def productivity_bonus(pack: Pack, terms: PayTerms, month: YearMonth, s: ProductivityScore) -> Decimal:
    day = pay_day(pack, month)
    days = productivity_days(pack, terms.post, terms.part_time, s, day)
    return pack.currency.round(continuous_pay(pack, terms, month) * days / pack.param("productivity.month_days", day))


@dataclass(frozen=True)
class KaranehIndicators:
    """The branch's results for a performance-bonus (karaneh) period."""

    collection_over_budget_pct: Decimal = ZERO  # collections above the budget, in % of it
    arrears_share_pct: Decimal = ZERO  # arrears collected, in % of all collections
    amount_over_budget: Decimal = ZERO  # collections above the budget, money
    balance_progress: Decimal = ZERO  # revenue balance progress, 0..1+
    statements_on_time: int = 0  # monthly statements sent by the 15th


def karaneh_points(pack: Pack, k: KaranehIndicators, day: dt.date) -> Decimal:
    p = pack.param
    points = min(p("karaneh.collection_max", day), max(ZERO, k.collection_over_budget_pct)
                 * p("karaneh.collection_points_per_pct", day))
    points += min(p("karaneh.arrears_max", day), max(ZERO, k.arrears_share_pct) * p("karaneh.arrears_points_per_pct", day))
    steps = (max(ZERO, k.amount_over_budget) / p("karaneh.amount_step", day)).to_integral_value(rounding=ROUND_FLOOR)
    points += min(p("karaneh.amount_max", day), steps)
    balance = ZERO
    for row in sorted(pack.table("payroll_karaneh_balance", day), key=lambda r: Decimal(r["progress_from"])):
        if k.balance_progress >= Decimal(row["progress_from"]):
            balance = Decimal(row["points"])
    points += balance
    points += min(p("karaneh.statement_max", day), Decimal(k.statements_on_time) * p("karaneh.statement_points", day))
    return points


def karaneh_bonus(pack: Pack, terms: PayTerms, month: YearMonth, points: Decimal) -> Decimal:
    day = pay_day(pack, month)
    amount = points * pack.param("karaneh.point_value", day)
    if terms.part_time:
        amount *= pack.param("productivity.part_time_share", day)
    return pack.currency.round(amount)


# -- the loan fund --------------------------------------------------------------------------


@dataclass(frozen=True)
class LoanTerms:
    amount: Decimal
    insurance: Decimal
    fee: Decimal
    net: Decimal
    instalments: tuple[Decimal, ...]


def loan_terms(pack: Pack, balance: Decimal, months: int, day: dt.date) -> LoanTerms:
    """A loan of (multiple x) the member's contribution balance; the insurance and the fee are
    taken from it; equal instalments, the last one absorbing the rounding."""
    cur = pack.currency
    max_months = int(_param(pack, "loanfund.max_instalments", day, Decimal(36)))
    if not 1 <= months <= max_months:
        raise ValidationError("A loan is repaid in 1 to {max} instalments.", max=max_months)
    amount = cur.round(balance * pack.param("loanfund.loan_multiple", day))
    if amount <= 0:
        raise ValidationError("The member has no contribution balance, so no loan can be granted.")
    insurance = cur.round(amount * pack.param("loanfund.insurance_rate", day))
    fee = cur.round(amount * pack.param("loanfund.fee_rate", day))
    each = (amount / months).quantize(cur.quantum, rounding=ROUND_FLOOR)
    schedule = [each] * (months - 1) + [amount - each * (months - 1)]
    return LoanTerms(amount, insurance, fee, amount - insurance - fee, tuple(schedule))


def late_penalty(pack: Pack, instalment: Decimal, months_late: int, day: dt.date) -> Decimal:
    if months_late <= 0:
        return ZERO
    rate = _param(pack, "loanfund.late_penalty_rate", day, ZERO)
    return pack.currency.round(instalment * rate * months_late)

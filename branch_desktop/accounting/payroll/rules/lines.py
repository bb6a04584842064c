"""The vocabularies of a decree (posts, employment, housing, education), the pay line types with
their account roles, and the data the pay rules pass around (no database, no Qt)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from branch_desktop.accounting.payroll.states import LineKind
from branch_desktop.core.errors import PackError
from branch_desktop.core.i18n import N_
from branch_desktop.core.packs import Pack

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


"""Plain data the payroll services hand to views, documents and the CLI (no SQL, no Qt)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from branch_desktop.accounting.payroll.states import LoanState, RunKind, RunStatus
from branch_desktop.core.calendar import YearMonth


@dataclass(frozen=True, kw_only=True)
class EmployeeInput:
    personnel_no: str
    national_id: str
    first_name: str
    last_name: str
    hire_date: dt.date
    education: str = ""
    iban: str = ""
    loanfund_opening: Decimal = Decimal(0)


@dataclass(frozen=True, kw_only=True)
class DecreeInput:
    effective_from: dt.date
    post: str
    employment: str
    job_group: int | None
    married: bool
    housing: str = "normal"
    part_time: bool = False
    other_allowance: Decimal = Decimal(0)
    other_deduction: Decimal = Decimal(0)
    number: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class DecreeView:
    id: int
    effective_from: dt.date
    number: str
    post: str
    employment: str
    job_group: int | None
    married: bool
    housing: str
    part_time: bool
    other_allowance: int
    other_deduction: int
    note: str
    created_by: str


@dataclass(frozen=True, kw_only=True)
class EmployeeView:
    id: int
    personnel_no: str
    national_id: str
    first_name: str
    last_name: str
    hire_date: dt.date
    education: str
    iban: str
    left_on: dt.date | None
    version: int
    post: str = ""
    employment: str = ""
    job_group: int | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True, kw_only=True)
class RunView:
    id: int
    period: YearMonth
    kind: RunKind
    title: str
    status: RunStatus
    employees: int
    gross: int
    deductions: int
    net: int
    employer_cost: int
    posted_entry_id: int | None
    paid_entry_id: int | None
    created_by: str
    posted_by: str
    reversal_reason: str = ""


@dataclass(frozen=True, kw_only=True)
class ReviewRow:
    employee_id: int
    personnel_no: str
    name: str
    post: str
    job_group: int | None
    lines: dict[str, int]  # code -> minor units
    gross: int
    deductions: int
    net: int
    employer_cost: int
    previous: dict[str, int] | None  # last month's lines (None: not in last month's run)
    previous_net: int | None

    @property
    def changed(self) -> set[str]:
        """Codes whose amount differs from last month (every code for a newcomer)."""
        if self.previous is None:
            return set(self.lines)
        codes = set(self.lines) | set(self.previous)
        return {c for c in codes if self.lines.get(c, 0) != self.previous.get(c, 0)}


@dataclass(frozen=True, kw_only=True)
class RunReview:
    run: RunView
    rows: tuple[ReviewRow, ...]
    totals: dict[str, int]
    previous_totals: dict[str, int]
    previous_run_id: int | None
    codes: tuple[str, ...]  # the line codes present, in payslip order


@dataclass(frozen=True, kw_only=True)
class BankRow:
    personnel_no: str
    name: str
    national_id: str
    iban: str
    amount: int


@dataclass(frozen=True, kw_only=True)
class LoanStatus:
    loan_id: int
    amount: int
    repaid: int
    balance: int
    remaining_instalments: int


@dataclass(frozen=True, kw_only=True)
class PayslipData:
    run_id: int
    period: YearMonth
    kind: RunKind
    title: str
    personnel_no: str
    name: str
    national_id: str
    post: str
    employment: str
    job_group: int | None
    iban: str
    lines: tuple[tuple[str, str, int], ...]  # (code, kind, minor)
    gross: int
    deductions: int
    net: int
    employer_cost: int
    ytd_gross: int
    ytd_deductions: int
    ytd_net: int
    ytd_tax: int
    ytd_insurance: int
    loanfund_balance: int
    loans: tuple[LoanStatus, ...] = field(default_factory=tuple)


@dataclass(frozen=True, kw_only=True)
class GroupDueRow:
    personnel_no: str
    name: str
    employment: str
    current_group: int | None
    new_group: int | None
    due_on: dt.date


@dataclass(frozen=True, kw_only=True)
class LoanView:
    id: int
    personnel_no: str
    name: str
    applied_on: dt.date
    status: LoanState
    amount: int
    insurance: int
    fee: int
    net: int
    instalments: int
    instalment: int
    repaid: int
    approvals: tuple[tuple[str, str], ...]  # (seat, username)
    granted_on: dt.date | None


@dataclass(frozen=True, kw_only=True)
class StatementLine:
    day: dt.date
    text: str  # msgid with one {value} placeholder
    value: str
    contribution: int  # to the member's balance
    loan: int  # loan granted (+) or repaid (-)


@dataclass(frozen=True, kw_only=True)
class MemberStatement:
    personnel_no: str
    name: str
    national_id: str
    opening: int
    lines: tuple[StatementLine, ...]
    contribution_balance: int
    loan_balance: int

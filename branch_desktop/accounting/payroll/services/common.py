"""What several payroll subjects share: money conversions, the employee, decree and run look-ups,
the loan fund's balances. No subject imports another's module except through here (no circles)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branch_desktop.accounting.payroll.exceptions import UnknownEmployee, UnknownRun
from branch_desktop.accounting.payroll.models import (
    Decree,
    Employee,
    Loan,
    LoanRepayment,
    PayrollRun,
    RunLine,
    RunSlip,
)
from branch_desktop.accounting.payroll.rules import PayTerms
from branch_desktop.accounting.payroll.states import LIVE, PAID_OUT, CommitteeSeat, RunKind, RunStatus
from branch_desktop.accounting.payroll.types import LoanStatus, RunView
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import N_

RUN_KINDS: dict[str, str] = {
    RunKind.MONTHLY: N_("Monthly payroll"),
    RunKind.PRODUCTIVITY: N_("Productivity bonus"),
    RunKind.PERFORMANCE: N_("Performance bonus (karaneh)"),
}
COMMITTEE_SEATS: dict[str, str] = {
    CommitteeSeat.BRANCH_HEAD: N_("Branch head"),
    CommitteeSeat.FINANCE_HEAD: N_("Finance head"),
    CommitteeSeat.ADMIN_HEAD: N_("Administration head"),
}
STAFF = "staff"  # party type of per-employee ledger lines


def minor(ctx: BranchContext, amount: Decimal) -> int:
    return ctx.pack.currency.to_minor(ctx.pack.currency.round(amount))


def dec(ctx: BranchContext, amount: int) -> Decimal:
    return ctx.pack.currency.from_minor(amount)


def employee_by_no(s: Session, personnel_no: str) -> Employee:
    emp = s.scalar(select(Employee).where(Employee.personnel_no == personnel_no.strip()))
    if emp is None:
        raise UnknownEmployee(no=personnel_no)
    return emp


def decrees_in_force(s: Session, on: dt.date) -> dict[int, Decree]:
    """employee id -> the decree in force on ``on`` (the latest from on or before it)."""
    out: dict[int, Decree] = {}
    for d in s.scalars(select(Decree).where(Decree.effective_from <= on).order_by(Decree.effective_from)):
        out[d.employee_id] = d
    return out


def pay_terms(ctx: BranchContext, emp: Employee, d: Decree) -> PayTerms:
    return PayTerms(
        post=d.post, employment=d.employment, job_group=d.job_group, married=d.married, hire_date=emp.hire_date,
        housing=d.housing, part_time=d.part_time, other_allowance=dec(ctx, d.other_allowance),
        other_deduction=dec(ctx, d.other_deduction),
    )


def run_view(r: PayrollRun) -> RunView:
    return RunView(
        id=r.id, period=YearMonth(r.year, r.month), kind=RunKind(r.kind), title=r.title, status=RunStatus(r.status),
        employees=r.employees, gross=r.gross, deductions=r.deductions, net=r.net, employer_cost=r.employer_cost,
        posted_entry_id=r.posted_entry_id, paid_entry_id=r.paid_entry_id, created_by=r.created_by,
        posted_by=r.posted_by, reversal_reason=r.reversal_reason,
    )


def run_row(s: Session, run_id: int, *, lock: bool = False) -> PayrollRun:
    """The run; ``lock`` reads it FOR UPDATE (PostgreSQL), so two workstations posting, paying or
    reversing the same run queue and the second sees the first one's status."""
    run = s.get(PayrollRun, run_id, with_for_update=lock)
    if run is None:
        raise UnknownRun(id=run_id)
    return run


def contribution_balances(s: Session, emp_ids: list[int] | None = None, include_run: int | None = None) -> dict[int, int]:
    """Members' loan-fund balances: opening + employee and organisation contributions of live runs."""
    q = (select(RunSlip.employee_id, func.sum(RunLine.amount))
         .join(RunSlip, RunSlip.id == RunLine.slip_id).join(PayrollRun, PayrollRun.id == RunSlip.run_id)
         .where(RunLine.code.in_(("loanfund", "loanfund_org")),
                PayrollRun.status.in_(LIVE) | (PayrollRun.id == (include_run or -1)))
         .group_by(RunSlip.employee_id))
    if emp_ids is not None:
        q = q.where(RunSlip.employee_id.in_(emp_ids))
    sums = {e: int(a or 0) for e, a in s.execute(q)}
    oq = select(Employee.id, Employee.loanfund_opening)
    if emp_ids is not None:
        oq = oq.where(Employee.id.in_(emp_ids))
    return {e: o + sums.get(e, 0) for e, o in s.execute(oq)}


def loan_statuses(s: Session, emp_ids: list[int]) -> dict[int, list[LoanStatus]]:
    out: dict[int, list[LoanStatus]] = defaultdict(list)
    repaid = dict(s.execute(select(LoanRepayment.loan_id, func.sum(LoanRepayment.instalment))
                            .group_by(LoanRepayment.loan_id)).all())
    counts = dict(s.execute(select(LoanRepayment.loan_id, func.count()).group_by(LoanRepayment.loan_id)).all())
    for loan in s.scalars(select(Loan).where(Loan.employee_id.in_(emp_ids), Loan.status.in_(PAID_OUT))):
        paid = int(repaid.get(loan.id, 0) or 0)
        out[loan.employee_id].append(LoanStatus(
            loan_id=loan.id, amount=loan.amount, repaid=paid, balance=loan.amount - paid,
            remaining_instalments=max(0, loan.instalments - int(counts.get(loan.id, 0)))))
    return out

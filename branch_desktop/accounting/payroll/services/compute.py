"""Computing a run: every employee's pay lines from the decree in force, with the year's taxable
bases so far, the loan instalments due and, for a bonus run, the bonus from the run's inputs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from branch_desktop.accounting.payroll import rules
from branch_desktop.accounting.payroll.models import (
    Employee,
    Loan,
    LoanRepayment,
    PayrollRun,
    RunLine,
    RunSlip,
)
from branch_desktop.accounting.payroll.rules import LoanDeduction, PayLine, PayTerms
from branch_desktop.accounting.payroll.services.common import dec, decrees_in_force, pay_terms
from branch_desktop.accounting.payroll.states import LIVE, LoanState, RunKind
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth


@dataclass
class _Ytd:
    taxable_year: dict[int, int]
    taxable_month: dict[int, int]
    insurable_month: dict[int, int]


def _ytd(s: Session, ctx: BranchContext, month: YearMonth, exclude_run: int) -> _Ytd:
    """Taxable bases already paid this fiscal year (before the month) and this month (other runs)."""
    rows = s.execute(
        select(RunSlip.employee_id, PayrollRun.month, func.sum(RunSlip.taxable), func.sum(RunSlip.insurable))
        .join(PayrollRun, PayrollRun.id == RunSlip.run_id)
        .where(PayrollRun.year == month.year, PayrollRun.month <= month.month, PayrollRun.status.in_(LIVE),
               PayrollRun.id != exclude_run)
        .group_by(RunSlip.employee_id, PayrollRun.month)
    ).all()
    out = _Ytd(defaultdict(int), defaultdict(int), defaultdict(int))
    for emp_id, m, taxable, insurable in rows:
        if m < month.month:
            out.taxable_year[emp_id] += int(taxable or 0)
        else:
            out.taxable_month[emp_id] += int(taxable or 0)
            out.insurable_month[emp_id] += int(insurable or 0)
    for emp_id, v in out.taxable_month.items():
        out.taxable_year[emp_id] += v
    return out


def _months_diff(a: YearMonth, b: YearMonth) -> int:
    return (b.year - a.year) * 12 + (b.month - a.month)


def _loan_deductions(s: Session, ctx: BranchContext, month: YearMonth) -> dict[int, list[LoanDeduction]]:
    """employee id -> instalments due by ``month`` and not yet deducted, with late penalties."""
    day = rules.pay_day(ctx.pack, month)
    repaid = dict(s.execute(
        select(LoanRepayment.loan_id, func.count()).group_by(LoanRepayment.loan_id)).all())
    repaid_amount = dict(s.execute(
        select(LoanRepayment.loan_id, func.sum(LoanRepayment.instalment)).group_by(LoanRepayment.loan_id)).all())
    out: dict[int, list[LoanDeduction]] = defaultdict(list)
    for loan in s.scalars(select(Loan).where(Loan.status == LoanState.GRANTED)):
        if loan.first_year is None or loan.first_month is None:
            continue
        first = YearMonth(loan.first_year, loan.first_month)
        if month < first:
            continue
        paid = int(repaid.get(loan.id, 0))
        remaining = loan.amount - int(repaid_amount.get(loan.id, 0) or 0)
        due = min(loan.instalments, _months_diff(first, month) + 1) - paid
        if due <= 0 or remaining <= 0:
            continue
        instalment_total = 0
        penalty = Decimal(0)
        for k in range(due):
            this = min(loan.instalment, remaining - instalment_total)
            if paid + k == loan.instalments - 1:
                this = remaining - instalment_total  # the last instalment takes the rest
            if this <= 0:
                break
            instalment_total += this
            due_month_index = paid + k  # 0-based instalment number
            late = _months_diff(first, month) - due_month_index
            penalty += rules.late_penalty(ctx.pack, dec(ctx, this), late, day)
        if instalment_total:
            out[loan.employee_id].append(LoanDeduction(loan.id, dec(ctx, instalment_total), penalty))
    return out


def compute_run(s: Session, ctx: BranchContext, run: PayrollRun, inputs: dict[str, object]) -> None:
    """Compute every employee's pay lines into the run (slips and lines, bulk inserted)."""
    pack = ctx.pack
    month = YearMonth(run.year, run.month)
    start, end = pack.calendar.month_bounds(month)
    decrees = decrees_in_force(s, end)
    ytd = _ytd(s, ctx, month, run.id)
    loans = _loan_deductions(s, ctx, month) if run.kind == RunKind.MONTHLY else {}
    employees = list(s.scalars(
        select(Employee).where(Employee.hire_date <= end, (Employee.left_on.is_(None)) | (Employee.left_on >= start))
        .order_by(Employee.personnel_no)))
    slips: list[dict[str, object]] = []
    lines_by_emp: dict[int, list[PayLine]] = {}
    for emp in employees:
        d = decrees.get(emp.id)
        if d is None:
            continue
        terms = pay_terms(ctx, emp, d)
        if run.kind == RunKind.MONTHLY:
            result = rules.compute_pay(
                pack, terms, month, ytd_taxable_before=dec(ctx, ytd.taxable_year.get(emp.id, 0)),
                month_taxable_before=dec(ctx, ytd.taxable_month.get(emp.id, 0)),
                month_insurable_before=dec(ctx, ytd.insurable_month.get(emp.id, 0)),
                loans=loans.get(emp.id, ()),
            )
        else:
            amount = _bonus_amount(ctx, run.kind, inputs, month, emp.personnel_no, terms)
            if not amount:
                continue
            result = rules.compute_pay(
                pack, terms, month, regular=False, extra=[PayLine(run.kind, amount)],
                ytd_taxable_before=dec(ctx, ytd.taxable_year.get(emp.id, 0)),
                month_taxable_before=dec(ctx, ytd.taxable_month.get(emp.id, 0)),
                month_insurable_before=dec(ctx, ytd.insurable_month.get(emp.id, 0)),
            )
        m = ctx.pack.currency.to_minor
        slips.append({
            "run_id": run.id, "employee_id": emp.id, "decree_id": d.id, "post": d.post, "job_group": d.job_group,
            "iban": emp.iban, "gross": m(result.gross), "deductions": m(result.deductions), "net": m(result.net),
            "employer_cost": m(result.employer_cost), "taxable": m(result.taxable), "insurable": m(result.insurable),
        })
        lines_by_emp[emp.id] = list(result.lines)
    slip_ids: dict[int, int] = {}
    if slips:
        for slip_id, emp_id in s.execute(insert(RunSlip).returning(RunSlip.id, RunSlip.employee_id), slips):
            slip_ids[emp_id] = slip_id
    line_rows = [
        {"slip_id": slip_ids[emp_id], "code": ln.code, "kind": ln.kind.value,
         "amount": ctx.pack.currency.to_minor(ln.amount), "loan_id": ln.loan_id}
        for emp_id, lns in lines_by_emp.items() for ln in lns
    ]
    if line_rows:
        s.execute(insert(RunLine), line_rows)
    run.employees = len(slips)
    run.gross = sum(int(x["gross"]) for x in slips)  # type: ignore[call-overload]
    run.deductions = sum(int(x["deductions"]) for x in slips)  # type: ignore[call-overload]
    run.net = sum(int(x["net"]) for x in slips)  # type: ignore[call-overload]
    run.employer_cost = sum(int(x["employer_cost"]) for x in slips)  # type: ignore[call-overload]
    run.computed_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _bonus_amount(ctx: BranchContext, kind: str, inputs: dict[str, object], month: YearMonth, personnel_no: str,
                  terms: PayTerms) -> Decimal:
    """The bonus of one employee in an off-cycle run, from the run's inputs."""
    if kind == RunKind.PRODUCTIVITY:
        scores = inputs.get("scores")
        row = scores.get(personnel_no) if isinstance(scores, dict) else None
        if not row:
            return Decimal(0)
        score = rules.ProductivityScore(Decimal(row[0]), Decimal(row[1]), Decimal(row[2]), int(row[3]), int(row[4]))
        return rules.productivity_bonus(ctx.pack, terms, month, score)
    if kind == RunKind.PERFORMANCE:
        wanted = inputs.get("employees")
        if isinstance(wanted, list) and personnel_no not in wanted:
            return Decimal(0)
        return rules.karaneh_bonus(ctx.pack, terms, month, Decimal(str(inputs.get("points", "0"))))
    return Decimal(0)



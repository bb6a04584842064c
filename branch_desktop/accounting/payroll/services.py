"""Payroll use cases: staff and decrees, runs (draft -> review -> recompute -> post -> bank list ->
payment), payslip data, group progression, bonuses and the staff loan fund.

One transaction each, role-checked first. Amounts are integer minor units in the database and
``Decimal`` in the rules. A posted run is immutable; it is corrected by a reversal with a reason
(and a new run), never edited.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from branch_desktop.accounting.payroll import rules
from branch_desktop.accounting.payroll.models import (
    Decree,
    Employee,
    Loan,
    LoanApproval,
    LoanRepayment,
    PayrollRun,
    RunLine,
    RunSlip,
)
from branch_desktop.accounting.payroll.rules import LineKind, LoanDeduction, PayLine, PayTerms
from branch_desktop.accounting.payroll.types import (
    BankRow,
    DecreeInput,
    DecreeView,
    EmployeeInput,
    EmployeeView,
    GroupDueRow,
    LoanStatus,
    LoanView,
    MemberStatement,
    PayslipData,
    ReviewRow,
    RunReview,
    RunView,
    StatementLine,
)
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.errors import ConflictError, NotFound, ValidationError
from branch_desktop.core.i18n import N_
from branch_desktop.core.ledger.services import post_entry_in, reverse_in
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.core.records import set_state
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.core.storage import retry_transient
from branch_desktop.core.texts import Month, Msg, StoredText, stored_text

RUN_KINDS = {
    "monthly": N_("Monthly payroll"),
    "productivity": N_("Productivity bonus"),
    "performance": N_("Performance bonus (karaneh)"),
}
COMMITTEE_SEATS = {
    "branch_head": N_("Branch head"),
    "finance_head": N_("Finance head"),
    "admin_head": N_("Administration head"),
}
LIVE = ("posted", "paid")  # runs whose figures count (year to date, contributions, repayments)
STAFF = "staff"  # party type of per-employee ledger lines


# -- helpers --------------------------------------------------------------------------------


def _minor(ctx: BranchContext, amount: Decimal) -> int:
    return ctx.pack.currency.to_minor(ctx.pack.currency.round(amount))


def _dec(ctx: BranchContext, minor: int) -> Decimal:
    return ctx.pack.currency.from_minor(minor)


def valid_national_id(pack_code: str, value: str) -> bool:
    digits = value.strip()
    if pack_code == "tr_sgk":
        from stdnum.tr import tckimlik

        return bool(tckimlik.is_valid(digits))
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    check = sum(int(digits[i]) * (10 - i) for i in range(9)) % 11
    last = int(digits[9])
    return last == check if check < 2 else last == 11 - check


IBAN_LENGTHS = {"IR": 26, "TR": 26}


def compact_iban(value: str) -> str:
    return "".join(value.split()).replace("-", "").upper()


def valid_iban(value: str) -> bool:
    """ISO 13616: country, check digits (mod 97) and the country's length (IR and TR: 26)."""
    v = compact_iban(value)
    if len(v) < 15 or len(v) > 34 or not v[:2].isalpha() or not v[2:4].isdigit() or not v[4:].isalnum():
        return False
    if v[:2] in IBAN_LENGTHS and len(v) != IBAN_LENGTHS[v[:2]]:
        return False
    return int("".join(str(int(c, 36)) for c in v[4:] + v[:4])) % 97 == 1


def _check_employee(ctx: BranchContext, data: EmployeeInput) -> None:
    if not data.personnel_no.strip():
        raise ValidationError("A personnel number is required.")
    if not data.first_name.strip() or not data.last_name.strip():
        raise ValidationError("The employee's first and last names are required.")
    if not valid_national_id(ctx.pack.code, data.national_id):
        raise ValidationError("{value} is not a valid national identity number.", value=data.national_id)
    if data.iban and not valid_iban(data.iban):
        raise ValidationError("{value} is not a valid IBAN.", value=data.iban)
    if data.education and data.education not in rules.EDUCATION:
        raise ValidationError("'{value}' is not a level of education.", value=data.education)


def _check_decree(data: DecreeInput) -> None:
    if data.post not in rules.POSTS:
        raise ValidationError("'{post}' is not a post.", post=data.post)
    if data.employment not in rules.EMPLOYMENT_TYPES:
        raise ValidationError("'{value}' is not a type of employment.", value=data.employment)
    if data.housing not in rules.HOUSING_SITUATIONS:
        raise ValidationError("'{value}' is not a housing situation.", value=data.housing)
    if data.job_group is None and data.employment != "contract":
        raise ValidationError("Only contract staff may be without a job group.")
    if data.job_group is not None and not 1 <= data.job_group <= 20:
        raise ValidationError("A job group is 1 to 20.")
    if data.other_allowance < 0 or data.other_deduction < 0:
        raise ValidationError("Amounts in a decree cannot be negative.")


def _employee_by_no(s: Session, personnel_no: str) -> Employee:
    emp = s.scalar(select(Employee).where(Employee.personnel_no == personnel_no.strip()))
    if emp is None:
        raise NotFound("There is no employee {no}.", no=personnel_no)
    return emp


def _decree_row(ctx: BranchContext, actor: Actor, employee_id: int, d: DecreeInput) -> Decree:
    return Decree(
        employee_id=employee_id, number=d.number, effective_from=d.effective_from, post=d.post,
        employment=d.employment, job_group=d.job_group, married=d.married, housing=d.housing,
        part_time=d.part_time, other_allowance=_minor(ctx, d.other_allowance),
        other_deduction=_minor(ctx, d.other_deduction), note=d.note, created_by=actor.username,
    )


# -- staff and decrees ----------------------------------------------------------------------


def register_employee(ctx: BranchContext, actor: Actor, data: EmployeeInput, decree: DecreeInput) -> int:
    """A new employee with the first decree (hire), in one transaction."""
    require(actor, "payroll.staff")
    _check_employee(ctx, data)
    _check_decree(decree)
    with ctx.db.write() as s:
        if s.scalar(select(Employee.id).where(Employee.personnel_no == data.personnel_no.strip())):
            raise ConflictError("Personnel number {no} is taken.", no=data.personnel_no)
        emp = Employee(
            personnel_no=data.personnel_no.strip(), national_id=data.national_id.strip(),
            first_name=data.first_name.strip(), last_name=data.last_name.strip(), hire_date=data.hire_date,
            education=data.education, iban=compact_iban(data.iban) if data.iban else "",
            loanfund_opening=_minor(ctx, data.loanfund_opening), updated_by=actor.username,
        )
        s.add(emp)
        s.flush()
        s.add(_decree_row(ctx, actor, emp.id, decree))
        audit(s, actor, "payroll.employee.register", "employee", emp.id, personnel_no=emp.personnel_no)
        return emp.id


def register_employees(
    ctx: BranchContext, actor: Actor, staff: Iterable[tuple[EmployeeInput, DecreeInput]]
) -> int:
    """Bulk registration (imports, demo): all or nothing."""
    require(actor, "payroll.staff")
    count = 0
    with ctx.db.write() as s:
        for data, decree in staff:
            _check_employee(ctx, data)
            _check_decree(decree)
            emp = Employee(
                personnel_no=data.personnel_no, national_id=data.national_id, first_name=data.first_name,
                last_name=data.last_name, hire_date=data.hire_date, education=data.education,
                iban=compact_iban(data.iban) if data.iban else "",
                loanfund_opening=_minor(ctx, data.loanfund_opening), updated_by=actor.username,
            )
            s.add(emp)
            s.flush()
            s.add(_decree_row(ctx, actor, emp.id, decree))
            count += 1
        audit(s, actor, "payroll.employee.import", "employee", "", count=count)
    return count


def update_employee(ctx: BranchContext, actor: Actor, employee_id: int, version: int, data: EmployeeInput) -> None:
    """Change an employee's file; a stale ``version`` is refused with who changed it."""
    require(actor, "payroll.staff")
    _check_employee(ctx, data)
    with ctx.db.write() as s:
        emp = s.get(Employee, employee_id)
        if emp is None:
            raise NotFound("There is no employee {no}.", no=employee_id)
        if emp.version != version:
            raise ConflictError("{user} changed this employee meanwhile; reload and try again.", user=emp.updated_by)
        emp.national_id = data.national_id.strip()
        emp.first_name, emp.last_name = data.first_name.strip(), data.last_name.strip()
        emp.hire_date, emp.education = data.hire_date, data.education
        emp.iban = compact_iban(data.iban) if data.iban else ""
        emp.updated_by = actor.username
        audit(s, actor, "payroll.employee.update", "employee", emp.id)


def add_decree(ctx: BranchContext, actor: Actor, personnel_no: str, decree: DecreeInput) -> int:
    """Record a dated decree; earlier decrees stay in the history."""
    require(actor, "payroll.staff")
    _check_decree(decree)
    with ctx.db.write() as s:
        emp = _employee_by_no(s, personnel_no)
        if decree.effective_from < emp.hire_date:
            raise ValidationError("A decree cannot take effect before the hire date.")
        if s.scalar(select(Decree.id).where(Decree.employee_id == emp.id,
                                            Decree.effective_from == decree.effective_from)):
            raise ConflictError("This employee already has a decree from {date}.",
                                date=ctx.pack.calendar.format(decree.effective_from))
        row = _decree_row(ctx, actor, emp.id, decree)
        s.add(row)
        s.flush()
        audit(s, actor, "payroll.decree.add", "employee", emp.id, decree=row.id,
              effective_from=decree.effective_from.isoformat())
        return row.id


def end_employment(ctx: BranchContext, actor: Actor, personnel_no: str, on: dt.date) -> None:
    """The employee leaves on ``on``: paid for that month, not after."""
    require(actor, "payroll.staff")
    with ctx.db.write() as s:
        emp = _employee_by_no(s, personnel_no)
        if on < emp.hire_date:
            raise ValidationError("An employee cannot leave before the hire date.")
        emp.left_on = on
        emp.updated_by = actor.username
        audit(s, actor, "payroll.employee.leave", "employee", emp.id, on=on.isoformat())


def list_employees(ctx: BranchContext, actor: Actor, on: dt.date | None = None) -> list[EmployeeView]:
    require(actor, "payroll.view")
    on = on or ctx.today()
    with ctx.db.read() as s:
        decrees = _decrees_in_force(s, on)
        out = []
        for e in s.scalars(select(Employee).order_by(Employee.personnel_no)):
            d = decrees.get(e.id)
            out.append(EmployeeView(
                e.id, e.personnel_no, e.national_id, e.first_name, e.last_name, e.hire_date, e.education, e.iban,
                e.left_on, e.version, d.post if d else "", d.employment if d else "", d.job_group if d else None,
            ))
        return out


def decree_history(ctx: BranchContext, actor: Actor, personnel_no: str) -> list[DecreeView]:
    require(actor, "payroll.view")
    with ctx.db.read() as s:
        emp = _employee_by_no(s, personnel_no)
        return [
            DecreeView(d.id, d.effective_from, d.number, d.post, d.employment, d.job_group, d.married, d.housing,
                       d.part_time, d.other_allowance, d.other_deduction, d.note, d.created_by)
            for d in s.scalars(select(Decree).where(Decree.employee_id == emp.id).order_by(Decree.effective_from))
        ]


def _decrees_in_force(s: Session, on: dt.date) -> dict[int, Decree]:
    """employee id -> the decree in force on ``on`` (the latest from on or before it)."""
    out: dict[int, Decree] = {}
    for d in s.scalars(select(Decree).where(Decree.effective_from <= on).order_by(Decree.effective_from)):
        out[d.employee_id] = d
    return out


def _terms(ctx: BranchContext, emp: Employee, d: Decree) -> PayTerms:
    return PayTerms(
        post=d.post, employment=d.employment, job_group=d.job_group, married=d.married, hire_date=emp.hire_date,
        housing=d.housing, part_time=d.part_time, other_allowance=_dec(ctx, d.other_allowance),
        other_deduction=_dec(ctx, d.other_deduction),
    )


# -- runs -----------------------------------------------------------------------------------


def _run_view(r: PayrollRun) -> RunView:
    return RunView(r.id, YearMonth(r.year, r.month), r.kind, r.title, r.status, r.employees, r.gross, r.deductions,
                   r.net, r.employer_cost, r.posted_entry_id, r.paid_entry_id, r.created_by, r.posted_by,
                   r.reversal_reason)


def _get_run(s: Session, run_id: int, *, lock: bool = False) -> PayrollRun:
    """The run; ``lock`` reads it FOR UPDATE (PostgreSQL), so two workstations posting, paying or
    reversing the same run queue and the second sees the first one's status."""
    run = s.get(PayrollRun, run_id, with_for_update=lock)
    if run is None:
        raise NotFound("There is no payroll run {id}.", id=run_id)
    return run


def list_runs(ctx: BranchContext, actor: Actor, year: int | None = None) -> list[RunView]:
    require(actor, "payroll.view")
    with ctx.db.read() as s:
        q = select(PayrollRun).order_by(PayrollRun.year.desc(), PayrollRun.month.desc(), PayrollRun.id.desc())
        if year is not None:
            q = q.where(PayrollRun.year == year)
        return [_run_view(r) for r in s.scalars(q)]


def get_run(ctx: BranchContext, actor: Actor, run_id: int) -> RunView:
    require(actor, "payroll.view")
    with ctx.db.read() as s:
        return _run_view(_get_run(s, run_id))


def find_run(ctx: BranchContext, actor: Actor, month: YearMonth, kind: str = "monthly") -> RunView | None:
    """The month's live or draft run of a kind (not a reversed one)."""
    require(actor, "payroll.view")
    with ctx.db.read() as s:
        r = s.scalar(select(PayrollRun).where(
            PayrollRun.year == month.year, PayrollRun.month == month.month, PayrollRun.kind == kind,
            PayrollRun.status != "reversed").order_by(PayrollRun.id.desc()))
        return _run_view(r) if r else None


def create_run(ctx: BranchContext, actor: Actor, month: YearMonth) -> int:
    """A draft monthly run computed from the decrees in force in ``month``."""
    require(actor, "payroll.run")
    with ctx.db.write() as s:
        if s.scalar(select(PayrollRun.id).where(
                PayrollRun.year == month.year, PayrollRun.month == month.month, PayrollRun.kind == "monthly",
                PayrollRun.status != "reversed")):
            raise ConflictError("{month} already has a payroll run; recompute or reverse it.", month=Month(month))
        run = PayrollRun(year=month.year, month=month.month, kind="monthly", title="", created_by=actor.username)
        s.add(run)
        try:
            s.flush()
        except IntegrityError:  # another workstation created it in the meantime
            raise ConflictError("{month} already has a payroll run; recompute or reverse it.",
                                month=Month(month)) from None
        _compute(s, ctx, run, {})
        audit(s, actor, "payroll.run.create", "payroll_run", run.id, month=str(month), employees=run.employees)
        return run.id


def recompute_run(ctx: BranchContext, actor: Actor, run_id: int) -> RunView:
    """Recompute a draft (after a decree was fixed); a posted run cannot change."""
    require(actor, "payroll.run")
    with ctx.db.write() as s:
        run = _get_run(s, run_id, lock=True)
        if run.status != "draft":
            raise ConflictError("Payroll run {id} is posted; correct it by a reversal or in the next run.", id=run_id)
        inputs = json.loads(run.inputs) if run.inputs else {}
        slip_ids = select(RunSlip.id).where(RunSlip.run_id == run.id)
        s.execute(delete(RunLine).where(RunLine.slip_id.in_(slip_ids)))
        s.execute(delete(RunSlip).where(RunSlip.run_id == run.id))
        _compute(s, ctx, run, inputs)
        audit(s, actor, "payroll.run.recompute", "payroll_run", run.id)
        return _run_view(run)


def delete_draft_run(ctx: BranchContext, actor: Actor, run_id: int) -> None:
    require(actor, "payroll.run")
    with ctx.db.write() as s:
        run = _get_run(s, run_id, lock=True)
        if run.status != "draft":
            raise ConflictError("Payroll run {id} is posted; correct it by a reversal or in the next run.", id=run_id)
        slip_ids = select(RunSlip.id).where(RunSlip.run_id == run.id)
        s.execute(delete(RunLine).where(RunLine.slip_id.in_(slip_ids)))
        s.execute(delete(RunSlip).where(RunSlip.run_id == run.id))
        s.delete(run)
        audit(s, actor, "payroll.run.delete", "payroll_run", run_id)


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
    for loan in s.scalars(select(Loan).where(Loan.status == "granted")):
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
            penalty += rules.late_penalty(ctx.pack, _dec(ctx, this), late, day)
        if instalment_total:
            out[loan.employee_id].append(LoanDeduction(loan.id, _dec(ctx, instalment_total), penalty))
    return out


def _compute(s: Session, ctx: BranchContext, run: PayrollRun, inputs: dict[str, object]) -> None:
    """Compute every employee's pay lines into the run (slips and lines, bulk inserted)."""
    pack = ctx.pack
    month = YearMonth(run.year, run.month)
    start, end = pack.calendar.month_bounds(month)
    decrees = _decrees_in_force(s, end)
    ytd = _ytd(s, ctx, month, run.id)
    loans = _loan_deductions(s, ctx, month) if run.kind == "monthly" else {}
    employees = list(s.scalars(
        select(Employee).where(Employee.hire_date <= end, (Employee.left_on.is_(None)) | (Employee.left_on >= start))
        .order_by(Employee.personnel_no)))
    slips: list[dict[str, object]] = []
    lines_by_emp: dict[int, list[PayLine]] = {}
    for emp in employees:
        d = decrees.get(emp.id)
        if d is None:
            continue
        terms = _terms(ctx, emp, d)
        if run.kind == "monthly":
            result = rules.compute_pay(
                pack, terms, month, ytd_taxable_before=_dec(ctx, ytd.taxable_year.get(emp.id, 0)),
                month_taxable_before=_dec(ctx, ytd.taxable_month.get(emp.id, 0)),
                month_insurable_before=_dec(ctx, ytd.insurable_month.get(emp.id, 0)),
                loans=loans.get(emp.id, ()),
            )
        else:
            amount = _bonus_amount(ctx, run.kind, inputs, month, emp.personnel_no, terms)
            if not amount:
                continue
            result = rules.compute_pay(
                pack, terms, month, regular=False, extra=[PayLine(run.kind, amount)],
                ytd_taxable_before=_dec(ctx, ytd.taxable_year.get(emp.id, 0)),
                month_taxable_before=_dec(ctx, ytd.taxable_month.get(emp.id, 0)),
                month_insurable_before=_dec(ctx, ytd.insurable_month.get(emp.id, 0)),
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


def _slip_lines(s: Session, run_id: int) -> dict[int, dict[str, int]]:
    """employee id -> {code: minor} of a run."""
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for emp_id, code, amount in s.execute(
        select(RunSlip.employee_id, RunLine.code, RunLine.amount).join(RunSlip, RunSlip.id == RunLine.slip_id)
        .where(RunSlip.run_id == run_id)
    ):
        out[emp_id][code] = out[emp_id].get(code, 0) + amount
    return out


def review_run(ctx: BranchContext, actor: Actor, run_id: int) -> RunReview:
    """Every employee's lines and the totals, with last month's figures to compare."""
    require(actor, "payroll.view")
    with ctx.db.read() as s:
        run = _get_run(s, run_id)
        month = YearMonth(run.year, run.month)
        prev = s.scalar(select(PayrollRun).where(
            PayrollRun.kind == run.kind, PayrollRun.status.in_(LIVE),
            (PayrollRun.year < run.year) | ((PayrollRun.year == run.year) & (PayrollRun.month < run.month)),
        ).order_by(PayrollRun.year.desc(), PayrollRun.month.desc(), PayrollRun.id.desc()))
        del month
        lines = _slip_lines(s, run.id)
        prev_lines = _slip_lines(s, prev.id) if prev else {}
        prev_net = dict(s.execute(select(RunSlip.employee_id, RunSlip.net).where(RunSlip.run_id == prev.id)).all()) \
            if prev else {}
        rows = []
        for slip, emp in s.execute(
            select(RunSlip, Employee).join(Employee, Employee.id == RunSlip.employee_id)
            .where(RunSlip.run_id == run.id).order_by(Employee.personnel_no)
        ):
            rows.append(ReviewRow(
                emp.id, emp.personnel_no, f"{emp.first_name} {emp.last_name}", slip.post, slip.job_group,
                lines.get(emp.id, {}), slip.gross, slip.deductions, slip.net, slip.employer_cost,
                prev_lines.get(emp.id) if prev and emp.id in prev_net else None, prev_net.get(emp.id),
            ))
        totals: dict[str, int] = defaultdict(int)
        for row in rows:
            for code, amount in row.lines.items():
                totals[code] += amount
        prev_totals: dict[str, int] = defaultdict(int)
        for pl in prev_lines.values():
            for code, amount in pl.items():
                prev_totals[code] += amount
        codes = tuple(sorted(set(totals) | set(prev_totals), key=lambda c: rules.LINE_ORDER.get(c, 99)))
        return RunReview(_run_view(run), tuple(rows), dict(totals), dict(prev_totals), prev.id if prev else None, codes)


def _journal_lines(ctx: BranchContext, s: Session, run: PayrollRun) -> list[LineInput]:
    pack = ctx.pack
    acc = pack.account_code
    debits: dict[str, int] = defaultdict(int)
    credits: dict[str, int] = defaultdict(int)
    per_staff: list[LineInput] = []
    for emp_id, code, kind, amount, loan_id in s.execute(
        select(RunSlip.employee_id, RunLine.code, RunLine.kind, RunLine.amount, RunLine.loan_id)
        .join(RunSlip, RunSlip.id == RunLine.slip_id).where(RunSlip.run_id == run.id)
        .order_by(RunSlip.employee_id, RunLine.id)
    ):
        if amount == 0:
            continue
        role = rules.line_account_role(pack, code)
        if kind == LineKind.EARNING:
            debits[role] += amount
        elif kind == LineKind.EMPLOYER:
            debits[role] += amount
            credits[rules.EMPLOYER_CREDIT[code]] += amount
        elif code == "loan_instalment":
            per_staff.append(LineInput(acc(role), credit=amount, party_type=STAFF, party_id=emp_id,
                                       memo=f"LOAN-{loan_id}"))  # the loan's reference: a code in every language
        else:
            credits[role] += amount
    for emp_id, net in s.execute(select(RunSlip.employee_id, RunSlip.net).where(RunSlip.run_id == run.id)
                                 .order_by(RunSlip.employee_id)):
        if net > 0:
            per_staff.append(LineInput(acc("net_pay_payable"), credit=net, party_type=STAFF, party_id=emp_id))
        elif net < 0:
            raise ValidationError("Employee #{id} has a negative net pay; fix the deductions first.", id=emp_id)
    lines = [LineInput(acc(r), debit=a) for r, a in sorted(debits.items()) if a]
    lines += [LineInput(acc(r), credit=a) for r, a in sorted(credits.items()) if a]
    return lines + per_staff


def _run_label(run: PayrollRun) -> str:
    return f"{RUN_KINDS.get(run.kind, run.kind)} {run.year:04d}-{run.month:02d}"


def _run_text(run: PayrollRun, template: str = N_("{kind} {month}")) -> StoredText:
    """A run's entry description as a message: the kind of run translated, the month in the
    reader's digits. ``template``: "{kind} {month}", "{kind} {month}: net pay" or "{kind} {month}: loan fund"."""
    # Translators: a payroll entry's description, e.g. "Monthly payroll 1405-04"
    return StoredText(template, {"kind": Msg(RUN_KINDS.get(run.kind, run.kind)),
                                 "month": Month(YearMonth(run.year, run.month))})


@retry_transient
def post_run(ctx: BranchContext, actor: Actor, run_id: int, on: dt.date | None = None) -> int:
    """Post a draft run: Dr salary and allowance expenses and employer costs / Cr net pay (per
    employee), insurance, tax, loan fund and other payables, loans receivable. Returns the entry id."""
    require(actor, "payroll.post")
    with ctx.db.write() as s:
        run = _get_run(s, run_id, lock=True)
        if run.status != "draft":
            raise ConflictError("Payroll run {id} is already posted.", id=run_id)
        if run.employees == 0:
            raise ValidationError("Payroll run {id} has nobody to pay.", id=run_id)
        month = YearMonth(run.year, run.month)
        day = on or min(rules.pay_day(ctx.pack, month), max(ctx.today(), ctx.pack.calendar.month_bounds(month)[0]))
        entry_id = post_entry_in(s, ctx, actor, EntryInput(
            ctx.pack.journal_code("payroll"), day, _run_label(run), tuple(_journal_lines(ctx, s, run)),
            reference=f"PAYRUN-{run.id}", text=_run_text(run),
        ))
        # loan repayments deducted in this run
        reps: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for code, amount, loan_id in s.execute(
            select(RunLine.code, RunLine.amount, RunLine.loan_id).join(RunSlip, RunSlip.id == RunLine.slip_id)
            .where(RunSlip.run_id == run.id, RunLine.loan_id.is_not(None))
        ):
            reps[int(loan_id or 0)][0 if code == "loan_instalment" else 1] += amount
        for loan_id, (instalment, penalty) in reps.items():
            loan = s.get(Loan, loan_id)
            assert loan is not None
            paid_before = int(s.scalar(select(func.count()).select_from(LoanRepayment)
                                       .where(LoanRepayment.loan_id == loan_id)) or 0)
            n = max(1, round(instalment / loan.instalment)) if loan.instalment else 1
            for k in range(n):  # one repayment row per instalment month covered
                part = instalment // n + (instalment % n if k == n - 1 else 0)
                s.add(LoanRepayment(loan_id=loan_id, run_id=run.id, year=run.year, month=run.month,
                                    instalment=part, penalty=penalty if k == 0 else 0))
            del paid_before
            s.flush()
            repaid = int(s.scalar(select(func.sum(LoanRepayment.instalment))
                                  .where(LoanRepayment.loan_id == loan_id)) or 0)
            if repaid >= loan.amount:
                loan.status = "repaid"
        run.status = "posted"
        run.posted_entry_id = entry_id
        run.posted_by = actor.username
        audit(s, actor, "payroll.run.post", "payroll_run", run.id, entry=entry_id)
        return entry_id


def reverse_run(ctx: BranchContext, actor: Actor, run_id: int, reason: str, on: dt.date | None = None) -> None:
    """Reverse a posted (or paid) run with a reason: its entries get reversal entries, its loan
    repayments are taken back, and the month may be run again."""
    require(actor, "payroll.reverse")
    if not reason.strip():
        raise ValidationError("A reversal needs a reason.")
    with ctx.db.write() as s:
        run = _get_run(s, run_id, lock=True)
        if run.status not in LIVE:
            raise ConflictError("Only a posted payroll run can be reversed.")
        for entry_id in (run.loanfund_entry_id, run.paid_entry_id, run.posted_entry_id):
            if entry_id is not None:
                last = reverse_in(s, ctx, actor, entry_id, reason.strip(), on)
        loan_ids = set(s.scalars(select(LoanRepayment.loan_id).where(LoanRepayment.run_id == run.id)))
        s.execute(delete(LoanRepayment).where(LoanRepayment.run_id == run.id))
        for loan_id in loan_ids:
            loan = s.get(Loan, loan_id)
            if loan is not None and loan.status == "repaid":
                loan.status = "granted"
        set_state(s, run, actor.id, status="reversed", reversal_entry_id=last, reversal_reason=reason.strip())
        audit(s, actor, "payroll.run.reverse", "payroll_run", run.id, reason=reason.strip())


def bank_list(ctx: BranchContext, actor: Actor, run_id: int) -> list[BankRow]:
    """The transfers of a posted run: one row per employee with a positive net pay."""
    require(actor, "payroll.view")
    with ctx.db.read() as s:
        run = _get_run(s, run_id)
        if run.status not in LIVE:
            raise ConflictError("Post payroll run {id} before sending it to the bank.", id=run_id)
        return [
            BankRow(e.personnel_no, f"{e.first_name} {e.last_name}", e.national_id, slip.iban or e.iban, slip.net)
            for slip, e in s.execute(
                select(RunSlip, Employee).join(Employee, Employee.id == RunSlip.employee_id)
                .where(RunSlip.run_id == run.id, RunSlip.net > 0).order_by(Employee.personnel_no)
            )
        ]


BANK_COLUMNS = (N_("Personnel no."), N_("Name"), N_("National id"), N_("IBAN"), N_("Amount"))


def export_bank_list(ctx: BranchContext, actor: Actor, run_id: int, path: Path) -> int:
    """Write the bank list as CSV or Excel (by the file's suffix); returns the row count."""
    from branch_desktop.core.i18n import gettext as _

    rows = bank_list(ctx, actor, run_id)
    cur = ctx.pack.currency
    headings = [_(c) for c in BANK_COLUMNS]
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(_("Bank list"))
        ws.append(headings)
        for r in rows:
            ws.append([r.personnel_no, r.name, r.national_id, r.iban, cur.from_minor(r.amount)])
        ws.append(["", _("Total"), "", "", cur.from_minor(sum(r.amount for r in rows))])
        wb.save(str(path))
    else:
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(headings)
            for r in rows:
                w.writerow([r.personnel_no, r.name, r.national_id, r.iban, cur.plain(r.amount)])
    return len(rows)


def pay_run(ctx: BranchContext, actor: Actor, run_id: int, on: dt.date | None = None) -> int:
    """The bank has paid the list: Dr net pay payable (per employee) / Cr the payroll bank; the
    loan fund gets the month's contributions (Dr contributions payable / Cr payroll bank, Dr 1700 /
    Cr fund capital) and the deducted instalments and penalties (Dr 1800 / Cr payroll bank)."""
    require(actor, "payroll.pay")
    with ctx.db.write() as s:
        run = _get_run(s, run_id, lock=True)
        if run.status != "posted":
            raise ConflictError("Payroll run {id} is not posted, or already paid.", id=run_id)
        acc = ctx.pack.account_code
        day = on or ctx.today()
        nets = s.execute(select(RunSlip.employee_id, RunSlip.net).where(RunSlip.run_id == run.id, RunSlip.net > 0)
                         .order_by(RunSlip.employee_id)).all()
        total = sum(n for _e, n in nets)
        lines = [LineInput(acc("net_pay_payable"), debit=n, party_type=STAFF, party_id=e) for e, n in nets]
        lines.append(LineInput(acc("payroll_bank"), credit=total))
        paid_id = post_entry_in(s, ctx, actor, EntryInput(
            ctx.pack.journal_code("payroll"), day, f"{_run_label(run)}: net pay", tuple(lines),
            reference=f"PAYRUN-{run.id}", text=_run_text(run, N_("{kind} {month}: net pay"))))
        sums = dict(s.execute(
            select(RunLine.code, func.sum(RunLine.amount)).join(RunSlip, RunSlip.id == RunLine.slip_id)
            .where(RunSlip.run_id == run.id).group_by(RunLine.code)).all())
        contributions = int(sums.get("loanfund", 0) or 0) + int(sums.get("loanfund_org", 0) or 0)
        repayments = int(sums.get("loan_instalment", 0) or 0) + int(sums.get("loan_penalty", 0) or 0)
        fund_lines = []
        if contributions:
            fund_lines += [
                LineInput(acc("loan_fund_contributions_payable"), debit=contributions),
                LineInput(acc("payroll_bank"), credit=contributions),
                LineInput(acc("loan_fund_bank"), debit=contributions),
                LineInput(acc("loan_fund_capital"), credit=contributions),
            ]
        if repayments:
            fund_lines += [
                LineInput(acc("loan_fund_disbursement_bank"), debit=repayments),
                LineInput(acc("payroll_bank"), credit=repayments),
            ]
        fund_id = run.loanfund_entry_id
        if fund_lines:
            fund_id = post_entry_in(s, ctx, actor, EntryInput(
                ctx.pack.journal_code("loan_fund"), day, f"{_run_label(run)}: loan fund", tuple(fund_lines),
                reference=f"PAYRUN-{run.id}", text=_run_text(run, N_("{kind} {month}: loan fund"))))
        set_state(s, run, actor.id, status="paid", paid_entry_id=paid_id, loanfund_entry_id=fund_id)
        audit(s, actor, "payroll.run.pay", "payroll_run", run.id, entry=paid_id, total=total)
        return paid_id


# -- payslips -------------------------------------------------------------------------------


def payslip_count(ctx: BranchContext, actor: Actor, run_id: int) -> int:
    require(actor, "payroll.view")
    with ctx.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(RunSlip).where(RunSlip.run_id == run_id)) or 0)


def payslips(
    ctx: BranchContext, actor: Actor, run_id: int, personnel_no: str | None = None, *, batch: int = 200
) -> Iterator[PayslipData]:
    """The payslips of a run, read in batches (so a whole run streams with flat memory)."""
    require(actor, "payroll.view")
    with ctx.db.read() as s:
        run = _get_run(s, run_id)
        ids = list(s.scalars(
            select(RunSlip.id).join(Employee, Employee.id == RunSlip.employee_id).where(
                RunSlip.run_id == run_id, *( [Employee.personnel_no == personnel_no] if personnel_no else [])
            ).order_by(Employee.personnel_no)))
        if personnel_no and not ids:
            raise NotFound("Employee {no} is not in payroll run {id}.", no=personnel_no, id=run_id)
        run_info = (run.id, YearMonth(run.year, run.month), run.kind, run.title, run.status)
    for i in range(0, len(ids), batch):
        with ctx.db.read() as s:
            yield from _payslip_batch(s, ctx, run_info, ids[i : i + batch])


def _payslip_batch(
    s: Session, ctx: BranchContext, run_info: tuple[int, YearMonth, str, str, str], slip_ids: list[int]
) -> Iterator[PayslipData]:
    run_id, month, kind, title, status = run_info
    rows = s.execute(select(RunSlip, Employee, Decree).join(Employee, Employee.id == RunSlip.employee_id)
                     .outerjoin(Decree, Decree.id == RunSlip.decree_id)
                     .where(RunSlip.id.in_(slip_ids))).all()
    by_id = {slip.id: (slip, emp, dec) for slip, emp, dec in rows}
    emp_ids = [emp.id for _s, emp, _d in rows]
    lines: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for slip_id, code, kind_, amount, line_id in s.execute(
        select(RunLine.slip_id, RunLine.code, RunLine.kind, RunLine.amount, RunLine.id)
        .where(RunLine.slip_id.in_(slip_ids)).order_by(RunLine.id)
    ):
        del line_id
        lines[slip_id].append((code, kind_, amount))
    # year to date: live runs of the fiscal year up to this month, plus this run
    ytd: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for emp_id, g, d, n in s.execute(
        select(RunSlip.employee_id, func.sum(RunSlip.gross), func.sum(RunSlip.deductions), func.sum(RunSlip.net))
        .join(PayrollRun, PayrollRun.id == RunSlip.run_id)
        .where(RunSlip.employee_id.in_(emp_ids), PayrollRun.year == month.year, PayrollRun.month <= month.month,
               (PayrollRun.status.in_(LIVE)) | (PayrollRun.id == run_id))
        .group_by(RunSlip.employee_id)
    ):
        ytd[emp_id] = [int(g or 0), int(d or 0), int(n or 0)]
    ytd_codes: dict[tuple[int, str], int] = {}
    for emp_id, code, amount in s.execute(
        select(RunSlip.employee_id, RunLine.code, func.sum(RunLine.amount))
        .join(RunSlip, RunSlip.id == RunLine.slip_id).join(PayrollRun, PayrollRun.id == RunSlip.run_id)
        .where(RunSlip.employee_id.in_(emp_ids), PayrollRun.year == month.year, PayrollRun.month <= month.month,
               (PayrollRun.status.in_(LIVE)) | (PayrollRun.id == run_id),
               RunLine.code.in_(("income_tax", "insurance", "unemployment")))
        .group_by(RunSlip.employee_id, RunLine.code)
    ):
        ytd_codes[(emp_id, code)] = int(amount or 0)
    balances = _contribution_balances(s, emp_ids, include_run=run_id)
    loans = _loan_statuses(s, emp_ids)
    for slip_id in slip_ids:
        slip, emp, dec = by_id[slip_id]
        y = ytd[emp.id]
        yield PayslipData(
            run_id=run_id, period=month, kind=kind, title=title, personnel_no=emp.personnel_no,
            name=f"{emp.first_name} {emp.last_name}", national_id=emp.national_id, post=slip.post,
            employment=dec.employment if dec else "", job_group=slip.job_group, iban=slip.iban or emp.iban,
            lines=tuple(sorted(lines[slip_id], key=lambda x: rules.LINE_ORDER.get(x[0], 99))),
            gross=slip.gross, deductions=slip.deductions, net=slip.net, employer_cost=slip.employer_cost,
            ytd_gross=y[0], ytd_deductions=y[1], ytd_net=y[2], ytd_tax=ytd_codes.get((emp.id, "income_tax"), 0),
            ytd_insurance=ytd_codes.get((emp.id, "insurance"), 0) + ytd_codes.get((emp.id, "unemployment"), 0),
            loanfund_balance=balances.get(emp.id, 0), loans=tuple(loans.get(emp.id, ())),
        )
    del status


def _contribution_balances(s: Session, emp_ids: list[int] | None = None, include_run: int | None = None) -> dict[int, int]:
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


def _loan_statuses(s: Session, emp_ids: list[int]) -> dict[int, list[LoanStatus]]:
    out: dict[int, list[LoanStatus]] = defaultdict(list)
    repaid = dict(s.execute(select(LoanRepayment.loan_id, func.sum(LoanRepayment.instalment))
                            .group_by(LoanRepayment.loan_id)).all())
    counts = dict(s.execute(select(LoanRepayment.loan_id, func.count()).group_by(LoanRepayment.loan_id)).all())
    for loan in s.scalars(select(Loan).where(Loan.employee_id.in_(emp_ids), Loan.status.in_(("granted", "repaid")))):
        paid = int(repaid.get(loan.id, 0) or 0)
        out[loan.employee_id].append(LoanStatus(loan.id, loan.amount, paid, loan.amount - paid,
                                                max(0, loan.instalments - int(counts.get(loan.id, 0)))))
    return out


# -- group progression ----------------------------------------------------------------------


def group_due_report(ctx: BranchContext, actor: Actor, month: YearMonth) -> list[GroupDueRow]:
    """Who is due a job group by the end of ``month``: contract staff's first group after 2
    years, then +1 group every 4 years since the group last changed."""
    require(actor, "payroll.view")
    end = rules.pay_day(ctx.pack, month)
    out = []
    with ctx.db.read() as s:
        history: dict[int, list[Decree]] = defaultdict(list)
        for d in s.scalars(select(Decree).where(Decree.effective_from <= end).order_by(Decree.effective_from)):
            history[d.employee_id].append(d)
        for emp in s.scalars(select(Employee).where(Employee.left_on.is_(None)).order_by(Employee.personnel_no)):
            decrees = history.get(emp.id)
            if not decrees:
                continue
            current = decrees[-1]
            since = emp.hire_date
            for d in decrees:
                if d.job_group != current.job_group:
                    continue
                since = d.effective_from
                break
            for prev, d in zip(decrees, decrees[1:], strict=False):
                if d.job_group == current.job_group and prev.job_group != current.job_group:
                    since = d.effective_from
            due = rules.group_progression(ctx.pack, _terms(ctx, emp, current), since, month)
            if due is not None:
                out.append(GroupDueRow(emp.personnel_no, f"{emp.first_name} {emp.last_name}", current.employment,
                                       current.job_group, due.new_group, due.due_on))
    return out


# -- bonuses (off-cycle runs) ---------------------------------------------------------------


def _bonus_run(ctx: BranchContext, actor: Actor, month: YearMonth, kind: str, inputs: dict[str, object]) -> int:
    """An off-cycle run; its inputs (scores or points) are kept with it, so a recompute after a
    decree fix computes the bonuses again from the decrees in force."""
    with ctx.db.write() as s:
        run = PayrollRun(year=month.year, month=month.month, kind=kind, created_by=actor.username,
                         inputs=json.dumps(inputs))
        s.add(run)
        s.flush()
        _compute(s, ctx, run, inputs)
        audit(s, actor, f"payroll.run.{kind}", "payroll_run", run.id, month=str(month), employees=run.employees)
        return run.id


def _bonus_amount(ctx: BranchContext, kind: str, inputs: dict[str, object], month: YearMonth, personnel_no: str,
                  terms: PayTerms) -> Decimal:
    """The bonus of one employee in an off-cycle run, from the run's inputs."""
    if kind == "productivity":
        scores = inputs.get("scores")
        row = scores.get(personnel_no) if isinstance(scores, dict) else None
        if not row:
            return Decimal(0)
        score = rules.ProductivityScore(Decimal(row[0]), Decimal(row[1]), Decimal(row[2]), int(row[3]), int(row[4]))
        return rules.productivity_bonus(ctx.pack, terms, month, score)
    if kind == "performance":
        wanted = inputs.get("employees")
        if isinstance(wanted, list) and personnel_no not in wanted:
            return Decimal(0)
        return rules.karaneh_bonus(ctx.pack, terms, month, Decimal(str(inputs.get("points", "0"))))
    return Decimal(0)


def create_productivity_run(
    ctx: BranchContext, actor: Actor, month: YearMonth, scores: dict[str, rules.ProductivityScore]
) -> int:
    """The quarter's productivity bonus as an off-cycle run: each scored employee's days of
    continuous pay (decree in force at the end of ``month``)."""
    require(actor, "payroll.run")
    with ctx.db.read() as s:
        known = set(s.scalars(select(Employee.personnel_no).where(Employee.personnel_no.in_(list(scores)))))
    unknown = sorted(set(scores) - known)
    if unknown:
        raise NotFound("There is no employee {no}.", no=", ".join(unknown))
    inputs: dict[str, object] = {"scores": {
        no: [str(v.score), str(v.worked_share), str(v.principles), v.unpaid_leave_days, v.sick_leave_days]
        for no, v in scores.items()}}
    return _bonus_run(ctx, actor, month, "productivity", inputs)


def create_performance_run(
    ctx: BranchContext, actor: Actor, month: YearMonth, indicators: rules.KaranehIndicators,
    personnel_nos: Iterable[str] | None = None,
) -> int:
    """The performance bonus (karaneh): the branch's points x the point value, to each listed
    (default: every active) employee, as an off-cycle run."""
    require(actor, "payroll.run")
    points = rules.karaneh_points(ctx.pack, indicators, rules.pay_day(ctx.pack, month))
    inputs: dict[str, object] = {"points": str(points), "indicators": [
        str(indicators.collection_over_budget_pct), str(indicators.arrears_share_pct),
        str(indicators.amount_over_budget), str(indicators.balance_progress), indicators.statements_on_time]}
    if personnel_nos is not None:
        inputs["employees"] = sorted(personnel_nos)
    return _bonus_run(ctx, actor, month, "performance", inputs)


# -- the loan fund --------------------------------------------------------------------------


def contribution_balance(ctx: BranchContext, actor: Actor, personnel_no: str) -> int:
    require(actor, "loanfund.view")
    with ctx.db.read() as s:
        emp = _employee_by_no(s, personnel_no)
        return _contribution_balances(s, [emp.id]).get(emp.id, 0)


def apply_for_loan(ctx: BranchContext, actor: Actor, personnel_no: str, instalments: int,
                   on: dt.date | None = None) -> int:
    """A member's application: 2 x the contribution balance, the insurance and the fee taken from
    it, in ``instalments`` monthly instalments. The committee decides."""
    require(actor, "loanfund.apply")
    day = on or ctx.today()
    with ctx.db.write() as s:
        emp = _employee_by_no(s, personnel_no)
        if s.scalar(select(Loan.id).where(Loan.employee_id == emp.id, Loan.status.in_(("applied", "granted")))):
            raise ConflictError("{no} already has a loan application or an outstanding loan.", no=personnel_no)
        balance = _contribution_balances(s, [emp.id]).get(emp.id, 0)
        terms = rules.loan_terms(ctx.pack, _dec(ctx, balance), instalments, day)
        m = ctx.pack.currency.to_minor
        loan = Loan(employee_id=emp.id, applied_on=day, instalments=instalments, balance_at_application=balance,
                    amount=m(terms.amount), insurance=m(terms.insurance), fee=m(terms.fee), net=m(terms.net),
                    instalment=m(terms.instalments[0]), created_by=actor.username)
        s.add(loan)
        s.flush()
        audit(s, actor, "loanfund.apply", "loan", loan.id, employee=personnel_no, amount=loan.amount)
        return loan.id


def approve_loan(ctx: BranchContext, actor: Actor, loan_id: int, seat: str) -> int:
    """A committee member approves; returns how many of the three have. Each seat once, and three
    different users."""
    require(actor, "loanfund.approve")
    if seat not in COMMITTEE_SEATS:
        raise ValidationError("'{seat}' is not a seat on the loan committee.", seat=seat)
    with ctx.db.write() as s:
        loan = _get_loan(s, loan_id)
        if loan.status != "applied":
            raise ConflictError("Loan {id} has already been decided.", id=loan_id)
        approvals = list(s.scalars(select(LoanApproval).where(LoanApproval.loan_id == loan_id)))
        if any(a.user_id == actor.id for a in approvals):
            raise ConflictError("{user} has already approved loan {id}; the committee needs three different people.",
                                user=actor.username, id=loan_id)
        if any(a.seat == seat for a in approvals):
            raise ConflictError("The seat {seat} has already approved loan {id}.", seat=seat, id=loan_id)
        s.add(LoanApproval(loan_id=loan_id, seat=seat, user_id=actor.id, username=actor.username))
        audit(s, actor, "loanfund.approve", "loan", loan_id, seat=seat)
        return len(approvals) + 1


def reject_loan(ctx: BranchContext, actor: Actor, loan_id: int, reason: str) -> None:
    require(actor, "loanfund.approve")
    with ctx.db.write() as s:
        loan = _get_loan(s, loan_id)
        if loan.status != "applied":
            raise ConflictError("Loan {id} has already been decided.", id=loan_id)
        loan.status = "rejected"
        audit(s, actor, "loanfund.reject", "loan", loan_id, reason=reason)


def _get_loan(s: Session, loan_id: int) -> Loan:
    loan = s.get(Loan, loan_id)
    if loan is None:
        raise NotFound("There is no loan {id}.", id=loan_id)
    return loan


def grant_loan(ctx: BranchContext, actor: Actor, loan_id: int, on: dt.date | None = None) -> int:
    """Pay an approved loan: the fund moves the net from 1700 to 1800 and pays it; Dr loans
    receivable (the member) / Cr 1800 net, Cr loan insurance 1.5 %, Cr fee revenue 0.5 %.
    Instalments start in the next month's payroll. Returns the entry id."""
    require(actor, "loanfund.grant")
    day = on or ctx.today()
    with ctx.db.write() as s:
        loan = _get_loan(s, loan_id)
        if loan.status != "applied":
            raise ConflictError("Loan {id} has already been decided.", id=loan_id)
        approvals = list(s.scalars(select(LoanApproval).where(LoanApproval.loan_id == loan_id)))
        if len({a.user_id for a in approvals}) < len(COMMITTEE_SEATS) or \
                {a.seat for a in approvals} != set(COMMITTEE_SEATS):
            raise ValidationError("Loan {id} needs the approval of all three committee members (three different "
                                  "users); it has {count}.", id=loan_id, count=len(approvals))
        acc = ctx.pack.account_code
        lines = (
            LineInput(acc("staff_loans_receivable"), debit=loan.amount, party_type=STAFF, party_id=loan.employee_id),
            LineInput(acc("loan_insurance_payable"), credit=loan.insurance),
            LineInput(acc("loan_fund_fee_revenue"), credit=loan.fee),
            LineInput(acc("loan_fund_disbursement_bank"), credit=loan.net),
            # memos: the other bank account's code (a code reads the same in every language)
            LineInput(acc("loan_fund_disbursement_bank"), debit=loan.net, memo=acc("loan_fund_bank")),
            LineInput(acc("loan_fund_bank"), credit=loan.net, memo=acc("loan_fund_disbursement_bank")),
        )
        emp = s.get(Employee, loan.employee_id)
        assert emp is not None
        entry_id = post_entry_in(s, ctx, actor, EntryInput(
            ctx.pack.journal_code("loan_fund"), day, "",
            tuple(line for line in lines if line.debit or line.credit), reference=f"LOAN-{loan.id}",
            text=stored_text("Loan fund loan {id}: {personnel_no}", id=loan.id, personnel_no=emp.personnel_no)))
        first = ctx.pack.calendar.year_month(day).next()
        loan.status = "granted"
        loan.granted_on = day
        loan.first_year, loan.first_month = first.year, first.month
        loan.granted_entry_id = entry_id
        audit(s, actor, "loanfund.grant", "loan", loan_id, entry=entry_id)
        return entry_id


def list_loans(ctx: BranchContext, actor: Actor) -> list[LoanView]:
    require(actor, "loanfund.view")
    with ctx.db.read() as s:
        repaid = dict(s.execute(select(LoanRepayment.loan_id, func.sum(LoanRepayment.instalment))
                                .group_by(LoanRepayment.loan_id)).all())
        approvals: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for a in s.scalars(select(LoanApproval).order_by(LoanApproval.id)):
            approvals[a.loan_id].append((a.seat, a.username))
        return [
            LoanView(loan.id, emp.personnel_no, f"{emp.first_name} {emp.last_name}", loan.applied_on, loan.status,
                     loan.amount, loan.insurance, loan.fee, loan.net, loan.instalments, loan.instalment,
                     int(repaid.get(loan.id, 0) or 0), tuple(approvals.get(loan.id, ())), loan.granted_on)
            for loan, emp in s.execute(select(Loan, Employee).join(Employee, Employee.id == Loan.employee_id)
                                       .order_by(Loan.id))
        ]


def member_statement(ctx: BranchContext, actor: Actor, personnel_no: str) -> MemberStatement:
    """A member's contributions month by month, loans granted and instalments repaid."""
    require(actor, "loanfund.view")
    cal = ctx.pack.calendar
    with ctx.db.read() as s:
        emp = _employee_by_no(s, personnel_no)
        lines: list[StatementLine] = []
        for year, month, kind, amount in s.execute(
            select(PayrollRun.year, PayrollRun.month, RunLine.code, func.sum(RunLine.amount))
            .join(RunSlip, RunSlip.run_id == PayrollRun.id).join(RunLine, RunLine.slip_id == RunSlip.id)
            .where(RunSlip.employee_id == emp.id, PayrollRun.status.in_(LIVE),
                   RunLine.code.in_(("loanfund", "loanfund_org")))
            .group_by(PayrollRun.year, PayrollRun.month, RunLine.code)
            .order_by(PayrollRun.year, PayrollRun.month, RunLine.code)
        ):
            ym = YearMonth(year, month)
            label = N_("Contribution (employee) {value}") if kind == "loanfund" else N_(
                "Contribution (organisation) {value}")
            lines.append(StatementLine(rules.pay_day(ctx.pack, ym), label, str(ym), int(amount or 0), 0))
        loan_balance = 0
        for loan in s.scalars(select(Loan).where(Loan.employee_id == emp.id, Loan.status.in_(("granted", "repaid")))):
            assert loan.granted_on is not None
            lines.append(StatementLine(loan.granted_on, N_("Loan {value} granted"), str(loan.id), 0, loan.amount))
            loan_balance += loan.amount
            for rep in s.scalars(select(LoanRepayment).where(LoanRepayment.loan_id == loan.id)
                                 .order_by(LoanRepayment.id)):
                ym = YearMonth(rep.year, rep.month)
                lines.append(StatementLine(rules.pay_day(ctx.pack, ym), N_("Instalment of loan {value}"),
                                           str(loan.id), 0, -rep.instalment))
                loan_balance -= rep.instalment
        lines.sort(key=lambda x: x.day)
        del cal
        return MemberStatement(emp.personnel_no, f"{emp.first_name} {emp.last_name}", emp.national_id,
                               emp.loanfund_opening, tuple(lines),
                               emp.loanfund_opening + sum(x.contribution for x in lines), loan_balance)

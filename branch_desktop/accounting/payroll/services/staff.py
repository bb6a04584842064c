"""Staff and their dated decrees: registering, changing a file, a new decree, leaving, the
register and a decree history; who is due a job group."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select

from branch_desktop.accounting.payroll import rules
from branch_desktop.accounting.payroll.exceptions import (
    DecreeBeforeHire,
    DecreeDateTaken,
    LeavingBeforeHire,
    PersonnelNoTaken,
    StaleRecord,
    UnknownEmployee,
)
from branch_desktop.accounting.payroll.models import Decree, Employee
from branch_desktop.accounting.payroll.services.common import (
    decrees_in_force,
    employee_by_no,
    minor,
    pay_terms,
)
from branch_desktop.accounting.payroll.types import (
    DecreeInput,
    DecreeView,
    EmployeeInput,
    EmployeeView,
    GroupDueRow,
)
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.models import utcnow
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.core.stale import changed_by


def _employee_row(ctx: BranchContext, actor: Actor, data: EmployeeInput) -> Employee:
    """A new employee's row from a checked file (the national id and IBAN in compact form)."""
    national_id, iban = rules.check_employee(ctx.pack.code, data)
    return Employee(
        personnel_no=data.personnel_no.strip(), national_id=national_id, first_name=data.first_name.strip(),
        last_name=data.last_name.strip(), hire_date=data.hire_date, education=data.education, iban=iban,
        loanfund_opening=minor(ctx, data.loanfund_opening), updated_by=actor.username,
    )


def _decree_row(ctx: BranchContext, actor: Actor, employee_id: int, d: DecreeInput) -> Decree:
    return Decree(
        employee_id=employee_id, number=d.number, effective_from=d.effective_from, post=d.post,
        employment=d.employment, job_group=d.job_group, married=d.married, housing=d.housing,
        part_time=d.part_time, other_allowance=minor(ctx, d.other_allowance),
        other_deduction=minor(ctx, d.other_deduction), note=d.note, created_by=actor.username,
    )


# -- staff and decrees ----------------------------------------------------------------------


def register_employee(ctx: BranchContext, actor: Actor, data: EmployeeInput, decree: DecreeInput) -> int:
    """A new employee with the first decree (hire), in one transaction."""
    require(actor, "payroll.staff")
    emp = _employee_row(ctx, actor, data)
    rules.check_decree(decree)
    with ctx.db.write() as s:
        if s.scalar(select(Employee.id).where(Employee.personnel_no == emp.personnel_no)):
            raise PersonnelNoTaken(no=data.personnel_no)
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
            emp = _employee_row(ctx, actor, data)
            rules.check_decree(decree)
            s.add(emp)
            s.flush()
            s.add(_decree_row(ctx, actor, emp.id, decree))
            count += 1
        audit(s, actor, "payroll.employee.import", "employee", "", count=count)
    return count


def update_employee(ctx: BranchContext, actor: Actor, employee_id: int, version: int, data: EmployeeInput) -> None:
    """Change an employee's file; a stale ``version`` is refused with who changed it and when."""
    require(actor, "payroll.staff")
    national_id, iban = rules.check_employee(ctx.pack.code, data)
    with ctx.db.write() as s:
        emp = s.get(Employee, employee_id)
        if emp is None:
            raise UnknownEmployee(no=employee_id)
        if emp.version != version:
            raise StaleRecord(**changed_by(s, ctx.pack.calendar, emp.updated_by, emp.updated_at))
        emp.national_id = national_id
        emp.first_name, emp.last_name = data.first_name.strip(), data.last_name.strip()
        emp.hire_date, emp.education = data.hire_date, data.education
        emp.iban = iban
        emp.updated_by, emp.updated_at = actor.username, utcnow()
        audit(s, actor, "payroll.employee.update", "employee", emp.id)


def add_decree(ctx: BranchContext, actor: Actor, personnel_no: str, decree: DecreeInput) -> int:
    """Record a dated decree; earlier decrees stay in the history."""
    require(actor, "payroll.staff")
    rules.check_decree(decree)
    with ctx.db.write() as s:
        emp = employee_by_no(s, personnel_no)
        if decree.effective_from < emp.hire_date:
            raise DecreeBeforeHire()
        if s.scalar(select(Decree.id).where(Decree.employee_id == emp.id,
                                            Decree.effective_from == decree.effective_from)):
            raise DecreeDateTaken(date=ctx.pack.calendar.format(decree.effective_from))
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
        emp = employee_by_no(s, personnel_no)
        if on < emp.hire_date:
            raise LeavingBeforeHire()
        emp.left_on = on
        emp.updated_by = actor.username
        audit(s, actor, "payroll.employee.leave", "employee", emp.id, on=on.isoformat())


def list_employees(ctx: BranchContext, actor: Actor, on: dt.date | None = None) -> list[EmployeeView]:
    require(actor, "payroll.view")
    on = on or ctx.today()
    with ctx.db.read() as s:
        decrees = decrees_in_force(s, on)
        out = []
        for e in s.scalars(select(Employee).order_by(Employee.personnel_no)):
            d = decrees.get(e.id)
            out.append(EmployeeView(
                id=e.id, personnel_no=e.personnel_no, national_id=e.national_id, first_name=e.first_name,
                last_name=e.last_name, hire_date=e.hire_date, education=e.education, iban=e.iban, left_on=e.left_on,
                version=e.version, post=d.post if d else "", employment=d.employment if d else "",
                job_group=d.job_group if d else None,
            ))
        return out


def decree_history(ctx: BranchContext, actor: Actor, personnel_no: str) -> list[DecreeView]:
    require(actor, "payroll.view")
    with ctx.db.read() as s:
        emp = employee_by_no(s, personnel_no)
        return [
            DecreeView(id=d.id, effective_from=d.effective_from, number=d.number, post=d.post,
                       employment=d.employment, job_group=d.job_group, married=d.married, housing=d.housing,
                       part_time=d.part_time, other_allowance=d.other_allowance, other_deduction=d.other_deduction,
                       note=d.note, created_by=d.created_by)
            for d in s.scalars(select(Decree).where(Decree.employee_id == emp.id).order_by(Decree.effective_from))
        ]


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
            due = rules.group_progression(ctx.pack, pay_terms(ctx, emp, current), since, month)
            if due is not None:
                out.append(GroupDueRow(personnel_no=emp.personnel_no, name=f"{emp.first_name} {emp.last_name}",
                                       employment=current.employment, current_group=current.job_group,
                                       new_group=due.new_group, due_on=due.due_on))
    return out



"""What a posted run hands out: the bank list of transfers (CSV or Excel) and the payslips, read
in batches with the year to date, the loan-fund balance and the loans outstanding."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branch_desktop.accounting.payroll import rules
from branch_desktop.accounting.payroll.exceptions import EmployeeNotInRun, RunNotPosted
from branch_desktop.accounting.payroll.models import Decree, Employee, PayrollRun, RunLine, RunSlip
from branch_desktop.accounting.payroll.services.common import contribution_balances, loan_statuses, run_row
from branch_desktop.accounting.payroll.states import LIVE, RunKind
from branch_desktop.accounting.payroll.types import BankRow, PayslipData
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import N_
from branch_desktop.core.security import Actor, require

BANK_COLUMNS = (N_("Personnel no."), N_("Name"), N_("National id"), N_("IBAN"), N_("Amount"))


def bank_list(ctx: BranchContext, actor: Actor, run_id: int) -> list[BankRow]:
    """The transfers of a posted run: one row per employee with a positive net pay."""
    require(actor, "payroll.view")
    with ctx.db.read() as s:
        run = run_row(s, run_id)
        if run.status not in LIVE:
            raise RunNotPosted(id=run_id)
        return [
            BankRow(personnel_no=e.personnel_no, name=f"{e.first_name} {e.last_name}", national_id=e.national_id,
                    iban=slip.iban or e.iban, amount=slip.net)
            for slip, e in s.execute(
                select(RunSlip, Employee).join(Employee, Employee.id == RunSlip.employee_id)
                .where(RunSlip.run_id == run.id, RunSlip.net > 0).order_by(Employee.personnel_no)
            )
        ]


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
        run = run_row(s, run_id)
        ids = list(s.scalars(
            select(RunSlip.id).join(Employee, Employee.id == RunSlip.employee_id).where(
                RunSlip.run_id == run_id, *( [Employee.personnel_no == personnel_no] if personnel_no else [])
            ).order_by(Employee.personnel_no)))
        if personnel_no and not ids:
            raise EmployeeNotInRun(no=personnel_no, id=run_id)
        run_info = (run.id, YearMonth(run.year, run.month), RunKind(run.kind), run.title)
    for i in range(0, len(ids), batch):
        with ctx.db.read() as s:
            yield from _payslip_batch(s, ctx, run_info, ids[i : i + batch])


def _payslip_batch(
    s: Session, ctx: BranchContext, run_info: tuple[int, YearMonth, RunKind, str], slip_ids: list[int]
) -> Iterator[PayslipData]:
    run_id, month, kind, title = run_info
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
    balances = contribution_balances(s, emp_ids, include_run=run_id)
    loans = loan_statuses(s, emp_ids)
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



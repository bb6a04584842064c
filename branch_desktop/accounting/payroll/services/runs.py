"""Payroll runs: draft -> review -> recompute -> post -> payment, and the reversal of a posted run.

One transaction each, role-checked first. A posted run is immutable; it is corrected by a reversal
with a reason (and a new run), never edited.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from branch_desktop.accounting.payroll import rules
from branch_desktop.accounting.payroll.exceptions import (
    EmptyRun,
    NegativeNetPay,
    ReasonRequired,
    RunAlreadyPosted,
    RunExists,
    RunNotDraft,
    RunNotPayable,
    RunNotReversible,
)
from branch_desktop.accounting.payroll.models import (
    Employee,
    Loan,
    LoanRepayment,
    PayrollRun,
    RunLine,
    RunSlip,
)
from branch_desktop.accounting.payroll.services.common import RUN_KINDS, STAFF, run_row, run_view
from branch_desktop.accounting.payroll.services.compute import compute_run
from branch_desktop.accounting.payroll.states import LIVE, LineKind, LoanState, RunKind, RunStatus
from branch_desktop.accounting.payroll.types import ReviewRow, RunReview, RunView
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import N_
from branch_desktop.core.ledger.services import post_entry_in, reverse_in
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.core.records import set_state
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.core.storage import retry_transient
from branch_desktop.core.texts import Month, Msg, StoredText


def list_runs(ctx: BranchContext, actor: Actor, year: int | None = None) -> list[RunView]:
    require(actor, "payroll.view")
    with ctx.db.read() as s:
        q = select(PayrollRun).order_by(PayrollRun.year.desc(), PayrollRun.month.desc(), PayrollRun.id.desc())
        if year is not None:
            q = q.where(PayrollRun.year == year)
        return [run_view(r) for r in s.scalars(q)]


def get_run(ctx: BranchContext, actor: Actor, run_id: int) -> RunView:
    require(actor, "payroll.view")
    with ctx.db.read() as s:
        return run_view(run_row(s, run_id))


def find_run(ctx: BranchContext, actor: Actor, month: YearMonth, kind: str = RunKind.MONTHLY) -> RunView | None:
    """The month's live or draft run of a kind (not a reversed one)."""
    require(actor, "payroll.view")
    with ctx.db.read() as s:
        r = s.scalar(select(PayrollRun).where(
            PayrollRun.year == month.year, PayrollRun.month == month.month, PayrollRun.kind == kind,
            PayrollRun.status != RunStatus.REVERSED).order_by(PayrollRun.id.desc()))
        return run_view(r) if r else None


def create_run(ctx: BranchContext, actor: Actor, month: YearMonth) -> int:
    """A draft monthly run computed from the decrees in force in ``month``."""
    require(actor, "payroll.run")
    with ctx.db.write() as s:
        if s.scalar(select(PayrollRun.id).where(
                PayrollRun.year == month.year, PayrollRun.month == month.month, PayrollRun.kind == RunKind.MONTHLY,
                PayrollRun.status != RunStatus.REVERSED)):
            raise RunExists(month=Month(month))
        run = PayrollRun(year=month.year, month=month.month, kind=RunKind.MONTHLY, title="", created_by=actor.username)
        s.add(run)
        try:
            s.flush()
        except IntegrityError:  # another workstation created it in the meantime
            raise RunExists(month=Month(month)) from None
        compute_run(s, ctx, run, {})
        audit(s, actor, "payroll.run.create", "payroll_run", run.id, month=str(month), employees=run.employees)
        return run.id


def _cleared_draft(s: Session, run_id: int) -> PayrollRun:
    """A draft run (locked) with its slips and lines deleted; a posted run cannot change."""
    run = run_row(s, run_id, lock=True)
    if run.status != RunStatus.DRAFT:
        raise RunNotDraft(id=run_id)
    slip_ids = select(RunSlip.id).where(RunSlip.run_id == run.id)
    s.execute(delete(RunLine).where(RunLine.slip_id.in_(slip_ids)))
    s.execute(delete(RunSlip).where(RunSlip.run_id == run.id))
    return run


def recompute_run(ctx: BranchContext, actor: Actor, run_id: int) -> RunView:
    """Recompute a draft (after a decree was fixed); a posted run cannot change."""
    require(actor, "payroll.run")
    with ctx.db.write() as s:
        run = _cleared_draft(s, run_id)
        inputs = json.loads(run.inputs) if run.inputs else {}
        compute_run(s, ctx, run, inputs)
        audit(s, actor, "payroll.run.recompute", "payroll_run", run.id)
        return run_view(run)


def delete_draft_run(ctx: BranchContext, actor: Actor, run_id: int) -> None:
    require(actor, "payroll.run")
    with ctx.db.write() as s:
        s.delete(_cleared_draft(s, run_id))
        audit(s, actor, "payroll.run.delete", "payroll_run", run_id)


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
        run = run_row(s, run_id)
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
                employee_id=emp.id, personnel_no=emp.personnel_no, name=f"{emp.first_name} {emp.last_name}",
                post=slip.post, job_group=slip.job_group, lines=lines.get(emp.id, {}), gross=slip.gross,
                deductions=slip.deductions, net=slip.net, employer_cost=slip.employer_cost,
                previous=prev_lines.get(emp.id) if prev and emp.id in prev_net else None,
                previous_net=prev_net.get(emp.id),
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
        return RunReview(run=run_view(run), rows=tuple(rows), totals=dict(totals), previous_totals=dict(prev_totals),
                         previous_run_id=prev.id if prev else None, codes=codes)


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
            raise NegativeNetPay(id=emp_id)
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
        run = run_row(s, run_id, lock=True)
        if run.status != RunStatus.DRAFT:
            raise RunAlreadyPosted(id=run_id)
        if run.employees == 0:
            raise EmptyRun(id=run_id)
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
                loan.status = LoanState.REPAID
        run.status = RunStatus.POSTED
        run.posted_entry_id = entry_id
        run.posted_by = actor.username
        audit(s, actor, "payroll.run.post", "payroll_run", run.id, entry=entry_id)
        return entry_id


def reverse_run(ctx: BranchContext, actor: Actor, run_id: int, reason: str, on: dt.date | None = None) -> None:
    """Reverse a posted (or paid) run with a reason: its entries get reversal entries, its loan
    repayments are taken back, and the month may be run again."""
    require(actor, "payroll.reverse")
    if not reason.strip():
        raise ReasonRequired()
    with ctx.db.write() as s:
        run = run_row(s, run_id, lock=True)
        if run.status not in LIVE:
            raise RunNotReversible(id=run_id)
        for entry_id in (run.loanfund_entry_id, run.paid_entry_id, run.posted_entry_id):
            if entry_id is not None:
                last = reverse_in(s, ctx, actor, entry_id, reason.strip(), on)
        loan_ids = set(s.scalars(select(LoanRepayment.loan_id).where(LoanRepayment.run_id == run.id)))
        s.execute(delete(LoanRepayment).where(LoanRepayment.run_id == run.id))
        for loan_id in loan_ids:
            loan = s.get(Loan, loan_id)
            if loan is not None and loan.status == LoanState.REPAID:
                loan.status = LoanState.GRANTED
        set_state(s, run, actor.id, status=RunStatus.REVERSED, reversal_entry_id=last, reversal_reason=reason.strip())
        audit(s, actor, "payroll.run.reverse", "payroll_run", run.id, reason=reason.strip())


def pay_run(ctx: BranchContext, actor: Actor, run_id: int, on: dt.date | None = None) -> int:
    """The bank has paid the list: Dr net pay payable (per employee) / Cr the payroll bank; the
    loan fund gets the month's contributions (Dr contributions payable / Cr payroll bank, Dr 1700 /
    Cr fund capital) and the deducted instalments and penalties (Dr 1800 / Cr payroll bank)."""
    require(actor, "payroll.pay")
    with ctx.db.write() as s:
        run = run_row(s, run_id, lock=True)
        if run.status != RunStatus.POSTED:
            raise RunNotPayable(id=run_id)
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
        set_state(s, run, actor.id, status=RunStatus.PAID, paid_entry_id=paid_id, loanfund_entry_id=fund_id)
        audit(s, actor, "payroll.run.pay", "payroll_run", run.id, entry=paid_id, total=total)
        return paid_id



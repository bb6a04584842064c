"""The staff loan fund: members' contribution balances, applications, the committee's three
approvals, granting (the fund pays out; instalments are deducted in payroll) and statements."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branch_desktop.accounting.payroll import rules
from branch_desktop.accounting.payroll.exceptions import (
    ApprovalsMissing,
    ApproverRepeated,
    LoanAlreadyDecided,
    LoanAlreadyOpen,
    SeatRepeated,
    UnknownChoice,
    UnknownLoan,
)
from branch_desktop.accounting.payroll.models import (
    Employee,
    Loan,
    LoanApproval,
    LoanRepayment,
    PayrollRun,
    RunLine,
    RunSlip,
)
from branch_desktop.accounting.payroll.services.common import (
    COMMITTEE_SEATS,
    STAFF,
    contribution_balances,
    dec,
    employee_by_no,
)
from branch_desktop.accounting.payroll.states import LIVE, PAID_OUT, LoanState
from branch_desktop.accounting.payroll.types import LoanView, MemberStatement, StatementLine
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import N_
from branch_desktop.core.ledger.services import post_entry_in
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.core.texts import stored_text

OPEN = (LoanState.APPLIED, LoanState.GRANTED)  # a member has at most one open loan


def contribution_balance(ctx: BranchContext, actor: Actor, personnel_no: str) -> int:
    require(actor, "loanfund.view")
    with ctx.db.read() as s:
        emp = employee_by_no(s, personnel_no)
        return contribution_balances(s, [emp.id]).get(emp.id, 0)


def apply_for_loan(ctx: BranchContext, actor: Actor, personnel_no: str, instalments: int,
                   on: dt.date | None = None) -> int:
    """A member's application: 2 x the contribution balance, the insurance and the fee taken from
    it, in ``instalments`` monthly instalments. The committee decides."""
    require(actor, "loanfund.apply")
    day = on or ctx.today()
    with ctx.db.write() as s:
        emp = employee_by_no(s, personnel_no)
        if s.scalar(select(Loan.id).where(Loan.employee_id == emp.id, Loan.status.in_(OPEN))):
            raise LoanAlreadyOpen(no=personnel_no)
        balance = contribution_balances(s, [emp.id]).get(emp.id, 0)
        terms = rules.loan_terms(ctx.pack, dec(ctx, balance), instalments, day)
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
        raise UnknownChoice(field="seat", seat=seat)
    with ctx.db.write() as s:
        loan = _get_loan(s, loan_id)
        if loan.status != LoanState.APPLIED:
            raise LoanAlreadyDecided(id=loan_id)
        approvals = list(s.scalars(select(LoanApproval).where(LoanApproval.loan_id == loan_id)))
        if any(a.user_id == actor.id for a in approvals):
            raise ApproverRepeated(user=actor.username, id=loan_id)
        if any(a.seat == seat for a in approvals):
            raise SeatRepeated(seat=seat, id=loan_id)
        s.add(LoanApproval(loan_id=loan_id, seat=seat, user_id=actor.id, username=actor.username))
        audit(s, actor, "loanfund.approve", "loan", loan_id, seat=seat)
        return len(approvals) + 1


def reject_loan(ctx: BranchContext, actor: Actor, loan_id: int, reason: str) -> None:
    require(actor, "loanfund.approve")
    with ctx.db.write() as s:
        loan = _get_loan(s, loan_id)
        if loan.status != LoanState.APPLIED:
            raise LoanAlreadyDecided(id=loan_id)
        loan.status = LoanState.REJECTED
        audit(s, actor, "loanfund.reject", "loan", loan_id, reason=reason)


def _get_loan(s: Session, loan_id: int) -> Loan:
    loan = s.get(Loan, loan_id)
    if loan is None:
        raise UnknownLoan(id=loan_id)
    return loan


def grant_loan(ctx: BranchContext, actor: Actor, loan_id: int, on: dt.date | None = None) -> int:
    """Pay an approved loan: the fund moves the net from 1700 to 1800 and pays it; Dr loans
    receivable (the member) / Cr 1800 net, Cr loan insurance 1.5 %, Cr fee revenue 0.5 %.
    Instalments start in the next month's payroll. Returns the entry id."""
    require(actor, "loanfund.grant")
    day = on or ctx.today()
    with ctx.db.write() as s:
        loan = _get_loan(s, loan_id)
        if loan.status != LoanState.APPLIED:
            raise LoanAlreadyDecided(id=loan_id)
        approvals = list(s.scalars(select(LoanApproval).where(LoanApproval.loan_id == loan_id)))
        if len({a.user_id for a in approvals}) < len(COMMITTEE_SEATS) or \
                {a.seat for a in approvals} != set(COMMITTEE_SEATS):
            raise ApprovalsMissing(id=loan_id, count=len(approvals))
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
        loan.status = LoanState.GRANTED
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
            LoanView(id=loan.id, personnel_no=emp.personnel_no, name=f"{emp.first_name} {emp.last_name}",
                     applied_on=loan.applied_on, status=LoanState(loan.status), amount=loan.amount,
                     insurance=loan.insurance, fee=loan.fee, net=loan.net, instalments=loan.instalments,
                     instalment=loan.instalment, repaid=int(repaid.get(loan.id, 0) or 0),
                     approvals=tuple(approvals.get(loan.id, ())), granted_on=loan.granted_on)
            for loan, emp in s.execute(select(Loan, Employee).join(Employee, Employee.id == Loan.employee_id)
                                       .order_by(Loan.id))
        ]


def member_statement(ctx: BranchContext, actor: Actor, personnel_no: str) -> MemberStatement:
    """A member's contributions month by month, loans granted and instalments repaid."""
    require(actor, "loanfund.view")
    with ctx.db.read() as s:
        emp = employee_by_no(s, personnel_no)
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
            lines.append(StatementLine(day=rules.pay_day(ctx.pack, ym), text=label, value=str(ym),
                                       contribution=int(amount or 0), loan=0))
        loan_balance = 0
        for loan in s.scalars(select(Loan).where(Loan.employee_id == emp.id, Loan.status.in_(PAID_OUT))):
            assert loan.granted_on is not None
            lines.append(StatementLine(day=loan.granted_on, text=N_("Loan {value} granted"), value=str(loan.id),
                                       contribution=0, loan=loan.amount))
            loan_balance += loan.amount
            for rep in s.scalars(select(LoanRepayment).where(LoanRepayment.loan_id == loan.id)
                                 .order_by(LoanRepayment.id)):
                ym = YearMonth(rep.year, rep.month)
                lines.append(StatementLine(day=rules.pay_day(ctx.pack, ym), text=N_("Instalment of loan {value}"),
                                           value=str(loan.id), contribution=0, loan=-rep.instalment))
                loan_balance -= rep.instalment
        lines.sort(key=lambda x: x.day)
        return MemberStatement(personnel_no=emp.personnel_no, name=f"{emp.first_name} {emp.last_name}",
                               national_id=emp.national_id, opening=emp.loanfund_opening, lines=tuple(lines),
                               contribution_balance=emp.loanfund_opening + sum(x.contribution for x in lines),
                               loan_balance=loan_balance)

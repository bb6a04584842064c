"""``verify``'s cross-checks of accounting's documents: a bank statement's opening plus its lines
equal to its closing, the reconciliation's kept open items against the lines and matches, a payroll
run's totals against its slips, its slips against their lines, and the run against its postings
(the posting carries the employer cost, the payment the net)."""

from __future__ import annotations

from sqlalchemy import Connection, case, func, select

from branch_desktop.accounting.banking.models import (
    BankAccount,
    MatchItem,
    OpenTotal,
    Statement,
    StatementLine,
)
from branch_desktop.accounting.payroll.models import PayrollRun, RunLine, RunSlip
from branch_desktop.accounting.payroll.states import RunStatus
from branch_desktop.core.ledger.models import Entry, EntryLine
from branch_desktop.core.ledger.types import EntryStatus
from branch_desktop.core.ledger.verify import VerifyReport


def check(conn: Connection, report: VerifyReport) -> None:
    _statements(conn, report)
    _open_items(conn, report)
    _runs(conn, report)


def _statements(conn: Connection, report: VerifyReport) -> None:
    st, ln = Statement.__table__, StatementLine.__table__
    sums = select(ln.c.statement_id, func.count().label("n"), func.sum(ln.c.amount).label("total")) \
        .group_by(ln.c.statement_id).subquery()
    for sid, ref, opening, closing, count, n, total in conn.execute(
        select(st.c.id, st.c.statement_ref, st.c.opening, st.c.closing, st.c.line_count, sums.c.n, sums.c.total)
        .select_from(st.outerjoin(sums, sums.c.statement_id == st.c.id)).order_by(st.c.id)
    ):
        if opening + int(total or 0) != closing or count != int(n or 0):
            report.bad(f"bank statement {ref} (id {sid})",
                       f"opening {opening} + lines {int(total or 0)} ({int(n or 0)} lines) "
                       f"is not its closing {closing} ({count} lines)")
            return


def _open_items(conn: Connection, report: VerifyReport) -> None:
    """The open items' kept totals (migration banking_r4) against a recount from the lines and matches."""
    amount = EntryLine.debit - EntryLine.credit
    counted = {(r[0], r[1]): (int(r[2]), int(r[3] or 0), int(r[4] or 0)) for r in conn.execute(
        select(EntryLine.account_id, Entry.period_id, func.count(),
               func.sum(case((amount >= 0, amount), else_=0)), func.sum(case((amount < 0, -amount), else_=0)))
        .join(Entry, Entry.id == EntryLine.entry_id)
        # the bank accounts' lines by the account index (a join let SQLite scan every line first)
        .where(EntryLine.account_id.in_(select(BankAccount.ledger_account_id)), Entry.status == EntryStatus.POSTED,
               ~select(MatchItem.id).where(MatchItem.entry_line_id == EntryLine.id).exists())
        .group_by(EntryLine.account_id, Entry.period_id))}
    kept = {(r[0], r[1]): (int(r[2]), int(r[3]), int(r[4])) for r in conn.execute(
        select(OpenTotal.account_id, OpenTotal.period_id, OpenTotal.lines, OpenTotal.transit, OpenTotal.outstanding))
        if r[2] or r[3] or r[4]}
    for key in sorted(set(counted) | set(kept)):
        if counted.get(key) != kept.get(key):
            report.bad(f"bank reconciliation's open items (ledger account id {key[0]}, period id {key[1]})",
                       f"kept {kept.get(key, (0, 0, 0))} (items, in transit, outstanding), counted "
                       f"{counted.get(key, (0, 0, 0))}; `db repair-guards` counts them again")
            return


def _amount(kind: str) -> object:
    return func.sum(case((RunLine.kind == kind, RunLine.amount), else_=0))


def _runs(conn: Connection, report: VerifyReport) -> None:
    bad = conn.execute(
        select(RunSlip.id, RunSlip.run_id)
        .join(RunLine, RunLine.slip_id == RunSlip.id, isouter=True)
        .group_by(RunSlip.id, RunSlip.run_id, RunSlip.gross, RunSlip.deductions, RunSlip.net, RunSlip.employer_cost)
        .having((func.coalesce(_amount("earning"), 0) != RunSlip.gross)
                | (func.coalesce(_amount("deduction"), 0) != RunSlip.deductions)
                | (RunSlip.net != RunSlip.gross - RunSlip.deductions)
                | (RunSlip.employer_cost != RunSlip.gross + func.coalesce(_amount("employer"), 0)))
        .order_by(RunSlip.id).limit(1)).first()
    if bad is not None:
        report.bad(f"payroll slip id {bad[0]} (run {bad[1]})", "its totals differ from its pay lines")
    sums = select(RunSlip.run_id, func.count().label("n"), func.sum(RunSlip.gross).label("gross"),
                  func.sum(RunSlip.deductions).label("deductions"), func.sum(RunSlip.net).label("net"),
                  func.sum(RunSlip.employer_cost).label("cost")).group_by(RunSlip.run_id).subquery()
    posted = select(EntryLine.entry_id, func.sum(EntryLine.debit).label("debit")).group_by(EntryLine.entry_id).subquery()
    paid = posted.alias("paid")
    r = PayrollRun.__table__
    for row in conn.execute(
        select(r.c.id, r.c.status, r.c.employees, r.c.gross, r.c.deductions, r.c.net, r.c.employer_cost,
               sums.c.n, sums.c.gross, sums.c.deductions, sums.c.net, sums.c.cost, posted.c.debit, paid.c.debit,
               r.c.paid_entry_id)
        .select_from(r.outerjoin(sums, sums.c.run_id == r.c.id)
                     .outerjoin(posted, posted.c.entry_id == r.c.posted_entry_id)
                     .outerjoin(paid, paid.c.entry_id == r.c.paid_entry_id))
        .where(r.c.status != RunStatus.DRAFT).order_by(r.c.id)
    ):
        totals, slips = tuple(row[2:7]), tuple(int(x or 0) for x in row[7:12])
        if totals != slips:
            report.bad(f"payroll run id {row[0]}", f"its totals {totals} differ from its slips' {slips}")
            return
        if int(row[12] or 0) != row[6] or (row[14] is not None and int(row[13] or 0) != row[5]):
            report.bad(f"payroll run id {row[0]}", "its posting does not carry its employer cost, or its payment its net")
            return

"""Payroll use cases on SQLite and PostgreSQL: staff and decrees, the run flow, bank list, payment,
reversal, the loan fund committee, bonuses, and the books verifying afterwards."""

import csv
import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from branch_desktop.accounting.payroll import rules, services
from branch_desktop.accounting.payroll.demo import make_staff
from branch_desktop.accounting.payroll.exceptions import (
    ApprovalsMissing,
    ApproverRepeated,
    DecreeDateTaken,
    LoanAlreadyOpen,
    ReasonRequired,
    RunAlreadyPosted,
    RunExists,
    RunNotDraft,
    RunNotPayable,
    RunNotPosted,
    RunNotReversible,
    SeatRepeated,
    UnknownChoice,
    UnknownEmployee,
)
from branch_desktop.accounting.payroll.rules import KaranehIndicators, PayTerms, ProductivityScore
from branch_desktop.accounting.payroll.states import CommitteeSeat, RunKind, RunStatus
from branch_desktop.accounting.payroll.types import DecreeInput
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.errors import ConflictError, PermissionDenied, ValidationError
from branch_desktop.core.ledger import services as ledger
from branch_desktop.core.ledger.verify import verify_books
from branch_desktop.core.packs import load_pack
from branch_desktop.core.texts import Month
from tests.conftest import Branch

MONTH = YearMonth(1405, 7)  # Mehr 1405; TODAY is 1405/09/03
TR_MONTH = YearMonth(2026, 10)


def staffed(branch: Branch, count: int = 12) -> list[str]:
    staff = make_staff(branch.ctx, count, seed=3)
    services.register_employees(branch.ctx, branch.accountant, staff)
    return [e.personnel_no for e, _d in staff]


def test_staff_decrees_and_the_pay_of_a_month_follows_the_decree_in_force(branch: Branch) -> None:
    ctx, acc = branch.ctx, branch.accountant
    nos = staffed(branch, 3)
    no = nos[0]
    history = services.decree_history(ctx, acc, no)
    assert len(history) == 1
    first = history[0]
    start, _end = ctx.pack.calendar.month_bounds(MONTH.next())

    def decree(post: str, **more: object) -> DecreeInput:
        return DecreeInput(effective_from=start, post=post, employment="permanent", job_group=14, married=True,
                           **more)  # type: ignore[arg-type]

    services.add_decree(ctx, acc, no, decree("deputy", number="D-2"))
    assert [d.post for d in services.decree_history(ctx, acc, no)] == [first.post, "deputy"]
    with pytest.raises(DecreeDateTaken) as taken:
        services.add_decree(ctx, acc, no, decree("deputy"))
    assert isinstance(taken.value, ConflictError) and taken.value.field == "effective_from"
    with pytest.raises(UnknownChoice) as bad_post:
        services.add_decree(ctx, acc, no, decree("pilot"))
    assert isinstance(bad_post.value, ValidationError)
    assert bad_post.value.field == "post" and bad_post.value.params == {"post": "pilot"}
    with pytest.raises(PermissionDenied):
        services.add_decree(ctx, branch.clerk, no, decree("deputy"))
    run_before = services.create_run(ctx, acc, MONTH)
    run_after = services.create_run(ctx, acc, MONTH.next())
    before = {r.personnel_no: r for r in services.review_run(ctx, acc, run_before).rows}[no]
    after = {r.personnel_no: r for r in services.review_run(ctx, acc, run_after).rows}[no]
    assert before.post == first.post and after.post == "deputy" and after.job_group == 14
    assert after.lines["supervision"] > 0


def test_run_flow_post_bank_list_pay_and_verify(branch: Branch, tmp_path: Path) -> None:
    ctx, acc = branch.ctx, branch.accountant
    staffed(branch, 12)
    run_id = services.create_run(ctx, acc, MONTH)
    with pytest.raises(RunExists) as exists:
        services.create_run(ctx, acc, MONTH)
    assert isinstance(exists.value, ConflictError) and exists.value.params == {"month": Month(MONTH)}
    review = services.review_run(ctx, acc, run_id)
    assert len(review.rows) == 12 and review.previous_run_id is None
    for row in review.rows:
        earn = sum(a for c, a in row.lines.items() if rules.line_kind(c) is rules.LineKind.EARNING)
        ded = sum(a for c, a in row.lines.items() if rules.line_kind(c) is rules.LineKind.DEDUCTION)
        assert row.gross == earn and row.deductions == ded and row.net == earn - ded
        # seed: loan-fund contribution 4 % + 4 % of the month's pay
        assert row.lines["loanfund"] == row.lines["loanfund_org"] == round(Decimal(row.gross) * Decimal("0.04"))
    with pytest.raises(RunNotPosted) as not_posted:
        services.bank_list(ctx, acc, run_id)  # not posted yet
    assert not_posted.value.params == {"id": run_id}
    entry_id = services.post_run(ctx, acc, run_id)
    entry = ledger.get_entry(ctx, acc, entry_id)
    assert entry.journal_code == "PAY"
    assert sum(x.debit for x in entry.lines) == sum(x.credit for x in entry.lines)
    codes = {x.account_code for x in entry.lines if x.debit}
    assert {"8210", "8211", "8216", "8217"} <= codes
    run = services.get_run(ctx, acc, run_id)
    net_lines = sum(x.credit for x in entry.lines if x.account_code == "2110")
    assert net_lines == run.net
    with pytest.raises(RunNotDraft):
        services.recompute_run(ctx, acc, run_id)  # a posted run is immutable
    with pytest.raises(RunAlreadyPosted) as posted:
        services.post_run(ctx, acc, run_id)
    assert isinstance(posted.value, ConflictError) and posted.value.params == {"id": run_id}
    rows = services.bank_list(ctx, acc, run_id)
    assert sum(r.amount for r in rows) == run.net and all(r.iban.startswith("IR") for r in rows)
    csv_path, xlsx_path = tmp_path / "bank.csv", tmp_path / "bank.xlsx"
    assert services.export_bank_list(ctx, acc, run_id, csv_path) == 12
    services.export_bank_list(ctx, acc, run_id, xlsx_path)
    with csv_path.open(encoding="utf-8-sig") as fh:
        body = list(csv.reader(fh))[1:]
    assert sum(int(r[4]) for r in body) == run.net
    ws = load_workbook(xlsx_path).active
    assert ws is not None and ws.max_row == 14  # heading, 12 rows, total
    paid_id = services.pay_run(ctx, acc, run_id, on=dt.date(2026, 11, 1))
    paid = ledger.get_entry(ctx, acc, paid_id)
    assert sum(x.debit for x in paid.lines if x.account_code == "2110") == run.net
    assert sum(x.credit for x in paid.lines if x.account_code == "1400") == run.net
    assert services.get_run(ctx, acc, run_id).status is RunStatus.PAID
    with pytest.raises(RunNotPayable):
        services.pay_run(ctx, acc, run_id)
    report = verify_books(ctx)
    assert report.ok, report.problems


def test_review_highlights_differences_against_last_month(branch: Branch) -> None:
    ctx, acc = branch.ctx, branch.accountant
    nos = staffed(branch, 4)
    services.post_run(ctx, acc, services.create_run(ctx, acc, MONTH))
    run_id = services.create_run(ctx, acc, MONTH.next())
    unchanged = {r.personnel_no: r for r in services.review_run(ctx, acc, run_id).rows}
    assert not unchanged[nos[1]].changed
    # a decree fix, then recompute: only that employee differs
    start = ctx.pack.calendar.month_bounds(MONTH.next())[0]
    services.add_decree(ctx, acc, nos[1], DecreeInput(
        effective_from=start, post="expert", employment="permanent", job_group=12, married=True,
        other_allowance=Decimal(1000)))
    services.recompute_run(ctx, acc, run_id)
    review = services.review_run(ctx, acc, run_id)
    rows = {r.personnel_no: r for r in review.rows}
    assert "other_allowance" in rows[nos[1]].changed and "base" in rows[nos[1]].changed
    assert not rows[nos[2]].changed
    assert review.previous_totals["base"] > 0


def test_reversal_needs_a_reason_and_frees_the_month(branch: Branch) -> None:
    ctx, acc = branch.ctx, branch.accountant
    staffed(branch, 3)
    run_id = services.create_run(ctx, acc, MONTH)
    services.post_run(ctx, acc, run_id)
    with pytest.raises(ReasonRequired) as no_reason:
        services.reverse_run(ctx, acc, run_id, " ")
    assert isinstance(no_reason.value, ValidationError) and no_reason.value.field == "reason"
    services.reverse_run(ctx, acc, run_id, "wrong group in a decree")
    assert services.get_run(ctx, acc, run_id).status is RunStatus.REVERSED
    with pytest.raises(RunNotReversible):
        services.reverse_run(ctx, acc, run_id, "twice")
    services.post_run(ctx, acc, services.create_run(ctx, acc, MONTH))
    assert verify_books(ctx).ok


def test_loan_fund_committee_grant_and_repayment_through_payroll(branch: Branch) -> None:
    ctx, acc = branch.ctx, branch.accountant
    nos = staffed(branch, 3)
    no = nos[0]
    services.post_run(ctx, acc, services.create_run(ctx, acc, MONTH))
    balance = services.contribution_balance(ctx, acc, no)
    loan_id = services.apply_for_loan(ctx, acc, no, 10, on=dt.date(2026, 10, 15))
    loan = next(x for x in services.list_loans(ctx, acc) if x.id == loan_id)
    assert loan.amount == 2 * balance
    assert loan.insurance == round(Decimal(loan.amount) * Decimal("0.015"))
    assert loan.fee == round(Decimal(loan.amount) * Decimal("0.005"))
    assert loan.net == loan.amount - loan.insurance - loan.fee
    with pytest.raises(LoanAlreadyOpen) as open_loan:
        services.apply_for_loan(ctx, acc, no, 10)
    assert open_loan.value.field == "personnel_no" and open_loan.value.params == {"no": no}
    services.approve_loan(ctx, acc, loan_id, CommitteeSeat.FINANCE_HEAD)
    with pytest.raises(ApproverRepeated):  # the same person twice
        services.approve_loan(ctx, acc, loan_id, CommitteeSeat.ADMIN_HEAD)
    services.approve_loan(ctx, branch.manager, loan_id, CommitteeSeat.BRANCH_HEAD)
    with pytest.raises(ApprovalsMissing) as missing:  # two of three
        services.grant_loan(ctx, acc, loan_id)
    assert isinstance(missing.value, ValidationError) and missing.value.params == {"id": loan_id, "count": 2}
    with pytest.raises(SeatRepeated) as seat_taken:
        services.approve_loan(ctx, branch.admin, loan_id, CommitteeSeat.BRANCH_HEAD)  # seat taken
    assert seat_taken.value.field == "seat"
    with pytest.raises(UnknownChoice) as no_seat:
        services.approve_loan(ctx, branch.admin, loan_id, "janitor")
    assert no_seat.value.field == "seat" and no_seat.value.params == {"seat": "janitor"}
    services.approve_loan(ctx, branch.admin, loan_id, CommitteeSeat.ADMIN_HEAD)
    entry_id = services.grant_loan(ctx, acc, loan_id, on=dt.date(2026, 10, 15))  # 1405/07/23
    entry = ledger.get_entry(ctx, acc, entry_id)
    assert entry.journal_code == "LNF"
    by_code: dict[str, tuple[int, int]] = {}
    for x in entry.lines:
        d, c = by_code.get(x.account_code, (0, 0))
        by_code[x.account_code] = (d + x.debit, c + x.credit)
    assert by_code["1320"] == (loan.amount, 0)
    assert by_code["1800"] == (loan.net, loan.net) and by_code["1700"] == (0, loan.net)
    assert by_code["2160"] == (0, loan.insurance) and by_code["4310"] == (0, loan.fee)
    # Aban (month 8) deducts the first instalment
    run_id = services.create_run(ctx, acc, MONTH.next())
    row = {r.personnel_no: r for r in services.review_run(ctx, acc, run_id).rows}[no]
    assert row.lines["loan_instalment"] == loan.instalment
    services.post_run(ctx, acc, run_id)
    slip = next(iter(services.payslips(ctx, acc, run_id, no)))
    assert slip.loans[0].remaining_instalments == 9
    assert slip.loans[0].balance == loan.amount - loan.instalment
    statement = services.member_statement(ctx, acc, no)
    assert statement.loan_balance == loan.amount - loan.instalment
    assert statement.contribution_balance == services.contribution_balance(ctx, acc, no)
    assert verify_books(ctx).ok


def test_a_missed_instalment_is_deducted_late_with_a_penalty(branch: Branch) -> None:
    ctx, acc = branch.ctx, branch.accountant
    nos = staffed(branch, 3)
    services.post_run(ctx, acc, services.create_run(ctx, acc, YearMonth(1405, 5)))
    loan_id = services.apply_for_loan(ctx, acc, nos[1], 6, on=dt.date(2026, 8, 20))
    for actor, seat in ((acc, "finance_head"), (branch.manager, "branch_head"), (branch.admin, "admin_head")):
        services.approve_loan(ctx, actor, loan_id, seat)
    services.grant_loan(ctx, acc, loan_id, on=dt.date(2026, 8, 20))  # 1405/05/29 -> first instalment in 6
    # no run in month 6; month 7 deducts two instalments and a penalty on the late one
    run_id = services.create_run(ctx, acc, YearMonth(1405, 7))
    row = {r.personnel_no: r for r in services.review_run(ctx, acc, run_id).rows}[nos[1]]
    loan = next(x for x in services.list_loans(ctx, acc) if x.id == loan_id)
    assert row.lines["loan_instalment"] == 2 * loan.instalment
    assert row.lines["loan_penalty"] == round(Decimal(loan.instalment) * Decimal("0.02"))
    services.post_run(ctx, acc, run_id)
    slip = next(iter(services.payslips(ctx, acc, run_id, nos[1])))
    assert slip.loans[0].remaining_instalments == 4
    assert verify_books(ctx).ok


def test_bonus_runs_productivity_and_karaneh(branch: Branch) -> None:
    ctx, acc = branch.ctx, branch.accountant
    nos = staffed(branch, 4)
    scores = {nos[0]: ProductivityScore(Decimal("0.97")), nos[1]: ProductivityScore(Decimal("0.50"))}
    run_id = services.create_productivity_run(ctx, acc, MONTH, scores)
    review = services.review_run(ctx, acc, run_id)
    assert [r.personnel_no for r in review.rows] == [nos[0]]  # the other is below the threshold
    row = review.rows[0]
    assert row.lines["productivity"] > 0 and "loanfund" not in row.lines and "insurance" not in row.lines
    entry = ledger.get_entry(ctx, acc, services.post_run(ctx, acc, run_id))
    assert any(x.account_code == "8220" and x.debit == row.gross for x in entry.lines)
    k = KaranehIndicators(balance_progress=Decimal("0.95"), statements_on_time=3)
    perf = services.create_performance_run(ctx, acc, MONTH, k)
    perf_review = services.review_run(ctx, acc, perf)
    point_value = ctx.pack.param("karaneh.point_value", rules.pay_day(ctx.pack, MONTH))
    assert {r.lines["performance"] for r in perf_review.rows if r.personnel_no != nos[0]} <= {
        int(15 * point_value), int(15 * point_value / 2)}
    services.post_run(ctx, acc, perf)
    assert verify_books(ctx).ok


def test_group_progression_report(branch: Branch) -> None:
    ctx, acc = branch.ctx, branch.accountant
    staffed(branch, 20)
    due = services.group_due_report(ctx, acc, YearMonth(1405, 8))
    assert all(r.due_on <= rules.pay_day(ctx.pack, YearMonth(1405, 8)) for r in due)
    assert all((r.current_group is None) == (r.new_group is None) for r in due)


def test_turkish_branch_run(make_branch: Callable[[str], Branch]) -> None:
    b = make_branch("tr_sgk")
    ctx, acc = b.ctx, b.accountant
    services.register_employees(ctx, acc, make_staff(ctx, 6, seed=4))
    run_id = services.create_run(ctx, acc, TR_MONTH)
    review = services.review_run(ctx, acc, run_id)
    for row in review.rows:
        assert row.lines["insurance"] == round(Decimal(row.gross) * Decimal("0.14"))
        assert "stamp_duty" in row.lines and "unemployment" in row.lines
    entry = ledger.get_entry(ctx, acc, services.post_run(ctx, acc, run_id))
    assert entry.journal_code == "BRD"
    assert any(x.account_code == "360.02" for x in entry.lines)  # stamp duty payable
    services.pay_run(ctx, acc, run_id, on=dt.date(2026, 11, 5))
    assert verify_books(ctx).ok


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    group=st.integers(1, 20),
    post=st.sampled_from(sorted(rules.POSTS)),
    married=st.booleans(),
    housing=st.sampled_from(sorted(rules.HOUSING_SITUATIONS)),
    other=st.integers(0, 5_000_000),
    deduction=st.integers(0, 2_000_000),
    pack_code=st.sampled_from(["ir_sso", "tr_sgk"]),
)
def test_property_net_is_earnings_less_deductions(
    group: int, post: str, married: bool, housing: str, other: int, deduction: int, pack_code: str
) -> None:
    pack = load_pack(pack_code)
    cur = pack.currency
    terms = PayTerms(post, "permanent", group, married, dt.date(2000, 1, 1), housing,
                     other_allowance=cur.from_minor(other), other_deduction=cur.from_minor(deduction))
    month = MONTH if pack_code == "ir_sso" else TR_MONTH
    pay = rules.compute_pay(pack, terms, month)
    assert pay.net == pay.gross - pay.deductions
    assert all(line.amount == cur.round(line.amount) and line.amount > 0 for line in pay.lines)
    assert pay.employer_cost >= pay.gross


def test_property_run_journal_balances_and_bank_total_is_net(branch: Branch) -> None:
    ctx, acc = branch.ctx, branch.accountant
    staffed(branch, 30)
    run_id = services.create_run(ctx, acc, MONTH)
    review = services.review_run(ctx, acc, run_id)
    for row in review.rows:
        assert row.net == row.gross - row.deductions
    entry = ledger.get_entry(ctx, acc, services.post_run(ctx, acc, run_id))
    assert sum(x.debit for x in entry.lines) == sum(x.credit for x in entry.lines)
    run = services.get_run(ctx, acc, run_id)
    assert sum(r.amount for r in services.bank_list(ctx, acc, run_id)) == run.net == sum(r.net for r in review.rows)
    assert run.gross - run.deductions == run.net


def test_an_employee_who_left_is_paid_up_to_the_month_of_leaving(branch: Branch) -> None:
    ctx, acc = branch.ctx, branch.accountant
    nos = staffed(branch, 3)
    services.end_employment(ctx, acc, nos[0], ctx.pack.calendar.month_bounds(MONTH)[0])
    in_month = {r.personnel_no for r in services.review_run(ctx, acc, services.create_run(ctx, acc, MONTH)).rows}
    after = {r.personnel_no for r in services.review_run(ctx, acc, services.create_run(ctx, acc, MONTH.next())).rows}
    assert nos[0] in in_month and nos[0] not in after


_property_months = iter(range(10_000))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(count=st.integers(1, 12), seed=st.integers(0, 10_000))
def test_property_every_run_balances_and_pays_its_net(sqlite_db: object, count: int, seed: int) -> None:
    """For random staffs: net = earnings - deductions for every employee, the run's entry balances,
    the bank list totals the net pay, and the books verify (one branch, a new month per example)."""
    from branch_desktop.core.branch import init_branch, is_initialised, open_branch
    from branch_desktop.core.security import get_actor
    from branch_desktop.core.storage import Database

    assert isinstance(sqlite_db, Database)
    if not is_initialised(sqlite_db):
        init_branch(sqlite_db, "ir_sso", "Property branch", "admin", "correct-horse-1")
    ctx = open_branch(sqlite_db)
    ctx.today_override = dt.date(2026, 11, 24)
    with sqlite_db.read() as s:
        admin = get_actor(s, "admin")
    n = next(_property_months)
    start_no = 1 + n * 100
    services.register_employees(ctx, admin, make_staff(ctx, count, seed=seed, start_no=start_no))
    month = YearMonth(1404 + (n + 8) // 12, (n + 8) % 12 + 1)  # from 1404/09, a month per example
    run_id = services.create_run(ctx, admin, month)
    review = services.review_run(ctx, admin, run_id)
    for row in review.rows:
        earn = sum(a for c, a in row.lines.items() if rules.line_kind(c) is rules.LineKind.EARNING)
        ded = sum(a for c, a in row.lines.items() if rules.line_kind(c) is rules.LineKind.DEDUCTION)
        assert row.gross == earn and row.deductions == ded and row.net == earn - ded
    entry = ledger.get_entry(ctx, admin, services.post_run(ctx, admin, run_id))
    assert sum(x.debit for x in entry.lines) == sum(x.credit for x in entry.lines) > 0
    run = services.get_run(ctx, admin, run_id)
    assert sum(r.amount for r in services.bank_list(ctx, admin, run_id)) == run.net
    assert verify_books(ctx).ok


def test_a_bonus_draft_follows_a_decree_fix_on_recompute(branch: Branch) -> None:
    ctx, acc = branch.ctx, branch.accountant
    nos = staffed(branch, 3)
    run_id = services.create_productivity_run(ctx, acc, MONTH, {nos[2]: ProductivityScore(Decimal("0.95"))})
    before = services.review_run(ctx, acc, run_id).rows[0].lines["productivity"]
    last = services.decree_history(ctx, acc, nos[2])[-1]
    start = ctx.pack.calendar.month_bounds(MONTH)[0]
    services.add_decree(ctx, acc, nos[2], DecreeInput(
        effective_from=start, post=last.post, employment=last.employment,
        job_group=min(20, (last.job_group or 5) + 2), married=last.married, housing=last.housing))
    services.recompute_run(ctx, acc, run_id)
    assert services.review_run(ctx, acc, run_id).rows[0].lines["productivity"] > before
    with pytest.raises(UnknownEmployee):
        services.create_productivity_run(ctx, acc, MONTH, {"99999": ProductivityScore(Decimal(1))})


def test_the_database_keeps_one_live_monthly_run_per_month(branch: Branch) -> None:
    from sqlalchemy.exc import IntegrityError as DbIntegrityError

    from branch_desktop.accounting.payroll.models import PayrollRun

    ctx, acc = branch.ctx, branch.accountant
    staffed(branch, 2)
    services.create_run(ctx, acc, MONTH)
    with pytest.raises(DbIntegrityError), ctx.db.write() as s:  # what a second workstation would hit
        s.add(PayrollRun(year=MONTH.year, month=MONTH.month, kind=RunKind.MONTHLY))
        s.flush()
    with ctx.db.write() as s:  # bonus runs are not limited
        s.add(PayrollRun(year=MONTH.year, month=MONTH.month, kind=RunKind.PRODUCTIVITY))
        s.add(PayrollRun(year=MONTH.year, month=MONTH.month, kind=RunKind.PRODUCTIVITY))


def test_turkish_bonus_run_is_insured_and_taxed(make_branch: Callable[[str], Branch]) -> None:
    b = make_branch("tr_sgk")
    ctx, acc = b.ctx, b.accountant
    staff = make_staff(ctx, 4, seed=4)
    services.register_employees(ctx, acc, staff)
    services.post_run(ctx, acc, services.create_run(ctx, acc, TR_MONTH))
    no = staff[3][0].personnel_no
    run_id = services.create_productivity_run(ctx, acc, TR_MONTH, {no: ProductivityScore(Decimal("0.99"))})
    row = services.review_run(ctx, acc, run_id).rows[0]
    assert {"productivity", "insurance", "unemployment", "income_tax", "stamp_duty"} <= set(row.lines)
    assert row.lines["stamp_duty"] == round(Decimal(row.gross) * Decimal("0.00759"))  # no exemption on a bonus
    entry = ledger.get_entry(ctx, acc, services.post_run(ctx, acc, run_id))
    assert any(x.account_code == "770.05" and x.debit == row.gross for x in entry.lines)
    assert verify_books(ctx).ok


def test_two_workstations_posting_the_same_run_post_it_once(branch: Branch) -> None:
    import threading

    ctx, acc, mgr = branch.ctx, branch.accountant, branch.manager
    staffed(branch, 5)
    run_id = services.create_run(ctx, acc, MONTH)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def post(actor: object) -> None:
        barrier.wait()
        try:
            services.post_run(ctx, actor, run_id)  # type: ignore[arg-type]
            outcomes.append("posted")
        except ConflictError:
            outcomes.append("refused")

    threads = [threading.Thread(target=post, args=(a,)) for a in (acc, mgr)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["posted", "refused"]
    assert verify_books(ctx).ok
    assert len([e for e in ledger_entries(ctx, acc) if e.startswith("PAYRUN")]) == 1


def ledger_entries(ctx: object, actor: object) -> list[str]:
    from sqlalchemy import select

    from branch_desktop.core.ledger.models import Entry

    with ctx.db.read() as s:  # type: ignore[attr-defined]
        return list(s.scalars(select(Entry.reference)))


def test_an_employee_file_saved_over_a_newer_save_is_refused_naming_who_and_when(branch: Branch) -> None:
    from branch_desktop.accounting.payroll.exceptions import StaleRecord
    from branch_desktop.accounting.payroll.types import EmployeeInput

    ctx, acc = branch.ctx, branch.accountant
    no = staffed(branch, 1)[0]
    [opened] = [e for e in services.list_employees(ctx, acc) if e.personnel_no == no]

    def edit(**change: object) -> EmployeeInput:
        base = dict(personnel_no=opened.personnel_no, national_id=opened.national_id,
                    first_name=opened.first_name, last_name=opened.last_name, hire_date=opened.hire_date,
                    education=opened.education, iban=opened.iban)
        return EmployeeInput(**{**base, **change})  # type: ignore[arg-type]

    services.update_employee(ctx, branch.admin, opened.id, opened.version, edit(first_name="Maryam"))
    with pytest.raises(StaleRecord) as stale:  # the accountant still has the file as it was
        services.update_employee(ctx, acc, opened.id, opened.version, edit(last_name="Karimi"))
    assert stale.value.params["user"] == branch.admin.full_name  # as the pages name the admin (not "admin")
    assert re.fullmatch(r"14\d\d/\d\d/\d\d \d\d:\d\d", stale.value.params["time"])  # the Jalali day, local time
    [now] = [e for e in services.list_employees(ctx, acc) if e.personnel_no == no]
    assert (now.first_name, now.last_name, now.version) == ("Maryam", opened.last_name, opened.version + 1)

"""The ledger kernel on SQLite and PostgreSQL: posting, numbering, reversal, periods, roles."""

import datetime as dt

import pytest

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.errors import ConflictError, PeriodClosed, PermissionDenied, ValidationError
from branch_desktop.core.ledger import exceptions as exc
from branch_desktop.core.ledger import queries, services
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.core.ledger.verify import verify_books
from tests.conftest import Branch

DAY = dt.date(2026, 11, 20)  # 1405/08/29 Jalali


def receipt(amount: int = 1_060_000, day: dt.date = DAY, journal: str = "REV") -> EntryInput:
    return EntryInput(journal, day, "Premium paid at the counter", (
        LineInput("1500", debit=amount),
        LineInput("1310", credit=amount, party_type="employer", party_id=42),
    ), reference="SLIP-1")


def test_post_numbers_chains_and_balances(branch: Branch) -> None:
    ctx, acc = branch.ctx, branch.accountant
    first = services.post_entry(ctx, acc, receipt())
    second = services.post_entry(ctx, acc, receipt(2_000))
    assert (first.number, second.number) == (1, 2)
    assert first.fiscal_year == 1405 and first.display_number == "REV-1405-000001"
    assert first.hash and second.hash and first.hash != second.hash
    assert first.posted_by == "accountant"
    tb = queries.trial_balance(ctx, acc, YearMonth(1405, 8))
    rows = {r.code: r for r in tb.rows}
    assert rows["1500"].debit == 1_062_000 and rows["1310"].credit == 1_062_000
    assert rows["1000"].debit == 1_062_000  # parents carry their children's sums
    assert tb.total_debit == tb.total_credit
    report = verify_books(ctx)
    assert report.ok, report.problems
    assert (report.entries, report.lines) == (2, 4)


def test_numbering_is_per_journal_and_fiscal_year(branch: Branch) -> None:
    ctx, acc = branch.ctx, branch.accountant
    last_1404 = dt.date(2026, 3, 20)  # 1404/12/29
    first_1405 = dt.date(2026, 3, 21)  # 1405/01/01
    a = services.post_entry(ctx, acc, receipt(day=last_1404))
    b = services.post_entry(ctx, acc, receipt(day=first_1405))
    c = services.post_entry(ctx, acc, receipt(day=first_1405, journal="GEN"))
    d = services.post_entry(ctx, acc, receipt(day=last_1404))
    assert (a.fiscal_year, a.number) == (1404, 1)
    assert (b.fiscal_year, b.number) == (1405, 1)
    assert (c.journal_code, c.number) == ("GEN", 1)
    assert (d.fiscal_year, d.number) == (1404, 2)
    assert verify_books(ctx).ok


@pytest.mark.parametrize(
    ("lines", "error", "params"),
    [
        ((LineInput("1500", debit=100), LineInput("1310", credit=99)), exc.Unbalanced, {"debit": 100, "credit": 99}),
        ((LineInput("1500", debit=100),), exc.TooFewLines, {}),
        ((LineInput("1500", debit=100, credit=100), LineInput("1310", credit=0)), exc.LineError, {"line": 1}),
        ((LineInput("1500", debit=-5), LineInput("1310", credit=-5)), exc.LineError, {"line": 1}),
        ((LineInput("1000", debit=5), LineInput("1310", credit=5)), exc.AccountNotPostable, {"code": "1000"}),
        ((LineInput("4242", debit=5), LineInput("1310", credit=5)), exc.UnknownAccount, {"code": "4242"}),
    ],
)
def test_bad_entries_are_refused_and_nothing_is_written(branch: Branch, lines: tuple, error: type,
                                                        params: dict) -> None:
    ctx = branch.ctx
    with pytest.raises(error) as raised:
        services.post_entry(ctx, branch.accountant, EntryInput("REV", DAY, "bad", lines))
    assert isinstance(raised.value, ValidationError)
    assert raised.value.params == params
    assert raised.value.field == ("account" if "code" in params else "lines")
    assert verify_books(ctx).entries == 0
    assert queries.journal_line_ids(ctx, branch.accountant, queries.JournalFilter(include_drafts=True)) == []


def test_reversal_is_linked_and_leaves_the_original_untouched(branch: Branch) -> None:
    ctx, acc = branch.ctx, branch.accountant
    original = services.post_entry(ctx, acc, receipt())
    rev = services.reverse(ctx, acc, original.id, "wrong employer")
    assert rev.reverses_id == original.id
    assert rev.reversal_reason == "wrong employer"
    assert [(line.account_code, line.debit, line.credit) for line in rev.lines] == [
        ("1500", 0, 1_060_000), ("1310", 1_060_000, 0)]
    again = services.get_entry(ctx, acc, original.id)
    assert again.hash == original.hash and again.lines == original.lines
    assert again.reversed_by_id == rev.id
    with pytest.raises(exc.AlreadyReversed) as twice:
        services.reverse(ctx, acc, original.id, "twice")
    assert isinstance(twice.value, ConflictError) and twice.value.params == {"id": original.id}
    with pytest.raises(exc.ReversalOfReversal):
        services.reverse(ctx, acc, rev.id, "undo")
    with pytest.raises(exc.LedgerInputError) as no_reason:
        services.reverse(ctx, acc, original.id, "  ")
    assert no_reason.value.field == "reason"
    tb = queries.trial_balance(ctx, acc, YearMonth(1405, 9))
    assert all(r.balance == 0 for r in tb.rows)
    assert verify_books(ctx).ok


def test_closed_period_refuses_postings_until_a_manager_reopens(branch: Branch) -> None:
    ctx = branch.ctx
    services.close_period(ctx, branch.accountant, YearMonth(1405, 8))
    with pytest.raises(exc.PeriodIsClosed) as closed:
        services.post_entry(ctx, branch.accountant, receipt())
    assert isinstance(closed.value, PeriodClosed) and closed.value.field == "entry_date"
    assert str(closed.value.params["period"]) == "1405-08"
    with pytest.raises(exc.PeriodAlreadyClosed):
        services.close_period(ctx, branch.accountant, YearMonth(1405, 8))
    with pytest.raises(PermissionDenied):
        services.reopen_period(ctx, branch.accountant, YearMonth(1405, 8), "late slip")
    with pytest.raises(exc.LedgerInputError) as no_reason:
        services.reopen_period(ctx, branch.manager, YearMonth(1405, 8), "")
    assert no_reason.value.field == "reason"
    services.reopen_period(ctx, branch.manager, YearMonth(1405, 8), "late slip")
    assert services.post_entry(ctx, branch.accountant, receipt()).number == 1
    periods = {p.month: p.status.value for p in services.list_periods(ctx, branch.accountant, 1405)}
    assert periods[8] == "open" and len(periods) == 12


def test_drafts_block_closing_and_post_later(branch: Branch) -> None:
    ctx, acc = branch.ctx, branch.accountant
    unbalanced = EntryInput("GEN", DAY, "work in progress", (LineInput("1500", debit=10), LineInput("1310", credit=9)))
    draft_id = services.save_draft(ctx, acc, unbalanced)
    with pytest.raises(exc.CloseBlocked) as drafts:  # accounting's close check names the draft too
        services.close_period(ctx, acc, YearMonth(1405, 8))
    assert "has 1 draft entries" in drafts.value.blockers[0]
    assert any("Draft entry" in b for b in drafts.value.blockers[1:])
    with pytest.raises(exc.Unbalanced):
        services.post_draft(ctx, acc, draft_id)
    services.save_draft(ctx, acc, receipt(journal="GEN"), draft_id=draft_id)
    posted = services.post_draft(ctx, acc, draft_id)
    assert posted.number == 1 and posted.status.value == "posted"
    with pytest.raises(exc.NotADraft):
        services.delete_draft(ctx, acc, draft_id)
    with pytest.raises(exc.AlreadyPosted):
        services.post_draft(ctx, acc, draft_id)
    services.close_period(ctx, acc, YearMonth(1405, 8))
    assert verify_books(ctx).ok


def test_roles_are_checked_in_the_services(branch: Branch) -> None:
    ctx = branch.ctx
    with pytest.raises(PermissionDenied):
        services.post_entry(ctx, branch.clerk, receipt())
    with pytest.raises(PermissionDenied):
        services.close_period(ctx, branch.clerk, YearMonth(1405, 8))
    entry = services.post_entry(ctx, branch.manager, receipt())
    with pytest.raises(PermissionDenied):
        services.reverse(ctx, branch.clerk, entry.id, "no")
    assert services.get_entry(ctx, branch.clerk, entry.id).number == 1  # viewing is allowed


def test_audit_log_records_who_did_what(branch: Branch) -> None:
    from sqlalchemy import select

    from branch_desktop.core.models import AuditLog

    ctx = branch.ctx
    entry = services.post_entry(ctx, branch.accountant, receipt())
    services.reverse(ctx, branch.accountant, entry.id, "typo")
    services.close_period(ctx, branch.accountant, YearMonth(1405, 9))
    services.reopen_period(ctx, branch.manager, YearMonth(1405, 9), "correction")
    with ctx.db.read() as s:
        rows = s.execute(select(AuditLog.username, AuditLog.action, AuditLog.object_id, AuditLog.details)
                         .order_by(AuditLog.id)).all()
    actions = [(r[0], r[1], r[2]) for r in rows if r[1].startswith(("ledger", "period"))]
    assert ("accountant", "ledger.post", str(entry.id)) in actions
    assert ("accountant", "ledger.reverse", str(entry.id)) in actions
    assert ("accountant", "period.close", "1405-09") in actions
    assert ("manager", "period.reopen", "1405-09") in actions
    assert any("correction" in r[3] for r in rows if r[1] == "period.reopen")


def test_tr_sgk_amounts_keep_kurus(make_branch) -> None:  # type: ignore[no-untyped-def]
    br = make_branch("tr_sgk")
    ctx = br.ctx
    entry = services.post_entry(ctx, br.accountant, EntryInput("TAH", dt.date(2026, 2, 27), "Prim tahsilatı", (
        LineInput("102.01", debit=1_234_567), LineInput("120.01", credit=1_234_567, party_type="employer", party_id=1))))
    assert entry.display_number == "TAH-2026-000001"
    tb = queries.trial_balance(ctx, br.accountant, YearMonth(2026, 2))
    assert {r.code: r.debit for r in tb.rows}["102.01"] == 1_234_567
    assert ctx.pack.currency.plain(1_234_567) == "12345.67"


def test_account_ledger_and_journal_filters(branch: Branch) -> None:
    ctx, acc = branch.ctx, branch.accountant
    services.post_entry(ctx, acc, receipt(100))
    services.post_entry(ctx, acc, receipt(200, day=dt.date(2026, 10, 10)))
    opening, lines = queries.account_ledger(ctx, acc, "1100", dt.date(2026, 10, 23), dt.date(2026, 11, 21))
    assert opening == 200 and [line.running for line in lines] == [300]
    f = queries.JournalFilter(period=YearMonth(1405, 8), account_code="1500")
    rows = queries.journal_rows(ctx, acc, queries.journal_line_ids(ctx, acc, f))
    assert [(r.account_code, r.debit) for r in rows] == [("1500", 100)]
    assert queries.journal_line_ids(ctx, acc, queries.JournalFilter(text="no such words")) == []
    assert len(queries.journal_line_ids(ctx, acc, queries.JournalFilter(text="SLIP"))) == 4


def test_a_department_posts_on_the_authority_of_its_own_permission(branch: Branch) -> None:
    from branch_desktop.core.security import Role, register_permission

    ctx, clerk = branch.ctx, branch.clerk
    register_permission("test.counter", {Role.CLERK})
    with ctx.db.write() as s, pytest.raises(PermissionDenied):
        services.post_entry_in(s, ctx, clerk, receipt())
    with ctx.db.write() as s:
        entry_id = services.post_entry_in(s, ctx, clerk, receipt(), authorised_by="test.counter")
    with ctx.db.write() as s, pytest.raises(PermissionDenied):
        services.reverse_in(s, ctx, clerk, entry_id, "typo")
    with ctx.db.write() as s:
        services.reverse_in(s, ctx, clerk, entry_id, "typo", authorised_by="test.counter")
    assert services.get_entry(ctx, clerk, entry_id).posted_by == "clerk"
    assert verify_books(ctx).ok

"""The reconciliation's open book items and their totals kept by the database (migration banking_r4)
equal a full recount from the lines and matches after every way they change: postings (a draft posted
later, a reversal), a bank account registered after its lines, a statement imported, automatic and
manual matching, a match undone, an entry made from a statement line; and `db repair-guards` refills
them after a missing trigger let them drift (which `verify`'s cross-check names). On both databases."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import text

from branch_desktop.accounting import integrity
from branch_desktop.accounting.banking import services as bank
from branch_desktop.core.ledger.posting import post_draft, post_many, reverse, save_draft
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.core.ledger.verify import VerifyReport
from branch_desktop.core.record_guards import check_guards, repair_database_guards
from tests.conftest import Branch

from .helpers import camt, post, setup_accounts
from .test_banking_services import MORDAD, revenue_month

D = dt.date

_RECOUNT = """SELECT l.id, l.account_id, e.period_id, e.entry_date, l.debit - l.credit FROM entry_lines l
JOIN entries e ON e.id = l.entry_id JOIN bank_accounts b ON b.ledger_account_id = l.account_id
WHERE e.status = 'posted' AND NOT EXISTS (SELECT 1 FROM bank_match_items m WHERE m.entry_line_id = l.id)"""


def _kept_and_recount(branch: Branch) -> tuple[tuple[object, object], tuple[object, object]]:
    """(items, totals) kept, and the same counted again from the lines and matches."""
    with branch.ctx.db.read() as s:
        kept_items = {r[0]: tuple(r[1:]) for r in s.execute(text(
            "SELECT entry_line_id, account_id, period_id, entry_date, amount FROM bank_open_items"))}
        kept_totals = {(r[0], r[1]): tuple(r[2:]) for r in s.execute(text(
            "SELECT account_id, period_id, lines, transit, outstanding FROM bank_open_totals")) if r[2] or r[3] or r[4]}
        items = {r[0]: tuple(r[1:]) for r in s.execute(text(_RECOUNT))}
    totals: dict[tuple[int, int], Counter[str]] = {}
    for account, period, _day, amount in items.values():
        t = totals.setdefault((account, period), Counter())
        t["lines"] += 1
        t["transit"] += max(amount, 0)
        t["outstanding"] += max(-amount, 0)
    counted = {k: (t["lines"], t["transit"], t["outstanding"]) for k, t in totals.items()}
    return (kept_items, kept_totals), (items, counted)


def _cross_check(branch: Branch) -> VerifyReport:
    report = VerifyReport()
    with branch.ctx.db.read() as s:
        integrity.check(s.connection(), report)
    return report


def revenue_month_closing(branch: Branch) -> int:
    return max(bank.list_statements(branch.ctx, branch.accountant, "1500"), key=lambda st: st.end).closing


def _same(branch: Branch) -> int:
    kept, counted = _kept_and_recount(branch)
    assert kept == counted
    return len(counted[0])


def test_kept_open_items_equal_a_recount_through_every_change(branch: Branch) -> None:
    ctx, acct = branch.ctx, branch.accountant
    early = post(branch, D(2024, 7, 21), 123_000, "BEFORE-THE-ACCOUNT")  # the bank account comes later
    assert _same(branch) == 0
    setup_accounts(branch)
    assert _same(branch) == 1
    revenue_month(branch)  # postings and a statement imported
    n = _same(branch)
    assert n >= 8
    result = bank.auto_match(ctx, acct, "1500", MORDAD)
    assert result.matched_book_items > 0
    assert _same(branch) == n - result.matched_book_items

    draft = save_draft(ctx, acct, EntryInput("REV", D(2024, 8, 5), "a draft", (
        LineInput("1500", debit=77_000), LineInput("4110", credit=77_000))))
    before = _same(branch)
    assert before == n - result.matched_book_items  # a draft is no item
    post_draft(ctx, acct, draft)
    assert _same(branch) == before + 1
    reverse(ctx, acct, early, "entered twice", on=D(2024, 8, 6))
    assert _same(branch) == before + 2  # the reversal is an item of its own (the page takes the pair out)

    state = bank.reconciliation(ctx, acct, "1500", MORDAD)
    line = next(x for x in state.unmatched_statement if x.amount == 900_000)
    item = next(b for b in state.unmatched_book if b.amount == 77_000)
    first = revenue_month_closing(branch)
    data = camt(branch, "revenue_bank", "REFAH-1403-05-B", first, [(D(2024, 8, 14), 77_000, "", "", "transfer")])
    bank.import_statement(ctx, acct, "1500", data, file_name="refah-2.xml")
    extra = next(x for x in bank.reconciliation(ctx, acct, "1500", MORDAD).unmatched_statement if x.amount == 77_000)
    gid = bank.manual_match(ctx, acct, "1500", [extra.id], [item.id])
    assert _same(branch) == before + 1
    bank.unmatch(ctx, acct, gid)
    assert _same(branch) == before + 2
    bank.create_entry_from_line(ctx, acct, line.id, ctx.pack.account_code("premium_revenue"))
    assert _same(branch) == before + 2  # the new entry's bank line is matched to the statement line at once
    for group in bank.list_matches(ctx, acct, "1500", MORDAD):
        bank.unmatch(ctx, acct, group.id)
    assert _same(branch) > before + 2


def test_repair_guards_refills_the_open_items(branch: Branch) -> None:
    """A trigger dropped behind the application's back lets the items drift; `repair-guards` puts it
    back and counts them again."""
    ctx, acct = branch.ctx, branch.accountant
    setup_accounts(branch)
    revenue_month(branch)
    with ctx.db.write() as s:
        s.execute(text("DROP TRIGGER trg_bank_open_items_matched" + ("" if ctx.db.is_sqlite else " ON bank_match_items")))
    bank.auto_match(ctx, acct, "1500", MORDAD)
    kept, counted = _kept_and_recount(branch)
    assert kept != counted  # the matched items were not taken out
    assert not _cross_check(branch).ok  # verify's cross-check names the drift
    with ctx.db.read() as s:
        assert any("trg_bank_open_items_matched" in p for p in check_guards(s.connection()))
    assert "trg_bank_open_items_matched" in repair_database_guards(ctx, branch.admin)
    _same(branch)
    assert _cross_check(branch).ok
    full = bank.reconciliation(ctx, acct, "1500", MORDAD)
    assert full.unmatched_book_count == len(full.unmatched_book)


def test_a_bulk_posting_adds_the_open_items_of_its_bank_lines(branch: Branch) -> None:
    """A bulk posting's batch (COPY, entries inserted posted on PostgreSQL: posting_0003 finds the bank
    lines in the range of the batch's entry ids) makes an item of each of its bank lines, of no other."""
    setup_accounts(branch)
    before = _same(branch)
    entries = [EntryInput("REV", D(2024, 8, 1 + i % 20), f"bulk {i}", (
        LineInput("1500" if i % 3 == 0 else "1310", debit=1_000 + i), LineInput("4110", credit=1_000 + i)))
        for i in range(60)]
    assert post_many(branch.ctx, branch.accountant, entries, batch_size=25) == 60
    assert _same(branch) == before + 20

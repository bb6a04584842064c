"""The demo branch has its bank accounts and statements: past months reconciled and locked, the
last one left for the user, who matches it automatically."""

from __future__ import annotations

import pytest

from branch_desktop.accounting.banking import services as bank
from branch_desktop.core.errors import ValidationError
from branch_desktop.core.ledger import services as ledger
from branch_desktop.core.ledger.verify import verify_books
from branch_desktop.core.storage import Database
from branch_desktop.demo import DemoSize, build_demo


@pytest.mark.parametrize("pack", ["ir_sso", "tr_sgk"])
def test_demo_statements_reconcile(sqlite_db: Database, pack: str) -> None:
    ctx, admin, _count = build_demo(sqlite_db, pack, DemoSize(12, 60, 3, 2))
    accounts = {a.code for a in bank.list_bank_accounts(ctx, admin)}
    assert {ctx.pack.account_code(r) for r in bank.BANK_ROLES} <= accounts
    code = ctx.pack.account_code("revenue_bank")
    last = ctx.pack.calendar.year_month(ctx.today()).previous()
    earlier = bank.reconciliation(ctx, admin, code, last.previous())
    assert earlier.locked and earlier.difference == 0 and not earlier.unmatched_statement
    open_month = bank.reconciliation(ctx, admin, code, last)
    assert not open_month.locked and open_month.unmatched_statement
    # the statement's texts in the branch's language ("Makbuz ...", "رسید ..."), not "Receipt ..."
    firsts = {line.description.split(" ")[0] for line in open_month.unmatched_statement}
    assert not firsts & {"Receipt", "Cheque", "Bank", "Transfer"}, firsts
    # the ledger's own close (the Periods page) runs accounting's month-end check too
    with pytest.raises(ValidationError, match=f"Bank account {code} is not reconciled"):
        ledger.close_period(ctx, admin, last)
    result = bank.auto_match(ctx, admin, code, last)
    after = bank.reconciliation(ctx, admin, code, last)
    assert result.matched_book_items == len(open_month.unmatched_book) and result.unmatched_book_items == 0
    assert len(after.unmatched_statement) == 1  # the bank's charge: an entry the user makes
    charge = after.unmatched_statement[0]
    bank.create_entry_from_line(ctx, admin, charge.id, ctx.pack.account_code("bank_charges"))
    done = bank.reconciliation(ctx, admin, code, last)
    assert done.difference == 0 and not done.unmatched_statement and not done.unmatched_book
    bank.lock_month(ctx, admin, code, last)
    assert verify_books(ctx).ok

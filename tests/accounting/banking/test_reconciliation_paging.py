"""The reconciliation's book items a page at a time (keyset paging, as the page's grid reads them) and
its figures summed in SQL: the same items, in the same order, and the same figures as the whole list
summed in Python (reversed pairs taken out, matched items left out), on both databases."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

import pytest

from branch_desktop.accounting.banking import rules
from branch_desktop.accounting.banking import services as bank
from branch_desktop.accounting.banking.services.common import account_row, month_bounds
from branch_desktop.accounting.banking.services.reconciliation import book_rows, matched_ids
from branch_desktop.core.ledger.posting import reverse
from tests.conftest import PASSWORD

from .helpers import post, setup_accounts
from .test_banking_services import MORDAD, revenue_month
from .test_banking_xlsx import _command

D = dt.date


def _all_pages(b, limit: int) -> list[bank.BookItemView]:  # noqa: ANN001
    items: list[bank.BookItemView] = []
    after = None
    while True:
        page, after = bank.unmatched_book_page(b.ctx, b.accountant, "1500", MORDAD, after, limit)
        assert len(page) <= limit
        items += page
        if after is None:
            return items


def test_book_items_by_pages_and_figures_in_sql(branch) -> None:  # noqa: ANN001
    setup_accounts(branch)
    revenue_month(branch)
    ctx, acct = branch.ctx, branch.accountant
    for n in range(7):  # several items on one day: the line id orders them
        post(branch, D(2024, 8, 10), -(1000 + n), f"CHQ-{n}", other_role="premium_revenue")
    cancelled = post(branch, D(2024, 8, 11), 55_555, "CANCELLED")
    reverse(ctx, acct, cancelled, "entered twice", on=D(2024, 8, 12))
    later = post(branch, D(2024, 8, 13), 66_666, "REVERSED-LATER")
    reverse(ctx, acct, later, "next month", on=D(2024, 9, 2))  # after the month: still an item
    bank.auto_match(ctx, acct, "1500", MORDAD)

    full = bank.reconciliation(ctx, acct, "1500", MORDAD)
    head = bank.reconciliation(ctx, acct, "1500", MORDAD, items=False)
    assert head.unmatched_book == () and head.figures == full.figures
    assert head.unmatched_book_count == full.unmatched_book_count == len(full.unmatched_book) == 11
    refs = [b.reference for b in full.unmatched_book]
    assert "CANCELLED" not in refs and "REVERSED-LATER" in refs and refs.count("R-55") == 1
    for limit in (1, 3, 200):
        assert _all_pages(branch, limit) == list(full.unmatched_book)

    # the figures as they were summed in Python from every book row
    with ctx.db.read() as s:
        acc, _code = account_row(s, "1500")
        _start, end = month_bounds(ctx, MORDAD)
        book = book_rows(s, acc, end)
        _matched_s, matched_b = matched_ids(s, acc)
    in_python = rules.figures(sum(b.amount for b in book), full.figures.statement_balance,
                              (b.amount for b in book if b.id not in matched_b),
                              (x.amount for x in full.unmatched_statement))
    assert full.figures == in_python
    assert full.figures.outstanding_cheques == sum(1000 + n for n in range(7))
    assert [b.id for b in full.unmatched_book] == [b.id for b in book if b.id not in matched_b]


@pytest.mark.slow
def test_reconcile_through_the_installed_command_counts_without_reading_the_items(branch, tmp_path: Path) -> None:  # noqa: ANN001
    """`branch-desktop reconcile` in a fresh process on an existing branch gives the figures and the
    number of open book items summed in SQL, the same as the whole month read with its items."""
    setup_accounts(branch)
    revenue_month(branch)
    full = bank.reconciliation(branch.ctx, branch.accountant, "1500", MORDAD)
    url = branch.ctx.db.engine.url.render_as_string(hide_password=False)
    env = dict(os.environ, BRANCH_DESKTOP_PASSWORD=PASSWORD, XDG_CONFIG_HOME=str(tmp_path / "config"),
               HOME=str(tmp_path))
    env.pop("BRANCH_DESKTOP_DB", None)
    done = subprocess.run([*_command(), "--db", url, "--lang", "en", "--user", "accountant", "reconcile",
                           "--account", "1500", "--month", "1403-05"],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    cur = branch.ctx.pack.currency
    assert shown["unmatched_book_items"] == len(full.unmatched_book) == 7
    assert shown["book_balance"] == cur.plain(full.figures.book_balance)
    assert shown["difference"] == cur.plain(full.difference)
    assert shown["statement_balance"] == cur.plain(full.figures.statement_balance)

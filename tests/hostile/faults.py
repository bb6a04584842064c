"""Work loops for the fault tests, run in forked child processes that the test kills with
SIGKILL at random moments: counter receipts, statement imports, payroll posts, ``demo``.

A child opens its own ``Database`` (nothing is shared with the parent but the URL), signals when
it is ready, then works until it is killed (or until ``limit`` units are done).
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from branch_desktop.core.branch import BranchContext, open_branch
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.security import Actor, get_actor
from branch_desktop.core.storage import Database

TODAY = dt.date(2026, 11, 24)
PASSWORD = "correct-horse-1"


def open_as(url: str, username: str) -> tuple[Database, BranchContext, Actor]:
    db = Database(url)
    ctx = open_branch(db)
    ctx.today_override = TODAY
    with db.read() as s:
        actor = get_actor(s, username)
    return db, ctx, actor


def receipts(url: str, employer_id: int, tag: str, ready: Any, limit: int = 10**9, start: int = 0) -> None:
    """Take payments at the counter, one after the other (a transfer of 1000 + i each)."""
    from branch_desktop.revenue import services
    from branch_desktop.revenue.types import Method, PaymentInput

    _db, ctx, clerk = open_as(url, "clerk")
    ready.set()
    for i in range(start, start + limit):
        services.take_payment(ctx, clerk, PaymentInput(employer_id=employer_id, amount=1000 + i % 97,
                                                       method=Method.TRANSFER, reference=f"{tag}-{os.getpid()}-{i}"))


STATEMENT_LINES = 150
FIRST_DAY = dt.date(2024, 1, 1)


def statements(url: str, account_code: str, iban: str, ready: Any) -> None:
    """Import statement after statement into one bank account, each opening at the previous
    statement's closing balance, ``STATEMENT_LINES`` lines on one day each."""
    from branch_desktop.accounting.banking import services as bank
    from branch_desktop.accounting.banking.importers import camt053
    from branch_desktop.accounting.banking.models import Statement

    db, ctx, accountant = open_as(url, "accountant")
    ready.set()
    while True:
        with db.read() as s:
            done = s.scalar(select(func.count()).select_from(Statement)) or 0
            closing = s.scalar(select(Statement.closing).order_by(Statement.end_date.desc()).limit(1)) or 0
        day = FIRST_DAY + dt.timedelta(days=done)
        cur = ctx.pack.currency
        data = camt053.build(iban=iban, currency=cur.code, statement_id=f"F-{done + 1}", opening=cur.from_minor(closing),
                             lines=[(day, Decimal(100 + i), f"R{done}-{i}", "", "") for i in range(STATEMENT_LINES)],
                             digits=cur.minor_digits)
        bank.import_statement(ctx, accountant, account_code, data, fmt="camt053")


def payroll(url: str, first: YearMonth, ready: Any) -> None:
    """Create and post the payroll of month after month (a draft left by a kill is posted)."""
    from branch_desktop.accounting.payroll import services as pay
    from branch_desktop.accounting.payroll.states import RunStatus

    _db, ctx, accountant = open_as(url, "accountant")
    ready.set()
    month = first
    last = ctx.pack.calendar.year_month(TODAY).previous()
    while month <= last:
        run = pay.find_run(ctx, accountant, month)
        if run is None:
            pay.post_run(ctx, accountant, pay.create_run(ctx, accountant, month))
        elif run.status == RunStatus.DRAFT:
            pay.post_run(ctx, accountant, run.id)
        month = month.next()


def demo(url: str, ready: Any) -> None:
    """The real ``branch-desktop demo`` command, small."""
    from branch_desktop.cli import run

    os.environ["BRANCH_DESKTOP_PASSWORD"] = PASSWORD
    os.environ["BRANCH_DESKTOP_ADMIN_PASSWORD"] = PASSWORD
    ready.set()
    run(["--db", url, "demo", "--employers", "4", "--insured", "12", "--months", "2"])

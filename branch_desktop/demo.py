"""A realistic demo branch, generated through the same services the GUI uses.

The generator is deterministic for a seed. It posts, month by month in the pack's calendar:
premium accruals per employer (Dr premiums receivable / Cr premium revenue, employer as party,
from the pack's dated rates), payments at the counter by bank slip, transfer or cheque the next
month (Dr revenue bank or cheques in collection / Cr premiums receivable), cheque clearings,
legal-obligation payments from the 1600-type bank, its funding from the provincial office, and a
monthly payroll summary. The departments' own generators replace these ledger-level postings as
they land (revenue, accounting, payroll issues).
"""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from branch_desktop.core.backup import automatic_backups_paused
from branch_desktop.core.branch import BranchContext, init_branch, is_initialised, open_branch
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import N_, translate_to
from branch_desktop.core.ledger.services import post_many_in
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.core.models import User
from branch_desktop.core.security import ROLE_LABELS, Actor, Role, create_user, first_admin
from branch_desktop.core.storage import Database
from branch_desktop.core.texts import Month, StoredText

DEMO_PASSWORD_ENV = "BRANCH_DESKTOP_ADMIN_PASSWORD"
DEFAULT_DEMO_PASSWORD = "demo-pass-1"
DEMO_USERS = (("clerk", "clerk"), ("accountant", "accountant"), ("manager", "manager"))

BRANCH_NAMES = {"ir_sso": "شعبه ۳ کرج", "tr_sgk": "Çankaya Sosyal Güvenlik Merkezi"}


@dataclass(frozen=True)
class DemoSize:
    employers: int = 300
    insured: int = 3000
    months: int = 6
    seed: int = 1
    # called with a running count of what a step has made (the command line's progress bar)
    progress: Callable[[int], None] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def for_lines(cls, lines: int, months: int = 12, seed: int = 1) -> DemoSize:
        """A demo of about ``lines`` journal lines over ``months`` months: through the services an
        employer makes about :data:`LINES_PER_EMPLOYER_MONTH` lines in each past month (its
        declaration's accrual, its payment, cheques deposited and cleared, the legal obligations of
        its insured); the current month has no declarations yet."""
        months = max(2, months)
        employers = max(10, round(lines / (LINES_PER_EMPLOYER_MONTH * (months - 1))))
        return cls(employers, employers * 10, months, seed)


# Measured on demos made through the services (145 employers, 3 months: 1,928 lines).
LINES_PER_EMPLOYER_MONTH = 6.0


def demo_password() -> str:
    return os.environ.get(DEMO_PASSWORD_ENV) or DEFAULT_DEMO_PASSWORD


def ensure_demo_branch(db: Database, pack_code: str, actor: Actor | None = None,
                       created: list[str] | None = None) -> tuple[BranchContext, Actor]:
    """Open the branch of ``db`` or create a demo one (admin + clerk, accountant, manager).

    On an existing branch ``actor`` (an authenticated administrator; the command line passes it) adds
    the demo users the branch lacks (a branch made by ``init`` has only its administrator); without
    one the first administrator is used. The names of the users made are appended to ``created``.
    """
    password = demo_password()
    if is_initialised(db):
        ctx = open_branch(db)
        if actor is None:
            with db.read() as s:
                return ctx, first_admin(s)
        admin = actor
    else:
        ctx, admin = init_branch(db, pack_code, BRANCH_NAMES.get(pack_code, "Demo branch"), "admin", password)
        if created is not None:
            created.append(admin.username)
    with db.write() as s:
        existing = set(s.scalars(select(User.username)))
        for username, role in DEMO_USERS:
            if username not in existing:
                # A demo user's name is its role's name in the branch's language (documents print it).
                create_user(s, admin, username, password, role,
                            full_name=translate_to(ctx.pack.language, ROLE_LABELS[Role(role)]))
                if created is not None:
                    created.append(username)
    return ctx, admin


def _wage(rng: random.Random, ctx: BranchContext) -> Decimal:
    if ctx.pack.currency.minor_digits == 0:  # IRR: 120-400 million rials a month
        return Decimal(rng.randrange(120_000, 400_000) * 1000)
    return Decimal(rng.randrange(2_600_000, 9_000_000)) / 100  # TRY: 26,000-90,000


def _premium_rates(ctx: BranchContext, day: dt.date) -> tuple[Decimal, Decimal]:
    """(main premium rate, unemployment rate) in force on ``day``, from the pack."""
    p = ctx.pack
    if "premium.employer_rate" in p.parameter_names():
        main = p.param("premium.employee_rate", day) + p.param("premium.employer_rate", day)
        return main, p.param("premium.unemployment_rate", day)
    main = (
        p.param("premium.long_term.employee_rate", day) + p.param("premium.long_term.employer_rate", day)
        + p.param("premium.short_term.employer_rate", day) + p.param("premium.health.employee_rate", day)
        + p.param("premium.health.employer_rate", day)
    )
    unemployment = p.param("premium.unemployment.employee_rate", day) + p.param(
        "premium.unemployment.employer_rate", day
    )
    return main, unemployment


def generate_entries(
    ctx: BranchContext, size: DemoSize, modules: Sequence[str] | None = None
) -> Iterator[EntryInput]:
    """Ledger-level postings; those a department module in ``modules`` makes itself are left out."""
    for _ym, entries in generate_months(ctx, size, modules):
        yield from entries


def generate_months(
    ctx: BranchContext, size: DemoSize, modules: Sequence[str] | None = None
) -> Iterator[tuple[YearMonth, list[EntryInput]]]:
    """The ledger-level postings of each month, in date order, month after month."""
    modules = demo_modules() if modules is None else modules
    rng = random.Random(size.seed)
    pack = ctx.pack
    cal = pack.calendar
    cur = pack.currency
    acc = pack.account_code
    jr = pack.journal_code
    today = ctx.today()
    last = cal.year_month(today)
    months = []
    ym = last
    for _ in range(max(1, size.months)):
        months.append(ym)
        ym = ym.previous()
    months.reverse()
    per_employer = [max(1, size.insured // max(1, size.employers))] * size.employers
    wages = [[_wage(rng, ctx) for _ in range(min(n, 5))] for n in per_employer]
    benefit_roles = [r for r in pack.account_roles if r.startswith("benefit_")]
    salary_roles = [r for r in ("salary_base", "salary_housing", "salary_attraction") if r in pack.account_roles]

    def T(msgid: str, **params: object) -> StoredText:  # noqa: N802 - a translation call, like _()
        return StoredText(msgid, {k: Month(v) if isinstance(v, YearMonth) else v for k, v in params.items()})

    def entry(journal: str, day: dt.date, text: StoredText, lines: list[LineInput], ref: str = "") -> EntryInput:
        # Written in the branch's own language, as its staff would type it; shown in each reader's.
        return EntryInput(jr(journal), day, text.render(pack.language, calendar=cal), tuple(lines), ref, text=text)

    def month_entries(ym: YearMonth) -> Iterator[EntryInput]:
        start, end = cal.month_bounds(ym)
        month_days = (end - start).days + 1

        def day_in(lo: int, hi: int, start: dt.date = start, month_days: int = month_days) -> dt.date:
            return start + dt.timedelta(days=rng.randint(lo, min(hi, month_days) - 1))

        accrual_day = min(end, today)
        main_rate, unemp_rate = _premium_rates(ctx, accrual_day)
        # With the revenue department's demo module, accruals and counter receipts are made by
        # its services (declarations, receipts, cheques) instead of these ledger-level postings.
        ledger_revenue = "branch_desktop.revenue.demo" not in modules
        for emp in range(size.employers if ledger_revenue else 0):
            if accrual_day > today:
                break
            wage_total = sum(wages[emp], Decimal(0)) * per_employer[emp] / len(wages[emp])
            main = cur.to_minor(cur.round(wage_total * main_rate))
            unemp = cur.to_minor(cur.round(wage_total * unemp_rate))
            party: dict[str, Any] = {"party_type": "employer", "party_id": emp + 1}
            yield entry("revenue", accrual_day, T(N_("Premium accrual {month}, employer {employer}"), month=ym, employer=emp + 1), [
                LineInput(acc("premiums_receivable"), debit=main + unemp, **party),
                LineInput(acc("premium_revenue"), credit=main),
                LineInput(acc("unemployment_premium_revenue"), credit=unemp),
            ], ref=f"DECL-{ym}-{emp + 1}")
            # payment of the previous month's premium, at the counter this month
            if ym != months[0] and rng.random() < 0.9:
                pay_day = day_in(0, 28)
                if pay_day > today:
                    continue
                method = rng.random()
                if method < 0.12:
                    due = pay_day + dt.timedelta(days=rng.randint(3, 20))
                    ref = f"CHQ-{rng.randrange(10**6, 10**7)}"
                    yield entry("revenue", pay_day, T(N_("Cheque received, employer {employer}"), employer=emp + 1), [
                        LineInput(acc("cheques_in_collection"), debit=main + unemp, **party),
                        LineInput(acc("premiums_receivable"), credit=main + unemp, **party),
                    ], ref=ref)
                    if due <= today:
                        yield entry("revenue", due, T(N_("Cheque cleared {reference}"), reference=ref), [
                            LineInput(acc("revenue_bank"), debit=main + unemp),
                            LineInput(acc("cheques_in_collection"), credit=main + unemp, **party),
                        ], ref=ref)
                else:
                    kind = "SLIP" if method < 0.7 else "TRF"
                    yield entry("revenue", pay_day, T(N_("Premium payment by bank slip, employer {employer}") if kind == "SLIP" else N_("Premium payment by transfer, employer {employer}"), employer=emp + 1), [
                        LineInput(acc("revenue_bank"), debit=main + unemp),
                        LineInput(acc("premiums_receivable"), credit=main + unemp, **party),
                    ], ref=f"{kind}-{rng.randrange(10**8, 10**9)}")
        # legal obligations: funding, then payments
        n_benefits = max(3, size.insured // 100)
        payments = []
        for _ in range(n_benefits):
            amount = cur.to_minor(cur.round(_wage(rng, ctx) * Decimal(rng.randint(5, 60)) / 100))
            payments.append((rng.choice(benefit_roles), amount, day_in(1, 28)))
        fund_day = start if start <= today else today
        total = sum(a for _, a, _ in payments)
        yield entry("legal_obligations", fund_day, T(N_("Funding from the provincial office {month}"), month=ym), [
            LineInput(acc("legal_obligation_bank"), debit=total),
            LineInput(acc("head_office_current"), credit=total),
        ])
        for n, (role, amount, day) in enumerate(payments, start=1):
            if day > today:
                continue
            yield entry("legal_obligations", day, T(N_("Legal-obligation cheque {month}/{number}"), month=ym, number=n), [
                LineInput(acc(role), debit=amount, party_type="insured", party_id=rng.randint(1, max(1, size.insured))),
                LineInput(acc("legal_obligation_bank"), credit=amount),
            ], ref=f"LOB-{ym}-{n}")
        # payroll summary (until the payroll department's demo posts real runs)
        if end <= today and salary_roles and "branch_desktop.accounting.payroll.demo" not in modules:
            pay_day = end
            gross = [cur.to_minor(cur.round(_wage(rng, ctx) * 40)) for _ in salary_roles]
            g = sum(gross)
            tax = g // 10
            ins = g * 7 // 100
            yield entry("payroll", pay_day, T(N_("Payroll {month}"), month=ym), [
                *[LineInput(acc(r), debit=a) for r, a in zip(salary_roles, gross, strict=True)],
                LineInput(acc("net_pay_payable"), credit=g - tax - ins),
                LineInput(acc("income_tax_payable"), credit=tax),
                LineInput(acc("employee_insurance_payable"), credit=ins),
            ])
            yield entry("payroll", pay_day, T(N_("Payroll {month}: net pay funded by the provincial office"), month=ym), [
                LineInput(acc("net_pay_payable"), debit=g - tax - ins),
                LineInput(acc("head_office_current"), credit=g - tax - ins),
            ])

    for ym in months:
        yield ym, sorted(month_entries(ym), key=_month_order_key)


def _month_order_key(e: EntryInput) -> dt.date:
    return e.entry_date


def demo_modules() -> tuple[str, ...]:
    """Departments extend the demo (``reg.add_demo_step``): each module has ``extend_demo(ctx,
    admin, size, today) -> int`` (how many records it made), called after the ledger-level
    postings above, in the order the departments registered them."""
    from branch_desktop import app_registry

    return tuple(app_registry.load().demo_modules)


def build_demo(
    db: Database,
    pack_code: str,
    size: DemoSize,
    *,
    today: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
    modules: Sequence[str] | None = None,
    actor: Actor | None = None,
    created_users: list[str] | None = None,
    on_step: Callable[[str, int, int], None] | None = None,
) -> tuple[BranchContext, Actor, int]:
    """Create (or extend) the demo branch and post its journals; returns the count of entries.

    ``modules``: the department demo modules to run (default: every department's, :func:`demo_modules`); ``()`` makes
    every posting at ledger level, in bulk (the million-line benchmark databases). ``actor``: the
    authenticated administrator of an existing branch (see :func:`ensure_demo_branch`).
    ``on_step(name, number, steps)`` is called as each step starts (the branch, the ledger postings,
    then each department's module, by its department's name); ``progress(count)`` as entries are posted.
    """
    with automatic_backups_paused():  # a demo's past day closes make no backups
        return _build_demo(db, pack_code, size, today, progress, modules, actor, created_users, on_step)


def _build_demo(
    db: Database,
    pack_code: str,
    size: DemoSize,
    today: dt.date | None,
    progress: Callable[[int], None] | None,
    modules: Sequence[str] | None,
    actor: Actor | None,
    created_users: list[str] | None,
    on_step: Callable[[str, int, int], None] | None,
) -> tuple[BranchContext, Actor, int]:
    modules = demo_modules() if modules is None else tuple(modules)
    steps = 2 + len(modules)
    if on_step:
        on_step("branch", 1, steps)
    ctx, admin = ensure_demo_branch(db, pack_code, actor, created_users)
    if today:
        ctx.today_override = today
    if on_step:
        on_step("ledger", 2, steps)
    posted = 0
    for _ym, entries in generate_months(ctx, size, modules):
        with db.write() as s:  # a month is posted whole or not at all
            posted += post_many_in(s, ctx, admin, entries)
        if progress:
            progress(posted)
    import importlib

    for number, module_name in enumerate(modules, start=3):
        if on_step:
            on_step(module_name.split(".")[-2], number, steps)
        step_size = replace(size, progress=_offset(progress, posted))
        posted += importlib.import_module(module_name).extend_demo(ctx, admin, step_size, ctx.today())
    return ctx, admin, posted


def _offset(progress: Callable[[int], None] | None, base: int) -> Callable[[int], None] | None:
    """A step's progress (its own count) reported after what the steps before it made."""
    if progress is None:
        return None
    report = progress
    return lambda count: report(base + count)


def demo_months(ctx: BranchContext, months: int) -> list[YearMonth]:
    ym = ctx.pack.calendar.year_month(ctx.today())
    out = []
    for _ in range(months):
        out.append(ym)
        ym = ym.previous()
    return list(reversed(out))

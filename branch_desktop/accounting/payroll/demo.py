"""Demo staff and payroll history, made through the payroll services (``reg.add_demo_step`` in ``accounting.register``).

A branch of ~50 people (branch head, deputy, unit heads, second persons, experts, non-experts,
drivers, typists, process servers, inspectors, archivists, a telephone operator), with their
hire decrees and later decrees (group steps, a marriage), the last months' payroll runs posted and
paid, a loan granted by the committee and repaid through payroll, and a quarterly productivity
bonus. Deterministic for a seed; also used by the tests and the benchmark.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from branch_desktop.accounting.payroll import services
from branch_desktop.accounting.payroll.rules import ProductivityScore
from branch_desktop.accounting.payroll.types import DecreeInput, EmployeeInput
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.ids import (
    iban_with_check,
    iran_national_code_with_check,
    tc_kimlik_with_check,
)
from branch_desktop.core.ledger.services import post_entry
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.core.security import Actor
from branch_desktop.core.texts import Month, stored_text

FA_FIRST = ["علی", "محمد", "زهرا", "فاطمه", "حسین", "مریم", "رضا", "سارا", "مهدی", "نرگس", "امیر", "لیلا",
            "حمید", "الهام", "سعید", "مینا", "جواد", "شیما", "کاظم", "پروین"]
FA_LAST = ["احمدی", "محمدی", "حسینی", "رضایی", "کریمی", "موسوی", "جعفری", "قاسمی", "صادقی", "رحیمی",
           "نوری", "کاظمی", "عباسی", "یزدانی", "شریفی", "طاهری", "بهرامی", "اکبری"]
TR_FIRST = ["Ahmet", "Mehmet", "Ayşe", "Fatma", "Mustafa", "Zeynep", "Emre", "Elif", "Hüseyin", "Gül", "Murat",
            "Şule", "Can", "Özlem", "İbrahim", "Derya", "Burak", "Çiğdem"]
TR_LAST = ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Arslan", "Doğan",
           "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özdemir"]

# (post, how many in a branch of ~50, group range)
STAFF_PLAN = [
    ("branch_head", 1, (14, 16)), ("deputy", 1, (12, 14)), ("unit_head", 5, (10, 13)),
    ("second_person", 5, (9, 11)), ("expert", 18, (7, 11)), ("non_expert", 6, (4, 7)),
    ("driver", 3, (3, 5)), ("typist", 2, (4, 6)), ("process_server", 3, (3, 5)),
    ("inspector", 4, (6, 9)), ("archivist", 1, (4, 6)), ("telephone_operator", 1, (3, 5)),
]


def iran_national_id(rng: random.Random) -> str:
    """A random valid Iranian national code (check digit by ``core.ids``)."""
    while True:
        code = iran_national_code_with_check(f"{rng.randrange(10**8, 10**9):09d}")
        if len(set(code)) > 1:
            return code


def turkish_national_id(rng: random.Random) -> str:
    """A random valid T.C. identity number (check digits by ``core.ids``)."""
    return tc_kimlik_with_check(str(rng.randrange(10**8, 10**9)))


def make_iban(rng: random.Random, country: str) -> str:
    """A random valid IBAN of the demo's country (IR: 22-digit BBAN; TR: bank code, reserve digit, 16)."""
    if country == "IR":
        bban = "0" + "".join(str(rng.randrange(10)) for _ in range(21))
    else:
        bban = "00010" + "0" + "".join(str(rng.randrange(10)) for _ in range(16))
    return iban_with_check(country, bban)


def make_staff(ctx: BranchContext, count: int, seed: int = 1, *, start_no: int = 1) -> list[tuple[EmployeeInput, DecreeInput]]:
    """``count`` employees following the branch plan (repeated for big counts), hired in the past."""
    rng = random.Random(seed)
    iranian = ctx.pack.code == "ir_sso"
    first, last = (FA_FIRST, FA_LAST) if iranian else (TR_FIRST, TR_LAST)
    today = ctx.today()
    plan = [(post, groups) for post, n, groups in STAFF_PLAN for _ in range(n)]
    out = []
    for i in range(count):
        post, (g_lo, g_hi) = plan[i % len(plan)]
        years = rng.randint(1, 25) if post not in {"branch_head", "deputy", "unit_head"} else rng.randint(12, 28)
        hire = today - dt.timedelta(days=years * 365 + rng.randint(0, 300))
        contract = years < 3 and post in {"non_expert", "driver", "typist", "process_server", "expert"}
        employment = "contract" if contract else ("probationary" if years < 5 else "permanent")
        group = None if contract and years < 2 else rng.randint(g_lo, g_hi)
        if employment == "contract" and group is None:
            pass
        elif employment == "contract":
            employment = "contract"
        emp = EmployeeInput(
            personnel_no=f"{start_no + i:05d}",
            national_id=iran_national_id(rng) if iranian else turkish_national_id(rng),
            first_name=rng.choice(first), last_name=rng.choice(last), hire_date=hire,
            education=rng.choice(["diploma", "associate", "bachelor", "bachelor", "master"]),
            iban=make_iban(rng, ctx.pack.country),
            loanfund_opening=ctx.pack.currency.round(
                Decimal(rng.randint(20, 200)) * (Decimal(1_000_000) if iranian else Decimal(100))),
        )
        decree = DecreeInput(
            effective_from=hire, post=post, employment=employment, job_group=group,
            married=rng.random() < 0.7, housing=rng.choice(["normal"] * 8 + ["organisation_housing", "deprived_area"]),
            part_time=rng.random() < 0.04, number=f"H-{start_no + i}",
        )
        out.append((emp, decree))
    return out


def extend_demo(ctx: BranchContext, admin: Actor, size: object, today: dt.date) -> int:
    """Staff of ~50 with decrees, the last months' runs posted and paid, a loan and a bonus."""
    del size
    if services.list_employees(ctx, admin):
        return 0
    staff = make_staff(ctx, 50, seed=6)
    services.register_employees(ctx, admin, staff)
    cal = ctx.pack.calendar
    now = cal.year_month(today)
    months = [now.previous().previous().previous(), now.previous().previous(), now.previous()]
    # later decrees: a group step and a marriage in the first demo month
    first_day = cal.month_bounds(months[0])[0]
    for emp, dec in staff[5:8]:
        if dec.job_group is not None and dec.job_group < 20:
            services.add_decree(ctx, admin, emp.personnel_no, DecreeInput(
                effective_from=first_day, post=dec.post, employment=dec.employment, job_group=dec.job_group + 1,
                married=dec.married, housing=dec.housing, part_time=dec.part_time,
                number=f"G-{emp.personnel_no}", note="group step"))
    records = len(staff)
    for n, ym in enumerate(months):
        records += _pay_month(ctx, admin, ym, today)
        if n == 0:  # a loan in the first month, repaid from the next payrolls
            member = staff[10][0].personnel_no
            loan_id = services.apply_for_loan(ctx, admin, member, 12, on=cal.month_bounds(ym)[1])
            from branch_desktop.core.security import get_actor

            with ctx.db.read() as s:
                committee = [admin] + [get_actor(s, u) for u in ("manager", "accountant")
                                       if _user_exists(s, u)]
            if len(committee) >= 3:
                for actor, seat in zip(committee, services.COMMITTEE_SEATS, strict=False):
                    services.approve_loan(ctx, actor, loan_id, seat)
                services.grant_loan(ctx, admin, loan_id, on=cal.month_bounds(ym)[1])
                records += 1
    # the quarter's productivity bonus, for every employee
    scores = {e.personnel_no: ProductivityScore(Decimal(random.Random(e.personnel_no).randint(80, 100)) / 100,
                                                principles=Decimal("0.5")) for e, _d in staff}
    run_id = services.create_productivity_run(ctx, admin, months[-1], scores)
    services.post_run(ctx, admin, run_id)
    records += 1
    return records


def _user_exists(s: object, username: str) -> bool:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from branch_desktop.core.models import User

    assert isinstance(s, Session)
    return s.scalar(select(User.id).where(User.username == username)) is not None


def _pay_month(ctx: BranchContext, admin: Actor, ym: YearMonth, today: dt.date) -> int:
    run_id = services.create_run(ctx, admin, ym)
    services.post_run(ctx, admin, run_id)
    run = services.get_run(ctx, admin, run_id)
    end = min(ctx.pack.calendar.month_bounds(ym)[1], today)
    acc = ctx.pack.account_code
    outflow = run.net + sum(services.review_run(ctx, admin, run_id).totals.get(c, 0)
                            for c in ("loanfund", "loanfund_org", "loan_instalment", "loan_penalty"))
    post_entry(ctx, admin, EntryInput(ctx.pack.journal_code("payroll"), end, "", (
        LineInput(acc("payroll_bank"), debit=outflow), LineInput(acc("head_office_current"), credit=outflow)),
        reference=f"FUND-{ym}", text=stored_text("Payroll funding {month}", month=Month(ym))))
    services.pay_run(ctx, admin, run_id, on=end)
    return 2

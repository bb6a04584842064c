"""Demo data for the revenue department, made through its services: employer files with valid
ids, monthly declarations (accrued), counter receipts by slip, transfer and cheque, cheques
deposited, cleared and a few bounced, one void, and the clerk's past days closed.

Called by ``branch_desktop.demo.build_demo`` (its demo step, ``reg.add_demo_step``); deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import localise_digits
from branch_desktop.core.ids import (
    iban_with_check,
    iran_national_code_with_check,
    tc_kimlik_with_check,
    vkn_with_check,
)
from branch_desktop.core.security import Actor, get_actor
from branch_desktop.revenue import rules, services
from branch_desktop.revenue.rules import RawLine
from branch_desktop.revenue.services import DeclarationInput
from branch_desktop.revenue.types import EmployerInput, Method, PaymentInput

MAX_WORKERS = 40  # per employer, keeps the demo quick

IR_TRADES = ["کارگاه تولیدی", "شرکت ساختمانی", "نانوایی", "فروشگاه", "کارخانه", "رستوران", "شرکت حمل و نقل",
             "مکانیکی", "آموزشگاه", "چاپخانه"]
IR_NAMES = ["البرز", "کرج", "مهر", "آریا", "پارس", "بهار", "سپهر", "نوین", "کوثر", "امید", "دماوند", "زاگرس"]
IR_PEOPLE = ["علی", "محمد", "رضا", "حسین", "مریم", "زهرا", "فاطمه", "سارا", "مهدی", "نرگس"]
IR_FAMILIES = ["رضایی", "احمدی", "محمدی", "کریمی", "حسینی", "موسوی", "جعفری", "نوری", "صادقی", "رحیمی"]
TR_TRADES = ["Tekstil", "İnşaat", "Gıda", "Lojistik", "Otomotiv", "Mobilya", "Turizm", "Yazılım", "Matbaa", "Kimya"]
TR_NAMES = ["Anadolu", "Başkent", "Kızılay", "Ege", "Marmara", "Toros", "Yıldız", "Güneş", "Ova", "Kartal"]
TR_PEOPLE = ["Ahmet", "Mehmet", "Ayşe", "Fatma", "Emre", "Elif", "Zeynep", "Mustafa", "Burak", "Esra"]
TR_FAMILIES = ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk", "Arslan", "Doğan"]
BANKS = {"ir_sso": ["بانک رفاه کارگران", "بانک ملی", "بانک ملت", "بانک صادرات", "بانک تجارت"],
         "tr_sgk": ["Ziraat Bankası", "Halkbank", "Vakıfbank", "İş Bankası", "Garanti BBVA"]}


def _employer(pack: str, n: int, rng: random.Random, opened: dt.date) -> EmployerInput:
    if pack == "tr_sgk":
        return EmployerInput(
            file_no=f"2.{rng.choice(['1310', '4120', '1071', '4941'])}.01.01.{1100000 + n}.006.01",
            name=f"{rng.choice(TR_NAMES)} {rng.choice(TR_TRADES)} {n} Ltd. Şti.",
            national_id=vkn_with_check(f"{300000000 + n * 7:09d}"),
            address=f"{rng.choice(['Çankaya', 'Keçiören', 'Yenimahalle', 'Etimesgut'])}, Ankara",
            phone=f"0312 {rng.randrange(200, 999)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}",
            iban=iban_with_check("TR", f"00061{n:017d}"), business_code=rng.choice(["1310", "4120", "1071", "4941"]),
            risk_class=str(rng.randint(1, 6)), opened_on=opened,
        )
    return EmployerInput(
        file_no=f"{3100000 + n}",
        name=f"{rng.choice(IR_TRADES)} {rng.choice(IR_NAMES)} {localise_digits(str(n), 'fa')}",  # Persian digits
        national_id=iran_national_code_with_check(f"{1000000 + n * 13:09d}"),
        address=f"کرج، {rng.choice(['گوهردشت', 'مهرشهر', 'فردیس', 'عظیمیه'])}، پلاک {localise_digits(str(rng.randint(1, 300)), 'fa')}",
        phone=f"026-{rng.randrange(32000000, 34999999)}",
        iban=iban_with_check("IR", f"0130{n:018d}"), business_code=f"{rng.randrange(1000, 9999)}",
        opened_on=opened,
    )


def _person(pack: str, emp: int, i: int) -> str:
    n = emp * 1000 + i
    if pack == "tr_sgk":
        return tc_kimlik_with_check(f"{200000000 + n:09d}")
    return iran_national_code_with_check(f"{n + 10_000_000:09d}")


def _worker_name(pack: str, rng: random.Random) -> str:
    if pack == "tr_sgk":
        return f"{rng.choice(TR_PEOPLE)} {rng.choice(TR_FAMILIES)}"
    return f"{rng.choice(IR_PEOPLE)} {rng.choice(IR_FAMILIES)}"


def extend_demo(ctx: BranchContext, admin: Actor, size: Any, today: dt.date) -> int:
    """Employers, declarations and counter work for the last ``size.months`` months."""
    pack = ctx.pack
    cal = pack.calendar
    rng = random.Random(size.seed * 7919 + 4)
    if services.employer_count(ctx, admin):
        return 0  # an extended demo keeps the revenue data it has
    with ctx.db.read() as s:
        try:
            clerk = get_actor(s, "clerk")
            accountant = get_actor(s, "accountant")
        except DomainError:
            clerk = accountant = admin
    current = cal.year_month(today)
    months: list[YearMonth] = []
    ym = current.previous()
    for _ in range(max(1, size.months - 1)):
        months.append(ym)
        ym = ym.previous()
    months.reverse()
    opened = cal.month_bounds(months[0])[0] - dt.timedelta(days=400)
    n_employers = max(1, size.employers)
    workers = max(1, min(MAX_WORKERS, size.insured // n_employers))
    report = getattr(size, "progress", None)  # the command line's progress bar
    employers = []
    for n in range(1, n_employers + 1):
        employers.append(services.create_employer(ctx, clerk, _employer(pack.code, n, rng, opened)))
        if report is not None and n % 500 == 0:
            report(n)
    staff = {e.id: [(_person(pack.code, n, i), _worker_name(pack.code, rng)) for i in range(rng.randint(1, workers))]
             for n, e in enumerate(employers, start=1)}
    made = len(employers)
    cheques: list[tuple[int, dt.date]] = []
    voided = False
    for ym in months:
        start, _end = cal.month_bounds(ym.next())
        codes = sorted(rules.missing_day_codes(pack, start))
        full = rules.max_days(pack, ym)
        actions: list[tuple[dt.date, int, str, Any]] = []
        for e in employers:
            lines = []
            for row, (nid, name) in enumerate(staff[e.id], start=2):
                days = full if rng.random() < 0.85 else rng.randint(max(1, full - 12), full - 1)
                floor, ceiling = rules.wage_limits(pack, ym, days)
                wage = pack.currency.from_minor(floor) * Decimal(rng.randint(100, 320)) / 100
                wage = min(pack.currency.round(wage), pack.currency.from_minor(ceiling))
                code = rng.choice(codes) if (codes and days < full) else ""
                lines.append(RawLine(row, nid, name, str(days), format(wage, "f"), code))
            decl_day = min(today, start + dt.timedelta(days=rng.randint(0, 9)))
            actions.append((decl_day, 0, "declare", (e, lines)))
            if rng.random() < 0.9:
                pay_day = min(today, decl_day + dt.timedelta(days=rng.randint(0, 15)))
                actions.append((pay_day, 1, "pay", e))
        actions.sort(key=lambda a: (a[0], a[1], a[3][0].id if a[2] == "declare" else a[3].id))
        premiums: dict[int, int] = {}
        with services.batch(ctx, clerk) as month_work:  # the month's counter work in one transaction, all or nothing
            made, voided = _month(ctx, month_work, rng, ym, months, actions, premiums, cheques, made, voided, report)
    with services.batch(ctx, accountant) as bank_work:  # the cheques' deposits, clears and bounces: one transaction
        for i, (receipt_id, due) in enumerate(sorted(cheques, key=lambda c: c[1])):
            if due >= today:
                continue
            bank_work.deposit_cheque(receipt_id, on=due)
            if i % 9 == 4:
                bank_work.bounce_cheque(receipt_id, _bounce_reason(pack.code), on=min(today, due + dt.timedelta(days=2)))
            elif due + dt.timedelta(days=1) < today:
                bank_work.clear_cheque(receipt_id, on=due + dt.timedelta(days=1))
    # the clerk's past days are closed; today stays open at the counter
    past_days = sorted({r.receipt_date for r in services.receipts_between(ctx, admin, today - dt.timedelta(days=400),
                                                                      today - dt.timedelta(days=1))
                   if r.clerk == clerk.username})
    for past in past_days:
        services.close_day(ctx, clerk, day=past)
    return made


def _reason(pack: str) -> str:
    return "مبلغ اشتباه ثبت شد" if pack == "ir_sso" else "Tutar yanlış girildi"


def _bounce_reason(pack: str) -> str:
    return "کسر موجودی" if pack == "ir_sso" else "Karşılıksız"


def _month(ctx: BranchContext, work: services.Batch, rng: random.Random, ym: YearMonth, months: list[YearMonth],
           actions: list[tuple[dt.date, int, str, Any]], premiums: dict[int, int], cheques: list[tuple[int, dt.date]],
           made: int, voided: bool, report: Any) -> tuple[int, bool]:
    """A month's declarations and payments (and the demo's one void), in day order, in the batch's
    transaction (the services' batch form: each operation as its one-by-one service does it)."""
    pack = ctx.pack
    for n_action, (day, _order, kind, payload) in enumerate(actions, start=1):
        if report is not None and n_action % 250 == 0:
            report(made)
        if kind == "declare":
            e, lines = payload
            d = work.declare(DeclarationInput(employer_id=e.id, month=ym, lines=lines, source="demo", on=day))
            premiums[e.id] = d.premium
            made += 1
            continue
        e = payload
        amount = premiums.get(e.id, 0)
        if amount <= 0:
            continue
        if rng.random() < 0.15:
            amount = amount * rng.randint(40, 90) // 100  # a part payment
        pick = rng.random()
        bank = rng.choice(BANKS.get(pack.code, ["Bank"]))
        if pick < 0.15:
            due = day + dt.timedelta(days=rng.randint(0, 25))
            p = PaymentInput(employer_id=e.id, amount=amount, method=Method.CHEQUE, reference=f"{rng.randrange(10**6, 10**7)}", bank=bank,
                             bank_branch=rng.choice(["مرکزی", "شعبه ۲"] if pack.code == "ir_sso" else
                                                    ["Kızılay", "Ulus"]),
                             due_date=due, drawer=e.name, on=day)
        elif pick < 0.7:
            p = PaymentInput(employer_id=e.id, amount=amount, method=Method.SLIP, reference=f"{rng.randrange(10**8, 10**9)}", bank=bank,
                             ref_date=day, on=day)
        else:
            p = PaymentInput(employer_id=e.id, amount=amount, method=Method.TRANSFER, reference=f"TRF{rng.randrange(10**9, 10**10)}", bank=bank, on=day)
        r = work.pay(p)
        made += 1
        if p.method is Method.CHEQUE and p.due_date is not None:
            cheques.append((r.id, p.due_date))
        if not voided and ym == months[-1] and p.method is Method.SLIP:
            work.void(r.id, _reason(pack.code), on=day)
            work.pay(PaymentInput(employer_id=e.id, amount=amount, method=Method.SLIP, reference=p.reference + "1",
                                  bank=bank, ref_date=day, on=day))
            voided = True
            made += 2
    return made, voided

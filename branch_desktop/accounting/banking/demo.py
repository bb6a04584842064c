"""The banking part of the demo branch, made through the services like everything else.

The pack's four bank accounts are registered; the revenue account gets one camt.053 statement
per past month of the demo, written from what the bank saw (the receipts and clearings on the
books, booked a day or two later, plus the bank's monthly charge), its texts in the branch's
language. Every month but the last is matched automatically, its charge turned into an entry, and
locked; the last month is left for the user to reconcile (Ctrl+Shift+A on the reconciliation page
does most of it).
"""

from __future__ import annotations

import datetime as dt
import random

from branch_desktop.accounting.banking import services as bank
from branch_desktop.accounting.banking.importers import camt053
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import N_, translate_to
from branch_desktop.core.record_texts import ENTRY, describe_entry, load_texts
from branch_desktop.core.security import Actor

# Data in the branch's language, as the branch would register its banks (the revenue demo's too).
BANK_NAMES = {"ir_sso": "بانک رفاه کارگران", "tr_sgk": "Ziraat Bankası"}


def extend_demo(ctx: BranchContext, admin: Actor, size: object, today: dt.date) -> int:
    """Register the bank accounts and import the revenue account's statements; returns the count
    of statement lines imported."""
    ibans = bank.default_ibans(ctx.pack.code)
    existing = {a.code for a in bank.list_bank_accounts(ctx, admin)}
    for role in bank.BANK_ROLES:
        code = ctx.pack.account_code(role)
        if code not in existing:
            bank.create_bank_account(ctx, admin, code, ibans[role], BANK_NAMES.get(ctx.pack.code, "Bank"))
    account = ctx.pack.account_code("revenue_bank")
    cal, cur = ctx.pack.calendar, ctx.pack.currency
    rng = random.Random(getattr(size, "seed", 1))
    months = getattr(size, "months", 6)
    last = cal.year_month(today).previous()  # the current month has no statement yet
    ym = last
    wanted: list[YearMonth] = []
    for _ in range(max(0, months - 1)):
        wanted.append(ym)
        ym = ym.previous()
    wanted.reverse()
    charge_text = translate_to(ctx.pack.language, N_("Bank charges"))
    charge = cur.to_minor(cur.quantum * (25 if cur.minor_digits else 150_000))
    # an extended demo: the months imported by an earlier run are kept, the next opens at their close
    done = bank.list_statements(ctx, admin, account)
    latest = max(done, key=lambda st: st.end, default=None)
    opening = latest.closing if latest else 0
    imported = 0
    for n, ym in enumerate(wanted):
        start, end = cal.month_bounds(ym)
        if latest is not None and start <= latest.end:
            continue
        rec = bank.reconciliation(ctx, admin, account, ym)
        items = [b for b in rec.unmatched_book if start <= b.day <= end]
        with ctx.db.read() as s:  # the entries' texts in the branch's language, not the demo run's
            texts = load_texts(s, ENTRY, [b.entry_id for b in items])
        lines = []
        for b in items:
            booked = min(end, b.day + dt.timedelta(days=rng.choice((0, 0, 1, 2))))
            msgid, params = texts.get(b.entry_id, (None, None))
            text = describe_entry(ctx, b.description, msgid, params, lang=ctx.pack.language)
            lines.append((booked, cur.from_minor(b.amount), b.reference, "", text[:100]))
        lines.append((end, cur.from_minor(-charge), f"FEE-{ym}", "", charge_text))
        lines.sort(key=lambda line: line[0])
        closing = opening + sum(cur.to_minor(amount) for _d, amount, _r, _p, _t in lines)
        data = camt053.build(iban=ibans["revenue_bank"], currency=cur.code, statement_id=f"DEMO-{account}-{ym}",
                             opening=cur.from_minor(opening), lines=lines, closing=cur.from_minor(closing),
                             digits=cur.minor_digits)
        bank.import_statement(ctx, admin, account, data, file_name=f"demo-{ym}.xml", fmt="camt053")
        imported += len(lines)
        opening = closing
        if n == len(wanted) - 1:
            break  # the last month is the user's
        bank.auto_match(ctx, admin, account, ym)
        rec = bank.reconciliation(ctx, admin, account, ym)
        for line in rec.unmatched_statement:
            if line.amount == -charge:
                bank.create_entry_from_line(ctx, admin, line.id, ctx.pack.account_code("bank_charges"))
        if bank.reconciliation(ctx, admin, account, ym).difference == 0:
            bank.lock_month(ctx, admin, account, ym)
    return imported

"""A small fixed branch built through the services, whose indicators are known by hand.

Half H = the last closed half-year (tr_sgk 2026-H1, ir_sso 1405-H1; the test 'today' is 2026-11-24):
- year before (H - 1 year), month 1: employer 1 declares workers 1-5;
- H, month 1: employer 1 declares workers 1-4; H, month 2: employer 2 declares workers 10-13, same
  days and wages, so both accrue the same premium; employer 1 pays its month in full (dated in H),
  employer 2 pays nothing;
- pension applications decided in H after 31 and 10 days; service-record requests answered after
  6 and 10 days; one disability application decided after 20 days.

By hand: (1) 8 insured against 5 = +60.00 %, met; (2) no data (not kept); (4) 50.00 %, not met;
(5) no data without a provider; (9) 1 late of 2 = 50.00 %, not met (<= 10 %); (10) 8.0 days, met
(<= 8); (11) 20.0 days, not met (<= 15). The previous half has nothing: no data, no change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from branch_desktop.core.calendar import YearMonth
from branch_desktop.insured import services as insured
from branch_desktop.insured.types import ApplicationKind, PersonInput, Sex
from branch_desktop.reports.rules import Half
from branch_desktop.revenue import services as revenue
from branch_desktop.revenue.types import Method, PaymentInput
from tests.conftest import Branch
from tests.revenue.helpers import lines, make_employer, person_id


@dataclass
class Fixed:
    half: Half
    premium: int  # each declaration's accrual, minor units


def last_closed_half(b: Branch) -> Half:
    return Half.of(b.ctx.pack.calendar.year_month(b.ctx.today())).previous


def day_in(b: Branch, ym: YearMonth, day: int) -> dt.date:
    return b.ctx.pack.calendar.month_bounds(ym)[0] + dt.timedelta(days=day - 1)


def build_fixed_branch(b: Branch) -> Fixed:
    half = last_closed_half(b)
    m1, m2 = half.months[0], half.months[1]
    before = half.year_before.months[0]
    e1, e2 = make_employer(b, 1), make_employer(b, 2)
    revenue.submit_declaration(b.ctx, b.clerk, e1.id, before, lines(b, before, 5, start=1))
    d1 = revenue.submit_declaration(b.ctx, b.clerk, e1.id, m1, lines(b, m1, 4, start=1))
    d2 = revenue.submit_declaration(b.ctx, b.clerk, e2.id, m2, lines(b, m2, 4, start=10))
    assert d1.accrued == d2.accrued > 0
    paid_on = day_in(b, m2, 10)
    revenue.take_payment(b.ctx, b.clerk, PaymentInput(
        employer_id=e1.id, amount=d1.accrued, method=Method.SLIP, reference="S-100", bank="Refah",
        ref_date=paid_on, on=paid_on, month=m1))
    people = [insured.register_person(b.ctx, b.clerk, PersonInput(
        national_id=person_id(b.ctx.pack.code, 500 + n), first_name="Zahra", last_name=f"Ahmadi {n}",
        sex=Sex.FEMALE, birth_date=dt.date(1960, 5, 1))).id for n in range(5)]
    received = day_in(b, half.months[2], 1)
    cases = [(ApplicationKind.PENSION, 31), (ApplicationKind.PENSION, 10),
             (ApplicationKind.SERVICE_RECORD_REQUEST, 6), (ApplicationKind.SERVICE_RECORD_REQUEST, 10),
             (ApplicationKind.DISABILITY, 20)]
    for person, (kind, days) in zip(people, cases, strict=True):
        app = insured.register_application(b.ctx, b.clerk, person, kind, received,
                                           other_office="Ankara SGM" if kind is ApplicationKind.SERVICE_RECORD_REQUEST
                                           else "")
        insured.decide_application(b.ctx, b.manager, app.id, received + dt.timedelta(days=days), "done")
    return Fixed(half, d1.accrued)

"""Statutory late-payment charges on a month's unpaid premium, month by month, with a trace.

The pack's dated parameters (``parameters/execution.csv``) say how:

- ``execution.penalty.rate`` for each of the first ``execution.penalty.months`` months after the
  due date (SGK: gecikme cezası, 5510 art. 89), on the principal unpaid at the start of that month;
- ``execution.interest.rate`` a month from the due date until paid (SGK: gecikme zammı; SSO: art.
  98's daily damage written as a monthly rate), on the principal grown by the penalty and by the
  interest of the months before (``execution.interest.compound`` = 1) or on the principal alone
  (0); a whole month at the monthly rate, the month of payment (or the part up to ``until``)
  counted in days over ``execution.interest.day_basis``; ``execution.interest.daily`` = 1 counts
  every day that way;
- a rate that changes inside a month is taken by days (each part at its own rate);
- ``execution.waiver.before_order``: the share of the charges waived when the principal was paid
  in full before the enforcement order (SSO); charges already paid at the counter are not
  refunded, so the waiver takes at most the charges still owed (the late charges receivable is
  left at nil, never in credit).

Payments are payments of the month's principal (as revenue allocates receipts); charges stop
growing once the principal is paid. Charges paid at the counter (``Debt.charge_payments``, the
charges part of a receipt shared by the pack's order) leave the compounding base from the day
after they are paid: the interest runs on the principal unpaid plus the charges still unpaid
(6183 art. 51, 5510 art. 89: on the amount not paid; how SGK applies it to charges paid in part
is UNCERTAIN, see the pack's note). Each charge is rounded half up to the currency's unit at the
end. Pure: no database, no Qt.

:func:`compute` works out the amounts without keeping a trace (most callers read only amounts);
a charge's ``trace`` is written the first time it is read, by the same function run again on the
same inputs with a recording trace.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.packs import Pack
from branch_desktop.core.premiums import premium_day
from branch_desktop.core.trace import NoTrace, Trace

ZERO = Decimal(0)
RATE_PARAMS = ("execution.penalty.rate", "execution.interest.rate")


@dataclass(frozen=True)
class Payment:
    day: dt.date
    amount: Decimal  # negative: a void or a bounced cheque put the amount back


@dataclass(frozen=True)
class Debt:
    month: YearMonth
    principal: Decimal
    paid: tuple[Payment, ...] = ()
    order_date: dt.date | None = None  # the enforcement order, if one was issued
    charges_paid: Decimal = ZERO  # what receipts paid of the month's accrued charges
    charge_payments: tuple[Payment, ...] = ()  # the same, dated (they leave the compounding base)


@dataclass(frozen=True, kw_only=True)
class Charge:
    month: YearMonth
    due: dt.date
    principal: Decimal
    paid: Decimal
    unpaid: Decimal  # principal still unpaid on ``until``
    penalty: Decimal
    interest: Decimal
    waived: Decimal
    charges_paid: Decimal = ZERO  # paid at the counter (revenue's charges part of the receipts)
    traced: Trace | None = field(default=None, compare=False, repr=False)  # written when first read
    inputs: tuple[Pack, Debt, dt.date] | None = field(default=None, compare=False, repr=False)

    @property
    def trace(self) -> Trace:
        """Every input, pack figure, figure and condition of the computation (written on first read)."""
        if self.traced is None:
            assert self.inputs is not None
            object.__setattr__(self, "traced", _compute(*self.inputs, Trace()).traced)
        assert self.traced is not None
        return self.traced

    @property
    def charges(self) -> Decimal:
        return self.penalty + self.interest - self.waived

    @property
    def charges_owed(self) -> Decimal:
        return self.charges - self.charges_paid

    @property
    def outstanding(self) -> Decimal:
        return self.unpaid + self.charges_owed


def due_date(pack: Pack, ym: YearMonth) -> dt.date:
    """The premium of month ``ym`` is due at the end of the month ``premium.due_months_after``
    months later (SGK 5510 art. 88, SSO art. 39: the end of the next month)."""
    target = ym
    for _ in range(int(pack.param("premium.due_months_after", premium_day(pack, ym)))):
        target = target.next()
    return pack.calendar.month_bounds(target)[1]


def _money(value: Decimal, pack: Pack) -> Decimal:
    return value.quantize(pack.currency.quantum, rounding=ROUND_HALF_UP)


class _Rates:
    """Dated pack figures, each row written to the trace the first time it is used."""

    def __init__(self, pack: Pack, trace: Trace) -> None:
        self.pack, self.trace = pack, trace
        self.seen: set[tuple[str, dt.date]] = set()

    def get(self, name: str, on: dt.date) -> Decimal:
        row = self.pack.param_row(name, on)
        if row is None:
            return ZERO
        if self.trace.recording and (name, row.since) not in self.seen:
            self.seen.add((name, row.since))
            self.trace.param(name, row.value, effective_from=row.since, source=row.source, note=row.note)
        return row.value

    def changes(self, name: str, after: dt.date, until: dt.date) -> list[dt.date]:
        """Days in (after, until] on which a new row of ``name`` takes effect."""
        return [r.since for r in self.pack.param_rows(name) if after < r.since <= until]


def _boundaries(pack: Pack, due: dt.date) -> Callable[[int], dt.date]:
    """The end of the k-th month of delay: month ends when the due date is a month's end."""
    cal = pack.calendar
    ym = cal.year_month(due)
    if due != cal.month_bounds(ym)[1]:
        return lambda k: cal.add_months(due, k)
    index = ym.year * 12 + ym.month - 1

    def month_end(k: int) -> dt.date:
        i = index + k
        target = YearMonth(i // 12, i % 12 + 1)
        return cal.to_gregorian(target.year, target.month, cal.month_length(target))

    return month_end


def compute(pack: Pack, debt: Debt, until: dt.date) -> Charge:
    """The charges on one month's premium as of ``until`` (inclusive); its trace is written when read."""
    return _compute(pack, debt, until, NoTrace())


def _compute(pack: Pack, debt: Debt, until: dt.date, trace: Trace) -> Charge:
    """The charges, their steps written to ``trace`` (a :class:`NoTrace` keeps none)."""
    rates = _Rates(pack, trace)
    due = trace.figure("due", due_date(pack, debt.month))
    trace.input("month", str(debt.month))
    trace.input("principal", debt.principal)
    trace.input("until", until)
    payments = sorted((p for p in debt.paid if p.day <= until), key=lambda p: p.day)
    charge_payments = sorted((p for p in debt.charge_payments if p.day <= until), key=lambda p: p.day)
    if trace.recording:
        for p in payments:
            trace.input("paid", {"date": p.day, "amount": p.amount})
        for p in charge_payments:
            trace.input("charges_paid", {"date": p.day, "amount": p.amount})

    def charges_paid_by(day: dt.date) -> Decimal:  # paid on ``day`` counts from the day after
        return sum((p.amount for p in charge_payments if p.day <= day), ZERO)

    unpaid = debt.principal
    pending = list(payments)
    while pending and pending[0].day <= due:
        unpaid -= pending.pop(0).amount
    unpaid = max(unpaid, ZERO)
    penalty = interest = ZERO
    last_payment = payments[-1].day if payments else None
    def reopens() -> bool:  # a void or a bounced cheque still to come puts principal back
        return any(p.amount < 0 for p in pending)

    if not trace.condition("overdue", until > due and (unpaid > 0 or reopens()), due=due, unpaid=unpaid):
        return _result(pack, debt, until, due, payments, unpaid, penalty, interest, ZERO, trace)
    months = int(rates.get("execution.penalty.months", due + dt.timedelta(days=1)))
    compound = rates.get("execution.interest.compound", due + dt.timedelta(days=1)) == 1
    daily = rates.get("execution.interest.daily", due + dt.timedelta(days=1)) == 1
    basis = rates.get("execution.interest.day_basis", due + dt.timedelta(days=1)) or Decimal(30)
    boundary = _boundaries(pack, due)
    start, k = due, 0
    while start < until and (unpaid > 0 or reopens()):
        k += 1
        end = boundary(k)
        first = start + dt.timedelta(days=1)
        if k <= months and unpaid > 0:
            rate = rates.get("execution.penalty.rate", first)
            amount = unpaid * rate
            penalty += amount
            if trace.recording:
                trace.figure("penalty", {"month": k, "from": first, "base": unpaid, "rate": rate,
                                         "amount": _money(amount, pack)})
        period_days = (end - start).days
        stop = min(end, until)
        cuts = sorted({stop, *(p.day for p in pending if p.day < stop),
                       *(p.day for p in charge_payments if compound and start <= p.day < stop),
                       *(d - dt.timedelta(days=1) for d in rates.changes("execution.interest.rate", first, stop))})
        grown = penalty + interest if compound else ZERO  # compounded at the month's start
        # (from, to, base, rate, charges paid before ``from``)
        segments: list[tuple[dt.date, dt.date, Decimal, Decimal, Decimal]] = []
        seg_start = start
        for cut in cuts:
            if cut <= seg_start:
                continue
            if unpaid > 0:
                rate = rates.get("execution.interest.rate", seg_start + dt.timedelta(days=1))
                paid_charges = charges_paid_by(seg_start) if compound else ZERO
                segments.append((seg_start, cut, unpaid + max(grown - paid_charges, ZERO), rate, paid_charges))
            while pending and pending[0].day <= cut:
                unpaid = max(unpaid - pending.pop(0).amount, ZERO)
            seg_start = cut
            if unpaid <= 0 and not reopens():
                break
        whole = seg_start == end and not daily
        for s, e, base, rate, paid_charges in segments:
            days = (e - s).days
            amount = base * rate * days / (period_days if whole else basis)
            interest += amount
            if trace.recording:
                trace.figure("interest", {"month": k, "from": s + dt.timedelta(days=1), "to": e, "days": days,
                                          "of": period_days if whole else basis, "base": _money(base, pack),
                                          "rate": rate, "amount": _money(amount, pack),
                                          **({"less_charges_paid": _money(paid_charges, pack)} if paid_charges
                                             else {})})
        start = seg_start
    waived = ZERO
    ratio = rates.get("execution.waiver.before_order", due + dt.timedelta(days=1))
    if ratio > 0 and unpaid <= 0 and last_payment is not None:
        before = debt.order_date is None or last_payment < debt.order_date
        if trace.condition("waiver", before, paid_in_full=last_payment, order=debt.order_date):
            charges = _money(penalty, pack) + _money(interest, pack)
            waived = _money(charges * ratio, pack)
            owed = max(charges - debt.charges_paid, ZERO)
            if waived > owed:  # what was paid of the charges stays paid: nothing is refunded
                trace.figure("waiver_limited", {"waivable": waived, "charges_paid": debt.charges_paid, "waived": owed})
                waived = owed
    return _result(pack, debt, until, due, payments, unpaid, penalty, interest, waived, trace)


def _result(pack: Pack, debt: Debt, until: dt.date, due: dt.date, payments: list[Payment], unpaid: Decimal,
            penalty: Decimal, interest: Decimal, waived: Decimal, trace: Trace) -> Charge:
    charge = Charge(month=debt.month, due=due, principal=debt.principal,
                    paid=_money(sum((p.amount for p in payments), ZERO), pack), unpaid=_money(unpaid, pack),
                    penalty=_money(penalty, pack), interest=_money(interest, pack), waived=_money(waived, pack),
                    charges_paid=debt.charges_paid, traced=trace if trace.recording else None,
                    inputs=(pack, debt, until))
    if not trace.recording:
        return charge
    trace.figure("penalty_total", charge.penalty)
    trace.figure("interest_total", charge.interest)
    if waived:
        trace.figure("waived", waived)
    if debt.charges_paid:
        trace.figure("charges_paid", debt.charges_paid)
    trace.figure("outstanding", charge.outstanding)
    return charge


def compute_all(pack: Pack, debts: list[Debt], until: dt.date) -> list[Charge]:
    return [compute(pack, d, until) for d in debts]

"""Demo data for the execution unit, made through its services after revenue's demo step: late
payers get warning notices (most served), the oldest are escalated to enforcement orders (one with
an objection) and seizure requests (one answered by its bank, one cancelled), their charges are accrued, and two instalment agreements are made, the older of
which defaults. Deterministic."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.errors import DomainError
from branch_desktop.core.security import Actor, get_actor
from branch_desktop.execution import services


def _actor(ctx: BranchContext, username: str, fallback: Actor) -> Actor:
    from sqlalchemy.exc import NoResultFound

    try:
        with ctx.db.read() as s:
            return get_actor(s, username)
    except (DomainError, NoResultFound):
        return fallback


def extend_demo(ctx: BranchContext, admin: Actor, size: object, today: dt.date) -> int:
    del size
    if services.list_notices(ctx, admin, limit=1):
        return 0  # made already (demo --extend)
    clerk = _actor(ctx, "clerk", admin)
    period = int(ctx.pack.param("execution.notice.period_days", today))
    first = today - dt.timedelta(days=2 * period + 20)
    made = _agreements(ctx, clerk, today)
    batch = services.prepare_notices(ctx, clerk, first, min_age=20, limit=12)
    served_on = first + dt.timedelta(days=1)
    served = batch[:-2] if len(batch) > 2 else batch
    for i, n in enumerate(served):
        services.serve_notice(ctx, clerk, n.number, served_on, ("hand", "post", "electronic")[i % 3])
    orders = []
    for n in served[: (len(served) + 1) // 2]:
        try:
            orders.append(services.issue_order(ctx, clerk, n.number, served_on + dt.timedelta(days=period)))
        except DomainError:
            continue  # paid in the meantime
    banks = _BANKS.get(ctx.pack.code, ("Bank A", "Bank B"))
    seizures = []
    for i, o in enumerate(orders[:2]):  # seizure requests (the first before the objection below)
        try:
            seizures.append(services.request_seizure(ctx, clerk, o.number, banks[i % len(banks)],
                                                     o.issued_on + dt.timedelta(days=1)))
            made += 1
        except DomainError:
            continue  # paid in the meantime
    if seizures:  # the first bank seizes a quarter of the amount; the second request is cancelled
        r = seizures[0]
        services.reply_to_seizure(ctx, clerk, r.number, r.requested_on + dt.timedelta(days=2),
                                  ctx.pack.currency.round(r.amount / 4), f"{r.bank[:3].upper()}-{r.id:05d}")
        manager = _actor(ctx, "manager", admin)
        if len(seizures) > 1 and manager.id != clerk.id:
            services.cancel_seizure(ctx, manager, seizures[1].number, "Sent to a bank the employer does not use",
                                    clerk)
    if orders:
        services.object_to_order(ctx, clerk, orders[0].number, orders[0].issued_on + dt.timedelta(days=3),
                                 "Employer disputes the declared wages", today + dt.timedelta(days=20))
    for o in orders[:3]:
        services.accrue_charges(ctx, clerk, o.file_no, today)
    return len(batch) + len(orders) + made


_BANKS = {"ir_sso": ("بانک ملی ایران", "بانک ملت"), "tr_sgk": ("T.C. Ziraat Bankası", "Türkiye Halk Bankası")}


def _agreements(ctx: BranchContext, clerk: Actor, today: dt.date) -> int:
    """Two agreements: one three months old with an employer who owed then (it defaults, its charges
    recomputed), one of today with the largest debtor."""
    made = 0
    old = ctx.pack.calendar.add_months(today, -3)
    debtors = services.debtors(ctx, clerk, today, limit=40)
    late = sorted((d for d in debtors if d.oldest_due and d.oldest_due < old and d.months > 1),
                  key=lambda d: d.oldest_due or today)  # still owing the old months: the agreement defaults
    candidates = [(d, old, 3) for d in late[:5]]
    candidates += [(d, today, 6) for d in debtors[:3]]
    done: set[dt.date] = set()
    for d, on, count in candidates:
        if on in done:
            continue
        try:
            charges = services.employer_charges(ctx, clerk, d.file_no, on)[1]
            debt = sum((c.outstanding for c in charges if c.due < on), Decimal(0))
            ratio = ctx.pack.param("execution.agreement.min_down_payment_ratio", on)
            down = ctx.pack.currency.round(debt * max(ratio, Decimal("0.1")))
            a = services.new_agreement(ctx, clerk, d.file_no, on, instalments=count, down_payment=down)
            made += 1
            if on == today or services.agreement_status(ctx, clerk, a.number, today).missed >= a.default_after:
                done.add(on)  # else the employer paid since: try another for the defaulted example
        except DomainError:
            continue  # nothing overdue on that day, or an agreement already
    made += len(services.check_agreements(ctx, clerk, today))
    return made

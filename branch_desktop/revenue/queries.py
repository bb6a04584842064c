"""Revenue's read API for other departments (read only).

For the manager's reports: insured counts, accrual against collection, receipts per day and an
employer's month as the three-way premium check reads it; every such function checks
``revenue.view``. For the execution unit, the debts: functions that take the caller's session, so
a reader sees one consistent snapshot inside its own transaction. Accruals and allocations are
append-only, so the changes since a watermark (the highest id read before) are exactly the rows
with a higher id."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    CompoundSelect,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    cast,
    distinct,
    func,
    literal,
    null,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.security import Actor, require
from branch_desktop.core.storage import Prepared, flushed_cursor
from branch_desktop.core.texts import receipt_number
from branch_desktop.revenue import driver_reads as reads
from branch_desktop.revenue.driver_reads import EmployerRef as EmployerRef
from branch_desktop.revenue.models import COUNT_BRANCH as BRANCH
from branch_desktop.revenue.models import COUNT_HALF as HALF
from branch_desktop.revenue.models import (
    Accrual,
    Allocation,
    ChargeAllocation,
    Declaration,
    Employer,
    InsuredCount,
    MonthTotal,
    Receipt,
    ServiceRecord,
)
from branch_desktop.revenue.rules import component_rates, month_reference_day, total_rates
from branch_desktop.revenue.states import ChequeStatus, ReceiptKind, ReceiptStatus

_SCAN_ABOVE = 5_000  # employers named by reading every file rather than looking each up


def _key(ym: YearMonth) -> int:
    return ym.year * 100 + ym.month


def _in_months(year: Any, month: Any, first: YearMonth, last: YearMonth) -> ColumnElement[bool]:
    """The months ``first``..``last`` as year and month ranges an index on (year, month) can use."""
    parts = []
    for y in range(first.year, last.year + 1):
        low = first.month if y == first.year else 1
        high = last.month if y == last.year else 12
        parts.append(and_(year == y, month.between(low, high)))
    result: ColumnElement[bool] = or_(*parts) if len(parts) > 1 else parts[0]
    return result


def _kept_span(first: YearMonth, last: YearMonth) -> int | None:
    """The length of a span revenue keeps a count of (a month, or a half-year of the pack's
    calendar: months 1-6 or 7-12), or None."""
    if first == last:
        return 1
    if first.year == last.year and first.month in (1, HALF + 1) and last.month == first.month + HALF - 1:
        return HALF
    return None


def insured_counts(ctx: BranchContext, actor: Actor, spans: Sequence[tuple[YearMonth, YearMonth]]) -> list[int]:
    """Distinct insured declared with at least one day in each of several spans of months: a month
    or a half-year read from the counts kept at each declaration (``revenue_insured_counts``),
    any other span counted from the service records."""
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        return [_insured_count(s, a, b) for a, b in spans]


def _insured_count(s: Session, first: YearMonth, last: YearMonth) -> int:
    months = _kept_span(first, last)
    if months is not None:
        return int(s.scalar(select(InsuredCount.insured).where(
            InsuredCount.employer_id == BRANCH, InsuredCount.year == first.year, InsuredCount.month == first.month,
            InsuredCount.months == months)) or 0)
    return recount_insured(s, first, last)


def recount_insured(s: Session, first: YearMonth, last: YearMonth) -> int:
    """Distinct insured with at least one day in ``first``..``last``, counted from the service
    records (what the kept counts must equal)."""
    sr = ServiceRecord
    return int(s.scalar(select(func.count(distinct(sr.national_id)))
                        .where(_in_months(sr.year, sr.month, first, last), sr.days > 0)) or 0)


def insured_by_employer(ctx: BranchContext, actor: Actor, first: YearMonth, last: YearMonth
                        ) -> list[tuple[str, str, int]]:
    """(file no, employer, distinct insured) for the months, most insured first (a half-year read
    from the kept counts)."""
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        if _kept_span(first, last) == HALF:
            ic = InsuredCount
            return [(f, n, int(c)) for f, n, c in s.connection().execute(
                select(Employer.file_no, Employer.name, ic.insured).join(Employer, Employer.id == ic.employer_id)
                .where(ic.year == first.year, ic.month == first.month, ic.months == HALF, ic.insured > 0)
                .order_by(ic.insured.desc(), Employer.file_no))]
        counts = recount_by_employer(s, first, last)
        names = _names(s, set(counts))
    return sorted(((*names[e], int(c)) for e, c in counts.items()), key=lambda r: (-r[2], r[0]))


def recount_by_employer(s: Session, first: YearMonth, last: YearMonth) -> dict[int, int]:
    """employer id -> distinct insured with at least one day in the months, from the service records."""
    sr = ServiceRecord
    return {int(e): int(c) for e, c in s.execute(
        select(sr.employer_id, func.count(distinct(sr.national_id)))
        .where(_in_months(sr.year, sr.month, first, last), sr.days > 0).group_by(sr.employer_id))}


@dataclass(frozen=True)
class EmployerCollection:
    employer_id: int
    file_no: str
    name: str
    accrued: int  # minor units accrued for the months
    collected: int  # minor units set against those months up to the date asked


def collection_by_employer(ctx: BranchContext, actor: Actor, first: YearMonth, last: YearMonth,
                           as_of: dt.date) -> list[EmployerCollection]:
    """Per employer: what was accrued for the months ``first``..``last`` and what receipts dated up
    to ``as_of`` set against them (voids and bounces count negative), by file number. Summed, named
    and sorted by the database in one statement (100,000 employers come back as plain rows)."""
    require(actor, "revenue.view")
    acc = select(Accrual.employer_id.label("employer_id"), Accrual.amount.label("accrued"),
                 literal(0).label("collected")).where(_in_months(Accrual.year, Accrual.month, first, last))
    col = select(Allocation.employer_id, literal(0), Allocation.amount).where(
        _in_months(Allocation.year, Allocation.month, first, last), Allocation.allocation_date <= as_of)
    both = union_all(acc, col).subquery()
    sums = select(both.c.employer_id, func.sum(both.c.accrued).label("accrued"),
                  func.sum(both.c.collected).label("collected")).group_by(both.c.employer_id).subquery()
    query = (select(sums.c.employer_id, Employer.file_no, Employer.name, sums.c.accrued, sums.c.collected)
             .join(Employer, Employer.id == sums.c.employer_id).order_by(Employer.file_no))
    with ctx.db.read() as s:
        rows = s.connection().execute(query).all()  # core rows: no ORM loading per row
    return [EmployerCollection(int(i), f, n, int(a or 0), int(c or 0)) for i, f, n, a, c in rows]


def collection_totals(ctx: BranchContext, actor: Actor, first: YearMonth, last: YearMonth, as_of: dt.date
                      ) -> tuple[int, int]:
    """What :func:`collection_by_employer` adds up to: (accrued, collected up to ``as_of``) for the
    months, summed by the database."""
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        accrued = s.scalar(select(func.sum(Accrual.amount)).where(_in_months(Accrual.year, Accrual.month, first, last)))
        collected = s.scalar(select(func.sum(Allocation.amount)).where(
            _in_months(Allocation.year, Allocation.month, first, last), Allocation.allocation_date <= as_of))
    return int(accrued or 0), int(collected or 0)


def collection_by_month(ctx: BranchContext, actor: Actor, first: YearMonth, last: YearMonth
                        ) -> dict[YearMonth, tuple[int, int]]:
    """(accrued, collected so far) for each month ``first``..``last`` (months with neither left out),
    read from the month totals the database keeps (``revenue_month_totals``)."""
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        rows = s.execute(select(MonthTotal.year, MonthTotal.month, MonthTotal.accrued, MonthTotal.allocated)
                         .where(_in_months(MonthTotal.year, MonthTotal.month, first, last))
                         .order_by(MonthTotal.year, MonthTotal.month)).all()
    return {YearMonth(y, m): (int(a), int(c)) for y, m, a, c in rows if a or c}


def recount_by_month(s: Session, first: YearMonth, last: YearMonth) -> dict[YearMonth, tuple[int, int]]:
    """(accrued, allocated) per month from the rows themselves (what the month totals must equal)."""
    accrued = {(y, m): int(v) for y, m, v in s.execute(
        select(Accrual.year, Accrual.month, func.sum(Accrual.amount))
        .where(_in_months(Accrual.year, Accrual.month, first, last)).group_by(Accrual.year, Accrual.month))}
    collected = {(y, m): int(v) for y, m, v in s.execute(
        select(Allocation.year, Allocation.month, func.sum(Allocation.amount))
        .where(_in_months(Allocation.year, Allocation.month, first, last)).group_by(Allocation.year, Allocation.month))}
    out = {YearMonth(y, m): (accrued.get((y, m), 0), collected.get((y, m), 0))
           for y, m in sorted(set(accrued) | set(collected))}
    return {k: v for k, v in out.items() if v[0] or v[1]}


def receipts_by_day(ctx: BranchContext, actor: Actor, start: dt.date, end: dt.date) -> list[tuple[dt.date, int, int]]:
    """(day, receipts, amount) of valid payments taken ``start``..``end``, by day."""
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        rows = s.execute(
            select(Receipt.receipt_date, func.count(), func.sum(Receipt.amount))
            .where(Receipt.kind == ReceiptKind.PAYMENT, Receipt.status == ReceiptStatus.VALID, Receipt.receipt_date.between(start, end))
            .group_by(Receipt.receipt_date).order_by(Receipt.receipt_date))
        return [(d, int(n), int(a)) for d, n, a in rows]


# -- the three-way check's reading of one month ---------------------------------------------------


class EmployerMonth(NamedTuple):  # a tuple: built 100,000 times a month
    employer_id: int
    file_no: str
    name: str
    national_id: str
    earnings: int  # declared earnings of the month's latest declaration (minor units)
    insured: int
    accrued: int
    # (receipt id, the part of the receipt that belongs to the month: allocated, or an excess named
    # for it; of which a statement line is matched to the entry that debits the bank (a cheque's
    # clearing, none before it clears): ``employer_months``' ``matched``, 0 without it), by id.
    # What each receipt is (number, date, method): ``receipt_details``, asked for when shown.
    receipts: tuple[tuple[int, int, int], ...]


def month_rate(ctx: BranchContext, ym: YearMonth) -> tuple[Decimal, int]:
    """(employee + employer rate, number of components) in force for the month's premiums."""
    day = month_reference_day(ctx.pack, ym)
    ee, er = total_rates(ctx.pack, day)
    return ee + er, len(component_rates(ctx.pack, day))


# bank entry id -> its matched debit (a column); a module's function: the statements are compiled once per one
Matched = Callable[[ColumnElement[Any]], ColumnElement[Any]]


def employer_months(ctx: BranchContext, actor: Actor, ym: YearMonth, employer_id: int | None = None,
                    matched: Matched | None = None) -> list[EmployerMonth]:
    """Every employer with an accrual, an allocation or a receipt named for ``ym``: its declared
    earnings, accrual, and the receipts that pay for the month (valid payments only, bounced
    cheques left out), as plain ids and amounts (100,000 employers: no object per receipt).
    ``matched`` (banking's ``matched_debit_of``) reads, in the same statement, what of each
    receipt's bank entry a statement line is matched to: the receipts' third field (at most the
    receipt's part of the month), else 0."""
    require(actor, "revenue.view")
    legs, shares, named = _month_statements(employer_id is not None, matched)
    values = {"y": ym.year, "m": ym.month, "e": employer_id}
    with ctx.db.read() as session:
        known = legs.rows(session, **values)  # the driver's tuples: no row object per employer
        # each counted receipt's allocations to the month (summed by the database), by receipt id
        got: list[tuple[int, int, int, int]] = shares.rows(session, **values)
        extra = named.rows(session, **values)
        if extra:  # a payment named for the month: what it did not allocate belongs to the month too
            found = {rid: [e, amount, banked] for rid, e, amount, banked in got}
            allocated = dict(session.execute(select(Allocation.receipt_id, func.sum(Allocation.amount)).where(
                Allocation.receipt_id.in_([r for r, *_rest in extra]), Allocation.kind == "payment")
                .group_by(Allocation.receipt_id)).all())
            for rid, amount, e, banked in extra:
                excess = int(amount) - int(allocated.get(rid) or 0)
                if excess > 0:
                    found.setdefault(rid, [e, 0, banked])[1] += excess
            got = [(rid, e, amount, banked) for rid, (e, amount, banked) in sorted(found.items())]
        receipts: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        for rid, e, amount, banked in got:
            if amount:
                receipts[e].append((rid, amount, banked if banked < amount else amount))
        others = _employers(session, set(receipts).difference(map(itemgetter(0), known)))  # receipts alone
    empty: tuple[tuple[int, int, int], ...] = ()
    get = receipts.get
    # the database gave integers (bigint, 0 for none): no conversion per row
    out = [EmployerMonth(e, f, n, nid, w, i, a, tuple(get(e, empty))) for e, f, n, nid, a, w, i in known]
    out += [EmployerMonth(e, f, n, nid, 0, 0, 0, tuple(receipts[e])) for e, (f, n, nid) in others.items()]
    out.sort(key=itemgetter(1))  # by file no
    return out


_STATEMENTS: dict[tuple[bool, Matched | None], tuple[Prepared, Prepared, Prepared]] = {}


def _month_statements(one: bool, matched: Matched | None) -> tuple[Prepared, Prepared, Prepared]:
    """employer_months' three reads (compiled once each): the legs, the allocated receipts, the
    receipts named for the month; ``one``: of the employer ``e`` only."""
    key = (one, matched)
    if key in _STATEMENTS:
        return _STATEMENTS[key]
    y, m = bindparam("y", type_=Integer), bindparam("m", type_=Integer)

    def only(column: Any) -> ColumnElement[bool]:
        return column == bindparam("e") if one else true()

    # accrual, latest declaration and names of every employer that has either: the two legs as one
    # list grouped by employer (each read from its covering month index), then the names by key
    none = cast(null(), BigInteger)
    x = aliased(Declaration)  # the latest: none later in the month (a seek in the month's own index)
    latest = ~select(x.id).where(x.year == y, x.month == m, x.employer_id == Declaration.employer_id,
                                 x.seq > Declaration.seq).exists()
    both = union_all(
        select(Accrual.employer_id.label("e"), Accrual.amount.label("accrued"), none.label("wage"), none.label("n"))
        .where(Accrual.year == y, Accrual.month == m, only(Accrual.employer_id)),
        select(Declaration.employer_id, none, Declaration.total_wage, Declaration.insured_count)
        .where(Declaration.year == y, Declaration.month == m, latest,
               only(Declaration.employer_id))).subquery()
    by = select(both.c.e, *(cast(func.coalesce(f(c), 0), BigInteger).label(c.name) for f, c in (
        (func.sum, both.c.accrued), (func.max, both.c.wage), (func.max, both.c.n)))).group_by(both.c.e).subquery()
    legs = select(Employer.id, Employer.file_no, Employer.name, Employer.national_id, by.c.accrued, by.c.wage,
                  by.c.n).join_from(by, Employer, Employer.id == by.c.e)
    # a void's negative allocations are not a payment of the month: the voided receipt is left out whole
    counted = and_(Receipt.kind == bindparam("payment", ReceiptKind.PAYMENT.value),
                   Receipt.status == bindparam("valid", ReceiptStatus.VALID.value),
                   or_(Receipt.cheque_status.is_(None),
                       Receipt.cheque_status != bindparam("bounced", ChequeStatus.BOUNCED.value)))
    entry = case((Receipt.method == bindparam("cheque", "cheque"), Receipt.clear_entry_id), else_=Receipt.entry_id)
    bank = cast(func.coalesce(matched(entry), 0), BigInteger) if matched is not None else literal(0, BigInteger)
    shares = (select(Receipt.id, Receipt.employer_id, cast(func.sum(Allocation.amount), BigInteger), bank)
              .join(Receipt, Receipt.id == Allocation.receipt_id)
              .where(Allocation.year == y, Allocation.month == m, only(Allocation.employer_id), counted)
              .group_by(Receipt.id).order_by(Receipt.id))  # the receipt's other columns depend on its key
    named = select(Receipt.id, Receipt.amount, Receipt.employer_id, bank).where(
        Receipt.target_year == y, Receipt.target_month == m, only(Receipt.employer_id), counted)
    found = _STATEMENTS[key] = (Prepared(legs), Prepared(shares), Prepared(named))
    return found


ReceiptDetails = Callable[[Sequence[int]], Mapping[int, tuple[str, dt.date, str]]]  # receipt_details, bound


def receipt_details(ctx: BranchContext, actor: Actor, ids: Sequence[int]) -> dict[int, tuple[str, dt.date, str]]:
    """receipt id -> (number, date, method): what a drill-down shows of the receipts behind a month."""
    require(actor, "revenue.view")
    wanted = sorted(set(ids))
    out: dict[int, tuple[str, dt.date, str]] = {}
    with ctx.db.read() as s:
        for i in range(0, len(wanted), 900):
            for rid, year, number, day, method in s.connection().execute(
                    select(Receipt.id, Receipt.fiscal_year, Receipt.number, Receipt.receipt_date, Receipt.method)
                    .where(Receipt.id.in_(wanted[i:i + 900]))):
                out[rid] = (receipt_number(year, number).canonical, day, method)
    return out


def employer_keys(ctx: BranchContext, actor: Actor, words: Collection[str] | None = None
                  ) -> list[tuple[int, str, str]]:
    """(id, file no, national id) of every employer, by id: for naming who a bank line comes from.
    ``words`` (upper case): only the employers whose file no or national id, upper-cased, is one
    of them (a file no is stored upper-cased: ``rules.normalise_file_no``)."""
    require(actor, "revenue.view")
    query = select(Employer.id, Employer.file_no, Employer.national_id).order_by(Employer.id)
    if words is not None:
        if not words:
            return []
        listed = sorted(words)
        query = query.where(or_(Employer.file_no.in_(listed), func.upper(Employer.file_no).in_(listed),
                                func.upper(Employer.national_id).in_(listed)))
    with ctx.db.read() as s:
        return [(i, f, n) for i, f, n in s.connection().execute(query).all()]


def employer_names(ctx: BranchContext, actor: Actor, ids: Sequence[int]) -> dict[int, tuple[str, str, str]]:
    """id -> (file no, name, national id)."""
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        return _employers(s, set(ids))


def _employers(s: object, ids: set[int]) -> dict[int, tuple[str, str, str]]:
    out: dict[int, tuple[str, str, str]] = {}
    if len(ids) > _SCAN_ABOVE:  # most of the branch: one pass over the files beats a look-up each
        for e, f, n, nid in s.connection().execute(  # type: ignore[attr-defined]
                select(Employer.id, Employer.file_no, Employer.name, Employer.national_id)).all():
            if e in ids:
                out[e] = (f, n, nid)
        return out
    listed = sorted(ids)
    for i in range(0, len(listed), 900):
        for e, f, n, nid in s.execute(  # type: ignore[attr-defined]
                select(Employer.id, Employer.file_no, Employer.name, Employer.national_id)
                .where(Employer.id.in_(listed[i:i + 900]))):
            out[e] = (f, n, nid)
    return out


def _names(s: object, ids: set[int]) -> dict[int, tuple[str, str]]:
    return {k: (f, n) for k, (f, n, _nid) in _employers(s, ids).items()}


# -- debts (the execution unit) ------------------------------------------------------------------

@dataclass(frozen=True)
class MonthDelta:
    """What changed for one employer's month since a watermark (minor units)."""

    employer_id: int
    year: int
    month: int
    accrued: int
    allocated: int
    due_date: dt.date | None  # the earliest due date among the new accruals


def watermarks(s: Session) -> tuple[int, int]:
    """The highest accrual and allocation ids."""
    return reads.watermarks(flushed_cursor(s))


def month_deltas(s: Session, accrual_after: int, allocation_after: int, accrual_to: int,
                 allocation_to: int) -> list[MonthDelta]:
    """Accrued and allocated per employer and month for ids in (after, to]."""
    accrued: dict[tuple[int, int, int], tuple[int, dt.date | None]] = {}
    allocated: dict[tuple[int, int, int], int] = {}
    acc = (select(Accrual.employer_id, Accrual.year, Accrual.month, func.sum(Accrual.amount), func.min(Accrual.due_date))
           .where(Accrual.id > accrual_after, Accrual.id <= accrual_to)
           .group_by(Accrual.employer_id, Accrual.year, Accrual.month))
    for emp, year, month, amount, due in s.execute(acc):
        accrued[(emp, year, month)] = (int(amount or 0), due)
    alloc = (select(Allocation.employer_id, Allocation.year, Allocation.month, func.sum(Allocation.amount))
             .where(Allocation.id > allocation_after, Allocation.id <= allocation_to)
             .group_by(Allocation.employer_id, Allocation.year, Allocation.month))
    for emp, year, month, amount in s.execute(alloc):
        allocated[(emp, year, month)] = int(amount or 0)
    return [MonthDelta(employer_id=k[0], year=k[1], month=k[2], accrued=accrued.get(k, (0, None))[0],
                       allocated=allocated.get(k, 0), due_date=accrued.get(k, (0, None))[1])
            for k in sorted(accrued.keys() | allocated.keys())]


def touched_employers(accrual_after: int, allocation_after: int, accrual_to: int, allocation_to: int
                      ) -> CompoundSelect[Any]:
    """SQL: the employers with an accrual or an allocation of id in (after, to] (a subquery, so a
    reader keeps no list of them)."""
    return union_all(
        select(Accrual.employer_id).where(Accrual.id > accrual_after, Accrual.id <= accrual_to),
        select(Allocation.employer_id).where(Allocation.id > allocation_after, Allocation.id <= allocation_to))


# Read on every payment at the counter (the late charges accrued to its day): compiled once
# (storage.Prepared).
_PAYMENTS = Prepared(select(Allocation.year, Allocation.month, Allocation.allocation_date, Allocation.amount)
                     .where(Allocation.employer_id == bindparam("employer_id"))
                     .order_by(Allocation.allocation_date, Allocation.id))
_CHARGE_PAYMENT_DAYS = Prepared(
    select(ChargeAllocation.year, ChargeAllocation.month, ChargeAllocation.allocation_date, ChargeAllocation.amount)
    .where(ChargeAllocation.employer_id == bindparam("employer_id"))
    .order_by(ChargeAllocation.allocation_date, ChargeAllocation.id))
_ACCRUED_MONTHS = Prepared(
    select(Accrual.year, Accrual.month, func.min(Accrual.due_date), func.sum(Accrual.amount))
    .where(Accrual.employer_id == bindparam("employer_id")).group_by(Accrual.year, Accrual.month)
    .order_by(Accrual.year, Accrual.month))
_EMPLOYER_REF = Prepared(select(Employer.id, Employer.file_no, Employer.name)
                         .where(Employer.id == bindparam("employer_id")))


def payments(s: Session, employer_id: int) -> list[tuple[int, int, dt.date, int]]:
    """Every allocation of an employer: (year, month, date, amount); voids and bounces negative."""
    return [(y, m, d, int(a)) for y, m, d, a in _PAYMENTS.rows(s, employer_id=employer_id)]


def charge_payments(s: Session, employer_id: int) -> dict[tuple[int, int], int]:
    """What counter receipts paid of an employer's accrued late-payment charges, per month (voids
    and bounces net): the charges part of each receipt (``revenue_charge_allocations``)."""
    from branch_desktop.revenue.services.common import charges_paid

    return charges_paid(s, employer_id)


def charge_payment_days(s: Session, employer_id: int) -> list[tuple[int, int, dt.date, int]]:
    """Every charges part of an employer's receipts: (year, month, date, amount); voids and bounces
    negative (``revenue_charge_allocations``, as :func:`payments` for the premiums)."""
    return [(y, m, d, int(a)) for y, m, d, a in _CHARGE_PAYMENT_DAYS.rows(s, employer_id=employer_id)]


def charges_paid_total() -> Select[Any]:
    """SQL: what every receipt paid of the late-payment charges, voids and bounces net (minor units)."""
    return select(func.coalesce(func.sum(ChargeAllocation.amount), 0))


def accrued_months(s: Session, employer_id: int) -> list[tuple[int, int, dt.date, int]]:
    """An employer's months with what was accrued: (year, month, due date, amount)."""
    return [(y, m, d, int(a or 0)) for y, m, d, a in _ACCRUED_MONTHS.rows(s, employer_id=employer_id)]


def collected_after(s: Session, employer_id: int, months: Iterable[tuple[int, int]], after: dt.date,
                    until: dt.date) -> int:
    """What was allocated to these months of an employer on days in (after, until]."""
    wanted = set(months)
    q = (select(Allocation.year, Allocation.month, func.sum(Allocation.amount))
         .where(Allocation.employer_id == employer_id, Allocation.allocation_date > after,
                Allocation.allocation_date <= until).group_by(Allocation.year, Allocation.month))
    return sum(int(a or 0) for y, m, a in s.execute(q) if (y, m) in wanted)


def lock_employer(s: Session, employer_id: int) -> None:
    """Lock the employer's row until commit, as the counter does first (the late charges accrued
    to an employer and a payment of them are never computed from the same stale sums)."""
    s.execute(select(Employer.id).where(Employer.id == employer_id).with_for_update())


def last_payment_day(s: Session, employer_id: int, months: Iterable[tuple[int, int]], entered_by: dt.datetime
                     ) -> dt.date | None:
    """The receipt date of the last payment to these months of an employer among the receipts
    entered by ``entered_by`` (neither voided nor a bounced cheque): the day a debt paid in full
    was cleared, whenever the payment was entered."""
    wanted = set(months)
    q = (select(Allocation.year, Allocation.month, func.max(Receipt.receipt_date))
         .join(Receipt, Receipt.id == Allocation.receipt_id)
         .where(Allocation.employer_id == employer_id, Allocation.amount > 0, Receipt.created_at <= entered_by,
                Receipt.kind == ReceiptKind.PAYMENT, Receipt.status == ReceiptStatus.VALID,
                or_(Receipt.cheque_status.is_(None), Receipt.cheque_status != ChequeStatus.BOUNCED))
         .group_by(Allocation.year, Allocation.month))
    return max((day for y, m, day in s.execute(q) if (y, m) in wanted), default=None)


def employer_by_file(s: Session, file_no: str) -> EmployerRef | None:
    return reads.employer_by_file(flushed_cursor(s), file_no)


def employer_ref(s: Session, employer_id: int) -> EmployerRef | None:
    """One employer's file number and name (the counter's accrual of its charges)."""
    rows = _EMPLOYER_REF.rows(s, employer_id=employer_id)
    return EmployerRef(id=rows[0][0], file_no=rows[0][1], name=rows[0][2]) if rows else None


def employers(s: Session, ids: Iterable[int]) -> dict[int, EmployerRef]:
    return reads.employers(flushed_cursor(s), ids)


def search_employers(s: Session, text: str, limit: int = 200) -> list[int]:
    """Employer ids whose file number, name, id or business code contains ``text``."""
    q = select(Employer.id).where(Employer.search_text.contains(text.strip().lower(), autoescape=True)).limit(limit)
    return [int(r) for r in s.scalars(q)]


def month_totals(accrual_to: int, allocation_to: int) -> Select[Any]:
    """SQL: every employer's month with (employer_id, year, month, due_date, accrued, allocated) for
    ids up to the watermarks (a register's first build, in one INSERT ... SELECT)."""
    acc = select(Accrual.employer_id.label("employer_id"), Accrual.year.label("year"),
                 Accrual.month.label("month"), Accrual.due_date.label("due_date"),
                 Accrual.amount.label("accrued"), literal(0).label("allocated")).where(Accrual.id <= accrual_to)
    alloc = select(Allocation.employer_id, Allocation.year, Allocation.month, null(), literal(0),
                   Allocation.amount).where(Allocation.id <= allocation_to)
    both = union_all(acc, alloc).subquery()
    return (select(both.c.employer_id, both.c.year, both.c.month, func.min(both.c.due_date),
                   func.sum(both.c.accrued), func.sum(both.c.allocated))
            .group_by(both.c.employer_id, both.c.year, both.c.month))

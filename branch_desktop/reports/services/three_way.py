"""The three-way premium check of a month: per employer, declared earnings x the dated rate = the
accrual <-> the receipts set against the month <-> the bank statement lines matched to those
receipts; every variance classified (``rules.classify``) with the branch's totals."""

from __future__ import annotations

from collections import defaultdict

from branch_desktop.accounting.banking import queries as bank_q
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.security import Actor, require
from branch_desktop.reports import rules
from branch_desktop.reports.exceptions import UnknownEmployer
from branch_desktop.reports.types import ThreeWayReport, ThreeWayRow
from branch_desktop.revenue import queries as revenue_q

PERMISSION = "reports.branch"


def three_way(ctx: BranchContext, actor: Actor, ym: YearMonth, employer_file: str | None = None) -> ThreeWayReport:
    """The month's three-way check, for every employer or for one file."""
    require(actor, PERMISSION)
    employer_id = None
    keys = revenue_q.employer_keys(ctx, actor)
    if employer_file:
        wanted = employer_file.strip()
        employer_id = next((i for i, f, _n in keys if f == wanted), None)
        if employer_id is None:
            raise UnknownEmployer(file_no=wanted)
        keys = [k for k in keys if k[0] == employer_id]
    months = revenue_q.employer_months(ctx, actor, ym, employer_id)
    rate, components = revenue_q.month_rate(ctx, ym)
    entries = [r.bank_entry_id for m in months for r in m.receipts if r.bank_entry_id is not None]
    matched = bank_q.matched_amounts(ctx, actor, entries)
    start, end = ctx.pack.calendar.month_bounds(ym)
    credits = bank_q.unmatched_credits(ctx, actor, start, end, keys)
    if employer_id is not None:
        credits = [c for c in credits if c.employer_id == employer_id]
    by_employer: dict[int | None, list[bank_q.BankCredit]] = defaultdict(list)
    for c in credits:
        by_employer[c.employer_id].append(c)
    rows = []
    for m in months:
        receipts = tuple((r.number, r.receipt_date, r.method, r.amount,
                          min(r.amount, matched.get(r.bank_entry_id, 0)) if r.bank_entry_id else 0)
                         for r in m.receipts)
        rows.append(_row(m.employer_id, m.file_no, m.name, m.earnings, m.insured, m.accrued, receipts,
                         by_employer.pop(m.employer_id, []), rate, components))
    if by_employer:  # bank credits of employers with nothing else in the month, and unnamed ones
        names = revenue_q.employer_names(ctx, actor, [e for e in by_employer if e is not None])
        for e, lines in sorted(by_employer.items(), key=lambda kv: (kv[0] is None, names.get(kv[0] or 0, ("",))[0])):
            file_no, name, _nid = names.get(e, ("", "", "")) if e is not None else ("", "", "")
            rows.append(_row(e, file_no, name, 0, 0, 0, (), lines, rate, components))
    all_variances = [v for r in rows for v in r.variances]
    return ThreeWayReport(
        month=ym, rows=tuple(rows), totals=rules.totals_by_kind(all_variances),
        accrued=sum(r.accrued for r in rows), receipted=sum(r.receipted for r in rows),
        banked=sum(r.banked for r in rows), bank_only=sum(r.bank_only for r in rows))


def _row(employer_id: int | None, file_no: str, name: str, earnings: int, insured: int, accrued: int,
         receipts: tuple[tuple[object, ...], ...], lines: list[bank_q.BankCredit], rate: object, components: int
         ) -> ThreeWayRow:
    receipted = banked = 0
    for r in receipts:
        receipted += int(r[3])  # type: ignore[call-overload]
        banked += int(r[4])  # type: ignore[call-overload]
    bank_only = sum(c.amount for c in lines) if lines else 0
    legs = rules.Legs(earnings=earnings, rate=rate, insured=insured, components=components,  # type: ignore[arg-type]
                      accrued=accrued, receipted=receipted, banked=banked, bank_only=bank_only)
    expected = legs.expected
    return ThreeWayRow(
        employer_id=employer_id, file_no=file_no, name=name, earnings=earnings, rate=legs.rate,
        expected=expected, accrued=accrued, receipted=receipted, banked=banked, bank_only=bank_only,
        variances=tuple(rules.classify(legs, expected)), receipts=receipts,  # type: ignore[arg-type]
        bank_lines=tuple((c.booking_date, c.account_code, c.amount, c.reference or c.description) for c in lines)
        if lines else ())

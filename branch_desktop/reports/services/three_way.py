"""The three-way premium check of a month: per employer, declared earnings x the dated rate = the
accrual <-> the receipts set against the month <-> the bank statement lines matched to those
receipts; every variance classified (``rules.classify``) with the branch's totals.

A month has 100,000 employers: the legs are read as plain integers and classified without an
object per employer or receipt; what each receipt is (number, date, method) is read only when a
row's receipts are shown (``ThreeWayRow.receipts``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from functools import partial

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
    if employer_file:
        wanted = employer_file.strip()
        employer_id = next((i for i, f, _n in revenue_q.employer_keys(ctx, actor, {wanted}) if f == wanted), None)
        if employer_id is None:
            raise UnknownEmployer(file_no=wanted)
    # each receipt's matched bank amount is read in the statement that reads the receipts
    months = revenue_q.employer_months(ctx, actor, ym, employer_id, bank_q.matched_debit_of(actor))
    rate, components = revenue_q.month_rate(ctx, ym)
    start, end = ctx.pack.calendar.month_bounds(ym)
    # the employers' keys name a bank line's payer: read only when the month has such lines, and
    # only those of the employers the lines' words can name
    credits = bank_q.unmatched_credits(ctx, actor, start, end,
                                       lambda words: revenue_q.employer_keys(ctx, actor, words))
    if employer_id is not None:
        credits = [c for c in credits if c.employer_id == employer_id]
    by_employer: dict[int | None, list[bank_q.BankCredit]] = defaultdict(list)
    for c in credits:
        by_employer[c.employer_id].append(c)
    details = partial(revenue_q.receipt_details, ctx, actor)
    legs = _Legs(rate, components, details)
    add, pop, none = legs.add, by_employer.pop, ()
    for eid, file_no, name, _nid, earnings, insured, accrued, receipts in months:
        add(eid, file_no, name, earnings, insured, accrued, receipts, pop(eid, none) if by_employer else none)
    if by_employer:  # bank credits of employers with nothing else in the month, and unnamed ones
        names = revenue_q.employer_names(ctx, actor, [e for e in by_employer if e is not None])
        for e, lines in sorted(by_employer.items(), key=lambda kv: (kv[0] is None, names.get(kv[0] or 0, ("",))[0])):
            file_no, name, _nid = names.get(e, ("", "", "")) if e is not None else ("", "", "")
            legs.add(e, file_no, name, 0, 0, 0, (), lines)
    accrued, receipted, banked, bank_only = legs.totals
    return ThreeWayReport(
        month=ym, rows=tuple(legs.rows), totals=rules.totals_by_kind(v for r in legs.found for v in r.variances),
        accrued=accrued, receipted=receipted, banked=banked, bank_only=bank_only)


class _Legs:
    """The report's rows, each employer's legs classified as plain integers."""

    def __init__(self, rate: Decimal, components: int, details: revenue_q.ReceiptDetails) -> None:
        self.rate, self.components, self.details = rate, components, details
        self.numerator, self.denominator = rate.as_integer_ratio()
        self.rows: list[ThreeWayRow] = []
        self.found: list[ThreeWayRow] = []  # the rows with variances
        self.totals = [0, 0, 0, 0]  # accrued, receipted, banked, bank only

    def add(self, employer_id: int | None, file_no: str, name: str, earnings: int, insured: int, accrued: int,
            shares: tuple[tuple[int, int, int], ...], lines: Sequence[bank_q.BankCredit]) -> None:
        receipted = banked = 0
        for _rid, amount, in_bank in shares:
            receipted += amount
            banked += in_bank
        bank_only = sum(c.amount for c in lines) if lines else 0
        expected = rules.expected_amount(earnings, self.numerator, self.denominator)
        variances = rules.classify_values(earnings, insured, self.components, accrued, receipted, banked, bank_only,
                                          expected)
        row = ThreeWayRow(
            employer_id=employer_id, file_no=file_no, name=name, earnings=earnings, rate=self.rate,
            expected=expected, accrued=accrued, receipted=receipted, banked=banked, bank_only=bank_only,
            variances=tuple(variances) if variances else (), shares=shares, details=self.details if shares else None,
            bank_lines=tuple((c.booking_date, c.account_code, c.amount, c.reference or c.description) for c in lines)
            if lines else ())
        self.rows.append(row)
        if variances:
            self.found.append(row)
        totals = self.totals
        totals[0] += accrued
        totals[1] += receipted
        totals[2] += banked
        totals[3] += bank_only

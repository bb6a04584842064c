"""Late charges from JSON and to JSON: the ``charge compute`` contract (issue 15).

Input: ``{"until": "YYYY-MM-DD", "debts": [{"month": "YYYY-MM", "principal": "10000.00", "paid":
[{"date": "YYYY-MM-DD", "amount": "..."}], "order": "YYYY-MM-DD" (optional)}]}``; dates and months
in the pack's calendar. Output: ``{"total": ..., "debts": [{"month", "due", "principal", "paid",
"penalty", "interest", "waived", "outstanding", "trace"}]}`` with amounts as decimal strings.
The register, the notices and the counter read the same :func:`charges_json`.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from branch_desktop.core.calendar import Calendar
from branch_desktop.core.errors import DomainError
from branch_desktop.core.packs import Pack
from branch_desktop.core.trace import DateText, plain
from branch_desktop.execution.exceptions import ChargeInputError
from branch_desktop.execution.rules.charges import ZERO, Charge, Debt, Payment, compute

MAX_DIGITS = 15
MAX_DEBTS = 1200
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_case(pack: Pack, data: Any) -> tuple[dt.date, list[Debt]]:
    """The ``until`` date and the debts of one input object; :class:`ChargeInputError` otherwise."""
    if not isinstance(data, dict):
        raise ChargeInputError("The input must be one JSON object.")
    cal = pack.calendar
    until = _day(cal, data.get("until"), "until")
    debts = data.get("debts")
    if not isinstance(debts, list) or not debts or len(debts) > MAX_DEBTS or not all(isinstance(d, dict)
                                                                                     for d in debts):
        raise ChargeInputError("'{field}' must be a non-empty list of objects.", field="debts")
    out = []
    for d in debts:
        month = str(d.get("month", ""))
        try:
            ym = cal.parse_year_month(month)
        except DomainError:
            raise ChargeInputError("A debt's month is written YYYY-MM, not '{value}'.", field="month",
                                   value=month) from None
        payments, charge_payments = _payments(cal, d, "paid"), _payments(cal, d, "charges_paid")
        order = None if d.get("order") is None else _day(cal, d.get("order"), "order")
        out.append(Debt(ym, _amount(d.get("principal"), "principal"), payments, order,
                        sum((p.amount for p in charge_payments), ZERO), charge_payments))
    return until, out


def charges_json(pack: Pack, charges: list[Charge]) -> dict[str, Any]:
    """The output object of ``charge compute`` (dates in the pack's calendar)."""
    dates = date_text(pack.calendar)
    debts = [{**plain({"month": str(c.month), "due": c.due, "principal": c.principal, "paid": c.paid,
                       "unpaid": c.unpaid, "penalty": c.penalty, "interest": c.interest, "waived": c.waived,
                       "charges_paid": c.charges_paid, "outstanding": c.outstanding}, dates), "trace": c.trace.as_list(dates)} for c in charges]
    total = sum((c.outstanding for c in charges), ZERO)
    charges_total = sum((c.charges for c in charges), ZERO)
    paid_total = sum((c.charges_paid for c in charges), ZERO)
    return {"total": str(total), "charges": str(charges_total), "charges_paid": str(paid_total), "debts": debts}


def compute_case(pack: Pack, data: Any) -> dict[str, Any]:
    until, debts = parse_case(pack, data)
    return charges_json(pack, [compute(pack, d, until) for d in debts])


def _payments(cal: Calendar, debt: dict[str, Any], key: str) -> tuple[Payment, ...]:
    """A debt's dated payments under ``key`` (``paid``: of the principal; ``charges_paid``: of its
    charges, the charges part of the receipts)."""
    paid = debt.get(key, [])
    if not isinstance(paid, list) or not all(isinstance(p, dict) for p in paid):
        raise ChargeInputError("'{field}' must be a list of objects.", field=key)
    return tuple(Payment(_day(cal, p.get("date"), key), _amount(p.get("amount"), key, positive=True)) for p in paid)


def date_text(cal: Calendar) -> DateText:
    """Dates of the output in the pack's calendar, written YYYY-MM-DD."""
    return lambda day: cal.format(day).replace("/", "-")


def _day(cal: Calendar, value: Any, key: str) -> dt.date:
    text = str(value)
    m = _DAY.fullmatch(text)
    try:
        if m is None:
            raise ValueError(text)
        return cal.to_gregorian(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except (ValueError, DomainError):
        raise ChargeInputError("'{field}' must be a date written YYYY-MM-DD, not '{value}'.", field=key,
                               value=text) from None


def _amount(value: Any, key: str, *, positive: bool = False) -> Decimal:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        amount = Decimal("NaN")
    if (isinstance(value, float) or not amount.is_finite() or amount < 0 or (positive and amount == 0)
            or amount.adjusted() >= MAX_DIGITS):
        raise ChargeInputError("'{field}' must be a decimal number such as 1234.50, not '{value}'.", field=key,
                               value=str(value))
    return amount

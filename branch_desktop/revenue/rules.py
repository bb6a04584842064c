"""Pure revenue computations from the pack's dated data: premium components and their split,
earnings floor and ceiling, the length of a declared month, due dates, declaration-line checks.

Nothing here touches the database or Qt. Rates come from ``tables/premium_components.csv`` of
the pack (which parameter holds each share and which account role receives it), so a law that
changes a rate is a new dated row, not a code change.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.errors import DomainError, ValidationError
from branch_desktop.core.i18n import N_, gettext
from branch_desktop.core.ids import clean_employer_id, clean_iban, clean_person_id, compact
from branch_desktop.core.money import DIGITS_TO_ASCII, parse_plain_amount
from branch_desktop.core.packs import Pack
from branch_desktop.core.premiums import DAYS_IN_PREMIUM_MONTH as DAYS_IN_PREMIUM_MONTH
from branch_desktop.core.premiums import (
    EMPTY_SPLIT,
    PremiumSplit,
    component_rates,
    premium_day,
    premium_for_wage,
)
from branch_desktop.core.premiums import ComponentAmount as ComponentAmount
from branch_desktop.core.premiums import ComponentRate as ComponentRate
from branch_desktop.core.premiums import wage_limits as wage_limits
from branch_desktop.core.texts import format_message, format_param
from branch_desktop.revenue.exceptions import EmployerInputError, PaymentInputError
from branch_desktop.revenue.states import DoubtKind, EmployerStatus, PaymentOrder
from branch_desktop.revenue.types import STANDARD_RATE, EmployerInput, Method, PaymentInput


def total_rates(pack: Pack, on: dt.date) -> tuple[Decimal, Decimal]:
    """(employee rate, employer rate) summed over the components."""
    rates = component_rates(pack, on)
    return sum((r.employee_rate for r in rates), Decimal(0)), sum((r.employer_rate for r in rates), Decimal(0))


# -- limits -----------------------------------------------------------------------------------


def month_reference_day(pack: Pack, ym: YearMonth) -> dt.date:
    """The day whose dated data apply to a declared month: the pack's premium rule
    (``[rules.premium] date``; the month's last day), shared with payroll."""
    return premium_day(pack, ym)


def max_days(pack: Pack, ym: YearMonth) -> int:
    """Most days a worker can be declared for in a month: the pack's fixed count (SGK: 30) or
    the calendar month's length (Jalali: 31, 30 or 29)."""
    fixed = int(pack.param("declaration.month_days", month_reference_day(pack, ym)))
    return fixed or pack.calendar.month_length(ym)


def due_date(pack: Pack, ym: YearMonth) -> dt.date:
    """When the premium of month ``ym`` must be paid: the end of the month
    ``premium.due_months_after`` months later (SGK: 5510 art. 88, the end of the next month; SSO:
    the end of the next month)."""
    cal = pack.calendar
    target = ym
    for _ in range(int(pack.param("premium.due_months_after", month_reference_day(pack, ym)))):
        target = target.next()
    return cal.month_bounds(target)[1]


def declaration_deadline(pack: Pack, ym: YearMonth, *, public: bool = False) -> dt.date | None:
    """The last day to send the declaration of month ``ym``: day N of the next month
    (``declaration.deadline_day``, or ``declaration.deadline_day.public`` for a public employer),
    dated data of its year; None when the pack has no such deadline (the payment date rules)."""
    name = "declaration.deadline_day.public" if public else "declaration.deadline_day"
    on = month_reference_day(pack, ym)
    if name not in pack.parameter_names() or pack.param_row(name, on) is None:
        return None
    nxt = ym.next()
    day = min(int(pack.param(name, on)), pack.calendar.month_length(nxt))
    return pack.calendar.to_gregorian(nxt.year, nxt.month, day)


def bounced_cheque_charge(pack: Pack, on: dt.date) -> int:
    if "cheque.bounced_charge" not in pack.parameter_names():
        return 0
    return pack.currency.to_minor(pack.param("cheque.bounced_charge", on))


def missing_day_codes(pack: Pack, on: dt.date) -> dict[str, str]:
    """Missing-day reason codes (SGK eksik gün nedeni), empty for packs without them."""
    if "missing_day_codes" not in pack.table_names():
        return {}
    return {r["code"]: r["name"] for r in pack.table("missing_day_codes", on)}


# -- declaration lines ------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """A problem with one row of a declaration: the row number (as the user sees it), the
    column, and a translatable message."""

    row: int
    column: str
    template: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return format_message(self.template, self.params)

    def __str__(self) -> str:
        # the row number in the language's digits (never "Row 1" in a Persian message)
        return gettext("Row {row}: {message}").format(row=format_param(self.row), message=self.message)


@dataclass(frozen=True)
class RawLine:
    """A declaration row as typed or read from a file (strings, not yet checked)."""

    row: int
    national_id: str
    name: str
    days: str
    wage: str
    missing_code: str = ""


@dataclass(frozen=True)
class CheckedLine:
    row: int
    national_id: str
    name: str
    days: int
    wage: int  # minor units
    missing_code: str
    premium: PremiumSplit


def check_lines(pack: Pack, ym: YearMonth, lines: Iterable[RawLine]) -> tuple[list[CheckedLine], list[RowError]]:
    """Check every row of a declaration; returns the good lines and every row's problems."""
    good: list[CheckedLine] = []
    errors: list[RowError] = []
    on = month_reference_day(pack, ym)
    longest = max_days(pack, ym)
    codes = missing_day_codes(pack, on)
    needs_code = bool(codes)
    seen: dict[str, int] = {}
    rates = component_rates(pack, on)
    limits: dict[int, tuple[int, int]] = {}
    for raw in lines:
        row_errors: list[RowError] = []

        def bad(column: str, template: str, raw: RawLine = raw, row_errors: list[RowError] = row_errors,
                **params: Any) -> None:
            row_errors.append(RowError(raw.row, column, template, params))

        try:
            nid = clean_person_id(pack.code, raw.national_id)
        except DomainError as exc:
            nid = ""
            bad("national_id", exc.template, **exc.params)
        if nid:
            if nid in seen:
                bad("national_id", "The worker {id} is already declared on row {first}.", id=nid, first=seen[nid])
            else:
                seen[nid] = raw.row
        if not raw.name.strip():
            bad("name", "The worker's name is missing.")
        days = -1
        text = raw.days.strip().translate(_DIGITS)
        if not text.isdigit():
            bad("days", "Days worked must be a whole number; '{text}' is not.", text=raw.days)
        else:
            days = int(text)
            if days < 1:
                bad("days", "Days worked must be at least 1.")
            elif days > longest:
                bad("days", "{days} days is more than the month's {longest} days.", days=days, longest=longest)
        wage = -1
        try:
            wage = pack.currency.to_minor(parse_plain_amount(raw.wage, group_mark=","))
            if wage <= 0:
                bad("wage", "The wage must be more than zero.")
        except ValidationError as exc:
            bad("wage", exc.template, **exc.params)
            wage = -1
        if days >= 1 and days <= longest and wage > 0:
            if days not in limits:
                limits[days] = wage_limits(pack, ym, days)
            floor, ceiling = limits[days]
            cur = pack.currency
            if wage < floor:
                bad("wage", "The wage {wage} is below the minimum {floor} for {days} days.",
                    wage=cur.plain(wage), floor=cur.plain(floor), days=days)
            elif wage > ceiling:
                bad("wage", "The wage {wage} is above the ceiling {ceiling} for {days} days.",
                    wage=cur.plain(wage), ceiling=cur.plain(ceiling), days=days)
        code = raw.missing_code.strip()
        if needs_code and days >= 1:
            if days < longest and not code:
                bad("missing_code", "Fewer than {longest} days: give the missing-day code.", longest=longest)
            elif days >= longest and code:
                bad("missing_code", "A full month has no missing-day code.")
            elif code and code.zfill(2) not in codes:
                bad("missing_code", "'{code}' is not a missing-day code.", code=code)
            if code:
                code = code.zfill(2)
        elif code and not needs_code:
            bad("missing_code", "This pack has no missing-day codes.")
        if row_errors:
            errors.extend(row_errors)
            continue
        good.append(CheckedLine(raw.row, nid, raw.name.strip(), days, wage, code, premium_for_wage(pack, wage, on, rates)))
    return good, errors


_DIGITS = str.maketrans({**{chr(0x06F0 + i): str(i) for i in range(10)}, **{chr(0x0660 + i): str(i) for i in range(10)}})


def split_of(lines: Iterable[CheckedLine]) -> PremiumSplit:
    total = EMPTY_SPLIT
    for line in lines:
        total = total + line.premium
    return total


# -- allocation -------------------------------------------------------------------------------


def allocate(amount: int, open_months: list[tuple[YearMonth, int]], chosen: YearMonth | None = None
             ) -> list[tuple[YearMonth, int]]:
    """Share a payment among open months: the chosen month first (if any), then the oldest.

    ``open_months`` are (month, open amount > 0). What is left over stays unallocated (a credit
    on the employer's account)."""
    order = sorted(open_months)
    if chosen is not None:
        order = [m for m in order if m[0] == chosen] + [m for m in order if m[0] != chosen]
    out = []
    left = amount
    for ym, open_amount in order:
        if left <= 0:
            break
        if open_amount <= 0:
            continue
        take = min(left, open_amount)
        out.append((ym, take))
        left -= take
    return out


PAYMENT_ORDER = "revenue.payment.order"
_ORDER_CODES = {1: PaymentOrder.PRINCIPAL_FIRST, 2: PaymentOrder.CHARGES_FIRST, 3: PaymentOrder.PROPORTIONAL}


def payment_order(pack: Pack, day: dt.date) -> PaymentOrder:
    """The pack's order of a counter payment on ``day`` (principal first when the pack says nothing)."""
    row = pack.param_row(PAYMENT_ORDER, day)
    return _ORDER_CODES.get(int(row.value), PaymentOrder.PRINCIPAL_FIRST) if row else PaymentOrder.PRINCIPAL_FIRST


def split_payment(amount: int, open_months: list[tuple[YearMonth, int]], open_charges: list[tuple[YearMonth, int]],
                  order: PaymentOrder, chosen: YearMonth | None = None
                  ) -> tuple[list[tuple[YearMonth, int]], list[tuple[YearMonth, int]]]:
    """Share a payment (minor units) between the premium months and the accrued late-payment
    charges (each list oldest first after the chosen month, by :func:`allocate`) in the pack's
    ``order``: (premium shares, charge shares). Never more to a month than is open; what is left
    over stays unallocated (a credit).

    In the proportional order a chosen month is a designated debt (6183 art. 47): its premium and its
    own charges share the payment first, in proportion, and only what is left goes to the others; a
    month paid on time thus never lends part of its payment to another month's charges."""
    if order is PaymentOrder.PROPORTIONAL and chosen is not None:
        mine_m = [(m, v) for m, v in open_months if m == chosen]
        mine_c = [(m, v) for m, v in open_charges if m == chosen]
        if mine_m or mine_c:
            first_p, first_c = split_payment(amount, mine_m, mine_c, order)
            used = sum(v for _m, v in first_p) + sum(v for _m, v in first_c)
            rest_p, rest_c = split_payment(amount - used, [(m, v) for m, v in open_months if m != chosen],
                                           [(m, v) for m, v in open_charges if m != chosen], order)
            return first_p + rest_p, first_c + rest_c
    premium_open = sum(v for _m, v in open_months if v > 0)
    charges_open = sum(v for _m, v in open_charges if v > 0)
    if order is PaymentOrder.CHARGES_FIRST:
        to_charges = min(amount, charges_open)
    elif order is PaymentOrder.PROPORTIONAL and premium_open + charges_open > 0:
        share = (Decimal(min(amount, premium_open + charges_open)) * charges_open
                 / (premium_open + charges_open))
        to_charges = int(share.to_integral_value(rounding=ROUND_HALF_UP))
    else:
        to_charges = min(max(amount - premium_open, 0), charges_open)
    premium = allocate(amount - to_charges, open_months, chosen)
    return premium, allocate(amount - sum(v for _m, v in premium), open_charges, chosen)


# -- a second look at an implausible payment ------------------------------------------------

# Branch policy, not law: the pack's parameters ``revenue.receipt.excess_ratio`` and
# ``revenue.receipt.excess_amount`` (how far over the employer's debt a payment may go unasked)
# and ``revenue.receipt.limit.<role>`` (the most one receipt of that role takes unasked).
EXCESS_RATIO = "revenue.receipt.excess_ratio"
EXCESS_AMOUNT = "revenue.receipt.excess_amount"
ROLE_LIMIT = "revenue.receipt.limit.{role}"


@dataclass(frozen=True)
class AmountDoubt:
    """Why a payment needs its amount typed again: ``over_debt`` (by ``excess`` over ``debt``,
    beyond ``allowed``) or ``over_limit`` (over the role's ``limit`` per receipt)."""

    kind: DoubtKind
    amount: int
    debt: int = 0
    excess: int = 0
    allowed: int = 0
    limit: int = 0


def payment_doubt(pack: Pack, on: dt.date, role: str, amount: int, debt: int) -> AmountDoubt | None:
    """The reason to have a payment of ``amount`` (minor units) confirmed, or None.

    Over the debt: the excess over what the employer owes is more than both the ratio of the debt
    and the absolute margin (so a small advance on a settled account is not questioned, and a
    large debt tolerates a proportionate overpayment). Over the role's limit per receipt. A
    pack without these parameters asks nothing."""
    ratio, margin_value = _policy(pack, EXCESS_RATIO, on), _policy(pack, EXCESS_AMOUNT, on)
    excess = amount - max(debt, 0)
    if excess > 0 and ratio is not None and margin_value is not None:
        margin = pack.currency.to_minor(pack.currency.round(margin_value))
        share = int((Decimal(max(debt, 0)) * ratio).to_integral_value(rounding=ROUND_HALF_UP))
        allowed = max(margin, share)
        if excess > allowed:
            return AmountDoubt(DoubtKind.OVER_DEBT, amount, debt=debt, excess=excess, allowed=allowed)
    limit_value = _policy(pack, ROLE_LIMIT.format(role=role), on)
    if limit_value is not None:
        limit = pack.currency.to_minor(pack.currency.round(limit_value))
        if amount > limit:
            return AmountDoubt(DoubtKind.OVER_LIMIT, amount, debt=debt, limit=limit)
    return None


def _policy(pack: Pack, name: str, on: dt.date) -> Decimal | None:
    """A branch-policy parameter in force on a day; None when the pack has none (yet)."""
    history = [value for since, value in pack.param_history(name) if since <= on]
    return history[-1] if history else None


# -- employer files and payments: checks of the typed input ---------------------------------------


def normalise_file_no(text: str) -> str:
    """A file number as stored: ASCII digits, no surrounding or doubled spaces (SGK workplace
    numbers keep their dots)."""
    return " ".join(str(text).translate(DIGITS_TO_ASCII).split()).upper()


def employer_search_text(file_no: str, name: str, national_id: str, business_code: str) -> str:
    """The lower-case text search as you type looks in."""
    return " | ".join((file_no, name, national_id, business_code)).lower()


# the msgids the packs' ``[ids]`` tables name (kept here so the catalogue has them)
PACK_ID_TEXTS = (
    N_("National id"), N_("Activity code"), N_("The activity code '{code}' must be digits."),
    N_("Tax number or T.C. no."), N_("Business-line code (4 digits)"),
    N_("The business-line code (işkolu kodu) has 4 digits; '{code}' has not."),
)


def clean_business_code(pack: Pack, text: str) -> str:
    """The business-line / activity code as stored, checked against the pack's ``[ids]`` pattern."""
    business = compact(text)
    if not re.fullmatch(pack.ids.business_code, business):
        raise EmployerInputError(pack.ids.business_code_error, field="business_code", code=text)
    return business


def clean_employer(pack: Pack, data: EmployerInput, today: dt.date) -> dict[str, object]:
    """An employer file's columns from the typed input; :class:`EmployerInputError` names the
    first field that cannot be stored."""
    file_no = normalise_file_no(data.file_no)
    if not file_no:
        raise EmployerInputError("The file number is required.", field="file_no")
    name = " ".join(data.name.split())
    if not name:
        raise EmployerInputError("The employer's name is required.", field="name")
    national_id = clean_employer_id(pack.code, data.national_id)
    iban = clean_iban(data.iban, pack.country) if data.iban.strip() else ""
    business = clean_business_code(pack, data.business_code)
    phone = data.phone.strip()
    if phone and not all(c.isdigit() or c in " +-()" for c in compact(phone)):
        raise EmployerInputError("'{phone}' is not a phone number.", field="phone", phone=phone)
    if data.status not in tuple(EmployerStatus):
        raise EmployerInputError("The status must be active or closed.", field="status")
    status = EmployerStatus(data.status)
    opened = data.opened_on or today
    closed = data.closed_on
    if status is EmployerStatus.CLOSED and closed is None:
        closed = today
    if status is EmployerStatus.ACTIVE:
        closed = None
    if closed is not None and closed < opened:
        raise EmployerInputError("The file cannot close before it opened.", field="closed_on")
    return {
        "file_no": file_no, "name": name, "national_id": national_id, "address": data.address.strip(),
        "phone": phone, "iban": iban, "business_code": business, "risk_class": data.risk_class.strip(),
        "rate_class": data.rate_class.strip() or STANDARD_RATE, "status": status.value, "opened_on": opened,
        "closed_on": closed, "search_text": employer_search_text(file_no, name, national_id, business),
    }


_REFERENCE_REQUIRED = {
    Method.SLIP: N_("The slip number is required."),
    Method.TRANSFER: N_("The transfer reference is required."),
    Method.CHEQUE: N_("The cheque number is required."),
}


def check_payment(p: PaymentInput, today: dt.date) -> None:
    """Refuse a payment with a missing or impossible field (:class:`PaymentInputError`)."""
    if p.amount <= 0:
        raise PaymentInputError("The amount must be more than zero.", field="amount")
    if not compact(p.reference):
        raise PaymentInputError(_REFERENCE_REQUIRED[p.method], field="reference")
    if p.method is Method.SLIP and p.ref_date is not None and p.ref_date > (p.on or today):
        raise PaymentInputError("The slip is dated after the receipt.", field="ref_date")
    if p.method is Method.CHEQUE:
        if not p.bank.strip():
            raise PaymentInputError("The bank of the cheque is required.", field="bank")
        if p.due_date is None:
            raise PaymentInputError("The due date of the cheque is required.", field="due_date")
        if not p.drawer.strip():
            raise PaymentInputError("The drawer of the cheque is required.", field="drawer")


def payment_ref_key(p: PaymentInput) -> str:
    """What makes a slip, transfer or cheque the same one twice: the reference, with the bank
    (slips, cheques) and the drawer (cheques)."""
    ref = compact(p.reference)
    if p.method is Method.TRANSFER:
        return ref
    bank = " ".join(p.bank.split()).lower()
    if p.method is Method.SLIP:
        return f"{bank}|{ref}"
    return f"{bank}|{ref}|{p.drawer.strip().lower()}"

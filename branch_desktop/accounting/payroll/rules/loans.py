"""The staff loan fund: a loan's terms from the member's contribution balance, late penalties.
No database, no Qt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from branch_desktop.accounting.payroll.exceptions import LoanLimitExceeded, NoContributionBalance
from branch_desktop.accounting.payroll.rules.lines import ZERO
from branch_desktop.accounting.payroll.rules.pay import _param
from branch_desktop.core.packs import Pack

# -- the loan fund --------------------------------------------------------------------------


@dataclass(frozen=True)
class LoanTerms:
    amount: Decimal
    insurance: Decimal
    fee: Decimal
    net: Decimal
    instalments: tuple[Decimal, ...]


def loan_terms(pack: Pack, balance: Decimal, months: int, day: dt.date) -> LoanTerms:
    """A loan of (multiple x) the member's contribution balance; the insurance and the fee are
    taken from it; equal instalments, the last one absorbing the rounding."""
    cur = pack.currency
    max_months = int(_param(pack, "loanfund.max_instalments", day, Decimal(36)))
    if not 1 <= months <= max_months:
        raise LoanLimitExceeded(max=max_months)
    amount = cur.round(balance * pack.param("loanfund.loan_multiple", day))
    if amount <= 0:
        raise NoContributionBalance()
    insurance = cur.round(amount * pack.param("loanfund.insurance_rate", day))
    fee = cur.round(amount * pack.param("loanfund.fee_rate", day))
    each = (amount / months).quantize(cur.quantum, rounding=ROUND_FLOOR)
    schedule = [each] * (months - 1) + [amount - each * (months - 1)]
    return LoanTerms(amount, insurance, fee, amount - insurance - fee, tuple(schedule))


def late_penalty(pack: Pack, instalment: Decimal, months_late: int, day: dt.date) -> Decimal:
    if months_late <= 0:
        return ZERO
    rate = _param(pack, "loanfund.late_penalty_rate", day, ZERO)
    return pack.currency.round(instalment * rate * months_late)

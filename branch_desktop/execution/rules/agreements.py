"""Instalment agreements, pure: the schedule (a down payment and N monthly instalments that sum to
the debt exactly), the pack's limits, and how many instalments are missed given what was paid."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from branch_desktop.core.packs import Pack
from branch_desktop.execution.exceptions import ExecutionInputError


@dataclass(frozen=True)
class Instalment:
    seq: int  # 0: the down payment
    due: dt.date
    amount: int  # minor units


def check_terms(pack: Pack, on: dt.date, total: int, down: int, count: int) -> None:
    """The pack's limits: at most ``execution.agreement.max_instalments`` instalments, a down payment
    of at least ``execution.agreement.min_down_payment_ratio`` of the debt."""
    longest = int(pack.param("execution.agreement.max_instalments", on))
    if not 1 <= count <= longest:
        raise ExecutionInputError("The number of instalments is from 1 to {most}.", field="instalments", most=longest)
    least = pack.currency.to_minor(pack.currency.round(pack.currency.from_minor(total)
                                                       * pack.param("execution.agreement.min_down_payment_ratio", on)))
    if down < least or down >= total:
        raise ExecutionInputError("The down payment is at least {least} and less than the debt.", field="down_payment",
                                  least=pack.currency.from_minor(least))


def schedule(pack: Pack, on: dt.date, total: int, down: int, count: int) -> list[Instalment]:
    """The down payment on ``on`` and ``count`` equal monthly instalments (the rounding remainder in
    the last), each on the same day of the following months in the pack's calendar."""
    rest = total - down
    each = rest // count
    out = [Instalment(0, on, down)] if down else []
    for k in range(1, count + 1):
        amount = each if k < count else rest - each * (count - 1)
        out.append(Instalment(k, pack.calendar.add_months(on, k), amount))
    return out


def missed(instalments: list[Instalment], paid: int, on: dt.date) -> int:
    """Instalments due before ``on`` that what was paid (applied in order) does not cover."""
    covered, count = paid, 0
    for inst in instalments:
        if covered >= inst.amount:
            covered -= inst.amount
            continue
        covered = 0
        if inst.due < on:
            count += 1
    return count

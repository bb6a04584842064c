"""Social-insurance premiums of one worker's month: the one computation every department calls.

Revenue (declarations and their accrual), payroll (the payslip's deductions and employer cost)
and any later department use these functions, so a worker's premium is the same figure on the
declaration, the accrual and the payslip. The pack decides (``[rules.premium]`` in ``pack.toml``)
which day of the month selects the rates and how the amounts round:

- ``date = "period_last_day"``: the rates in force on the month's last day (the default);
  ``"period_first_day"``: those of its first day;
- ``rounding = "component"``: each share (worker, employer) of each component is rounded half up
  to the currency's minor unit; ``"group"``: each share of the summed rate of a rounding group
  (``round_group`` column: SGK rounds its insurance branches together and unemployment apart)
  is rounded once; ``"total"``: one group of every component. Inside a group the components
  carry their own rounded parts and the group's last component takes the difference.

The Treasury's share (incentive) lowers the employer's rate of the group holding the long-term
component before rounding (2025: 20.75 % - 5 points = 15.75 % of the earnings, rounded once).

Rates come from ``tables/premium_components.csv`` (which parameter holds each share and which
account role receives it); limits from ``minimum_wage.gross_monthly`` and the floor and ceiling
multiples; the Treasury's share of the employer premium (Turkey, 5510 art. 81/ı) from
``premium.incentive.<kind>_rate``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.packs import Pack

DAYS_IN_PREMIUM_MONTH = Decimal(30)  # a daily minimum wage is the monthly one / 30 in both packs
INCENTIVES = ("general", "manufacturing")


@dataclass(frozen=True)
class ComponentRate:
    key: str  # "main", "unemployment", "long_term", "short_term", "health"
    name_en: str
    account_role: str  # pack account role credited with this component
    employee_rate: Decimal
    employer_rate: Decimal
    round_group: str = ""  # components rounded together (empty: the component alone)

    @property
    def group(self) -> str:
        return self.round_group or self.key


@dataclass(frozen=True)
class ComponentAmount:
    key: str
    account_role: str
    employee: int  # minor units
    employer: int

    @property
    def total(self) -> int:
        return self.employee + self.employer


@dataclass(frozen=True)
class PremiumSplit:
    components: tuple[ComponentAmount, ...]
    treasury: int = 0  # part of the employer's share paid by the Treasury (incentive), minor units

    @property
    def employee(self) -> int:
        return sum(c.employee for c in self.components)

    @property
    def employer(self) -> int:
        return sum(c.employer for c in self.components)

    @property
    def employer_net(self) -> int:
        """What the employer pays after the Treasury's share."""
        return self.employer - self.treasury

    @property
    def total(self) -> int:
        return self.employee + self.employer

    def component(self, key: str) -> ComponentAmount | None:
        return next((c for c in self.components if c.key == key), None)

    def by_role(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self.components:
            out[c.account_role] = out.get(c.account_role, 0) + c.total
        return out

    def __add__(self, other: PremiumSplit) -> PremiumSplit:
        merged: dict[str, ComponentAmount] = {c.key: c for c in self.components}
        for c in other.components:
            if c.key in merged:
                m = merged[c.key]
                merged[c.key] = ComponentAmount(c.key, c.account_role, m.employee + c.employee, m.employer + c.employer)
            else:
                merged[c.key] = c
        return PremiumSplit(tuple(merged.values()), self.treasury + other.treasury)


EMPTY_SPLIT = PremiumSplit(())


def premium_day(pack: Pack, ym: YearMonth) -> dt.date:
    """The day whose figures apply to the premium (and its limits) of month ``ym``."""
    first, last = pack.calendar.month_bounds(ym)
    return first if pack.rule("premium").date == "period_first_day" else last


def component_rates(pack: Pack, on: dt.date) -> list[ComponentRate]:
    """The premium components in force on a date, with their rates (from the pack)."""
    out = []
    for row in pack.table("premium_components", on):
        employee = pack.param(row["employee_param"], on) if row["employee_param"] else Decimal(0)
        employer = pack.param(row["employer_param"], on) if row["employer_param"] else Decimal(0)
        out.append(ComponentRate(row["component"], row["name_en"], row["account_role"], employee, employer,
                                 row.get("round_group", "")))
    return out


def _minor(pack: Pack, amount: Decimal) -> int:
    cur = pack.currency
    return cur.to_minor(cur.round(amount))


def incentive_rate(pack: Pack, on: dt.date, kind: str) -> Decimal:
    """Points of the employer's premium the Treasury pays (0 when the pack has none on that day)."""
    name = f"premium.incentive.{kind}_rate"
    if name not in pack.parameter_names() or pack.param_row(name, on) is None:
        return Decimal(0)
    return pack.param(name, on)


def _group_key(pack: Pack, rate: ComponentRate) -> str:
    rounding = pack.rule("premium").rounding
    return "all" if rounding == "total" else rate.group if rounding == "group" else rate.key


def premium_for_wage(pack: Pack, wage_minor: int, on: dt.date, rates: list[ComponentRate] | None = None,
                     *, incentive: str | None = None) -> PremiumSplit:
    """The premium on one worker's earnings subject to premium (minor units), with the rates in
    force on ``on`` (``rates``: those components, when the caller has them already), rounded by
    the pack's premium rule. ``incentive`` (``general``/``manufacturing``): the employer is
    entitled to the Treasury's share, reported in ``treasury``."""
    wage = pack.currency.from_minor(wage_minor)
    rates = rates if rates is not None else component_rates(pack, on)
    parts = [
        ComponentAmount(r.key, r.account_role, _minor(pack, wage * r.employee_rate), _minor(pack, wage * r.employer_rate))
        for r in rates
    ]
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(rates):
        groups.setdefault(_group_key(pack, r), []).append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        employee = _minor(pack, wage * sum((rates[i].employee_rate for i in members), Decimal(0)))
        employer = _minor(pack, wage * sum((rates[i].employer_rate for i in members), Decimal(0)))
        last = members[-1]
        parts[last] = replace(
            parts[last], employee=parts[last].employee + employee - sum(parts[i].employee for i in members),
            employer=parts[last].employer + employer - sum(parts[i].employer for i in members))
    if incentive is not None and incentive not in INCENTIVES:
        raise ValueError(f"unknown incentive {incentive!r} (one of {', '.join(INCENTIVES)})")
    treasury = 0
    points = incentive_rate(pack, on, incentive) if incentive else Decimal(0)
    if points:
        holder = next((r for r in rates if r.key in {"long_term", "main"}), rates[0])
        members = groups[_group_key(pack, holder)]
        full = sum(parts[i].employer for i in members)
        net = _minor(pack, wage * (sum((rates[i].employer_rate for i in members), Decimal(0)) - points))
        treasury = full - net
    return PremiumSplit(tuple(parts), treasury)


def month_premium(pack: Pack, wage_minor: int, ym: YearMonth, *, incentive: str | None = None) -> PremiumSplit:
    """The premium of month ``ym`` on a worker's earnings, on the pack's premium day."""
    return premium_for_wage(pack, wage_minor, premium_day(pack, ym), incentive=incentive)


def daily_limits(pack: Pack, on: dt.date) -> tuple[Decimal, Decimal]:
    """(floor, ceiling) of a day's earnings subject to premium: the gross minimum wage / 30 times
    the floor and ceiling multiples, each rounded half up to the minor unit (SGK publishes the
    daily limits, e.g. 2023 H2: 13,414.50 / 30 = 447.15 x 7.5 = 3,353.63 a day)."""
    cur = pack.currency
    daily = pack.param("minimum_wage.gross_monthly", on) / DAYS_IN_PREMIUM_MONTH
    return (cur.round(daily * pack.param("premium.floor_multiple", on)),
            cur.round(daily * pack.param("premium.ceiling_multiple", on)))


def wage_limits(pack: Pack, ym: YearMonth, days: int) -> tuple[int, int]:
    """(floor, ceiling) of the earnings subject to premium for ``days`` days in month ``ym``: the
    daily limits in force on the pack's premium day times the days."""
    floor, ceiling = daily_limits(pack, premium_day(pack, ym))
    return _minor(pack, floor * days), _minor(pack, ceiling * days)

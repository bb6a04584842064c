"""Turkey's temporary incapacity allowance (geçici iş göremezlik ödeneği, 5510 art. 18) for work
accident, occupational disease, sickness and maternity, per seed 002; every figure from the
pack's dated tables, every step in the trace. Pure: no database, no Qt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from branch_desktop.core.packs import Pack
from branch_desktop.core.trace import Trace
from branch_desktop.insured.rules.common import (
    EarningsMonth,
    Period,
    money,
    monthly_ceiling,
    premium_days_in_window,
    read_param,
    read_row_figure,
    table_effective,
    table_row,
)

INCAPACITY_KINDS = ("work_accident", "occupational_disease", "sickness", "maternity")
TABLE = "benefit_incapacity"
LIMITS = "benefit_rest_limits"
REDUCTIONS = "benefit_reductions"


@dataclass(frozen=True)
class Rest:
    period: Period
    inpatient: bool = False
    issuer: str = "doctor"  # "doctor" | "board"


@dataclass(frozen=True)
class IncapacityCase:
    kind: str
    start: dt.date  # the first day of incapacity (for maternity: the birth date)
    earnings: tuple[EarningsMonth, ...]
    rest: tuple[Rest, ...]
    exit_date: dt.date | None = None
    excluded: tuple[Period, ...] = ()  # detention, military service, allowance days, strike
    multiple: bool = False  # maternity: a multiple pregnancy
    pre_birth_rest_from: dt.date | None = None  # maternity: when the pre-birth rest began
    ignored_advice: bool = False
    fault_degree: Decimal = Decimal(0)  # gross fault, percent
    intentional: bool = False
    fit_certificate: bool = True
    slices: bool = False  # pay in 10-day slices
    notice_date: dt.date | None = None  # the employer's "did not work" notice, if given
    public_workplace: bool = False  # a public workplace: its month runs from the 15th, due on the 7th
    sex: str = ""  # "F" or "M" when known (maternity is the insured woman's)
    coverage: str = ""  # the insurance status ("4/1-a", "4/1-b"); empty: not given, not checked
    premium_debt: Decimal = Decimal(0)  # the insured's own premium and related debts outstanding (4/1-b)
    premium_debt_paid_on: dt.date | None = None  # when the last of that debt was paid, if it was


@dataclass
class Decision:
    eligible: bool
    amount: Decimal | None
    days_paid: int
    daily: Decimal | None
    refusal: dict[str, Any] | None
    trace: Trace
    extra: dict[str, Any] = field(default_factory=dict)


def compute_incapacity(pack: Pack, case: IncapacityCase) -> Decision:
    t = Trace()
    on = case.start
    t.input("kind", case.kind)
    t.input("start", case.start)
    t.input("exit_date", case.exit_date)
    for r in case.rest:
        t.input("rest", {"from": r.period.start, "to": r.period.end, "inpatient": r.inpatient, "issuer": r.issuer})

    def refuse(condition: str, **figures: Any) -> Decision:
        return Decision(False, Decimal(0), 0, None, {"condition": condition, "figures": figures}, t)

    # 1. insured status at the start (exit rules, seed 002's table)
    if case.exit_date is not None:
        if case.kind in ("work_accident", "occupational_disease"):
            ok = t.condition("rest_not_after_exit", case.start <= case.exit_date,
                             start=case.start, exit_date=case.exit_date)
            if not ok:
                return refuse("rest_not_after_exit", start=case.start, exit_date=case.exit_date)
        else:
            grace = int(read_row_figure(t, pack, LIMITS, on, "limit", "exit_grace_days", "value", "exit_grace_days"))
            last = case.exit_date + dt.timedelta(days=grace - 1)
            ok = t.condition("rest_within_grace_after_exit", case.start <= last, start=case.start,
                             last_day=last)
            if not ok:
                return refuse("rest_within_grace_after_exit", start=case.start, last_day=last)

    if case.kind == "maternity" and case.sex and not t.condition("insured_woman", case.sex == "F"):
        return refuse("insured_woman")

    # 1b. the insurance status the kind is paid to (tr_sgk: a 4/1-b insured gets no sickness allowance)
    if case.coverage:
        t.input("insurance_status", case.coverage)
        row = table_row(pack, TABLE, on, "kind", case.kind)
        allowed = row.get("coverages", "").split()
        if allowed:
            t.param("coverages", " ".join(allowed), effective_from=table_effective(pack, TABLE, on),
                    source=row.get("source", ""), note=row.get("note", ""))
            if not t.condition("coverage", case.coverage in allowed, coverage=case.coverage,
                               allowed=" ".join(allowed)):
                return refuse("coverage", coverage=case.coverage, allowed=" ".join(allowed))
        # 1c. a self-employed (4/1-b) insured's premium debts must be paid (5510 art. 18/4)
        debt_free = row.get("debt_free_coverages", "").split()
        if case.coverage in debt_free:
            t.param("debt_free_coverages", " ".join(debt_free), effective_from=table_effective(pack, TABLE, on),
                    source=row.get("source", ""), note=row.get("note", ""))
            t.input("premium_debt", case.premium_debt)
            if case.premium_debt_paid_on is not None:
                t.input("premium_debt_paid_on", case.premium_debt_paid_on)
            if not t.condition("premium_debts_paid", case.premium_debt == 0, coverage=case.coverage,
                               debt=case.premium_debt):
                return refuse("premium_debts_paid", coverage=case.coverage, debt=case.premium_debt)

    # 2. the certificate
    if not t.condition("fit_to_work_certificate", case.fit_certificate):
        return refuse("fit_to_work_certificate")

    # 3. premium days in the year before (extended by the periods the law leaves out)
    min_days = int(read_row_figure(t, pack, TABLE, on, "kind", case.kind, "min_premium_days", "min_premium_days"))
    window_days = int(read_row_figure(t, pack, TABLE, on, "kind", case.kind, "window_days", "window_days"))
    left_out = sum(p.days for p in case.excluded)
    t.figure("days_not_counted", left_out)
    window = Period(case.start - dt.timedelta(days=window_days + left_out), case.start - dt.timedelta(days=1))
    days = premium_days_in_window(t, pack, list(case.earnings), window)
    if min_days and not t.condition("minimum_premium_days", days >= min_days, days=days, required=min_days):
        return refuse("minimum_premium_days", days=days, required=min_days)

    # 4. the daily earnings basis: last 3 declared months within the 12 before the start's month
    basis_months = int(read_row_figure(t, pack, TABLE, on, "kind", case.kind, "basis_months", "basis_months"))
    first_allowed = dt.date(case.start.year - 1, case.start.month, 1)
    before = [m for m in case.earnings if first_allowed <= m.first < dt.date(case.start.year, case.start.month, 1)
              and m.days > 0]
    chosen = sorted(before, key=lambda m: m.first)[-basis_months:]
    if not t.condition("declared_earnings_in_last_12_months", bool(chosen), months=len(chosen)):
        return refuse("declared_earnings_in_last_12_months", months=0)
    total = Decimal(0)
    total_days = 0
    for m in chosen:
        cap = monthly_ceiling(t, pack, m.last) * Decimal(m.days) / Decimal(30)
        counted = min(m.amount, cap)
        t.figure(f"earnings {m.label}", counted,
                 note=f"declared {m.amount} for {m.days} days; ceiling {money(cap, pack)}")
        total += counted
        total_days += m.days
    basis = t.figure("daily_earnings_basis", money(total / Decimal(total_days), pack))

    # 5. the days paid, inpatient and outpatient
    paid = _paid_days(t, pack, case)
    if not paid:
        return refuse("days_to_pay", days=0)
    in_share = read_row_figure(t, pack, TABLE, on, "kind", case.kind, "inpatient_share", "inpatient_share")
    out_share = read_row_figure(t, pack, TABLE, on, "kind", case.kind, "outpatient_share", "outpatient_share")
    daily_in = money(basis * in_share, pack)
    daily_out = money(basis * out_share, pack)
    t.figure("daily_inpatient", daily_in)
    t.figure("daily_outpatient", daily_out)
    day_amounts = [(d, daily_in if inpatient else daily_out) for d, inpatient in paid]
    gross = sum((a for _, a in day_amounts), Decimal(0))
    t.figure("allowance_before_reductions", gross)

    # 6. reductions (5510 art. 22)
    factor = Decimal(1)
    if case.ignored_advice:
        factor *= 1 - read_row_figure(t, pack, REDUCTIONS, on, "reason", "ignored_advice", "share", "ignored_advice")
    if case.fault_degree:
        cut = read_row_figure(t, pack, REDUCTIONS, on, "reason", "gross_fault", "share", "gross_fault")
        factor *= 1 - cut * case.fault_degree / 100
    if case.intentional:
        factor *= 1 - read_row_figure(t, pack, REDUCTIONS, on, "reason", "intentional", "share", "intentional")
    amount = money(gross * factor, pack)
    if factor != 1:
        t.figure("reduction_factor", factor.quantize(Decimal("0.0001")))
    t.figure("amount", amount)
    daily_shown = daily_out if any(not i for _, i in paid) else daily_in
    decision = Decision(True, amount, len(paid), daily_shown, None, t)

    decision.extra["notice"] = _notice(t, pack, case)
    if case.slices:
        decision.extra["slices"] = _slices(t, pack, case, day_amounts, factor)
    return decision


def _paid_days(t: Trace, pack: Pack, case: IncapacityCase) -> list[tuple[dt.date, bool]]:
    """The days paid, each with whether it was spent in hospital, after the waiting days and the
    rest-report limits; maternity: the pre-birth days not used move after the birth."""
    on = case.start
    if case.kind == "maternity":
        return _maternity_days(t, pack, case)
    first_paid = int(read_row_figure(t, pack, TABLE, on, "kind", case.kind, "paid_from_day", "paid_from_day"))
    single = int(read_row_figure(t, pack, LIMITS, on, "limit", "doctor_single_days", "value", "doctor_single_days"))
    doctor_total = int(read_row_figure(t, pack, LIMITS, on, "limit", "doctor_total_days", "value", "doctor_total_days"))
    board_first = int(read_row_figure(t, pack, LIMITS, on, "limit", "board_first_days", "value", "board_first_days"))
    days: list[tuple[dt.date, bool]] = []
    doctor_used = 0
    board_seen = False
    index = 0
    for r in sorted(case.rest, key=lambda r: r.period.start):
        outpatient_in_report = 0
        for n in range(r.period.days):
            day = r.period.start + dt.timedelta(days=n)
            index += 1
            if r.issuer == "doctor" and not r.inpatient:
                outpatient_in_report += 1
                doctor_used += 1
                if outpatient_in_report > single or doctor_used > doctor_total:
                    continue
            if r.issuer == "board" and not board_seen and (day - r.period.start).days >= board_first:
                continue
            if index < first_paid:
                continue
            days.append((day, r.inpatient))
        if r.issuer == "doctor" and not r.inpatient:
            t.condition("doctor_report_within_limits", outpatient_in_report <= single and doctor_used <= doctor_total,
                        note="days beyond the limit need a health board and are not paid",
                        outpatient_days=outpatient_in_report, limit=single, doctor_days_so_far=doctor_used,
                        total_limit=doctor_total)
        if r.issuer == "board":
            t.condition("board_first_rest_within_limit", board_seen or r.period.days <= board_first,
                        days=r.period.days, limit=board_first)
            board_seen = True
    if first_paid > 1:
        t.note("waiting_days", f"the first {first_paid - 1} days of incapacity are not paid")
    t.figure("days_paid", len(days))
    return days


def _maternity_days(t: Trace, pack: Pack, case: IncapacityCase) -> list[tuple[dt.date, bool]]:
    on = case.start
    suffix = "_multiple" if case.multiple else ""
    total = int(read_row_figure(t, pack, TABLE, on, "kind", "maternity", "max_days" + suffix, "max_days"))
    pre_limit = int(read_row_figure(t, pack, TABLE, on, "kind", "maternity", "pre_birth_days" + suffix,
                                    "pre_birth_days"))
    birth = case.start
    pre_from = case.pre_birth_rest_from or (birth - dt.timedelta(days=pre_limit))
    pre_used = max(0, min(pre_limit, (birth - pre_from).days))
    moved = pre_limit - pre_used
    t.figure("pre_birth_days_used", pre_used)
    t.figure("pre_birth_days_moved_after_birth", moved)
    inpatient_days = {d for r in case.rest if r.inpatient for d in _dates(r.period)}
    start = birth - dt.timedelta(days=pre_used)
    days = [(start + dt.timedelta(days=n), (start + dt.timedelta(days=n)) in inpatient_days) for n in range(total)]
    t.figure("days_paid", len(days))
    return days


def _dates(p: Period) -> list[dt.date]:
    return [p.start + dt.timedelta(days=n) for n in range(p.days)]


def _notice(t: Trace, pack: Pack, case: IncapacityCase) -> dict[str, Any]:
    """The employer's "did not work" notice: due on the premium document's deadline of the month in
    which the rest ends; fines for a missing (1/2 MW) or late (1/10 MW) notice. Seed 002: a private
    workplace's document of a month is due on the 23rd of the next month (rest ending 16/01/2017:
    23/02/2017); a public workplace's month runs from the 15th to the 14th, is named by the month
    it starts in, and its document is due on the 7th two months on (rest ending 11/01/2017, month
    of December: 07/02/2017; ending 26/01/2017, month of January: 07/03/2017)."""
    end = max(r.period.end for r in case.rest) if case.rest else case.start
    month = end.replace(day=1)
    suffix, months_on = "", 1
    if case.public_workplace:
        first_day = int(read_param(t, pack, "insured.public_month_first_day", end))
        if end.day < first_day:
            month = (month - dt.timedelta(days=1)).replace(day=1)
        suffix, months_on = ".public", 2
    index = month.year * 12 + month.month - 1 + months_on
    due_month = dt.date(index // 12, index % 12 + 1, 1)
    # the notice deadline is dated data of its own; the premium's payment is due at the month's
    # end (5510 art. 88)
    due_day = int(read_param(t, pack, "insured.notice_deadline_day" + suffix, due_month))
    deadline = due_month.replace(day=min(due_day, 28 if due_month.month == 2 else 30))
    t.figure("notice_deadline", deadline)
    mw = pack.param("minimum_wage.gross_monthly", deadline)
    missing = money(mw * read_row_figure(t, pack, LIMITS, case.start, "limit", "notice_fine_missing_mw_share",
                                         "value", "notice_fine_missing"), pack)
    late = money(mw * read_row_figure(t, pack, LIMITS, case.start, "limit", "notice_fine_late_mw_share",
                                      "value", "notice_fine_late"), pack)
    out: dict[str, Any] = {"deadline": deadline, "fine_if_missing": missing, "fine_if_late": late}
    if case.notice_date is not None:
        on_time = t.condition("notice_on_time", case.notice_date <= deadline, given=case.notice_date,
                              deadline=deadline)
        out["fine"] = Decimal(0) if on_time else late
    return out


def _slices(t: Trace, pack: Pack, case: IncapacityCase, day_amounts: list[tuple[dt.date, Decimal]],
            factor: Decimal) -> list[dict[str, Any]]:
    size = int(read_row_figure(t, pack, LIMITS, case.start, "limit", "slice_days", "value", "slice_days"))
    out = []
    for i in range(0, len(day_amounts), size):
        chunk = day_amounts[i:i + size]
        out.append({"from": chunk[0][0], "to": chunk[-1][0], "days": len(chunk),
                    "amount": money(sum((a for _, a in chunk), Decimal(0)) * factor, pack)})
    return out

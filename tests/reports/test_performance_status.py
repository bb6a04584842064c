"""Rows 9 and 11 of the performance table split by the insured's status at the application
(tr_sgk: 4/a at most 10 %, 4/b at most 15 %; disability decisions evaluated separately), on the
fixed branch of tests/reports/helpers.py plus 4/b applications whose values are known by hand; the
Iranian pack keeps one row counting every application."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from branch_desktop.insured import services as insured
from branch_desktop.insured.types import ApplicationKind, PersonInput, Sex
from branch_desktop.reports import services
from branch_desktop.reports.rules import Indicator
from tests.conftest import Branch
from tests.reports.helpers import build_fixed_branch, day_in
from tests.revenue.helpers import person_id


def _self_employed_applications(b: Branch, received: dt.date, coverage: bool) -> None:
    """Pensions awarded after 40 and 20 days and a disability decision after 12, of 4/b insured
    (their status from the registry) when ``coverage``, else of insured with no status recorded."""
    for n, (kind, days) in enumerate([(ApplicationKind.PENSION, 40), (ApplicationKind.PENSION, 20),
                                      (ApplicationKind.DISABILITY, 12)]):
        pid = insured.register_person(b.ctx, b.clerk, PersonInput(
            national_id=person_id(b.ctx.pack.code, 700 + n), first_name="Esnaf", last_name=f"Kaya {n}",
            sex=Sex.MALE, birth_date=dt.date(1958, 1, 1))).id
        if coverage:
            insured.record_coverage(b.ctx, b.clerk, pid, "4/1-b", dt.date(2000, 1, 1))
        app = insured.register_application(b.ctx, b.clerk, pid, kind, received)
        assert app.coverage == ("4/1-b" if coverage else "")
        insured.decide_application(b.ctx, b.manager, app.id, received + dt.timedelta(days=days), "awarded")


def test_rows_9_and_11_split_by_status_in_tr_sgk(make_branch: Callable[[str], Branch]) -> None:
    b = make_branch("tr_sgk")
    fixed = build_fixed_branch(b)
    _self_employed_applications(b, day_in(b, fixed.half.months[3], 1), coverage=True)
    rows = {r.indicator: r for r in services.performance_table(b.ctx, b.manager, fixed.half).rows}
    # 4/a (the fixed branch's, no status recorded): 31 and 10 days -> 1 of 2 late, 50 % > 10 %
    a, b4 = rows[Indicator.PENSION_LATE_SHARE], rows[Indicator.PENSION_LATE_SHARE_4B]
    assert (a.row_no, a.current.value, a.current.numerator, a.current.denominator, a.met) == (
        "9 (4/a)", Decimal("50.00"), 1, 2, False)
    assert a.target is not None and a.target.value == 10
    # 4/b: 40 and 20 days -> 1 of 2 late, 50 % > 15 %
    assert (b4.row_no, b4.current.value, b4.current.denominator, b4.met) == ("9 (4/b)", Decimal("50.00"), 2, False)
    assert b4.target is not None and b4.target.value == 15 and "row 9 (4/b)" in b4.target.source
    assert sorted(r[4] for r in b4.current.drill.rows) == [20, 40]
    # row 11: 4/a one decision after 20 days (over 15), 4/b one after 12 (met)
    d_a, d_b = rows[Indicator.DISABILITY_DAYS], rows[Indicator.DISABILITY_DAYS_4B]
    assert (d_a.row_no, d_a.current.value, d_a.met) == ("11 (4/a)", Decimal("20.0"), False)
    assert (d_b.row_no, d_b.current.value, d_b.met) == ("11 (4/b)", Decimal("12.0"), True)


def test_ir_sso_keeps_one_row_counting_every_application(make_branch: Callable[[str], Branch]) -> None:
    b = make_branch("ir_sso")
    fixed = build_fixed_branch(b)
    _self_employed_applications(b, day_in(b, fixed.half.months[3], 1), coverage=False)
    rows = {r.indicator: r for r in services.performance_table(b.ctx, b.manager, fixed.half).rows}
    assert Indicator.PENSION_LATE_SHARE_4B not in rows and Indicator.DISABILITY_DAYS_4B not in rows
    pension = rows[Indicator.PENSION_LATE_SHARE]
    # 31, 10, 40, 20 days: 2 of 4 late
    assert (pension.row_no, pension.current.numerator, pension.current.denominator) == ("9", 2, 4)
    disability = rows[Indicator.DISABILITY_DAYS]
    assert (disability.row_no, disability.current.value) == ("11", Decimal("16.0"))  # (20 + 12) / 2

"""The performance-target table (seed 000) on a small fixed branch, both packs: each indicator's
value is known by hand (tests/reports/helpers.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from branch_desktop import app_registry
from branch_desktop.core.errors import PermissionDenied
from branch_desktop.reports import rules, services
from branch_desktop.reports.exceptions import BadHalf
from branch_desktop.reports.rules import Half, Indicator
from branch_desktop.reports.types import NOT_KEPT, NOTHING_IN_PERIOD, EnforcementFigures
from tests.conftest import Branch
from tests.reports.helpers import build_fixed_branch

EXPECTED = {  # indicator -> (value, met)
    Indicator.INSURED_GROWTH: (Decimal("60.00"), True),
    Indicator.COLLECTION_RATE: (Decimal("50.00"), False),
    Indicator.PENSION_LATE_SHARE: (Decimal("50.00"), False),
    Indicator.SERVICE_RECORD_DAYS: (Decimal("8.0"), True),
    Indicator.DISABILITY_DAYS: (Decimal("20.0"), False),
}


@pytest.mark.parametrize("pack", ["tr_sgk", "ir_sso"])
def test_worked_example(make_branch: Callable[[str], Branch], pack: str) -> None:
    b = make_branch(pack)
    fixed = build_fixed_branch(b)
    table = services.performance_table(b.ctx, b.manager, fixed.half)
    rows = {r.indicator: r for r in table.rows}
    split = ["9 (4/a)", "9 (4/b)", "10", "11 (4/a)", "11 (4/b)"] if pack == "tr_sgk" else ["9", "10", "11"]
    assert [r.row_no for r in table.rows] == ["1", "2.1", "2.2", "4", "5", *split]
    for indicator, (value, met) in EXPECTED.items():
        row = rows[indicator]
        assert row.current.value == value, indicator
        assert row.met is met, indicator
        assert row.target is not None and row.target.source  # dated pack data with its source
        assert row.previous.value is None and row.change is None  # nothing in the half before
    assert rows[Indicator.INSURED_GROWTH].current.numerator == 8
    assert rows[Indicator.INSURED_GROWTH].current.denominator == 5
    assert rows[Indicator.COLLECTION_RATE].current.denominator == 2 * fixed.premium
    # no data, not zero
    for indicator in (Indicator.EX_OFFICIO_GROWTH, Indicator.EX_OFFICIO_SHARE):
        assert rows[indicator].current.value is None and rows[indicator].current.reason == NOT_KEPT
        assert rows[indicator].met is None
    assert rows[Indicator.ENFORCEMENT_RATE].current.value is None
    # the execution unit provides row 5; this branch has issued no enforcement order
    assert rows[Indicator.ENFORCEMENT_RATE].current.reason == NOTHING_IN_PERIOD
    # drill-downs: which employers, which applications
    drill = rows[Indicator.COLLECTION_RATE].current.drill
    assert [r[2:] for r in drill.rows] == [(fixed.premium, fixed.premium, Decimal("100.00")),
                                           (fixed.premium, 0, Decimal("0.00"))]
    assert sorted(r[4] for r in rows[Indicator.PENSION_LATE_SHARE].current.drill.rows) == [10, 31]
    assert {r[5] for r in rows[Indicator.SERVICE_RECORD_DAYS].current.drill.rows} == {"Ankara SGM"}
    assert sorted(r[2] for r in rows[Indicator.INSURED_GROWTH].current.drill.rows) == [4, 4]


def test_previous_half_and_change(make_branch: Callable[[str], Branch]) -> None:
    b = make_branch("tr_sgk")
    fixed = build_fixed_branch(b)
    nxt = Half(fixed.half.year, 2)  # the half after the fixed one (tr_sgk: 2026-H1 -> 2026-H2)
    table = services.performance_table(b.ctx, b.manager, nxt)
    rows = {r.indicator: r for r in table.rows}
    assert rows[Indicator.DISABILITY_DAYS].previous.value == Decimal("20.0")
    assert rows[Indicator.DISABILITY_DAYS].current.value is None and rows[Indicator.DISABILITY_DAYS].change is None
    assert rows[Indicator.COLLECTION_RATE].previous.value == Decimal("50.00")


def test_enforcement_through_a_provider(make_branch: Callable[[str], Branch], monkeypatch: pytest.MonkeyPatch) -> None:
    b = make_branch("tr_sgk")
    seen: list[tuple[dt.date, dt.date]] = []

    def provide(ctx: object, actor: object, start: dt.date, end: dt.date) -> EnforcementFigures:
        seen.append((start, end))
        return EnforcementFigures(collected=30_00, transferred=50_00, rows=(("F1", "Employer", 50_00, 30_00),))

    monkeypatch.setitem(app_registry.load().report_sources, "enforcement", f"{__name__}:_provider")
    monkeypatch.setattr(f"{__name__}._provider", provide, raising=False)
    table = services.performance_table(b.ctx, b.manager, Half(2026, 1))
    row = next(r for r in table.rows if r.indicator is Indicator.ENFORCEMENT_RATE)
    assert row.current.value == Decimal("60.00") and row.met is True  # target 50 %
    assert seen[0] == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))


def _provider(*args: object) -> None:  # replaced by the test
    raise AssertionError


def test_halves_and_refusals(make_branch: Callable[[str], Branch]) -> None:
    assert Half.parse("2026-H2").months[0].month == 7 and Half.parse("1405-h1").previous == Half(1404, 2)
    assert Half.parse("۱۴۰۵-H۲") == Half(1405, 2)  # typed as the Persian screen shows it
    for bad in ("2026-H3", "2026-H0"):
        with pytest.raises(BadHalf):
            Half.parse(bad)
    with pytest.raises(BadHalf) as exc:
        Half.parse("2026-3")
    assert exc.value.field == "half" and exc.value.params == {"text": "2026-3"}
    b = make_branch("tr_sgk")
    with pytest.raises(PermissionDenied):
        services.performance_table(b.ctx, b.clerk, Half(2026, 1))


def test_rules_alone() -> None:
    assert rules.percent(1, 3) == Decimal("33.33") and rules.percent(1, 0) is None
    assert rules.growth(108, 100) == Decimal("8.00") and rules.growth(5, 0) is None
    assert rules.mean_days([]) is None and rules.mean_days([1, 2]) == Decimal("1.5")
    assert not rules.is_late_pension(30) and rules.is_late_pension(31)


def test_drill_downs_are_read_when_looked_at(make_branch: Callable[[str], Branch]) -> None:
    """The table's figures come without the rows behind rows 1 and 4; asked for, those rows are
    read once and add up to the figure."""
    b = make_branch("tr_sgk")
    fixed = build_fixed_branch(b)
    table = services.performance_table(b.ctx, b.manager, fixed.half)
    rows = {r.indicator: r for r in table.rows}
    collection, insured = rows[Indicator.COLLECTION_RATE].current, rows[Indicator.INSURED_GROWTH].current
    assert not collection.drill.loaded and not insured.drill.loaded
    assert collection.value == Decimal("50.00")  # the figure, before any drill row is read
    behind = collection.drill.rows
    assert collection.drill.loaded and collection.drill.rows is behind  # read once
    assert (sum(r[3] for r in behind), sum(r[2] for r in behind)) == (collection.numerator, collection.denominator)
    assert sum(r[2] for r in insured.drill.rows) == insured.numerator == 8
    assert rows[Indicator.COLLECTION_RATE].previous.drill.loaded and not rows[Indicator.COLLECTION_RATE].previous.drill.rows

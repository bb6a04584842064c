"""Adding months and years in the pack's calendar: Jalali anniversaries fall on the same Jalali
day (Esfand 30 -> 29 in a common year), Gregorian ones on the same day (29 Feb -> 28 Feb)."""

from __future__ import annotations

import datetime as dt

import jdatetime
import pytest

from branch_desktop.accounting.payroll import rules as payroll
from branch_desktop.core.calendar import Calendar, YearMonth
from branch_desktop.core.packs import load_pack

J = Calendar("jalali")
G = Calendar("gregorian")


def test_jalali_leap_years_of_the_examples() -> None:
    assert jdatetime.date(1403, 1, 1).isleap() and jdatetime.date(1399, 1, 1).isleap()
    assert not jdatetime.date(1404, 1, 1).isleap() and not jdatetime.date(1402, 1, 1).isleap()


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        ((1403, 1, 1), 1, (1404, 1, 1)),
        ((1403, 1, 1), 2, (1405, 1, 1)),  # not 1404/12/29 as a Gregorian +2 years gives
        ((1403, 12, 30), 1, (1404, 12, 29)),  # leap Esfand 30 -> common year's last day
        ((1399, 12, 30), 4, (1403, 12, 30)),  # leap to leap
        ((1402, 12, 29), 1, (1403, 12, 29)),
        ((1403, 6, 31), -1, (1402, 6, 31)),
    ],
)
def test_jalali_add_years(start: tuple[int, int, int], years: int, expected: tuple[int, int, int]) -> None:
    assert J.parts(J.add_years(J.to_gregorian(*start), years)) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ((1403, 6, 31), 1, (1403, 7, 30)),  # Shahrivar 31 -> Mehr has 30 days
        ((1403, 11, 30), 1, (1403, 12, 30)),  # Esfand of a leap year has 30
        ((1404, 11, 30), 1, (1404, 12, 29)),  # ...a common year 29
        ((1403, 12, 15), 1, (1404, 1, 15)),  # over the year end
        ((1404, 1, 31), -1, (1403, 12, 30)),
        ((1404, 1, 10), 24, (1406, 1, 10)),
    ],
)
def test_jalali_add_months(start: tuple[int, int, int], months: int, expected: tuple[int, int, int]) -> None:
    assert J.parts(J.add_months(J.to_gregorian(*start), months)) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),  # leap February
        (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), 48, dt.date(2028, 2, 29)),
        (dt.date(2025, 12, 31), 2, dt.date(2026, 2, 28)),
        (dt.date(2025, 3, 31), -1, dt.date(2025, 2, 28)),
    ],
)
def test_gregorian_add_months(start: dt.date, months: int, expected: dt.date) -> None:
    assert G.add_months(start, months) == expected


def test_gregorian_add_years() -> None:
    assert G.add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert G.add_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
    assert G.add_years(dt.date(2025, 3, 1), -1) == dt.date(2024, 3, 1)


def test_group_progression_uses_jalali_anniversaries() -> None:
    """Hired 1403/01/01 on contract: the first group falls due on 1405/01/01 (2 Jalali years), not
    on 1404/12/29; then a group every 4 years from the last change."""
    ir = load_pack("ir_sso")
    hired = ir.calendar.to_gregorian(1403, 1, 1)
    t = payroll.PayTerms(post="expert", employment="contract", job_group=None, married=False, hire_date=hired)
    assert payroll.group_progression(ir, t, hired, YearMonth(1404, 12)) is None
    due = payroll.group_progression(ir, t, hired, YearMonth(1405, 1))
    assert due is not None and ir.calendar.format(due.due_on) == "1405/01/01" and due.new_group is None
    since = ir.calendar.to_gregorian(1399, 12, 30)
    t7 = payroll.PayTerms(post="expert", employment="permanent", job_group=7, married=False, hire_date=since)
    assert payroll.group_progression(ir, t7, since, YearMonth(1403, 11)) is None
    due = payroll.group_progression(ir, t7, since, YearMonth(1403, 12))
    assert due is not None and ir.calendar.format(due.due_on) == "1403/12/30" and due.new_group == 8

"""Every dated series of both packs at its boundaries (the day before and the day of each change),
and the published figures the packs must reproduce."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.packs import load_pack
from branch_desktop.core.premiums import daily_limits, wage_limits
from branch_desktop.revenue import rules as revenue_rules

ONE_DAY = dt.timedelta(days=1)


def _changes() -> list[tuple[str, str, dt.date, Decimal, Decimal]]:
    out = []
    for code in ("tr_sgk", "ir_sso"):
        pack = load_pack(code)
        for name in pack.parameter_names():
            rows = pack.param_rows(name)
            for before, row in zip(rows, rows[1:], strict=False):
                out.append((code, name, row.since, before.value, row.value))
    return out


@pytest.mark.parametrize(("code", "name", "since", "old", "new"), _changes(),
                         ids=lambda v: str(v) if isinstance(v, str | dt.date) else "")
def test_each_parameter_change_takes_effect_on_its_day(code: str, name: str, since: dt.date, old: Decimal,
                                                       new: Decimal) -> None:
    pack = load_pack(code)
    assert pack.param(name, since - ONE_DAY) == old
    assert pack.param(name, since) == new


@pytest.mark.parametrize("code", ["tr_sgk", "ir_sso"])
def test_each_table_version_takes_effect_on_its_day(code: str) -> None:
    pack = load_pack(code)
    for name in pack.table_names():
        versions = pack.table_versions(name)
        for (_old_day, old_rows), (day, rows) in zip(versions, versions[1:], strict=False):
            assert pack.table(name, day - ONE_DAY) == old_rows
            assert pack.table(name, day) == rows


# (name, day before the change, its value, day of the change, its value): the published figures
TR_BOUNDARIES = [
    ("minimum_wage.gross_monthly", dt.date(2012, 6, 30), "886.50", dt.date(2012, 7, 1), "940.50"),
    ("minimum_wage.gross_monthly", dt.date(2012, 12, 31), "940.50", dt.date(2013, 1, 1), "978.60"),
    ("minimum_wage.gross_monthly", dt.date(2015, 12, 31), "1273.50", dt.date(2016, 1, 1), "1647.00"),
    ("minimum_wage.gross_monthly", dt.date(2022, 6, 30), "5004.00", dt.date(2022, 7, 1), "6471.00"),
    ("minimum_wage.gross_monthly", dt.date(2023, 6, 30), "10008.00", dt.date(2023, 7, 1), "13414.50"),
    ("minimum_wage.gross_monthly", dt.date(2023, 12, 31), "13414.50", dt.date(2024, 1, 1), "20002.50"),
    ("minimum_wage.gross_monthly", dt.date(2025, 12, 31), "26005.50", dt.date(2026, 1, 1), "33030.00"),
    ("premium.ceiling_multiple", dt.date(2016, 12, 31), "6.5", dt.date(2017, 1, 1), "7.5"),
    ("premium.short_term.employer_rate", dt.date(2024, 8, 31), "0.02", dt.date(2024, 9, 1), "0.0225"),
    ("premium.incentive.general_rate", dt.date(2025, 1, 31), "0.05", dt.date(2025, 2, 1), "0.04"),
    ("premium.incentive.general_rate", dt.date(2025, 12, 31), "0.04", dt.date(2026, 1, 1), "0.02"),
    ("premium.incentive.manufacturing_rate", dt.date(2026, 12, 31), "0.05", dt.date(2027, 1, 1), "0.02"),
    ("premium.long_term.employer_rate", dt.date(2025, 12, 31), "0.11", dt.date(2026, 1, 1), "0.12"),
    ("declaration.deadline_day", dt.date(2018, 12, 31), "23", dt.date(2019, 1, 1), "26"),
    ("payroll.minimum_wage_exemption", dt.date(2021, 12, 31), "0", dt.date(2022, 1, 1), "1"),
]


@pytest.mark.parametrize(("name", "before", "old", "day", "new"), TR_BOUNDARIES)
def test_tr_sgk_published_changes(name: str, before: dt.date, old: str, day: dt.date, new: str) -> None:
    pack = load_pack("tr_sgk")
    assert (pack.param(name, before), pack.param(name, day)) == (Decimal(old), Decimal(new))


def test_ir_sso_minimum_wage_and_tax_by_jalali_year() -> None:
    pack = load_pack("ir_sso")
    j = pack.calendar.to_gregorian
    assert pack.param("minimum_wage.gross_monthly", j(1402, 12, 29)) == 53_082_840
    assert pack.param("minimum_wage.gross_monthly", j(1403, 1, 1)) == 71_661_840
    assert pack.param("minimum_wage.gross_monthly", j(1403, 12, 30)) == 71_661_840  # 1403 is a leap year
    assert pack.param("minimum_wage.gross_monthly", j(1404, 1, 1)) == 103_909_680
    # the monthly salary-tax exemption of the year, not the 1383 placeholder
    exempt = {y: pack.table("payroll_income_tax", j(y, 6, 1))[1]["lower"] for y in (1402, 1403, 1404)}
    assert exempt == {1402: "100000000", 1403: "120000000", 1404: "240000000"}
    assert pack.table("payroll_income_tax", j(1402, 12, 29))[1]["lower"] == "100000000"
    assert pack.table("payroll_income_tax", j(1403, 1, 1))[1]["lower"] == "120000000"


def test_tr_sgk_income_tax_brackets_by_year() -> None:
    pack = load_pack("tr_sgk")
    first_band_end = {y: pack.table("payroll_income_tax", dt.date(y, 6, 1))[1]["lower"] for y in (2012, 2016, 2023, 2026)}
    assert first_band_end == {2012: "10000", 2016: "12600", 2023: "70000", 2026: "190000"}
    assert len(pack.table("payroll_income_tax", dt.date(2019, 12, 31))) == 4  # the 40 % band came in 2020
    assert len(pack.table("payroll_income_tax", dt.date(2020, 1, 1))) == 5


def test_2023_minimum_wage_is_accepted_in_a_declaration() -> None:
    """13,414.50 was refused as 'above the ceiling 7053.75' when 2012's figure applied to 2023."""
    pack = load_pack("tr_sgk")
    line = revenue_rules.RawLine(2, "17291716060", "Ayşe Yılmaz", "30", "13414.50")
    good, errors = revenue_rules.check_lines(pack, YearMonth(2023, 8), [line])
    assert errors == [] and good[0].wage == 1_341_450
    # before July the floor was 10,008.00: 9,000 is refused, 13,414.50 accepted
    low = revenue_rules.RawLine(2, "17291716060", "Ayşe Yılmaz", "30", "9000")
    assert revenue_rules.check_lines(pack, YearMonth(2023, 6), [low])[1]
    assert not revenue_rules.check_lines(pack, YearMonth(2023, 6), [line])[1]
    # SGK's published 2023 H2 limits: 447.15 and 3,353.63 a day
    assert daily_limits(pack, dt.date(2023, 7, 31)) == (Decimal("447.15"), Decimal("3353.63"))
    assert wage_limits(pack, YearMonth(2023, 7), 30) == (1_341_450, 10_060_890)


def test_ceiling_is_7_5_times_from_2017_and_6_5_before() -> None:
    pack = load_pack("tr_sgk")
    # 2016: 1,647.00 / 30 = 54.90 x 6.5 = 356.85 a day -> 10,705.50 a month (SGK's 2016 figure)
    assert wage_limits(pack, YearMonth(2016, 12), 30)[1] == 1_070_550
    # 2017: 59.25 x 7.5 = 444.375 -> 444.38 a day -> 13,331.40 a month
    assert wage_limits(pack, YearMonth(2017, 1), 30)[1] == 1_333_140
    # 2025: 866.85 x 7.5 = 6,501.375 -> 6,501.38 a day -> 195,041.40 a month
    assert wage_limits(pack, YearMonth(2025, 7), 30)[1] == 19_504_140


def test_payment_due_date_and_declaration_deadline_are_separate() -> None:
    pack = load_pack("tr_sgk")
    assert revenue_rules.due_date(pack, YearMonth(2017, 1)) == dt.date(2017, 2, 28)
    assert revenue_rules.declaration_deadline(pack, YearMonth(2017, 1)) == dt.date(2017, 2, 23)
    assert revenue_rules.declaration_deadline(pack, YearMonth(2018, 12)) == dt.date(2019, 1, 23)
    assert revenue_rules.declaration_deadline(pack, YearMonth(2019, 1)) == dt.date(2019, 2, 26)
    assert revenue_rules.declaration_deadline(load_pack("ir_sso"), YearMonth(1404, 1)) is None

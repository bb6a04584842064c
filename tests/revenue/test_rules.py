"""Premium rules per pack: worked examples from the pack's dated data."""

import datetime as dt

import pytest

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.errors import ValidationError
from branch_desktop.core.ids import (
    clean_employer_id,
    clean_iban,
    clean_iran_national_code,
    clean_tc_kimlik,
    iran_legal_id_ok,
    iran_national_code_ok,
)
from branch_desktop.core.packs import load_pack
from branch_desktop.revenue import rules
from branch_desktop.revenue.rules import RawLine


def test_iran_national_code_check_digit() -> None:
    assert iran_national_code_ok("0499370899")
    assert not iran_national_code_ok("0499370898")
    assert not iran_national_code_ok("1111111111")  # all one digit
    assert clean_iran_national_code("۰۴۹۹۳۷۰۸۹۹") == "0499370899"  # Persian digits
    assert clean_iran_national_code("049-937089-9") == "0499370899"
    with pytest.raises(ValidationError, match="check digit"):
        clean_iran_national_code("0499370898")
    with pytest.raises(ValidationError, match="10 digits"):
        clean_iran_national_code("12345")
    # remainder < 2: the check digit is the remainder itself
    assert iran_national_code_ok("0012345679") is False or iran_national_code_ok("0012345679")


def test_iran_legal_entity_id_round_trip() -> None:
    from branch_desktop.core.ids import compact

    base = "1010027137"
    weights = (29, 27, 23, 19, 17)
    total = sum((int(base[9]) + 2 + int(base[i])) * weights[i % 5] for i in range(10)) % 11
    good = base + str(0 if total == 10 else total)
    assert iran_legal_id_ok(good)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    assert not iran_legal_id_ok(bad)
    assert clean_employer_id("ir_sso", good) == compact(good)


def test_turkish_ids_through_stdnum() -> None:
    assert clean_tc_kimlik("172 917 160 60") == "17291716060"
    with pytest.raises(ValidationError, match="not valid"):
        clean_tc_kimlik("17291716061")
    assert clean_employer_id("tr_sgk", "4540536920") == "4540536920"  # VKN
    with pytest.raises(ValidationError, match="tax number"):
        clean_employer_id("tr_sgk", "4540536921")
    with pytest.raises(ValidationError, match="neither"):
        clean_employer_id("tr_sgk", "123")


def test_iban_both_countries() -> None:
    assert clean_iban("TR33 0006 1005 1978 6457 8413 26", "TR") == "TR330006100519786457841326"
    assert clean_iban("IR270170000000100324200001", "IR") == "IR270170000000100324200001"
    with pytest.raises(ValidationError, match="not valid"):
        clean_iban("IR270170000000100324200002")
    with pytest.raises(ValidationError, match="not a IR account"):
        clean_iban("TR330006100519786457841326", "IR")


def test_ir_sso_premium_worked_example() -> None:
    """Wage 100,000,000 rials: 7 % insured 7,000,000; 20 % employer 20,000,000; 3 % unemployment
    3,000,000; 30 % in all, 27 % to premium revenue and 3 % to unemployment premium revenue."""
    pack = load_pack("ir_sso")
    on = pack.calendar.to_gregorian(1405, 8, 1)
    split = rules.premium_for_wage(pack, 100_000_000, on)
    assert (split.employee, split.employer, split.total) == (7_000_000, 23_000_000, 30_000_000)
    assert split.by_role() == {"premium_revenue": 27_000_000, "unemployment_premium_revenue": 3_000_000}
    # rial has no minor unit: 33,333,333 x 7 % = 2,333,333.31 -> 2,333,333
    assert rules.premium_for_wage(pack, 33_333_333, on).employee == 2_333_333


def test_ir_sso_limits_and_month_length() -> None:
    pack = load_pack("ir_sso")
    ym = YearMonth(1405, 8)
    assert rules.max_days(pack, YearMonth(1405, 3)) == 31  # first six Jalali months
    assert rules.max_days(pack, ym) == 30
    # 1404 minimum wage 103,909,680 a month = 3,463,656 a day; ceiling 7 x
    assert rules.wage_limits(pack, ym, 30) == (103_909_680, 727_367_760)
    assert rules.wage_limits(pack, ym, 10) == (34_636_560, 242_455_920)
    # dated: 1403 figures for a 1403 month
    assert rules.wage_limits(pack, YearMonth(1403, 5), 30)[0] == 71_661_840
    assert pack.calendar.format(rules.due_date(pack, ym)) == "1405/09/30"  # end of the next month
    assert rules.due_date(pack, YearMonth(1405, 12)) == pack.calendar.to_gregorian(1406, 1, 31)


def test_tr_sgk_premium_worked_example() -> None:
    """Earnings 30,000.00 TRY: long-term 9 % + 11 %, short-term 2.25 % (Law 7524, from 2024-09;
    the old expected figures used 2 %), health 5 % + 7.5 %, unemployment 1 % + 2 %: worker
    4,500.00, employer 6,825.00, total 11,325.00."""
    pack = load_pack("tr_sgk")
    on = dt.date(2025, 11, 1)
    split = rules.premium_for_wage(pack, 3_000_000, on)
    assert (split.employee, split.employer, split.total) == (450_000, 682_500, 1_132_500)
    assert split.by_role() == {
        "premium_revenue": 600_000, "short_term_premium_revenue": 67_500,
        "health_premium_revenue": 375_000, "unemployment_premium_revenue": 90_000,
    }
    # kuruş rounding half up: 1,234.57 x 7.5 % = 92.59275 -> 92.59
    part = {c.key: c for c in rules.premium_for_wage(pack, 123_457, on).components}
    assert part["health"].employer == 9_259


def test_tr_sgk_floor_ceiling_and_days() -> None:
    pack = load_pack("tr_sgk")
    ym = YearMonth(2025, 11)
    assert rules.max_days(pack, YearMonth(2025, 2)) == 30  # SGK months are 30 days
    # 2025 gross minimum wage 26,005.50: floor 866.85 a day; ceiling 7.5 x rounded daily:
    # 6,501.38 a day (SGK's published 195,041.40 a month; the old 195,041.25 skipped the daily step)
    assert rules.wage_limits(pack, ym, 30) == (2_600_550, 19_504_140)
    assert rules.wage_limits(pack, ym, 10) == (866_850, 6_501_380)
    assert rules.wage_limits(pack, YearMonth(2024, 6), 30)[0] == 2_000_250  # 2024 figure
    # payment is due at the end of the next month (5510 art. 88); the 26th is the declaration
    # deadline (the old expected 23rd mixed the two up and was the pre-MUHSGK deadline)
    assert rules.due_date(pack, ym) == dt.date(2025, 12, 31)
    assert rules.declaration_deadline(pack, ym) == dt.date(2025, 12, 26)
    assert rules.declaration_deadline(pack, YearMonth(2017, 1)) == dt.date(2017, 2, 23)  # seed 002
    assert rules.declaration_deadline(pack, YearMonth(2017, 1), public=True) == dt.date(2017, 2, 7)
    assert rules.bounced_cheque_charge(pack, dt.date(2025, 1, 1)) == 15_000


def test_check_lines_reports_every_problem_by_row() -> None:
    pack = load_pack("tr_sgk")
    ym = YearMonth(2025, 11)
    good_id = "17291716060"
    rows = [
        RawLine(2, good_id, "Ayşe Yılmaz", "30", "30000"),
        RawLine(3, "17291716061", "Bad Id", "30", "30000"),  # checksum
        RawLine(4, good_id, "Twice", "30", "30000"),  # same worker twice
        RawLine(5, "10000000146", "Too Many Days", "31", "30000"),
        RawLine(6, "10000000146", "Low", "30", "1000"),
        RawLine(7, "10000000146", "High", "30", "999999"),
        RawLine(8, "10000000146", "No code", "20", "20000"),
        RawLine(9, "10000000146", "Bad code", "20", "20000", "99"),
    ]
    good, errors = rules.check_lines(pack, ym, rows)
    assert [g.row for g in good] == [2]
    by_row = {e.row: e.message for e in errors}
    assert "not valid" in by_row[3]
    assert "already declared on row 2" in by_row[4]
    assert "more than the month's 30 days" in by_row[5]
    assert "below the minimum 26005.50" in by_row[6]
    assert "above the ceiling" in by_row[7]
    assert "missing-day code" in by_row[8]
    assert "'99' is not a missing-day code" in by_row[9]
    ok, errs = rules.check_lines(pack, ym, [RawLine(2, "10000000146", "Part time", "20", "20000", "6")])
    assert not errs and ok[0].missing_code == "06"


def test_ir_sso_check_lines_uses_jalali_month_length() -> None:
    pack = load_pack("ir_sso")
    nid = "0499370899"
    good, errors = rules.check_lines(pack, YearMonth(1405, 2), [RawLine(2, nid, "علی", "31", "150000000")])
    assert good and not errors
    _good, errors = rules.check_lines(pack, YearMonth(1405, 8), [RawLine(2, nid, "علی", "31", "150000000")])
    assert "30 days" in errors[0].message


def test_allocation_oldest_first_or_chosen_month() -> None:
    a, b, c = YearMonth(1405, 5), YearMonth(1405, 6), YearMonth(1405, 7)
    open_months = [(b, 200), (a, 100), (c, 300)]
    assert rules.allocate(250, open_months) == [(a, 100), (b, 150)]
    assert rules.allocate(350, open_months, chosen=c) == [(c, 300), (a, 50)]
    assert rules.allocate(1000, open_months) == [(a, 100), (b, 200), (c, 300)]  # 400 left as a credit

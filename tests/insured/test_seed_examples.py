"""Seed 002 (Turkish short-term insurance) and seed 004 (the health-insurance income test): the
worked examples and tables the other rule tests did not hold yet, each through ``benefit compute``'s
computation (``rules.cases.compute_case``). docs/insured.md lists every example of both seeds with
the test that holds it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from branch_desktop.core.packs import load_pack
from branch_desktop.insured.rules.cases import compute_case
from branch_desktop.revenue import rules as revenue_rules

TR = load_pack("tr_sgk")
EARNINGS_2016 = [{"month": m, "days": 30, "amount": "2000"} for m in ("2016-09", "2016-10", "2016-11", "2016-12")]


def _step(out: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in out["trace"] if s["name"] == name)


# -- seed 002 -----------------------------------------------------------------------------------

def test_short_term_premium_is_two_percent_paid_by_the_employer_alone() -> None:
    """'Kısa Vadeli Sigorta Kolları Primi ... PRİME ESAS KAZANCIN %2'si ... TAMAMINI İŞVEREN ÖDER'
    (2017): 2,000.00 TL of earnings owe 40.00 TL, none of it from the insured."""
    short = next(c for c in revenue_rules.premium_for_wage(TR, 200_000, dt.date(2017, 1, 1)).components
                 if c.key == "short_term")
    assert (short.employee, short.employer) == (0, 4_000)


def test_occupational_disease_needs_no_premium_days_and_pays_from_the_first_day() -> None:
    """The eligibility table: work accident and occupational disease 'gün şartı aranmaz', paid
    'her gün' (one declared month of 10 days: 3 rest days, each at 2/3 of 1,000.00)."""
    out = compute_case(TR, {"kind": "occupational_disease", "start": "2025-06-10",
                            "earnings": [{"month": "2025-05", "days": 10, "amount": "10000"}],
                            "rest": [{"from": "2025-06-10", "to": "2025-06-12"}]})
    assert (out["eligible"], out["days_paid"], out["daily"], out["amount"]) == (True, 3, "666.67", "2000.01")
    assert _step(out, "min_premium_days")["value"] == "0"


@pytest.mark.parametrize(("kind", "coverage", "eligible"), [
    ("sickness", "4/1-a", True), ("sickness", "4/1-b", False), ("work_accident", "4/1-b", True),
    ("occupational_disease", "4/1-b", True)])
def test_a_self_employed_insured_gets_no_sickness_allowance(kind: str, coverage: str, eligible: bool) -> None:
    """The table's note *: '4/b kapsamındaki sigortalılar hastalık sigortası tanımında yer almaktadırlar
    ancak 18 inci maddede sayılmadıkları için geçici iş göremezlik ödeneği alamamaktadırlar' - the
    refusal names the status and the statuses the kind is paid to; a work accident is paid to both."""
    rows = [{"month": m, "days": 30, "amount": "30000"} for m in ("2024-12", "2025-01", "2025-02")]
    out = compute_case(TR, {"kind": kind, "start": "2025-03-10", "coverage": coverage, "earnings": rows,
                            "rest": [{"from": "2025-03-10", "to": "2025-03-19"}]})
    assert out["eligible"] is eligible
    if not eligible:
        assert out["refusal"] == {"condition": "coverage", "figures": {"coverage": "4/1-b", "allowed": "4/1-a"}}
    else:
        assert _step(out, "coverage")["passed"] is True and Decimal(out["amount"]) > 0


def test_maternity_needs_90_premium_days_in_the_year_before_the_birth() -> None:
    """'Analık ... 90 gün' (5510 art. 18): 87 days refused, naming the figures."""
    rows = [{"month": m, "days": 29, "amount": "30000"} for m in ("2025-03", "2025-04", "2025-05")]
    out = compute_case(TR, {"kind": "maternity", "birth": "2025-06-10", "earnings": rows})
    assert out["refusal"] == {"condition": "minimum_premium_days", "figures": {"days": 87, "required": 90}}


@pytest.mark.parametrize(("birth", "eligible"), [("2017-01-12", True), ("2017-01-13", False)])
def test_the_exit_date_table_for_maternity(birth: str, eligible: bool) -> None:
    """The exit table: exit 03/01; 'HASTALIK ANALIK 13/01'den (dahil) sonra alınan raporlara GİÖ
    ödenmez' - the maternity row (work accident and sickness: test_benefit_rules)."""
    out = compute_case(TR, {"kind": "maternity", "birth": birth, "earnings": EARNINGS_2016,
                            "exit_date": "2017-01-03"})
    assert out["eligible"] is eligible
    if not eligible:
        assert out["refusal"] == {"condition": "rest_within_grace_after_exit",
                                  "figures": {"start": "2017-01-13", "last_day": "2017-01-12"}}


def test_a_health_boards_first_rest_is_at_most_six_months() -> None:
    """'Sağlık kurulunun ilk vereceği istirahat süresi ... altı ayı geçemez': a first board report
    of 200 days is paid for 183 (six months, as the pack takes them) and the trace says why."""
    rows = [{"month": m, "days": 30, "amount": "30000"} for m in ("2025-03", "2025-04", "2025-05")]
    out = compute_case(TR, {"kind": "work_accident", "start": "2025-06-10", "earnings": rows,
                            "rest": [{"from": "2025-06-10", "to": "2025-12-26", "issuer": "board"}]})
    assert out["days_paid"] == 183
    check = _step(out, "board_first_rest_within_limit")
    assert check["passed"] is False and check["value"] == {"days": 200, "limit": 183}


@pytest.mark.parametrize(("public", "rest_ends", "deadline"), [
    (False, "2017-01-16", "2017-02-23"),  # ÖZEL BİLDİRİM SÜRESİ: report ends 16/01/2017, notice by 23/02/2017
    (True, "2017-01-11", "2017-02-07"),   # KAMU: ends 11/01/2017 (month of 15 Dec - 14 Jan), by 07/02/2017
    (True, "2017-01-26", "2017-03-07"),   # KAMU: ends 26/01/2017 (month of 15 Jan - 14 Feb), by 07/03/2017
])
def test_the_seeds_notice_deadlines_and_fines(public: bool, rest_ends: str, deadline: str) -> None:
    """The employer's 'did not work' notice is due with the premium document of the month the rest
    ends in; not given: half the gross minimum wage (2017: 1,777.50 / 2), late: a tenth."""
    data = {"kind": "work_accident", "start": "2017-01-05", "earnings": EARNINGS_2016,
            "rest": [{"from": "2017-01-05", "to": rest_ends}], "public_workplace": public}
    notice = compute_case(TR, data)["notice"]
    assert notice == {"deadline": deadline, "fine_if_missing": "888.75", "fine_if_late": "177.75"}
    on_time = compute_case(TR, {**data, "notice_date": deadline})["notice"]
    late_day = (dt.date.fromisoformat(deadline) + dt.timedelta(days=1)).isoformat()
    late = compute_case(TR, {**data, "notice_date": late_day})["notice"]
    assert (on_time["fine"], late["fine"]) == ("0", "177.75")


# -- seed 004 -----------------------------------------------------------------------------------

def _income(date: str, *incomes: str, **extra: Any) -> dict[str, Any]:
    household = [{"relation": "self", "monthly_income": incomes[0]}]
    household += [{"relation": "spouse", "monthly_income": x} for x in incomes[1:2]]
    return compute_case(TR, {"kind": "gss_income_test", "date": date, "household": household, **extra})


@pytest.mark.parametrize(("per_capita", "bracket", "premium"), [
    ("295.49", "G0", "0.00"),     # 'asgari ücretin üçte birinden az': the state pays
    ("295.50", "G1", "35.46"),    # 295,50 - 886,50: 295,50 x %12
    ("886.49", "G1", "35.46"),
    ("886.50", "G2", "106.38"),   # 886,50 - 1.773: 886,50 x %12
    ("1772.99", "G2", "106.38"),
    ("1773.00", "G3", "212.76"),  # 1.773 - : 1.773 x %12
])
def test_the_brackets_at_their_bounds(per_capita: str, bracket: str, premium: str) -> None:
    out = _income("2012-03-01", per_capita)
    assert (out["bracket"], out["premium"]) == (bracket, premium)


def test_premiums_follow_the_gross_minimum_wage() -> None:
    """'Brüt asgari ücrete endekslenen primler, asgari ücret arttıkça yükselecektir': the same
    income in July 2012 (MW 940.50) owes 940.50 / 3 x 12 % = 37.62."""
    assert (_income("2012-03-01", "400")["premium"], _income("2012-07-01", "400")["premium"]) == ("35.46", "37.62")


def test_who_counts_in_the_household() -> None:
    """Spouse, unmarried children of any age in the household, mother and father; an unmarried
    student under 25 living away counts, another child living away does not."""
    household = [{"relation": "self", "monthly_income": "900"}, {"relation": "mother", "monthly_income": "300"},
                 {"relation": "father", "monthly_income": "0"},
                 {"relation": "child", "monthly_income": "0", "in_household": False},
                 {"relation": "child", "monthly_income": "0", "in_household": False, "student_under_25_away": True}]
    out = compute_case(TR, {"kind": "gss_income_test", "date": "2012-03-01", "household": household})
    assert (out["per_capita_income"], out["bracket"], out["premium"]) == ("300.00", "G1", "35.46")
    assert _step(out, "household_size")["value"] == 4


def test_not_applying_within_a_month_takes_the_income_as_twice_the_minimum_wage() -> None:
    """'1 ay içinde Vakfa başvurmazsa gelirleri asgari ücretin iki katı kabul edilecek ve ...
    primler yaklaşık 106 TL'den yaklaşık 212 TL'ye çıkacak'."""
    assert _income("2012-03-01", "1000")["premium"] == "106.38"
    late = _income("2012-03-01", "1000", applied_late=True)
    assert (late["per_capita_income"], late["bracket"], late["premium"]) == ("1773.00", "G3", "212.76")


def test_objection_within_15_days_of_the_notice_decided_within_15() -> None:
    out = _income("2012-03-01", "400", notice_date="2012-03-10", objection_date="2012-03-20")
    assert (out["objection_deadline"], out["objection_decided_by"]) == ("2012-03-25", "2012-04-04")
    assert _step(out, "objection_in_time")["passed"] is True
    late = _income("2012-03-01", "400", notice_date="2012-03-10", objection_date="2012-03-26")
    assert _step(late, "objection_in_time")["passed"] is False


def test_no_new_test_within_six_months_unless_the_income_changed() -> None:
    early = _income("2012-05-31", "400", previous_test_date="2011-12-01")
    assert not early["eligible"] and early["refusal"] == {
        "condition": "renewal_after_six_months", "figures": {"previous": "2011-12-01", "earliest": "2012-06-01"}}
    assert _income("2012-06-01", "400", previous_test_date="2011-12-01")["eligible"]
    changed = _income("2012-05-31", "400", previous_test_date="2011-12-01", income_changed=True)
    assert changed["eligible"] and changed["bracket"] == "G1"


@pytest.mark.parametrize(("exit_date", "eligible"), [("2024-05-14", True), ("2024-05-13", False)])
def test_a_birth_within_300_days_of_the_exit_still_gets_the_nursing_allowance(exit_date: str, eligible: bool) -> None:
    """'İşten çıkıştan sonra 300 gün içinde doğum gerçekleşirse emzirme ödeneği ödenir': a birth on
    2025-03-10 is 300 days after 2024-05-14 (paid, 1,238.00 TL) and 301 after 2024-05-13."""
    # the premium days as test_allowance_rules gives them (the 120 days are checked there)
    rows = [{"month": m, "days": 30, "amount": "30000"} for m in ("2024-11", "2024-12", "2025-01", "2025-02")]
    out = compute_case(TR, {"kind": "nursing", "birth": "2025-03-10", "earnings": rows, "exit_date": exit_date})
    if eligible:
        assert out["amount"] == "1238.00"
    else:
        assert out["refusal"] == {"condition": "birth_within_300_days_of_exit", "figures": {"days": 301, "limit": 300}}
    assert _step(out, "nursing_birth_after_exit_days")["source"].startswith("5510 art. 16/2")

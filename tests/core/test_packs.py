import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from branch_desktop.core.errors import PackError, ValidationError
from branch_desktop.core.packs import available_packs, load_pack, load_pack_from
from branch_desktop.paths import packs_dir


def test_both_packs_load_with_their_currency_and_calendar() -> None:
    assert {"ir_sso", "tr_sgk"} <= set(available_packs())
    ir = load_pack("ir_sso")
    assert (ir.currency.code, ir.currency.minor_digits, ir.calendar.kind.value, ir.language) == ("IRR", 0, "jalali", "fa")
    tr = load_pack("tr_sgk")
    assert (tr.currency.code, tr.currency.minor_digits, tr.calendar.kind.value, tr.language) == ("TRY", 2, "gregorian", "tr")


def test_ir_sso_chart_has_the_seed_accounts() -> None:
    ir = load_pack("ir_sso")
    codes = {a.code for a in ir.accounts}
    assert {"1500", "1600", "1700", "1800", "8213", "8220"} <= codes
    for role in ("revenue_bank", "legal_obligation_bank", "loan_fund_bank", "cheques_in_collection",
                 "premiums_receivable", "premium_revenue", "benefit_sickness", "net_pay_payable"):
        assert ir.account_code(role) in codes
    assert ir.account_code("revenue_bank") == "1500"
    assert ir.account_code("legal_obligation_bank") == "1600"


def test_parameters_are_looked_up_by_date() -> None:
    tr = load_pack("tr_sgk")
    assert tr.param("minimum_wage.gross_monthly", dt.date(2012, 3, 1)) == Decimal("886.50")
    assert tr.param("minimum_wage.gross_monthly", dt.date(2024, 12, 31)) == Decimal("20002.50")
    assert tr.param("minimum_wage.gross_monthly", dt.date(2025, 1, 1)) == Decimal("26005.50")
    # 7.5 x from 2017-01-01 (Law 6761); the old test locked 2022-01-01 in
    assert tr.param("premium.ceiling_multiple", dt.date(2016, 12, 31)) == Decimal("6.5")
    assert tr.param("premium.ceiling_multiple", dt.date(2017, 1, 1)) == Decimal("7.5")
    # no gap: every half-year of 2012-2023 has its own minimum wage
    assert tr.param("minimum_wage.gross_monthly", dt.date(2023, 6, 30)) == Decimal("10008.00")
    assert tr.param("minimum_wage.gross_monthly", dt.date(2023, 7, 1)) == Decimal("13414.50")
    assert tr.param("minimum_wage.gross_monthly", dt.date(2026, 1, 1)) == Decimal("33030.00")
    ir = load_pack("ir_sso")
    # effective_from is written in the Jalali calendar
    assert ir.param("loanfund.employee_rate", dt.date(2026, 1, 1)) == Decimal("0.04")
    with pytest.raises(PackError, match="no value in force"):
        tr.param("minimum_wage.gross_monthly", dt.date(2000, 1, 1))
    with pytest.raises(PackError, match="no parameter"):
        tr.param("no.such.thing", dt.date(2025, 1, 1))


def _copy_pack(tmp_path: Path) -> Path:
    target = tmp_path / "ir_sso"
    shutil.copytree(packs_dir() / "ir_sso", target)
    return target


def test_bad_parameter_row_names_file_row_and_reason(tmp_path: Path) -> None:
    pack = _copy_pack(tmp_path)
    with (pack / "parameters.csv").open("a", encoding="utf-8") as fh:
        fh.write("premium.employer_rate,1400/01/01,twenty,ratio,broken\n")
    with pytest.raises(PackError) as err:
        load_pack_from(pack)
    msg = str(err.value)
    assert "parameters.csv" in msg and "row 14" in msg and "'twenty' is not a number" in msg


def test_bad_date_and_unknown_parent_are_refused(tmp_path: Path) -> None:
    pack = _copy_pack(tmp_path)
    with (pack / "parameters.csv").open("a", encoding="utf-8") as fh:
        fh.write("x.rate,1400/13/01,1,ratio,bad month\n")
    with pytest.raises(PackError, match=r"row 14: effective_from '1400/13/01'"):
        load_pack_from(pack)
    pack2 = _copy_pack(tmp_path / "b")
    with (pack2 / "accounts.csv").open("a", encoding="utf-8") as fh:
        fh.write("9999,9000,expense,yes,Orphan,Orphan\n")
    with pytest.raises(PackError, match=r"accounts.csv, row \d+: parent 9000 is not defined"):
        load_pack_from(pack2)


def test_account_role_must_name_a_postable_account(tmp_path: Path) -> None:
    pack = _copy_pack(tmp_path)
    toml = (pack / "pack.toml").read_text(encoding="utf-8").replace('revenue_bank = "1500"', 'revenue_bank = "1100"')
    (pack / "pack.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(PackError, match="1100, which is not postable"):
        load_pack_from(pack)


def test_every_parameter_row_keeps_its_source_and_note() -> None:
    tr = load_pack("tr_sgk")
    row = tr.param_row("premium.short_term.employer_rate", dt.date(2024, 9, 1))
    assert row is not None and row.value == Decimal("0.0225") and "7524" in row.source
    assert tr.param_row("premium.short_term.employer_rate", dt.date(2008, 9, 30)) is None
    ir = load_pack("ir_sso")
    assert [r.since for r in ir.param_rows("minimum_wage.gross_monthly")][:2] == [
        ir.calendar.to_gregorian(1390, 1, 1), ir.calendar.to_gregorian(1391, 1, 1)]


def test_pack_rules_are_read_and_checked(tmp_path: Path) -> None:
    assert load_pack("tr_sgk").rule("premium").rounding == "group"
    assert load_pack("ir_sso").rule("premium").date == "period_last_day"
    assert load_pack("ir_sso").rule("no_such_kind").rounding == "component"  # the default
    pack = _copy_pack(tmp_path)
    toml = (pack / "pack.toml").read_text(encoding="utf-8").replace(
        'date = "period_last_day"\nrounding = "component"\n\n[rules.payroll]', 'date = "mid_month"\n\n[rules.payroll]')
    (pack / "pack.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(PackError, match="rule 'premium' needs date"):
        load_pack_from(pack)


def test_the_ids_table_names_the_validators_and_labels() -> None:
    from branch_desktop.core.ids import (
        clean_employer_id,
        clean_person_id,
        iran_national_code_with_check,
        vkn_with_check,
    )

    ir, tr = load_pack("ir_sso").ids, load_pack("tr_sgk").ids
    assert (ir.person, ir.employer, ir.employer_label) == ("ir_national_code", "ir_national_code_or_legal_id",
                                                           "National id")
    assert (tr.person, tr.employer, tr.business_code) == ("tr_tc_kimlik", "tr_vkn_or_tc_kimlik", "[0-9]{4}")
    # the same text is a person's id in one pack and refused in the other, by the pack's data
    nid = iran_national_code_with_check("001234567")
    assert clean_person_id("ir_sso", nid) == nid
    with pytest.raises(ValidationError, match="T.C. identity number has 11 digits"):
        clean_person_id("tr_sgk", nid)
    vkn = vkn_with_check("454053601")
    assert clean_employer_id("tr_sgk", vkn) == vkn
    with pytest.raises(ValidationError):
        clean_employer_id("ir_sso", vkn)


@pytest.mark.parametrize(("old", "new", "message"), [
    ('person = "ir_national_code"\n', "", r"pack.toml: the key 'ids.person' is missing"),
    ('employer = "ir_national_code_or_legal_id"', 'employer = "ir_passport"',
     r"pack.toml: the key 'ids.employer' names 'ir_passport', which is none of ir_national_code_or_legal_id, "),
    ('business_code = "[0-9]*"', 'business_code = "[0-9"', r"pack.toml: the key 'ids.business_code' is not a valid"),
    ("[ids]\n", "[ids_old]\n", r"pack.toml: the key 'ids' is missing"),
])
def test_a_bad_ids_table_is_refused_naming_file_and_key(tmp_path: Path, old: str, new: str, message: str) -> None:
    pack = _copy_pack(tmp_path)
    toml = (pack / "pack.toml").read_text(encoding="utf-8")
    assert old in toml
    (pack / "pack.toml").write_text(toml.replace(old, new), encoding="utf-8")
    with pytest.raises(PackError, match=message):
        load_pack_from(pack)

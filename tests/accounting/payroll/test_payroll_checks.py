"""The checks of an employee's file and a decree (``rules.staff``): national ids and IBANs through
``core.ids`` for the pack's country, every refusal a typed error naming its field."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from branch_desktop.accounting.payroll import rules
from branch_desktop.accounting.payroll.demo import iran_national_id, make_iban, turkish_national_id
from branch_desktop.accounting.payroll.exceptions import (
    InvalidIban,
    InvalidNationalId,
    JobGroupOutOfRange,
    JobGroupRequired,
    NameRequired,
    NegativeAmount,
    PayrollError,
    PersonnelNoRequired,
    UnknownChoice,
)
from branch_desktop.accounting.payroll.types import DecreeInput, EmployeeInput
from branch_desktop.core.errors import ValidationError
from branch_desktop.core.i18n import set_language

RNG = random.Random(11)
IR_ID, TR_ID = iran_national_id(RNG), turkish_national_id(RNG)
IR_IBAN, TR_IBAN = make_iban(RNG, "IR"), make_iban(RNG, "TR")


def employee(**kw: object) -> EmployeeInput:
    base: dict[str, object] = {"personnel_no": "00001", "national_id": IR_ID, "first_name": "Ali",
                               "last_name": "Karimi", "hire_date": dt.date(2020, 1, 1), "iban": IR_IBAN}
    base.update(kw)
    return EmployeeInput(**base)  # type: ignore[arg-type]


def decree(**kw: object) -> DecreeInput:
    base: dict[str, object] = {"effective_from": dt.date(2020, 1, 1), "post": "expert", "employment": "permanent",
                               "job_group": 8, "married": False}
    base.update(kw)
    return DecreeInput(**base)  # type: ignore[arg-type]


def test_a_good_file_comes_back_compact() -> None:
    spaced = " ".join(IR_IBAN[i:i + 4] for i in range(0, len(IR_IBAN), 4)).lower()
    persian_digits = IR_ID.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert rules.check_employee("ir_sso", employee(national_id=persian_digits, iban=spaced)) == (IR_ID, IR_IBAN)
    assert rules.check_employee("tr_sgk", employee(national_id=TR_ID, iban=TR_IBAN)) == (TR_ID, TR_IBAN)
    assert rules.check_employee("ir_sso", employee(iban="")) == (IR_ID, "")


@pytest.mark.parametrize(("pack", "data", "error", "field", "params"), [
    ("ir_sso", employee(personnel_no=" "), PersonnelNoRequired, "personnel_no", {}),
    ("ir_sso", employee(last_name=""), NameRequired, "name", {}),
    ("ir_sso", employee(national_id="1111111111"), InvalidNationalId, "national_id", {"value": "1111111111"}),
    ("ir_sso", employee(national_id=IR_ID[:-1] + str((int(IR_ID[-1]) + 1) % 10)), InvalidNationalId, "national_id",
     None),
    ("tr_sgk", employee(national_id=IR_ID), InvalidNationalId, "national_id", {"value": IR_ID}),  # another country's
    ("ir_sso", employee(iban=IR_IBAN[:-1] + str((int(IR_IBAN[-1]) + 1) % 10)), InvalidIban, "iban", None),
    ("ir_sso", employee(iban=TR_IBAN), InvalidIban, "iban", {"value": TR_IBAN}),  # valid, but not an Iranian account
    ("ir_sso", employee(education="kindergarten"), UnknownChoice, "education", {"value": "kindergarten"}),
])
def test_a_bad_file_names_its_field(pack: str, data: EmployeeInput, error: type[PayrollError], field: str,
                                    params: dict[str, object] | None) -> None:
    with pytest.raises(error) as caught:
        rules.check_employee(pack, data)
    assert isinstance(caught.value, ValidationError) and caught.value.field == field
    if params is not None:
        assert caught.value.params == params


@pytest.mark.parametrize(("data", "error", "field"), [
    (decree(post="pilot"), UnknownChoice, "post"),
    (decree(employment="freelance"), UnknownChoice, "employment"),
    (decree(housing="tent"), UnknownChoice, "housing"),
    (decree(job_group=None), JobGroupRequired, "job_group"),
    (decree(job_group=21), JobGroupOutOfRange, "job_group"),
    (decree(other_allowance=Decimal(-1)), NegativeAmount, "other_allowance"),
    (decree(other_deduction=Decimal(-1)), NegativeAmount, "other_deduction"),
])
def test_a_bad_decree_names_its_field(data: DecreeInput, error: type[PayrollError], field: str) -> None:
    with pytest.raises(error) as caught:
        rules.check_decree(data)
    assert isinstance(caught.value, ValidationError) and caught.value.field == field
    rules.check_decree(decree(employment="contract", job_group=None))  # contract staff may have no group yet


def test_the_messages_are_the_catalogues_msgids() -> None:
    err = InvalidNationalId(value="123")
    assert err.template == "{value} is not a valid national identity number." and str(err) == (
        "123 is not a valid national identity number.")
    set_language("tr")
    try:
        translated = str(UnknownChoice(field="post", post="pilot"))
    finally:
        set_language("en")
    assert "pilot" in translated and translated != "'pilot' is not a post."

"""Checks of an employee's file and of a decree before they are saved (no database, no Qt).

National ids and IBANs are checked by ``core.ids`` (one validator per identifier, for every
department); the errors say which field is wrong.
"""

from __future__ import annotations

from branch_desktop.accounting.payroll.exceptions import (
    InvalidIban,
    InvalidNationalId,
    JobGroupOutOfRange,
    JobGroupRequired,
    NameRequired,
    NegativeAmount,
    PersonnelNoRequired,
    UnknownChoice,
)
from branch_desktop.accounting.payroll.rules.lines import (
    EDUCATION,
    EMPLOYMENT_TYPES,
    HOUSING_SITUATIONS,
    POSTS,
)
from branch_desktop.accounting.payroll.types import DecreeInput, EmployeeInput
from branch_desktop.core.errors import ValidationError
from branch_desktop.core.ids import clean_iban, clean_person_id
from branch_desktop.core.packs import load_pack

MAX_GROUP = 20  # the pay table's highest job group


def clean_national_id(pack_code: str, text: str) -> str:
    """The national id in its compact form, or :class:`InvalidNationalId`."""
    try:
        return clean_person_id(pack_code, text)
    except ValidationError as exc:
        raise InvalidNationalId(value=text.strip()) from exc


def clean_staff_iban(pack_code: str, text: str) -> str:
    """An employee's IBAN (of the pack's country) in compact form; blank stays blank."""
    if not text.strip():
        return ""
    try:
        return clean_iban(text, load_pack(pack_code).country)
    except ValidationError as exc:
        raise InvalidIban(value=text.strip()) from exc


def check_employee(pack_code: str, data: EmployeeInput) -> tuple[str, str]:
    """Check an employee's file; returns the compact (national id, IBAN)."""
    if not data.personnel_no.strip():
        raise PersonnelNoRequired()
    if not data.first_name.strip() or not data.last_name.strip():
        raise NameRequired()
    national_id = clean_national_id(pack_code, data.national_id)
    iban = clean_staff_iban(pack_code, data.iban)
    if data.education and data.education not in EDUCATION:
        raise UnknownChoice(field="education", value=data.education)
    return national_id, iban


def check_decree(data: DecreeInput) -> None:
    if data.post not in POSTS:
        raise UnknownChoice(field="post", post=data.post)
    if data.employment not in EMPLOYMENT_TYPES:
        raise UnknownChoice(field="employment", value=data.employment)
    if data.housing not in HOUSING_SITUATIONS:
        raise UnknownChoice(field="housing", value=data.housing)
    if data.job_group is None and data.employment != "contract":
        raise JobGroupRequired()
    if data.job_group is not None and not 1 <= data.job_group <= MAX_GROUP:
        raise JobGroupOutOfRange()
    if data.other_allowance < 0:
        raise NegativeAmount(field="other_allowance")
    if data.other_deduction < 0:
        raise NegativeAmount(field="other_deduction")

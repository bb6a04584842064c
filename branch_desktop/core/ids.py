"""Identifier validation: Iranian national code and legal-entity id (check digits written here),
Turkish T.C. identity number and tax number (python-stdnum), IBAN (python-stdnum).

Each ``clean_*`` function takes what a user typed (spaces, dashes, Persian or Arabic-Indic
digits) and returns the compact form, or raises a translatable :class:`ValidationError` that
says what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from branch_desktop.core.errors import ValidationError
from branch_desktop.core.money import DIGITS_TO_ASCII


def compact(text: str) -> str:
    """Digits and letters only, ASCII digits, upper case."""
    return re.sub(r"[\s\-./_]", "", str(text).translate(DIGITS_TO_ASCII)).upper()


# -- Iran -------------------------------------------------------------------------------------


def iran_national_code_ok(code: str) -> bool:
    """10 digits, the last a mod-11 check digit over the first nine weighted 10..2."""
    if not re.fullmatch(r"\d{10}", code) or len(set(code)) == 1:
        return False
    total = sum(int(code[i]) * (10 - i) for i in range(9)) % 11
    check = int(code[9])
    return check == total if total < 2 else check == 11 - total


def iran_legal_id_ok(code: str) -> bool:
    """11-digit national id of a legal entity (company, institution): weights 29,27,23,19,17
    over (digit + tenth digit + 2), remainder mod 11 (10 counts as 0) is the last digit."""
    if not re.fullmatch(r"\d{11}", code) or len(set(code)) == 1:
        return False
    weights = (29, 27, 23, 19, 17)
    base = int(code[9]) + 2
    total = sum((base + int(code[i])) * weights[i % 5] for i in range(10)) % 11
    return int(code[10]) == (0 if total == 10 else total)


def clean_iran_national_code(text: str) -> str:
    code = compact(text)
    if not re.fullmatch(r"\d{10}", code):
        raise ValidationError("A national code has 10 digits; '{text}' has not.", text=text)
    if not iran_national_code_ok(code):
        raise ValidationError("The national code {code} is not valid (check digit).", code=code)
    return code


# -- Turkey -----------------------------------------------------------------------------------


def clean_tc_kimlik(text: str) -> str:
    code = compact(text)
    if not re.fullmatch(r"\d{11}", code):
        raise ValidationError("A T.C. identity number has 11 digits; '{text}' has not.", text=text)
    from stdnum.exceptions import ValidationError as StdnumError  # python-stdnum imports ssl: only when used
    from stdnum.tr import tckimlik as _tckimlik

    try:
        return str(_tckimlik.validate(code))
    except StdnumError:
        raise ValidationError("The T.C. identity number {code} is not valid (check digits).", code=code) from None


def clean_vkn(text: str) -> str:
    code = compact(text)
    if not re.fullmatch(r"\d{10}", code):
        raise ValidationError("A tax number (VKN) has 10 digits; '{text}' has not.", text=text)
    from stdnum.exceptions import ValidationError as StdnumError
    from stdnum.tr import vkn as _vkn

    try:
        return str(_vkn.validate(code))
    except StdnumError:
        raise ValidationError("The tax number {code} is not valid (check digit).", code=code) from None


# -- per pack: the pack's [ids] table names the validators -------------------------------------


def _clean_ir_employer_id(text: str) -> str:
    """Iran: a person's national code (10 digits) or a legal entity's national id (11 digits)."""
    code = compact(text)
    if len(code) == 10:
        return clean_iran_national_code(code)
    if len(code) == 11:
        if not iran_legal_id_ok(code):
            raise ValidationError("The legal-entity national id {code} is not valid (check digit).", code=code)
        return code
    raise ValidationError(
        "An employer id is a national code (10 digits) or a legal-entity id (11 digits); '{text}' is neither.",
        text=text,
    )


def _clean_tr_employer_id(text: str) -> str:
    """Turkey: a tax number (VKN, 10 digits) or a person's T.C. identity number (11 digits)."""
    code = compact(text)
    if len(code) == 10:
        return clean_vkn(code)
    if len(code) == 11:
        return clean_tc_kimlik(code)
    raise ValidationError(
        "An employer id is a tax number (10 digits) or a T.C. identity number (11 digits); '{text}' is neither.",
        text=text,
    )


# what a pack's ``[ids] person`` and ``[ids] employer`` may name
PERSON_IDS: dict[str, Callable[[str], str]] = {
    "ir_national_code": clean_iran_national_code,
    "tr_tc_kimlik": clean_tc_kimlik,
}
EMPLOYER_IDS: dict[str, Callable[[str], str]] = {
    "ir_national_code_or_legal_id": _clean_ir_employer_id,
    "tr_vkn_or_tc_kimlik": _clean_tr_employer_id,
}


def clean_person_id(pack_code: str, text: str) -> str:
    """An insured person's national id, checked by the validator the pack's ``[ids] person`` names."""
    from branch_desktop.core.packs import load_pack

    return PERSON_IDS[load_pack(pack_code).ids.person](text)


def clean_employer_id(pack_code: str, text: str) -> str:
    """An employer's id (a person's national id or the business's tax / legal-entity id), checked
    by the validator the pack's ``[ids] employer`` names."""
    from branch_desktop.core.packs import load_pack

    return EMPLOYER_IDS[load_pack(pack_code).ids.employer](text)


_IR_IBAN = r"IR\d{2}0\d{21}"


def clean_iban(text: str, country: str | None = None) -> str:
    """An IBAN in compact form; ``country`` ("IR", "TR") restricts the country code."""
    from stdnum import iban as _iban
    from stdnum.exceptions import ValidationError as StdnumError
    from stdnum.iso7064 import mod_97_10 as _mod_97_10

    code = compact(text)
    try:
        if code.startswith("IR"):
            # python-stdnum's IBAN registry has no Iranian entry: the layout is checked here (IR,
            # 2 check digits, 0 and the bank's 2-digit code, the 19-digit account: Central Bank
            # of Iran's Sheba), the ISO 7064 mod 97-10 check digits through stdnum.
            if not re.fullmatch(_IR_IBAN, code):
                raise ValidationError("The IBAN {iban} is not valid.", iban=code)
            _mod_97_10.validate(code[4:] + code[:4])
            value = code
        else:
            value = str(_iban.validate(code))
    except StdnumError:
        raise ValidationError("The IBAN {iban} is not valid.", iban=code) from None
    if country and not value.startswith(country):
        raise ValidationError("The IBAN {iban} is not a {country} account.", iban=value, country=country)
    return value




def iran_national_code_with_check(first_nine: str) -> str:
    """The full national code for nine digits (test factories, demo data)."""
    total = sum(int(first_nine[i]) * (10 - i) for i in range(9)) % 11
    return first_nine + str(total if total < 2 else 11 - total)


def tc_kimlik_with_check(first_nine: str) -> str:
    """The full T.C. identity number for nine digits (first not 0)."""
    d = [int(c) for c in first_nine]
    d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    d11 = (sum(d) + d10) % 10
    return first_nine + str(d10) + str(d11)


def vkn_with_check(first_nine: str) -> str:
    """The full VKN for nine digits."""
    from stdnum.tr import vkn as _vkn

    return first_nine + str(_vkn.calc_check_digit(first_nine))


def iban_with_check(country: str, bban: str) -> str:
    """An IBAN for a country and its basic bank account number."""
    from stdnum import iban as _iban

    return country + _iban.calc_check_digits(country + "00" + bban) + bban

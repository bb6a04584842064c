"""Banking's pure rules alone (no database): statement continuity and balance, the account a file
names, line fingerprints, the cheque states' steps and the two signatures; the IBAN check."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from branch_desktop.accounting.banking import exceptions as bx
from branch_desktop.accounting.banking import rules
from branch_desktop.accounting.banking.importers.base import ParsedLine
from branch_desktop.accounting.banking.services import bank_iban, default_ibans
from branch_desktop.accounting.banking.states import ChequeStatus
from branch_desktop.core.calendar import Calendar
from branch_desktop.core.ids import clean_iban
from branch_desktop.core.money import Currency

IRR, TRY = Currency("IRR", 0), Currency("TRY", 2)


def test_balances_continue_the_previous_statement_and_add_up():
    assert rules.balances("S2", 500, 800, 300, 500, IRR) == (500, 800)
    assert rules.balances("csv", None, None, 300, 500, IRR) == (500, 800)  # a CSV has no balances
    assert rules.balances("first", None, None, -40, None, IRR) == (0, -40)
    with pytest.raises(bx.StatementGap) as gap:
        rules.balances("S2", 400, 700, 300, 500, TRY)
    assert gap.value.params == {"where": "S2", "opening": "4.00", "closing": "5.00"}
    with pytest.raises(bx.StatementUnbalanced) as off:
        rules.balances("S2", 500, 801, 300, 500, IRR)
    assert off.value.params == {"where": "S2", "opening": "500", "lines": "300", "total": "800", "closing": "801"}


def test_a_statement_may_not_end_before_the_last_one():
    cal = Calendar("gregorian")
    rules.check_order("S3", dt.date(2024, 8, 1), dt.date(2024, 8, 1), cal)
    rules.check_order("S1", dt.date(2024, 8, 1), None, cal)
    with pytest.raises(bx.StatementOverlap) as err:
        rules.check_order("S3", dt.date(2024, 7, 30), dt.date(2024, 8, 1), cal)
    assert err.value.field == "file" and err.value.params["where"] == "S3"


def test_the_account_a_file_names():
    iban = "IR490570000000000000000001"
    for stated in ("", iban, "IR49 0570 0000 0000 0000 0000 01", "0570000000000000000001", "1500", "57/0000000000000001"):
        assert rules.account_matches(iban, "1500", stated), stated
    assert not rules.account_matches(iban, "1500", "IR220570000000000000000002")


def test_equal_lines_of_one_file_get_different_fingerprints():
    line = ParsedLine(dt.date(2024, 7, 31), Decimal("-12000"), description="fee")
    a, b, c = rules.fingerprints(7, [line, line, ParsedLine(dt.date(2024, 7, 31), Decimal("5"))])
    assert len({a, b, c}) == 3
    assert rules.fingerprints(7, [line]) == [a] and rules.fingerprints(8, [line]) != [a]


def test_cheque_steps_by_state():
    rules.check_spoilable(5, ChequeStatus.ISSUED)
    rules.check_spoilable(5, ChequeStatus.SIGNED)
    for done in (ChequeStatus.POSTED, ChequeStatus.SPOILED):
        with pytest.raises(bx.ChequeStateError) as err:
            rules.check_spoilable(5, done)
        assert err.value.params["number"] == 5 and str(err.value.params["status"]) == done.value
    rules.check_postable(5, ChequeStatus.SIGNED)
    with pytest.raises(bx.ChequeNotSigned):
        rules.check_postable(5, ChequeStatus.ISSUED)


def test_two_signatures_of_two_people():
    sign = rules.check_signature
    assert sign(5, ChequeStatus.ISSUED, rules.SIGN_ACCOUNTING, 3, "acc", None, None) == rules.SIGN_ACCOUNTING
    assert sign(5, ChequeStatus.ISSUED, rules.SIGN_HEAD, 4, "mgr", 3, None) == rules.SIGN_HEAD
    with pytest.raises(bx.SameSigner) as same:
        sign(5, ChequeStatus.ISSUED, rules.SIGN_HEAD, 3, "acc", 3, None)
    assert same.value.params == {"number": 5, "user": "acc"}
    with pytest.raises(bx.AlreadySignedForRole):
        sign(5, ChequeStatus.ISSUED, rules.SIGN_ACCOUNTING, 6, "other", 3, None)
    with pytest.raises(bx.NotASigner):
        sign(5, ChequeStatus.ISSUED, None, 7, "clerk", None, None)
    with pytest.raises(bx.ChequeNotSignable):
        sign(5, ChequeStatus.SIGNED, rules.SIGN_HEAD, 4, "mgr", 3, None)


def test_one_iban_validator_and_demo_ibans_of_the_packs_country():
    for pack, country in (("ir_sso", "IR"), ("tr_sgk", "TR")):
        ibans = default_ibans(pack)
        assert len(set(ibans.values())) == 4
        for iban in ibans.values():
            assert iban.startswith(country) and clean_iban(iban, country) == iban == bank_iban(iban, country)
    assert bank_iban(" ir49 0570-0000 0000 0000 0000 01 ") == "IR490570000000000000000001"
    with pytest.raises(bx.InvalidIban) as bad:
        bank_iban("IR820570000000000000000002")
    assert bad.value.params == {"iban": "IR820570000000000000000002"} and bad.value.field == "iban"
    assert str(bad.value) == "'IR820570000000000000000002' is not a valid IBAN."
    with pytest.raises(bx.ForeignIban):
        bank_iban(default_ibans("tr_sgk")["revenue_bank"], "IR")

"""Statement amounts parsed strictly: MT940 ``5x0y0`` is refused, not imported as 5; a statement
file over the size limit is refused before it is read; nothing is written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from branch_desktop.accounting.banking import services as bank
from branch_desktop.core.errors import ValidationError
from tests.accounting.banking.helpers import mt940_text, setup_accounts
from tests.accounting.banking.test_banking_import import counts
from tests.conftest import Branch


def test_mt940_partial_amounts_refused(branch: Branch) -> None:
    setup_accounts(branch)
    iban = bank.default_ibans("ir_sso")["revenue_bank"]
    good = mt940_text(iban, "IRR", "1/1", Decimal(0), [(dt.date(2024, 7, 22), Decimal(5), "R1")], digits=0)
    line = good.replace(b"C5,NTRF", b"C5x0y0NTRF")
    balance = good.replace(b":62F:C240722IRR5,", b":62F:C240722IRR5x0y0")
    assert line != good and balance != good
    with pytest.raises(ValidationError, match=r"line 5: the amount of the statement line is malformed: "
                                              r"':61:2407220722C5x0y0NTRFR1'"):
        bank.import_statement(branch.ctx, branch.accountant, "1500", line, fmt="mt940")
    with pytest.raises(ValidationError, match="line 7: the balance is malformed"):
        bank.import_statement(branch.ctx, branch.accountant, "1500", balance, fmt="mt940")
    assert counts(branch) == (0, 0)
    bank.import_statement(branch.ctx, branch.accountant, "1500", good, fmt="mt940")
    assert counts(branch) == (1, 1)


def test_csv_huge_field_and_amount_refused(branch: Branch) -> None:
    from branch_desktop.accounting.banking.importers.csv import CsvLayout

    setup_accounts(branch)
    bank.save_csv_mapping(branch.ctx, branch.accountant, "plain", CsvLayout(date="Date", amount="Amount",
                                                                            reference="Ref"))
    for data, expected in (
        (b'Date,Amount,Ref\n2024-07-22,100,a\n2024-07-23,5,"' + b"x" * 200_000 + b'"\n',
         "line 3: the CSV is malformed (field larger than field limit"),
        (b"Date,Amount,Ref\n2024-07-22,100,a\n2024-07-23,5x0y0,b\n", "line 3: '5x0y0' is not an amount."),
        (b"Date,Amount,Ref\n2024-07-22," + b"9" * 30 + b",a\n", "line 2: The amount 9999"),
    ):
        with pytest.raises(ValidationError) as err:
            bank.import_statement(branch.ctx, branch.accountant, "1500", data, mapping="plain", fmt="csv")
        assert expected in str(err.value), str(err.value)
    assert counts(branch) == (0, 0)


def test_statement_file_size_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from branch_desktop.accounting.banking.services import statements

    monkeypatch.setattr(statements, "MAX_FILE_BYTES", 1000)
    big = tmp_path / "big.xml"
    big.write_bytes(b" " * 2000)
    with pytest.raises(ValidationError, match="big.xml is larger than 1 MB"):
        bank.read_statement_file(big)
    with pytest.raises(ValidationError, match="does not exist"):
        bank.read_statement_file(tmp_path / "none.xml")


def test_csv_mapping_file_refused_cleanly(tmp_path: Path) -> None:
    from branch_desktop.accounting.banking.importers.csv import CsvLayout

    bad = tmp_path / "m.json"
    for data, expected in ((b'{"date": "D", "amount": "\xe9"}', "m.json, line 1: the text is not UTF-8"),
                           (b"[" * 100_000, "not valid JSON"), (b"x" * (2 << 20), "larger than 1 MB")):
        bad.write_bytes(data)
        with pytest.raises(ValidationError, match=expected):
            CsvLayout.from_file(bad)
    with pytest.raises(ValidationError, match="does not exist"):
        CsvLayout.from_file(tmp_path / "none.json")
    bad.write_text('{"date": "D", "amount": "A"}', encoding="utf-8")
    assert CsvLayout.from_file(bad).amount == "A"

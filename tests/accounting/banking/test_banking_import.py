"""Statement import: the shared real samples, generated files in IRR and TRY, hostile files."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from branch_desktop.accounting.banking import exceptions as bx
from branch_desktop.accounting.banking import services as bank
from branch_desktop.accounting.banking.importers import camt053, mt940
from branch_desktop.accounting.banking.importers import csv as csv_importer
from branch_desktop.accounting.banking.importers.csv import CsvLayout
from branch_desktop.accounting.banking.models import BankAccount, Statement, StatementLine
from branch_desktop.core.calendar import Calendar
from branch_desktop.core.errors import ConflictError, DomainError, NotFound, PermissionDenied, ValidationError
from branch_desktop.core.ids import iban_with_check

from .helpers import SAMPLES, camt, mt940_text, setup_accounts

D = dt.date


def counts(b: object) -> tuple[int, int]:
    with b.ctx.db.read() as s:  # type: ignore[attr-defined]
        return (s.scalar(select(func.count()).select_from(Statement)) or 0,
                s.scalar(select(func.count()).select_from(StatementLine)) or 0)


# -- bank accounts ----------------------------------------------------------------------------


def test_bank_accounts_roles_iban_and_currency(branch):
    accounts = setup_accounts(branch)
    assert accounts["revenue_bank"].code == "1500" and not accounts["revenue_bank"].allows_outgoing
    assert accounts["legal_obligation_bank"].allows_outgoing
    assert [a.code for a in bank.list_bank_accounts(branch.ctx, branch.accountant)] == ["1500", "1600", "1700", "1800"]
    with pytest.raises(bx.InvalidIban, match="not a valid IBAN") as refused:
        bank.create_bank_account(branch.ctx, branch.accountant, "9999", "IR000570000000000000000099", "x")
    assert refused.value.field == "iban" and refused.value.params == {"iban": "IR000570000000000000000099"}
    assert isinstance(refused.value, ValidationError) and type(refused.value) is bx.InvalidIban
    # Iran's layout: 0 and the bank's code after the check digits (valid mod-97 digits otherwise)
    with pytest.raises(bx.InvalidIban):
        bank.create_bank_account(branch.ctx, branch.accountant, "9999", iban_with_check("IR", "1" * 22), "x")
    with pytest.raises(bx.ForeignIban) as refused:
        bank.create_bank_account(branch.ctx, branch.accountant, "9999", bank.default_ibans("tr_sgk")["revenue_bank"],
                                 "x")
    assert refused.value.params["country"] == "IR" and refused.value.field == "iban"
    with pytest.raises(bx.CurrencyMismatch, match="EUR") as refused:
        bank.create_bank_account(branch.ctx, branch.accountant, "1210", "NL77ABNA0574908765", "x", currency="EUR")
    assert refused.value.params == {"pack": "IRR", "currency": "EUR"} and refused.value.field == "currency"
    with pytest.raises(bx.DuplicateBankAccount) as refused:
        bank.create_bank_account(branch.ctx, branch.accountant, "1500", bank.default_ibans("ir_sso")["revenue_bank"], "x")
    assert isinstance(refused.value, ConflictError) and refused.value.params == {"code": "1500"}
    with pytest.raises(bx.MissingAccountCode):
        bank.create_bank_account(branch.ctx, branch.accountant, " ", bank.default_ibans("ir_sso")["revenue_bank"], "x")
    with pytest.raises(PermissionDenied):
        bank.list_bank_accounts(branch.ctx, branch.clerk)


# -- the shared real samples --------------------------------------------------------------------


def test_shared_samples_parse():
    stmts = camt053.parse((SAMPLES / "camt053" / "ocabsi-test-camt053.xml").read_bytes())
    assert [(s.account, s.currency, len(s.lines)) for s in stmts] == [("NL77ABNA0574908765", "EUR", 3)]
    assert stmts[0].opening == Decimal("15568.27") and stmts[0].lines[0].amount == Decimal("-754.25")
    assert stmts[0].lines[0].counterparty == "INSURANCE COMPANY TESTX"
    tx = camt053.parse((SAMPLES / "camt053" / "ocabsi-test-camt053-txdtls.xml").read_bytes())
    assert tx[0].currency == "CHF" and tx[0].opening + tx[0].lines_sum == tx[0].closing
    asnb = mt940.parse((SAMPLES / "mt940" / "wolph-ASNB-mt940.txt").read_bytes())
    assert len(asnb) == 31 and all(s.opening + s.lines_sum == s.closing for s in asnb)
    assert asnb[0].account == "NL81ASNB9999999999" and asnb[0].lines[0].amount == Decimal("-65.00")
    cmxl = mt940.parse((SAMPLES / "mt940" / "wolph-cmxl-mt940.sta").read_bytes())
    assert [s.currency for s in cmxl] == ["DEM", "EUR", "PLN"]
    generic = mt940.parse((SAMPLES / "mt940" / "wolph-jejik-generic.sta").read_bytes())
    assert [s.closing for s in generic] == [Decimal("90.00"), Decimal("80.00")]
    layout = CsvLayout(date="Date", amount="Amount", description="Label", currency="Currency",
                       counterparty="Partner Name", date_format="%m/%d/%Y", group_mark=",")
    rows = csv_importer.parse((SAMPLES / "csv" / "ocabsi-sample_statement_en.csv").read_bytes(), layout,
                              Calendar("gregorian"))[0].lines
    assert [(r.amount, r.currency) for r in rows] == [(Decimal("-33.50"), "USD"), (Decimal("1525.00"), "EUR")]


@pytest.mark.parametrize("path", [
    "camt053/ocabsi-test-camt053.xml", "camt053/ocabsi-test-camt053-txdtls.xml",
    "mt940/wolph-ASNB-mt940.txt", "mt940/wolph-cmxl-mt940.sta", "mt940/wolph-jejik-generic.sta",
])
@pytest.mark.parametrize("pack", ["ir_sso", "tr_sgk"])
def test_shared_samples_refused_for_branch_accounts(make_branch, path, pack):
    b = make_branch(pack)
    setup_accounts(b)
    code = b.ctx.pack.account_code("revenue_bank")
    with pytest.raises(ValidationError, match=r"the statement is for account|the statement is in") as err:
        bank.import_statement(b.ctx, b.accountant, code, (SAMPLES / path).read_bytes(), file_name=path)
    assert "statement" in str(err.value)
    assert counts(b) == (0, 0)


def test_shared_csv_sample_refused_naming_the_line(branch):
    setup_accounts(branch)
    layout = CsvLayout(date="Date", amount="Amount", description="Label", currency="Currency",
                       counterparty="Partner Name", date_format="%m/%d/%Y", group_mark=",")
    bank.save_csv_mapping(branch.ctx, branch.accountant, "ocabsi", layout)
    data = (SAMPLES / "csv" / "ocabsi-sample_statement_en.csv").read_bytes()
    with pytest.raises(bx.LineCurrencyMismatch, match=r"line 2: the line is in USD, the bank account 1500 in IRR"):
        bank.import_statement(branch.ctx, branch.accountant, "1500", data, mapping="ocabsi")
    assert counts(branch) == (0, 0)


# -- generated files in the branch's currencies ----------------------------------------------------


def test_camt053_irr_import_and_continuity(branch):
    setup_accounts(branch)
    data = camt(branch, "revenue_bank", "S1", 1_000_000, [
        (D(2024, 7, 22), 5_000_000, "SLIP-1", "Karaj Steel", "premium"),
        (D(2024, 7, 23), -12_000, "", "", "bank charges"),
    ])
    dry = bank.import_statement(branch.ctx, branch.accountant, "1500", data, dry_run=True)
    assert [(s.statement_id, s.opening, s.closing, s.lines, s.lines_sum) for s in dry] == [
        ("S1", 1_000_000, 5_988_000, 2, 4_988_000)]
    assert counts(branch) == (0, 0)
    bank.import_statement(branch.ctx, branch.accountant, "1500", data, file_name="s1.xml")
    assert counts(branch) == (1, 2)
    with pytest.raises(bx.DuplicateStatement, match="imported before") as refused:
        bank.import_statement(branch.ctx, branch.accountant, "1500", data)
    assert refused.value.params["ref"] == "S1" and isinstance(refused.value, ConflictError)
    wrong_open = camt(branch, "revenue_bank", "S2", 1_000_000, [(D(2024, 7, 24), 10, "x", "", "")])
    with pytest.raises(bx.StatementGap, match="previous statement's closing balance 5988000") as refused:
        bank.import_statement(branch.ctx, branch.accountant, "1500", wrong_open)
    assert (refused.value.params["opening"], refused.value.params["closing"]) == ("1000000", "5988000")
    assert refused.value.field == "file"
    # the same lines again under another statement id
    again = camt(branch, "revenue_bank", "S2", 5_988_000, [
        (D(2024, 7, 22), 5_000_000, "SLIP-1", "Karaj Steel", "premium")])
    with pytest.raises(bx.DuplicateLine, match="imported before") as refused:
        bank.import_statement(branch.ctx, branch.accountant, "1500", again)
    assert refused.value.params["count"] == 1
    assert counts(branch) == (1, 2)
    # into the wrong account
    with pytest.raises(bx.StatementAccountMismatch, match="not for 1600") as refused:
        bank.import_statement(branch.ctx, branch.accountant, "1600", data)
    assert refused.value.params["code"] == "1600"
    with pytest.raises(bx.UnknownBankAccount) as missing:
        bank.import_statement(branch.ctx, branch.accountant, "7777", data)
    assert isinstance(missing.value, NotFound) and missing.value.params == {"code": "7777"}


def test_camt053_try_with_decimals_and_mt940(make_branch):
    b = make_branch("tr_sgk")
    setup_accounts(b)
    code = b.ctx.pack.account_code("revenue_bank")
    data = camt(b, "revenue_bank", "TR-1", 100_00, [(D(2025, 3, 3), 1234_56, "DEKONT-9", "Acme AŞ", "prim")])
    (summary,) = bank.import_statement(b.ctx, b.accountant, code, data)
    assert (summary.opening, summary.closing, summary.currency) == (10000, 133456, "TRY")
    iban = bank.default_ibans("tr_sgk")["revenue_bank"]
    text = mt940_text(iban, "TRY", "2/1", Decimal("1334.56"), [
        (D(2025, 3, 4), Decimal("-34.56"), "FEE1"), (D(2025, 3, 5), Decimal("100.00"), "DEKONT-10")])
    (s2,) = bank.import_statement(b.ctx, b.accountant, code, text, fmt="auto")
    assert (s2.opening, s2.closing, s2.lines) == (133456, 140000, 2)
    assert counts(b) == (2, 3)


def test_mt940_irr_without_decimals(branch):
    setup_accounts(branch)
    iban = bank.default_ibans("ir_sso")["legal_obligation_bank"]
    text = mt940_text(iban, "IRR", "1/1", Decimal("0"), [(D(2024, 7, 25), Decimal("-2500000"), "100001")], digits=0)
    (s,) = bank.import_statement(branch.ctx, branch.accountant, "1600", text, fmt="mt940")
    assert s.closing == -2_500_000


def test_csv_with_mapping_jalali_dates_and_debit_credit_columns(branch):
    setup_accounts(branch)
    layout = CsvLayout(date="تاریخ", debit="برداشت", credit="واریز", reference="شماره فیش", description="شرح",
                       counterparty="واریز کننده", date_format="auto", group_mark=",")
    bank.save_csv_mapping(branch.ctx, branch.accountant, "refah", layout, bank="Refah")
    text = ("تاریخ,شرح,برداشت,واریز,شماره فیش,واریز کننده\n"
            "1403/05/01,واریز حق بیمه,,\"12,500,000\",F-1001,کارخانه البرز\n"
            "۱۴۰۳/۰۵/۰۲,کارمزد,\"۱۲,۰۰۰\",,,\n")
    (s,) = bank.import_statement(branch.ctx, branch.accountant, "1500", text.encode("utf-8"), mapping="refah",
                                 fmt="csv")
    assert (s.opening, s.closing, s.lines, s.start) == (0, 12_488_000, 2, D(2024, 7, 22))
    assert bank.list_csv_mappings(branch.ctx, branch.accountant) == ["refah"]
    # a Turkish-style layout: 1.234,56 and DD.MM.YYYY
    tr = CsvLayout(date="Tarih", amount="Tutar", decimal_mark=",", group_mark=".", delimiter=";",
                   date_format="%d.%m.%Y")
    lines = csv_importer.parse(b"Tarih;Tutar\n03.03.2025;-1.234,56\n", tr, Calendar("gregorian"))[0].lines
    assert lines[0].amount == Decimal("-1234.56") and lines[0].booking_date == D(2025, 3, 3)


# -- hostile files: each refused, nothing written ------------------------------------------------


def _good(b: object) -> bytes:
    return camt(b, "revenue_bank", "H1", 0, [(D(2024, 7, 22), 1000, "A", "", ""), (D(2024, 7, 23), 2000, "B", "", "")])


HOSTILE = {
    "truncated": lambda good: good[: len(good) // 2],
    "wrong encoding": lambda good: good.replace(b"UTF-8", b"UTF-16"),
    "latin-1 bytes": lambda good: good.replace(b"<Ustrd></Ustrd>", b"<Ustrd>\xe9\xff</Ustrd>", 1),
    "huge number": lambda good: good.replace(b">1000<", b">99999999999999999999999<", 1),
    "exponent": lambda good: good.replace(b">1000<", b">1E+999999<", 1),
    "negative amount": lambda good: good.replace(b">1000<", b">-1000<", 1),
    "wrong sums": lambda good: good.replace(b"<Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"IRR\">3000<",
                                            b"<Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"IRR\">3001<"),
    "duplicated ids": lambda good: good.replace(b"</Stmt>", b"</Stmt>" + good[good.index(b"<Stmt>"):good.index(
        b"</Stmt>") + 7], 1),
    "no closing": lambda good: good.replace(b"CLBD", b"XXXX"),
    "bad date": lambda good: good.replace(b"<Dt>2024-07-23</Dt></BookgDt>", b"<Dt>2024-13-45</Dt></BookgDt>"),
    "entity bomb": lambda good: (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
                                 b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' + good[good.index(b"<Document"):]
                                 ).replace(b"<Ustrd></Ustrd>", b"<Ustrd>&b;</Ustrd>"),
    "fractions of a rial": lambda good: good.replace(b">1000<", b">1000.5<", 1),
    "not xml at all": lambda good: b"\x00\x01\x02 garbage camt.053",
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_camt053_refused_with_nothing_written(branch, case):
    setup_accounts(branch)
    good = _good(branch)
    bad = HOSTILE[case](good)
    assert bad != good
    with pytest.raises(DomainError) as err:
        bank.import_statement(branch.ctx, branch.accountant, "1500", bad, fmt="camt053")
    message = str(err.value)
    assert ("line" in message or "<" in message or "H1" in message), message
    assert counts(branch) == (0, 0)


def test_hostile_csv_and_mt940(branch):
    setup_accounts(branch)
    layout = CsvLayout(date="Date", amount="Amount", reference="Ref")
    bank.save_csv_mapping(branch.ctx, branch.accountant, "plain", layout)
    cases = {
        "Date,Amount,Ref\n2024-07-22,100,a\n2024-07-23,abc,b\n": "line 3: 'abc' is not an amount",
        "Date,Amount,Ref\n2024-07-22,100,a\n2024-07-23,100\n": "line 3: 2 columns",
        "Date,Amount,Ref\n2024-07-22,100,a\n2024-99-23,100,b\n": "line 3: '2024-99-23' is not a date",
        "Date,Amount,Ref\n2024-07-22,1" + "0" * 30 + ",a\n": "line 2:",
        "Date,Sum,Ref\n2024-07-22,100,a\n": "line 1: the column 'Amount'",
        "Date,Amount,Ref\n2024-07-22,\"100,a\n": "line",
    }
    for text, expected in cases.items():
        with pytest.raises(ValidationError) as err:
            bank.import_statement(branch.ctx, branch.accountant, "1500", text.encode(), mapping="plain", fmt="csv")
        assert expected in str(err.value), (text, str(err.value))
    with pytest.raises(ValidationError, match="line 3: the text is not in the utf-8"):
        bank.import_statement(branch.ctx, branch.accountant, "1500", "Date,Amount,Ref\n2024-07-22,1,a\n2024-07-23,1,é\n"
                              .encode("utf-16-le"), mapping="plain", fmt="csv")
    iban = bank.default_ibans("ir_sso")["revenue_bank"]
    good = mt940_text(iban, "IRR", "1/1", Decimal(0), [(D(2024, 7, 22), Decimal(100), "R1")], digits=0)
    for bad, expected in (
        (good.replace(b":62F:C", b":62F:D"), "not the closing balance"),
        (good.replace(b":61:", b":61:XX"), "line 5: the amount of the statement line is malformed"),
        (good[:40], "balance (:6"),
        (good + good, "appears twice"),
    ):
        with pytest.raises(DomainError) as err:
            bank.import_statement(branch.ctx, branch.accountant, "1500", bad, fmt="mt940")
        assert expected in str(err.value), str(err.value)
    assert counts(branch) == (0, 0)


def test_one_bad_statement_refuses_the_whole_file(branch):
    setup_accounts(branch)
    iban = bank.default_ibans("ir_sso")["revenue_bank"]
    first = mt940_text(iban, "IRR", "1/1", Decimal(0), [(D(2024, 7, 22), Decimal(100), "R1")], digits=0)
    second = mt940_text(iban, "IRR", "2/1", Decimal(100), [(D(2024, 7, 23), Decimal(50), "R2")], Decimal(999), digits=0)
    with pytest.raises(bx.StatementUnbalanced, match="statement at line 9: .* not the closing balance 999"):
        bank.import_statement(branch.ctx, branch.accountant, "1500", first + second, fmt="mt940")
    assert counts(branch) == (0, 0)
    with branch.ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(BankAccount)) == 4


def test_csv_running_balance_column(branch):
    setup_accounts(branch)
    layout = CsvLayout(date="Date", amount="Amount", balance="Balance", reference="Ref")
    bank.save_csv_mapping(branch.ctx, branch.accountant, "with-balance", layout)
    good = b"Date,Amount,Balance,Ref\n2024-07-22,100,1100,a\n2024-07-23,-40,1060,b\n"
    (s,) = bank.import_statement(branch.ctx, branch.accountant, "1500", good, mapping="with-balance", fmt="csv",
                                 dry_run=True)
    assert (s.opening, s.closing, s.lines_sum) == (1000, 1060, 60)
    bad = b"Date,Amount,Balance,Ref\n2024-07-22,100,1100,a\n2024-07-23,-40,1070,b\n"
    with pytest.raises(ValidationError, match="line 3: the balance 1070 is not the previous balance 1100"):
        bank.import_statement(branch.ctx, branch.accountant, "1500", bad, mapping="with-balance", fmt="csv")
    bank.import_statement(branch.ctx, branch.accountant, "1500", good, mapping="with-balance", fmt="csv")
    # the next export must open where this one closed
    gap = b"Date,Amount,Balance,Ref\n2024-07-24,10,1080,c\n"
    with pytest.raises(bx.StatementGap, match="opening balance 1070 differs from the previous statement's closing "
                                          "balance 1060"):
        bank.import_statement(branch.ctx, branch.accountant, "1500", gap, mapping="with-balance", fmt="csv")
    assert counts(branch) == (1, 2)


def test_two_workstations_import_the_same_statement_at_once(branch):
    """One import wins, the other is refused as a duplicate (the account's row is locked while
    importing), never a database error."""
    import threading

    setup_accounts(branch)
    data = camt(branch, "revenue_bank", "TWIN", 0, [(D(2024, 7, 22), 100 + i, f"S{i}", "", "") for i in range(200)])
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def work() -> None:
        barrier.wait()
        try:
            bank.import_statement(branch.ctx, branch.accountant, "1500", data)
            outcomes.append("ok")
        except ConflictError:
            outcomes.append("conflict")
        except Exception as exc:  # pragma: no cover - the failure this test is about
            outcomes.append(repr(exc))

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["conflict", "ok"]
    assert counts(branch) == (1, 200)

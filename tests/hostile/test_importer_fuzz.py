"""Importer fuzzing: structured mutations of real camt.053, MT940 and CSV statements and of Excel
and CSV declarations, plus truncated, binary, wrong-encoding, billion-laughs and XXE files. Each
importer either reads the file or raises its own typed error (``StatementFileError`` for
statements, ``ValidationError`` for declarations), never any other exception."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branch_desktop.accounting.banking.importers import camt053, mt940
from branch_desktop.accounting.banking.importers import csv as csv_importer
from branch_desktop.accounting.banking.importers.base import StatementFileError
from branch_desktop.accounting.banking.importers.csv import CsvLayout
from branch_desktop.core.calendar import Calendar, YearMonth
from branch_desktop.core.errors import ValidationError
from branch_desktop.core.packs import load_pack
from branch_desktop.revenue import rules
from branch_desktop.revenue.services import read_declaration_file
from tests.accounting.banking.helpers import SAMPLES, mt940_text
from tests.hostile.files import BILLION_LAUGHS, SHEET, XXE, member, rezip, workbook

D = dt.date
IBAN = "IR820170000000100324200001"
SAMPLE_LAYOUT = CsvLayout(date="Date", amount="Amount", description="Label", currency="Currency",
                          counterparty="Partner Name", date_format="%m/%d/%Y", group_mark=",")
PLAIN_LAYOUT = CsvLayout(date="Date", amount="Amount", reference="Ref", balance="Balance")
GREGORIAN = Calendar("gregorian")
PACK = load_pack("ir_sso")
MONTH = YearMonth(1405, 7)


def _sample(path: str) -> list[bytes]:
    file = SAMPLES / path
    return [file.read_bytes()] if file.exists() else []


def _camt_seeds() -> list[bytes]:
    built = camt053.build(iban=IBAN, currency="IRR", statement_id="F-1", opening=Decimal(1000), digits=0,
                          lines=[(D(2024, 7, 22), Decimal(500), "R1", "Kargah", "premium"),
                                 (D(2024, 7, 23), Decimal(-200), "R2", "", "fee")])
    return [built, *_sample("camt053/ocabsi-test-camt053-txdtls.xml"), *_sample("camt053/ocabsi-test-camt053.xml")]


def _mt940_seeds() -> list[bytes]:
    built = mt940_text(IBAN, "IRR", "1/1", Decimal(0), [(D(2024, 7, 22), Decimal(100), "R1"),
                                                      (D(2024, 7, 23), Decimal(-40), "R2")], digits=0)
    return [built, *_sample("mt940/wolph-jejik-generic.sta"), *_sample("mt940/wolph-cmxl-mt940.sta")]


def _csv_seeds() -> list[tuple[bytes, CsvLayout]]:
    built = b"Date,Amount,Ref,Balance\n2024-07-22,100,a,1100\n2024-07-23,-40,\"b, c\",1060\n"
    return [(built, PLAIN_LAYOUT), *((data, SAMPLE_LAYOUT) for data in _sample("csv/ocabsi-sample_statement_en.csv"))]


def _declaration_rows() -> list[list[object]]:
    return [["national_id", "name", "days", "wage", "missing_code"],
            ["0012345679", "Worker 1", 30, 150000000, ""], ["0098765430", "کارگر ۲", 20, "90000000", "02"]]


def _xlsx_seed() -> bytes:
    return workbook(_declaration_rows())


def _decl_csv_seed() -> bytes:
    return "".join(",".join(str(c) for c in r) + "\n" for r in _declaration_rows()).encode("utf-8")


SNIPPETS = [b"\x00", b"\xff\xfe", b"\xe9", b"5x0y0", b"1E+999999", b"9" * 30, b"NaN", b"-", b",", b";", b'"', b"\n",
            b"\r", b":61:", b":60F:", b":62F:C", b"<!DOCTYPE x>", b'<!ENTITY e "e">', b"&e;", b"<", b">", b"</Ntry>",
            b"<Ntry>", b"CRDT", b"DBIT", b"BOOK", b"2024-13-45", b"\xd8\xb3", "۱۲۳".encode(), b"x" * 140_000]

Mutation = tuple[str, float, float, bytes]
mutations = st.lists(st.tuples(
    st.sampled_from(["truncate", "delete", "insert", "replace", "duplicate", "digit"]),
    st.floats(0, 1), st.floats(0, 1),
    st.one_of(st.sampled_from(SNIPPETS), st.binary(min_size=1, max_size=8)),
), min_size=1, max_size=4)


def mutate(data: bytes, ops: list[Mutation]) -> bytes:
    """Structured mutations: cut the file, drop/duplicate a span, put a hostile snippet in, or
    change a digit (so amounts, dates and counts change while the structure stays)."""
    out = bytearray(data)
    for kind, a, b, payload in ops:
        n = len(out)
        i = int(a * n)
        j = min(n, i + 1 + int(b * 64))
        if kind == "truncate":
            del out[i:]
        elif kind == "delete":
            del out[i:j]
        elif kind == "insert":
            out[i:i] = payload
        elif kind == "replace":
            out[i:j] = payload
        elif kind == "duplicate":
            out[j:j] = out[i:j]
        else:
            digits = [k for k, c in enumerate(out) if 48 <= c <= 57]
            if digits:
                out[digits[int(a * (len(digits) - 1))]] = 48 + int(b * 9)
    return bytes(out)


def _check(parse: Callable[[bytes], object], data: bytes, allowed: type[Exception]) -> None:
    try:
        parse(data)
    except allowed as exc:
        assert str(exc), "an error needs a message"


def _declaration(data: bytes, name: str) -> None:
    raw = read_declaration_file(data, name)
    rules.check_lines(PACK, MONTH, raw)


FUZZ = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CAMT, MT940, CSV = _camt_seeds(), _mt940_seeds(), _csv_seeds()
XLSX, DECL_CSV = _xlsx_seed(), _decl_csv_seed()


@FUZZ
@given(seed=st.sampled_from(range(len(CAMT))), ops=mutations)
def test_fuzz_camt053(seed: int, ops: list[Mutation]) -> None:
    _check(camt053.parse, mutate(CAMT[seed], ops), StatementFileError)


@FUZZ
@given(seed=st.sampled_from(range(len(MT940))), ops=mutations)
def test_fuzz_mt940(seed: int, ops: list[Mutation]) -> None:
    _check(mt940.parse, mutate(MT940[seed], ops), StatementFileError)


@FUZZ
@given(seed=st.sampled_from(range(len(CSV))), ops=mutations)
def test_fuzz_csv_statement(seed: int, ops: list[Mutation]) -> None:
    data, layout = CSV[seed]
    _check(lambda d: csv_importer.parse(d, layout, GREGORIAN, "f.csv"), mutate(data, ops), StatementFileError)


@FUZZ
@given(ops=mutations, inner=st.booleans())
def test_fuzz_excel_declaration(ops: list[Mutation], inner: bool) -> None:
    """Mutate the sheet's XML inside a valid zip (structure), or the zip's bytes themselves."""
    data = rezip(XLSX, {SHEET: mutate(member(XLSX), ops)}) if inner else mutate(XLSX, ops)
    _check(lambda d: _declaration(d, "d.xlsx"), data, ValidationError)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(ops=mutations)
def test_fuzz_csv_declaration(ops: list[Mutation]) -> None:
    _check(lambda d: _declaration(d, "d.csv"), mutate(DECL_CSV, ops), ValidationError)


def _utf16(data: bytes) -> bytes:
    return data.decode("utf-8", "replace").encode("utf-16")


HOSTILE: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda d: b"",
    "truncated": lambda d: d[: len(d) // 3],
    "binary": lambda d: bytes(range(256)) * 40,
    "wrong encoding": _utf16,
    "latin-1 bytes": lambda d: d.replace(b"a", b"\xe9\xff", 3),
    "billion laughs": lambda d: BILLION_LAUGHS + d,
    "xxe": lambda d: XXE + d.replace(b"R1", b"&xxe;"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_files_for_every_importer(case: str) -> None:
    hostile = HOSTILE[case]
    for data in CAMT:
        _check(camt053.parse, hostile(data), StatementFileError)
    for data in MT940:
        _check(mt940.parse, hostile(data), StatementFileError)
    for data, layout in CSV:
        _check(lambda d, layout=layout: csv_importer.parse(d, layout, GREGORIAN), hostile(data), StatementFileError)
    _check(lambda d: _declaration(d, "d.csv"), hostile(DECL_CSV), ValidationError)
    _check(lambda d: _declaration(d, "d.xlsx"), hostile(XLSX), ValidationError)
    _check(lambda d: _declaration(d, "d.xlsx"), rezip(XLSX, {SHEET: hostile(member(XLSX))}), ValidationError)


def test_dtd_in_any_xml_is_refused() -> None:
    for prolog in (BILLION_LAUGHS, XXE):
        for data in CAMT:
            body = data[data.index(b"<Document"):]
            with pytest.raises(StatementFileError, match="DTD"):
                camt053.parse(prolog + body)
        sheet = member(XLSX)
        with pytest.raises(ValidationError, match="DTD"):
            read_declaration_file(rezip(XLSX, {SHEET: prolog + sheet[sheet.index(b"<worksheet"):]}), "d.xlsx")
        with zipfile.ZipFile(io.BytesIO(XLSX)) as z:
            for name in z.namelist():
                if name.endswith((".xml", ".rels")):
                    part = z.read(name)
                    start = part.index(b"<", part.index(b"?>") + 2) if part.startswith(b"<?xml") else 0
                    with pytest.raises(ValidationError, match="DTD"):
                        read_declaration_file(rezip(XLSX, {name: prolog + part[start:]}), "d.xlsx")

"""Hostile declaration files are refused with a clear message and nothing written; rows are
counted whatever a workbook's size tag says; amounts in files are parsed strictly."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from sqlalchemy import func, select

from branch_desktop.core.errors import ValidationError
from branch_desktop.core.money import parse_plain_amount
from branch_desktop.revenue import services
from branch_desktop.revenue.models import Declaration, DeclarationLine
from branch_desktop.revenue.services import DeclarationRefused, read_declaration_file
from tests.conftest import Branch
from tests.hostile.files import (
    BILLION_LAUGHS,
    XXE,
    lying_bomb,
    member,
    understated,
    with_doctype,
    workbook,
    zip_bomb,
)
from tests.revenue.helpers import lines, make_employer, month_of

HEADER = ["national_id", "name", "days", "wage"]


def _rows(b: Branch, count: int = 2) -> list[list[object]]:
    return [[r.national_id, r.name, int(r.days), r.wage] for r in lines(b, month_of(b), count)]


def _written(b: Branch) -> tuple[int, int]:
    with b.ctx.db.read() as s:
        return (s.scalar(select(func.count()).select_from(Declaration)) or 0,
                s.scalar(select(func.count()).select_from(DeclarationLine)) or 0)


def test_rows_counted_whatever_the_size_tag_says(branch: Branch, tmp_path: Path) -> None:
    data = understated(workbook([HEADER, *_rows(branch)]))
    assert b'<dimension ref="A1:D2"/>' in member(data)
    parsed = read_declaration_file(data, "d.xlsx")
    assert len(parsed) == 2
    e = make_employer(branch)
    path = tmp_path / "d.xlsx"
    path.write_bytes(data)
    d = services.import_declaration_file(branch.ctx, branch.clerk, path, e.file_no, month_of(branch))
    assert d.insured_count == 2
    assert _written(branch) == (1, 2)


def test_zip_bomb_refused_without_expanding_it() -> None:
    bomb = zip_bomb(400)
    assert len(bomb) < 500 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError, match="zip bomb"):
            read_declaration_file(bomb, "bomb.xlsx")
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024, peak
    # the same bomb whose headers lie about the sizes: reading stops at the declared size
    with pytest.raises(ValidationError, match="damaged|expands"):
        read_declaration_file(lying_bomb(zip_bomb(50)), "bomb.xlsx")


@pytest.mark.parametrize("prolog, entity", [(BILLION_LAUGHS, b"&lol9;"), (XXE, b"&xxe;")],
                         ids=["billion laughs", "xxe"])
def test_workbook_with_a_dtd_refused(branch: Branch, prolog: bytes, entity: bytes) -> None:
    data = with_doctype(workbook([HEADER, *_rows(branch, 1)]), prolog, entity)
    with pytest.raises(ValidationError, match=r"d\.xlsx: xl/worksheets/sheet1\.xml: .*DTD"):
        read_declaration_file(data, "d.xlsx")


def test_damaged_files_refused_naming_the_place(branch: Branch) -> None:
    good_x = workbook([HEADER, *_rows(branch)])
    cases: list[tuple[bytes, str, str]] = [
        (good_x[: len(good_x) // 2], "d.xlsx", "d.xlsx is not a readable Excel workbook"),
        (b"\x00\x01binary\xff" * 50, "d.xlsx", "not a zip archive"),
        ("national_id,name,days,wage\n1,é,30,1\n".encode("utf-16"), "d.csv", "d.csv, line 1: the text is not UTF-8"),
        (b"national_id,name,days,wage\n1,a,30,1\n2,\xe9,30,1\n", "d.csv", "d.csv, line 3: the text is not UTF-8"),
        (b"national_id,name,days,wage\n1,a\x00,30,1\n", "d.csv", "d.csv, line 2: the file holds binary data"),
        (b"national_id,name,days,wage\n1,\"" + b"x" * 200_000 + b"\",30,1\n", "d.csv",
         "d.csv, line 2: the CSV is malformed (field larger than field limit"),
        (b"national_id,name,days,wage\n1,\"open,30,1\n", "d.csv", "d.csv, line 2: the CSV is malformed"),
        (b"", "d.csv", "d.csv has no rows"),
    ]
    for data, name, expected in cases:
        with pytest.raises(ValidationError) as err:
            read_declaration_file(data, name)
        assert expected in str(err.value), (name, str(err.value))
    with pytest.raises(ValidationError, match="larger than 20 MB"):
        read_declaration_file(b"x" * (21 * 1024 * 1024), "big.csv")


def test_missing_file_is_a_message(branch: Branch, tmp_path: Path) -> None:
    e = make_employer(branch)
    with pytest.raises(ValidationError, match="does not exist"):
        services.import_declaration_file(branch.ctx, branch.clerk, tmp_path / "none.csv", e.file_no, month_of(branch))


def test_thirty_digit_wage_refused_and_nothing_written(branch: Branch, tmp_path: Path) -> None:
    e = make_employer(branch)
    rows = _rows(branch)
    wage = "1" + "0" * 29  # 30 digits
    rows[1][3] = wage
    path = tmp_path / "d.csv"
    path.write_text("\n".join(",".join(str(c) for c in r) for r in [HEADER, *rows]) + "\n", encoding="utf-8")
    with pytest.raises(DeclarationRefused) as err:
        services.import_declaration_file(branch.ctx, branch.clerk, path, e.file_no, month_of(branch))
    assert f"Row 3: The amount {wage} is too large." in [str(x) for x in err.value.errors]
    rows[1][3] = "5x0y0"
    xlsx = tmp_path / "d.xlsx"
    xlsx.write_bytes(workbook([HEADER, *rows]))
    with pytest.raises(DeclarationRefused) as err:
        services.import_declaration_file(branch.ctx, branch.clerk, xlsx, e.file_no, month_of(branch))
    assert "Row 3: '5x0y0' is not an amount." in [str(x) for x in err.value.errors]
    assert _written(branch) == (0, 0)


@pytest.mark.parametrize("text, expected", [
    ("1234.50", "1234.50"), ("-5", "-5"), ("5-", "-5"), ("(5)", "-5"), ("+7", "7"), ("۱۲۳٫۵", "123.5"),
    ("1,234.5", "1234.5"), (".5", "0.5"), ("1" + "0" * 14, "1" + "0" * 14),
])
def test_plain_amounts_parsed(text: str, expected: str) -> None:
    assert str(parse_plain_amount(text, group_mark="," if "," in text else "")) == expected


@pytest.mark.parametrize("text", ["5x0y0", "1E+99", "NaN", "Infinity", "--1", "-5-", "", ".", "1.2.3", "²", "0x10",
                                  "1_000", "1 000 000 000 000 000 000"])
def test_plain_amounts_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="is not an amount|is too large"):
        parse_plain_amount(text)

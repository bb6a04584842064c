"""Declaration files (CSV in UTF-8, or an Excel .xlsx workbook) read into ``RawLine`` rows.

Hostile files are refused before any row is used, with a message naming the file and the line:
a file over ``MAX_DECLARATION_BYTES``; a workbook whose zip would expand too far or whose XML
declares a DTD (checked by ``core.uploads.check_zip`` before openpyxl opens it); text that is not
UTF-8 or holds binary data; a CSV field over the csv module's limit; more than
``MAX_DECLARATION_ROWS`` rows. Rows are counted by reading them, whatever the workbook's size tag
(``<dimension>``) says. Amounts are checked later, strictly, by ``rules.check_lines``.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator, Sequence
from pathlib import Path

from branch_desktop.core.errors import ValidationError
from branch_desktop.core.uploads import check_size, check_zip, read_upload
from branch_desktop.revenue.rules import RawLine

MAX_DECLARATION_BYTES = 20 * 1024 * 1024
MAX_DECLARATION_ROWS = 100_000

DECLARATION_COLUMNS = ("national_id", "name", "days", "wage", "missing_code")
_HEADER_ALIASES = {
    "national_id": {"national_id", "national id", "id", "کد ملی", "tc", "tc kimlik", "t.c. kimlik no", "tckn"},
    "name": {"name", "نام", "ad soyad", "adı soyadı"},
    "days": {"days", "روز", "روزهای کارکرد", "gün", "prim günü"},
    "wage": {"wage", "دستمزد", "مزد", "kazanç", "ücret", "prime esas kazanç"},
    "missing_code": {"missing_code", "missing code", "eksik gün nedeni", "eksik gün kodu"},
}


def _map_header(header: Sequence[object]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = _cell(cell).lower()
        for col, names in _HEADER_ALIASES.items():
            if key in names and col not in found:
                found[col] = i
    missing = [c for c in ("national_id", "name", "days", "wage") if c not in found]
    if missing:
        raise ValidationError("The file's first row must name the columns {columns}; missing: {missing}.",
                              columns=", ".join(DECLARATION_COLUMNS), missing=", ".join(missing))
    return found


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):  # openpyxl numbers: whole days and wages come back as float
        if not math.isfinite(value):
            return str(value)
        return format(value, "f").rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return str(value).strip()


def _xlsx_rows(data: bytes, filename: str) -> Iterator[tuple[int, list[object]]]:
    check_zip(data, filename)
    from openpyxl import load_workbook

    n = 0
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not wb.worksheets:
                raise ValidationError("{file} is not a readable Excel workbook.", file=filename)
            ws = wb.worksheets[0]
            ws.reset_dimensions()  # count rows by reading them, never by the file's size tag
            for n, values in enumerate(ws.iter_rows(values_only=True), start=1):
                yield n, list(values)
        finally:
            wb.close()
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a damaged workbook
        where = f"{filename}, row {n + 1}" if n else filename
        raise ValidationError("{file} is not a readable Excel workbook.", file=where) from None


def _csv_rows(data: bytes, filename: str) -> Iterator[tuple[int, list[object]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValidationError("{file}, line {line}: the text is not UTF-8.", file=filename, line=line) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ValidationError("{file}, line {line}: the file holds binary data, not CSV text.", file=filename,
                              line=line)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for values in reader:
            yield reader.line_num, list(values)
    except csv.Error as exc:
        raise ValidationError("{file}, line {line}: the CSV is malformed ({detail}).", file=filename,
                              line=max(reader.line_num, 1), detail=str(exc)[:120]) from None


def read_declaration_file(data: bytes, filename: str) -> list[RawLine]:
    """The rows of a CSV (UTF-8) or Excel (.xlsx) declaration file; row numbers as in the file."""
    check_size(len(data), MAX_DECLARATION_BYTES, filename)
    source = _xlsx_rows if filename.lower().endswith((".xlsx", ".xlsm")) else _csv_rows
    rows: list[tuple[int, list[object]]] = []
    for n, values in source(data, filename):
        if any(_cell(v) for v in values):
            if len(rows) > MAX_DECLARATION_ROWS:
                raise ValidationError("{file} has more than {limit} rows.", file=filename, limit=MAX_DECLARATION_ROWS)
            rows.append((n, values))
    if not rows:
        raise ValidationError("{file} has no rows.", file=filename)
    cols = _map_header(rows[0][1])

    def get(r: list[object], col: str) -> str:
        i = cols.get(col)
        return _cell(r[i]) if i is not None and i < len(r) else ""

    return [RawLine(n, get(r, "national_id"), get(r, "name"), get(r, "days"), get(r, "wage"), get(r, "missing_code"))
            for n, r in rows[1:]]


def read_declaration_path(path: Path) -> list[RawLine]:
    """``read_declaration_file`` of a file on disk, refused before reading when missing or too large."""
    return read_declaration_file(read_upload(path, MAX_DECLARATION_BYTES), path.name)

"""CSV statements, read through a column mapping saved per bank.

A mapping names the columns (by header text) for the date, the value date, either one signed
amount or separate debit and credit columns, the reference, the counterparty and the
description, optionally the running balance after each line (then the statement's opening and closing
balances come from it and every line is checked against it), and says how the bank writes
dates and numbers: ``date_format`` is ``auto``
(ISO, the pack's calendar, and Jalali ``1403/05/10`` recognised by its year), ``jalali``, or a
``strftime`` pattern such as ``%d.%m.%Y``; ``decimal_mark``/``group_mark`` are ``.``/``,``
for ``1,234.50`` and ``,``/``.`` for ``1.234,50``. Without a balance column a CSV carries no balances: its opening
balance is the previous statement's closing balance.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import asdict, dataclass, fields
from decimal import Decimal
from pathlib import Path

import jdatetime

from branch_desktop.accounting.banking.importers.base import (
    MAX_FILE_BYTES,
    ParsedLine,
    ParsedStatement,
    StatementFileError,
    parse_decimal,
)
from branch_desktop.core.calendar import Calendar
from branch_desktop.core.errors import ValidationError
from branch_desktop.core.money import DIGITS_TO_ASCII
from branch_desktop.core.uploads import read_upload


@dataclass(frozen=True)
class CsvLayout:
    date: str
    amount: str = ""
    debit: str = ""
    credit: str = ""
    value_date: str = ""
    reference: str = ""
    counterparty: str = ""
    counterparty_account: str = ""
    description: str = ""
    currency: str = ""
    balance: str = ""  # the running balance after each line, when the bank gives it
    date_format: str = "auto"
    decimal_mark: str = "."
    group_mark: str = ""
    delimiter: str = ","
    encoding: str = "utf-8"

    def __post_init__(self) -> None:
        if not self.date:
            raise ValidationError("A CSV mapping needs the date column.")
        if not self.amount and not (self.debit and self.credit):
            raise ValidationError("A CSV mapping needs an amount column, or both debit and credit columns.")
        if len(self.delimiter) != 1:
            raise ValidationError("The CSV delimiter must be one character.")
        if self.decimal_mark == self.group_mark:
            raise ValidationError("The decimal mark and the thousands mark must differ.")
        try:
            "".encode(self.encoding)
        except LookupError:
            raise ValidationError("'{name}' is not a text encoding.", name=self.encoding) from None

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_file(cls, path: Path) -> CsvLayout:
        """A mapping saved as a JSON file (UTF-8, at most 1 MB)."""
        data = read_upload(path, 1024 * 1024)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError("{file}, line {line}: the text is not UTF-8.", file=path.name,
                                  line=data[: exc.start].count(b"\n") + 1) from None
        return cls.from_json(text)

    @classmethod
    def from_json(cls, text: str) -> CsvLayout:
        try:
            raw = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise ValidationError("The mapping is not valid JSON ({detail}).", detail=str(exc)[:120]) from None
        if not isinstance(raw, dict):
            raise ValidationError("The mapping must be a JSON object.")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise ValidationError("Unknown mapping keys: {keys}.", keys=", ".join(unknown))
        return cls(**{k: str(v) for k, v in raw.items()})


def looks_like(data: bytes) -> bool:
    head = data[:2048].lstrip()
    return not head.startswith(b"<") and b":20:" not in head and (b"," in head or b";" in head or b"\t" in head)


_JALALI = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


def parse_date(text: str, fmt: str, calendar: Calendar, where: str) -> dt.date:
    clean = text.strip().translate(DIGITS_TO_ASCII)
    try:
        if fmt == "auto":
            m = _JALALI.fullmatch(clean.split(" ")[0].split("T")[0])
            if m:
                y, mo, d = (int(g) for g in m.groups())
                if y < 1700:  # a Jalali year (1403); Gregorian years are 19xx/20xx
                    return jdatetime.date(y, mo, d).togregorian()
                return dt.date(y, mo, d)
            return calendar.parse(clean)
        if fmt == "jalali":
            m = _JALALI.fullmatch(clean)
            if not m:
                raise ValueError(clean)
            y, mo, d = (int(g) for g in m.groups())
            return jdatetime.date(y, mo, d).togregorian()
        return dt.datetime.strptime(clean, fmt).date()
    except (ValueError, ValidationError):
        raise StatementFileError(where, "'{text}' is not a date.", text=text[:30]) from None


def parse(data: bytes, layout: CsvLayout, calendar: Calendar, file_name: str = "") -> list[ParsedStatement]:
    if len(data) > MAX_FILE_BYTES:
        raise StatementFileError("file", "the file is too large.")
    try:
        text = data.decode(layout.encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise StatementFileError(
            f"line {line}", "the text is not in the {encoding} encoding of the mapping.", encoding=layout.encoding
        ) from None
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise StatementFileError(f"line {line}", "the file holds binary data, not CSV text.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=layout.delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise StatementFileError("line 1", "the file is empty.") from None
    except csv.Error as exc:
        raise StatementFileError("line 1", "the CSV is malformed ({detail}).", detail=str(exc)) from None
    names = [h.strip() for h in header]
    index: dict[str, int] = {}
    for key in ("date", "amount", "debit", "credit", "value_date", "reference", "counterparty",
                "counterparty_account", "description", "currency", "balance"):
        column = getattr(layout, key)
        if not column:
            continue
        if column not in names:
            raise StatementFileError(
                "line 1", "the column '{column}' ({key}) is not in the header.", column=column, key=key
            )
        index[key] = names.index(column)
    lines: list[ParsedLine] = []
    currencies: set[str] = set()
    balances: list[Decimal] = []
    try:
        for row in reader:
            line_no = reader.line_num
            where = f"line {line_no}"
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(names):
                raise StatementFileError(
                    where, "{found} columns where the header has {expected}.", found=len(row), expected=len(names)
                )

            def cell(key: str, row: list[str] = row) -> str:
                return row[index[key]].strip() if key in index else ""

            if "amount" in index:
                amount = parse_decimal(cell("amount"), where, decimal_mark=layout.decimal_mark,
                                       group_mark=layout.group_mark)
            else:
                debit_text, credit_text = cell("debit"), cell("credit")
                debit = parse_decimal(debit_text, where, decimal_mark=layout.decimal_mark,
                                      group_mark=layout.group_mark) if debit_text else Decimal(0)
                credit = parse_decimal(credit_text, where, decimal_mark=layout.decimal_mark,
                                       group_mark=layout.group_mark) if credit_text else Decimal(0)
                if debit and credit:
                    raise StatementFileError(where, "both the debit and the credit column hold an amount.")
                amount = credit - abs(debit)
            if amount == 0:
                raise StatementFileError(where, "the amount is zero.")
            booking = parse_date(cell("date"), layout.date_format, calendar, where)
            value_text = cell("value_date")
            value_date = parse_date(value_text, layout.date_format, calendar, where) if value_text else None
            currency = cell("currency").upper()
            currencies.add(currency)
            if "balance" in index:
                balance = parse_decimal(cell("balance"), where, decimal_mark=layout.decimal_mark,
                                        group_mark=layout.group_mark)
                if balances and balances[-1] + amount != balance:
                    raise StatementFileError(where, "the balance {balance} is not the previous balance {previous} "
                                             "plus the amount {amount}.", balance=str(balance),
                                             previous=str(balances[-1]), amount=str(amount))
                balances.append(balance)
            lines.append(
                ParsedLine(
                    booking_date=booking,
                    amount=amount,
                    value_date=value_date,
                    reference=cell("reference")[:120],
                    counterparty=cell("counterparty")[:200],
                    counterparty_account=cell("counterparty_account")[:60],
                    description=cell("description")[:500],
                    where=where,
                    currency=currency,
                )
            )
    except csv.Error as exc:
        raise StatementFileError(f"line {reader.line_num}", "the CSV is malformed ({detail}).", detail=str(exc)) from None
    if not lines:
        raise StatementFileError("line 2", "the file holds no statement line.")
    days = [line.booking_date for line in lines]
    digest = hashlib.sha256(data).hexdigest()[:16]
    return [
        ParsedStatement(
            statement_ref=f"csv-{min(days).isoformat()}-{max(days).isoformat()}-{digest}",
            account="",
            currency=currencies.pop() if len(currencies) == 1 else "",
            opening=balances[0] - lines[0].amount if balances else None,
            closing=balances[-1] if balances else None,
            lines=lines,
            start_date=min(days),
            end_date=max(days),
            where=file_name or "CSV",
        )
    ]

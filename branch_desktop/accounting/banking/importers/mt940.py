"""SWIFT MT940, read with the maintained ``mt-940`` package.

A file may hold several statements (each starts at a ``:20:`` tag); each is parsed on its own
so its opening and closing balances are its own. Errors name the statement's first line.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import mt940

from branch_desktop.accounting.banking.importers.base import (
    MAX_FILE_BYTES,
    ParsedLine,
    ParsedStatement,
    StatementFileError,
    check_magnitude,
)

_START = re.compile(r"(?m)^:20:")
# The amount fields the mt-940 package reads leniently (it takes ``5`` from ``5x0y0``): a balance
# line must end after its amount, a statement line's amount be followed by its transaction type
# (SWIFT 1!a3!c: N, S or F and three characters).
_BALANCE = re.compile(r":(?:60[FM]|62[FM]|64|65):[DC]\d{6}[A-Z]{3}\d{1,15}(?:,\d*)?\s*")
_LINE = re.compile(r":61:\d{6}(?:\d{4}|\s{4})?R?[DC][A-Z]?\d{1,15}(?:,\d*)?[NSF][A-Z0-9 ]{3}")


def looks_like(data: bytes) -> bool:
    head = data[:2048]
    return b":20:" in head and (b":60F:" in data[:65536] or b":60M:" in data[:65536])


def decode(data: bytes) -> str:
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise StatementFileError("file", "the file is neither UTF-8 nor Windows-1252 text.")  # pragma: no cover


def parse(data: bytes) -> list[ParsedStatement]:
    if len(data) > MAX_FILE_BYTES:
        raise StatementFileError("file", "the file is too large.")
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    starts = [m.start() for m in _START.finditer(text)]
    if not starts:
        raise StatementFileError("line 1", "not an MT940 file (no :20: tag).")
    tags: dict[Any, Any] = {}
    if "ASNB" in text[:300]:  # ASN Bank writes its :61: lines its own way
        tags = {mt940.tags.StatementASNB.id: mt940.tags.StatementASNB()}
    statements = []
    for a, b in zip(starts, [*starts[1:], len(text)], strict=True):
        line_no = text.count("\n", 0, a) + 1
        chunk = text[a:b]
        _check_amounts(chunk, line_no)
        statements.append(_statement(chunk, f"statement at line {line_no}", tags))
    return statements


def _check_amounts(chunk: str, first_line: int) -> None:
    """Refuse an amount the mt-940 package would read only in part (``5x0y0`` as 5)."""
    for offset, line in enumerate(chunk.split("\n")):
        where = f"line {first_line + offset}"
        if line.startswith((":60", ":62", ":64:", ":65:")):
            if not _BALANCE.fullmatch(line):
                raise StatementFileError(where, "the balance is malformed: '{text}'.", text=line[:60])
        elif line.startswith(":61:") and not _LINE.match(line):
            raise StatementFileError(where, "the amount of the statement line is malformed: '{text}'.", text=line[:60])


def _statement(chunk: str, where: str, tags: dict[Any, Any]) -> ParsedStatement:
    transactions = mt940.models.Transactions(tags=tags)
    try:
        transactions.parse(chunk)
    except Exception as exc:  # the library raises RuntimeError/ValueError/... with the bad tag
        detail = str(exc.args[0] if exc.args else exc).splitlines()[0][:160]
        raise StatementFileError(where, "the MT940 text is malformed ({detail}).", detail=detail) from None
    data = transactions.data
    opening = data.get("final_opening_balance") or data.get("intermediate_opening_balance")
    closing = data.get("final_closing_balance") or data.get("intermediate_closing_balance")
    if opening is None:
        raise StatementFileError(where, "the opening balance (:60F:) is missing.")
    if closing is None:
        raise StatementFileError(where, "the closing balance (:62F:) is missing.")
    currency = str(opening.amount.currency or "").upper()
    open_value = Decimal(opening.amount.amount)
    close_value = Decimal(closing.amount.amount)
    check_magnitude(open_value, where)
    check_magnitude(close_value, where)
    lines: list[ParsedLine] = []
    for i, tr in enumerate(transactions.transactions, start=1):
        d = tr.data
        lwhere = f"{where}, transaction {i}"
        amount = d.get("amount")
        if amount is None:
            raise StatementFileError(lwhere, "the amount is missing.")
        value = Decimal(amount.amount)
        check_magnitude(value, lwhere)
        if amount.currency and currency and str(amount.currency).upper() != currency:
            raise StatementFileError(lwhere, "the entry is in {a}, the account in {b}.", a=amount.currency, b=currency)
        value_date = _date(d.get("date"))
        booking = _date(d.get("entry_date")) or value_date
        if booking is None:
            raise StatementFileError(lwhere, "the date is missing.")
        reference = str(d.get("customer_reference") or "").strip()
        if reference.upper() == "NONREF":
            reference = ""
        details = " ".join(
            str(d.get(k) or "").replace("\n", " ").strip() for k in ("transaction_details", "extra_details")
        ).strip()
        lines.append(
            ParsedLine(
                booking_date=booking,
                amount=value,
                value_date=value_date,
                reference=reference[:120],
                bank_reference=str(d.get("bank_reference") or "").strip()[:120],
                counterparty=str(d.get("applicant_name") or "").strip()[:200],
                counterparty_account=str(d.get("applicant_iban") or "").strip()[:60],
                description=" ".join(details.split())[:500],
                where=lwhere,
            )
        )
    ref = "/".join(
        str(data.get(k) or "").strip() for k in ("transaction_reference", "statement_number", "sequence_number")
    ).strip("/")
    dates = [x for x in (_date(opening.date), _date(closing.date)) if x]
    return ParsedStatement(
        statement_ref=ref or where,
        account=str(data.get("account_identification") or "").replace(" ", "").upper(),
        currency=currency,
        opening=open_value,
        closing=close_value,
        lines=lines,
        start_date=min(dates) if dates else None,
        end_date=max(dates) if dates else None,
        where=where,
    )


def _date(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    return None

"""Statement files: reading, recognising and parsing them (camt.053, MT940, CSV with a saved
mapping), importing every statement of a file all or nothing, and listing what was imported."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from branch_desktop.accounting.banking import rules
from branch_desktop.accounting.banking.exceptions import (
    AmountTooLarge,
    DuplicateLine,
    DuplicateStatement,
    LineCurrencyMismatch,
    MappingNeeded,
    StatementAccountMismatch,
    StatementAmountError,
    StatementCurrencyMismatch,
    StatementInLockedMonth,
    StatementTwiceInFile,
    UnknownFormat,
)
from branch_desktop.accounting.banking.importers import camt053, mt940
from branch_desktop.accounting.banking.importers import csv as csv_importer
from branch_desktop.accounting.banking.importers.base import (
    MAX_FILE_BYTES,
    MAX_UNITS,
    ParsedStatement,
    StatementFileError,
)
from branch_desktop.accounting.banking.importers.csv import CsvLayout
from branch_desktop.accounting.banking.models import BankAccount, Statement, StatementLine
from branch_desktop.accounting.banking.services.accounts import get_csv_mapping
from branch_desktop.accounting.banking.services.common import FORMATS, account_row, locked_months
from branch_desktop.accounting.banking.types import StatementSummary
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.errors import ValidationError
from branch_desktop.core.models import table_of, utcnow
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.core.storage import retry_transient
from branch_desktop.core.texts import Month
from branch_desktop.core.uploads import read_upload


def read_statement_file(path: Path) -> bytes:
    """A statement file's bytes, refused before reading when missing or over the size limit."""
    return read_upload(path, MAX_FILE_BYTES)


def detect_format(data: bytes) -> str:
    if camt053.looks_like(data):
        return "camt053"
    if mt940.looks_like(data):
        return "mt940"
    if csv_importer.looks_like(data):
        return "csv"
    raise StatementFileError("file", "the format is not recognised (camt.053, MT940 or CSV).")


def parse_statement_file(
    data: bytes, fmt: str, calendar_ctx: BranchContext, layout: CsvLayout | None = None, file_name: str = ""
) -> tuple[str, list[ParsedStatement]]:
    """Parse without touching the database; returns the format used and the statements."""
    if fmt not in FORMATS:
        raise UnknownFormat(format=fmt)
    if fmt == "auto":
        fmt = detect_format(data)
    if fmt == "camt053":
        return fmt, camt053.parse(data)
    if fmt == "mt940":
        return fmt, mt940.parse(data)
    if layout is None:
        raise MappingNeeded()
    return fmt, csv_importer.parse(data, layout, calendar_ctx.pack.calendar, file_name)


def _existing_fingerprints(s: Session, account_id: int, prints: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(prints), 900):
        chunk = prints[i : i + 900]
        found.update(
            s.scalars(
                select(StatementLine.fingerprint).where(
                    StatementLine.bank_account_id == account_id, StatementLine.fingerprint.in_(chunk)
                )
            )
        )
    return found


def _check_identity(acc: BankAccount, st: ParsedStatement, where: str) -> None:
    """The statement is the bank account's, in its currency, line by line."""
    if not rules.account_matches(acc.iban, acc.code, st.account):
        raise StatementAccountMismatch(where=where, stated=st.account, code=acc.code, iban=acc.iban)
    if st.currency and st.currency != acc.currency:
        raise StatementCurrencyMismatch(where=where, stated=st.currency, code=acc.code, currency=acc.currency)
    for line in st.lines:
        if line.currency and line.currency != acc.currency:
            raise LineCurrencyMismatch(where=line.where, stated=line.currency, code=acc.code, currency=acc.currency)


def _minor(ctx: BranchContext, value: Decimal, place: str) -> int:
    try:
        result = ctx.pack.currency.to_minor(value)
    except ValidationError as exc:
        raise StatementAmountError(where=place, reason=str(exc)) from None
    if abs(result) >= int(MAX_UNITS):
        raise AmountTooLarge(where=place, amount=str(value))
    return result


def _check_locked_days(ctx: BranchContext, st: ParsedStatement, locked: set[tuple[int, int]], where: str) -> None:
    checked_days: set[dt.date] = set()
    for line in st.lines:
        if not locked or line.booking_date in checked_days:
            continue
        checked_days.add(line.booking_date)
        ym = ctx.pack.calendar.year_month(line.booking_date)
        if (ym.year, ym.month) in locked:
            raise StatementInLockedMonth(where=line.where or where, period=Month(ym))


@retry_transient
def import_statement(
    ctx: BranchContext,
    actor: Actor,
    account_code: str,
    data: bytes,
    *,
    file_name: str = "",
    fmt: str = "auto",
    mapping: str | CsvLayout | None = None,
    dry_run: bool = False,
) -> list[StatementSummary]:
    """Import every statement of a file into a bank account, all or nothing.

    Refused (naming the statement, line or element): a currency or account other than the bank
    account's, an opening balance other than the previous statement's closing balance, lines
    that do not add up to the closing balance, a statement or a line imported before, a line
    in a month whose reconciliation is locked. ``dry_run`` checks everything and writes nothing.
    """
    require(actor, "banking.import")
    layout = get_csv_mapping(ctx, actor, mapping) if isinstance(mapping, str) else mapping
    used_fmt, parsed = parse_statement_file(data, fmt, ctx, layout, file_name)
    digest = hashlib.sha256(data).hexdigest()
    currency = ctx.pack.currency
    session_cm = ctx.db.read() if dry_run else ctx.db.write()
    with session_cm as s:
        acc, _ledger_code = account_row(s, account_code, lock=not dry_run)
        locked = locked_months(s, acc.id)
        last = s.execute(
            select(Statement.closing, Statement.end_date, Statement.statement_ref)
            .where(Statement.bank_account_id == acc.id)
            .order_by(Statement.end_date.desc(), Statement.id.desc()).limit(1)
        ).first()
        prev_closing: int | None = last[0] if last else None
        prev_end: dt.date | None = last[1] if last else None
        seen_refs: set[str] = set()
        summaries: list[StatementSummary] = []
        for st in parsed:
            where = st.where or st.statement_ref
            if file_name and file_name not in where:  # the file first: "demo-1405-07.xml, <Stmt> (line 2)"
                where = f"{file_name}, {where}"
            _check_identity(acc, st, where)
            if st.statement_ref in seen_refs:
                raise StatementTwiceInFile(where=where, ref=st.statement_ref)
            seen_refs.add(st.statement_ref)
            if s.scalar(select(Statement.id).where(Statement.bank_account_id == acc.id,
                                                   Statement.statement_ref == st.statement_ref)):
                raise DuplicateStatement(where=where, ref=st.statement_ref)
            amounts = [_minor(ctx, line.amount, line.where or where) for line in st.lines]
            lines_sum = sum(amounts)
            start, end = st.dates()
            opening, closing = rules.balances(
                where, None if st.opening is None else _minor(ctx, st.opening, where),
                None if st.closing is None else _minor(ctx, st.closing, where), lines_sum, prev_closing, currency)
            _check_locked_days(ctx, st, locked, where)
            prints = rules.fingerprints(acc.id, st.lines)
            clash = _existing_fingerprints(s, acc.id, prints)
            if clash:
                first = next(i for i, p in enumerate(prints) if p in clash)
                raise DuplicateLine(where=st.lines[first].where or where, count=len(clash))
            rules.check_order(where, end, prev_end, ctx.pack.calendar)
            summaries.append(StatementSummary(
                account=acc.code, currency=acc.currency, statement_id=st.statement_ref, opening=opening,
                closing=closing, lines=len(st.lines), lines_sum=lines_sum, start=start, end=end))
            if not dry_run:
                row = Statement(bank_account_id=acc.id, statement_ref=st.statement_ref[:120], start_date=start,
                                end_date=end, opening=opening, closing=closing, line_count=len(st.lines),
                                source_format=used_fmt, file_name=file_name[-260:], file_sha256=digest,
                                imported_by=actor.id, imported_at=utcnow())
                s.add(row)
                s.flush()
                rows = [
                    {
                        "statement_id": row.id, "bank_account_id": acc.id, "line_no": i,
                        "booking_date": line.booking_date, "value_date": line.value_date, "amount": amt,
                        "reference": line.reference, "bank_reference": line.bank_reference,
                        "counterparty": line.counterparty, "counterparty_account": line.counterparty_account,
                        "description": line.description, "fingerprint": fp,
                    }
                    for i, (line, amt, fp) in enumerate(zip(st.lines, amounts, prints, strict=True), start=1)
                ]
                for i in range(0, len(rows), 5000):
                    s.execute(insert(table_of(StatementLine)), rows[i : i + 5000])
            prev_closing, prev_end = closing, end
        if not dry_run:
            audit(s, actor, "banking.statement.import", "bank_account", acc.code, file=file_name,
                  statements=[x.statement_id for x in summaries], lines=sum(x.lines for x in summaries))
        return summaries


def list_statements(ctx: BranchContext, actor: Actor, account_code: str | None = None) -> list[StatementSummary]:
    """The imported statements (of one bank account, or of all), latest first: account, period,
    number of lines, opening and closing balance, and the sum of the lines."""
    require(actor, "banking.view")
    with ctx.db.read() as s:
        sums = (select(StatementLine.statement_id.label("sid"), func.sum(StatementLine.amount).label("total"))
                .group_by(StatementLine.statement_id).subquery())
        stmt = (
            select(BankAccount.code, BankAccount.currency, Statement.statement_ref, Statement.opening,
                   Statement.closing, Statement.line_count, func.coalesce(sums.c.total, 0), Statement.start_date,
                   Statement.end_date)
            .join(BankAccount, BankAccount.id == Statement.bank_account_id)
            .outerjoin(sums, sums.c.sid == Statement.id)
            .order_by(Statement.end_date.desc(), BankAccount.code, Statement.id.desc())
        )
        if account_code is not None:
            acc, _code = account_row(s, account_code)
            stmt = stmt.where(Statement.bank_account_id == acc.id)
        return [StatementSummary(account=r[0], currency=r[1], statement_id=r[2], opening=int(r[3]),
                                 closing=int(r[4]), lines=int(r[5]), lines_sum=int(r[6]), start=r[7], end=r[8])
                for r in s.execute(stmt)]


def latest_statement_month(ctx: BranchContext, actor: Actor, account_code: str) -> YearMonth | None:
    """The month of the bank account's latest statement line (the month to reconcile), if any."""
    require(actor, "banking.view")
    with ctx.db.read() as s:
        acc, _code = account_row(s, account_code)
        day = s.scalar(select(func.max(StatementLine.booking_date)).where(StatementLine.bank_account_id == acc.id))
    return ctx.pack.calendar.year_month(day) if day is not None else None

"""Banking use cases: bank accounts, statement import, reconciliation, legal-obligation cheques,
the 10-day revenue balance and the accounting month-end close.

Every function takes the branch context and the acting user, checks the permission first and
runs as one transaction: a refused file, match or cheque writes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.iso7064 import mod_97_10

from branch_desktop.accounting.banking import listeners, rules
from branch_desktop.accounting.banking.importers import camt053, mt940
from branch_desktop.accounting.banking.importers import csv as csv_importer
from branch_desktop.accounting.banking.importers.base import (
    MAX_FILE_BYTES,
    MAX_UNITS,
    ParsedStatement,
    StatementFileError,
    fingerprint,
)
from branch_desktop.accounting.banking.importers.csv import CsvLayout
from branch_desktop.accounting.banking.models import (
    BankAccount,
    ChequeBook,
    CounterpartyLink,
    CsvMapping,
    IssuedCheque,
    MatchGroup,
    MatchItem,
    PaymentDocument,
    ReconciliationLock,
    Statement,
    StatementLine,
)
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.checkpoints import anchor
from branch_desktop.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from branch_desktop.core.i18n import N_
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.ledger import services as ledger
from branch_desktop.core.ledger.models import Account, Entry, EntryLine
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.core.models import RecordText, User, table_of, utcnow
from branch_desktop.core.money import Currency
from branch_desktop.core.record_texts import ENTRY, describe_entry, text_of
from branch_desktop.core.records import set_state
from branch_desktop.core.security import Actor, Role, audit, require
from branch_desktop.core.storage import retry_transient
from branch_desktop.core.texts import Month, Msg, format_param, join_list, stored_text
from branch_desktop.core.uploads import read_upload

FORMATS = ("auto", "csv", "camt053", "mt940")
BANK_ROLES = ("revenue_bank", "legal_obligation_bank", "loan_fund_bank", "loan_fund_disbursement_bank")
SIGN_ACCOUNTING = "accounting"
SIGN_HEAD = "head"


# -- plain data handed to views, documents and the CLI --------------------------------------


@dataclass(frozen=True)
class BankAccountView:
    id: int
    code: str
    name: str
    bank: str
    iban: str
    currency: str
    ledger_code: str
    role: str
    allows_outgoing: bool


@dataclass(frozen=True)
class StatementSummary:
    account: str
    currency: str
    statement_id: str
    opening: int
    closing: int
    lines: int
    lines_sum: int
    start: dt.date
    end: dt.date

    def as_json(self, currency: Currency) -> dict[str, object]:
        return {
            "account": self.account,
            "currency": self.currency,
            "statement_id": self.statement_id,
            "opening_balance": currency.plain(self.opening),
            "closing_balance": currency.plain(self.closing),
            "lines": self.lines,
            "sum_of_lines": currency.plain(self.lines_sum),
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
        }


@dataclass(frozen=True)
class StatementLineView:
    id: int
    day: dt.date
    amount: int
    reference: str
    counterparty: str
    description: str
    value_date: dt.date | None = None


@dataclass(frozen=True)
class BookItemView:
    id: int  # the ledger line's id
    entry_id: int
    day: dt.date
    amount: int  # debit - credit
    reference: str
    description: str
    number: str


@dataclass(frozen=True)
class MatchView:
    id: int
    rule: str
    confidence: int
    manual: bool
    statement: tuple[StatementLineView, ...]
    book: tuple[BookItemView, ...]
    last_date: dt.date | None = None  # the latest date of its items (the month it is listed in)

    @property
    def amount(self) -> int:
        """What the match reconciles: the sum of its statement lines (equal to its book items')."""
        return sum(x.amount for x in self.statement)


@dataclass(frozen=True)
class Reconciliation:
    account: BankAccountView
    period: YearMonth
    start: dt.date
    end: dt.date
    figures: rules.ReconciliationFigures
    unmatched_statement: tuple[StatementLineView, ...]
    unmatched_book: tuple[BookItemView, ...]
    matched_groups: int
    statements: int
    locked: bool
    locked_by: str = ""
    locked_at: dt.datetime | None = None

    @property
    def difference(self) -> int:
        return self.figures.difference

    @property
    def outstanding_cheques(self) -> tuple[BookItemView, ...]:
        return tuple(b for b in self.unmatched_book if b.amount < 0)

    @property
    def deposits_in_transit(self) -> tuple[BookItemView, ...]:
        return tuple(b for b in self.unmatched_book if b.amount > 0)


@dataclass(frozen=True)
class AutoMatchResult:
    matched_groups: int
    matched_statement_lines: int
    matched_book_items: int
    unmatched_statement_lines: int
    unmatched_book_items: int
    difference: int
    by_rule: dict[str, int] = field(default_factory=dict)
    by_month: dict[YearMonth, int] = field(default_factory=dict)  # where the matches are listed


@dataclass(frozen=True)
class PaymentDocumentInput:
    reference: str
    insured_id: str
    insured_name: str
    benefit_type: str  # a pack account role: "benefit_sickness", ...
    amount: int
    period: str  # YYYY-MM in the pack calendar
    document_date: dt.date
    prepared_by: str = ""
    checked_by: str = ""
    approved_by: str = ""


@dataclass(frozen=True)
class PaymentDocumentView:
    id: int
    reference: str
    insured_id: str
    insured_name: str
    benefit_type: str
    amount: int
    period: str
    document_date: dt.date
    prepared_by: str
    checked_by: str
    approved_by: str
    status: str


@dataclass(frozen=True)
class ChequeView:
    id: int
    account_code: str
    account_name: str
    bank: str
    iban: str
    number: int
    series: str
    payee: str
    amount: int
    issue_date: dt.date
    status: str
    signed_accounting_by: str
    signed_head_by: str
    spoiled_reason: str
    entry_id: int | None
    document: PaymentDocumentView | None
    expense_code: str = ""
    expense_name: str = ""  # in the pack's language
    bank_ledger_code: str = ""
    expense_name_en: str = ""

    def benefit_name(self, lang: str) -> str:
        """The benefit (its expense account's name) in a document's language."""
        name = self.expense_name if lang in ("fa", "tr") else self.expense_name_en
        return name or self.expense_name or (self.document.benefit_type if self.document else "")


@dataclass(frozen=True)
class ChequeBookView:
    id: int
    account_code: str
    series: str
    first_number: int
    last_number: int
    used: int


@dataclass(frozen=True)
class TenDayRow:
    span: int  # 1, 2, 3
    start: dt.date
    end: dt.date
    opening: int
    debit: int
    credit: int

    @property
    def closing(self) -> int:
        return self.opening + self.debit - self.credit


@dataclass(frozen=True)
class TenDayReport:
    account: BankAccountView
    period: YearMonth
    rows: tuple[TenDayRow, ...]
    checkpoint: str = ""  # digest of the chain heads when the report was issued


@dataclass(frozen=True)
class PaymentReport:
    period: YearMonth
    start: dt.date
    end: dt.date
    cheques: tuple[ChequeView, ...]
    spoiled: tuple[ChequeView, ...]

    @property
    def total(self) -> int:
        return sum(c.amount for c in self.cheques)

    def totals_by_benefit(self) -> list[tuple[str, int, int]]:
        sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for c in self.cheques:
            key = c.document.benefit_type if c.document else ""
            sums[key][0] += 1
            sums[key][1] += c.amount
        return [(k, v[0], v[1]) for k, v in sorted(sums.items())]


# -- bank accounts ---------------------------------------------------------------------------


def _view(acc: BankAccount, ledger_code: str) -> BankAccountView:
    return BankAccountView(acc.id, acc.code, acc.name, acc.bank, acc.iban, acc.currency, ledger_code,
                           acc.role, acc.allows_outgoing)


def _account(s: Session, code: str, *, lock: bool = False) -> tuple[BankAccount, str]:
    """The bank account and its ledger code; ``lock`` takes the account's row FOR UPDATE (on
    PostgreSQL; SQLite writers are serialised anyway), so two workstations importing, matching
    or issuing cheques on one account queue instead of colliding."""
    q = (select(BankAccount, Account.code).join(Account, Account.id == BankAccount.ledger_account_id)
         .where(BankAccount.code == code.strip()))
    if lock:
        q = q.with_for_update(of=BankAccount)
    row = s.execute(q).first()
    if row is None:
        raise NotFound("There is no bank account {code}.", code=code)
    return row[0], row[1]


# IBAN layouts of countries that use IBANs but are not in SWIFT's registry (python-stdnum's
# table): Iran (IR + 2 check digits + 22 digits: 0, the bank's 2-digit code, the account).
_EXTRA_IBAN_BBAN = {"IR": re.compile(r"0\d{21}")}


def validate_iban(text: str) -> str:
    """The IBAN in compact form, or a ValidationError: mod-97 check digits and the country's layout
    (python-stdnum; Iran's layout added here)."""
    compact = stdnum_iban.compact(text or "")
    try:
        return str(stdnum_iban.validate(compact))
    except StdnumError:
        pattern = _EXTRA_IBAN_BBAN.get(compact[:2])
        if pattern is not None and pattern.fullmatch(compact[4:]):
            try:
                mod_97_10.validate(compact[4:] + compact[:4])
                return compact
            except StdnumError:
                pass
        raise ValidationError("'{iban}' is not a valid IBAN.", iban=text) from None


def create_bank_account(
    ctx: BranchContext,
    actor: Actor,
    code: str,
    iban: str,
    bank: str,
    *,
    name: str = "",
    currency: str | None = None,
    ledger_code: str | None = None,
) -> BankAccountView:
    """Register one of the branch's bank accounts on a postable ledger account.

    The ledger account's pack role decides what the account may do: the revenue account
    (``revenue_bank``) refuses every outgoing payment.
    """
    require(actor, "banking.accounts")
    code = code.strip()
    if not code:
        raise ValidationError("A bank account needs a code.")
    clean_iban = validate_iban(iban)
    currency = (currency or ctx.pack.currency.code).upper()
    if currency != ctx.pack.currency.code:
        raise ValidationError(
            "The books are kept in {pack}; a bank account in {currency} cannot be registered.",
            pack=ctx.pack.currency.code, currency=currency,
        )
    ledger_code = (ledger_code or code).strip()
    role = next((r for r, c in ctx.pack.account_roles.items() if c == ledger_code), "")
    with ctx.db.write() as s:
        acc = s.scalar(select(Account).where(Account.code == ledger_code))
        if acc is None or not acc.is_postable:
            raise ValidationError("The ledger account {code} does not exist or is not postable.", code=ledger_code)
        if acc.kind != "asset":
            raise ValidationError("The ledger account {code} of a bank account must be an asset.", code=ledger_code)
        if s.scalar(select(BankAccount.id).where(BankAccount.code == code)):
            raise ConflictError("The bank account {code} exists already.", code=code)
        if s.scalar(select(BankAccount.id).where(BankAccount.iban == clean_iban)):
            raise ConflictError("The IBAN {iban} is registered already.", iban=clean_iban)
        if s.scalar(select(BankAccount.id).where(BankAccount.ledger_account_id == acc.id)):
            raise ConflictError("The ledger account {code} has a bank account already.", code=ledger_code)
        row = BankAccount(code=code, name=name or acc.name, bank=bank.strip(), iban=clean_iban, currency=currency,
                          ledger_account_id=acc.id, role=role, allows_outgoing=role != "revenue_bank")
        s.add(row)
        s.flush()
        audit(s, actor, "banking.account.create", "bank_account", code, iban=clean_iban, role=role)
        return _view(row, ledger_code)


def list_bank_accounts(ctx: BranchContext, actor: Actor) -> list[BankAccountView]:
    require(actor, "banking.view")
    with ctx.db.read() as s:
        rows = s.execute(
            select(BankAccount, Account.code).join(Account, Account.id == BankAccount.ledger_account_id)
            .where(BankAccount.active.is_(True)).order_by(BankAccount.code)
        ).all()
        return [_view(a, c) for a, c in rows]


def get_bank_account(ctx: BranchContext, actor: Actor, code: str) -> BankAccountView:
    require(actor, "banking.view")
    with ctx.db.read() as s:
        acc, ledger_code = _account(s, code)
        return _view(acc, ledger_code)


# -- CSV mappings -------------------------------------------------------------------------------


def save_csv_mapping(ctx: BranchContext, actor: Actor, name: str, layout: CsvLayout, bank: str = "") -> None:
    require(actor, "banking.import")
    name = name.strip()
    if not name:
        raise ValidationError("A CSV mapping needs a name.")
    with ctx.db.write() as s:
        row = s.scalar(select(CsvMapping).where(CsvMapping.name == name))
        if row is None:
            s.add(CsvMapping(name=name, bank=bank, config=layout.to_json()))
        else:
            row.config, row.bank, row.updated_at = layout.to_json(), bank or row.bank, utcnow()
        audit(s, actor, "banking.mapping.save", "csv_mapping", name)


def get_csv_mapping(ctx: BranchContext, actor: Actor, name: str) -> CsvLayout:
    require(actor, "banking.view")
    with ctx.db.read() as s:
        config = s.scalar(select(CsvMapping.config).where(CsvMapping.name == name.strip()))
    if config is None:
        raise NotFound("There is no CSV mapping {name}.", name=name)
    return CsvLayout.from_json(config)


def list_csv_mappings(ctx: BranchContext, actor: Actor) -> list[str]:
    require(actor, "banking.view")
    with ctx.db.read() as s:
        return list(s.scalars(select(CsvMapping.name).order_by(CsvMapping.name)))


# -- statement import ---------------------------------------------------------------------------


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
        raise ValidationError("Unknown statement format {format}.", format=fmt)
    if fmt == "auto":
        fmt = detect_format(data)
    if fmt == "camt053":
        return fmt, camt053.parse(data)
    if fmt == "mt940":
        return fmt, mt940.parse(data)
    if layout is None:
        raise ValidationError("A CSV statement needs a column mapping (--mapping NAME).")
    return fmt, csv_importer.parse(data, layout, calendar_ctx.pack.calendar, file_name)


def _account_matches(acc: BankAccount, stated: str) -> bool:
    if not stated:
        return True
    stated = stated.replace(" ", "").upper()
    iban = acc.iban.upper()
    return stated in (iban, acc.code.upper()) or iban[4:] == stated or iban.endswith(stated.split("/")[-1])


def _locked_months(s: Session, account_id: int) -> set[tuple[int, int]]:
    rows = s.execute(
        select(ReconciliationLock.year, ReconciliationLock.month).where(
            ReconciliationLock.bank_account_id == account_id, ReconciliationLock.status == "locked"
        )
    ).all()
    return {(y, m) for y, m in rows}


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
        acc, _ledger_code = _account(s, account_code, lock=not dry_run)
        locked = _locked_months(s, acc.id)
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
            if not _account_matches(acc, st.account):
                raise ValidationError(
                    "{where}: the statement is for account {stated}, not for {code} ({iban}).",
                    where=where, stated=st.account, code=acc.code, iban=acc.iban,
                )
            if st.currency and st.currency != acc.currency:
                raise ValidationError(
                    "{where}: the statement is in {stated}, the bank account {code} in {currency}.",
                    where=where, stated=st.currency, code=acc.code, currency=acc.currency,
                )
            for line in st.lines:
                if line.currency and line.currency != acc.currency:
                    raise ValidationError(
                        "{where}: the line is in {stated}, the bank account {code} in {currency}.",
                        where=line.where, stated=line.currency, code=acc.code, currency=acc.currency,
                    )
            if st.statement_ref in seen_refs:
                raise ConflictError("{where}: the statement {ref} appears twice in the file.", where=where,
                                    ref=st.statement_ref)
            seen_refs.add(st.statement_ref)
            if s.scalar(select(Statement.id).where(Statement.bank_account_id == acc.id,
                                                   Statement.statement_ref == st.statement_ref)):
                raise ConflictError("{where}: the statement {ref} was imported before.", where=where,
                                    ref=st.statement_ref)

            def minor(value: Decimal, place: str) -> int:
                try:
                    result = currency.to_minor(value)
                except ValidationError as exc:
                    raise ValidationError("{where}: {reason}", where=place, reason=str(exc)) from None
                if abs(result) >= int(MAX_UNITS):
                    raise ValidationError("{where}: the amount {amount} is too large.", where=place, amount=str(value))
                return result

            amounts = [minor(line.amount, line.where or where) for line in st.lines]
            lines_sum = sum(amounts)
            start, end = st.dates()
            if st.opening is None:
                opening = prev_closing or 0
            else:
                opening = minor(st.opening, where)
                if prev_closing is not None and opening != prev_closing:
                    raise ValidationError(
                        "{where}: the opening balance {opening} differs from the previous statement's "
                        "closing balance {closing}.",
                        where=where, opening=currency.plain(opening), closing=currency.plain(prev_closing),
                    )
            closing = opening + lines_sum if st.closing is None else minor(st.closing, where)
            if opening + lines_sum != closing:
                raise ValidationError(
                    "{where}: the opening balance {opening} plus the lines {lines} is {total}, "
                    "not the closing balance {closing}.",
                    where=where, opening=currency.plain(opening), lines=currency.plain(lines_sum),
                    total=currency.plain(opening + lines_sum), closing=currency.plain(closing),
                )
            checked_days: set[dt.date] = set()
            for line in st.lines:
                if not locked or line.booking_date in checked_days:
                    continue
                checked_days.add(line.booking_date)
                ym = ctx.pack.calendar.year_month(line.booking_date)
                if (ym.year, ym.month) in locked:
                    raise ValidationError("{where}: the reconciliation of {period} is locked.",
                                          where=line.where or where, period=Month(ym))
            occurrences: dict[tuple[object, ...], int] = defaultdict(int)
            prints: list[str] = []
            for line in st.lines:
                key = (line.booking_date, line.amount, line.reference, line.bank_reference, line.counterparty,
                       line.description)
                prints.append(fingerprint(acc.id, line, occurrences[key]))
                occurrences[key] += 1
            clash = _existing_fingerprints(s, acc.id, prints)
            if clash:
                first = next(i for i, p in enumerate(prints) if p in clash)
                raise ConflictError(
                    "{where}: the line was imported before (in another statement); {count} such lines.",
                    where=st.lines[first].where or where, count=len(clash),
                )
            if prev_end is not None and end < prev_end:
                raise ValidationError(
                    "{where}: the statement ends on {end}, before the last imported statement ({last}).",
                    where=where, end=ctx.pack.calendar.format(end), last=ctx.pack.calendar.format(prev_end),
                )
            summaries.append(StatementSummary(acc.code, acc.currency, st.statement_ref, opening, closing,
                                              len(st.lines), lines_sum, start, end))
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


# -- reconciliation -----------------------------------------------------------------------------


def _month(ctx: BranchContext, ym: YearMonth) -> tuple[dt.date, dt.date]:
    return ctx.pack.calendar.month_bounds(ym)


def _match_window(ctx: BranchContext, day: dt.date) -> int:
    try:
        return int(ctx.pack.param("banking.match_window_days", day))
    except Exception:
        return 3


# States of payment documents and cheques, as shown (translated where shown, in messages as Msg).
STATUS_LABELS = {"entered": N_("entered"), "checked": N_("checked"), "paid": N_("paid"), "issued": N_("issued"),
                 "signed": N_("signed"), "posted": N_("posted"), "spoiled": N_("spoiled")}


def _status(status: str) -> Msg:
    return Msg(STATUS_LABELS.get(status, status))


def _book_rows(s: Session, acc: BankAccount, end: dt.date, ctx: BranchContext | None = None) -> list[BookItemView]:
    """Posted ledger lines on the bank's ledger account up to ``end``, without reversed pairs.
    With ``ctx`` (for display) the descriptions are rendered in the reader's language; without,
    they are the entries' own texts (what the matching rules search for cheque numbers)."""
    rows = s.execute(
        select(EntryLine.id, Entry.id, Entry.entry_date, EntryLine.debit, EntryLine.credit, Entry.reference,
               Entry.description, Entry.reverses_id, Entry.number, Entry.fiscal_year, RecordText.msgid,
               RecordText.params)
        .join(Entry, Entry.id == EntryLine.entry_id)
        .outerjoin(RecordText, text_of(ENTRY, Entry.id))
        .where(EntryLine.account_id == acc.ledger_account_id, Entry.status == "posted", Entry.entry_date <= end)
        .order_by(Entry.entry_date, EntryLine.id)
    ).all()
    reversed_ids = {r[7] for r in rows if r[7] is not None}
    entry_ids = {r[1] for r in rows}
    cancelled = {r[1] for r in rows if r[7] is not None and r[7] in entry_ids} | (reversed_ids & entry_ids)
    return [
        BookItemView(r[0], r[1], r[2], r[3] - r[4], r[5] or "",
                     describe_entry(ctx, r[6] or "", r[10], r[11]) if ctx is not None else r[6] or "",
                     f"{r[9]}-{r[8]:06d}" if r[8] is not None else "")
        for r in rows if r[1] not in cancelled
    ]


def _statement_rows(s: Session, acc: BankAccount, end: dt.date) -> list[StatementLineView]:
    rows = s.execute(
        select(StatementLine.id, StatementLine.booking_date, StatementLine.amount, StatementLine.reference,
               StatementLine.counterparty, StatementLine.description, StatementLine.value_date,
               StatementLine.bank_reference)
        .where(StatementLine.bank_account_id == acc.id, StatementLine.booking_date <= end)
        .order_by(StatementLine.booking_date, StatementLine.id)
    ).all()
    return [StatementLineView(r[0], r[1], r[2], r[3] or r[7] or "", r[4], r[5], r[6]) for r in rows]


def _matched(s: Session, acc: BankAccount) -> tuple[set[int], set[int]]:
    rows = s.execute(
        select(MatchItem.statement_line_id, MatchItem.entry_line_id)
        .join(MatchGroup, MatchGroup.id == MatchItem.group_id)
        .where(MatchGroup.bank_account_id == acc.id)
    ).all()
    return {r[0] for r in rows if r[0] is not None}, {r[1] for r in rows if r[1] is not None}


def _statement_balance(s: Session, acc: BankAccount, end: dt.date) -> tuple[int, int]:
    """The bank's balance at ``end`` (first statement's opening + lines to then) and the number
    of statements."""
    first = s.execute(
        select(Statement.opening).where(Statement.bank_account_id == acc.id)
        .order_by(Statement.end_date, Statement.id).limit(1)
    ).scalar()
    lines = s.scalar(
        select(func.coalesce(func.sum(StatementLine.amount), 0))
        .where(StatementLine.bank_account_id == acc.id, StatementLine.booking_date <= end)
    )
    count = s.scalar(select(func.count()).select_from(Statement).where(Statement.bank_account_id == acc.id,
                                                                         Statement.start_date <= end))
    return int(first or 0) + int(lines or 0), int(count or 0)


def _lock(s: Session, acc: BankAccount, ym: YearMonth) -> ReconciliationLock | None:
    return s.scalar(select(ReconciliationLock).where(
        ReconciliationLock.bank_account_id == acc.id, ReconciliationLock.year == ym.year,
        ReconciliationLock.month == ym.month))


def _refuse_if_locked(ctx: BranchContext, s: Session, acc: BankAccount, day: dt.date) -> None:
    ym = ctx.pack.calendar.year_month(day)
    lock = _lock(s, acc, ym)
    if lock is not None and lock.status == "locked":
        raise ConflictError(
            "The reconciliation of {account} for {period} is locked; a manager must reopen it first.",
            account=acc.code, period=Month(ym))


def _load(ctx: BranchContext, s: Session, acc: BankAccount, ledger_code: str, ym: YearMonth) -> Reconciliation:
    start, end = _month(ctx, ym)
    book = _book_rows(s, acc, end, ctx)
    lines = _statement_rows(s, acc, end)
    matched_s, matched_b = _matched(s, acc)
    book_balance = sum(b.amount for b in book)
    stmt_balance, count = _statement_balance(s, acc, end)
    un_b = tuple(b for b in book if b.id not in matched_b)
    un_s = tuple(x for x in lines if x.id not in matched_s)
    figs = rules.figures(book_balance, stmt_balance, (b.amount for b in un_b), (x.amount for x in un_s))
    groups = s.scalar(select(func.count()).select_from(MatchGroup).where(
        MatchGroup.bank_account_id == acc.id, MatchGroup.last_date >= start, MatchGroup.last_date <= end))
    lock = _lock(s, acc, ym)
    locked = lock is not None and lock.status == "locked"
    locker = s.scalar(select(User.username).where(User.id == lock.locked_by)) if locked and lock else ""
    return Reconciliation(_view(acc, ledger_code), ym, start, end, figs, un_s, un_b, int(groups or 0), count,
                          locked, locker or "", lock.locked_at if locked and lock else None)


def reconciliation(ctx: BranchContext, actor: Actor, account_code: str, ym: YearMonth) -> Reconciliation:
    """The state of a bank account's month: figures, unmatched lines and items, lock."""
    require(actor, "banking.view")
    with ctx.db.read() as s:
        acc, ledger_code = _account(s, account_code)
        return _load(ctx, s, acc, ledger_code, ym)


def _links(s: Session) -> dict[str, list[tuple[str, int]]]:
    out: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for key, ptype, pid in s.execute(
        select(CounterpartyLink.counterparty_key, CounterpartyLink.party_type, CounterpartyLink.party_id)
    ):
        out[key].append((ptype, pid))
    return out


def _parties(s: Session, entry_ids: Iterable[int]) -> dict[int, tuple[str, int]]:
    """The first party named on each entry (the employer of a receipt...)."""
    ids = list(entry_ids)
    found: dict[int, tuple[str, int]] = {}
    for i in range(0, len(ids), 900):
        for eid, ptype, pid in s.execute(
            select(EntryLine.entry_id, EntryLine.party_type, EntryLine.party_id)
            .where(EntryLine.entry_id.in_(ids[i : i + 900]), EntryLine.party_id.is_not(None))
            .order_by(EntryLine.entry_id, EntryLine.line_no)
        ):
            if eid not in found and ptype and pid is not None:
                found[eid] = (ptype, pid)
    return found


def _store_groups(s: Session, acc: BankAccount, actor: Actor, matches: Sequence[rules.Match],
                  days: dict[tuple[str, int], dt.date], manual: bool) -> list[int]:
    """Insert match groups and their items (bulk)."""
    ids: list[int] = []
    if not matches:
        return ids
    now = utcnow()
    group_rows = [
        {"bank_account_id": acc.id, "rule": m.rule, "confidence": m.confidence, "manual": manual,
         "last_date": max([days[("s", i)] for i in m.statement_ids] + [days[("b", i)] for i in m.book_ids]),
         "created_by": actor.id, "created_at": now}
        for m in matches
    ]
    groups, items_table = table_of(MatchGroup), table_of(MatchItem)
    for i in range(0, len(group_rows), 2000):
        chunk = group_rows[i : i + 2000]
        # Core inserts (no ORM bookkeeping); the ids come back in the rows' order
        new_ids = list(s.scalars(insert(groups).returning(groups.c.id, sort_by_parameter_order=True), chunk))
        ids.extend(new_ids)
    items: list[dict[str, int | None]] = []
    for gid, m in zip(ids, matches, strict=True):
        items.extend({"group_id": gid, "statement_line_id": sid, "entry_line_id": None} for sid in m.statement_ids)
        items.extend({"group_id": gid, "statement_line_id": None, "entry_line_id": bid} for bid in m.book_ids)
    for i in range(0, len(items), 5000):
        s.execute(insert(items_table), items[i : i + 5000])
    return ids


def auto_match(ctx: BranchContext, actor: Actor, account_code: str, ym: YearMonth) -> AutoMatchResult:
    """Match what is unmatched up to the month's end with the engine's rules (``rules.auto_match``)."""
    require(actor, "banking.reconcile")
    with ctx.db.write() as s:
        acc, ledger_code = _account(s, account_code, lock=True)
        start, end = _month(ctx, ym)
        _refuse_if_locked(ctx, s, acc, end)
        locked = _locked_months(s, acc.id)
        book = _book_rows(s, acc, end)
        lines = _statement_rows(s, acc, end)
        matched_s, matched_b = _matched(s, acc)
        cal = ctx.pack.calendar
        month_of: dict[dt.date, bool] = {}

        def open_month(day: dt.date) -> bool:
            if day not in month_of:
                ym_ = cal.year_month(day)
                month_of[day] = (ym_.year, ym_.month) not in locked
            return month_of[day]

        un_b = [b for b in book if b.id not in matched_b and open_month(b.day)]
        un_s = [x for x in lines if x.id not in matched_s and open_month(x.day)]
        parties = _parties(s, {b.entry_id for b in un_b})
        matches = rules.auto_match(
            [rules.StatementItem(x.id, x.day, x.amount, x.reference, x.description, x.counterparty) for x in un_s],
            [rules.BookItem(b.id, b.day, b.amount, b.reference, parties.get(b.entry_id)) for b in un_b],
            window=_match_window(ctx, end),
            links=_links(s),
        )
        days: dict[tuple[str, int], dt.date] = {("s", x.id): x.day for x in un_s}
        days.update({("b", b.id): b.day for b in un_b})
        _store_groups(s, acc, actor, matches, days, manual=False)
        by_rule: dict[str, int] = defaultdict(int)
        by_month: dict[YearMonth, int] = defaultdict(int)
        for m in matches:
            by_rule[m.rule] += 1
            by_month[cal.year_month(max([days[("s", i)] for i in m.statement_ids]
                                        + [days[("b", i)] for i in m.book_ids]))] += 1
        state = _load(ctx, s, acc, ledger_code, ym)
        audit(s, actor, "banking.automatch", "bank_account", acc.code, period=str(ym), groups=len(matches))
        return AutoMatchResult(
            matched_groups=len(matches),
            matched_statement_lines=sum(len(m.statement_ids) for m in matches),
            matched_book_items=sum(len(m.book_ids) for m in matches),
            unmatched_statement_lines=len(state.unmatched_statement),
            unmatched_book_items=len(state.unmatched_book),
            difference=state.difference,
            by_rule=dict(by_rule),
            by_month=dict(sorted(by_month.items())),
        )


def _learn(s: Session, acc: BankAccount, statement_ids: Sequence[int], entry_line_ids: Sequence[int]) -> None:
    """Remember which counterparty paid for which party (employer) from a confirmed match."""
    names = [n for n in s.scalars(select(StatementLine.counterparty).where(StatementLine.id.in_(statement_ids)))
             if n.strip()]
    if not names:
        return
    entry_ids = list(s.scalars(select(EntryLine.entry_id).where(EntryLine.id.in_(entry_line_ids))))
    parties = set(_parties(s, entry_ids).values())
    if len(parties) != 1:
        return
    ptype, pid = parties.pop()
    for name in set(names):
        key = rules.counterparty_key(name)
        link = s.scalar(select(CounterpartyLink).where(
            CounterpartyLink.counterparty_key == key, CounterpartyLink.party_type == ptype,
            CounterpartyLink.party_id == pid))
        if link is None:
            s.add(CounterpartyLink(counterparty_key=key, party_type=ptype, party_id=pid))
        else:
            link.confirmations += 1
            link.updated_at = utcnow()


def manual_match(
    ctx: BranchContext, actor: Actor, account_code: str, statement_line_ids: Sequence[int],
    entry_line_ids: Sequence[int],
) -> int:
    """Match statement lines with book items by hand; both sides must have the same total."""
    require(actor, "banking.reconcile")
    if not statement_line_ids or not entry_line_ids:
        raise ValidationError("Choose at least one statement line and one book item.")
    with ctx.db.write() as s:
        acc, _code = _account(s, account_code, lock=True)
        lines = s.execute(select(StatementLine.id, StatementLine.booking_date, StatementLine.amount).where(
            StatementLine.id.in_(statement_line_ids), StatementLine.bank_account_id == acc.id)).all()
        items = s.execute(
            select(EntryLine.id, Entry.entry_date, EntryLine.debit - EntryLine.credit)
            .join(Entry, Entry.id == EntryLine.entry_id)
            .where(EntryLine.id.in_(entry_line_ids), EntryLine.account_id == acc.ledger_account_id,
                   Entry.status == "posted")).all()
        if len(lines) != len(set(statement_line_ids)) or len(items) != len(set(entry_line_ids)):
            raise NotFound("A chosen line is not on the bank account {code}.", code=acc.code)
        s_total, b_total = sum(r[2] for r in lines), sum(r[2] for r in items)
        if s_total != b_total:
            currency = ctx.pack.currency
            raise ValidationError(
                "The statement lines total {a} and the book items {b}; a match needs equal totals.",
                a=currency.plain(s_total), b=currency.plain(b_total))
        for r in [*lines, *items]:
            _refuse_if_locked(ctx, s, acc, r[1])
        matched_s, matched_b = _matched(s, acc)
        if matched_s & set(statement_line_ids) or matched_b & set(entry_line_ids):
            raise ConflictError("A chosen line is matched already; unmatch it first.")
        days = {("s", r[0]): r[1] for r in lines} | {("b", r[0]): r[1] for r in items}
        match = rules.Match(tuple(sorted(set(statement_line_ids))), tuple(sorted(set(entry_line_ids))),
                            rules.RULE_MANUAL, 100)
        (gid,) = _store_groups(s, acc, actor, [match], days, manual=True)
        _learn(s, acc, match.statement_ids, match.book_ids)
        audit(s, actor, "banking.match", "match", gid, account=acc.code)
        return gid


def list_matches(ctx: BranchContext, actor: Actor, account_code: str, ym: YearMonth) -> list[MatchView]:
    """The matches whose latest item falls in the month."""
    require(actor, "banking.view")
    with ctx.db.read() as s:
        acc, _code = _account(s, account_code)
        start, end = _month(ctx, ym)
        groups = s.execute(select(MatchGroup).where(
            MatchGroup.bank_account_id == acc.id, MatchGroup.last_date >= start, MatchGroup.last_date <= end)
            .order_by(MatchGroup.last_date, MatchGroup.id)).scalars().all()
        if not groups:
            return []
        gids = [g.id for g in groups]
        lines_by: dict[int, list[StatementLineView]] = defaultdict(list)
        book_by: dict[int, list[BookItemView]] = defaultdict(list)
        for i in range(0, len(gids), 900):
            chunk = gids[i : i + 900]
            for gid, r in s.execute(
                select(MatchItem.group_id, StatementLine).join(StatementLine,
                                                               StatementLine.id == MatchItem.statement_line_id)
                .where(MatchItem.group_id.in_(chunk))
            ):
                lines_by[gid].append(StatementLineView(r.id, r.booking_date, r.amount, r.reference or r.bank_reference,
                                                       r.counterparty, r.description, r.value_date))
            for row in s.execute(
                select(MatchItem.group_id, EntryLine.id, Entry.id, Entry.entry_date, EntryLine.debit - EntryLine.credit,
                       Entry.reference, Entry.description, Entry.number, Entry.fiscal_year, RecordText.msgid,
                       RecordText.params)
                .join(EntryLine, EntryLine.id == MatchItem.entry_line_id).join(Entry, Entry.id == EntryLine.entry_id)
                .outerjoin(RecordText, text_of(ENTRY, Entry.id))
                .where(MatchItem.group_id.in_(chunk))
            ):
                book_by[row[0]].append(BookItemView(row[1], row[2], row[3], row[4], row[5] or "",
                                                    describe_entry(ctx, row[6] or "", row[9], row[10]),
                                                    f"{row[8]}-{row[7]:06d}" if row[7] is not None else ""))
        return [MatchView(g.id, g.rule, g.confidence, g.manual, tuple(lines_by[g.id]), tuple(book_by[g.id]),
                          g.last_date) for g in groups]


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
            acc, _code = _account(s, account_code)
            stmt = stmt.where(Statement.bank_account_id == acc.id)
        return [StatementSummary(r[0], r[1], r[2], int(r[3]), int(r[4]), int(r[5]), int(r[6]), r[7], r[8])
                for r in s.execute(stmt)]


def latest_statement_month(ctx: BranchContext, actor: Actor, account_code: str) -> YearMonth | None:
    """The month of the bank account's latest statement line (the month to reconcile), if any."""
    require(actor, "banking.view")
    with ctx.db.read() as s:
        acc, _code = _account(s, account_code)
        day = s.scalar(select(func.max(StatementLine.booking_date)).where(StatementLine.bank_account_id == acc.id))
    return ctx.pack.calendar.year_month(day) if day is not None else None


def unmatch(ctx: BranchContext, actor: Actor, group_id: int) -> None:
    """Undo a match (automatic or manual): its lines and items are unmatched again. Refused when
    the month of any of its lines or items is locked; audited."""
    require(actor, "banking.reconcile")
    with ctx.db.write() as s:
        group = s.get(MatchGroup, group_id)
        if group is None:
            raise NotFound("There is no match {id}.", id=group_id)
        acc = s.get(BankAccount, group.bank_account_id)
        assert acc is not None
        days = set(s.scalars(select(StatementLine.booking_date).join(
            MatchItem, MatchItem.statement_line_id == StatementLine.id).where(MatchItem.group_id == group_id)))
        days |= set(s.scalars(select(Entry.entry_date).join(EntryLine, EntryLine.entry_id == Entry.id).join(
            MatchItem, MatchItem.entry_line_id == EntryLine.id).where(MatchItem.group_id == group_id)))
        for day in sorted(days | {group.last_date}):
            _refuse_if_locked(ctx, s, acc, day)
        s.execute(delete(MatchItem).where(MatchItem.group_id == group_id))
        s.execute(delete(MatchGroup).where(MatchGroup.id == group_id))
        audit(s, actor, "banking.unmatch", "match", group_id, account=acc.code)


def unmatch_item(ctx: BranchContext, actor: Actor, *, statement_line_id: int | None = None,
                 entry_line_id: int | None = None) -> None:
    """Undo the match a statement line or a book item is in."""
    require(actor, "banking.reconcile")
    with ctx.db.read() as s:
        cond = (MatchItem.statement_line_id == statement_line_id) if statement_line_id is not None else (
            MatchItem.entry_line_id == entry_line_id)
        gid = s.scalar(select(MatchItem.group_id).where(cond))
    if gid is None:
        raise NotFound("The line is not matched.")
    unmatch(ctx, actor, gid)


def create_entry_from_line(
    ctx: BranchContext, actor: Actor, statement_line_id: int, account_code: str, description: str = ""
) -> int:
    """Book a statement line the books lack (bank charges, interest) against ``account_code`` and
    match it at once. A debit on an account that refuses outgoing payments may only go to the
    bank charges account."""
    require(actor, "banking.reconcile")
    with ctx.db.write() as s:
        line = s.get(StatementLine, statement_line_id)
        if line is None:
            raise NotFound("There is no statement line {id}.", id=statement_line_id)
        acc = s.get(BankAccount, line.bank_account_id)
        assert acc is not None
        ledger_code = s.scalar(select(Account.code).where(Account.id == acc.ledger_account_id))
        assert ledger_code is not None
        _refuse_if_locked(ctx, s, acc, line.booking_date)
        if s.scalar(select(MatchItem.id).where(MatchItem.statement_line_id == line.id)):
            raise ConflictError("The statement line is matched already.")
        account_code = account_code.strip()
        if account_code == ledger_code:
            raise ValidationError("Choose the other account of the entry, not the bank's own account.")
        if line.amount < 0 and not acc.allows_outgoing and account_code != ctx.pack.account_code("bank_charges"):
            raise ValidationError("The bank account {code} refuses outgoing payments.", code=acc.code)
        amount = abs(line.amount)
        bank_side = LineInput(ledger_code, debit=amount) if line.amount > 0 else LineInput(ledger_code, credit=amount)
        other = LineInput(account_code, credit=amount) if line.amount > 0 else LineInput(account_code, debit=amount)
        text = description.strip() or line.description or line.reference
        entry_id = ledger.post_entry_in(s, ctx, actor, EntryInput(
            journal_code=ctx.pack.journal_code("bank"), entry_date=line.booking_date, description=text[:500],
            lines=(bank_side, other), reference=(line.reference or line.bank_reference)[:120],
            text=None if text else stored_text("Bank statement line")))
        bank_line_id = s.scalar(select(EntryLine.id).where(EntryLine.entry_id == entry_id,
                                                           EntryLine.account_id == acc.ledger_account_id))
        assert bank_line_id is not None
        _store_groups(s, acc, actor, [rules.Match((line.id,), (bank_line_id,), rules.RULE_ENTRY, 100)],
                      {("s", line.id): line.booking_date, ("b", bank_line_id): line.booking_date}, manual=True)
        audit(s, actor, "banking.line.entry", "statement_line", line.id, entry=entry_id, account=account_code)
        return entry_id


def lock_month(ctx: BranchContext, actor: Actor, account_code: str, ym: YearMonth) -> Reconciliation:
    """Lock a reconciled month: the difference is zero and every statement line is accounted for."""
    require(actor, "banking.reconcile")
    with ctx.db.write() as s:
        acc, ledger_code = _account(s, account_code, lock=True)
        state = _load(ctx, s, acc, ledger_code, ym)
        if state.locked:
            raise ConflictError("The reconciliation of {account} for {period} is locked already.",
                                account=acc.code, period=Month(ym))
        if state.statements == 0:
            raise ValidationError("No statement of {account} covers {period}.", account=acc.code, period=Month(ym))
        currency = ctx.pack.currency
        if state.difference != 0:
            raise ValidationError("The difference of {account} for {period} is {amount}, not zero.",
                                  account=acc.code, period=Month(ym), amount=currency.plain(state.difference))
        if state.unmatched_statement:
            raise ValidationError(
                "{count} statement lines of {account} are neither matched nor booked.",
                count=len(state.unmatched_statement), account=acc.code)
        prev = _lock(s, acc, ym)
        if prev is None:
            s.add(ReconciliationLock(bank_account_id=acc.id, year=ym.year, month=ym.month, status="locked",
                                     book_balance=state.figures.book_balance,
                                     statement_balance=state.figures.statement_balance, locked_by=actor.id,
                                     locked_at=utcnow()))
        else:
            set_state(s, prev, actor.id, status="locked", locked_by=actor.id, locked_at=utcnow(),
                      book_balance=state.figures.book_balance, statement_balance=state.figures.statement_balance)
        # The month's matches are now confirmed: learn their counterparty links.
        start, end = _month(ctx, ym)
        for gid in s.scalars(select(MatchGroup.id).where(MatchGroup.bank_account_id == acc.id,
                                                         MatchGroup.last_date >= start, MatchGroup.last_date <= end,
                                                         MatchGroup.manual.is_(False))):
            pairs = s.execute(select(MatchItem.statement_line_id, MatchItem.entry_line_id)
                              .where(MatchItem.group_id == gid)).all()
            _learn(s, acc, [p[0] for p in pairs if p[0]], [p[1] for p in pairs if p[1]])
        s.flush()
        audit(s, actor, "banking.lock", "bank_account", acc.code, period=str(ym))
        return _load(ctx, s, acc, ledger_code, ym)


def reopen_month(ctx: BranchContext, actor: Actor, account_code: str, ym: YearMonth, reason: str) -> None:
    require(actor, "banking.reopen")
    if not reason.strip():
        raise ValidationError("Give the reason for reopening.")
    with ctx.db.write() as s:
        acc, _code = _account(s, account_code, lock=True)
        lock = _lock(s, acc, ym)
        if lock is None or lock.status != "locked":
            raise ConflictError("The reconciliation of {account} for {period} is not locked.",
                                account=acc.code, period=Month(ym))
        later = s.scalar(select(func.count()).select_from(ReconciliationLock).where(
            ReconciliationLock.bank_account_id == acc.id, ReconciliationLock.status == "locked",
            (ReconciliationLock.year * 100 + ReconciliationLock.month) > ym.year * 100 + ym.month))
        if later:
            raise ConflictError("A later month of {account} is locked; reopen it first.", account=acc.code)
        set_state(s, lock, actor.id, status="reopened", reopened_by=actor.id, reopened_at=utcnow(),
                  reopen_reason=reason)
        audit(s, actor, "banking.reopen", "bank_account", acc.code, period=str(ym), reason=reason)


# -- legal-obligation payments and cheques ---------------------------------------------------


def _doc_view(d: PaymentDocument) -> PaymentDocumentView:
    return PaymentDocumentView(d.id, d.reference, d.insured_id, d.insured_name, d.benefit_type, d.amount, d.period,
                               d.document_date, d.prepared_by, d.checked_by, d.approved_by, d.status)


def create_payment_document(ctx: BranchContext, actor: Actor, doc: PaymentDocumentInput) -> PaymentDocumentView:
    """Enter a payment document of the preparing unit (by hand until insured affairs sends it)."""
    require(actor, "banking.payments")
    with ctx.db.write() as s:
        return add_payment_document(s, ctx, actor, doc)


def add_payment_document(s: Session, ctx: BranchContext, actor: Actor, doc: PaymentDocumentInput) -> PaymentDocumentView:
    """The same inside the preparing department's own transaction (an approved benefit decision
    and its payment document commit together); the caller checked its own permission."""
    if not doc.reference.strip():
        raise ValidationError("The payment document needs the preparing unit's reference.")
    if not doc.insured_name.strip() or not doc.insured_id.strip():
        raise ValidationError("The payment document needs the insured person's name and number.")
    if doc.amount <= 0:
        raise ValidationError("The amount must be positive.")
    if not doc.benefit_type.startswith("benefit_") or doc.benefit_type not in ctx.pack.account_roles:
        raise ValidationError("'{benefit}' is not a benefit of this pack.", benefit=doc.benefit_type)
    ym = ctx.pack.calendar.parse_year_month(doc.period)
    if s.scalar(select(PaymentDocument.id).where(PaymentDocument.reference == doc.reference.strip())):
        raise ConflictError("The payment document {reference} exists already.", reference=doc.reference)
    row = PaymentDocument(reference=doc.reference.strip(), insured_id=doc.insured_id.strip(),
                          insured_name=doc.insured_name.strip(), benefit_type=doc.benefit_type, amount=doc.amount,
                          period=str(ym), document_date=doc.document_date, prepared_by=doc.prepared_by.strip(),
                          checked_by=doc.checked_by.strip(), approved_by=doc.approved_by.strip(),
                          status="entered", created_by=actor.id, created_at=utcnow())
    s.add(row)
    s.flush()
    audit(s, actor, "banking.payment.create", "payment_document", row.reference, amount=doc.amount)
    return _doc_view(row)


def check_payment_document(ctx: BranchContext, actor: Actor, document_id: int) -> PaymentDocumentView:
    """Accounting's check: the document carries its three approvals (prepared, checked, approved)."""
    require(actor, "banking.cheques")
    with ctx.db.write() as s:
        d = s.get(PaymentDocument, document_id)
        if d is None:
            raise NotFound("There is no payment document {id}.", id=document_id)
        if d.status != "entered":
            raise ConflictError("The payment document {reference} is {status} already.", reference=d.reference,
                                status=_status(d.status))
        missing = [label for label, value in ((_("prepared by"), d.prepared_by), (_("checked by"), d.checked_by),
                                              (_("approved by"), d.approved_by)) if not value.strip()]
        if missing:
            raise ValidationError("The payment document {reference} lacks its approvals: {missing}.",
                                  reference=d.reference, missing=join_list(missing))
        d.status, d.checked_by_user = "checked", actor.id
        audit(s, actor, "banking.payment.check", "payment_document", d.reference)
        return _doc_view(d)


def list_payment_documents(ctx: BranchContext, actor: Actor, status: str | None = None) -> list[PaymentDocumentView]:
    require(actor, "banking.view")
    with ctx.db.read() as s:
        q = select(PaymentDocument).order_by(PaymentDocument.id)
        if status:
            q = q.where(PaymentDocument.status == status)
        return [_doc_view(d) for d in s.scalars(q)]


def register_cheque_book(ctx: BranchContext, actor: Actor, account_code: str, first: int, last: int,
                         series: str = "") -> ChequeBookView:
    require(actor, "banking.cheques")
    if first <= 0 or last < first:
        raise ValidationError("A cheque book runs from a first to a last number (first <= last).")
    if last - first > 100_000:
        raise ValidationError("A cheque book has at most 100,000 leaves.")
    with ctx.db.write() as s:
        acc, _code = _account(s, account_code, lock=True)
        if not acc.allows_outgoing:
            raise ValidationError("The bank account {code} refuses outgoing payments.", code=acc.code)
        overlap = s.scalar(select(ChequeBook.id).where(ChequeBook.bank_account_id == acc.id,
                                                       ChequeBook.first_number <= last, ChequeBook.last_number >= first))
        if overlap:
            raise ConflictError("The numbers {first}-{last} overlap a cheque book already registered.",
                                first=first, last=last)
        book = ChequeBook(bank_account_id=acc.id, series=series.strip(), first_number=first, last_number=last,
                          registered_by=actor.id, registered_at=utcnow())
        s.add(book)
        s.flush()
        audit(s, actor, "banking.chequebook", "bank_account", acc.code, first=first, last=last)
        return ChequeBookView(book.id, acc.code, book.series, first, last, 0)


def list_cheque_books(ctx: BranchContext, actor: Actor, account_code: str | None = None) -> list[ChequeBookView]:
    require(actor, "banking.view")
    with ctx.db.read() as s:
        q = (select(ChequeBook, BankAccount.code).join(BankAccount, BankAccount.id == ChequeBook.bank_account_id)
             .order_by(ChequeBook.id))
        if account_code:
            q = q.where(BankAccount.code == account_code)
        out = []
        for book, code in s.execute(q).all():
            used = s.scalar(select(func.count()).select_from(IssuedCheque).where(IssuedCheque.cheque_book_id == book.id))
            out.append(ChequeBookView(book.id, code, book.series, book.first_number, book.last_number, int(used or 0)))
        return out


def _next_number(s: Session, acc: BankAccount, book_id: int | None) -> tuple[int, int]:
    q = select(ChequeBook).where(ChequeBook.bank_account_id == acc.id).order_by(ChequeBook.first_number)
    if book_id is not None:
        q = q.where(ChequeBook.id == book_id)
    for book in s.scalars(q):
        top = s.scalar(select(func.max(IssuedCheque.number)).where(IssuedCheque.cheque_book_id == book.id))
        number = book.first_number if top is None else top + 1
        if number <= book.last_number:
            return book.id, number
    raise ValidationError("The bank account {code} has no unused cheque left; register a cheque book.",
                          code=acc.code)


def issue_cheque(ctx: BranchContext, actor: Actor, account_code: str, document_id: int,
                 issue_date: dt.date | None = None, cheque_book_id: int | None = None) -> ChequeView:
    """Write the next cheque of the account's cheque book for a checked payment document."""
    require(actor, "banking.cheques")
    with ctx.db.write() as s:
        acc, _code = _account(s, account_code, lock=True)
        if not acc.allows_outgoing:
            raise ValidationError("The bank account {code} refuses outgoing payments.", code=acc.code)
        d = s.get(PaymentDocument, document_id)
        if d is None:
            raise NotFound("There is no payment document {id}.", id=document_id)
        if d.status != "checked":
            raise ValidationError("The payment document {reference} must be checked by accounting first "
                                  "(its status is {status}).", reference=d.reference, status=_status(d.status))
        if s.scalar(select(IssuedCheque.id).where(IssuedCheque.payment_document_id == d.id)):
            raise ConflictError("A cheque was issued for {reference} already.", reference=d.reference)
        book_id, number = _next_number(s, acc, cheque_book_id)
        cheque = IssuedCheque(bank_account_id=acc.id, cheque_book_id=book_id, number=number,
                              payment_document_id=d.id, payee=d.insured_name, amount=d.amount,
                              issue_date=issue_date or ctx.today(), status="issued", created_by=actor.id,
                              created_at=utcnow())
        s.add(cheque)
        s.flush()
        audit(s, actor, "banking.cheque.issue", "cheque", number, account=acc.code, document=d.reference)
        return _cheque_view(ctx, s, cheque)


def spoil_cheque(ctx: BranchContext, actor: Actor, cheque_id: int, reason: str) -> ChequeView:
    """Void a cheque not yet posted; its number stays used, the payment document is free again."""
    require(actor, "banking.cheques")
    if not reason.strip():
        raise ValidationError("Give the reason the cheque is spoiled.")
    with ctx.db.write() as s:
        c = _get_cheque(s, cheque_id)
        if c.status in ("posted", "spoiled"):
            raise ConflictError("The cheque {number} is {status}; it cannot be spoiled.", number=c.number,
                                status=_status(c.status))
        set_state(s, c, actor.id, status="spoiled", spoiled_reason=reason.strip(), payment_document_id=None)
        audit(s, actor, "banking.cheque.spoil", "cheque", c.number, reason=reason)
        return _cheque_view(ctx, s, c)


def sign_cheque(ctx: BranchContext, actor: Actor, cheque_id: int) -> ChequeView:
    """Sign as head of accounting (accountant) or as branch head or deputy (manager); the two
    signatures must come from two different people."""
    require(actor, "banking.sign")
    with ctx.db.write() as s:
        c = _get_cheque(s, cheque_id)
        if c.status not in ("issued",):
            raise ConflictError("The cheque {number} is {status}; it cannot be signed.", number=c.number,
                                status=_status(c.status))
        if actor.role is Role.ACCOUNTANT:
            slot = SIGN_ACCOUNTING
        elif actor.role is Role.MANAGER:
            slot = SIGN_HEAD
        else:  # pragma: no cover - require() admits only the two roles
            raise PermissionDenied("Only the head of accounting and the branch head or deputy sign cheques.")
        other = c.signed_head_by if slot == SIGN_ACCOUNTING else c.signed_accounting_by
        if other == actor.id:
            raise PermissionDenied("The cheque {number} carries {user}'s signature already; the second signature "
                                   "must be another person's.", number=c.number, user=actor.username)
        if (c.signed_accounting_by if slot == SIGN_ACCOUNTING else c.signed_head_by) is not None:
            raise ConflictError("The cheque {number} is signed for this role already.", number=c.number)
        if slot == SIGN_ACCOUNTING:
            set_state(s, c, actor.id, signed_accounting_by=actor.id, signed_accounting_at=utcnow())
        else:
            set_state(s, c, actor.id, signed_head_by=actor.id, signed_head_at=utcnow())
        if c.signed_accounting_by and c.signed_head_by:
            set_state(s, c, actor.id, status="signed")
        audit(s, actor, "banking.cheque.sign", "cheque", c.number, slot=slot)
        s.flush()
        return _cheque_view(ctx, s, c)


def post_cheque(ctx: BranchContext, actor: Actor, cheque_id: int) -> ChequeView:
    """Hand over a signed cheque: Dr the benefit's expense account / Cr the bank account."""
    require(actor, "banking.cheques")
    with ctx.db.write() as s:
        c = _get_cheque(s, cheque_id)
        if c.status != "signed":
            raise ValidationError("The cheque {number} needs both signatures before it is handed over.",
                                  number=c.number)
        d = s.get(PaymentDocument, c.payment_document_id) if c.payment_document_id else None
        if d is None:
            raise ValidationError("The cheque {number} has no payment document.", number=c.number)
        acc = s.get(BankAccount, c.bank_account_id)
        assert acc is not None
        ledger_code = s.scalar(select(Account.code).where(Account.id == acc.ledger_account_id))
        assert ledger_code is not None
        expense = ctx.pack.account_code(d.benefit_type)
        entry_id = ledger.post_entry_in(s, ctx, actor, EntryInput(
            journal_code=ctx.pack.journal_code("legal_obligations"), entry_date=c.issue_date,
            description="", text=stored_text("Cheque {number} to {payee} ({reference})",
                                             number=str(c.number), payee=c.payee, reference=d.reference),
            lines=(LineInput(expense, debit=c.amount, memo=d.reference[:300]),
                   LineInput(ledger_code, credit=c.amount, memo=d.insured_id[:300])),
            reference=str(c.number)))
        set_state(s, c, actor.id, status="posted", entry_id=entry_id)
        d.status = "paid"
        listeners.payment_paid(s, ctx, actor, listeners.PaymentPaid(
            reference=d.reference, amount=d.amount, paid_on=c.issue_date, entry_id=entry_id,
            method=listeners.CHEQUE, instrument=str(c.number)))
        audit(s, actor, "banking.cheque.post", "cheque", c.number, entry=entry_id)
        s.flush()
        return _cheque_view(ctx, s, c)


def _get_cheque(s: Session, cheque_id: int) -> IssuedCheque:
    c = s.get(IssuedCheque, cheque_id, with_for_update=True)
    if c is None:
        raise NotFound("There is no cheque {id}.", id=cheque_id)
    return c


def _cheque_view(ctx: BranchContext, s: Session, c: IssuedCheque) -> ChequeView:
    acc = s.get(BankAccount, c.bank_account_id)
    assert acc is not None
    book = s.get(ChequeBook, c.cheque_book_id)
    names = {
        r[0]: r[1] or r[2]
        for r in s.execute(select(User.id, User.full_name, User.username).where(
            User.id.in_([x for x in (c.signed_accounting_by, c.signed_head_by) if x])))
    }

    def who(uid: int | None) -> str:
        return names.get(uid, "") if uid else ""

    doc = s.get(PaymentDocument, c.payment_document_id) if c.payment_document_id else None
    expense_code = expense_name = expense_name_en = ""
    if doc is not None and doc.benefit_type in ctx.pack.account_roles:
        expense_code = ctx.pack.account_code(doc.benefit_type)
        exp = s.scalar(select(Account).where(Account.code == expense_code))
        if exp is not None:
            expense_name, expense_name_en = exp.name, exp.name_en
    ledger_code = s.scalar(select(Account.code).where(Account.id == acc.ledger_account_id)) or ""
    return ChequeView(c.id, acc.code, acc.name, acc.bank, acc.iban, c.number, book.series if book else "", c.payee,
                      c.amount, c.issue_date, c.status, who(c.signed_accounting_by), who(c.signed_head_by),
                      c.spoiled_reason, c.entry_id, _doc_view(doc) if doc else None, expense_code, expense_name,
                      ledger_code, expense_name_en)


def get_cheque(ctx: BranchContext, actor: Actor, cheque_id: int) -> ChequeView:
    require(actor, "banking.view")
    with ctx.db.read() as s:
        c = s.get(IssuedCheque, cheque_id)
        if c is None:
            raise NotFound("There is no cheque {id}.", id=cheque_id)
        return _cheque_view(ctx, s, c)


def list_cheques(ctx: BranchContext, actor: Actor, account_code: str | None = None,
                 ym: YearMonth | None = None) -> list[ChequeView]:
    require(actor, "banking.view")
    with ctx.db.read() as s:
        q = select(IssuedCheque).order_by(IssuedCheque.number)
        if account_code:
            acc, _code = _account(s, account_code)
            q = q.where(IssuedCheque.bank_account_id == acc.id)
        if ym is not None:
            start, end = _month(ctx, ym)
            q = q.where(IssuedCheque.issue_date >= start, IssuedCheque.issue_date <= end)
        return [_cheque_view(ctx, s, c) for c in s.scalars(q)]


def payment_report(ctx: BranchContext, actor: Actor, ym: YearMonth) -> PaymentReport:
    """The month's legal-obligation cheques for the provincial office (posted, and spoiled)."""
    require(actor, "banking.view")
    start, end = _month(ctx, ym)
    role = "legal_obligation_bank"
    cheques = [c for c in list_cheques(ctx, actor, None, ym)]
    with ctx.db.read() as s:
        codes = set(s.scalars(select(BankAccount.code).where(BankAccount.role == role)))
    cheques = [c for c in cheques if c.account_code in codes]
    return PaymentReport(ym, start, end, tuple(c for c in cheques if c.status == "posted"),
                         tuple(c for c in cheques if c.status == "spoiled"))


# -- 10-day revenue balance ---------------------------------------------------------------------


def ten_day_balance(ctx: BranchContext, actor: Actor, account_code: str, ym: YearMonth, *, issue: bool = False
                    ) -> TenDayReport:
    """Balance and movements of a bank account's ledger account for days 1-10, 11-20 and 21-end.

    ``issue``: the report is printed for the file: a checkpoint of the chain heads is taken
    (``core.checkpoints``) and its digest printed on it."""
    require(actor, "banking.view")
    cal = ctx.pack.calendar
    first, last = cal.month_bounds(ym)
    spans = rules.ten_day_spans(first, last, cal.month_length(ym))
    with ctx.db.read() as s:
        acc, ledger_code = _account(s, account_code)
        base = (select(func.coalesce(func.sum(EntryLine.debit), 0), func.coalesce(func.sum(EntryLine.credit), 0))
                .join(Entry, Entry.id == EntryLine.entry_id)
                .where(EntryLine.account_id == acc.ledger_account_id, Entry.status == "posted"))
        d0, c0 = s.execute(base.where(Entry.entry_date < first)).one()
        opening = int(d0) - int(c0)
        rows = []
        for n, a, b in spans:
            d, c = s.execute(base.where(Entry.entry_date >= a, Entry.entry_date <= b)).one()
            row = TenDayRow(n, a, b, opening, int(d), int(c))
            rows.append(row)
            opening = row.closing
        report = TenDayReport(_view(acc, ledger_code), ym, tuple(rows))
    if issue:
        digest = anchor(ctx, actor, "ten_day", f"{account_code}:{ym}").digest
        report = dataclasses.replace(report, checkpoint=digest)
    return report


# -- month-end close ----------------------------------------------------------------------------


def month_end_blockers(ctx: BranchContext, actor: Actor, ym: YearMonth) -> list[str]:
    """What keeps accounting from closing the month (translated sentences; empty: nothing)."""
    require(actor, "banking.close")
    return _month_end_blockers(ctx, ym)


def month_end_close_check(ctx: BranchContext, actor: Actor, ym: YearMonth) -> list[str]:
    """The ledger's close check: the same blockers, whoever closes (the permission to close a
    period is checked by the ledger)."""
    return _month_end_blockers(ctx, ym)



def _month_end_blockers(ctx: BranchContext, ym: YearMonth) -> list[str]:
    start, end = _month(ctx, ym)
    cal = ctx.pack.calendar
    currency = ctx.pack.currency
    blockers: list[str] = []
    with ctx.db.read() as s:
        for acc in s.scalars(select(BankAccount).where(BankAccount.active.is_(True)).order_by(BankAccount.code)):
            active = s.scalar(select(func.count()).select_from(EntryLine).join(Entry, Entry.id == EntryLine.entry_id)
                              .where(EntryLine.account_id == acc.ledger_account_id, Entry.entry_date >= start,
                                     Entry.entry_date <= end)) or s.scalar(
                select(func.count()).select_from(StatementLine).where(
                    StatementLine.bank_account_id == acc.id, StatementLine.booking_date >= start,
                    StatementLine.booking_date <= end))
            lock = _lock(s, acc, ym)
            if active and (lock is None or lock.status != "locked"):
                blockers.append(_("Bank account {code} is not reconciled for {period}.").format(
                    code=acc.code, period=format_param(Month(ym))))
        drafts = s.execute(select(Entry.id, Entry.entry_date, Entry.description).where(
            Entry.status == "draft", Entry.entry_date >= start, Entry.entry_date <= end).order_by(Entry.id)).all()
        for eid, day, text in drafts:
            blockers.append(_("Draft entry {id} of {date} ({text}) is not posted.").format(
                id=eid, date=cal.format(day), text=text))
        limit = int(ctx.pack.param("accounting.cheque_collection_limit_days", end))
        cic = s.scalar(select(Account.id).where(Account.code == ctx.pack.account_code("cheques_in_collection")))
        rows = s.execute(
            select(Entry.reference, func.sum(EntryLine.debit - EntryLine.credit), func.min(Entry.entry_date))
            .join(Entry, Entry.id == EntryLine.entry_id)
            .where(EntryLine.account_id == cic, Entry.status == "posted", Entry.entry_date <= end)
            .group_by(Entry.reference)
        ).all()
        for ref, balance, since in rows:
            if balance and (end - since).days > limit:
                blockers.append(_("Cheque {reference} of {amount} is in collection since {date}, more than "
                                  "{days} days.").format(reference=ref or "?", amount=currency.plain(int(balance)),
                                                         date=cal.format(since), days=limit))
    return blockers


def close_month(ctx: BranchContext, actor: Actor, ym: YearMonth) -> None:
    """Close accounting's month: refused, with the list, while anything blocks it."""
    require(actor, "banking.close")
    ledger.close_period(ctx, actor, ym)  # runs every department's close check, this one included


def default_ibans(pack_code: str) -> dict[str, str]:
    """Demonstration IBANs (valid check digits) for the pack's four bank roles."""
    country = "IR" if pack_code == "ir_sso" else "TR"
    out = {}
    for n, role in enumerate(BANK_ROLES, start=1):
        bban = ("0570" + f"{n:018d}") if country == "IR" else ("00061" + "0" + f"{n:016d}")
        check = stdnum_iban.calc_check_digits(country + "00" + bban)
        out[role] = country + check + bban
    return out


def benefit_choices(ctx: BranchContext, actor: Actor) -> list[tuple[str, str, str]]:
    """The pack's benefits a payment document may name: (role, expense account code, name in the
    current language: the pack's own names in Persian and Turkish, the English ones otherwise)."""
    from branch_desktop.core.i18n import current_language

    require(actor, "banking.view")
    roles = {code: role for role, code in ctx.pack.account_roles.items() if role.startswith("benefit_")}
    native = current_language() in ("fa", "tr")
    with ctx.db.read() as s:
        rows = s.execute(select(Account.code, Account.name, Account.name_en).where(Account.code.in_(list(roles)))
                         .order_by(Account.code)).all()
    return [(roles[code], code, (name if native else name_en) or name) for code, name, name_en in rows]

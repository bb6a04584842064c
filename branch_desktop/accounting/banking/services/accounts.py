"""The branch's bank accounts (on postable asset accounts of the ledger; the pack's account role
decides whether an account may pay out) and the saved CSV layouts of the banks' statements."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from branch_desktop.accounting.banking.driver_reads import active_bank_accounts
from branch_desktop.accounting.banking.exceptions import (
    CurrencyMismatch,
    DuplicateBankAccount,
    DuplicateIban,
    ForeignIban,
    InvalidIban,
    LedgerAccountNotAsset,
    LedgerAccountNotPostable,
    LedgerAccountTaken,
    MissingAccountCode,
    MissingMappingName,
    StaleBankAccount,
    UnknownCsvMapping,
)
from branch_desktop.accounting.banking.importers.csv import CsvLayout
from branch_desktop.accounting.banking.models import BankAccount, CsvMapping
from branch_desktop.accounting.banking.services.common import BANK_ROLES, account_row, bank_view, pack_country
from branch_desktop.accounting.banking.types import BankAccountView
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.errors import ValidationError
from branch_desktop.core.ids import clean_iban, iban_with_check
from branch_desktop.core.ledger.models import Account
from branch_desktop.core.models import utcnow
from branch_desktop.core.packs import load_pack
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.core.stale import changed_by
from branch_desktop.core.storage import DriverCursor


def bank_iban(text: str, country: str = "") -> str:
    """The IBAN in compact form (``core.ids.clean_iban``: mod-97 check digits and the country's
    layout), of ``country`` when given; :class:`InvalidIban` / :class:`ForeignIban` otherwise."""
    try:
        value = clean_iban(text or "")
    except ValidationError:
        raise InvalidIban(iban=text) from None
    if country and not value.startswith(country):
        raise ForeignIban(iban=value, country=country)
    return value


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
        raise MissingAccountCode()
    currency = (currency or ctx.pack.currency.code).upper()
    if currency != ctx.pack.currency.code:
        raise CurrencyMismatch(pack=ctx.pack.currency.code, currency=currency)
    clean = bank_iban(iban, pack_country(ctx.pack))
    ledger_code = (ledger_code or code).strip()
    role = next((r for r, c in ctx.pack.account_roles.items() if c == ledger_code), "")
    with ctx.db.write() as s:
        acc = s.scalar(select(Account).where(Account.code == ledger_code))
        if acc is None or not acc.is_postable:
            raise LedgerAccountNotPostable(code=ledger_code)
        if acc.kind != "asset":
            raise LedgerAccountNotAsset(code=ledger_code)
        if s.scalar(select(BankAccount.id).where(BankAccount.code == code)):
            raise DuplicateBankAccount(code=code)
        if s.scalar(select(BankAccount.id).where(BankAccount.iban == clean)):
            raise DuplicateIban(iban=clean)
        if s.scalar(select(BankAccount.id).where(BankAccount.ledger_account_id == acc.id)):
            raise LedgerAccountTaken(code=ledger_code)
        row = BankAccount(code=code, name=name or acc.name, bank=bank.strip(), iban=clean, currency=currency,
                          ledger_account_id=acc.id, role=role, allows_outgoing=role != "revenue_bank")
        s.add(row)
        s.flush()
        audit(s, actor, "banking.account.create", "bank_account", code, iban=clean, role=role)
        return bank_view(row, ledger_code)


def update_bank_account(ctx: BranchContext, actor: Actor, code: str, version: int, *, bank: str, name: str
                        ) -> BankAccountView:
    """Save an edited bank account (its bank's name and the account's own name; the code, IBAN and
    ledger account are what statements and cheques were recorded on, so they stay). Refused when
    someone saved the account after ``version`` was read."""
    require(actor, "banking.accounts")
    with ctx.db.write() as s:
        acc, ledger_code = account_row(s, code, lock=True)
        if acc.version != version:
            raise _stale(ctx, s, acc)
        done = s.execute(  # type: ignore[attr-defined]
            update(BankAccount).where(BankAccount.id == acc.id, BankAccount.version == version)
            .values(bank=bank.strip(), name=name.strip() or acc.name, version=version + 1, updated_by=actor.id,
                    updated_at=utcnow())
        ).rowcount
        if done != 1:  # a concurrent save between the read and this update
            s.expire_all()
            raise _stale(ctx, s, s.get_one(BankAccount, acc.id))
        audit(s, actor, "banking.account.update", "bank_account", acc.code, version=version + 1)
        s.expire_all()
        return bank_view(s.get_one(BankAccount, acc.id), ledger_code)


def _stale(ctx: BranchContext, s: Session, acc: BankAccount) -> StaleBankAccount:
    return StaleBankAccount(code=acc.code, **changed_by(s, ctx.pack.calendar, acc.updated_by, acc.updated_at))


def list_bank_accounts(ctx: BranchContext, actor: Actor) -> list[BankAccountView]:
    require(actor, "banking.view")
    with ctx.db.read() as s:
        return active_bank_accounts(DriverCursor(s))


def get_bank_account(ctx: BranchContext, actor: Actor, code: str) -> BankAccountView:
    require(actor, "banking.view")
    with ctx.db.read() as s:
        acc, ledger_code = account_row(s, code)
        return bank_view(acc, ledger_code)


def default_ibans(pack_code: str) -> dict[str, str]:
    """Demonstration IBANs (valid check digits, the pack's country) for the pack's four bank
    roles."""
    country = pack_country(load_pack(pack_code))
    return {role: iban_with_check(country, f"0570{n:018d}") for n, role in enumerate(BANK_ROLES, start=1)}


# -- CSV mappings -------------------------------------------------------------------------------


def save_csv_mapping(ctx: BranchContext, actor: Actor, name: str, layout: CsvLayout, bank: str = "") -> None:
    require(actor, "banking.import")
    name = name.strip()
    if not name:
        raise MissingMappingName()
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
        raise UnknownCsvMapping(name=name)
    return CsvLayout.from_json(config)


def list_csv_mappings(ctx: BranchContext, actor: Actor) -> list[str]:
    require(actor, "banking.view")
    with ctx.db.read() as s:
        return list(s.scalars(select(CsvMapping.name).order_by(CsvMapping.name)))

"""Banking's reads on the driver's statements (``core.driver``): one piece of code for the service
(on its session's connection) and the command line's fast path (on a connection of its own, without
SQLAlchemy). The caller checks the role first."""

from __future__ import annotations

from typing import Any

from branch_desktop.accounting.banking.types import BankAccountView

_ACTIVE_ACCOUNTS = (
    "SELECT b.id, b.code, b.name, b.bank, b.iban, b.currency, a.code, b.role, b.allows_outgoing, b.version "
    "FROM bank_accounts b JOIN accounts a ON a.id = b.ledger_account_id WHERE b.active = ? ORDER BY b.code"
)


def active_bank_accounts(cursor: Any) -> list[BankAccountView]:
    """The branch's active bank accounts, by code, with their ledger accounts' codes."""
    return [BankAccountView(id=int(r[0]), code=r[1], name=r[2], bank=r[3], iban=r[4], currency=r[5], ledger_code=r[6],
                            role=r[7], allows_outgoing=bool(r[8]), version=int(r[9]))
            for r in cursor.rows(_ACTIVE_ACCOUNTS, (True,))]

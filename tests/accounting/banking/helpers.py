"""Shared set-up for the banking tests: the branch's bank accounts, postings, generated files."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from branch_desktop.accounting.banking import services as bank
from branch_desktop.accounting.banking.importers import camt053
from branch_desktop.core.ledger import services as ledger
from branch_desktop.core.ledger.types import EntryInput, LineInput

SAMPLES = Path("/work/shared/samples")
if not SAMPLES.exists():  # pragma: no cover - the repository's sibling folder
    SAMPLES = Path(__file__).resolve().parents[4] / "shared" / "samples"


def setup_accounts(b: object) -> dict[str, bank.BankAccountView]:
    """The four bank accounts of the pack's roles, code = ledger code."""
    ctx, actor = b.ctx, b.accountant  # type: ignore[attr-defined]
    ibans = bank.default_ibans(ctx.pack.code)
    out = {}
    for role in bank.BANK_ROLES:
        code = ctx.pack.account_code(role)
        out[role] = bank.create_bank_account(ctx, actor, code, ibans[role], "Bank Refah" if ctx.pack.code == "ir_sso"
                                             else "Ziraat Bankası")
    return out


def post(b: object, day: dt.date, amount: int, reference: str, *, account_role: str = "revenue_bank",
         other_role: str = "premium_revenue", party: tuple[str, int] | None = None, description: str = "") -> int:
    """Post Dr bank / Cr other (amount > 0) or Dr other / Cr bank (amount < 0); returns the entry id."""
    ctx, actor = b.ctx, b.accountant  # type: ignore[attr-defined]
    bank_code, other = ctx.pack.account_code(account_role), ctx.pack.account_code(other_role)
    ptype, pid = party if party else (None, None)
    if amount > 0:
        lines = (LineInput(bank_code, debit=amount), LineInput(other, credit=amount, party_type=ptype, party_id=pid))
    else:
        lines = (LineInput(other, debit=-amount, party_type=ptype, party_id=pid), LineInput(bank_code, credit=-amount))
    view = ledger.post_entry(ctx, actor, EntryInput(ctx.pack.journal_code("revenue"), day,
                                                    description or f"test {reference}", lines, reference))
    return view.id


def camt(b: object, role: str, stmt_id: str, opening: int, lines: list[tuple[dt.date, int, str, str, str]],
         closing: int | None = None) -> bytes:
    ctx = b.ctx  # type: ignore[attr-defined]
    cur = ctx.pack.currency
    return camt053.build(
        iban=bank.default_ibans(ctx.pack.code)[role], currency=cur.code, statement_id=stmt_id,
        opening=cur.from_minor(opening),
        lines=[(d, cur.from_minor(a), r, p, t) for d, a, r, p, t in lines],
        closing=None if closing is None else cur.from_minor(closing), digits=cur.minor_digits,
    )


def mt940_text(account: str, currency: str, stmt_no: str, opening: Decimal, lines: list[tuple[dt.date, Decimal, str]],
               closing: Decimal | None = None, digits: int = 2) -> bytes:
    def amt(v: Decimal) -> str:
        return f"{abs(v):.{digits}f}".replace(".", ",") if digits else f"{abs(v):.0f},"

    def mark(v: Decimal) -> str:
        return "C" if v >= 0 else "D"

    total = opening + sum((x[1] for x in lines), Decimal(0))
    closing = total if closing is None else closing
    first = min(x[0] for x in lines) if lines else dt.date(2024, 1, 1)
    last = max(x[0] for x in lines) if lines else first
    out = [":20:STMT", f":25:{account}", f":28C:{stmt_no}",
           f":60F:{mark(opening)}{first:%y%m%d}{currency}{amt(opening)}"]
    for day, value, ref in lines:
        out.append(f":61:{day:%y%m%d}{day:%m%d}{mark(value)}{amt(value)}NTRF{ref or 'NONREF'}")
        out.append(f":86:payment {ref}")
    out.append(f":62F:{mark(closing)}{last:%y%m%d}{currency}{amt(closing)}")
    out.append("-")
    return ("\r\n".join(out) + "\r\n").encode("ascii")

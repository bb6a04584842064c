"""Export the posted journal in ledger-cli / hledger journal format.

Each account is named with its code first (``1500 Bank Refah current 1500``), amounts carry the
currency code and the currency's decimals, so ``hledger balance`` on the file gives the same
balances as the trial balance, to the last minor unit.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TextIO

from sqlalchemy import select

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.ledger.models import Account, Entry, EntryLine, Journal
from branch_desktop.core.ledger.types import EntryStatus
from branch_desktop.core.security import Actor, require


def ledger_account_name(code: str, name: str) -> str:
    """hledger account names: no ':' (hierarchy), no ';' (comment), no double spaces (amount separator)."""
    clean = re.sub(r"[:;\t]", " ", name)
    clean = re.sub(r"\s{2,}", " ", clean).strip()
    return f"{code} {clean}".strip()


def _text(value: str) -> str:
    return re.sub(r"\s+", " ", value.replace(";", ",")).strip()


def export_ledger(ctx: BranchContext, actor: Actor, out: TextIO, *, english_names: bool = True) -> int:
    """Write every posted entry, in journal and number order; returns the count of entries."""
    require(actor, "ledger.view")
    cur = ctx.pack.currency
    count = 0
    with ctx.db.read() as s:
        names = {
            r[0]: ledger_account_name(r[1], (r[3] or r[2]) if english_names else r[2])
            for r in s.execute(select(Account.id, Account.code, Account.name, Account.name_en))
        }
        journals = dict(s.execute(select(Journal.id, Journal.code)).all())
        out.write(f"; Branch Desktop export: {ctx.name} ({ctx.pack.code}), amounts in {cur.code}\n")
        out.write("decimal-mark .\n")
        example = "1000." + "0" * cur.minor_digits
        out.write(f"commodity {cur.code} {example}\n\n")
        stmt = (
            select(Entry.id, Entry.journal_id, Entry.fiscal_year, Entry.number, Entry.entry_date, Entry.description,
                   Entry.reference, EntryLine.account_id, EntryLine.debit, EntryLine.credit, EntryLine.memo)
            .join(EntryLine, EntryLine.entry_id == Entry.id)
            .where(Entry.status == EntryStatus.POSTED)
            .order_by(Entry.journal_id, Entry.fiscal_year, Entry.number, EntryLine.line_no)
            .execution_options(yield_per=20_000)
        )
        last = None
        for row in s.execute(stmt):
            if row[0] != last:
                if last is not None:
                    out.write("\n")
                last = row[0]
                count += 1
                code = f"{journals[row[1]]}-{row[2]}-{row[3]:06d}"
                ref = f" ; ref:{_text(row[6])}" if row[6] else ""
                out.write(f"{row[4].isoformat()} ({code}) {_text(row[5])}{ref}\n")
            amount = row[8] - row[9]
            memo = f"  ; {_text(row[10])}" if row[10] else ""
            out.write(f"    {names[row[7]]}  {cur.code} {cur.plain(amount)}{memo}\n")
        if last is not None:
            out.write("\n")
    return count


def export_ledger_file(ctx: BranchContext, actor: Actor, path: Path, *, english_names: bool = True) -> int:
    with path.open("w", encoding="utf-8") as fh:
        return export_ledger(ctx, actor, fh, english_names=english_names)

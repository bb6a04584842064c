"""``verify``: walk every journal's hash chain and check the books from the raw rows.

Checks, and names the first bad entry for each: the chain (each posted entry's hash recomputed
from its canonical content and its predecessor's hash; the journal's head), gapless numbering per
journal and fiscal year, every posted entry balanced with at least two one-sided lines, the
running account balances equal to the sums of the lines, and the trial balance at zero.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.ledger import chain
from branch_desktop.core.ledger.models import Account, AccountBalance, Entry, EntryLine, Journal
from branch_desktop.core.ledger.types import DraftLine
from branch_desktop.core.models import User


@dataclass
class VerifyReport:
    journals: int = 0
    entries: int = 0
    lines: int = 0
    problems: list[str] = field(default_factory=list)
    first_bad_entry: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def bad(self, where: object, what: str) -> None:
        if self.first_bad_entry is None:
            self.first_bad_entry = str(where)
        self.problems.append(f"{where}: {what}")


def verify_books(ctx: BranchContext, batch: int = 20_000) -> VerifyReport:
    report = VerifyReport()
    with ctx.db.read() as s:
        codes = dict(s.execute(select(Account.id, Account.code)).all())
        usernames = dict(s.execute(select(User.id, User.username)).all())
        journals = s.execute(select(Journal.id, Journal.code, Journal.chain_length, Journal.chain_head)
                             .order_by(Journal.id)).all()
        hashes_by_id: dict[int, str] = {}
        line_sums: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
        for journal_id, jcode, jlength, jhead in journals:
            report.journals += 1
            stmt = (
                select(Entry.id, Entry.fiscal_year, Entry.number, Entry.chain_index, Entry.entry_date,
                       Entry.description, Entry.reference, Entry.reverses_id, Entry.posted_by, Entry.posted_at,
                       Entry.prev_hash, Entry.hash, Entry.period_id,
                       *(getattr(EntryLine, name) for name in DraftLine._fields))
                .join(EntryLine, EntryLine.entry_id == Entry.id, isouter=True)
                .where(Entry.journal_id == journal_id, Entry.status == "posted")
                .order_by(Entry.chain_index, EntryLine.line_no)
                .execution_options(yield_per=batch)
            )
            walk = _JournalWalk(jcode, report, codes, usernames, hashes_by_id, line_sums)
            current: list = []
            for row in s.connection().execute(stmt):
                if current and row[0] != current[0][0]:
                    walk.finish(current)
                    current = []
                current.append(row)
            if current:
                walk.finish(current)
            if walk.expected_index != jlength or walk.head != jhead:
                report.bad(f"{jcode}", f"the journal's chain head ({jlength} entries) does not match its entries "
                                       f"({walk.expected_index}); posted entries were removed or added outside the program")
        # gapless numbering
        for jcode, year, count, low, high in s.execute(
            select(Journal.code, Entry.fiscal_year, func.count(), func.min(Entry.number), func.max(Entry.number))
            .join(Journal, Journal.id == Entry.journal_id)
            .where(Entry.status == "posted")
            .group_by(Journal.code, Entry.fiscal_year)
        ):
            if low != 1 or high != count:
                report.bad(f"{jcode}-{year}", f"numbering is not gapless: {count} entries numbered {low}..{high}")
        # running balances
        stored = {(r[0], r[1]): (int(r[2]), int(r[3])) for r in s.execute(
            select(AccountBalance.account_id, AccountBalance.period_id, AccountBalance.debit, AccountBalance.credit))}
        for key in set(stored) | set(line_sums):
            want = tuple(line_sums.get(key, [0, 0]))
            have = stored.get(key, (0, 0))
            if want != have:
                report.bad(f"balance of account {codes.get(key[0], key[0])}",
                           f"stored {have[0]}/{have[1]} but the lines add up to {want[0]}/{want[1]}")
        total_dr = sum(v[0] for v in stored.values())
        total_cr = sum(v[1] for v in stored.values())
        if total_dr != total_cr:
            report.bad("trial balance", f"debits {total_dr} and credits {total_cr} differ")
    return report


_LINE_COLUMNS = slice(13, 13 + len(DraftLine._fields))  # the line's part of a row of verify_books' query


class _JournalWalk:
    """Follows one journal's chain entry by entry (rows of one entry: the entry joined to its lines)."""

    def __init__(self, jcode: str, report: VerifyReport, codes: dict, usernames: dict,
                 hashes_by_id: dict[int, str], line_sums: dict[tuple[int, int], list[int]]) -> None:
        self.jcode = jcode
        self.report = report
        self.codes = codes
        self.usernames = usernames
        self.hashes_by_id = hashes_by_id
        self.line_sums = line_sums
        self.head = chain.GENESIS
        self.expected_index = 0

    def finish(self, rows: list) -> None:
        report = self.report
        e = rows[0]
        where = _Where(self.jcode, e)
        report.entries += 1
        self.expected_index += 1
        if e[3] != self.expected_index:
            report.bad(where, f"chain position {e[3]}, expected {self.expected_index} (an entry is missing or moved)")
            self.expected_index = e[3] or self.expected_index
        # the entry's row joined to each of its lines: the line's columns are selected last, in
        # DraftLine's order
        lines = [DraftLine._make(r[_LINE_COLUMNS]) for r in rows if r[13] is not None]
        report.lines += len(lines)
        debit = sum(x.debit for x in lines)
        credit = sum(x.credit for x in lines)
        if len(lines) < 2:
            report.bad(where, "fewer than two lines")
        if debit != credit:
            report.bad(where, f"unbalanced: debits {debit}, credits {credit}")
        if any((x.debit == 0) == (x.credit == 0) or x.debit < 0 or x.credit < 0 for x in lines):
            report.bad(where, "a line is not one-sided and positive")
        period_id = e[12]
        for x in lines:
            acc = self.line_sums[(x.account_id, period_id)]
            acc[0] += x.debit
            acc[1] += x.credit
        content = chain.canonical(
            journal=self.jcode, fiscal_year=e[1], number=e[2], chain_index=e[3], entry_date=e[4],
            description=e[5], reference=e[6],
            reverses_hash=self.hashes_by_id.get(e[7]) if e[7] else None,
            posted_by=self.usernames.get(e[8], ""), posted_at=e[9],
            lines=[chain.ChainLine(x.line_no, self.codes.get(x.account_id, "?"), x.debit, x.credit, x.party_type,
                                   x.party_id, x.memo) for x in lines],
        )
        if e[10] != self.head:
            report.bad(where, "its link to the previous entry is broken")
        if chain.link(e[10] or "", content) != e[11]:
            report.bad(where, "its content does not match its hash (changed after posting)")
        self.hashes_by_id[e[0]] = e[11]
        self.head = e[11]


class _Where:
    """An entry's name for a problem report, built only when there is a problem."""

    __slots__ = ("jcode", "row")

    def __init__(self, jcode: str, row: object) -> None:
        self.jcode = jcode
        self.row = row

    def __str__(self) -> str:
        e = self.row
        return f"{self.jcode}-{e[1]}-{(e[2] or 0):06d} (id {e[0]})"  # type: ignore[index]

"""``verify``'s cross-checks of revenue's documents against the ledger (streamed, one pass each):
a receipt against its entry (amount, accounts, employer, a void reversing its receipt's entry),
a receipt's state against its events' consequences, a declaration against its lines, and the
employers' sub-ledger against the premiums-receivable control account."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection, func, select

from branch_desktop.core.ledger.models import Account, Entry, EntryLine
from branch_desktop.core.ledger.types import EntryStatus
from branch_desktop.core.ledger.verify import VerifyReport
from branch_desktop.core.models import Branch
from branch_desktop.core.packs import load_pack
from branch_desktop.revenue.models import (
    Accrual,
    ChargeAllocation,
    Declaration,
    DeclarationLine,
    Employer,
    Receipt,
)
from branch_desktop.revenue.states import AllocationKind, ChequeStatus, ReceiptKind, ReceiptStatus
from branch_desktop.revenue.types import PARTY, Method


def _first(report: VerifyReport, seen: set[str], group: str, where: str, what: str) -> None:
    """Only the first bad record of each group is named."""
    if group not in seen:
        seen.add(group)
        report.bad(where, what)


def check(conn: Connection, report: VerifyReport) -> None:
    pack_code = conn.execute(select(Branch.pack_code)).scalar()
    if pack_code is None:
        return
    pack = load_pack(pack_code)
    ids = dict(conn.execute(select(Account.code, Account.id)).all())
    role = {r: ids.get(pack.account_code(r)) for r in ("revenue_bank", "cheques_in_collection", "premiums_receivable",
                                                              "late_charges_receivable")}
    seen: set[str] = set()
    _receipts(conn, report, seen, role)
    _declarations(conn, report, seen)
    _receivable(conn, report, seen, role["premiums_receivable"])


def _receipts(conn: Connection, report: VerifyReport, seen: set[str], role: dict[str, int | None]) -> None:
    r = Receipt.__table__
    voided_by = dict(conn.execute(select(r.c.voids_id, r.c.id).where(r.c.kind == ReceiptKind.VOID)).all())
    entry_of = dict(conn.execute(select(r.c.id, r.c.entry_id)).all())
    a = ChargeAllocation.__table__
    charges_of: dict[int, int] = {rid: int(v) for rid, v in conn.execute(  # a receipt's late charges part
        select(a.c.receipt_id, func.sum(a.c.amount)).where(a.c.kind == AllocationKind.PAYMENT.value)
        .group_by(a.c.receipt_id))}
    stmt = (select(r.c.id, r.c.fiscal_year, r.c.number, r.c.kind, r.c.amount, r.c.method, r.c.employer_id,
                   r.c.status, r.c.voids_id, r.c.cheque_status, r.c.clear_entry_id, r.c.bounce_entry_id,
                   Entry.status, Entry.reverses_id, EntryLine.account_id, EntryLine.debit, EntryLine.credit,
                   EntryLine.party_type, EntryLine.party_id)
            .select_from(r.outerjoin(Entry, Entry.id == r.c.entry_id).outerjoin(EntryLine, EntryLine.entry_id == Entry.id))
            .order_by(r.c.id, EntryLine.line_no).execution_options(yield_per=20_000))
    rows: list = []
    for row in conn.execute(stmt):
        if rows and row[0] != rows[0][0]:
            _receipt(rows, report, seen, role, voided_by, entry_of, charges_of)
            rows = []
        rows.append(row)
    if rows:
        _receipt(rows, report, seen, role, voided_by, entry_of, charges_of)


def _receipt(rows: list, report: VerifyReport, seen: set[str], role: dict[str, int | None],
             voided_by: dict[int, int], entry_of: dict[int, int], charges_of: dict[int, int]) -> None:
    h = rows[0]
    where = f"receipt {h[1]}-{h[2]:06d} (id {h[0]})"
    amount, employer = h[4], h[6]
    debits = [x for x in rows if x[15]]
    credits = [x for x in rows if x[16]]
    if h[12] != EntryStatus.POSTED:
        return _first(report, seen, "receipt-entry", where, "its entry is missing or not posted")
    if sum(x[15] for x in debits) != amount or sum(x[16] for x in credits) != amount:
        return _first(report, seen, "receipt-entry", where, f"its amount {amount} differs from its entry's")
    if h[3] == ReceiptKind.PAYMENT:
        debit_role = "cheques_in_collection" if h[5] == Method.CHEQUE else "revenue_bank"
        charges = charges_of.get(h[0], 0)  # the premium part on premiums receivable, the charges part apart
        want = {role["premiums_receivable"]: amount - charges, role["late_charges_receivable"]: charges}
        ok = (len(debits) == 1 and debits[0][14] == role[debit_role]
              and {x[14]: x[16] for x in credits} == {k: v for k, v in want.items() if v}
              and len(credits) == len({x[14] for x in credits})
              and all((x[17], x[18]) == (PARTY, employer) for x in credits))
        if not ok:
            return _first(report, seen, "receipt-entry", where, "its entry's accounts or employer are not the receipt's")
        if (h[7] == ReceiptStatus.VOIDED) != (h[0] in voided_by):
            return _first(report, seen, "receipt-status", where,
                          f"its status is {h[7]!r} but it is{'' if h[0] in voided_by else ' not'} voided by a void receipt")
        cheque = h[9]
        if (h[5] == Method.CHEQUE) != (cheque is not None) or (cheque == ChequeStatus.CLEARED) != (h[10] is not None) \
                or (cheque == ChequeStatus.BOUNCED) != (h[11] is not None):
            return _first(report, seen, "receipt-status", where,
                          f"its cheque status {cheque!r} does not agree with its clearing and bounce entries")
    elif h[13] is None or h[13] != entry_of.get(h[8]):
        return _first(report, seen, "receipt-entry", where, "its entry does not reverse the voided receipt's entry")
    elif h[7] != ReceiptStatus.VALID or h[9] is not None:
        return _first(report, seen, "receipt-status", where, f"a void receipt cannot be {h[7]!r}")
    return None


def _declarations(conn: Connection, report: VerifyReport, seen: set[str]) -> None:
    d, ln = Declaration.__table__, DeclarationLine.__table__
    sums = (select(ln.c.declaration_id, func.count(), func.sum(ln.c.days), func.sum(ln.c.wage),
                   func.sum(ln.c.employee_share), func.sum(ln.c.employer_share))
            .group_by(ln.c.declaration_id).subquery())
    stmt = (select(d.c.id, d.c.employer_id, d.c.year, d.c.month, d.c.seq, d.c.insured_count, d.c.total_days,
                   d.c.total_wage, d.c.employee_share, d.c.employer_share, d.c.premium,
                   *[sums.c[i] for i in range(1, 6)])
            .select_from(d.outerjoin(sums, sums.c.declaration_id == d.c.id)).order_by(d.c.id))
    for row in conn.execute(stmt):
        have = (row[5], row[6], row[7], row[8], row[9])
        lines = tuple(int(x or 0) for x in row[11:16])
        if have != lines or row[10] != row[8] + row[9]:
            _first(report, seen, "declaration", f"declaration {row[2]}-{row[3]:02d}/{row[4]} (id {row[0]})",
                   f"its totals {have} (premium {row[10]}) differ from its lines' {lines}")
            return


def _receivable(conn: Connection, report: VerifyReport, seen: set[str], account_id: int | None) -> None:
    """Per employer file: the receivable's party lines = accruals - payments + voids + bounced cheques."""
    files = set(conn.execute(select(Employer.id)).scalars())  # ledger-level postings to unknown parties are not revenue's
    if account_id is None or not files:
        return
    want: dict[int, int] = defaultdict(int)
    for employer, amount in conn.execute(select(Accrual.employer_id, func.sum(Accrual.amount)).group_by(Accrual.employer_id)):
        want[employer] += int(amount)
    r = Receipt.__table__
    for employer, kind, cheque, amount in conn.execute(
        select(r.c.employer_id, r.c.kind, r.c.cheque_status, func.sum(r.c.amount))
        .group_by(r.c.employer_id, r.c.kind, r.c.cheque_status)
    ):
        want[employer] += int(amount) * (1 if kind == ReceiptKind.VOID else -1) + (int(amount) if cheque == ChequeStatus.BOUNCED else 0)
    a = ChargeAllocation.__table__  # the late charges parts went to their own receivable
    for employer, amount in conn.execute(select(a.c.employer_id, func.sum(a.c.amount)).group_by(a.c.employer_id)):
        want[employer] += int(amount)
    have: dict[int, int] = dict(conn.execute(  # type: ignore[arg-type]
        select(EntryLine.party_id, func.sum(EntryLine.debit) - func.sum(EntryLine.credit))
        .join(Entry, Entry.id == EntryLine.entry_id)
        .where(EntryLine.account_id == account_id, EntryLine.party_type == PARTY, Entry.status == EntryStatus.POSTED.value)
        .group_by(EntryLine.party_id)).all())
    for employer in sorted((set(want) | set(have)) & files):
        if int(have.get(employer) or 0) != want.get(employer, 0):
            _first(report, seen, "receivable", f"employer id {employer}",
                   f"premiums receivable in the ledger {int(have.get(employer) or 0)} differ from its accruals "
                   f"and receipts {want.get(employer, 0)}")
            return

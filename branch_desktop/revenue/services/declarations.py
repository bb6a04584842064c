"""Monthly declarations: checked whole, stored with their lines and service records, and the
premium accrued (for a correction: the difference from the declaration it replaces)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.orm import Session

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.ids import compact
from branch_desktop.core.ledger.types import LineInput
from branch_desktop.core.models import table_of, utcnow
from branch_desktop.core.records import track
from branch_desktop.core.security import Actor, audit_now, audit_values, require
from branch_desktop.core.storage import Prepared
from branch_desktop.core.texts import (
    Month,
    stored_text,
)
from branch_desktop.revenue import rules
from branch_desktop.revenue.exceptions import DeclarationRefused, UnknownEmployer
from branch_desktop.revenue.importers.declarations import read_declaration_path
from branch_desktop.revenue.models import (
    Accrual,
    Declaration,
    DeclarationLine,
    Employer,
    ServiceRecord,
)
from branch_desktop.revenue.rules import RawLine, RowError
from branch_desktop.revenue.services.common import (
    PARTY,
    account,
    post_revenue,
)
from branch_desktop.revenue.services.employers import employer_id_of
from branch_desktop.revenue.services.insured_counts import declared_people, keep_counts
from branch_desktop.revenue.states import AccrualKind
from branch_desktop.revenue.types import (
    DeclarationView,
)


@dataclass(frozen=True, kw_only=True)
class DeclarationInput:
    """One declaration of a batch (``services.submit_declarations``), as :func:`submit_declaration` takes it."""

    employer_id: int
    month: YearMonth
    lines: Sequence[RawLine]
    correction: bool = False
    source: str = ""
    on: dt.date | None = None  # the accrual's date (default: today)


def _latest_declaration(s: Session, employer_id: int, ym: YearMonth) -> Declaration | None:
    return s.scalar(
        select(Declaration).where(Declaration.employer_id == employer_id, Declaration.year == ym.year,
                                  Declaration.month == ym.month).order_by(Declaration.seq.desc()).limit(1)
    )


def _declaration_problems(ctx: BranchContext, employer: Employer | _Declarer, ym: YearMonth, correction: bool,
                          previous: Declaration | _Previous | None) -> list[RowError]:
    """What refuses the declaration of ``ym`` whatever its lines; ``previous``: the month's latest."""
    problems = []
    if ym > ctx.pack.calendar.year_month(ctx.today()):
        problems.append(RowError(0, "month", "The month {month} has not begun yet.", {"month": str(ym)}))
    first, last = ctx.pack.calendar.month_bounds(ym)
    if last < employer.opened_on or (employer.closed_on is not None and first > employer.closed_on):
        problems.append(RowError(0, "month", "The employer's file was not open in {month}.", {"month": str(ym)}))
    if previous is not None and not correction:
        problems.append(RowError(0, "month", "{file_no} already declared {month}; mark this one as a correction.",
                                 {"file_no": employer.file_no, "month": str(ym)}))
    if previous is None and correction:
        problems.append(RowError(0, "month", "There is no declaration of {month} to correct.", {"month": str(ym)}))
    return problems


def check_declaration(ctx: BranchContext, actor: Actor, employer_id: int, ym: YearMonth, lines: Sequence[RawLine],
                      correction: bool = False) -> list[RowError]:
    """Every problem of a declaration (nothing is written); an empty list means it can be taken."""
    require(actor, "revenue.declare")
    with ctx.db.read() as s:
        employer = s.get(Employer, employer_id)
        if employer is None:
            raise UnknownEmployer("There is no employer file #{id}.", id=employer_id)
        problems = _declaration_problems(ctx, employer, ym, correction, _latest_declaration(s, employer.id, ym))
    _good, errors = rules.check_lines(ctx.pack, ym, lines)
    if not lines:
        problems.append(RowError(0, "", "The declaration has no workers."))
    return problems + errors


def submit_declaration(ctx: BranchContext, actor: Actor, employer_id: int, ym: YearMonth, lines: Sequence[RawLine],
                       correction: bool = False, source: str = "", on: dt.date | None = None) -> DeclarationView:
    """Take a clean declaration: store it and its lines, make the service records and post the
    accrual (for a correction: the difference from the declaration it replaces). Refused whole,
    with every row's problem, when any row is wrong. Many declarations in one transaction:
    ``services.submit_declarations``."""
    require(actor, "revenue.declare")
    good, errors = rules.check_lines(ctx.pack, ym, lines)  # before the transaction: the employer is not kept waiting
    with ctx.db.write() as s:
        return _submit_in(s, ctx, actor, employer_id, ym, lines, (good, errors), correction, source, on)


def submit_declaration_in(s: Session, ctx: BranchContext, actor: Actor, employer_id: int, ym: YearMonth,
                          lines: Sequence[RawLine], correction: bool = False, source: str = "",
                          on: dt.date | None = None) -> DeclarationView:
    """:func:`submit_declaration` inside the caller's transaction (a batch: ``services.batch``); the
    same checks, statements and records. On a refusal the caller rolls back what it wrote."""
    require(actor, "revenue.declare")
    return _submit_in(s, ctx, actor, employer_id, ym, lines, rules.check_lines(ctx.pack, ym, lines), correction,
                      source, on)


def _submit_in(s: Session, ctx: BranchContext, actor: Actor, employer_id: int, ym: YearMonth,
               lines: Sequence[RawLine], checked: tuple[list[rules.CheckedLine], list[RowError]], correction: bool,
               source: str, on: dt.date | None) -> DeclarationView:
    # Core statements compiled once (a batch runs this thousands of times); the rows and the order
    # of the records (ids, entries, audit rows) are those the ORM wrote before.
    pack = ctx.pack
    good, errors = checked
    day = on or ctx.today()
    found = _EMPLOYER.rows(s, employer_id=employer_id)  # locked: one declaration at a time per employer
    if not found:
        raise UnknownEmployer("There is no employer file #{id}.", id=employer_id)
    employer = _Declarer(*found[0])
    latest = _LATEST.rows(s, employer_id=employer_id, year=ym.year, month=ym.month)
    previous = _Previous(*latest[0]) if latest else None
    problems = _declaration_problems(ctx, employer, ym, correction, previous)
    if not lines:
        problems.append(RowError(0, "", "The declaration has no workers."))
    if problems or errors:
        raise DeclarationRefused(problems + errors)
    split = rules.split_of(good)
    due = rules.due_date(pack, ym)
    seq = (previous.seq + 1) if previous else 1
    created_at = utcnow()
    # accrual: the premium by revenue account; for a correction, the difference
    by_role = split.by_role()
    if previous is not None:
        old = _declaration_split(s, pack, previous.id, ym).by_role()
        for role in set(old) | set(by_role):
            by_role[role] = by_role.get(role, 0) - old.get(role, 0)
    diff = sum(by_role.values())
    lines_out = _accrual_lines(ctx, employer_id, by_role, diff)
    entry_id = None
    if len(lines_out) >= 2:  # posted first: the declaration is written whole, with its entry
        text = stored_text("Premium {month} file {file_no}", month=Month(ym), file_no=employer.file_no)
        if previous is not None:
            text = stored_text("Correction {seq} of premium {month} file {file_no}",
                               seq=seq - 1, month=Month(ym), file_no=employer.file_no)
        ref = f"DECL-{employer.file_no}-{ym}-{seq}"
        entry_id = post_revenue(s, ctx, actor, "revenue.declare", day, text, lines_out, ref)
    conn = s.connection()
    accrued = diff if entry_id is not None else 0
    total_days, total_wage = sum(x.days for x in good), sum(x.wage for x in good)
    values: dict[str, Any] = dict(
        employer_id=employer_id, year=ym.year, month=ym.month, seq=seq, corrects_id=previous.id if previous else None,
        insured_count=len(good), total_days=total_days, total_wage=total_wage,
        employee_share=split.employee, employer_share=split.employer, premium=split.total,
        accrued=accrued, due_date=due, entry_id=entry_id, source=source[:200],
        created_by=actor.id, created_at=created_at,
    )
    decl_id = int(conn.execute(_INSERT_DECLARATION, values).scalar_one())
    track(s, _DECLARATION_KIND, [decl_id])
    conn.execute(_INSERT_LINE, [
        {"declaration_id": decl_id, "line_no": i, "national_id": x.national_id, "name": x.name, "days": x.days,
         "wage": x.wage, "missing_code": x.missing_code, "employee_share": x.premium.employee,
         "employer_share": x.premium.employer}
        for i, x in enumerate(good, start=1)
    ])
    # the service records of the month are those of the latest declaration
    before = declared_people(s, employer_id, ym)
    conn.execute(_DELETE_RECORDS, {"e": employer_id, "y": ym.year, "m": ym.month})
    conn.execute(_INSERT_RECORD, [
        {"national_id": x.national_id, "name": x.name, "employer_id": employer_id, "year": ym.year,
         "month": ym.month, "days": x.days, "wage": x.wage, "declaration_id": decl_id}
        for x in good
    ])
    keep_counts(s, employer_id, ym, before, {x.national_id for x in good if x.days > 0})
    if entry_id is not None and diff:
        accrual_id = conn.execute(_INSERT_ACCRUAL, {
            "employer_id": employer_id, "year": ym.year, "month": ym.month, "amount": diff, "accrual_date": day,
            "kind": (AccrualKind.CORRECTION if previous else AccrualKind.PREMIUM).value, "due_date": due,
            "declaration_id": decl_id, "receipt_id": None, "entry_id": entry_id}).scalar_one()
        track(s, _ACCRUAL_KIND, [int(accrual_id)])
    audit_now(s, audit_values(actor, "revenue.declaration", "declaration", decl_id, employer=employer.file_no,
                              month=str(ym), seq=seq, lines=len(good), accrued=accrued))
    return DeclarationView(id=decl_id, employer_id=employer_id, file_no=employer.file_no,
                           employer_name=employer.name, month=ym, seq=seq, insured_count=len(good),
                           total_days=total_days, total_wage=total_wage,
                           employee_share=split.employee, employer_share=split.employer, premium=split.total,
                           accrued=accrued, due_date=due, entry_id=entry_id, source=source[:200])


def _accrual_lines(ctx: BranchContext, employer_id: int, by_role: dict[str, int], diff: int) -> list[LineInput]:
    """The accrual's lines: premiums receivable against each revenue account (by its sign)."""
    lines_out: list[LineInput] = []
    party = {"party_type": PARTY, "party_id": employer_id}
    if diff > 0:
        lines_out.append(LineInput(account(ctx, "premiums_receivable"), debit=diff, **party))  # type: ignore[arg-type]
    elif diff < 0:
        lines_out.append(LineInput(account(ctx, "premiums_receivable"), credit=-diff, **party))  # type: ignore[arg-type]
    for role in sorted(by_role):
        amount = by_role[role]
        if amount > 0:
            lines_out.append(LineInput(account(ctx, role), credit=amount))
        elif amount < 0:
            lines_out.append(LineInput(account(ctx, role), debit=-amount))
    return lines_out


class _Declarer(NamedTuple):
    id: int
    file_no: str
    name: str
    opened_on: dt.date
    closed_on: dt.date | None


class _Previous(NamedTuple):
    id: int
    seq: int


# Run on every declaration: compiled once (storage.Prepared; Core statements cached by SQLAlchemy).
_EMPLOYER = Prepared(select(Employer.id, Employer.file_no, Employer.name, Employer.opened_on, Employer.closed_on)
                     .where(Employer.id == bindparam("employer_id")).with_for_update())
_LATEST = Prepared(select(Declaration.id, Declaration.seq).where(
    Declaration.employer_id == bindparam("employer_id"), Declaration.year == bindparam("year"),
    Declaration.month == bindparam("month")).order_by(Declaration.seq.desc()).limit(1))
_INSERT_DECLARATION = insert(table_of(Declaration)).returning(table_of(Declaration).c.id)
_INSERT_LINE = insert(table_of(DeclarationLine))
_INSERT_RECORD = insert(table_of(ServiceRecord))
_DELETE_RECORDS = delete(table_of(ServiceRecord)).where(
    table_of(ServiceRecord).c.employer_id == bindparam("e"), table_of(ServiceRecord).c.year == bindparam("y"),
    table_of(ServiceRecord).c.month == bindparam("m"))
_INSERT_ACCRUAL = insert(table_of(Accrual)).returning(table_of(Accrual).c.id)
_DECLARATION_KIND, _ACCRUAL_KIND = "revenue.declaration", "revenue.accrual"  # their record kinds (revenue.records)


def _declaration_split(s: Session, pack: object, declaration_id: int, ym: YearMonth) -> rules.PremiumSplit:
    from branch_desktop.core.packs import Pack

    assert isinstance(pack, Pack)
    on = rules.month_reference_day(pack, ym)
    rates = rules.component_rates(pack, on)
    total = rules.EMPTY_SPLIT
    for (wage,) in s.execute(select(DeclarationLine.wage).where(DeclarationLine.declaration_id == declaration_id)):
        total = total + rules.premium_for_wage(pack, int(wage), on, rates)
    return total


def _declaration_view(d: Declaration, e: Employer) -> DeclarationView:
    return DeclarationView(id=d.id, employer_id=e.id, file_no=e.file_no, employer_name=e.name,
                           month=YearMonth(d.year, d.month), seq=d.seq, insured_count=d.insured_count,
                           total_days=d.total_days, total_wage=d.total_wage, employee_share=d.employee_share,
                           employer_share=d.employer_share, premium=d.premium, accrued=d.accrued, due_date=d.due_date,
                           entry_id=d.entry_id, source=d.source)


def list_declarations(ctx: BranchContext, actor: Actor, employer_id: int) -> list[DeclarationView]:
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        e = s.get(Employer, employer_id)
        if e is None:
            raise UnknownEmployer("There is no employer file #{id}.", id=employer_id)
        decls = s.scalars(select(Declaration).where(Declaration.employer_id == employer_id)
                          .order_by(Declaration.year.desc(), Declaration.month.desc(), Declaration.seq.desc())).all()
        return [_declaration_view(d, e) for d in decls]


def declaration_lines(ctx: BranchContext, actor: Actor, declaration_id: int) -> list[RawLine]:
    require(actor, "revenue.view")
    cur = ctx.pack.currency
    with ctx.db.read() as s:
        rows = s.execute(select(DeclarationLine).where(DeclarationLine.declaration_id == declaration_id)
                         .order_by(DeclarationLine.line_no)).scalars().all()
        return [RawLine(r.line_no, r.national_id, r.name, str(r.days), cur.plain(r.wage), r.missing_code) for r in rows]


def service_records(ctx: BranchContext, actor: Actor, national_id: str) -> list[tuple[YearMonth, str, int, int]]:
    """An insured person's months: (month, employer file no, days, wage)."""
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        rows = s.execute(
            select(ServiceRecord.year, ServiceRecord.month, Employer.file_no, ServiceRecord.days, ServiceRecord.wage)
            .join(Employer, Employer.id == ServiceRecord.employer_id)
            .where(ServiceRecord.national_id == compact(national_id))
            .order_by(ServiceRecord.year, ServiceRecord.month, Employer.file_no)
        ).all()
    return [(YearMonth(r[0], r[1]), r[2], r[3], r[4]) for r in rows]



def import_declaration_file(ctx: BranchContext, actor: Actor, path: Path, file_no: str, ym: YearMonth,
                            correction: bool = False) -> DeclarationView:
    """Read a declaration file from disk and submit it for the employer file ``file_no``."""
    employer_id = employer_id_of(ctx, actor, file_no)
    lines = read_declaration_path(path)
    return submit_declaration(ctx, actor, employer_id, ym, lines, correction, source=path.name)


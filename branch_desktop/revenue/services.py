"""Revenue use cases: employer files, declarations and accrual, counter receipts and voids,
cheques received, the employer's statement, the clerk's day close.

Each public function takes ``ctx`` and the acting user, checks the permission first, and runs in
one transaction (``ctx.db.write()``): a receipt, its allocations, its number and its journal entry
commit together or not at all.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlalchemy import and_, case, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError as SAIntegrityError
from sqlalchemy.orm import Session

from branch_desktop.core.backup import automatic_backup
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.checkpoints import anchor, recorded_digest
from branch_desktop.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from branch_desktop.core.i18n import N_
from branch_desktop.core.ids import PACK_IBAN_COUNTRY, clean_employer_id, clean_iban, compact
from branch_desktop.core.ledger.models import FiscalPeriod
from branch_desktop.core.ledger.services import post_entry_in, reverse_in
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.core.models import User, utcnow
from branch_desktop.core.money import DIGITS_TO_ASCII
from branch_desktop.core.records import set_state
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.core.storage import retry_transient
from branch_desktop.core.texts import (
    Month,
    Msg,
    StoredText,
    parse_document_number,
    receipt_number,
    stored_text,
)
from branch_desktop.revenue import rules
from branch_desktop.revenue.exceptions import ImplausibleAmount
from branch_desktop.revenue.importers.declarations import (  # noqa: F401 - public names of this module
    DECLARATION_COLUMNS,
    read_declaration_file,
    read_declaration_path,
)
from branch_desktop.revenue.models import (
    Accrual,
    Allocation,
    DayClose,
    Declaration,
    DeclarationLine,
    Employer,
    Receipt,
    ReceiptSequence,
    ServiceRecord,
)
from branch_desktop.revenue.rules import RawLine, RowError
from branch_desktop.revenue.types import (
    CHEQUE_STATUS_LABELS,
    METHOD_LABELS,
    AllocationView,
    ChequeRow,
    DaySummary,
    DeclarationView,
    EmployerInput,
    EmployerRow,
    EmployerView,
    Method,
    PaymentInput,
    ReceiptView,
    Statement,
    StatementLine,
    StatementMonth,
)

PARTY = "employer"
_ACCRUAL_TEXTS = {"premium": N_("Premium {month}"), "correction": N_("Correction of premium {month}"),
                  "charge": N_("Bounced cheque charge")}
DAY_CLOSE = "day_close"  # the checkpoint event of a counter day close


class DeclarationRefused(ValidationError):
    """A declaration with row errors: nothing was stored. ``errors`` lists every row's problems."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = list(errors)
        super().__init__("The declaration was refused: {count} problem(s); nothing was saved.", count=len(errors))


# -- posting on the department's authority ----------------------------------------------------


def _post(s: Session, ctx: BranchContext, actor: Actor, authority: str, day: dt.date, text: StoredText,
          lines: list[LineInput], reference: str = "") -> int:
    """Post to the revenue journal on the authority of a revenue permission (a clerk holds
    ``revenue.receipt``, not ``ledger.post``); the entry is posted by, and audited as, the user.
    ``text``: the description as a message, rendered in each reader's language."""
    entry = EntryInput(ctx.pack.journal_code("revenue"), day, text.english()[:500], tuple(lines), reference[:120],
                       text=text)
    return post_entry_in(s, ctx, actor, entry, authorised_by=authority)


def _cheque_status_label(status: str | None) -> Msg:
    """A cheque's status for a message, translated (never gettext(""), which is the catalogue header)."""
    return Msg(CHEQUE_STATUS_LABELS.get(status, status)) if status else Msg("")


def _acc(ctx: BranchContext, role: str) -> str:
    return ctx.pack.account_code(role)


# -- employers --------------------------------------------------------------------------------


def _search_text(file_no: str, name: str, national_id: str, business_code: str) -> str:
    return " | ".join((file_no, name, national_id, business_code)).lower()


def normalise_file_no(text: str) -> str:
    """A file number as stored: ASCII digits, no surrounding or doubled spaces (SGK workplace
    numbers keep their dots)."""
    return " ".join(str(text).translate(DIGITS_TO_ASCII).split()).upper()


def _clean_employer(ctx: BranchContext, data: EmployerInput) -> dict[str, object]:
    pack = ctx.pack.code
    file_no = normalise_file_no(data.file_no)
    if not file_no:
        raise ValidationError("The file number is required.")
    name = " ".join(data.name.split())
    if not name:
        raise ValidationError("The employer's name is required.")
    national_id = clean_employer_id(pack, data.national_id)
    iban = clean_iban(data.iban, PACK_IBAN_COUNTRY.get(pack)) if data.iban.strip() else ""
    business = compact(data.business_code)
    if pack == "tr_sgk":
        if not (len(business) == 4 and business.isdigit()):
            raise ValidationError("The business-line code (işkolu kodu) has 4 digits; '{code}' has not.",
                                  code=data.business_code)
    elif business and not business.isdigit():
        raise ValidationError("The activity code '{code}' must be digits.", code=data.business_code)
    phone = data.phone.strip()
    if phone and not all(c.isdigit() or c in " +-()" for c in compact(phone)):
        raise ValidationError("'{phone}' is not a phone number.", phone=phone)
    if data.status not in ("active", "closed"):
        raise ValidationError("The status must be active or closed.")
    opened = data.opened_on or ctx.today()
    closed = data.closed_on
    if data.status == "closed" and closed is None:
        closed = ctx.today()
    if data.status == "active":
        closed = None
    if closed is not None and closed < opened:
        raise ValidationError("The file cannot close before it opened.")
    return {
        "file_no": file_no, "name": name, "national_id": national_id, "address": data.address.strip(),
        "phone": phone, "iban": iban, "business_code": business, "risk_class": data.risk_class.strip(),
        "rate_class": data.rate_class.strip() or "standard", "status": data.status, "opened_on": opened,
        "closed_on": closed, "search_text": _search_text(file_no, name, national_id, business),
    }


def _employer_view(s: Session, e: Employer) -> EmployerView:
    user = s.scalar(select(User.username).where(User.id == e.updated_by)) if e.updated_by else ""
    return EmployerView(e.id, e.file_no, e.name, e.national_id, e.address, e.phone, e.iban, e.business_code,
                        e.risk_class, e.rate_class, e.status, e.opened_on, e.closed_on, e.version, user or "",
                        e.updated_at)


def create_employer(ctx: BranchContext, actor: Actor, data: EmployerInput) -> EmployerView:
    require(actor, "revenue.employers")
    values = _clean_employer(ctx, data)
    with ctx.db.write() as s:
        if s.scalar(select(Employer.id).where(Employer.file_no == values["file_no"])):
            raise ConflictError("There is already an employer file {file_no}.", file_no=values["file_no"])
        e = Employer(**values, version=1, updated_by=actor.id, updated_at=utcnow())
        s.add(e)
        s.flush()
        audit(s, actor, "revenue.employer.create", "employer", e.id, file_no=e.file_no)
        return _employer_view(s, e)


def update_employer(ctx: BranchContext, actor: Actor, employer_id: int, data: EmployerInput, version: int
                    ) -> EmployerView:
    """Save an edited employer file; refused when someone saved it since it was loaded."""
    require(actor, "revenue.employers")
    values = _clean_employer(ctx, data)
    with ctx.db.write() as s:
        e = s.get(Employer, employer_id)
        if e is None:
            raise NotFound("There is no employer file #{id}.", id=employer_id)
        if e.version != version:
            who = s.scalar(select(User.username).where(User.id == e.updated_by)) or "?"
            raise ConflictError(
                "This file was changed by {user} at {time} after you opened it; reload it and make your change again.",
                user=who, time=e.updated_at.strftime("%Y-%m-%d %H:%M") + " UTC",
            )
        if values["file_no"] != e.file_no and s.scalar(select(Employer.id).where(Employer.file_no == values["file_no"])):
            raise ConflictError("There is already an employer file {file_no}.", file_no=values["file_no"])
        now = utcnow()
        # compare-and-set on the version: a concurrent save between our read and this update loses
        done = s.execute(  # type: ignore[attr-defined]
            update(Employer).where(Employer.id == employer_id, Employer.version == version)
            .values(**values, version=version + 1, updated_by=actor.id, updated_at=now)
        ).rowcount
        if done != 1:
            raise ConflictError("This file was changed by someone else just now; reload it and make your change again.")
        audit(s, actor, "revenue.employer.update", "employer", employer_id, version=version + 1)
        s.expire_all()
        e2 = s.get(Employer, employer_id)
        assert e2 is not None
        return _employer_view(s, e2)


def get_employer(ctx: BranchContext, actor: Actor, employer_id: int) -> EmployerView:
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        e = s.get(Employer, employer_id)
        if e is None:
            raise NotFound("There is no employer file #{id}.", id=employer_id)
        return _employer_view(s, e)


def _employer_by_file(s: Session, file_no: str) -> Employer:
    e = s.scalar(select(Employer).where(Employer.file_no == normalise_file_no(file_no)))
    if e is None:
        raise NotFound("There is no employer file {file_no}.", file_no=file_no)
    return e


def find_employer(ctx: BranchContext, actor: Actor, file_no: str) -> EmployerView:
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        return _employer_view(s, _employer_by_file(s, file_no))


def search_employers(ctx: BranchContext, actor: Actor, text: str, limit: int = 50,
                     include_closed: bool = True) -> list[EmployerRow]:
    """Employers whose file number, name, id or business code contain ``text`` (in SQL).

    Exact file numbers and ids come first (index look-ups), then name matches in name order."""
    require(actor, "revenue.view")
    term = " ".join(text.split()).lower()
    digits = compact(text)
    cols = (Employer.id, Employer.file_no, Employer.name, Employer.national_id, Employer.business_code, Employer.status)
    with ctx.db.read() as s:
        rows: list[tuple[int, str, str, str, str, str]] = []
        seen: set[int] = set()
        if digits:
            exact = s.execute(select(*cols).where(or_(Employer.file_no == normalise_file_no(text),
                                                      Employer.national_id == digits))
                              .limit(limit)).all()
            for r in exact:
                rows.append(tuple(r))  # type: ignore[arg-type]
                seen.add(r[0])
        # "name || ''" sorts like name but keeps the planner off the name index: walking that index
        # and looking every row up is several times slower than scanning and sorting the matches.
        stmt = select(*cols).order_by(Employer.name.concat(""), Employer.id).limit(limit + len(seen))
        if term:
            pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            stmt = stmt.where(Employer.search_text.like(pattern, escape="\\"))
        if not include_closed:
            stmt = stmt.where(Employer.status == "active")
        for r in s.execute(stmt):
            if r[0] not in seen and len(rows) < limit:
                rows.append(tuple(r))  # type: ignore[arg-type]
                seen.add(r[0])
    return [EmployerRow(*r) for r in rows]


def employer_count(ctx: BranchContext, actor: Actor) -> int:
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Employer)) or 0)


# -- declarations -----------------------------------------------------------------------------

def _latest_declaration(s: Session, employer_id: int, ym: YearMonth) -> Declaration | None:
    return s.scalar(
        select(Declaration).where(Declaration.employer_id == employer_id, Declaration.year == ym.year,
                                  Declaration.month == ym.month).order_by(Declaration.seq.desc()).limit(1)
    )


def _declaration_problems(ctx: BranchContext, s: Session, employer: Employer, ym: YearMonth, correction: bool
                          ) -> list[RowError]:
    problems = []
    if ym > ctx.pack.calendar.year_month(ctx.today()):
        problems.append(RowError(0, "month", "The month {month} has not begun yet.", {"month": str(ym)}))
    first, last = ctx.pack.calendar.month_bounds(ym)
    if last < employer.opened_on or (employer.closed_on is not None and first > employer.closed_on):
        problems.append(RowError(0, "month", "The employer's file was not open in {month}.", {"month": str(ym)}))
    previous = _latest_declaration(s, employer.id, ym)
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
            raise NotFound("There is no employer file #{id}.", id=employer_id)
        problems = _declaration_problems(ctx, s, employer, ym, correction)
    _good, errors = rules.check_lines(ctx.pack, ym, lines)
    if not lines:
        problems.append(RowError(0, "", "The declaration has no workers."))
    return problems + errors


def submit_declaration(ctx: BranchContext, actor: Actor, employer_id: int, ym: YearMonth, lines: Sequence[RawLine],
                       correction: bool = False, source: str = "", on: dt.date | None = None) -> DeclarationView:
    """Take a clean declaration: store it and its lines, make the service records and post the
    accrual (for a correction: the difference from the declaration it replaces). Refused whole,
    with every row's problem, when any row is wrong."""
    require(actor, "revenue.declare")
    pack = ctx.pack
    good, errors = rules.check_lines(pack, ym, lines)
    day = on or ctx.today()
    with ctx.db.write() as s:
        employer = s.get(Employer, employer_id, with_for_update=True)  # one declaration at a time per employer
        if employer is None:
            raise NotFound("There is no employer file #{id}.", id=employer_id)
        problems = _declaration_problems(ctx, s, employer, ym, correction)
        if not lines:
            problems.append(RowError(0, "", "The declaration has no workers."))
        if problems or errors:
            raise DeclarationRefused(problems + errors)
        split = rules.split_of(good)
        previous = _latest_declaration(s, employer_id, ym)
        due = rules.due_date(pack, ym)
        decl = Declaration(
            employer_id=employer_id, year=ym.year, month=ym.month, seq=(previous.seq + 1) if previous else 1,
            corrects_id=previous.id if previous else None, insured_count=len(good),
            total_days=sum(x.days for x in good), total_wage=sum(x.wage for x in good),
            employee_share=split.employee, employer_share=split.employer, premium=split.total, accrued=0,
            due_date=due, source=source[:200], created_by=actor.id, created_at=utcnow(),
        )
        s.add(decl)
        s.flush()
        s.execute(DeclarationLine.__table__.insert(), [  # type: ignore[attr-defined]
            {"declaration_id": decl.id, "line_no": i, "national_id": x.national_id, "name": x.name, "days": x.days,
             "wage": x.wage, "missing_code": x.missing_code, "employee_share": x.premium.employee,
             "employer_share": x.premium.employer}
            for i, x in enumerate(good, start=1)
        ])
        # the service records of the month are those of the latest declaration
        s.execute(delete(ServiceRecord).where(ServiceRecord.employer_id == employer_id, ServiceRecord.year == ym.year,
                                              ServiceRecord.month == ym.month))
        s.execute(ServiceRecord.__table__.insert(), [  # type: ignore[attr-defined]
            {"national_id": x.national_id, "name": x.name, "employer_id": employer_id, "year": ym.year,
             "month": ym.month, "days": x.days, "wage": x.wage, "declaration_id": decl.id}
            for x in good
        ])
        # accrual: the premium by revenue account; for a correction, the difference
        by_role = split.by_role()
        if previous is not None:
            old = _declaration_split(s, pack, previous.id, ym).by_role()
            for role in set(old) | set(by_role):
                by_role[role] = by_role.get(role, 0) - old.get(role, 0)
        diff = sum(by_role.values())
        text = stored_text("Premium {month} file {file_no}", month=Month(ym), file_no=employer.file_no)
        if previous is not None:
            text = stored_text("Correction {seq} of premium {month} file {file_no}",
                               seq=decl.seq - 1, month=Month(ym), file_no=employer.file_no)
        lines_out: list[LineInput] = []
        party = {"party_type": PARTY, "party_id": employer_id}
        if diff > 0:
            lines_out.append(LineInput(_acc(ctx, "premiums_receivable"), debit=diff, **party))  # type: ignore[arg-type]
        elif diff < 0:
            lines_out.append(LineInput(_acc(ctx, "premiums_receivable"), credit=-diff, **party))  # type: ignore[arg-type]
        for role in sorted(by_role):
            amount = by_role[role]
            if amount > 0:
                lines_out.append(LineInput(_acc(ctx, role), credit=amount))
            elif amount < 0:
                lines_out.append(LineInput(_acc(ctx, role), debit=-amount))
        if len(lines_out) >= 2:
            ref = f"DECL-{employer.file_no}-{ym}-{decl.seq}"
            entry_id = _post(s, ctx, actor, "revenue.declare", day, text, lines_out, ref)
            decl.entry_id = entry_id
            decl.accrued = diff
            if diff:
                s.add(Accrual(employer_id=employer_id, year=ym.year, month=ym.month,
                              kind="correction" if previous else "premium", amount=diff, accrual_date=day,
                              due_date=due, declaration_id=decl.id, entry_id=entry_id))
        s.flush()
        audit(s, actor, "revenue.declaration", "declaration", decl.id, employer=employer.file_no, month=str(ym),
              seq=decl.seq, lines=len(good), accrued=decl.accrued)
        return _declaration_view(decl, employer)


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
    return DeclarationView(d.id, e.id, e.file_no, e.name, YearMonth(d.year, d.month), d.seq, d.insured_count,
                           d.total_days, d.total_wage, d.employee_share, d.employer_share, d.premium, d.accrued,
                           d.due_date, d.entry_id, d.source)


def list_declarations(ctx: BranchContext, actor: Actor, employer_id: int) -> list[DeclarationView]:
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        e = s.get(Employer, employer_id)
        if e is None:
            raise NotFound("There is no employer file #{id}.", id=employer_id)
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


# -- receipts ---------------------------------------------------------------------------------


def _next_receipt_number(s: Session, fiscal_year: int) -> int:
    from branch_desktop.core.storage import dialect_insert

    s.execute(dialect_insert(s, ReceiptSequence).values(fiscal_year=fiscal_year, last_number=0)
              .on_conflict_do_nothing())
    last = int(s.execute(select(ReceiptSequence.last_number).where(ReceiptSequence.fiscal_year == fiscal_year)
                         .with_for_update()).scalar_one())
    s.execute(update(ReceiptSequence).where(ReceiptSequence.fiscal_year == fiscal_year).values(last_number=last + 1))
    return last + 1


def _day_closed(s: Session, clerk_id: int, day: dt.date) -> bool:
    return s.scalar(select(DayClose.id).where(DayClose.clerk_id == clerk_id, DayClose.day == day)) is not None


def _refuse_closed_day(ctx: BranchContext, s: Session, actor: Actor, day: dt.date) -> None:
    if _day_closed(s, actor.id, day):
        raise ConflictError("The counter day {day} of {user} is closed; no more receipts can be dated in it.",
                            day=ctx.pack.calendar.format(day), user=actor.username)


def _ref_key(p: PaymentInput) -> str:
    ref = compact(p.reference)
    if p.method is Method.TRANSFER:
        return ref
    bank = " ".join(p.bank.split()).lower()
    if p.method is Method.SLIP:
        return f"{bank}|{ref}"
    return f"{bank}|{ref}|{p.drawer.strip().lower()}"


_REFERENCE_REQUIRED = {
    Method.SLIP: N_("The slip number is required."),
    Method.TRANSFER: N_("The transfer reference is required."),
    Method.CHEQUE: N_("The cheque number is required."),
}


def _check_payment(ctx: BranchContext, p: PaymentInput) -> None:
    if p.amount <= 0:
        raise ValidationError("The amount must be more than zero.")
    if not compact(p.reference):
        raise ValidationError(_REFERENCE_REQUIRED[p.method])
    if p.method is Method.SLIP and p.ref_date is not None and p.ref_date > (p.on or ctx.today()):
        raise ValidationError("The slip is dated after the receipt.")
    if p.method is Method.CHEQUE:
        if not p.bank.strip():
            raise ValidationError("The bank of the cheque is required.")
        if p.due_date is None:
            raise ValidationError("The due date of the cheque is required.")
        if not p.drawer.strip():
            raise ValidationError("The drawer of the cheque is required.")


def _open_months(s: Session, employer_id: int) -> list[tuple[YearMonth, int]]:
    accrued = dict(
        ((y, m), int(v)) for y, m, v in s.execute(
            select(Accrual.year, Accrual.month, func.sum(Accrual.amount)).where(Accrual.employer_id == employer_id)
            .group_by(Accrual.year, Accrual.month))
    )
    paid = dict(
        ((y, m), int(v)) for y, m, v in s.execute(
            select(Allocation.year, Allocation.month, func.sum(Allocation.amount))
            .where(Allocation.employer_id == employer_id).group_by(Allocation.year, Allocation.month))
    )
    return [(YearMonth(y, m), a - paid.get((y, m), 0)) for (y, m), a in sorted(accrued.items())
            if a - paid.get((y, m), 0) > 0]


def open_months(ctx: BranchContext, actor: Actor, employer_id: int) -> list[tuple[YearMonth, int]]:
    """The employer's months with premium still owed, oldest first: (month, amount owed)."""
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        return _open_months(s, employer_id)


@retry_transient
def take_payment(ctx: BranchContext, actor: Actor, p: PaymentInput, *, confirmed: bool = False) -> ReceiptView:
    """Register a payment at the counter: check, allocate (the chosen month first, then the
    oldest), number the receipt (gapless), post Dr revenue bank or cheques in collection /
    Cr premiums receivable with the employer as party; all in one transaction.

    An amount far from what is expected (``rules.payment_doubt``: far over the employer's debt,
    or over the role's limit per receipt) raises :class:`ImplausibleAmount` and writes nothing
    unless ``confirmed`` says the user typed the amount a second time."""
    require(actor, "revenue.receipt")
    _check_payment(ctx, p)
    day = p.on or ctx.today()
    key = _ref_key(p)
    cal = ctx.pack.calendar
    with ctx.db.write() as s:
        _refuse_closed_day(ctx, s, actor, day)
        # Locks, always in this order: the employer (so two counters cannot both allocate the same
        # open month), the receipt counter, then the journal (inside the posting).
        employer = s.get(Employer, p.employer_id, with_for_update=True)
        if employer is None:
            raise NotFound("There is no employer file #{id}.", id=p.employer_id)
        dup = s.execute(select(Receipt.fiscal_year, Receipt.number, Receipt.receipt_date, Receipt.reference).where(
            Receipt.method == p.method.value, Receipt.ref_key == key, Receipt.kind == "payment",
            Receipt.status == "valid")).first()
        if dup is not None:
            raise ConflictError(_DUPLICATE[p.method], reference=dup[3],
                                number=receipt_number(dup[0], dup[1]), date=cal.format(dup[2]))
        open_months = _open_months(s, employer.id)
        doubt = rules.payment_doubt(ctx.pack, day, actor.role.value, p.amount, sum(v for _m, v in open_months))
        if doubt is not None and not confirmed:
            raise ImplausibleAmount(doubt, ctx.pack.currency, actor.role)
        shares = rules.allocate(p.amount, open_months, p.month)
        year = cal.fiscal_year(day)
        number = _next_receipt_number(s, year)
        doc = receipt_number(year, number)
        display = doc.canonical
        debit_role = "cheques_in_collection" if p.method is Method.CHEQUE else "revenue_bank"
        party = {"party_type": PARTY, "party_id": employer.id}
        debit_line = (LineInput(_acc(ctx, debit_role), debit=p.amount, **party)  # type: ignore[arg-type]
                      if p.method is Method.CHEQUE else LineInput(_acc(ctx, debit_role), debit=p.amount))
        text = stored_text("Receipt {number}: {method} {reference}, file {file_no}", number=doc,
                           method=Msg(METHOD_LABELS[p.method]), reference=p.reference.strip(),
                           file_no=employer.file_no)
        entry_id = _post(s, ctx, actor, "revenue.receipt", day, text, [
            debit_line, LineInput(_acc(ctx, "premiums_receivable"), credit=p.amount, **party),  # type: ignore[arg-type]
        ], f"RCPT-{display}")
        r = Receipt(
            fiscal_year=year, number=number, kind="payment", employer_id=employer.id, receipt_date=day,
            amount=p.amount, method=p.method.value, bank=p.bank.strip(), bank_branch=p.bank_branch.strip(),
            reference=p.reference.strip(), ref_key=key,
            ref_date=p.ref_date or (day if p.method is Method.SLIP else None), due_date=p.due_date,
            drawer=p.drawer.strip(), target_year=p.month.year if p.month else None,
            target_month=p.month.month if p.month else None, status="valid",
            cheque_status="in_hand" if p.method is Method.CHEQUE else None, entry_id=entry_id, clerk_id=actor.id,
            created_at=utcnow(),
        )
        s.add(r)
        try:
            s.flush()
        except SAIntegrityError:
            raise ConflictError(_DUPLICATE[p.method], reference=p.reference.strip(), number="?", date="?") from None
        if shares:
            s.execute(Allocation.__table__.insert(), [  # type: ignore[attr-defined]
                {"receipt_id": r.id, "employer_id": employer.id, "year": ym.year, "month": ym.month,
                 "kind": "payment", "amount": amount, "allocation_date": day} for ym, amount in shares
            ])
        audit(s, actor, "revenue.receipt", "receipt", display, employer=employer.file_no, amount=p.amount,
              method=p.method.value, **({"confirmed_doubt": doubt.kind} if doubt else {}))
        # the view from what is known already (no more round trips inside the counter's transaction)
        return ReceiptView(
            r.id, year, number, "payment", employer.id, employer.file_no, employer.name, employer.national_id, day,
            p.amount, p.method, r.bank, r.bank_branch, r.reference, r.ref_date, r.due_date, r.drawer, "valid", "",
            "", "", r.cheque_status, actor.username, actor.full_name or actor.username, r.created_at, entry_id,
            tuple(AllocationView(ym, amount) for ym, amount in sorted(shares)),
        )


_DUPLICATE = {
    Method.SLIP: "The slip {reference} was already taken on receipt {number} ({date}).",
    Method.TRANSFER: "The transfer {reference} was already taken on receipt {number} ({date}).",
    Method.CHEQUE: "The cheque {reference} was already taken on receipt {number} ({date}).",
}


def _receipt_view(s: Session, r: Receipt) -> ReceiptView:
    e = s.get(Employer, r.employer_id)
    assert e is not None
    clerk = s.execute(select(User.username, User.full_name).where(User.id == r.clerk_id)).one()
    allocs = s.execute(select(Allocation.year, Allocation.month, func.sum(Allocation.amount))
                       .where(Allocation.receipt_id == r.id).group_by(Allocation.year, Allocation.month)
                       .order_by(Allocation.year, Allocation.month)).all()
    voids_number = voided_by = ""
    if r.voids_id:
        o = s.execute(select(Receipt.fiscal_year, Receipt.number).where(Receipt.id == r.voids_id)).one()
        voids_number = receipt_number(o[0], o[1]).canonical
    else:
        v = s.execute(select(Receipt.fiscal_year, Receipt.number).where(Receipt.voids_id == r.id)).first()
        if v is not None:
            voided_by = receipt_number(v[0], v[1]).canonical
    return ReceiptView(
        r.id, r.fiscal_year, r.number, r.kind, e.id, e.file_no, e.name, e.national_id, r.receipt_date, r.amount,
        Method(r.method), r.bank, r.bank_branch, r.reference, r.ref_date, r.due_date, r.drawer, r.status, r.reason,
        voids_number, voided_by, r.cheque_status, clerk[0], clerk[1] or clerk[0], r.created_at, r.entry_id,
        tuple(AllocationView(YearMonth(y, m), int(a)) for y, m, a in allocs if int(a) != 0),
    )


def get_receipt(ctx: BranchContext, actor: Actor, receipt_id: int) -> ReceiptView:
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        r = s.get(Receipt, receipt_id)
        if r is None:
            raise NotFound("There is no receipt #{id}.", id=receipt_id)
        return _receipt_view(s, r)


def find_receipt(ctx: BranchContext, actor: Actor, number: str) -> ReceiptView:
    """A receipt by its printed number ``YEAR-NNNNNN`` (or ``NNNNNN`` of this fiscal year)."""
    require(actor, "revenue.view")
    text = compact(number).translate(DIGITS_TO_ASCII)
    year = ctx.pack.calendar.fiscal_year(ctx.today())
    doc = parse_document_number(number)  # any way it is written: 1405-001350, ۱۴۰۵/۰۰۱۳۵۰
    if doc is not None:
        text, year = str(doc.number), doc.year
    if not text.isdigit():
        raise ValidationError("'{text}' is not a receipt number.", text=number)
    with ctx.db.read() as s:
        r = s.scalar(select(Receipt).where(Receipt.fiscal_year == year, Receipt.number == int(text)))
        if r is None:
            raise NotFound("There is no receipt {number}.", number=number)
        return _receipt_view(s, r)


def void_receipt(ctx: BranchContext, actor: Actor, receipt_id: int, reason: str, on: dt.date | None = None
                 ) -> ReceiptView:
    """Void a mistaken receipt: a reversal entry, negative allocations, and a void printed on a
    new receipt number. The receipt itself stays, marked voided. A cheque already deposited,
    cleared or bounced cannot be voided."""
    require(actor, "revenue.void")
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("A void needs a reason.")
    day = on or ctx.today()
    cal = ctx.pack.calendar
    with ctx.db.write() as s:
        r = s.get(Receipt, receipt_id, with_for_update=True)
        if r is None:
            raise NotFound("There is no receipt #{id}.", id=receipt_id)
        doc = receipt_number(r.fiscal_year, r.number)
        display = doc.canonical
        if r.kind != "payment":
            raise ConflictError("Receipt {number} is itself a void.", number=doc)
        if r.status == "voided":
            raise ConflictError("Receipt {number} is already voided.", number=doc)
        if r.cheque_status not in (None, "in_hand"):
            raise ConflictError("The cheque of receipt {number} is {status}; it cannot be voided.", number=doc,
                                status=_cheque_status_label(r.cheque_status))
        if not actor.can("revenue.void_any"):
            if r.clerk_id != actor.id:
                raise PermissionDenied("A clerk can void only their own receipts.")
            if _day_closed(s, actor.id, r.receipt_date):
                raise PermissionDenied("The day of receipt {number} is closed; an accountant can void it.",
                                       number=doc)
        _refuse_closed_day(ctx, s, actor, day)
        # lock order as in take_payment: the employer, the receipt counter, then the journal
        s.get(Employer, r.employer_id, with_for_update=True)
        year = cal.fiscal_year(day)
        number = _next_receipt_number(s, year)
        void_text = stored_text("Void of receipt {number}: {reason}", number=doc, reason=reason)
        rev_id = reverse_in(s, ctx, actor, r.entry_id, void_text.english(), day, authorised_by="revenue.void",
                            text=void_text)
        v = Receipt(
            fiscal_year=year, number=number, kind="void", employer_id=r.employer_id, receipt_date=day, amount=r.amount,
            method=r.method, bank=r.bank, bank_branch=r.bank_branch, reference=r.reference, ref_key="",
            ref_date=r.ref_date, due_date=r.due_date, drawer=r.drawer, status="valid", voids_id=r.id, reason=reason,
            entry_id=rev_id, clerk_id=actor.id, created_at=utcnow(),
        )
        s.add(v)
        s.flush()
        set_state(s, r, actor.id, status="voided", reason=reason)
        _undo_allocations(s, r, v.id, "void", day)
        s.flush()
        audit(s, actor, "revenue.receipt.void", "receipt", display, void=f"{year}-{number:06d}", reason=reason)
        return _receipt_view(s, v)


def _undo_allocations(s: Session, r: Receipt, receipt_id: int, kind: str, day: dt.date) -> None:
    rows = s.execute(select(Allocation.year, Allocation.month, func.sum(Allocation.amount))
                     .where(Allocation.receipt_id == r.id).group_by(Allocation.year, Allocation.month)).all()
    values = [{"receipt_id": receipt_id, "employer_id": r.employer_id, "year": y, "month": m, "kind": kind,
               "amount": -int(a), "allocation_date": day} for y, m, a in rows if int(a)]
    if values:
        s.execute(Allocation.__table__.insert(), values)  # type: ignore[attr-defined]


def employer_receipts(ctx: BranchContext, actor: Actor, employer_id: int, limit: int = 200) -> list[ReceiptView]:
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        rs = s.scalars(select(Receipt).where(Receipt.employer_id == employer_id)
                       .order_by(Receipt.receipt_date.desc(), Receipt.id.desc()).limit(limit)).all()
        return [_receipt_view(s, r) for r in rs]


# -- cheques received -------------------------------------------------------------------------


def _cheque(s: Session, receipt_id: int) -> Receipt:
    r = s.get(Receipt, receipt_id, with_for_update=True)
    if r is None or r.method != Method.CHEQUE.value or r.kind != "payment":
        raise NotFound("There is no cheque receipt #{id}.", id=receipt_id)
    if r.status == "voided":
        raise ConflictError("Receipt {number} is voided.", number=receipt_number(r.fiscal_year, r.number))
    return r


def deposit_cheque(ctx: BranchContext, actor: Actor, receipt_id: int, on: dt.date | None = None) -> None:
    require(actor, "revenue.cheques")
    day = on or ctx.today()
    with ctx.db.write() as s:
        r = _cheque(s, receipt_id)
        if r.cheque_status != "in_hand":
            raise ConflictError("The cheque {cheque} is {status}, not in hand.", cheque=r.reference,
                                status=_cheque_status_label(r.cheque_status))
        set_state(s, r, actor.id, cheque_status="deposited", deposited_on=day)
        audit(s, actor, "revenue.cheque.deposit", "receipt", r.id, cheque=r.reference)


def clear_cheque(ctx: BranchContext, actor: Actor, receipt_id: int, on: dt.date | None = None) -> int:
    """The bank paid the cheque: Dr revenue bank / Cr cheques in collection. Returns the entry id."""
    require(actor, "revenue.cheques")
    day = on or ctx.today()
    with ctx.db.write() as s:
        r = _cheque(s, receipt_id)
        if r.cheque_status not in ("in_hand", "deposited"):
            raise ConflictError("The cheque {cheque} is {status}.", cheque=r.reference,
                                status=_cheque_status_label(r.cheque_status))
        e = s.get(Employer, r.employer_id)
        assert e is not None
        party = {"party_type": PARTY, "party_id": r.employer_id}
        entry_id = _post(s, ctx, actor, "revenue.cheques", day, stored_text(
            "Cheque {cheque} cleared, file {file_no}", cheque=r.reference, file_no=e.file_no), [
            LineInput(_acc(ctx, "revenue_bank"), debit=r.amount),
            LineInput(_acc(ctx, "cheques_in_collection"), credit=r.amount, **party),  # type: ignore[arg-type]
        ], f"RCPT-{r.fiscal_year}-{r.number:06d}")
        set_state(s, r, actor.id, cheque_status="cleared", cleared_on=day, deposited_on=r.deposited_on or day,
                  clear_entry_id=entry_id)
        audit(s, actor, "revenue.cheque.clear", "receipt", r.id, cheque=r.reference)
        return entry_id


def bounce_cheque(ctx: BranchContext, actor: Actor, receipt_id: int, reason: str = "", on: dt.date | None = None
                  ) -> int:
    """The bank refused the cheque: the debt is reinstated (Dr premiums receivable / Cr cheques
    in collection, the allocations undone) and the pack's bounced-cheque charge, if any, is added
    to the employer's debt. Returns the charge (minor units)."""
    require(actor, "revenue.cheques")
    day = on or ctx.today()
    cal = ctx.pack.calendar
    with ctx.db.write() as s:
        r = _cheque(s, receipt_id)
        if r.cheque_status not in ("in_hand", "deposited"):
            raise ConflictError("The cheque {cheque} is {status}.", cheque=r.reference,
                                status=_cheque_status_label(r.cheque_status))
        e = s.get(Employer, r.employer_id, with_for_update=True)
        assert e is not None
        doc = receipt_number(r.fiscal_year, r.number)
        display = doc.canonical
        party = {"party_type": PARTY, "party_id": r.employer_id}
        text = stored_text("Cheque {cheque} bounced (receipt {number}), file {file_no}",
                           cheque=r.reference, number=doc, file_no=e.file_no)
        if reason.strip():
            text = stored_text("Cheque {cheque} bounced (receipt {number}), file {file_no}: {reason}",
                               cheque=r.reference, number=doc, file_no=e.file_no, reason=reason.strip())
        entry_id = _post(s, ctx, actor, "revenue.cheques", day, text, [
            LineInput(_acc(ctx, "premiums_receivable"), debit=r.amount, **party),  # type: ignore[arg-type]
            LineInput(_acc(ctx, "cheques_in_collection"), credit=r.amount, **party),  # type: ignore[arg-type]
        ], f"RCPT-{display}")
        set_state(s, r, actor.id, cheque_status="bounced", bounced_on=day, bounce_entry_id=entry_id,
                  reason=reason.strip())
        _undo_allocations(s, r, r.id, "bounce", day)
        charge = rules.bounced_cheque_charge(ctx.pack, day)
        if charge > 0:
            charge_entry = _post(s, ctx, actor, "revenue.cheques", day, stored_text(
                "Bounced cheque charge, cheque {cheque}, file {file_no}", cheque=r.reference, file_no=e.file_no), [
                LineInput(_acc(ctx, "premiums_receivable"), debit=charge, **party),  # type: ignore[arg-type]
                LineInput(_acc(ctx, "bounced_cheque_charges"), credit=charge),
            ], f"RCPT-{display}")
            ym = cal.year_month(day)
            s.add(Accrual(employer_id=r.employer_id, year=ym.year, month=ym.month, kind="charge", amount=charge,
                          accrual_date=day, due_date=day, receipt_id=r.id, entry_id=charge_entry))
        s.flush()
        audit(s, actor, "revenue.cheque.bounce", "receipt", r.id, cheque=r.reference, charge=charge)
        return charge


def list_cheques(ctx: BranchContext, actor: Actor, which: str = "open", on: dt.date | None = None) -> list[ChequeRow]:
    """Cheques received: ``due_week`` (in hand, due within 7 days or overdue), ``deposited``
    (deposited, not cleared), ``bounced``, ``open`` (in hand or deposited), ``all``."""
    require(actor, "revenue.view")
    day = on or ctx.today()
    stmt = (select(Receipt, Employer.file_no, Employer.name).join(Employer, Employer.id == Receipt.employer_id)
            .where(Receipt.method == "cheque", Receipt.kind == "payment", Receipt.status == "valid"))
    if which == "due_week":
        stmt = stmt.where(Receipt.cheque_status == "in_hand", Receipt.due_date <= day + dt.timedelta(days=7))
    elif which == "deposited":
        stmt = stmt.where(Receipt.cheque_status == "deposited")
    elif which == "bounced":
        stmt = stmt.where(Receipt.cheque_status == "bounced")
    elif which == "open":
        stmt = stmt.where(Receipt.cheque_status.in_(("in_hand", "deposited")))
    elif which != "all":
        raise ValidationError("'{which}' is not a cheque list.", which=which)
    with ctx.db.read() as s:
        out = []
        for r, file_no, name in s.execute(stmt.order_by(Receipt.due_date, Receipt.id)):
            out.append(ChequeRow(r.id, f"{r.fiscal_year}-{r.number:06d}", r.employer_id, file_no, name, r.amount,
                                 r.bank, r.bank_branch, r.reference, r.drawer, r.receipt_date, r.due_date,
                                 r.cheque_status or "", r.deposited_on, r.cleared_on, r.bounced_on))
        return out


# -- statement --------------------------------------------------------------------------------


def employer_statement(ctx: BranchContext, actor: Actor, employer_id: int) -> Statement:
    """Accruals, corrections, charges, receipts, voids and bounces in date order with the running
    balance; and by month: accrued, paid, owed."""
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        e = s.get(Employer, employer_id)
        if e is None:
            raise NotFound("There is no employer file #{id}.", id=employer_id)
        employer = _employer_view(s, e)
        events: list[tuple[dt.date, tuple[int, int, int], str, StoredText, str, YearMonth | None, int, int]] = []
        for a in s.scalars(select(Accrual).where(Accrual.employer_id == employer_id)):
            ym = YearMonth(a.year, a.month)
            order = (2, a.receipt_id or 0, 1) if a.kind == "charge" else (0, a.id, 0)
            events.append((a.accrual_date, order, a.kind if a.kind != "premium" else "accrual",
                           stored_text(_ACCRUAL_TEXTS[a.kind], month=Month(ym)), "", ym,
                           max(a.amount, 0), max(-a.amount, 0)))
        for r in s.scalars(select(Receipt).where(Receipt.employer_id == employer_id)):
            doc = receipt_number(r.fiscal_year, r.number)
            method = Msg(METHOD_LABELS[Method(r.method)])
            if r.kind == "payment":
                events.append((r.receipt_date, (1, r.id, 0), "receipt",
                               stored_text("Receipt {number}: {method} {reference}", number=doc, method=method,
                                           reference=r.reference),
                               doc.canonical, None, 0, r.amount))
                if r.cheque_status == "bounced" and r.bounced_on:
                    events.append((r.bounced_on, (2, r.id, 0), "bounce",
                                   stored_text("Cheque {cheque} bounced", cheque=r.reference), doc.canonical, None,
                                   r.amount, 0))
            else:
                events.append((r.receipt_date, (1, r.id, 0), "void",
                               stored_text("Void {number}", number=doc), doc.canonical, None, r.amount, 0))
        events.sort(key=lambda x: (x[0], x[1]))
        lines = []
        balance = 0
        for day, _order, kind, text, ref, month, dr, cr in events:
            balance += dr - cr
            lines.append(StatementLine(day, kind, text.render(calendar=ctx.pack.calendar), ref, month, dr, cr,
                                       balance, message=text))
        accrued: dict[YearMonth, int] = defaultdict(int)
        for y, m, v in s.execute(select(Accrual.year, Accrual.month, func.sum(Accrual.amount))
                                 .where(Accrual.employer_id == employer_id).group_by(Accrual.year, Accrual.month)):
            accrued[YearMonth(y, m)] += int(v)
        paid: dict[YearMonth, int] = defaultdict(int)
        for y, m, v in s.execute(select(Allocation.year, Allocation.month, func.sum(Allocation.amount))
                                 .where(Allocation.employer_id == employer_id)
                                 .group_by(Allocation.year, Allocation.month)):
            paid[YearMonth(y, m)] += int(v)
        months = tuple(StatementMonth(ym, accrued.get(ym, 0), paid.get(ym, 0)) for ym in sorted(set(accrued) | set(paid)))
        received = int(s.scalar(select(func.coalesce(func.sum(case(
            (Receipt.kind == "payment", Receipt.amount), else_=-Receipt.amount)), 0))
            .where(Receipt.employer_id == employer_id,
                   or_(Receipt.cheque_status.is_(None), Receipt.cheque_status != "bounced"))) or 0)
        unallocated = received - sum(paid.values())
    return Statement(employer, tuple(lines), months, unallocated, sum(x.debit for x in lines),
                     sum(x.credit for x in lines))


def statement_csv(ctx: BranchContext, st: Statement) -> str:
    cur, cal = ctx.pack.currency, ctx.pack.calendar
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["date", "kind", "description", "reference", "month", "debit", "credit", "balance"])
    for x in st.lines:
        w.writerow([cal.format(x.day), x.kind, x.text, x.reference, str(x.month or ""), cur.plain(x.debit),
                    cur.plain(x.credit), cur.plain(x.balance)])
    return buf.getvalue()


def statement_xlsx(ctx: BranchContext, st: Statement, lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from branch_desktop.core.i18n import translate_to

    def _(m: str) -> str:
        return translate_to(lang, m)

    cur, cal = ctx.pack.currency, ctx.pack.calendar
    fmt = "#,##0" + ("." + "0" * cur.minor_digits if cur.minor_digits else "")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Statement")[:31]
    if lang == "fa":
        ws.sheet_view.rightToLeft = True
    ws.append([_("Employer account statement")])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([_("File no."), st.employer.file_no, _("Employer"), st.employer.name])
    ws.append([_("Balance owed"), cur.from_minor(st.balance)])
    ws.append([])
    ws.append([_("Date"), _("Description"), _("Reference"), _("Month"), _("Debit"), _("Credit"), _("Balance")])
    for c in ws[ws.max_row]:
        c.font = Font(bold=True)
    for x in st.lines:
        ws.append([cal.format(x.day), x.text, x.reference, str(x.month or ""), cur.from_minor(x.debit),
                   cur.from_minor(x.credit), cur.from_minor(x.balance)])
        for c in ws[ws.max_row][4:7]:
            c.number_format = fmt
    ms = wb.create_sheet(_("By month")[:31])
    if lang == "fa":
        ms.sheet_view.rightToLeft = True
    ms.append([_("Month"), _("Accrued"), _("Paid"), _("Owed")])
    for c in ms[1]:
        c.font = Font(bold=True)
    for m in st.months:
        ms.append([str(m.month), cur.from_minor(m.accrued), cur.from_minor(m.paid), cur.from_minor(m.balance)])
        for c in ms[ms.max_row][1:4]:
            c.number_format = fmt
    ms.append([_("Unallocated payments"), None, cur.from_minor(st.unallocated), None])
    for sheet, widths in ((ws, (12, 48, 16, 10, 16, 16, 16)), (ms, (22, 16, 16, 16))):
        for i, w in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + i)].width = w
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# -- the clerk's day --------------------------------------------------------------------------


def day_summary(ctx: BranchContext, actor: Actor, clerk: str | None = None, day: dt.date | None = None) -> DaySummary:
    """A clerk's receipts and voids of a day (default: the acting user, today)."""
    require(actor, "revenue.view")
    day = day or ctx.today()
    with ctx.db.read() as s:
        user = s.execute(select(User.id, User.username, User.full_name)
                         .where(User.username == (clerk or actor.username))).first()
        if user is None:
            raise NotFound("There is no user {username}.", username=clerk or "")
        rs = s.scalars(select(Receipt).where(Receipt.clerk_id == user[0], Receipt.receipt_date == day)
                       .order_by(Receipt.fiscal_year, Receipt.number)).all()
        close = s.execute(select(DayClose.closed_at).where(DayClose.clerk_id == user[0], DayClose.day == day)).first()
        digest = recorded_digest(s.connection(), DAY_CLOSE, f"{user[1]}:{day.isoformat()}") if close else ""
        return DaySummary(user[1], user[2] or user[1], day, tuple(_receipt_view(s, r) for r in rs), close is not None,
                          close[0] if close else None, digest)


def close_day(ctx: BranchContext, actor: Actor, clerk: str | None = None, day: dt.date | None = None) -> DaySummary:
    """Close a clerk's counter day: no receipt or void can be dated in it by that clerk after."""
    require(actor, "revenue.close_day")
    day = day or ctx.today()
    target = clerk or actor.username
    if target != actor.username and not actor.can("revenue.close_any_day"):
        raise PermissionDenied("Only a manager can close another clerk's day.")
    summary = day_summary(ctx, actor, target, day)
    if summary.closed:
        raise ConflictError("The counter day {day} of {user} is already closed.", day=ctx.pack.calendar.format(day),
                            user=target)
    with ctx.db.write() as s:
        clerk_id = s.scalar(select(User.id).where(User.username == target))
        assert clerk_id is not None
        # the receipts counted are re-read inside the write transaction (the writer lock is held)
        count = s.scalar(select(func.count()).select_from(Receipt).where(
            Receipt.clerk_id == clerk_id, Receipt.receipt_date == day)) or 0
        if count != len(summary.receipts):
            raise ConflictError("A receipt was registered while closing; close the day again.")
        by_method = {m.value: v for m, v in summary.total_by_method().items()}
        s.add(DayClose(clerk_id=clerk_id, day=day, receipts=len(summary.payments), voids=len(summary.voids),
                       total=summary.total, summary=json.dumps(by_method, sort_keys=True), closed_by=actor.id,
                       closed_at=utcnow()))
        try:
            s.flush()
        except SAIntegrityError:
            raise ConflictError("The counter day {day} of {user} is already closed.",
                                day=ctx.pack.calendar.format(day), user=target) from None
        audit(s, actor, "revenue.day.close", "user", target, day=day.isoformat(), total=summary.total)
    automatic_backup(ctx.db, actor, "day_close")  # the branch's rotated, checked copy (core.backup)
    anchor(ctx, actor, DAY_CLOSE, f"{target}:{day.isoformat()}")  # the chain heads, signed, kept elsewhere
    return day_summary(ctx, actor, target, day)


def is_day_closed(ctx: BranchContext, actor: Actor, day: dt.date | None = None) -> bool:
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        return _day_closed(s, actor.id, day or ctx.today())


# -- helpers for the CLI and demo ---------------------------------------------------------------


def employer_id_of(ctx: BranchContext, actor: Actor, file_no: str) -> int:
    return find_employer(ctx, actor, file_no).id


def import_declaration_file(ctx: BranchContext, actor: Actor, path: Path, file_no: str, ym: YearMonth,
                            correction: bool = False) -> DeclarationView:
    employer_id = employer_id_of(ctx, actor, file_no)
    lines = read_declaration_path(path)
    return submit_declaration(ctx, actor, employer_id, ym, lines, correction, source=path.name)


def open_total(ctx: BranchContext, actor: Actor, employer_id: int) -> int:
    return sum(v for _m, v in open_months(ctx, actor, employer_id))


def receipts_between(ctx: BranchContext, actor: Actor, start: dt.date, end: dt.date) -> Iterable[ReceiptView]:
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        for r in s.scalars(select(Receipt).where(and_(Receipt.receipt_date >= start, Receipt.receipt_date <= end))
                           .order_by(Receipt.id)):
            yield _receipt_view(s, r)


def search_receipts(ctx: BranchContext, actor: Actor, text: str, limit: int = 10) -> list[ReceiptView]:
    """Receipts whose printed number is ``text`` (``YEAR-NNNNNN``, ``YEAR/NNNNNN``, or the number of
    any year, newest first) or, when no number matches, those whose slip, transfer or cheque number
    is ``text``. Index look-ups only."""
    require(actor, "revenue.view")
    plain = text.strip().translate(DIGITS_TO_ASCII)
    parts = [p for p in plain.replace("/", "-").split("-") if p.strip()]
    if not parts:
        return []
    found: list[Receipt] = []
    with ctx.db.read() as s:
        number = parts[-1].strip()
        if number.isdigit() and len(parts) <= 2 and (len(parts) == 1 or parts[0].strip().isdigit()):
            stmt = select(Receipt).where(Receipt.number == int(number))
            if len(parts) == 2:
                stmt = stmt.where(Receipt.fiscal_year == int(parts[0]))
            else:  # each fiscal year is probed on the (year, number) index: no scan of the receipts
                stmt = stmt.where(Receipt.fiscal_year.in_(select(FiscalPeriod.year).distinct()))
            found += s.scalars(stmt.order_by(Receipt.fiscal_year.desc()).limit(limit))
        if not found:
            by_reference = select(Receipt).where(Receipt.reference == plain.strip()).order_by(Receipt.id.desc())
            found += s.scalars(by_reference.limit(limit))
        return [_receipt_view(s, r) for r in found[:limit]]

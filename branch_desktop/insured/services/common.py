"""What the insured-affairs services share: numbering, look-ups, one way to write a number."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from branch_desktop.core.branch import BranchContext
from branch_desktop.insured.exceptions import UnknownPerson
from branch_desktop.insured.models import InsuredPerson, Sequence


def next_number(s: Session, series: str, fiscal_year: int) -> int:
    """The next gapless number of a series in a fiscal year (the counter row is locked until commit)."""
    row = s.scalar(select(Sequence).where(Sequence.series == series, Sequence.fiscal_year == fiscal_year)
                   .with_for_update())
    if row is None:
        row = Sequence(series=series, fiscal_year=fiscal_year, last=0)
        s.add(row)
    row.last += 1
    s.flush()
    return row.last


def document_number(fiscal_year: int, number: int) -> str:
    """The one way a claim or decision number is written: ``YEAR/NNNNNN`` (digits per language
    where shown)."""
    return f"{fiscal_year}/{number:06d}"


def split_number(text: str) -> tuple[int, int] | None:
    """``YEAR/NUMBER`` as printed (in any digits) read back, or None."""
    from branch_desktop.core.money import DIGITS_TO_ASCII

    try:
        year, seq = (int(p) for p in text.translate(DIGITS_TO_ASCII).strip().split("/"))
    except ValueError:
        return None
    return year, seq


def person(s: Session, person_id: int) -> InsuredPerson:
    row = s.get(InsuredPerson, person_id)
    if row is None:
        raise UnknownPerson("No insured person number {id}.", id=person_id)
    return row


def person_by_national_id(s: Session, national_id: str) -> InsuredPerson:
    row = s.scalar(select(InsuredPerson).where(InsuredPerson.national_id == national_id))
    if row is None:
        raise UnknownPerson("No insured person with the national id {national_id}.", national_id=national_id)
    return row


def fiscal_year(ctx: BranchContext, day: dt.date) -> int:
    return ctx.pack.calendar.fiscal_year(day)

"""What the execution services share: employers by file number, numbering, minor units."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.storage import flushed_cursor
from branch_desktop.execution.driver_reads import employer_of_file
from branch_desktop.execution.models import Sequence
from branch_desktop.revenue.queries import EmployerRef

PARTY = "employer"


def employer(s: Session, file_no: str) -> EmployerRef:
    return employer_of_file(flushed_cursor(s), file_no)


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


def by_number(s: Session, model: Any, number: str, missing: str) -> Any:
    """The notice, order or agreement numbered ``YEAR/NUMBER``; ``missing`` (a msgid) if none."""
    from branch_desktop.execution.exceptions import UnknownDocument

    fy, n = parse_number(number)
    row = s.scalar(select(model).where(model.fiscal_year == fy, model.number == n))
    if row is None:
        raise UnknownDocument(missing, number=number)
    return row


def money(ctx: BranchContext, minor: int) -> Decimal:
    return ctx.pack.currency.from_minor(minor)


def document_number(fiscal_year: int, number: int) -> str:
    """The one way a notice, order or agreement number is written: ``YEAR/NNNNNN``."""
    return f"{fiscal_year}/{number:06d}"


def parse_number(text: str) -> tuple[int, int]:
    from branch_desktop.core.money import DIGITS_TO_ASCII
    from branch_desktop.execution.exceptions import UnknownDocument

    parts = text.strip().translate(DIGITS_TO_ASCII).replace("-", "/").split("/")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise UnknownDocument("'{number}' is not a document number (YEAR/NUMBER).", number=text)
    return int(parts[0]), int(parts[1])

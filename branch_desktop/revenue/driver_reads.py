"""Revenue's read-only queries for other departments, on the driver's statements (``core.driver``):
one piece of code for ``revenue.queries`` (on a session's connection) and the command line's fast
path (on a connection of its own, without SQLAlchemy)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EmployerRef:
    id: int
    file_no: str
    name: str


_WATERMARKS = ("SELECT (SELECT COALESCE(MAX(id), 0) FROM revenue_accruals), "
               "(SELECT COALESCE(MAX(id), 0) FROM revenue_allocations)")
_BY_FILE = "SELECT id, file_no, name FROM revenue_employers WHERE file_no = ?"
_CHUNK = 900


def watermarks(cursor: Any) -> tuple[int, int]:
    """The highest accrual and allocation ids."""
    row = cursor.rows(_WATERMARKS)[0]
    return int(row[0] or 0), int(row[1] or 0)


def employer_by_file(cursor: Any, file_no: str) -> EmployerRef | None:
    rows = cursor.rows(_BY_FILE, (file_no,))
    return EmployerRef(id=int(rows[0][0]), file_no=rows[0][1], name=rows[0][2]) if rows else None


def employers(cursor: Any, ids: Iterable[int]) -> dict[int, EmployerRef]:
    wanted = sorted(set(ids))
    out: dict[int, EmployerRef] = {}
    for i in range(0, len(wanted), _CHUNK):
        part = wanted[i:i + _CHUNK]
        sql = f"SELECT id, file_no, name FROM revenue_employers WHERE id IN ({cursor.marks(len(part))})"
        out.update({int(r[0]): EmployerRef(id=int(r[0]), file_no=r[1], name=r[2]) for r in cursor.rows(sql, part)})
    return out

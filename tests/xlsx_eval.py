"""Evaluate the formulas the workbooks write (openpyxl reads a formula back as its text)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

_SUMIF = re.compile(r"=SUMIF\(\$([A-Z]+)\$(\d+):\$\1\$(\d+),1,([A-Z]+)\2:\4\3\)")


def sumif(ws: Any, formula: str) -> Decimal:
    """The value of the trial balance's ``=SUMIF($I$5:$I$n,1,C5:Cn)`` over the sheet's cells."""
    m = _SUMIF.fullmatch(formula)
    assert m, formula
    flag, first, end, col = m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)
    return sum((Decimal(str(ws[f"{col}{r}"].value or 0)) for r in range(first, end + 1)
                if ws[f"{flag}{r}"].value == 1), Decimal(0))

"""Cell styles for ReportLab tables, one object per distinct look instead of one per cell.

ReportLab's ``Table`` gives every cell its own ``CellStyle`` and applies each style command to
each cell of its range in turn; a table with a few hundred cells and ten commands pays for
thousands of calls, and a batch of letters builds thousands of tables. :func:`cell_styles`
applies the cell-level commands here instead: commands over the whole table go into one base
style, the others (a column's alignment, a bold row) lead to the few looks the table really has,
shared between the cells that have them. The table gets these styles (``cellStyles=``) and only
the commands that are its own (lines, backgrounds, spans).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus.tables import LINECOMMANDS, CellStyle, _setCellStyle

# commands the table keeps for itself; every other command sets an attribute of its cells
TABLE_COMMANDS = frozenset({"BACKGROUND", "ROWBACKGROUNDS", "COLBACKGROUNDS", "SPAN", "NOSPLIT",
                            "ROUNDEDCORNERS", *LINECOMMANDS})


def _apply(style: CellStyle, op: str, values: tuple[Any, ...]) -> None:
    _setCellStyle([[style]], 0, 0, op, values)


def cell_styles(commands: Sequence[tuple[Any, ...]], nrows: int, ncols: int
                ) -> tuple[list[list[CellStyle]], list[tuple[Any, ...]]] | None:
    """``(styles by row and column, the table's own commands)``, or None when a command is one
    this does not resolve (rows named "splitfirst"/"splitlast": the table applies those itself)."""
    base = CellStyle("cell")
    own: list[tuple[Any, ...]] = []
    partial: list[tuple[str, tuple[Any, ...], int, int, int, int]] = []
    for cmd in commands:
        op = cmd[0]
        if op in TABLE_COMMANDS:
            own.append(cmd)
            continue
        (sc, sr), (ec, er), values = cmd[1], cmd[2], tuple(cmd[3:])
        if not all(isinstance(v, int) for v in (sc, sr, ec, er)):
            return None
        try:
            hash(values)
        except TypeError:
            return None
        # ReportLab's normCellRange: negative indices count from the end, then clamped
        sc, ec = max(0, sc + ncols if sc < 0 else sc), min(ncols - 1, ec + ncols if ec < 0 else ec)
        sr, er = max(0, sr + nrows if sr < 0 else sr), min(nrows - 1, er + nrows if er < 0 else er)
        if not partial and (sc, sr, ec, er) == (0, 0, ncols - 1, nrows - 1):
            _apply(base, op, values)
        else:
            partial.append((op, values, sc, ec, sr, er))
    looks = [base]
    steps: dict[tuple[Any, ...], int] = {}
    ids = [[0] * ncols for _ in range(nrows)]
    for op, values, sc, ec, sr, er in partial:
        for i in range(sr, er + 1):
            row = ids[i]
            for j in range(sc, ec + 1):
                key = (row[j], op, values)
                look = steps.get(key)
                if look is None:
                    style = looks[row[j]].copy()
                    _apply(style, op, values)
                    looks.append(style)
                    look = steps[key] = len(looks) - 1
                row[j] = look
    return [[looks[k] for k in row] for row in ids], own

"""Cell styles, row heights and cell drawing for the printing layer's ReportLab tables.

ReportLab's ``Table`` gives every cell its own ``CellStyle`` and applies each style command to
each cell of its range in turn; a table with a few hundred cells and ten commands pays for
thousands of calls, and a batch of letters builds thousands of tables. :func:`cell_styles`
applies the cell-level commands here instead: commands over the whole table go into one base
style, the others (a column's alignment, a bold row) lead to the few looks the table really has,
shared between the cells that have them. The table gets these styles (``cellStyles=``) and only
the commands that are its own (lines, backgrounds, spans).

:func:`row_heights` works out each row's height the way ``Table`` does, for rows of text cells,
``TextBlock`` and ``Spacer`` cells, so the table skips its generic measuring; :class:`GridTable`
draws a ``TextBlock`` cell straight at the place ``Table`` would put it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.platypus import Spacer, Table
from reportlab.platypus.tables import LINECOMMANDS, CellStyle, _setCellStyle

from branch_desktop.printing.text import TextBlock, plain_code

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


def row_heights(data: Sequence[Sequence[Any]], styles: Sequence[Sequence[CellStyle]], widths: Sequence[float]
                ) -> list[float | None]:
    """Each row's height as ``Table._calc_height`` computes it (padding around the tallest cell),
    or None for a row with a cell of another kind (the table measures that row itself)."""
    heights: list[float | None] = []
    for row, looks in zip(data, styles, strict=True):
        height: float | None = 0.0
        for value, s, width in zip(row, looks, widths, strict=True):
            if value is None or isinstance(value, str):
                t = (s.leading or 1.2 * s.fontsize) * len((value or "").split("\n"))
            elif type(value) is TextBlock or type(value) is Spacer:
                t = value.wrap(width - s.leftPadding - s.rightPadding, 72000 - s.topPadding - s.bottomPadding)[1]
            else:
                height = None
                break
            t += s.bottomPadding + s.topPadding
            if t > height:
                height = t
        heights.append(height)
    return heights


class GridTable(Table):
    """``Table`` with a direct path for a cell holding one ``TextBlock``: the same place as
    ``Table._drawCell`` computes, without its generic measuring of cell contents."""

    def _drawCell(self, cellval: Any, cellstyle: CellStyle, pos: tuple[float, float],  # noqa: N802 - ReportLab's
                  size: tuple[float, float]) -> None:
        plain = type(cellval) is str and "\n" not in cellval
        if plain and cellstyle.alignment in ("LEFT", "RIGHT", "CENTRE", "CENTER") and not (
                cellstyle.href or cellstyle.destination or cellstyle.direction or cellstyle.shaping):
            self._draw_plain(cellval, cellstyle, pos, size)
            return
        block = cellval[0] if isinstance(cellval, tuple | list) and len(cellval) == 1 else cellval
        if type(block) is not TextBlock or cellstyle.href or cellstyle.destination:
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        (colpos, rowpos), (colwidth, rowheight) = pos, size
        s = cellstyle
        w, h = block.wrap(colwidth - s.leftPadding - s.rightPadding, rowheight - s.topPadding - s.bottomPadding)
        if s.valign == "TOP":
            y = rowpos + rowheight - s.topPadding
        elif s.valign == "BOTTOM":
            y = rowpos + s.bottomPadding + h
        else:
            y = rowpos + (rowheight + s.bottomPadding - s.topPadding + h) / 2.0
        if s.alignment == "RIGHT":
            x = colpos + colwidth - s.rightPadding - w
        elif s.alignment in ("CENTRE", "CENTER"):
            x = colpos + (colwidth + s.leftPadding - s.rightPadding - w) / 2.0
        else:
            x = colpos + s.leftPadding
        block.drawOn(self.canv, x, y - h)

    def _draw_plain(self, text: str, s: CellStyle, pos: tuple[float, float], size: tuple[float, float]) -> None:
        """A plain string where ``Table._drawCell`` puts it (the font and colour set as it sets
        them), its operators from :func:`plain_code`."""
        canv = self.canv
        cur: CellStyle | None = getattr(self, "_curcellstyle", None)
        if cur is not s:
            if cur is None or s.color != cur.color:
                canv.setFillColor(s.color)
            if cur is None or s.leading != cur.leading or s.fontname != cur.fontname or s.fontsize != cur.fontsize:
                canv.setFont(s.fontname, s.fontsize, s.leading)
            self._curcellstyle = s
        if not text:
            return
        (colpos, rowpos), (colwidth, rowheight) = pos, size
        if s.valign == "BOTTOM":
            y = rowpos + s.bottomPadding + s.leading - s.fontsize
        elif s.valign == "TOP":
            y = rowpos + rowheight - s.topPadding - s.fontsize
        else:
            y = rowpos + (s.bottomPadding + rowheight - s.topPadding + s.leading) / 2.0 - s.fontsize
        code, width = plain_code(canv, text, s.fontname, s.fontsize, s.leading)
        if s.alignment == "LEFT":
            x = colpos + s.leftPadding
        elif s.alignment == "RIGHT":
            x = colpos + colwidth - s.rightPadding - width
        else:
            x = colpos + (colwidth + s.leftPadding - s.rightPadding) * 0.5 - 0.5 * width
        canv._code.append(f"BT 1 0 0 1 {fp_str(x, y)} Tm {code} ET")

"""Building blocks for printed documents: page formats, the branch header, page numbers,
language-aware text and tables, amounts in figures and words.

A document is a pure function from plain data to PDF bytes::

    ctx = PrintContext.create(info, lang)
    _ = ctx.gettext
    story = [ctx.para(_("Some text")), ctx.grid(columns, rows, width=A4_PORTRAIT.frame_width)]
    return build_pdf(ctx, _("Title"), story, page=A4_PORTRAIT)

Everything visible goes through ``ctx.gettext`` (bound to ``_`` so Babel extracts the msgids),
which translates into the document's language without touching the process-wide language, so
a document can be built on a worker thread while the GUI shows another language.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Spacer, Table, TableStyle

from branch_desktop.core.calendar import Calendar, YearMonth
from branch_desktop.core.i18n import (
    format_date,
    is_rtl,
    localise_digits,
    translate_to,
)
from branch_desktop.core.ledger.types import BranchInfo
from branch_desktop.core.money import Currency
from branch_desktop.core.texts import (
    Month,
    StoredText,
    currency_name,
    format_document_number,
    format_param,
)
from branch_desktop.printing import figures
from branch_desktop.printing.amounts import amount_in_words
from branch_desktop.printing.cells import GridTable, cell_styles, row_heights
from branch_desktop.printing.figures import money_formatter
from branch_desktop.printing.fonts import BOLD, REGULAR, register_fonts
from branch_desktop.printing.text import TextBlock, TextStyle, draw_text, has_rtl_letters

GRID_COLOUR = colors.HexColor("#9aa0a6")
HEADER_FILL = colors.HexColor("#e8eaed")
TOTAL_FILL = colors.HexColor("#f1f3f4")
MUTED = colors.HexColor("#5f6368")


# -- pages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageFormat:
    """A paper size with its margins. ``roll`` formats (receipt printers) get the page length
    from their content: one long page, no page numbers."""

    name: str
    width: float
    height: float
    margin: float = 12 * mm
    bottom: float = 12 * mm
    roll: bool = False

    @property
    def size(self) -> tuple[float, float]:
        return self.width, self.height

    @property
    def frame_width(self) -> float:
        return self.width - 2 * self.margin


A4_PORTRAIT = PageFormat("a4", A4[0], A4[1])
A4_LANDSCAPE = PageFormat("a4-landscape", A4[1], A4[0])
A5_PORTRAIT = PageFormat("a5", A5[0], A5[1], margin=10 * mm, bottom=10 * mm)
A5_LANDSCAPE = PageFormat("a5-landscape", A5[1], A5[0], margin=10 * mm, bottom=10 * mm)
ROLL_80MM = PageFormat("roll-80mm", 80 * mm, 200 * mm, margin=4 * mm, bottom=6 * mm, roll=True)

PAGE_FORMATS = {p.name: p for p in (A4_PORTRAIT, A4_LANDSCAPE, A5_PORTRAIT, A5_LANDSCAPE, ROLL_80MM)}


# -- context --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A table cell with more than text: bold, an indent at the start side (tree levels), a
    colour, or its own alignment."""

    text: str
    bold: bool = False
    indent: float = 0.0
    align: str | None = None
    color: Any = None
    size: float | None = None


@dataclass(frozen=True)
class Column:
    """A table column: its heading, its relative width and its alignment. ``align`` is
    "start", "end" or "center" for text; "number" for figures (right-aligned in every
    language, so units line up); "code" for identifiers such as account codes (at the start
    side). Plain strings in "number" and "code" columns are drawn left to right by the table
    itself, with no shaping: the cheap path for the bulk of a long table."""

    title: str
    weight: float = 1.0
    align: str = "start"


@dataclass(frozen=True)
class PrintContext:
    """What every document needs to speak the branch's language: translations, direction,
    calendar, currency, fonts and text styles."""

    info: BranchInfo
    lang: str
    printed_at: dt.datetime
    calendar: Calendar = field(compare=False)
    currency: Currency

    @classmethod
    def create(cls, info: BranchInfo, lang: str, printed_at: dt.datetime | None = None) -> PrintContext:
        register_fonts()
        return cls(
            info=info,
            lang=lang,
            printed_at=printed_at or dt.datetime.now(),
            calendar=Calendar(info.calendar),
            currency=Currency(info.currency_code, info.currency_digits),
        )

    # -- language ---------------------------------------------------------------------------
    @property
    def rtl(self) -> bool:
        return is_rtl(self.lang)

    def gettext(self, message: str) -> str:
        return translate_to(self.lang, message)

    def money(self, minor: int) -> str:
        """An amount in figures: ``۱٬۲۰۰٬۰۰۰`` (fa, IRR), ``1.234,56`` (tr, TRY)."""
        return money_formatter(self.lang, self.currency.minor_digits)(minor)

    def text(self, message: StoredText | None, fallback: str = "") -> str:
        """A stored text (a description kept as a message) in the document's language."""
        if message is None:
            return self.digits(fallback)
        return message.render(self.lang, calendar=self.calendar, currency=self.currency)

    def month(self, ym: YearMonth | None) -> str:
        """A month of the pack's calendar the language's way (``۱۴۰۵/۰۴``, ``1405-04``)."""
        return format_param(Month(ym), self.lang) if ym is not None else ""

    def docno(self, number: str) -> str:
        """A document number (receipt, entry), written the one way of the language."""
        return format_document_number(number, self.lang)

    @property
    def currency_name(self) -> str:
        """The currency's name in the document's language ("ریال", "Türk lirası"), never its code."""
        return currency_name(self.currency.code, self.lang)

    def money_or_blank(self, minor: int) -> str:
        return self.money(minor) if minor else ""

    def words(self, minor: int) -> str:
        """An amount in words with the currency's name, in the document's language."""
        return amount_in_words(minor, self.currency, self.lang)

    def number(self, value: int | Decimal) -> str:
        return figures.number(value, self.lang)

    def date(self, day: dt.date) -> str:
        """A date in the pack's calendar (Jalali for ir_sso), Persian digits in Persian."""
        return format_date(day, self.calendar, self.lang)

    def datetime(self, moment: dt.datetime) -> str:
        return f"{self.date(moment.date())} {self.digits(moment.strftime('%H:%M'))}"

    def digits(self, text: str) -> str:
        """Codes and other figures in the language's digits."""
        return localise_digits(text, self.lang)

    # -- styles -----------------------------------------------------------------------------
    def style(
        self, *, bold: bool = False, size: float = 9.0, align: str = "start", **extra: Any
    ) -> TextStyle:
        return TextStyle(font=BOLD if bold else REGULAR, size=size, align=align, rtl=self.rtl, **extra)

    def para(
        self,
        text: str,
        *,
        bold: bool = False,
        size: float = 9.0,
        align: str = "start",
        space_before: float = 0.0,
        space_after: float = 2.0,
        color: Any = colors.black,
    ) -> TextBlock:
        """A paragraph in the document's direction (start = right for Persian)."""
        return TextBlock(
            text,
            self.style(
                bold=bold,
                size=size,
                align=align,
                space_before=space_before,
                space_after=space_after,
                color=color,
            ),
        )

    def heading(self, text: str, *, size: float = 11.0) -> TextBlock:
        return self.para(text, bold=True, size=size, space_before=4, space_after=3)

    # -- tables -----------------------------------------------------------------------------
    def grid(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str | Cell | Flowable | None]],
        *,
        width: float,
        header: bool = True,
        font_size: float = 8.0,
        bold_rows: Iterable[int] = (),
        shaded_rows: Iterable[int] = (),
        lines: bool = True,
        extra_style: Sequence[tuple[Any, ...]] = (),
        padding: float = 2.5,
    ) -> Table:
        """A table whose columns read in the document's direction.

        ``columns`` and every row are given in logical order (first column first); for a
        right-to-left language the first column is drawn at the right. ``bold_rows`` and
        ``shaded_rows`` index ``rows`` (not counting the header); ``extra_style`` takes
        ReportLab table commands in table coordinates (the header is row 0) with logical
        columns, flipped here as needed; a ``SPAN`` shows the value of its first logical cell.
        The heading row repeats on every page.
        """
        n = len(columns)
        total_weight = sum(c.weight for c in columns) or 1.0
        widths = [width * c.weight / total_weight for c in columns]
        rooms = [w - 2 * padding for w in widths]
        bold = set(bold_rows)
        offset = 1 if header else 0
        cell_style = self.style(size=font_size, leading=font_size * 1.4)
        bold_style = cell_style.but(font=BOLD)
        head_style = bold_style.but(align="center")

        def text_cell(value: str | Cell, column: Column, is_bold: bool, room: float) -> Flowable | str:
            if column.align in ("number", "code") and has_rtl_letters(value.text if isinstance(value, Cell) else value):
                # words in a figures column ("Total", "Late charges 1405/07"): shaped, at the start side
                column = replace(column, align="start")
            if isinstance(value, Cell):
                style = bold_style if (value.bold or is_bold) else cell_style
                changes: dict[str, Any] = {"align": value.align or column.align, "indent": value.indent}
                if column.align in ("number", "code"):  # figures read left to right everywhere
                    start = "right" if (self.rtl or column.align == "number") else "left"
                    changes.update(align=value.align or start, rtl=False, wrap=False)
                if value.color is not None:
                    changes["color"] = value.color
                if value.size is not None:
                    changes["size"] = value.size
                    changes["leading"] = value.size * 1.4
                return TextBlock(value.text, style.but(**changes))
            if column.align in ("number", "code"):
                # A plain left-to-right string, drawn by the table itself (fast); a figure too
                # wide for its column is drawn smaller instead of running into its neighbour.
                font = BOLD if is_bold else REGULAR
                needed = stringWidth(value, font, font_size)
                if needed <= room:
                    return value
                start = "right" if (self.rtl or column.align == "number") else "left"
                style = (bold_style if is_bold else cell_style).but(
                    size=max(font_size * room / needed * 0.97, 4.0), align=start, rtl=False, wrap=False
                )
                return TextBlock(value, style)
            style = bold_style if is_bold else cell_style
            return TextBlock(value, style if column.align == "start" else style.but(align=column.align))

        data: list[list[Any]] = []
        if header:
            data.append([TextBlock(c.title, head_style) for c in columns])
        for r, row in enumerate(rows):
            is_bold = r in bold
            cells: list[Any] = []
            for value, column, room in zip(row, columns, rooms, strict=True):
                if value is None or value == "":
                    cells.append("")
                elif isinstance(value, str | Cell):
                    cells.append(text_cell(value, column, is_bold, room))
                else:
                    cells.append(value)
            data.append(cells)

        def flip(c: int) -> int:
            return n - 1 - (c % n) if self.rtl else c

        commands: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ("FONTSIZE", (0, 0), (-1, -1), font_size),
            ("LEADING", (0, 0), (-1, -1), font_size * 1.4),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), padding * 0.8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), padding * 0.8),
            ("LEFTPADDING", (0, 0), (-1, -1), padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ]
        for c, column in enumerate(columns):
            if column.align == "number" or (column.align == "code" and self.rtl):
                commands.append(("ALIGN", (flip(c), offset), (flip(c), -1), "RIGHT"))
        if lines:
            commands.append(("GRID", (0, 0), (-1, -1), 0.4, GRID_COLOUR))
        if header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL))
        for r in bold:
            commands.append(("FONTNAME", (0, r + offset), (-1, r + offset), BOLD))
        for r in shaded_rows:
            commands.append(("BACKGROUND", (0, r + offset), (-1, r + offset), TOTAL_FILL))
        for cmd in extra_style:
            name, (c0, r0), (c1, r1), *args = cmd
            p0, p1 = flip(c0), flip(c1)
            commands.append((name, (min(p0, p1), r0), (max(p0, p1), r1), *args))

        if self.rtl:
            # A spanned range shows the value of its top-left cell, which is the range's last
            # logical column once the columns are flipped: move the value there.
            for cmd in extra_style:
                if cmd[0] == "SPAN":
                    (c0, r0), (c1, r1) = cmd[1], cmd[2]
                    lo, hi = sorted((c0 % n, c1 % n))
                    top = min(r0 % len(data), r1 % len(data))
                    data[top][lo], data[top][hi] = data[top][hi], data[top][lo]
            data = [row[::-1] for row in data]
            widths = widths[::-1]
        resolved = cell_styles(commands, len(data), n) if data else None
        styles, own = resolved or (None, commands)
        heights = row_heights(data, styles, widths) if styles and not extra_style else None
        return GridTable(
            data,
            colWidths=widths,
            rowHeights=heights,
            style=TableStyle(own),
            cellStyles=styles,
            repeatRows=offset,
            hAlign="CENTER",
            longTableOptimize=1,
        )

    def fields(
        self, pairs: Sequence[tuple[str, str]], *, width: float, per_row: int = 2, size: float = 9.0
    ) -> Table:
        """Label/value pairs laid out in ``per_row`` columns, reading in the document's direction."""
        columns: list[Column] = []
        for _ in range(per_row):
            columns += [Column("", 0.9), Column("", 2.1)]
        rows: list[list[str | Cell | Flowable | None]] = []
        for i in range(0, len(pairs), per_row):
            row: list[str | Cell | Flowable | None] = []
            for label, value in pairs[i : i + per_row]:
                row += [Cell(label, bold=True, size=size), Cell(value, size=size)]
            row += [None] * (2 * per_row - len(row))
            rows.append(row)
        return self.grid(columns, rows, width=width, header=False, lines=False, font_size=size, padding=1.5)

    def signature_boxes(self, labels: Sequence[str], *, width: float, height: float = 22 * mm) -> Table:
        """Boxes side by side for signatures, each captioned ("prepared by", ...)."""
        columns = [Column(label, 1.0, "center") for label in labels]
        blank: list[str | Cell | Flowable | None] = [Spacer(1, height) for _ in labels]
        return self.grid(columns, [blank], width=width, font_size=8.5)


# -- page decoration ------------------------------------------------------------------------


@dataclass(frozen=True)
class Decor:
    """A page's decoration: the branch header with the document's title and subtitle, and the
    footer; documents with their own page templates (payslips) draw it themselves."""

    ctx: PrintContext
    page: PageFormat
    title: str
    subtitle: str

    @property
    def _offsets(self) -> tuple[float, float, float]:
        """Baselines of the title and subtitle and the rule under them, below the top margin."""
        title = 18 + 10 + 6 if self.page.roll else 12 + 13 + 6
        subtitle = title + 11
        rule = (subtitle if self.subtitle else title) + 6
        return title, subtitle, rule

    @property
    def header_height(self) -> float:
        return self._offsets[2] + 6

    def draw_header(self, canv: Canvas, doc: Any) -> None:
        ctx, page = self.ctx, self.page
        _ = ctx.gettext
        left, right = page.margin, page.width - page.margin
        start, end = (right, left) if ctx.rtl else (left, right)
        start_anchor, end_anchor = ("right", "left") if ctx.rtl else ("left", "right")
        top = doc.pagesize[1] - page.margin  # a roll's page is as long as its content
        canv.saveState()
        if page.roll:
            centre = page.width / 2
            draw_text(
                canv, centre, top - 9, ctx.info.organisation, ctx.style(bold=True, size=8), anchor="center"
            )
            draw_text(canv, centre, top - 18, ctx.info.name, ctx.style(size=7.5), anchor="center")
        else:
            draw_text(
                canv,
                start,
                top - 9,
                ctx.info.organisation,
                ctx.style(bold=True, size=10),
                anchor=start_anchor,
            )
            draw_text(canv, start, top - 21, ctx.info.name, ctx.style(size=8.5), anchor=start_anchor)
            printed = _("Printed: {date}").format(date=ctx.datetime(ctx.printed_at))
            draw_text(canv, end, top - 9, printed, ctx.style(size=7.5, color=MUTED), anchor=end_anchor)
            if ctx.info.address:
                draw_text(
                    canv, end, top - 21, ctx.info.address, ctx.style(size=7.5, color=MUTED), anchor=end_anchor
                )
        centre = page.width / 2
        title_y, subtitle_y, rule_y = self._offsets
        title_style = ctx.style(bold=True, size=10 if page.roll else 13)
        draw_text(canv, centre, top - title_y, self.title, title_style, anchor="center")
        if self.subtitle:
            draw_text(canv, centre, top - subtitle_y, self.subtitle, ctx.style(size=8.5), anchor="center")
        canv.setStrokeColor(GRID_COLOUR)
        canv.setLineWidth(0.6)
        canv.line(left, top - rule_y, right, top - rule_y)
        canv.restoreState()

    def draw_footer(self, canv: Canvas, page_no: int, pages: int) -> None:
        ctx, page = self.ctx, self.page
        if page.roll:
            return
        _ = ctx.gettext
        text = _("Page {page} of {pages}").format(page=ctx.digits(str(page_no)), pages=ctx.digits(str(pages)))
        canv.saveState()
        y = page.bottom - 14
        canv.setStrokeColor(GRID_COLOUR)
        canv.setLineWidth(0.4)
        canv.line(page.margin, y + 10, page.width - page.margin, y + 10)
        draw_text(canv, page.width / 2, y, text, ctx.style(size=7.5, color=MUTED), anchor="center")
        start, anchor = (page.width - page.margin, "right") if ctx.rtl else (page.margin, "left")
        draw_text(canv, start, y, self.title, ctx.style(size=7, color=MUTED), anchor=anchor)
        canv.restoreState()


class DocumentStart(Flowable):
    """Put first in each document of a batch (a notice of a batch of notices): its pages are then
    numbered on their own, "page 1 of 2", not across the whole batch. Takes no room."""

    def wrap(self, _available_width: float, _available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._document_starts.add(self.canv.getPageNumber())


def _numbered_canvas(footer: Callable[[Canvas, int, int], None],
                     numbering: Callable[[int], tuple[int, int]] | None = None) -> type[Canvas]:
    """A canvas that keeps its pages until the end, so each can say "page X of Y".
    ``numbering(pages) -> (offset, total)``: this document is a part of a longer one (a batch
    printed by several processes), its first page is ``offset + 1`` of ``total``; unless the story
    marks its documents (:class:`DocumentStart`): then each document's pages are numbered alone."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []
            self._document_starts: set[int] = set()

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            offset = 0
            if numbering is not None:
                offset, total = numbering(total)
            starts = sorted(self._document_starts)
            ends = [s - 1 for s in starts[1:]] + [len(self._saved_pages)]
            for state in self._saved_pages:
                self.__dict__.update(state)
                page_no = self._pageNumber
                if starts and page_no >= starts[0]:  # the page of its document, of that document's pages
                    first, last = max((s, e) for s, e in zip(starts, ends, strict=True) if s <= page_no)
                    footer(self, page_no - first + 1, last - first + 1)
                else:
                    footer(self, page_no + offset, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def _content_height(story: Sequence[Flowable], width: float) -> float:
    height = 0.0
    for f in story:
        _w, h = f.wrap(width, 1e6)
        height += h + f.getSpaceBefore() + f.getSpaceAfter()
    return height


def build_pdf(
    ctx: PrintContext,
    title: str,
    story: Sequence[Flowable],
    *,
    page: PageFormat = A4_PORTRAIT,
    subtitle: str = "",
    subject: str = "",
    progress: Callable[[int], object] | None = None,
    numbering: Callable[[int], tuple[int, int]] | None = None,
) -> bytes:
    """Lay out ``story`` on pages of ``page`` with the branch header and page numbers; PDF bytes.
    ``progress(pages)`` is called as each page is laid out (it may raise to stop the work);
    ``numbering``: see :func:`_numbered_canvas`."""
    register_fonts()
    decor = Decor(ctx, page, title, subtitle)
    width, height = page.size
    top_space = page.margin + decor.header_height
    bottom_space = page.bottom + (0 if page.roll else 8)
    if page.roll:
        height = top_space + _content_height(story, page.frame_width) + bottom_space + 12
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=(width, height),
        leftMargin=page.margin,
        rightMargin=page.margin,
        topMargin=top_space,
        bottomMargin=bottom_space,
        title=title,
        author=ctx.info.organisation,
        subject=subject or ctx.info.name,
        creator="Branch Desktop",
        lang={"fa": "fa-IR", "tr": "tr-TR"}.get(ctx.lang, "en"),
    )
    frame = Frame(
        page.margin,
        bottom_space,
        page.frame_width,
        height - top_space - bottom_space,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decor.draw_header)])
    if progress is not None:
        doc.setProgressCallBack(lambda kind, value: progress(value) if kind == "PAGE" else None)
    doc.build(list(story), canvasmaker=_numbered_canvas(decor.draw_footer, numbering))
    return buf.getvalue()

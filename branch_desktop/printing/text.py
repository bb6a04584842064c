"""Shaped, bidirectional text for ReportLab: measuring, line breaking and drawing.

Every string goes through the same path:

1. ``bidi.visual_runs`` splits a line into directional runs in visual order;
2. each run that holds Arabic-script letters or is right-to-left is shaped by HarfBuzz
   (``uharfbuzz``) with an explicit direction, giving joined letter forms, mark positions,
   ligatures (لا) and mirrored brackets; the result is a ReportLab ``ShapedStr``, which the
   canvas draws glyph by glyph with HarfBuzz's advances and offsets;
3. other runs (Latin, Turkish, digits) are drawn as plain strings.

Shaped glyphs are mapped back to characters through the font's own character map, so the
PDF's text layer holds Unicode presentation forms: text extraction and search work, after
``unicodedata.normalize("NFKC", ...)``, in visual order. The ``calt`` feature is off because
Vazirmatn's contextual alternates have no character of their own and would come out as
private-use characters in extracted text.

``TextBlock`` is the flowable built on this (a small, fast replacement for ``Paragraph``: one
font, no markup); ``draw_text`` draws one line straight on a canvas (headers, footers).
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import uharfbuzz
from reportlab.lib import colors
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from branch_desktop.printing.bidi import visual_runs
from branch_desktop.printing.fonts import REGULAR, register_fonts

FEATURES = {"kern": True, "liga": True, "calt": False}

_hb_lock = threading.Lock()
_hb_fonts: dict[str, Any] = {}


def _is_arabic_script(ch: str) -> bool:
    o = ord(ch)
    return (
        0x0600 <= o <= 0x06FF
        or 0x0750 <= o <= 0x077F
        or 0x08A0 <= o <= 0x08FF
        or 0xFB50 <= o <= 0xFDFF
        or 0xFE70 <= o <= 0xFEFF
    )


def has_rtl_letters(text: str) -> bool:
    """True when ``text`` has right-to-left letters (Persian words, not only Persian digits)."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def _hb_font(font: str) -> Any:
    hbf = _hb_fonts.get(font)
    if hbf is None:
        ttf = pdfmetrics.getFont(font)
        hbf = ttf.hbFont(1000)  # also arms ttf.hbAddPrivate for glyphs without a character
        _hb_fonts[font] = hbf
    return hbf


@lru_cache(maxsize=32768)
def shape_run(text: str, rtl: bool, font: str) -> tuple[str, float]:
    """One directional run -> (string to draw, advance width in thousandths of the font size)."""
    if not rtl and not any(_is_arabic_script(ch) for ch in text):
        return text, pdfmetrics.stringWidth(text, font, 1000)
    with _hb_lock:  # HarfBuzz fonts and ReportLab's private-glyph table are shared state
        ttf = pdfmetrics.getFont(font)
        hbf = _hb_font(font)
        buf = uharfbuzz.Buffer()
        buf.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
        buf.add_str(text)
        buf.guess_segment_properties()
        buf.direction = "rtl" if rtl else "ltr"
        uharfbuzz.shape(hbf, buf, FEATURES)
        face = ttf.face
        chars: list[str] = []
        data: list[ShapeData] = []
        total = 0.0
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
            gid = info.codepoint
            x_advance = ttf.pdfScale(pos.x_advance)
            known = face.glyphToChar.get(gid)
            code = known[0] if known else ttf.hbAddPrivate(hbf.glyph_to_string(gid), gid, x_advance)
            chars.append(chr(code))
            data.append(
                ShapeData(
                    info.cluster,
                    x_advance,
                    ttf.pdfScale(pos.y_advance),
                    ttf.pdfScale(pos.x_offset),
                    ttf.pdfScale(pos.y_offset),
                    face.charWidths.get(code, x_advance),
                )
            )
            total += x_advance
    return ShapedStr("".join(chars), shapeData=data), total


def line_runs(line: str, font: str, rtl: bool) -> list[tuple[str, float]]:
    """The shaped runs of one line, left to right, with widths per 1000 units of font size."""
    merged: list[tuple[str, bool]] = []
    for s, r in visual_runs(line, rtl):
        if merged and not r and not merged[-1][1]:
            # Neighbouring left-to-right runs (digits and separators of different bidi
            # classes) draw the same as one: fewer text operations, whole numbers in the text.
            merged[-1] = (merged[-1][0] + s, False)
        else:
            merged.append((s, r))
    return [shape_run(s, r, font) for s, r in merged]


@lru_cache(maxsize=32768)
def width1000(text: str, font: str, rtl: bool) -> float:
    """The shaped width of ``text`` at size 1000 (cached; scaled by :func:`text_width`)."""
    return sum(w for _s, w in line_runs(text, font, rtl))


def text_width(text: str, font: str, size: float, rtl: bool = False) -> float:
    """Width of one line of text in points, as drawn."""
    register_fonts()
    return width1000(text, font, rtl) * size / 1000.0


# -- styles ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextStyle:
    """How a ``TextBlock`` looks. ``align`` is logical ("start", "end", "center") or absolute
    ("left", "right"); start and end follow ``rtl``. ``indent`` is taken at the start side."""

    font: str = REGULAR
    size: float = 9.0
    leading: float = 0.0  # 0: 1.5 x size
    align: str = "start"
    rtl: bool = False
    color: Any = colors.black
    indent: float = 0.0
    space_before: float = 0.0
    space_after: float = 0.0
    wrap: bool = True  # False: break lines only at newlines (figures, codes)

    @property
    def line_height(self) -> float:
        return self.leading or self.size * 1.5

    @property
    def absolute_align(self) -> str:
        if self.align == "start":
            return "right" if self.rtl else "left"
        if self.align == "end":
            return "left" if self.rtl else "right"
        if self.align in ("centre", "middle"):
            return "center"
        return self.align

    def but(self, **changes: Any) -> TextStyle:
        """This style with ``changes`` (cached: table cells ask for the same few variants)."""
        key = (self, *sorted(changes.items()))
        found = _variants.get(key)
        if found is None:
            found = _variants[key] = replace(self, **changes)
            if len(_variants) > 4096:
                _variants.clear()
        return found


_variants: dict[tuple[Any, ...], TextStyle] = {}


def _break_word(word: str, style: TextStyle, width: float) -> list[str]:
    """Cut a word wider than the line into pieces that fit (codes, hashes, long numbers)."""
    pieces: list[str] = []
    current = ""
    for ch in word:
        if current and text_width(current + ch, style.font, style.size, style.rtl) > width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def break_lines(text: str, style: TextStyle, width: float) -> tuple[str, ...]:
    """Greedy line breaking at spaces, in logical order; explicit newlines are kept."""
    return _break_lines(text, style.font, style.size, style.rtl, style.wrap, width)


@lru_cache(maxsize=16384)
def _break_lines(text: str, font: str, size: float, rtl: bool, wrap: bool, width: float) -> tuple[str, ...]:
    """Cached: a batch breaks the same labels and sentences at the same widths again and again."""
    style = TextStyle(font=font, size=size, rtl=rtl, wrap=wrap)
    lines: list[str] = []
    space = text_width(" ", font, size)
    for para in text.split("\n"):
        if not style.wrap or text_width(para, font, size, rtl) <= width:
            lines.append(para.strip())
            continue
        current: list[str] = []
        used = 0.0
        for word in para.split():
            w = text_width(word, font, size, rtl)
            if current and used + space + w > width:
                lines.append(" ".join(current))
                current, used = [], 0.0
            if not current and w > width:
                *full, word = _break_word(word, style, width)
                lines.extend(full)
                w = text_width(word, font, size, rtl)
            current.append(word)
            used += (space if len(current) > 1 else 0.0) + w
        lines.append(" ".join(current))
    return tuple(lines)


def _baseline_offset(style: TextStyle) -> float:
    """Distance from the top of a line box to the baseline. The baseline sits 0.3 x size below
    the middle of the line, as ReportLab's tables place plain strings, so a ``TextBlock`` and
    a plain figure in the same table row share their baseline."""
    return style.line_height / 2 + 0.3 * style.size


def _line_code(canv: Canvas, line: str, style: TextStyle) -> tuple[str, float]:
    """The PDF operators that draw ``line`` with its left end at the origin, and its width in
    points. Cached per document: the glyph codes of a font subset are the document's own, and a
    batch of letters draws the same labels, headings and figures again and again."""
    cache = _doc_cache(canv)
    key = (line, style.font, style.size, style.rtl, style.color)
    hit = cache.get(key)
    if hit is None:
        runs = line_runs(line, style.font, style.rtl)
        scale = style.size / 1000.0
        t = canv.beginText()
        t.setFont(style.font, style.size)
        t.setFillColor(style.color)
        x = 0.0
        for s, w in runs:
            t.setTextOrigin(x, 0)
            t.textOut(s)
            x += w * scale
        hit = cache[key] = (t.getCode(), x)
    return hit


def _doc_cache(canv: Canvas) -> dict[tuple[Any, ...], tuple[str, float]]:
    """The document's cache of drawn lines, emptied when it grows large (a batch of thousands of
    notices has thousands of names and amounts that are drawn once)."""
    doc: Any = canv._doc
    cache: dict[tuple[Any, ...], tuple[str, float]] | None = getattr(doc, "_branch_line_code", None)
    if cache is None or len(cache) > 20_000:
        cache = doc._branch_line_code = {}
    return cache


def plain_code(canv: Canvas, text: str, font: str, size: float, leading: float) -> tuple[str, float]:
    """The text operators of a plain string (no shaping: figures and codes in a table) as
    ReportLab's ``drawString`` writes them, for a text object of their own, and the width."""
    cache = _doc_cache(canv)
    key = (text, font, size, leading)
    hit = cache.get(key)
    if hit is None:
        ttf: Any = pdfmetrics.getFont(font)
        doc = canv._doc
        head = f"{fp_str(size)} Tf {fp_str(leading)} TL"
        parts = [f"{ttf.getSubsetInternalName(subset, doc)} {head} ({canv._escape(chunk)}) Tj"
                 for subset, chunk in _split(ttf, text, doc)]
        hit = cache[key] = (" ".join(parts), pdfmetrics.stringWidth(text, font, size))
    return hit


def _split(ttf: Any, text: str, doc: Any) -> list[tuple[int, bytes]]:
    """``ttf.splitString(text, doc)``; when every character already has its code in the first
    subset (digits, separators: the bulk of a table), read straight from the font's codes."""
    state = ttf.state.get(doc)
    if state is not None and "\xa0" not in text:
        codes = state.assignments
        try:
            found = [codes[ord(ch)] for ch in text]
        except KeyError:
            found = []
        if found and max(found) < 256:
            return [(0, bytes(found))]
    return ttf.splitString(text, doc)


def draw_line(canv: Canvas, line: str, style: TextStyle, left: float, right: float, baseline: float) -> None:
    """Draw one line between ``left`` and ``right`` (points), aligned as the style says. The
    line's operators come from :func:`_line_code`, placed with a translation in their own
    graphics state (so the fill colour does not leak into what is drawn next)."""
    if not line:
        return
    code, total = _line_code(canv, line, style)
    align = style.absolute_align
    if align == "right":
        x = right - total
    elif align == "center":
        x = (left + right - total) / 2
    else:
        x = left
    canv._code.append(f"q 1 0 0 1 {fp_str(x, baseline)} cm {code} Q")


def draw_text(
    canv: Canvas,
    x: float,
    y: float,
    text: str,
    style: TextStyle,
    *,
    anchor: str | None = None,
) -> float:
    """Draw one line with its baseline at ``y``. ``anchor`` says which end of the text sits at
    ``x`` ("left", "right", "center"; default from the style's alignment). Returns the width."""
    register_fonts()
    width = text_width(text, style.font, style.size, style.rtl)
    anchor = anchor or style.absolute_align
    left = x - width if anchor == "right" else x - width / 2 if anchor == "center" else x
    draw_line(canv, text, style.but(align="left"), left, left + width, y)
    return width


class TextBlock(Flowable):
    """A paragraph of plain text in one font, shaped and ordered for its direction.

    Much cheaper than ``Paragraph`` (no markup parsing, cached shaping and measuring), which
    matters in tables of thousands of rows. Wrapping results are cached per available width.
    """

    def __init__(self, text: str, style: TextStyle) -> None:
        super().__init__()
        register_fonts()
        self.text = text
        self.style = style
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after
        self._lines: tuple[str, ...] = ()
        self._wrapped_for: float | None = None
        self.width = 0.0
        self.height = 0.0

    def __repr__(self) -> str:
        return f"TextBlock({self.text!r})"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._wrapped_for != availWidth:
            usable = max(availWidth - self.style.indent, 1.0)
            self._lines = break_lines(self.text, self.style, usable)
            self._wrapped_for = availWidth
            self.width = availWidth
            self.height = len(self._lines) * self.style.line_height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        fit = int(availHeight // self.style.line_height)
        if fit <= 0 or fit >= len(self._lines):
            return []
        first = TextBlock("\n".join(self._lines[:fit]), self.style.but(space_after=0))
        rest = TextBlock("\n".join(self._lines[fit:]), self.style.but(space_before=0))
        return [first, rest]

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 - ReportLab's name
        """Draw at (x, y) without the save/translate/restore of every flowable: each line is
        placed in its own graphics state already (many thousands of table cells in a batch)."""
        self.canv = canvas
        self._draw_at(self._hAlignAdjust(x, _sW), y)
        del self.canv

    def draw(self) -> None:
        self._draw_at(0.0, 0.0)

    def _draw_at(self, x: float, y: float) -> None:
        style = self.style
        left, right = x, x + self.width
        if style.rtl:
            right -= style.indent
        else:
            left += style.indent
        offset = _baseline_offset(style)
        for i, line in enumerate(self._lines):
            top = y + self.height - i * style.line_height
            draw_line(self.canv, line, style, left, right, top - offset)


def text_block_factory(style: TextStyle) -> Callable[[str], TextBlock]:
    return lambda text: TextBlock(text, style)

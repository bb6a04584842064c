"""Bidi ordering, shaping and line breaking of printed text."""

from __future__ import annotations

import unicodedata

from branch_desktop.printing.bidi import visual_runs, visual_text
from branch_desktop.printing.fonts import BOLD, REGULAR, register_fonts
from branch_desktop.printing.text import TextBlock, TextStyle, line_runs, text_width


def test_persian_line_runs_right_to_left_with_numbers_left_to_right() -> None:
    line = "سند شماره JV-1403-000012 مورخ ۱۴۰۳/۰۱/۱۵"
    runs = visual_runs(line, True)
    # Leftmost on the page is the date (last in reading order), rightmost the first word.
    assert runs[0] == ("۱۴۰۳/۰۱/۱۵", False)
    assert runs[-1][1] is True and runs[-1][0].startswith("سند شماره")
    assert ("JV-1403-000012", False) in runs
    assert visual_text(line, True).endswith("هرامش دنس")


def test_english_line_with_persian_name() -> None:
    runs = visual_runs("Account حساب جاری code", False)
    assert runs == (("Account ", False), ("حساب جاری", True), (" code", False))
    # Digits after Persian letters are Arabic numbers (rule W2): they stay with the Persian.
    runs = visual_runs("Account حساب جاری 1500", False)
    assert runs == (("Account ", False), ("1500", False), ("حساب جاری ", True))


def test_brackets_and_numbers() -> None:
    # Visual order, left to right; HarfBuzz mirrors the brackets of right-to-left runs.
    # The pair follows its content (rule N0), in a Persian line and in an English one alike.
    expected = ((")", True), ("۱۰۰", False), ("جریمه (ماده ", True))
    assert visual_runs("جریمه (ماده ۱۰۰)", True) == expected
    assert visual_runs("جریمه (ماده ۱۰۰)", False) == expected
    assert visual_runs("مبلغ: ۱٬۲۳۴٬۵۶۷ ریال", True) == (
        (" ریال", True),
        ("۱٬۲۳۴٬۵۶۷", False),
        ("مبلغ: ", True),
    )
    assert visual_runs("x (حساب) y", False) == (("x (", False), ("حساب", True), (") y", False))
    assert visual_runs("a (b) c", True) == (("a (b) c", False),)


def test_bidi_marks_steer_and_are_dropped() -> None:
    # The LRM keeps the minus sign on the left of the number, then disappears.
    assert visual_runs("\u200e-۱۲۳ \u200fریال", True) == ((" ریال", True), ("-۱۲۳", False))


def test_shaping_joins_letters_in_visual_order() -> None:
    register_fonts()
    ((shaped, width),) = line_runs("حساب", REGULAR, True)
    forms = [unicodedata.name(ch) for ch in shaped]
    # Drawn left to right: beh first (its final glyph is the font's plain beh), then the
    # joined forms of alef, seen and hah.
    assert forms[0].startswith("ARABIC LETTER BEH")
    assert forms[1:] == [
        "ARABIC LETTER ALEF FINAL FORM",
        "ARABIC LETTER SEEN MEDIAL FORM",
        "ARABIC LETTER HAH INITIAL FORM",
    ]
    assert unicodedata.normalize("NFKC", str(shaped))[::-1] == "حساب"
    assert width > 0


def test_turkish_letters_are_in_the_font() -> None:
    register_fonts()
    from reportlab.pdfbase import pdfmetrics

    for name in (REGULAR, BOLD):
        face = pdfmetrics.getFont(name).face
        for ch in "şğıİçöüŞĞÇÖÜپچژگکی۰۱۲۳۴۵۶۷۸۹٬٫":
            assert ord(ch) in face.charToGlyph, (name, ch)


def test_text_block_wraps_in_reading_order() -> None:
    words = [f"کلمه{i}" for i in range(40)]
    block = TextBlock(" ".join(words), TextStyle(rtl=True, size=10))
    _w, h = block.wrap(200, 1000)
    lines = block._lines
    assert len(lines) > 2
    assert h == len(lines) * block.style.line_height
    assert lines[0].startswith("کلمه0 کلمه1")
    assert " ".join(lines).split() == words
    assert all(text_width(line, REGULAR, 10, True) <= 200 for line in lines)


def test_overlong_word_is_cut() -> None:
    block = TextBlock("x" * 300, TextStyle(size=8))
    block.wrap(100, 1000)
    assert len(block._lines) > 1
    assert "".join(block._lines) == "x" * 300

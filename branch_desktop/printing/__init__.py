"""Printed documents: ReportLab building blocks and the documents built from them.

Documents are pure functions from plain data to PDF bytes, with no Qt; see ``docs/printing.md``.
"""

from branch_desktop.printing.amounts import amount_in_words, number_in_words
from branch_desktop.printing.base import (
    A4_LANDSCAPE,
    A4_PORTRAIT,
    A5_LANDSCAPE,
    A5_PORTRAIT,
    ROLL_80MM,
    Cell,
    Column,
    PageFormat,
    PrintContext,
    build_pdf,
)
from branch_desktop.printing.text import TextBlock, TextStyle, draw_text

__all__ = [
    "A4_LANDSCAPE",
    "A4_PORTRAIT",
    "A5_LANDSCAPE",
    "A5_PORTRAIT",
    "ROLL_80MM",
    "Cell",
    "Column",
    "PageFormat",
    "PrintContext",
    "TextBlock",
    "TextStyle",
    "amount_in_words",
    "build_pdf",
    "draw_text",
    "number_in_words",
]

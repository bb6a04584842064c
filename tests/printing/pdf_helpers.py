"""Reading back a PDF with pypdf: its text and where each string was drawn.

Text extracted from shaped right-to-left text comes back as Unicode presentation forms, in an
order pypdf guesses (it reverses some runs): ``norm`` folds the forms back with NFKC and
``has`` accepts a needle in reading or in reversed order.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pypdf


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u200c", " ")
    return re.sub(r"\s+", " ", text)


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return norm("\n".join(page.extract_text() for page in reader.pages))


def has_exact(text: str, needle: str) -> bool:
    """The whole needle, in reading or in reversed order."""
    needle = norm(needle)
    return needle in text or needle[::-1] in text


def has(text: str, needle: str) -> bool:
    """The needle, or, for text mixing directions (which pypdf reorders in its own way), each
    of its words, in reading or in reversed order."""
    if has_exact(text, needle):
        return True
    words = set(text.split())
    for word in norm(needle).split():
        bare = word.strip("()[]:,.-")
        if bare and not {bare, bare[::-1]} & {w.strip("()[]:,.-") for w in words}:
            return False
    return True


def placed_strings(pdf: bytes, page: int = 0) -> list[tuple[str, float, float]]:
    """Every string drawn on a page with its position on the page."""
    found: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
        if text.strip():
            found.append((norm(text).strip(), cm[4] + tm[4], cm[5] + tm[5]))

    pypdf.PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return found


def x_of(strings: list[tuple[str, float, float]], needle: str) -> float:
    needle = norm(needle)
    for text, x, _y in strings:
        if text in (needle, needle[::-1]):
            return x
    raise AssertionError(f"{needle!r} not drawn; drawn: {[t for t, _x, _y in strings][:60]}")

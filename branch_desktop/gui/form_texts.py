"""The texts of the Qt Designer forms (``ui/**.ui``): which properties are translatable, reading
them out of a form (the catalogue's extraction, ``babel.cfg``) and translating a form's XML before
Qt builds it (``gui/forms.py``). No Qt here: the extraction runs without a display.

A ``<string>`` of a translatable property is a msgid, written in the program's English as in
the Python code; ``notr="true"`` marks one that is not (a placeholder code, a sample).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from typing import IO, Any

TRANSLATABLE = frozenset({"text", "title", "windowTitle", "placeholderText", "toolTip", "statusTip", "whatsThis",
                          "specialValueText"})


def _translatable(tree: ET.Element) -> Iterator[ET.Element]:
    for prop in tree.iter("property"):
        if prop.get("name") not in TRANSLATABLE:
            continue
        string = prop.find("string")
        if string is not None and string.text and string.get("notr") != "true":
            yield string


def form_strings(xml: bytes) -> list[str]:
    """The msgids of a form, in document order."""
    return [s.text or "" for s in _translatable(ET.fromstring(xml))]


def translate_form(xml: bytes, translate: Callable[[str], str]) -> bytes:
    """The form's XML with every translatable string replaced by its translation."""
    tree = ET.fromstring(xml)
    for string in _translatable(tree):
        string.text = translate(string.text or "")
    return ET.tostring(tree, encoding="utf-8", xml_declaration=True)


def extract_ui(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
               options: Any) -> Iterator[tuple[int, None, str, list[str]]]:
    """Babel extraction method for ``.ui`` files (``babel.cfg``: ``[branch_desktop.gui.form_texts.extract_ui: ui/**.ui]``)."""
    for text in form_strings(fileobj.read()):
        yield 0, None, text, []

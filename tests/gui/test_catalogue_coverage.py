"""Every string a user sees on a widget comes from the translation catalogue.

The shell is opened in English (where a shown text *is* its msgid), every page of every
department is visited, and the texts of labels, buttons, tabs, group boxes, menus, actions,
placeholders, table headers and window titles are collected. Each must be a msgid of the Persian
catalogue, or a msgid with its ``{placeholders}`` filled in (e.g. "User: {user} ({role})").
Data (numbers, dates, codes, account and journal names, the branch's name, user names) is not
a string of the program and is left out.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QWidget

from branch_desktop.core.i18n import catalogue
from branch_desktop.core.ledger import queries
from branch_desktop.gui.ui_dump import widget_texts

PLACEHOLDER = re.compile(r"\\\{[^}]*\\\}")
KEY_NUMBER = re.compile(r"^\d+\s\s")  # "1  Bank slip": the key that picks a translated label
NO_LETTERS = re.compile(r"^[\W\d_]*$")
SHORTCUT_SUFFIX = re.compile(r" \((?:Ctrl|Alt|Shift|Meta|F\d+|Esc|Enter|Return|Del|Ins)[^()]*\)$")


def _msgid_patterns() -> tuple[set[str], list[re.Pattern[str]]]:
    cat = catalogue("fa")._catalog  # type: ignore[attr-defined]
    msgids = {_clean(k if isinstance(k, str) else k[0]) for k in cat if k}
    patterns = [
        re.compile("^" + PLACEHOLDER.sub(".+?", re.escape(m)) + "$", re.S) for m in msgids if "{" in m
    ]
    return msgids, patterns


def _clean(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", text)  # <b>Debit</b> -> Debit
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    text = text.split("\t")[0].strip()
    # "Compute (F5)": a translated word and the name of its key (gui.widgets.with_shortcut)
    return SHORTCUT_SUFFIX.sub("", text)


def _texts(widget: QWidget) -> set[str]:
    return {_clean(t) for t in widget_texts(widget) if t}


def test_every_visible_widget_string_is_in_the_catalogue(start_shell) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("admin")
    window = h.window
    texts = _texts(window)
    texts.update(_clean(a.text()) for a in window.menuBar().actions())
    for key in window.page_keys():
        page = window.open_page(key)
        h.wait()
        assert page is not None
        texts |= _texts(window)
    data = {h.ctx.name, h.actor.username, h.actor.full_name, "CSV", "MT940", "camt.053"}  # file formats
    data |= {a.name for a in queries.list_accounts(h.ctx, h.actor)}
    data |= {name for _code, name in queries.list_journals(h.ctx, h.actor)}
    data |= {f"{code} – {name}" for code, name in queries.list_journals(h.ctx, h.actor)}
    msgids, patterns = _msgid_patterns()
    missing = sorted(
        t for t in texts
        if t and t not in data and not NO_LETTERS.match(t) and t not in msgids and KEY_NUMBER.sub("", t) not in msgids
        and not any(p.match(t) for p in patterns)
    )
    assert len(texts) > 60  # the walk really saw the pages
    assert missing == [], f"widget strings missing from the catalogue: {missing}"

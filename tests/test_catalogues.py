"""The translation catalogues are complete and sound (no Qt needed).

(a) every message the extraction finds in ``branch_desktop/`` is in the fa, tr and en catalogues
    (the extraction of tools/update_catalogs.py runs in-process; nothing is written);
(b) every fa and tr entry is translated, not fuzzy, and keeps exactly the ``{placeholders}`` of
    its msgid;
(c) the compiled catalogues really translate (Persian script in fa, Turkish text in tr).

When (a) or (b) fails: run ``python tools/update_catalogs.py`` and translate the new entries
(docs/translations.md).
"""

from __future__ import annotations

import importlib.util
import io
import re
import string
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "update_catalogs.py"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("fa", "tr", "en")
TRANSLATED = ("fa", "tr")
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
LOGIN_FAILED = "The user name or the password is wrong."


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("update_catalogs", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("update_catalogs", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def template() -> Catalog:
    return _load_tool().extract_template(ROOT)


def _read(lang: str) -> Catalog:
    path = TRANSLATIONS / lang / "LC_MESSAGES" / "branch_desktop.po"
    assert path.exists(), f"missing catalogue {path}"
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


@pytest.fixture(scope="module")
def catalogues() -> dict[str, Catalog]:
    return {lang: _read(lang) for lang in LANGUAGES}


def _key(message: Message) -> str | tuple[str, ...]:
    return message.id if isinstance(message.id, str) else tuple(message.id)


def _keys(catalog: Iterable[Message]) -> set[str | tuple[str, ...]]:
    return {_key(m) for m in catalog if m.id}


def placeholders(text: str) -> set[str]:
    """The ``{name}`` / ``{name:spec}`` fields of a template; malformed braces count as a field."""
    try:
        return {
            f"{{{field}{'!' + conv if conv else ''}{':' + spec if spec else ''}}}"
            for _, field, spec, conv in string.Formatter().parse(text)
            if field is not None
        }
    except ValueError as exc:
        return {f"<malformed braces: {exc}>"}


def _label(message: Message) -> str:
    return repr(message.id)


# -- (a) completeness ------------------------------------------------------------------------


def test_extraction_finds_the_keyword_families(template: Catalog) -> None:
    """The keyword list covers _(), N_(), translate_to(), the domain errors and _bad()."""
    ids = _keys(template)
    assert len(ids) > 100
    for msgid in (
        LOGIN_FAILED,  # AuthenticationError
        "A reversal needs a reason.",  # ValidationError in the ledger services
        "the account code is empty.",  # _bad(file, line, "...") in core/packs.py
        "Clerk",  # N_()
        "Trial balance",  # _() and translate_to()
        "the statement has no date.",  # StatementFileError(where, "...")
        "The month {month} has not begun yet.",  # RowError(row, column, "...", params)
        "The worker's name is missing.",  # bad(column, "...") in revenue/rules.py
    ):
        assert msgid in ids, f"the extraction misses {msgid!r}: check KEYWORD_SPECS"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_extracted_message_is_in_the_catalogue(
    template: Catalog, catalogues: dict[str, Catalog], lang: str
) -> None:
    missing = _keys(template) - _keys(catalogues[lang])
    assert not missing, (
        f"{len(missing)} message(s) of the code are not in the {lang} catalogue "
        f"(run tools/update_catalogs.py): " + ", ".join(sorted(map(repr, missing))[:20])
    )


def test_the_update_is_stable(template: Catalog) -> None:
    """Merging a catalogue the tool produced again gives the same bytes (no churn on re-runs)."""
    tool = _load_tool()
    for path, content in tool.build(ROOT).items():
        if path.suffix != ".po":
            continue
        lang = path.parent.parent.name
        again = tool.merge(lang, template, read_po(io.BytesIO(content), locale=lang, domain="branch_desktop"))
        assert tool._render(again) == content, f"re-running the update changes {lang}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_fuzzy_entries(catalogues: dict[str, Catalog], lang: str) -> None:
    catalog = catalogues[lang]
    assert not catalog.fuzzy, f"the {lang} header is marked fuzzy"
    fuzzy = [_label(m) for m in catalog if m.id and m.fuzzy]
    assert not fuzzy, f"fuzzy (hence unused) entries in {lang}: {fuzzy[:20]}"


# -- (b) translations ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_entry_is_translated(catalogues: dict[str, Catalog], lang: str) -> None:
    empty = []
    for m in catalogues[lang]:
        if not m.id:
            continue
        forms = m.string if isinstance(m.string, (list, tuple)) else (m.string,)
        if not forms or not all(f and f.strip() for f in forms):
            empty.append(_label(m))
    assert not empty, f"{len(empty)} untranslated {lang} entries: {empty[:20]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_are_kept(catalogues: dict[str, Catalog], lang: str) -> None:
    wrong = []
    for m in catalogues[lang]:
        if not m.id:
            continue
        if isinstance(m.id, str):
            pairs = [(m.id, m.string)]
        else:
            # Form 0 pairs with the singular msgid, the other forms with the plural one.
            strings = m.string if isinstance(m.string, (list, tuple)) else (m.string,)
            pairs = [(m.id[0] if i == 0 else m.id[1], s) for i, s in enumerate(strings)]
        for source, text in pairs:
            if text and placeholders(source) != placeholders(text):  # empty: see the test above
                wrong.append(f"{source!r} -> {text!r}")
    assert not wrong, f"{lang} translations that change the placeholders:\n" + "\n".join(wrong)


PERCENT_DIRECTIVE = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_percent_directives_are_kept(catalogues: dict[str, Catalog], lang: str) -> None:
    """argparse help texts escape % as %%; a translation must keep them (and add none)."""
    wrong = []
    for m in catalogues[lang]:
        if not m.id or not isinstance(m.id, str) or not m.string:
            continue
        if sorted(PERCENT_DIRECTIVE.findall(m.id)) != sorted(PERCENT_DIRECTIVE.findall(m.string)):
            wrong.append(f"{m.id!r} -> {m.string!r}")
    assert not wrong, f"{lang} translations that change the %-directives:\n" + "\n".join(wrong)


def test_placeholder_check_can_fail() -> None:
    assert placeholders("Line {line}: {reason}") == {"{line}", "{reason}"}
    assert placeholders("{year:04d}-{month:02d}") == {"{year:04d}", "{month:02d}"}
    assert placeholders("ردیف {خط}") != placeholders("Line {line}")
    assert placeholders("broken {line") != placeholders("broken {line}")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_plural_forms_header(catalogues: dict[str, Catalog], lang: str) -> None:
    catalog = catalogues[lang]
    assert catalog.num_plurals in (1, 2)
    for m in catalog:
        if m.id and not isinstance(m.id, str):
            assert len(m.string) == catalog.num_plurals, f"{lang} {m.id!r}: wrong number of forms"


# -- (c) the compiled catalogues -------------------------------------------------------------


def test_persian_catalogue_translates() -> None:
    from branch_desktop.core.i18n import catalogue

    text = catalogue("fa").gettext(LOGIN_FAILED)
    assert text != LOGIN_FAILED
    assert ARABIC_SCRIPT.search(text), f"not Persian: {text!r}"


def test_turkish_catalogue_translates() -> None:
    from branch_desktop.core.i18n import catalogue

    text = catalogue("tr").gettext(LOGIN_FAILED)
    assert text and text != LOGIN_FAILED
    assert not ARABIC_SCRIPT.search(text)
    assert re.search("[a-zçğıöşü]", text, re.IGNORECASE)


def test_english_catalogue_is_the_source(catalogues: dict[str, Catalog]) -> None:
    from branch_desktop.core.i18n import catalogue

    english = catalogue("en")
    for m in catalogues["en"]:
        if m.id and isinstance(m.id, str):
            assert english.gettext(m.id) == m.id


def test_domain_error_renders_in_each_language() -> None:
    from branch_desktop.core.errors import AuthenticationError
    from branch_desktop.core.i18n import translate_to

    err = AuthenticationError(LOGIN_FAILED)
    fa = err.render(lambda s: translate_to("fa", s))
    tr = err.render(lambda s: translate_to("tr", s))
    assert ARABIC_SCRIPT.search(fa)
    assert tr != LOGIN_FAILED and tr != fa

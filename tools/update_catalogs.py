"""Extract the translatable strings of ``branch_desktop/`` and merge them into the catalogues.

Writes ``resources/translations/branch_desktop.pot`` and updates
``resources/translations/<lang>/LC_MESSAGES/branch_desktop.po`` for every language of the app
(created when missing). Existing translations are kept; a string that left the code is kept as
an obsolete ``#~`` entry and comes back with its translation if the string returns. No fuzzy
matching is done, so no guessed translation is ever active. The output is stable: sorted by
msgid, source references without line numbers, fixed creation date, files only rewritten when
their content changes -- running the tool twice gives no diff.

Usage::

    python tools/update_catalogs.py           # update the .pot and the .po files
    python tools/update_catalogs.py --check   # exit 1 if they are out of date (writes nothing)

The extraction is also used in-process by ``tests/test_catalogues.py`` (``extract_template``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po, write_po
from babel.util import pathmatch

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = "branch_desktop"
UI_DIR = "ui"  # Qt Designer forms (babel.cfg maps them to gui/form_texts.py)
MAPPING_FILE = ROOT / "babel.cfg"
TRANSLATIONS = ROOT / "resources" / "translations"
DOMAIN = "branch_desktop"
LANGUAGES = ("fa", "tr", "en")

#: Plural rules written into the catalogues (CLDR: "one" and "other" in both languages; Babel's
#: built-in gettext table would say nplurals=1).
PLURAL_FORMS = {
    "fa": "nplurals=2; plural=(n > 1);",
    "tr": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
}

#: Keyword specs in GNU gettext style (``name:argument``; a bare name means the first argument).
KEYWORD_SPECS = (
    "_",
    "gettext",
    "N_",
    "ngettext:1,2",
    "translate_to:2",
    "t:2",  # accounting/ledger/exports.py: ``t = translate_to``
    "_bad:3",  # core/packs.py: _bad(file, line, "reason ...", **params)
    # Domain errors carry their message template as the first argument (core/errors.py).
    "DomainError",
    "ValidationError",
    "PermissionDenied",
    "NotFound",
    "PeriodClosed",
    "ConflictError",
    "AuthenticationError",
    "PackError",
    "IntegrityError",
    "BenefitInputError",  # insured/exceptions.py
    "CoverageConflict",
    "StaleRecord",
    "SamePreparer",
    "AlreadyDecided",
    "UnknownPerson",
    # revenue/exceptions.py
    "RevenueInputError",
    "EmployerInputError",
    "PaymentInputError",
    "UnknownEmployer",
    "UnknownReceipt",
    "DuplicateEmployerFile",
    "DuplicatePayment",
    "DayClosed",
    "DayAlreadyClosed",
    "DayChangedWhileClosing",
    "ReceiptNotVoidable",
    "ChequeStateError",
    "UnknownClerk",
    "NotOwnReceipt",
    "VoidNeedsAccountant",
    "OtherClerksDay",
    "ChargeInputError",  # execution/exceptions.py
    "ExecutionInputError",
    "UnknownDocument",
    "TooEarly",
    "WrongState",
    "SameOfficer",
    "PersonInputError",
    "TransferRefused",
    "FieldError",
    "WorkInProgress",  # core/locks.py
    # Errors with the template elsewhere than first:
    "StatementFileError:2",  # accounting/banking/importers: StatementFileError(where, "reason", **params)
    "RowError:3",  # revenue: RowError(row, column, "template", params)
    "stored_text",  # core/texts.py: stored_text("template", **params), a description stored as a message
    "bad:2",  # revenue/rules.py: bad(column, "template", **params) (also picks up verify.py's report.bad)
)
KEYWORDS = {**DEFAULT_KEYWORDS, **parse_keywords(KEYWORD_SPECS)}
COMMENT_TAGS = ("Translators:",)

PROJECT = "Branch Desktop"
VERSION = "0.1"
COPYRIGHT = "Branch Desktop"
#: Fixed so that re-running the tool does not touch the headers.
FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
PO_WIDTH = 100
LANGUAGE_NAMES = {"fa": "Persian", "tr": "Turkish", "en": "English"}
HEADER = (
    "# {what} of Branch Desktop.\n"
    "# Generated and merged by tools/update_catalogs.py; translate the msgstr lines only.\n"
    "# See docs/translations.md."
)


def _source_files(root: Path) -> Iterator[tuple[str, Path]]:
    """Every file under ``branch_desktop/`` and ``ui/`` (the Designer forms; nothing skipped but
    byte-code caches), sorted."""
    for base in (root / SOURCE_DIR, root / UI_DIR):
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                path = Path(dirpath) / name
                yield path.relative_to(root).as_posix(), path


def extract_template(root: Path = ROOT) -> Catalog:
    """Extract every message of the code into a template catalogue (nothing is written)."""
    with (root / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh, str(root / "babel.cfg"))
    template = Catalog(
        project=PROJECT,
        version=VERSION,
        copyright_holder=COPYRIGHT,
        charset="utf-8",
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        fuzzy=False,
        header_comment=HEADER.format(what="Translation template"),
        msgid_bugs_address="",
    )
    for rel, path in _source_files(root):
        for pattern, method in method_map:
            if not pathmatch(pattern, rel):
                continue
            with path.open("rb") as fh:
                results = list(
                    extract(
                        method,
                        fh,
                        keywords=KEYWORDS,
                        comment_tags=COMMENT_TAGS,
                        options=options_map.get(pattern) or {},
                        strip_comment_tags=True,
                    )
                )
            for lineno, message, comments, context in results:
                template.add(message, None, [(rel, lineno)], auto_comments=comments, context=context)
            break
    return template


def _po_path(lang: str, translations: Path = TRANSLATIONS) -> Path:
    return translations / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _render(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(
        buf,
        catalog,
        width=PO_WIDTH,
        sort_output=True,
        include_lineno=False,
        ignore_obsolete=False,
    )
    return buf.getvalue()


def _new_catalogue(lang: str) -> Catalog:
    catalog = Catalog(
        locale=lang,
        domain=DOMAIN,
        project=PROJECT,
        version=VERSION,
        copyright_holder=COPYRIGHT,
        charset="utf-8",
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        fuzzy=False,
    )
    return catalog


def merge(lang: str, template: Catalog, existing: Catalog | None) -> Catalog:
    """The catalogue of ``lang`` updated to ``template``, keeping every existing translation."""
    catalog = existing if existing is not None else _new_catalogue(lang)
    # Bring obsolete entries back so that a string that returns to the code gets its old
    # translation; whatever is still unused becomes obsolete again in update().
    for key, message in list(catalog.obsolete.items()):
        if message.id not in catalog:
            catalog[message.id] = message
        del catalog.obsolete[key]
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=True)
    catalog.fuzzy = False
    catalog.mime_headers = [("Plural-Forms", PLURAL_FORMS[lang])]
    catalog.header_comment = HEADER.format(what=f"{LANGUAGE_NAMES[lang]} translations")
    catalog.language_team = LANGUAGE_NAMES[lang]
    catalog.last_translator = "Branch Desktop team"
    catalog.revision_date = FIXED_DATE
    catalog.msgid_bugs_address = ""
    return catalog


def build(root: Path = ROOT) -> dict[Path, bytes]:
    """The wanted content of the template and of every catalogue (nothing is written)."""
    translations = root / "resources" / "translations"
    template = extract_template(root)
    outputs = {translations / f"{DOMAIN}.pot": _render(template)}
    for lang in LANGUAGES:
        path = _po_path(lang, translations)
        existing = None
        if path.exists():
            with path.open("rb") as fh:
                existing = read_po(fh, locale=lang, domain=DOMAIN)
        outputs[path] = _render(merge(lang, template, existing))
    return outputs


def _report(path: Path, content: bytes) -> str:
    with io.BytesIO(content) as fh:
        cat = read_po(fh)
    live = [m for m in cat if m.id]
    if not cat.locale:
        return f"{len(live)} messages"
    untranslated = sum(1 for m in live if not (all(m.string) if m.pluralizable else m.string))
    fuzzy = sum(1 for m in live if m.fuzzy)
    return f"{len(live)} messages, {untranslated} untranslated, {fuzzy} fuzzy, {len(cat.obsolete)} obsolete"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if out of date")
    args = parser.parse_args(argv)
    stale = []
    for path, content in build().items():
        current = path.read_bytes() if path.exists() else None
        rel = path.relative_to(ROOT).as_posix()
        changed = current != content
        if changed:
            stale.append(rel)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
        state = ("out of date" if args.check else "updated") if changed else "unchanged"
        print(f"{rel}: {state} ({_report(path, content)})")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())

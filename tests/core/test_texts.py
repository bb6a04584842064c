"""Stored texts (core/texts.py, record_texts): descriptions rendered in the reader's language,
document numbers written one way, and the migration that recognises what the code wrote before."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from types import ModuleType

from sqlalchemy import delete, func, select

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.errors import ConflictError
from branch_desktop.core.i18n import set_language
from branch_desktop.core.ledger import queries
from branch_desktop.core.ledger.services import post_entry, reverse
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.core.ledger.verify import verify_books
from branch_desktop.core.models import RecordText
from branch_desktop.core.texts import (
    DocumentNumber,
    Month,
    Msg,
    Num,
    format_document_number,
    join_list,
    parse_document_number,
    receipt_number,
    render_text,
    stored_text,
)
from branch_desktop.revenue import services as revenue
from branch_desktop.revenue.types import Method, PaymentInput
from tests.conftest import Branch
from tests.revenue.helpers import make_employer
from tests.revisions import load_revision

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
LATIN_DIGIT = re.compile(r"[0-9]")


def test_a_document_number_is_written_one_way_per_language_and_read_back_in_any() -> None:
    doc = receipt_number(1405, 1350)
    assert format_document_number(doc, "en") == "1405-001350"
    assert format_document_number(doc, "tr") == "1405-001350"
    assert format_document_number(doc, "fa") == "۱۴۰۵/۰۰۱۳۵۰"
    # whatever form it was handed in, the same text comes out
    assert format_document_number("1405-001350", "fa") == format_document_number(doc, "fa")
    for typed in ("1405-001350", "۱۴۰۵/۰۰۱۳۵۰", "۱۴۰۵-۰۰۱۳۵۰", " 1405/1350 "):
        assert parse_document_number(typed) == doc
    entry = DocumentNumber("entry", 1405, 12, "REV")
    assert format_document_number(entry, "tr") == "REV-1405-000012"
    assert format_document_number(entry, "fa") == "REV ۱۴۰۵/۰۰۰۰۱۲"
    assert parse_document_number("REV-1405-000012", "entry") == entry


def test_parameters_are_written_the_languages_way() -> None:
    text = stored_text("Receipt {number}: {method} {reference}, file {file_no}", number=receipt_number(1405, 7),
                       method=Msg("Bank slip"), reference="88990012", file_no="1234567")
    fa = text.render("fa")
    assert "فیش بانکی" in fa and "۱۴۰۵/۰۰۰۰۰۷" in fa and "۱۲۳۴۵۶۷" in fa and "۸۸۹۹۰۰۱۲" in fa
    assert not LATIN_DIGIT.search(fa)
    assert "Banka dekontu" in text.render("tr")
    assert text.english() == "Receipt 1405-000007: Bank slip 88990012, file 1234567"
    # a code with Latin letters is shown exactly as stored
    assert "TRF0012" in stored_text("Cheque {cheque} bounced", cheque="TRF0012").render("fa")
    # stored as JSON and rendered back the same
    assert render_text(text.msgid, text.encode_params(), "fa") == fa
    assert render_text(None, None, "fa", fallback="typed by hand") == "typed by hand"
    assert render_text("Premium {month}", {"month": Month(YearMonth(1405, 4))}, "fa") == "حق بیمه ۱۴۰۵/۰۴"
    assert render_text("{kind} {month}", {"kind": Msg("Monthly payroll"), "month": Num(3)}, "tr") == "Aylık bordro 3"
    assert join_list(["a", "b"], "fa") == "a، b" and join_list(["a", "b"], "tr") == "a, b"


def test_errors_write_numbers_and_words_the_languages_way() -> None:
    err = ConflictError("Receipt {number} is already voided.", number=receipt_number(1405, 1350))
    set_language("fa")
    try:
        assert "۱۴۰۵/۰۰۱۳۵۰" in str(err) and "1405" not in str(err)
    finally:
        set_language("en")
    assert str(err) == "Receipt 1405-001350 is already voided."


def _pay(b: Branch, employer_id: int, amount: int, ref: str) -> None:
    revenue.take_payment(b.ctx, b.clerk, PaymentInput(employer_id=employer_id, amount=amount, method=Method.SLIP,
                                                      reference=ref, bank="Melli"))


def test_a_receipts_entry_is_shown_in_the_readers_language(make_branch: Callable[[str], Branch]) -> None:
    b = make_branch("ir_sso")
    emp = make_employer(b)
    _pay(b, emp.id, 5_000_000, "S-77")
    ids = queries.journal_line_ids(b.ctx, b.admin, queries.JournalFilter())
    rows = queries.journal_rows(b.ctx, b.admin, ids)
    assert rows and all(r.description.startswith("Receipt ") for r in rows)
    set_language("fa")
    try:
        rows = queries.journal_rows(b.ctx, b.admin, ids)
        for r in rows:
            words = [w for w in LATIN_WORD.findall(r.description) if w != "S"]
            assert not words, r.description
            assert "رسید" in r.description and "فیش بانکی" in r.description
        # the text search still finds the file number kept in the parameters
        found = queries.journal_line_ids(b.ctx, b.admin, queries.JournalFilter(text=emp.file_no))
        assert set(found) == set(ids)
    finally:
        set_language("en")
    assert verify_books(b.ctx).ok


def _migration() -> ModuleType:
    return load_revision("texts_r1_record_texts.py")


def test_the_migration_recognises_what_the_code_wrote_before(make_branch: Callable[[str], Branch]) -> None:
    b = make_branch("ir_sso")
    acc = b.ctx.pack.account_code
    day = dt.date(2026, 11, 20)
    old = [
        "Premium 1405-08 file 1234567",
        "Receipt 1405-000012: slip S-9, file 1234567",
        "Cheque 556677 cleared, file 1234567",
        "Bounced cheque charge, cheque 556677, file 1234567",
        "Monthly payroll 1405-08",
        "Office rent for Aban",  # typed by someone: no template, keeps its text
    ]
    ids = [post_entry(b.ctx, b.admin, EntryInput(
        b.ctx.pack.journal_code("revenue"), day, text,
        (LineInput(acc("revenue_bank"), debit=1000), LineInput(acc("premiums_receivable"), credit=1000)))).id
        for text in old]
    rev = reverse(b.ctx, b.admin, ids[0], "wrong month", on=day)
    with b.ctx.db.write() as s:  # as before the side table existed
        s.execute(delete(RecordText))
    with b.ctx.db.engine.begin() as conn:
        recognised = _migration().backfill(conn)
    assert recognised == len(old) - 1 + 1  # all but the typed one, and the reversal
    with b.ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(RecordText)) == recognised
    set_language("fa")
    try:
        rows = queries.journal_rows(b.ctx, b.admin, queries.journal_line_ids(b.ctx, b.admin, queries.JournalFilter()))
        by_entry = {r.entry_id: r.description for r in rows}
    finally:
        set_language("en")
    assert by_entry[ids[0]] == "حق بیمه ۱۴۰۵/۰۸، پرونده ۱۲۳۴۵۶۷"
    assert "فیش بانکی" in by_entry[ids[1]] and "۱۴۰۵/۰۰۰۰۱۲" in by_entry[ids[1]]
    assert "حقوق ماهانه" in by_entry[ids[4]]
    assert by_entry[ids[5]] == "Office rent for Aban"
    assert "wrong month" in by_entry[rev.id] and "Reversal" not in by_entry[rev.id]
    assert verify_books(b.ctx).ok  # the posted entries themselves are untouched


def test_a_message_is_laid_out_by_the_languages_direction_whatever_its_first_word() -> None:
    from branch_desktop.core.texts import RLM, directed

    assert directed("IBAN IR12 نامعتبر است", "fa").startswith(RLM)
    assert directed("IBAN TR12 geçersiz", "tr") == "IBAN TR12 geçersiz"
    assert directed(directed("x", "fa"), "fa") == RLM + "x"  # marked once


def test_a_declaration_row_error_writes_its_row_in_the_languages_digits() -> None:
    from branch_desktop.revenue.rules import RowError

    err = RowError(12, "wage", "The wage must be more than zero.")
    set_language("fa")
    try:
        text = str(err)
    finally:
        set_language("en")
    assert "۱۲" in text and not LATIN_DIGIT.search(text) and not LATIN_WORD.search(text)
    assert str(err).startswith("Row 12")

"""The trial balance and the journal voucher, built in Persian, Turkish and English, read back
with pypdf.

Text extracted from shaped right-to-left text comes back as Unicode presentation forms, in an
order pypdf guesses (it reverses some runs): ``norm`` folds the forms back with NFKC and
``has`` accepts a needle in reading or in reversed order.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io

import pypdf
import pytest
from reportlab.lib.units import mm

from branch_desktop.accounting.ledger.documents import (
    INDENT_PER_LEVEL,
    journal_voucher_pdf,
    trial_balance_pdf,
)
from branch_desktop.accounting.ledger.samples import IR_BRANCH, TR_BRANCH, sample_entry, sample_trial_balance
from branch_desktop.core import i18n
from branch_desktop.core.ledger.types import TRIAL_BALANCE_HEADINGS, BranchInfo, TrialBalance
from branch_desktop.printing import base
from branch_desktop.printing.base import A5_PORTRAIT, ROLL_80MM, PrintContext, build_pdf
from branch_desktop.printing.fonts import BOLD, REGULAR
from branch_desktop.printing.text import TextBlock, text_width
from tests.printing.pdf_helpers import has, has_exact, norm, pdf_text, placed_strings, x_of

PRINTED = dt.datetime(2024, 10, 20, 9, 30)

# (language, pack, branch)
CASES = [
    ("fa", "ir_sso", IR_BRANCH),
    ("tr", "tr_sgk", TR_BRANCH),
    ("en", "ir_sso", IR_BRANCH),
    ("en", "tr_sgk", TR_BRANCH),
]


@pytest.mark.parametrize(("lang", "pack", "info"), CASES)
def test_trial_balance_contents(lang: str, pack: str, info: BranchInfo) -> None:
    tb = sample_trial_balance(pack)
    pdf = trial_balance_pdf(tb, info, lang, printed_at=PRINTED)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    ctx = PrintContext.create(info, lang, PRINTED)

    assert has(text, info.organisation)
    assert has(text, ctx.gettext("Trial balance"))
    for row in tb.rows:
        assert has(text, row.name), row.name
    for heading in TRIAL_BALANCE_HEADINGS:
        assert has(text, ctx.gettext(heading)), heading
    for row in tb.rows[:6]:
        for value in row.columns():
            if value:
                assert has(text, ctx.money(value)), (row.code, ctx.money(value))
    # A balance is never printed signed: debit and credit balances have their own columns.
    assert any(row.balance < 0 for row in tb.rows)
    assert not has_exact(text, ctx.money(-next(row.credit_balance for row in tb.rows if row.credit_balance)))
    totals = tb.totals()
    assert totals[0] == totals[1] and totals[2] == totals[3] and totals[4] == totals[5]
    for value in totals:
        assert has(text, ctx.money(value))
    assert has(text, ctx.gettext("Page {page} of {pages}").format(page=ctx.digits("1"), pages=ctx.digits("1")))
    if lang == "fa":
        assert has(text, "۱۴۰۳/۰۷/۰۱")  # the period's first day, Jalali, Persian digits
        assert has(text, "۱٬۲۳۰٬۰۰۰٬۰۰۰")
    if pack == "tr_sgk" and lang == "tr":
        assert has(text, "İşverenlerden prim alacakları")
        assert has_exact(text, "22.000.000,00")  # 1301 period debit: dot groups, comma decimals
        assert has(text, "01.10.2024")  # the period's first day, as Turkish users write it


def test_persian_text_is_shaped() -> None:
    pdf = trial_balance_pdf(sample_trial_balance("ir_sso"), IR_BRANCH, "fa", printed_at=PRINTED)
    raw = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    forms = [ch for ch in raw if 0xFB50 <= ord(ch) <= 0xFEFF]
    # Joined letters are drawn with contextual glyphs, which map to presentation forms.
    assert len(forms) > 100
    assert not [ch for ch in raw if 0xE000 <= ord(ch) <= 0xF8FF], "glyphs without characters"


@pytest.mark.parametrize(("lang", "rtl"), [("fa", True), ("en", False)])
def test_trial_balance_columns_follow_reading_direction(lang: str, rtl: bool) -> None:
    tb = sample_trial_balance("ir_sso")
    pdf = trial_balance_pdf(tb, IR_BRANCH, lang, printed_at=PRINTED)
    ctx = PrintContext.create(IR_BRANCH, lang, PRINTED)
    strings = placed_strings(pdf)
    row = next(r for r in tb.rows if r.code == "1101")
    code_x = x_of(strings, ctx.digits(row.code))
    name_x = x_of(strings, row.name)
    assert row.opening_debit and row.debit_balance
    opening_x = x_of(strings, ctx.money(row.opening_debit))
    balance_x = x_of(strings, ctx.money(row.debit_balance))
    if rtl:
        assert code_x > name_x > opening_x > balance_x
    else:
        assert code_x < name_x < opening_x < balance_x


@pytest.mark.parametrize(("lang", "info"), [("fa", IR_BRANCH), ("en", TR_BRANCH)])
def test_children_are_indented_at_the_start_side(lang: str, info: BranchInfo) -> None:
    tb = sample_trial_balance(info.pack_code)
    pdf = trial_balance_pdf(tb, info, lang, printed_at=PRINTED)
    strings = placed_strings(pdf)
    rtl = lang == "fa"

    def start_edge(code: str) -> float:
        row = next(r for r in tb.rows if r.code == code)
        x = x_of(strings, row.name)
        if not rtl:
            return x
        font = REGULAR if row.is_postable else BOLD
        return x + text_width(row.name, font, 7.5, True)  # right-aligned: the right edge

    levels = {"1": 0, "11": 1, "1101": 2}
    edges = {code: start_edge(code) for code in levels}
    for code, level in levels.items():
        shift = abs(edges[code] - edges["1"])
        assert shift == pytest.approx(level * INDENT_PER_LEVEL, abs=0.3), (code, shift)
    assert (edges["1101"] < edges["1"]) == rtl


@pytest.mark.parametrize(("lang", "pack", "info"), CASES)
def test_journal_voucher_contents(lang: str, pack: str, info: BranchInfo) -> None:
    entry = sample_entry(pack)
    pdf = journal_voucher_pdf(entry, info, lang, printed_at=PRINTED)
    text = pdf_text(pdf)
    ctx = PrintContext.create(info, lang, PRINTED)

    assert has(text, entry.display_number)
    assert has(text, entry.reference)
    assert has(text, entry.description)
    for line in entry.lines:
        assert has(text, line.account_name)
        assert has(text, line.memo)
        assert has(text, ctx.money(line.debit or line.credit))
    assert has(text, ctx.money(entry.total))
    assert has_exact(text, ctx.words(entry.total))
    assert has(text, ctx.date(entry.entry_date))
    assert entry.posted_by and has(text, entry.posted_by)
    assert has(text, entry.created_by)
    for label in ("Prepared by", "Checked by", "Approved by"):
        assert has(text, ctx.gettext(label))
    assert entry.hash and entry.hash in text
    assert "reverses" not in text


def test_voucher_amount_in_words_exact() -> None:
    pdf = journal_voucher_pdf(sample_entry("ir_sso"), IR_BRANCH, "fa", printed_at=PRINTED)
    assert has_exact(pdf_text(pdf), "صد و بیست و نه میلیون ریال")
    pdf = journal_voucher_pdf(sample_entry("tr_sgk"), TR_BRANCH, "tr", printed_at=PRINTED)
    assert has_exact(pdf_text(pdf), "kırk dokuz bin dört yüz Türk lirası yetmiş beş kuruş")


@pytest.mark.parametrize(("lang", "pack", "info"), CASES)
def test_reversal_voucher_names_the_reversed_entry(lang: str, pack: str, info: BranchInfo) -> None:
    original = sample_entry(pack)
    reversal = sample_entry(pack, reversal=True)
    pdf = journal_voucher_pdf(
        reversal, info, lang, reversed_number=original.display_number, printed_at=PRINTED
    )
    text = pdf_text(pdf)
    ctx = PrintContext.create(info, lang, PRINTED)
    assert has(text, ctx.gettext("Reversal voucher"))
    sentence = ctx.gettext("This entry reverses {entry}.").format(entry=original.display_number).rstrip(".")
    # pypdf reads a right-to-left line with a left-to-right number inside out of order: check the parts.
    assert all(has(text, part) for part in ([sentence] if lang != "fa" else sentence.split(original.display_number)[0].split()))
    assert has(text, original.display_number)
    assert has(text, reversal.reversal_reason)
    # Without the number, the id stands in.
    text = pdf_text(journal_voucher_pdf(reversal, info, lang, printed_at=PRINTED))
    assert has(text, ctx.gettext("entry #{id}").format(id=ctx.digits("42"))) or (
        lang == "fa" and has(text, ctx.digits("42")))


def test_documents_translate_without_changing_the_current_language(monkeypatch: pytest.MonkeyPatch) -> None:
    class Persian(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return {"Trial balance": "تراز آزمایشی", "Page {page} of {pages}": "صفحه {page} از {pages}"}.get(
                message, message
            )

    monkeypatch.setitem(i18n._catalogues, "fa", Persian())
    i18n.set_language("tr")
    pdf = trial_balance_pdf(sample_trial_balance("ir_sso"), IR_BRANCH, "fa", printed_at=PRINTED)
    assert i18n.current_language() == "tr"
    text = pdf_text(pdf)
    assert has(text, "تراز آزمایشی")
    assert has(text, "صفحه") and not has(text, "Trial balance")


def test_long_trial_balance_repeats_its_heading_on_every_page() -> None:
    tb = sample_trial_balance("ir_sso", extra_rows=1500)
    assert len(tb.rows) >= 1500
    for lang, info in (("fa", IR_BRANCH), ("tr", TR_BRANCH)):
        big = TrialBalance(tb.period, tb.start, tb.end, info.currency_code, tb.rows)
        pdf = trial_balance_pdf(big, info, lang, printed_at=PRINTED)
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        pages = len(reader.pages)
        assert pages > 20
        ctx = PrintContext.create(info, lang, PRINTED)
        for number in (1, pages // 2, pages):
            page_text = norm(reader.pages[number - 1].extract_text())
            assert has(page_text, ctx.gettext("Opening debit"))
            assert has(page_text, ctx.gettext("Credit balance"))
            assert has(page_text, ctx.gettext("Page {page} of {pages}").format(
                page=ctx.digits(str(number)), pages=ctx.digits(str(pages))))
        last = norm(reader.pages[-1].extract_text())
        assert has(last, ctx.gettext("Total")) and has(last, ctx.money(big.totals()[4]))


def test_page_formats() -> None:
    ctx = PrintContext.create(TR_BRANCH, "tr", PRINTED)
    story = [ctx.para("Tahsilat makbuzu: şğıİçöü"), ctx.para(ctx.words(123_456))]
    a5 = pypdf.PdfReader(io.BytesIO(build_pdf(ctx, "Makbuz", story, page=A5_PORTRAIT))).pages[0]
    assert round(float(a5.mediabox.width)) == round(A5_PORTRAIT.width)
    roll_pdf = build_pdf(
        ctx, "Makbuz", [ctx.para("Tahsilat makbuzu"), ctx.para(ctx.words(123_456))], page=ROLL_80MM
    )
    reader = pypdf.PdfReader(io.BytesIO(roll_pdf))
    assert len(reader.pages) == 1
    assert round(float(reader.pages[0].mediabox.width)) == round(80 * mm)
    assert float(reader.pages[0].mediabox.height) < 120 * mm  # as long as its content
    roll_text = pdf_text(roll_pdf)
    assert has_exact(roll_text, "bin iki yüz otuz dört Türk lirası elli altı kuruş")
    assert has_exact(roll_text, TR_BRANCH.organisation) and has_exact(roll_text, "Makbuz")
    # The header sits at the top of the (content-long) page, not somewhere off it.
    top = max(y for _t, _x, y in placed_strings(roll_pdf))
    assert float(reader.pages[0].mediabox.height) - 25 * mm < top < float(reader.pages[0].mediabox.height)


def test_grid_flips_columns_and_spans_for_rtl() -> None:
    for lang, info in (("fa", IR_BRANCH), ("en", TR_BRANCH)):
        ctx = PrintContext.create(info, lang, PRINTED)
        columns = [base.Column("A", 1), base.Column("B", 1), base.Column("C", 1, "number")]
        table = ctx.grid(
            columns,
            [["first", "second", "1"], [base.Cell("total"), None, "2"]],
            width=300,
            extra_style=[("SPAN", (0, 2), (1, 2))],
        )
        values = table._cellvalues  # physical order, header first
        texts = [[getattr(v, "text", v) for v in row] for row in values]
        if lang == "fa":
            assert texts[0] == ["C", "B", "A"]
            assert texts[1] == ["1", "second", "first"]
            # The span covers logical columns 0-1, physical 1-2: its value sits in physical 1.
            assert texts[2] == ["2", "total", ""]
        else:
            assert texts[0] == ["A", "B", "C"]
            assert texts[2][0] == "total"


def test_figures_too_wide_for_their_column_are_drawn_smaller() -> None:
    ctx = PrintContext.create(IR_BRANCH, "fa", PRINTED)
    columns = [base.Column("A", 3), base.Column("B", 1, "number")]
    huge = ctx.money(987_654_321_987_654_321)
    table = ctx.grid(columns, [["x", huge], ["y", ctx.money(5)]], width=240)
    fitted = table._cellvalues[1][0]  # right-to-left: the figure column is drawn first
    assert isinstance(fitted, TextBlock) and fitted.text == huge
    assert 4.0 < fitted.style.size < 8.0 and not fitted.style.rtl
    assert fitted.wrap(60 - 5, 100)[1] == fitted.style.line_height  # one line
    assert table._cellvalues[2][0] == ctx.money(5)  # plain strings where they fit
    pdf = build_pdf(ctx, "t", [table])
    assert has_exact(pdf_text(pdf), huge)

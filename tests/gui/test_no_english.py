"""No English on Persian and Turkish screens and documents (issue 10, item 4).

Every page of the demo branch is opened in the shell (``gui.ui_dump.walk_pages``) and every
document is generated and its text extracted (pypdf). A word of English is a failure unless it
is a code: account, journal and file numbers, references such as ``TRF1234`` or ``RCPT-...``,
IBANs, ISO codes, keys (``Ctrl+K``), file formats. In Persian, a Latin digit outside such a code
is a failure too (every figure is written in Persian digits).

English words are recognised as the words of the catalogue's msgids (the program's English)
that the Turkish translations do not use themselves.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader

from branch_desktop.core.branch import BranchContext, open_branch
from branch_desktop.core.i18n import catalogue
from branch_desktop.core.security import Actor, login
from branch_desktop.core.storage import Database
from branch_desktop.demo import build_demo, demo_password
from tests.qt_fixtures import DEMO_SIZE

WORD = re.compile(r"[^\W\d_]+")  # a run of letters of any script ("Mayıs" is one Turkish word)
LATIN = re.compile(r"[A-Za-z]")
# a code: letters with digits, dotted or dashed identifiers, short upper-case codes
CODE_TOKEN = re.compile(
    r"^(?:[A-Z]{2}\d[\dA-Z ]*|[A-Za-z]*\d[\w./-]*|[A-Z][A-Z0-9_]{0,7}(?:-[\w./-]+)?|camt\.053|Ctrl|Alt|Shift|Esc|Enter"
    r"|Del|Tab|PgUp|PgDown|Home|End|F\d{1,2}|csv|xlsx|pdf|json|txt)$"
)
TOKEN = re.compile(r"[A-Za-z0-9][\w./+-]*")  # starts with a Latin letter or digit


@cache
def _english_words() -> frozenset[str]:
    """Words of the program's English that Turkish does not use."""
    cat = catalogue("tr")._catalog  # type: ignore[attr-defined]
    english: set[str] = set()
    turkish: set[str] = set()
    for key, value in cat.items():
        msgid = key if isinstance(key, str) else key[0]
        english |= {w.lower() for w in WORD.findall(re.sub(r"\{[^}]*\}", " ", msgid))}
        turkish |= {w.lower() for w in WORD.findall(re.sub(r"\{[^}]*\}", " ", value))}
    return frozenset(w for w in english - turkish if len(w) > 2)


def english_in(text: str, lang: str, data: frozenset[str] = frozenset()) -> list[str]:
    """The English words (and in Persian the stray Latin words and digits) of a text."""
    bad: list[str] = []
    for token in TOKEN.findall(text):
        if token in data:
            continue
        if lang == "fa" and not LATIN.search(token):  # a figure in Latin digits
            bad.append(token)
            continue
        if CODE_TOKEN.match(token):
            continue
        if lang == "fa" or any(w.lower() in _english_words() for w in WORD.findall(token)):
            bad.append(token)
    return bad


# -- the demo branches ----------------------------------------------------------------------

# Pages whose English is known and left to their department (issue 10, item 4's report):
# the tr income test shows its calculation trace's parameter names ("per_capita",
# "pack parameter minimum_wage.gross_monthly") untranslated.
# The Rates page and the income test's trace show the packs' sources, which the packs write in
# English (legal references; the packs' notes only in the source's tooltip on the Rates page);
# translating them is pack data still to do.
KNOWN_GAPS: dict[str, tuple[str, ...]] = {"fa": ("reports.rates",), "tr": ("reports.rates", "insured.income_test")}
PACK_OF = {"fa": "ir_sso", "tr": "tr_sgk"}
KEYS = re.compile(r"\((?:Ctrl|Alt|Shift|Meta)(?:\+[\w]+)+\)|\b(?:Ctrl|Alt|Shift|Meta)(?:\+\w+)+|\(Return\)|\(Enter\)|\(F\d+\)")
TAGS = re.compile(r"<[^>]+>")
PRODUCTS = frozenset({"Excel", "PDF", "CSV", "MT940", "camt.053", "IBAN"})


@pytest.fixture(scope="session")
def full_demo(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """A demo branch per pack with every department (banking included), built once."""
    built: dict[str, Path] = {}

    def get(pack: str) -> Path:
        if pack not in built:
            path = tmp_path_factory.mktemp(f"demo-{pack}") / "demo.db"
            db = Database(f"sqlite:///{path}")
            db.upgrade(backup=False)
            build_demo(db, pack, DEMO_SIZE)
            db.dispose()
            built[pack] = path
        return built[pack]

    return get


@pytest.fixture
def demo_branch(full_demo: Callable[[str], Path], tmp_path: Path) -> Iterator[Callable[[str], BranchContext]]:
    dbs: list[Database] = []

    def open_pack(pack: str) -> BranchContext:
        path = tmp_path / f"{pack}.db"
        shutil.copyfile(full_demo(pack), path)
        db = Database(f"sqlite:///{path}")
        dbs.append(db)
        return open_branch(db)

    yield open_pack
    for db in dbs:
        db.dispose()


def _data_words(ctx: BranchContext) -> frozenset[str]:
    """Data that is not the program's language: user names (logins), the branch's name."""
    from sqlalchemy import select

    from branch_desktop.accounting.payroll.models import Employee
    from branch_desktop.core.models import User
    from branch_desktop.revenue.models import Employer

    with ctx.db.read() as s:
        names = set(s.scalars(select(User.username)))
        for first, last in s.execute(select(Employee.first_name, Employee.last_name)):
            names |= set(f"{first} {last}".split())  # people's names ("Can" is Turkish)
        for (name,) in s.execute(select(Employer.name)):
            names |= set(name.split())
    return frozenset(names | set(ctx.name.split()) | PRODUCTS)


def _clean(text: str) -> str:
    return KEYS.sub(" ", TAGS.sub(" ", text))


def _problems(texts: Iterator[tuple[str, str]], lang: str, data: frozenset[str]) -> list[str]:
    out = []
    for where, text in texts:
        bad = english_in(_clean(text), lang, data)
        if bad:
            out.append(f"{where}: {text!r} -> {bad}")
    return sorted(set(out))


@pytest.mark.parametrize("lang", ["fa", "tr"])
def test_no_english_on_any_page(demo_branch, runner, qtbot, lang: str) -> None:  # type: ignore[no-untyped-def]
    from branch_desktop.gui.ui_dump import walk_pages
    from tests.qt_fixtures import _start_shell

    ctx = demo_branch(PACK_OF[lang])
    handle = _start_shell(ctx, runner, "admin", lang)
    try:
        dumps = walk_pages(handle.window, handle.wait)
        texts = [(d.key, t) for d in dumps for t in d.texts + d.cells]
    finally:
        handle.runner.wait_idle(10)
        handle.window.close()
    assert len(dumps) > 15 and len(texts) > 300  # the walk really saw the pages and their grids
    problems = _problems(iter(texts), lang, _data_words(ctx))
    known = [p for p in problems if p.split(":")[0] in KNOWN_GAPS.get(lang, ())]
    assert [p for p in problems if p not in known] == [], "\n".join(problems)
    # A known gap is listed until it is fixed; then this fails, so the entry is removed.
    assert {p.split(":")[0] for p in known} == set(KNOWN_GAPS.get(lang, ())), known


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def _documents(ctx: BranchContext, admin: Actor, lang: str) -> Iterator[tuple[str, bytes]]:
    """Every document of the branch, built from its demo data."""
    from branch_desktop.accounting.banking import documents as bank_docs
    from branch_desktop.accounting.banking import services as bank
    from branch_desktop.accounting.ledger.documents import journal_voucher_pdf, trial_balance_pdf
    from branch_desktop.accounting.payroll import documents as pay_docs
    from branch_desktop.accounting.payroll import services as payroll
    from branch_desktop.core.ledger import queries
    from branch_desktop.core.ledger.services import get_entry
    from branch_desktop.revenue import documents as rev_docs
    from branch_desktop.revenue import services as revenue

    info = ctx.info
    period = ctx.pack.calendar.year_month(ctx.today())
    receipts = []
    for emp in revenue.search_employers(ctx, admin, "", limit=5):
        receipts += revenue.employer_receipts(ctx, admin, emp.id, limit=3)
    assert receipts, "the demo has receipts"
    r = receipts[0]
    yield "receipt", rev_docs.receipt_pdf(r, info, lang)
    yield "receipt (roll)", rev_docs.receipt_pdf(r, info, lang, "roll")
    yield "employer statement", rev_docs.statement_pdf(revenue.employer_statement(ctx, admin, r.employer_id), info, lang)
    yield "day close", rev_docs.day_close_pdf(revenue.day_summary(ctx, admin, r.clerk, r.receipt_date),
                                              info, lang)
    yield "voucher", journal_voucher_pdf(get_entry(ctx, admin, r.entry_id), info, lang)
    yield "trial balance", trial_balance_pdf(queries.trial_balance(ctx, admin, period), info, lang)
    runs = payroll.list_runs(ctx, admin)
    if runs:
        slips = list(payroll.payslips(ctx, admin, runs[0].id))[:3]
        yield "payslips", pay_docs.payslips_pdf(slips, info, lang)
    for cheque in bank.list_cheques(ctx, admin)[:1]:
        yield "cheque voucher", bank_docs.cheque_voucher_pdf(cheque, info, lang)
    revenue_bank = ctx.pack.account_code("revenue_bank")
    yield "reconciliation", bank_docs.reconciliation_pdf(bank.reconciliation(ctx, admin, revenue_bank, period), info,
                                                         lang)
    yield "ten-day report", bank_docs.ten_day_pdf(bank.ten_day_balance(ctx, admin, revenue_bank, period), info, lang)
    yield "payment report", bank_docs.payment_report_pdf(bank.payment_report(ctx, admin, period), info, lang)


@pytest.mark.parametrize("lang", ["fa", "tr"])
def test_no_english_in_any_document(demo_branch, lang: str) -> None:  # type: ignore[no-untyped-def]
    from branch_desktop.core.i18n import set_language

    ctx = demo_branch(PACK_OF[lang])
    admin = login(ctx.db, "admin", demo_password())
    set_language(lang)  # the reader's language (descriptions read through the services)
    try:
        docs = list(_documents(ctx, admin, lang))
    finally:
        set_language("en")
    assert len(docs) >= 9
    texts = [(name, line) for name, pdf in docs for line in _pdf_text(pdf).splitlines()]
    problems = _problems(iter(texts), lang, _data_words(ctx))
    assert problems == [], "\n".join(problems)

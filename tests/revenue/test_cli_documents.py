"""The revenue commands, and the printed receipts checked for their text in Persian and Turkish."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from branch_desktop.cli import run
from branch_desktop.core.ledger.verify import verify_books
from branch_desktop.revenue import documents, services
from branch_desktop.revenue.types import Method, PaymentInput
from tests.conftest import PASSWORD, Branch
from tests.revenue.helpers import lines, make_employer, month_of


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", PASSWORD)  # every command logs its user in


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run a command in-process, as the administrator unless the test names a user."""
    code = run(list(args) if "--user" in args else ["--user", "admin", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("pack", ["ir_sso", "tr_sgk"])
def test_import_receipt_and_statement_commands(make_branch: Callable[[str], Branch], pack: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    b = make_branch(pack)
    b.ctx.today_override = None  # the commands run on the real clock
    e = make_employer(b)
    url = b.ctx.db.engine.url.render_as_string(hide_password=False)
    ym = month_of(b)
    rows = lines(b, ym, 3)
    good = tmp_path / "decl.csv"
    good.write_text("national_id,name,days,wage\n" + "".join(
        f"{r.national_id},{r.name},{r.days},{r.wage}\n" for r in rows), encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(good.read_text(encoding="utf-8") + f"{rows[0].national_id},Twice,40,1\n", encoding="utf-8")
    base = ["--db", url, "--lang", "en"]
    code, _out, err = _cli(capsys, *base, "import", "declaration", str(bad), "--employer", e.file_no,
                           "--month", str(ym), "--user", "clerk")
    assert code == 1 and "Row 5:" in err and "already declared on row 2" in err
    assert services.list_declarations(b.ctx, b.clerk, e.id) == []  # nothing written
    code, out, err = _cli(capsys, *base, "import", "declaration", str(good), "--employer", e.file_no,
                          "--month", str(ym), "--user", "clerk")
    assert code == 0, err
    assert "3 insured" in out
    code, _out, err = _cli(capsys, *base, "import", "declaration", str(good), "--employer", e.file_no,
                           "--month", str(ym))
    assert code == 1 and "correction" in err
    code, out, err = _cli(capsys, *base, "receipt", "--employer", e.file_no, "--amount", "1000", "--method", "slip",
                          "--ref", "SL-1", "--user", "clerk", "--pdf", str(tmp_path / "r.pdf"))
    assert code == 0, err
    year = b.ctx.pack.calendar.fiscal_year(dt.date.today())
    assert out.strip() == f"{year}-000001"
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    code, _out, err = _cli(capsys, *base, "receipt", "--employer", e.file_no, "--amount", "1000", "--method", "slip",
                           "--ref", "SL-1", "--user", "clerk")
    assert code == 2 and "already taken on receipt" in err
    code, out, err = _cli(capsys, *base, "receipt", "--employer", e.file_no, "--amount", "5", "--method", "cheque",
                          "--ref", "CH-1", "--user", "clerk")
    assert code == 2 and "bank of the cheque" in err
    code, out, _err = _cli(capsys, *base, "report", "employer-statement", "--employer", e.file_no, "--format", "csv")
    assert code == 0 and "receipt" in out and out.count("\n") == 3
    code, _out, _err = _cli(capsys, *base, "report", "employer-statement", "--employer", e.file_no, "--format",
                            "xlsx", "--out", str(tmp_path / "s.xlsx"))
    assert code == 0
    book = load_workbook(tmp_path / "s.xlsx")
    ws = book.active
    assert ws is not None and ws["B2"].value == e.file_no
    assert ws.freeze_panes == "A6" and book.worksheets[1].freeze_panes == "A2"  # the headers stay in view
    assert isinstance(ws["A6"].value, dt.datetime) and isinstance(ws["E6"].value, (int, float))
    assert ws.cell(ws.max_row, 5).value == f"=SUM(E6:E{ws.max_row - 1})"
    assert not ws.sheet_view.rightToLeft  # --lang en: left to right whatever the pack
    code, _out, _err = _cli(capsys, *base, "report", "employer-statement", "--employer", e.file_no, "--format",
                            "pdf", "--out", str(tmp_path / "s.pdf"))
    assert code == 0 and _has(_pdf_text((tmp_path / "s.pdf").read_bytes()), "Employer account statement")
    code, out, _err = _cli(capsys, *base, "verify")
    assert code == 0, out
    assert verify_books(b.ctx).ok


def _pdf_text(data: bytes) -> str:
    """The PDF's text; shaped Persian comes back as presentation forms (folded with NFKC) and
    pypdf may reverse right-to-left runs, so :func:`_has` accepts either order."""
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return unicodedata.normalize("NFKC", text).replace("\u200c", " ")


def _has(text: str, needle: str) -> bool:
    sep = "/" if "/" in needle else "-"
    runs = sep.join(part[::-1] for part in needle.split(sep))  # digit runs reversed one by one
    return needle in text or needle[::-1] in text or runs in text


def _receipts(b: Branch) -> tuple[object, object]:
    e = make_employer(b)
    ym = month_of(b)
    d = services.submit_declaration(b.ctx, b.clerk, e.id, ym, lines(b, ym, 2))
    cheque = services.take_payment(b.ctx, b.clerk, PaymentInput(
        employer_id=e.id, amount=d.premium, method=Method.CHEQUE, reference="5512778", bank="Bank", bank_branch="Centre", due_date=dt.date(2026, 12, 10),
        drawer="Drawer Name"))
    slip = services.take_payment(b.ctx, b.clerk, PaymentInput(employer_id=e.id, amount=100, method=Method.SLIP, reference="884512", bank="Bank"))
    void = services.void_receipt(b.ctx, b.clerk, slip.id, "wrong amount")
    return cheque, void


def test_receipt_pdf_in_persian(branch: Branch) -> None:
    cheque, void = _receipts(branch)
    for layout in ("a5", "roll"):
        data = documents.receipt_pdf(cheque, branch.ctx.info, "fa", layout)  # type: ignore[arg-type]
        text = _pdf_text(data)
        assert _has(text, "ریال")  # amount in words ends with the currency's name
        assert _has(text, "کارگاه نمونه")  # the employer's name, shaped Persian text kept extractable
        assert _has(text, "۱۴۰۵")  # the Jalali year in Persian digits
        assert _has(text, "میلیون")  # the amount in words
    text = _pdf_text(documents.receipt_pdf(void, branch.ctx.info, "fa"))  # type: ignore[arg-type]
    assert _has(text, "۱۴۰۵/۰۰۰۰۰۳") and _has(text, "۱۴۰۵/۰۰۰۰۰۲")  # the void's number and the voided one


def test_receipt_pdf_in_turkish(make_branch: Callable[[str], Branch]) -> None:
    b = make_branch("tr_sgk")
    cheque, void = _receipts(b)
    text = _pdf_text(documents.receipt_pdf(cheque, b.ctx.info, "tr", "roll"))  # type: ignore[arg-type]
    assert "Türk lirası" in text and "Anadolu Tekstil 1 A.Ş." in text and "5512778" in text
    text = _pdf_text(documents.receipt_pdf(void, b.ctx.info, "tr"))  # type: ignore[arg-type]
    assert "2026-000002" in text and "2026-000003" in text  # voided number and the void's own
    assert "wrong amount" in text


def test_statement_and_day_close_pdfs(branch: Branch) -> None:
    _receipts(branch)
    e = services.search_employers(branch.ctx, branch.clerk, "")[0]
    st = services.employer_statement(branch.ctx, branch.clerk, e.id)
    assert _pdf_text(documents.statement_pdf(st, branch.ctx.info, "fa")).count("\n") > 5
    summary = services.close_day(branch.ctx, branch.clerk)
    text = _pdf_text(documents.day_close_pdf(summary, branch.ctx.info, "en"))
    assert "884512" in text and "5512778" in text

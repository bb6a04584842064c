"""The three-way premium check: a branch with every kind of variance planted finds each one (and
nothing else); a clean branch finds none; the command exits 1 on variances, 0 when clean."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from branch_desktop.accounting.banking import queries as bank_q
from branch_desktop.accounting.banking import services as bank
from branch_desktop.cli import run
from branch_desktop.core.calendar import YearMonth
from branch_desktop.reports import exports, services
from branch_desktop.reports.documents import three_way_pdf
from branch_desktop.reports.exceptions import UnknownEmployer
from branch_desktop.reports.rules import Variance
from branch_desktop.revenue import services as revenue
from branch_desktop.revenue.types import Method, PaymentInput
from tests.accounting.banking.helpers import camt, setup_accounts
from tests.conftest import PASSWORD, Branch
from tests.reports.helpers import day_in
from tests.revenue.helpers import lines, make_employer, month_of

EXTRA = 12_345  # a bank credit no receipt accounts for
OVER = 50_000  # paid over the declared premium


def _pay(b: Branch, employer_id: int, amount: int, ref: str, on: dt.date, ym: YearMonth) -> None:
    revenue.take_payment(b.ctx, b.clerk, PaymentInput(employer_id=employer_id, amount=amount, method=Method.SLIP,
                                                      reference=ref, bank="Refah", ref_date=on, on=on, month=ym),
                         confirmed=True)


def plant(b: Branch, *, clean: bool) -> tuple[YearMonth, dict[str, int]]:
    """Employers 1-5 declare the month; 1 pays and is in the bank (clean); 2 does not pay; 3 pays
    more than it declared; 4 pays but the bank has no line; 5 pays, and the bank also shows a
    credit naming its file that no receipt accounts for. ``clean``: employer 1 only."""
    setup_accounts(b)
    ym = month_of(b)
    files, accrued, bank_lines = {}, {}, []
    for n in (1,) if clean else (1, 2, 3, 4, 5):
        e = make_employer(b, n)
        files[n] = e.file_no
        accrued[n] = revenue.submit_declaration(b.ctx, b.clerk, e.id, ym, lines(b, ym, n + 1)).accrued
        paid = {1: accrued[n], 2: 0, 3: accrued[n] + OVER, 4: accrued[n], 5: accrued[n]}[n]
        if paid:
            on = day_in(b, ym, 3 + 3 * n)
            _pay(b, e.id, paid, f"S-{n}", on, ym)
            if n != 4:
                bank_lines.append((on, paid, f"S-{n}", "", "premium"))
    if not clean:
        bank_lines.append((day_in(b, ym, 25), EXTRA, f"PRIM {files[5]}", "", f"premium file {files[5]}"))
    bank_lines.sort()
    total = sum(a for _d, a, *_rest in bank_lines)
    data = camt(b, "revenue_bank", "ST-1", 0, bank_lines, total)
    code = b.ctx.pack.account_code("revenue_bank")
    bank.import_statement(b.ctx, b.accountant, code, data, file_name="st.xml")
    bank.auto_match(b.ctx, b.accountant, code, ym)
    return ym, {"premium_3": accrued.get(3, 0), "premium_2": accrued.get(2, 0), "premium_4": accrued.get(4, 0),
                **{f"file_{n}": 0 for n in files}}


@pytest.mark.parametrize("pack", ["tr_sgk", "ir_sso"])
def test_every_planted_variance_is_found(make_branch: Callable[[str], Branch], pack: str,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    b = make_branch(pack)
    ym, known = plant(b, clean=False)
    report = services.three_way(b.ctx, b.accountant, ym)
    found = {(r.file_no[-1:] if pack == "ir_sso" else r.file_no.split(".")[4][-1:], k): a
             for r in report.rows for k, a in r.variances}
    assert found == {
        ("2", Variance.UNPAID): known["premium_2"],
        ("3", Variance.UNDER_DECLARED): OVER,
        ("4", Variance.NOT_IN_BANK): known["premium_4"],
        ("5", Variance.NOT_RECEIPTED): EXTRA,
    }
    assert report.totals == {Variance.UNDER_DECLARED: (1, OVER), Variance.UNPAID: (1, known["premium_2"]),
                             Variance.NOT_IN_BANK: (1, known["premium_4"]), Variance.NOT_RECEIPTED: (1, EXTRA)}
    # the payer of a bank line named by its words (employers looked up by them) or, past so many
    # words, from every employer's keys: the same rows
    monkeypatch.setattr(bank_q, "_WORDS_AT_MOST", 0)
    every = services.three_way(b.ctx, b.accountant, ym)
    assert [(r.file_no, r.variances, r.bank_lines) for r in every.rows] == [
        (r.file_no, r.variances, r.bank_lines) for r in report.rows]
    one = services.three_way(b.ctx, b.accountant, ym, report.rows[2].file_no)
    assert [r.file_no for r in one.rows] == [report.rows[2].file_no]
    assert one.totals == {Variance.UNDER_DECLARED: (1, OVER)}
    with pytest.raises(UnknownEmployer) as exc:
        services.three_way(b.ctx, b.accountant, ym, "NO-SUCH")
    assert exc.value.field == "employer" and exc.value.params == {"file_no": "NO-SUCH"}
    # the same on paper and in Excel
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(three_way_pdf(report, b.ctx.info, "en"))).pages)
    assert "Paid but not in the bank" in text and "In the bank but not receipted" in text
    wb = load_workbook(io.BytesIO(exports.three_way_xlsx(report, "fa", b.ctx.pack.currency)))
    ws = wb.worksheets[0]
    assert ws.sheet_view.rightToLeft and ws.freeze_panes == "A3"
    assert str(ws.cell(ws.max_row, 6).value).startswith("=SUM(F3:F")
    assert wb.worksheets[1].max_row == 1 + 4 + 1  # header, four variances, total


def test_clean_branch_finds_none_and_the_command_says_so(make_branch: Callable[[str], Branch],
                                                         tmp_path: object, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    b = make_branch("tr_sgk")
    ym, _known = plant(b, clean=True)
    report = services.three_way(b.ctx, b.accountant, ym)
    assert report.clean and report.rows and report.rows[0].banked == report.rows[0].accrued > 0
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", PASSWORD)
    url = b.ctx.db.url
    assert run(["report", "three-way", "--month", str(ym), "--db", url, "--user", "accountant"]) == 0
    # a variance planted afterwards: the nightly check fails
    e = make_employer(b, 9)
    revenue.submit_declaration(b.ctx, b.clerk, e.id, ym, lines(b, ym, 1))
    capsys.readouterr()
    assert run(["report", "three-way", "--month", str(ym), "--db", url, "--user", "accountant", "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    assert "unpaid" in out and "Unpaid" in err
    assert run(["report", "three-way", "--month", str(ym), "--db", url, "--user", "clerk"]) == 2

"""Payslips and the member statement in Persian (right to left), Turkish and English, read back
with pypdf: one page per employee, the figures and the words, the password, the direction."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pypdf
import pytest

from branch_desktop.accounting.payroll import documents, services
from branch_desktop.accounting.payroll.demo import make_staff
from branch_desktop.accounting.payroll.types import PayslipData
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import translate_to
from branch_desktop.printing.base import PrintContext
from tests.conftest import Branch
from tests.printing.pdf_helpers import has, norm, pdf_text, placed_strings, x_of

PRINTED = dt.datetime(2026, 11, 24, 9, 30)
CASES = [("ir_sso", YearMonth(1405, 7), "fa"), ("tr_sgk", YearMonth(2026, 10), "tr"),
         ("ir_sso", YearMonth(1405, 7), "en")]


def run_with_loan(b: Branch, month: YearMonth) -> tuple[int, list[PayslipData]]:
    ctx, acc = b.ctx, b.accountant
    services.register_employees(ctx, acc, make_staff(ctx, 5, seed=2))
    services.post_run(ctx, acc, services.create_run(ctx, acc, month.previous()))
    day = ctx.pack.calendar.month_bounds(month.previous())[1]
    loan_id = services.apply_for_loan(ctx, acc, "00002", 12, on=day)
    for actor, seat in ((acc, "finance_head"), (b.manager, "branch_head"), (b.admin, "admin_head")):
        services.approve_loan(ctx, actor, loan_id, seat)
    services.grant_loan(ctx, acc, loan_id, on=day)
    run_id = services.create_run(ctx, acc, month)
    services.post_run(ctx, acc, run_id)
    return run_id, list(services.payslips(ctx, acc, run_id))


@pytest.mark.parametrize(("pack", "month", "lang"), CASES)
def test_payslips_one_page_each_with_figures_words_ytd_and_loan(
    make_branch: Callable[[str], Branch], pack: str, month: YearMonth, lang: str
) -> None:
    b = make_branch(pack)
    _run_id, slips = run_with_loan(b, month)
    pdf = documents.payslips_pdf(slips, b.ctx.info, lang, printed_at=PRINTED)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == len(slips) == 5
    ctx = PrintContext.create(b.ctx.info, lang, PRINTED)
    for page, slip in zip(reader.pages, slips, strict=True):
        text = norm(page.extract_text())
        assert has(text, slip.name)
        assert has(text, ctx.money(slip.net)) and has(text, ctx.money(slip.gross))
        assert has(text, ctx.money(slip.ytd_gross))
        assert has(text, translate_to(lang, "Net pay: {amount} {currency}").split(":")[0])
    loan_slip = next(s for s in slips if s.personnel_no == "00002")
    assert loan_slip.loans and loan_slip.loans[0].remaining_instalments == 11
    page = norm(reader.pages[slips.index(loan_slip)].extract_text())
    assert has(page, ctx.money(loan_slip.loans[0].balance))
    words = ctx.words(loan_slip.net)
    assert has(pdf_text(pdf), words.split()[0])


def test_persian_payslip_reads_right_to_left(make_branch: Callable[[str], Branch]) -> None:
    b = make_branch("ir_sso")
    _run_id, slips = run_with_loan(b, YearMonth(1405, 7))
    pdf = documents.payslips_pdf(slips[:1], b.ctx.info, "fa", printed_at=PRINTED)
    raw = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert len([ch for ch in raw if 0xFB50 <= ord(ch) <= 0xFEFF]) > 50  # joined (shaped) letters
    strings = placed_strings(pdf)
    ctx = PrintContext.create(b.ctx.info, "fa", PRINTED)
    base_label = translate_to("fa", "Base pay")
    base_amount = ctx.money(dict((c, a) for c, _k, a in slips[0].lines)["base"])
    # the label of a line is at the right, its amount to its left
    assert x_of(strings, base_label) > x_of(strings, base_amount)


def test_payslip_password_is_the_national_id(make_branch: Callable[[str], Branch]) -> None:
    b = make_branch("ir_sso")
    _run_id, slips = run_with_loan(b, YearMonth(1405, 7))
    slip = slips[0]
    pdf = documents.payslips_pdf([slip], b.ctx.info, "fa", password=slip.national_id)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.is_encrypted
    with pytest.raises(pypdf.errors.FileNotDecryptedError):
        reader.pages[0].extract_text()
    reader = pypdf.PdfReader(io.BytesIO(pdf), password=slip.national_id)
    assert has(norm(reader.pages[0].extract_text()), slip.name)


def test_member_statement(make_branch: Callable[[str], Branch]) -> None:
    b = make_branch("tr_sgk")
    run_with_loan(b, YearMonth(2026, 10))
    st = services.member_statement(b.ctx, b.accountant, "00002")
    pdf = documents.member_statement_pdf(st, b.ctx.info, "tr", printed_at=PRINTED)
    text = pdf_text(pdf)
    ctx = PrintContext.create(b.ctx.info, "tr", PRINTED)
    assert has(text, st.name) and has(text, ctx.money(st.contribution_balance)) and has(text, ctx.money(st.loan_balance))


def test_member_statement_xlsx(make_branch: Callable[[str], Branch]) -> None:
    from decimal import Decimal

    from openpyxl import load_workbook

    from branch_desktop.accounting.payroll.exports import member_statement_xlsx

    b = make_branch("tr_sgk")
    run_with_loan(b, YearMonth(2026, 10))
    st = services.member_statement(b.ctx, b.accountant, "00002")
    ws = load_workbook(io.BytesIO(member_statement_xlsx(st, b.ctx.info, "tr"))).worksheets[0]
    assert ws.freeze_panes == "A7" and not ws.sheet_view.rightToLeft
    assert isinstance(ws.cell(7, 1).value, dt.datetime) and ws.cell(7, 4).value == "=B4+C7"
    assert ws.cell(8, 6).value == "=F7+E8" and ws.cell(7, 3).number_format == "#,##0.00"
    n = 7 + len(st.lines)
    assert ws.cell(n, 3).value == f"=SUM(C7:C{n - 1})" and ws.cell(n, 5).value == f"=SUM(E7:E{n - 1})"
    cur = b.ctx.pack.currency
    contributions = sum(Decimal(str(ws.cell(r, 3).value or 0)) for r in range(7, n))
    loans = sum(Decimal(str(ws.cell(r, 5).value or 0)) for r in range(7, n))
    assert cur.from_minor(st.opening) + contributions == cur.from_minor(st.contribution_balance)
    assert loans == cur.from_minor(st.loan_balance)

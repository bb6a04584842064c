"""Banking documents in the packs' languages: they build, carry the figures, read back as text."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from branch_desktop.accounting.banking import documents, exports
from branch_desktop.accounting.banking import services as bank
from branch_desktop.core.calendar import YearMonth

from .helpers import setup_accounts
from .test_banking_services import MORDAD, pay, revenue_month

D = dt.date
OUT = os.environ.get("BANKING_PDF_OUT")  # set to a folder to keep the PDFs for a look


def keep(name: str, data: bytes) -> None:
    if OUT:
        Path(OUT).mkdir(parents=True, exist_ok=True)
        (Path(OUT) / name).write_bytes(data)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def cheque_flow(b) -> bank.ChequeView:
    ctx, acct = b.ctx, b.accountant
    bank.register_cheque_book(ctx, acct, ctx.pack.account_code("legal_obligation_bank"), 100001, 100050)
    doc = pay(b, "GH-2", 2_500_000)
    bank.check_payment_document(ctx, acct, doc.id)
    cheque = bank.issue_cheque(ctx, acct, ctx.pack.account_code("legal_obligation_bank"), doc.id, D(2024, 7, 25))
    bank.sign_cheque(ctx, acct, cheque.id)
    bank.sign_cheque(ctx, b.manager, cheque.id)
    return bank.post_cheque(ctx, acct, cheque.id)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_ir_documents(branch, lang):
    setup_accounts(branch)
    revenue_month(branch)
    ctx, acct = branch.ctx, branch.accountant
    bank.auto_match(ctx, acct, "1500", MORDAD)
    rec = bank.reconciliation(ctx, acct, "1500", MORDAD)
    pdf = documents.reconciliation_pdf(rec, ctx.info, lang)
    keep(f"reconciliation-{lang}.pdf", pdf)
    assert pdf.startswith(b"%PDF") and len(PdfReader(io.BytesIO(pdf)).pages) >= 1
    if lang == "en":
        text = text_of(pdf)
        assert "Bank reconciliation" in text and "Deposits in transit" in text and "12,888,250" in text
    cheque = cheque_flow(branch)
    voucher = documents.cheque_voucher_pdf(cheque, ctx.info, lang)
    keep(f"cheque-voucher-{lang}.pdf", voucher)
    if lang == "en":
        text = text_of(voucher)
        assert "100001" in text and "2,500,000" in text and "two million five hundred thousand" in text.lower()
    report = bank.payment_report(ctx, acct, MORDAD)
    keep(f"payment-report-{lang}.pdf", documents.payment_report_pdf(report, ctx.info, lang))
    wb = load_workbook(io.BytesIO(exports.payment_report_xlsx(report, ctx.info, lang)))
    ws = wb.active
    assert ws is not None and ws.cell(5, 1).value == 100001 and ws.cell(5, 8).value == 2_500_000
    assert ws.cell(6, 8).value == "=SUM(H5:H5)" and ws.freeze_panes == "A5"
    assert ws.sheet_view.rightToLeft is (lang == "fa") and isinstance(ws.cell(5, 2).value, dt.datetime)
    by_benefit = wb.worksheets[1]
    assert str(by_benefit.cell(2, 3).value).startswith("=SUMIF(") and by_benefit.cell(3, 3).value == "=SUM(C2:C2)"
    ten = bank.ten_day_balance(ctx, acct, "1500", MORDAD)
    keep(f"ten-day-{lang}.pdf", documents.ten_day_pdf(ten, ctx.info, lang))
    csv_text = documents.ten_day_csv(ten, ctx.pack.currency)
    assert csv_text.splitlines()[1] == "1500,1403-05,1,2024-07-22,2024-07-31,0,12000000,0,12000000"
    rec_csv = documents.reconciliation_csv(rec, ctx.pack.currency, lang)
    assert "summary,,difference,," in rec_csv and "in_transit,2024-08-20,SLIP-1004" in rec_csv


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_tr_documents(make_branch, lang):
    b = make_branch("tr_sgk")
    setup_accounts(b)
    ctx, acct = b.ctx, b.accountant
    cheque = cheque_flow(b)
    voucher = documents.cheque_voucher_pdf(cheque, ctx.info, lang)
    keep(f"tr-cheque-voucher-{lang}.pdf", voucher)
    text = text_of(voucher)
    assert ("25.000,00" in text) if lang == "tr" else ("25,000.00" in text)
    period = ctx.pack.calendar.year_month(D(2024, 7, 25))
    assert period == YearMonth(2024, 7)
    rec = bank.reconciliation(ctx, acct, cheque.account_code, period)
    keep(f"tr-reconciliation-{lang}.pdf", documents.reconciliation_pdf(rec, ctx.info, lang))
    ten = bank.ten_day_balance(ctx, acct, ctx.pack.account_code("revenue_bank"), period)
    keep(f"tr-ten-day-{lang}.pdf", documents.ten_day_pdf(ten, ctx.info, lang))
    assert [r.end.day for r in ten.rows] == [10, 20, 31]

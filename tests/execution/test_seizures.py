"""Seizure requests to banks on both databases: numbered gapless per fiscal year, refused for a
suspended, cancelled or paid order, append-only and chained; the letter, the day's list (PDF and
Excel) and the ageing PDF; the commands through the installed entry point."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from branch_desktop.core.errors import PermissionDenied
from branch_desktop.core.record_verify import verify_everything
from branch_desktop.execution import services
from branch_desktop.execution.documents import ageing_pdf, seizure_letter_pdf, seizure_list_pdf
from branch_desktop.execution.exceptions import ExecutionInputError, TooEarly, WrongState
from branch_desktop.execution.exports import seizures_xlsx
from branch_desktop.execution.types import OrderView
from tests.conftest import Branch
from tests.execution.helpers import declared, pay
from tests.execution.test_execution_cli import _run


def _order(b: Branch, n: int = 1) -> tuple[int, OrderView, dt.date]:
    """An employer with four overdue months, a served notice and an order once its period has run."""
    emp, file_no, _ms = declared(b, n, months=4)
    today = b.ctx.today()
    [notice] = services.prepare_notices(b.ctx, b.clerk, today, employers=[file_no])
    services.serve_notice(b.ctx, b.clerk, notice.number, today, "hand")
    day = today + dt.timedelta(days=notice.period_days)
    return emp, services.issue_order(b.ctx, b.clerk, notice.number, day), day


@pytest.mark.parametrize("pack", ["tr_sgk", "ir_sso"])
def test_seizure_requests_numbered_refused_and_printed(make_branch, pack: str) -> None:  # type: ignore[no-untyped-def]
    b: Branch = make_branch(pack)
    emp, order, day = _order(b)
    _emp2, order2, _ = _order(b, 2)
    with pytest.raises(PermissionDenied):
        services.request_seizure(b.ctx, b.accountant, order.number, "Bank A", day)
    with pytest.raises(ExecutionInputError) as blank:
        services.request_seizure(b.ctx, b.clerk, order.number, "  ", day)
    assert blank.value.field == "bank"
    first = services.request_seizure(b.ctx, b.clerk, order.number, "  Bank   A ", day)
    second = services.request_seizure(b.ctx, b.clerk, order2.number, "Bank B", day)
    fy = b.ctx.pack.calendar.fiscal_year(day)
    assert (first.number, second.number) == (f"{fy}/000001", f"{fy}/000002")  # gapless
    assert first.bank == "Bank A" and first.order_number == order.number
    assert first.amount == order.amount  # nothing paid since the order: its principal and charges
    # an objection suspends the order: no seizure until the day after the suspension
    services.object_to_order(b.ctx, b.clerk, order.number, day, "disputes the wages", day + dt.timedelta(days=10))
    with pytest.raises(TooEarly) as early:
        services.request_seizure(b.ctx, b.clerk, order.number, "Bank C", day + dt.timedelta(days=10))
    assert early.value.params["date"] == day + dt.timedelta(days=10)
    later = services.request_seizure(b.ctx, b.clerk, order.number, "Bank C", day + dt.timedelta(days=11))
    assert later.number == f"{fy}/000003"
    # a cancelled order: refused
    services.cancel_document(b.ctx, b.manager, "order", order2.number, "wrong employer", b.clerk)
    with pytest.raises(WrongState):
        services.request_seizure(b.ctx, b.clerk, order2.number, "Bank A", day)
    # the day's list in number order; the other day's request is not in it
    listed = services.list_seizures(b.ctx, b.accountant, day)
    assert [r.number for r in listed] == [first.number, second.number]
    assert services.list_seizures(b.ctx, b.clerk, day - dt.timedelta(days=1)) == []
    # append-only, chained, verified
    assert verify_everything(b.ctx).ok
    with pytest.raises(DBAPIError), b.ctx.db.write() as s:
        s.execute(text("UPDATE execution_seizure_requests SET amount = 1"))
    with pytest.raises(DBAPIError), b.ctx.db.write() as s:
        s.execute(text("DELETE FROM execution_seizure_requests"))
    # printed: the letter in every language, the list as PDF and Excel
    for lang in ("en", "fa", "tr"):
        letter = seizure_letter_pdf(first, b.ctx.info, lang)
        assert letter.startswith(b"%PDF") and len(PdfReader(io.BytesIO(letter)).pages) == 1
    words = "".join(p.extract_text() for p in PdfReader(io.BytesIO(seizure_letter_pdf(first, b.ctx.info, "en"))).pages)
    assert "Bank A" in words and order.number in words
    words = "".join(p.extract_text() for p in PdfReader(io.BytesIO(
        seizure_list_pdf(listed, day, b.ctx.info, "en"))).pages)
    assert first.number in words and second.number in words and "Bank B" in words
    cal = b.ctx.pack.calendar
    sheet = load_workbook(io.BytesIO(seizures_xlsx(listed, b.ctx.pack.currency.minor_digits, cal.format))).active
    assert sheet is not None
    assert [sheet.cell(row=r, column=1).value for r in (2, 3)] == [first.number, second.number]
    assert sheet.cell(row=2, column=2).value == cal.format(day)  # the pack's calendar (Jalali for ir_sso)
    assert Decimal(str(sheet.cell(row=2, column=7).value)) == first.amount and sheet.cell(row=4, column=7).value == "=SUM(G2:G3)"
    # the order's months paid in full: nothing left to seize
    for month in [line.month for line in order.lines]:
        owed = dict(services_open_months(b, emp)).get(month)
        if owed:
            pay(b, emp, month, owed, f"P-{month}")
    with pytest.raises(WrongState):
        services.request_seizure(b.ctx, b.clerk, order.number, "Bank D", day + dt.timedelta(days=12))


def services_open_months(b: Branch, emp: int) -> list[tuple[object, int]]:
    from branch_desktop.revenue import services as revenue

    return list(revenue.open_months(b.ctx, b.clerk, emp))


def test_ageing_pdf(make_branch) -> None:  # type: ignore[no-untyped-def]
    b: Branch = make_branch("ir_sso")
    declared(b, months=5)
    declared(b, 2, months=2)
    today = b.ctx.today()
    report = services.ageing_report(b.ctx, b.clerk, today)
    assert len(report) == 2
    for lang in ("fa", "en"):
        pdf = ageing_pdf(report, today, b.ctx.info, lang)
        reader = PdfReader(io.BytesIO(pdf))
        assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    words = "".join(p.extract_text() for p in PdfReader(io.BytesIO(ageing_pdf(report, today, b.ctx.info, "en"))).pages)
    assert report[0][0].file_no in words and report[1][0].file_no in words and "181-365 days" in words


def test_seizure_commands_in_a_fresh_process(make_branch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    b: Branch = make_branch("tr_sgk")
    if b.ctx.db.engine.dialect.name != "sqlite":
        pytest.skip("the command line is run on the SQLite file (the services run on both databases)")
    _emp, order, day = _order(b)
    url = str(b.ctx.db.engine.url)
    b.ctx.db.dispose()
    letter = tmp_path / "letter.pdf"
    refused = _run(tmp_path, "--user", "accountant", "seizure", "request", "--order", order.number, "--bank", "Ziraat",
                   db=url)
    assert refused.returncode == 2
    done = _run(tmp_path, "--user", "clerk", "seizure", "request", "--order", order.number, "--bank", "Ziraat",
                "--date", day.isoformat(), "--pdf", str(letter), db=url)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["seizure"] == "2026/000001" and out["bank"] == "Ziraat" and out["amount"] == str(order.amount)
    assert "Ziraat" in "".join(p.extract_text() for p in PdfReader(str(letter)).pages)
    for fmt in ("pdf", "xlsx"):
        listed = _run(tmp_path, "--user", "accountant", "seizure", "list", "--date", day.isoformat(), "--format", fmt,
                      "--out", str(tmp_path / f"list.{fmt}"), db=url)
        assert listed.returncode == 0, listed.stderr
        assert json.loads(listed.stdout)["requests"] == 1
    assert (tmp_path / "list.xlsx").read_bytes()[:2] == b"PK"
    ageing = _run(tmp_path, "--user", "clerk", "debt", "ageing", "--format", "pdf", "--out",
                  str(tmp_path / "ageing.pdf"), db=url)
    assert ageing.returncode == 0, ageing.stderr
    assert "Ageing of the debt" in "".join(p.extract_text() for p in PdfReader(str(tmp_path / "ageing.pdf")).pages)
    debt_file = _run(tmp_path, "--user", "accountant", "debt", "file", "--employer", order.file_no, "--pdf",
                     str(tmp_path / "file.pdf"), db=url)
    assert debt_file.returncode == 0, debt_file.stderr
    steps = json.loads(debt_file.stdout)["steps"]
    assert [s["step"] for s in steps] == ["notice", "notice_served", "order", "seizure"]
    assert steps[-1]["detail"] == "Ziraat" and steps[-1]["date"] == day.isoformat()
    assert "Debt file" in "".join(p.extract_text() for p in PdfReader(str(tmp_path / "file.pdf")).pages)

"""The bank reconciliation and the 10-day balance as Excel: typed cells (amounts as numbers in major
units, dates as dates), totals and adjusted balances as formulas, frozen headers, right to left in
Persian; and the 10-day workbook written by the installed ``branch-desktop`` in a fresh process."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from branch_desktop.accounting.banking import exports
from branch_desktop.accounting.banking import services as bank
from tests.conftest import PASSWORD

from .helpers import setup_accounts
from .test_banking_services import MORDAD, revenue_month


def _number(v: object) -> bool:
    return isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_reconciliation_and_ten_day_workbooks(branch, lang: str) -> None:
    setup_accounts(branch)
    revenue_month(branch)
    ctx, acct = branch.ctx, branch.accountant
    bank.auto_match(ctx, acct, "1500", MORDAD)
    rec = bank.reconciliation(ctx, acct, "1500", MORDAD)
    wb = load_workbook(io.BytesIO(exports.reconciliation_xlsx(rec, ctx.info, lang)))
    ws = wb.worksheets[0]
    assert ws.sheet_view.rightToLeft is (lang == "fa")
    assert ws.freeze_panes == "A7"  # four title rows, a blank row, the header
    first = 7
    assert ws.cell(first, 2).value == rec.figures.statement_balance and _number(ws.cell(first, 2).value)
    assert ws.cell(first + 3, 2).value == f"=SUM(B{first}:B{first + 2})"  # adjusted bank balance
    assert ws.cell(first + 7, 2).value == f"=B{first + 3}-B{first + 6}"  # the difference
    assert ws.cell(first, 2).number_format == "#,##0"
    transit = wb.worksheets[2]
    assert transit.freeze_panes == "A2" and transit.sheet_view.rightToLeft is (lang == "fa")
    slip = next(r for r in range(2, transit.max_row) if transit.cell(r, 2).value == "SLIP-1004")
    assert transit.cell(slip, 1).value == dt.datetime(2024, 8, 20)
    # the same day also as text in the pack's calendar, at the row's end (Persian digits for a Persian reader)
    assert transit.cell(slip, transit.max_column).value == ("۱۴۰۳/۰۵/۳۰" if lang == "fa" else "1403/05/30")
    assert transit.cell(slip, 5).value == 700_000 and _number(transit.cell(slip, 5).value)
    assert str(transit.cell(transit.max_row, 5).value).startswith("=SUM(E2:")

    ten = bank.ten_day_balance(ctx, acct, "1500", MORDAD)
    wb = load_workbook(io.BytesIO(exports.ten_day_xlsx(ten, ctx.info, lang)))
    ws = wb.active
    assert ws is not None and ws.freeze_panes == "A7" and ws.sheet_view.rightToLeft is (lang == "fa")
    assert [ws.cell(r, 2).value for r in (7, 8, 9)] == [dt.datetime(2024, 7, 22), dt.datetime(2024, 8, 1),
                                                       dt.datetime(2024, 8, 11)]
    assert ws.cell(7, 5).value == 12_000_000 and ws.cell(7, 7).value == "=D7+E7-F7"
    assert ws.cell(10, 5).value == "=SUM(E7:E9)" and ws.cell(10, 4).value == "=D7"


def _command() -> list[str]:
    script = Path(sys.executable).with_name("branch-desktop")
    found = str(script) if script.exists() else shutil.which("branch-desktop")
    assert found, "the branch-desktop entry point is not installed (pip install -e .)"
    return [found]


@pytest.mark.slow
def test_ten_day_and_reconciliation_xlsx_through_the_installed_command(branch, tmp_path: Path) -> None:
    setup_accounts(branch)
    revenue_month(branch)
    url = branch.ctx.db.engine.url.render_as_string(hide_password=False)
    env = dict(os.environ, BRANCH_DESKTOP_PASSWORD=PASSWORD, XDG_CONFIG_HOME=str(tmp_path / "config"),
               HOME=str(tmp_path))
    env.pop("BRANCH_DESKTOP_DB", None)
    for report in ("ten-day", "reconciliation"):
        out = tmp_path / f"{report}.xlsx"
        done = subprocess.run([*_command(), "--db", url, "--lang", "fa", "--user", "accountant", "report", report,
                               "--account", "1500", "--month", "1403-05", "--format", "xlsx", "--out", str(out)],
                              env=env, cwd=tmp_path, capture_output=True, text=True, timeout=180, check=False)
        assert done.returncode == 0, done.stderr
        ws = load_workbook(out).worksheets[0]
        assert ws.sheet_view.rightToLeft and ws.freeze_panes == "A7"
        assert _number(ws.cell(7, 2 if report == "reconciliation" else 4).value)
    assert load_workbook(tmp_path / "ten-day.xlsx").worksheets[0].cell(7, 5).value == 12_000_000

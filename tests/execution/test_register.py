"""The debt register, its ageing and the debtors list, kept incrementally from revenue's accruals
and allocations; the late charges of an employer and their accrual to the ledger (both databases)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, text

from branch_desktop.core.errors import PermissionDenied
from branch_desktop.core.ledger import queries
from branch_desktop.core.record_verify import verify_everything
from branch_desktop.execution import services
from branch_desktop.execution.exceptions import UnknownEmployer
from branch_desktop.execution.exports import ageing_xlsx
from branch_desktop.execution.models import ChargeAccrual, DebtMonth
from branch_desktop.revenue import services as revenue
from tests.conftest import Branch
from tests.execution.helpers import declared, pay


@pytest.fixture
def tr(make_branch) -> Branch:  # type: ignore[no-untyped-def]
    return make_branch("tr_sgk")


def _register_equals_revenue(b: Branch, employer_id: int) -> None:
    """The register always equals accruals minus allocations (revenue's own open months)."""
    open_months = dict(revenue.open_months(b.ctx, b.clerk, employer_id))
    with b.ctx.db.write() as s:
        services.refresh(s)
    with b.ctx.db.read() as s:
        mine = {(r.year, r.month): r.owed for r in s.scalars(select(DebtMonth).where(
            DebtMonth.employer_id == employer_id, DebtMonth.owed != 0))}
    assert mine == {(m.year, m.month): v for m, v in open_months.items() if v}


def test_register_ageing_and_debtors_follow_revenue(tr: Branch) -> None:
    b, today = tr, tr.ctx.today()  # 2026-11-24
    emp, file_no, ms = declared(b)  # 2026-05 .. 2026-10, due at the end of the next month
    other, other_file, _ = declared(b, 2, months=2)
    owed = dict(revenue.open_months(b.ctx, b.clerk, emp))
    pay(b, emp, ms[1], owed[ms[1]], "T-1")  # 2026-06 paid in full (late)
    rows = services.debt_register(b.ctx, b.clerk, today, employer=file_no)
    assert [(str(r.month), r.age) for r in rows] == [("2026-05", 147), ("2026-07", 85), ("2026-08", 55),
                                                     ("2026-09", 24)]
    cur = b.ctx.pack.currency
    assert rows[0].owed == cur.from_minor(owed[ms[0]])
    ageing = services.ageing(b.ctx, b.clerk, today, employer=file_no)
    assert ageing.amounts == tuple(cur.from_minor(v) for v in (
        owed[ms[4]], owed[ms[2]] + owed[ms[3]], owed[ms[0]], 0, 0))
    branch = services.ageing(b.ctx, b.clerk, today)
    assert branch.employers == 2 and branch.total > ageing.total
    per_employer = [services.ageing(b.ctx, b.clerk, today, employer=f) for f in (file_no, other_file)]
    assert branch.amounts == tuple(sum(x) for x in zip(*(a.amounts for a in per_employer), strict=True))
    _register_equals_revenue(b, emp)
    # incremental: a part payment is seen at the next read, the rest of the register unchanged
    pay(b, emp, ms[0], 1000, "T-2")
    _register_equals_revenue(b, emp)
    _register_equals_revenue(b, other)
    assert services.debt_register(b.ctx, b.clerk, today, employer=file_no)[0].owed == cur.from_minor(
        owed[ms[0]] - 1000)
    debtors = services.debtors(b.ctx, b.clerk, today)
    assert [d.employer_id for d in debtors] == [emp, other] and debtors[0].age == 147
    assert services.debtors(b.ctx, b.clerk, today, search=file_no[-12:])[0].employer_id == emp
    assert [d.employer_id for d in services.debtors(b.ctx, b.clerk, today, min_age=100)] == [emp]
    with pytest.raises(UnknownEmployer):
        services.debt_register(b.ctx, b.clerk, today, employer="nope")
    report_rows = services.ageing_report(b.ctx, b.clerk, today)
    book = load_workbook(io.BytesIO(ageing_xlsx(report_rows, 2)))
    sheet = book.active
    assert sheet is not None and sheet.max_row == 1 + 2 + 1  # header, two employers, totals
    assert sheet.cell(2, 1).value == file_no and Decimal(str(sheet.cell(2, 8).value)) == sum(report_rows[0][1])
    assert sheet.freeze_panes == "A2" and sheet.cell(4, 3).value == "=SUM(C2:C3)"
    assert sheet.cell(2, 3).number_format == "#,##0.00"
    assert verify_everything(b.ctx).ok
    with b.ctx.db.write() as s:  # the register is derived data: verify compares it with revenue's
        s.execute(text("UPDATE execution_debt_months SET owed = owed + 1 WHERE id = (SELECT min(id) FROM "
                       "execution_debt_months)"))
    report = verify_everything(b.ctx)
    assert not report.ok and any("debt register" in p for p in report.problems)


def test_charges_computed_and_accrued_to_the_ledger(tr: Branch) -> None:
    b, today = tr, tr.ctx.today()
    emp, file_no, ms = declared(b, months=4)
    ref, charges = services.employer_charges(b.ctx, b.clerk, file_no, today)
    assert ref.id == emp
    by_month = {c.month: c for c in charges}
    assert by_month[ms[0]].penalty > 0 and by_month[ms[0]].interest > 0  # 2026-07, due 31.08
    assert by_month[ms[-1]].charges == 0  # 2026-10 is not due yet
    with pytest.raises(PermissionDenied):
        services.accrue_charges(b.ctx, b.accountant, file_no, today)
    total = services.accrue_charges(b.ctx, b.clerk, file_no, today)
    assert total == sum((c.charges for c in charges), Decimal(0)) and total > 0
    assert services.accrue_charges(b.ctx, b.clerk, file_no, today) == 0  # nothing changed
    later = services.accrue_charges(b.ctx, b.clerk, file_no, today + dt.timedelta(days=3))
    assert later > 0  # three more days of interest
    ym = b.ctx.pack.calendar.year_month(today)
    tb = {r.code: r.balance for r in queries.trial_balance(b.ctx, b.accountant, ym).rows}
    assert tb[b.ctx.pack.account_code("late_charges_receivable")] == b.ctx.pack.currency.to_minor(total + later)
    with b.ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(ChargeAccrual)) > 0
    assert verify_everything(b.ctx).ok
    out = services.employer_charges_json(b.ctx, b.clerk, file_no, today)
    assert out["employer"] == file_no and Decimal(out["charges"]) == total

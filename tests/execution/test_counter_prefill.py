"""The counter's prefilled amount covers the premiums and the late-payment charges still owed to
date, as the charge rules compute them (``charge compute``), less what receipts paid of them: the
service on both databases, and the counter page (pytest-qt, offscreen)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from branch_desktop.core.branch import init_branch
from branch_desktop.core.storage import Database
from branch_desktop.demo import DEMO_PASSWORD_ENV
from branch_desktop.execution import services as execution
from branch_desktop.revenue import services as revenue
from branch_desktop.revenue.types import EmployerView, Method, PaymentInput
from tests.conftest import PASSWORD, TODAY, Branch
from tests.execution.helpers import late_employer


def _charges_to_date(b: Branch, file_no: str) -> int:
    out = execution.employer_charges_json(b.ctx, b.clerk, file_no, b.ctx.today())
    cur = b.ctx.pack.currency
    return sum(cur.to_minor(Decimal(d["penalty"]) + Decimal(d["interest"]) - Decimal(d["waived"])
                            - Decimal(d["charges_paid"])) for d in out["debts"])


@pytest.mark.parametrize("pack", ["tr_sgk", "ir_sso"])
def test_the_prefill_is_premiums_and_charges_to_date(make_branch, pack: str) -> None:  # type: ignore[no-untyped-def]
    b: Branch = make_branch(pack)
    e = late_employer(b)
    waived = pack == "ir_sso"  # art. 50: the premium paid in full before an order waives the charges
    months, charges = revenue.owed_to_date(b.ctx, b.clerk, e.id)
    premium = sum(v for _m, v in months)
    to_date = _charges_to_date(b, e.file_no)
    assert to_date > 0 and charges == (0 if waived else to_date)  # the same computation, never accrued
    assert revenue.open_charges_total(b.ctx, b.clerk, e.id) == 0
    # half the premium paid at the counter (tr_sgk: shared in proportion with the charges it accrues)
    r = revenue.take_payment(b.ctx, b.clerk, PaymentInput(employer_id=e.id, amount=premium // 2,
                                                          method=Method.TRANSFER, reference="P-1"))
    months_after, charges_after = revenue.owed_to_date(b.ctx, b.clerk, e.id)
    assert sum(v for _m, v in months_after) == premium - r.premium_part
    assert charges_after == (0 if waived else _charges_to_date(b, e.file_no)) == (0 if waived else
                                                                                  charges - r.charges_part)
    # a payment of the prefilled amount leaves nothing owed and no credit
    last = revenue.take_payment(b.ctx, b.clerk, PaymentInput(
        employer_id=e.id, amount=sum(v for _m, v in months_after) + charges_after, method=Method.TRANSFER,
        reference="P-2"))
    assert last.premium_part + last.charges_part == last.amount
    assert revenue.owed_to_date(b.ctx, b.clerk, e.id) == ([], 0)
    assert execution.accrue_charges(b.ctx, b.clerk, e.file_no, b.ctx.today()) == 0  # the counter accrued all
    assert execution.employer_charges_json(b.ctx, b.clerk, e.file_no, b.ctx.today())["debts"] == []


def test_after_an_order_the_sso_prefill_takes_the_charges(make_branch) -> None:  # type: ignore[no-untyped-def]

    from tests.execution.helpers import declared, ordered

    b: Branch = make_branch("ir_sso")
    emp, file_no, _ms = declared(b, months=4)
    notice, _order, day = ordered(b, file_no)
    b.ctx.today_override = day
    ordered = {str(line.month) for line in notice.lines}
    _months, charges = revenue.owed_to_date(b.ctx, b.clerk, emp)
    out = execution.employer_charges_json(b.ctx, b.clerk, file_no, day)
    cur = b.ctx.pack.currency
    want = sum(cur.to_minor(Decimal(d["penalty"]) + Decimal(d["interest"])) for d in out["debts"]
               if d["month"] in ordered)
    assert charges == want > 0  # the ordered months' charges are no longer waived


@pytest.fixture
def late_tr(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Branch, EmployerView]]:
    monkeypatch.setenv(DEMO_PASSWORD_ENV, PASSWORD)
    ctx, admin = init_branch(sqlite_db, "tr_sgk", "Çankaya SGM", "admin", PASSWORD)
    ctx.today_override = TODAY
    b = Branch(ctx, admin)
    yield b, late_employer(b)


def test_the_counter_offers_premiums_and_charges(start_shell_on, late_tr) -> None:  # type: ignore[no-untyped-def]
    b, e = late_tr
    months, charges = revenue.owed_to_date(b.ctx, b.clerk, e.id)
    h = start_shell_on(b.ctx, "clerk", "en")
    page = h.window.open_page("revenue.counter")
    h.wait()
    page.choose(revenue.search_employers(b.ctx, b.clerk, e.name)[0])
    h.wait()
    total = sum(v for _m, v in months) + charges
    assert page.amount.text() == page.session.money(total)
    assert "late charges: " + page.session.money(charges) in page.employer_label.text()

"""A second look at an implausible amount: the pack's branch-policy limits (far over the employer's
debt, over the role's limit per receipt), enforced by the receipt service whatever the caller, and
the command line's plain amounts (``--amount 12,50`` refused, ``--confirm-amount``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from branch_desktop.cli import run
from branch_desktop.core.models import AuditLog
from branch_desktop.core.packs import load_pack
from branch_desktop.revenue import rules, services
from branch_desktop.revenue.exceptions import ImplausibleAmount
from branch_desktop.revenue.models import Receipt
from branch_desktop.revenue.types import Method, PaymentInput
from tests.conftest import PASSWORD, Branch
from tests.revenue.helpers import lines, make_employer, month_of

DAY = dt.date(2026, 11, 24)


@pytest.mark.parametrize("pack", ["ir_sso", "tr_sgk"])
def test_doubts_come_from_the_packs_policy(pack: str) -> None:
    p = load_pack(pack)
    cur = p.currency
    debt = 561_000_440  # even: half of it is exact
    ratio = p.param(rules.EXCESS_RATIO, DAY)
    margin = cur.to_minor(p.param(rules.EXCESS_AMOUNT, DAY))
    allowed = max(margin, int(debt * ratio))
    assert rules.payment_doubt(p, DAY, "clerk", debt, debt) is None
    assert rules.payment_doubt(p, DAY, "clerk", debt + allowed, debt) is None  # the edge is still plausible
    doubt = rules.payment_doubt(p, DAY, "clerk", debt + allowed + 1, debt)
    assert doubt is not None and doubt.kind == "over_debt" and doubt.excess == allowed + 1
    # the case: 5,000,000,000,000 against a debt of 561,000,439
    assert rules.payment_doubt(p, DAY, "clerk", 5_000_000_000_000, 561_000_439) is not None
    # a small advance on a settled account is not questioned; a large one is
    assert rules.payment_doubt(p, DAY, "clerk", margin, 0) is None
    assert rules.payment_doubt(p, DAY, "clerk", margin + 1, 0) is not None
    # the role's limit per receipt, even within the debt; a manager's limit is higher
    clerk_limit = cur.to_minor(p.param("revenue.receipt.limit.clerk", DAY))
    big_debt = clerk_limit * 10
    doubt = rules.payment_doubt(p, DAY, "clerk", clerk_limit + 1, big_debt)
    assert doubt is not None and doubt.kind == "over_limit" and doubt.limit == clerk_limit
    assert rules.payment_doubt(p, DAY, "clerk", clerk_limit, big_debt) is None
    assert rules.payment_doubt(p, DAY, "manager", clerk_limit + 1, big_debt) is None
    # before the policy took effect nothing is asked
    assert rules.payment_doubt(p, dt.date(2000, 1, 1), "clerk", 5_000_000_000_000, debt) is None


def _owing_employer(b: Branch) -> tuple[int, int]:
    e = make_employer(b)
    ym = month_of(b)
    d = services.submit_declaration(b.ctx, b.clerk, e.id, ym, lines(b, ym, 3))
    return e.id, d.accrued


def _receipts(b: Branch) -> int:
    with b.ctx.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Receipt)) or 0)


@pytest.mark.parametrize("pack", ["ir_sso", "tr_sgk"])
def test_the_receipt_service_refuses_an_implausible_amount_unless_confirmed(
        make_branch: Callable[[str], Branch], pack: str) -> None:
    b = make_branch(pack)
    emp, debt = _owing_employer(b)
    assert debt > 0
    huge = debt * 1000
    payment = PaymentInput(employer_id=emp, amount=huge, method=Method.SLIP, reference="S-HUGE", bank="Bank", ref_date=DAY - dt.timedelta(days=1))
    with pytest.raises(ImplausibleAmount) as err:
        services.take_payment(b.ctx, b.clerk, payment)
    assert err.value.doubt.kind == "over_debt" and err.value.doubt.debt == debt
    assert "more than the employer owes" in str(err.value)
    assert _receipts(b) == 0  # nothing written, no number taken
    # a plausible amount goes through unasked, and takes the first number
    first = services.take_payment(b.ctx, b.clerk, PaymentInput(employer_id=emp, amount=debt // 2, method=Method.TRANSFER, reference="T-1"))
    assert first.number == 1
    # confirmed (the amount typed twice): taken, and the confirmation is in the audit log
    r = services.take_payment(b.ctx, b.clerk, payment, confirmed=True)
    assert r.amount == huge and r.number == 2
    with b.ctx.db.read() as s:
        details = s.scalar(select(AuditLog.details).where(AuditLog.action == "revenue.receipt",
                                                           AuditLog.object_id == r.display_number))
    assert details is not None and "over_debt" in details


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_amounts_are_plain_decimals_and_implausible_ones_need_confirming(
        make_branch: Callable[[str], Branch], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", PASSWORD)  # the command logs the clerk in
    b = make_branch("tr_sgk")
    b.ctx.today_override = None  # the commands run on the real clock
    emp, debt = _owing_employer(b)
    file_no = services.get_employer(b.ctx, b.clerk, emp).file_no
    base = ["--db", b.ctx.db.engine.url.render_as_string(hide_password=False), "--lang", "en", "receipt",
            "--employer", file_no, "--method", "transfer", "--user", "clerk"]
    code, _out, err = _cli(capsys, *base, "--amount", "12,50", "--ref", "T-1")
    assert code == 2 and "'12,50' has a comma" in err and "1234.50" in err
    assert _receipts(b) == 0
    code, out, err = _cli(capsys, *base, "--amount", "12.50", "--ref", "T-1")
    assert code == 0, err
    assert services.find_receipt(b.ctx, b.clerk, out.strip()).amount == 1250  # 12.50 TL, not 1,250.00
    huge = b.ctx.pack.currency.plain(debt * 1000)
    code, _out, err = _cli(capsys, *base, "--amount", huge, "--ref", "T-2")
    assert code == 2 and "more than the employer owes" in err and f"--confirm-amount {huge}" in err
    code, _out, err = _cli(capsys, *base, "--amount", huge, "--ref", "T-2", "--confirm-amount", "1")
    assert code == 2 and "is not the amount" in err
    assert _receipts(b) == 1
    code, out, err = _cli(capsys, *base, "--amount", huge, "--ref", "T-2", "--confirm-amount", huge)
    assert code == 0, err
    assert services.find_receipt(b.ctx, b.clerk, out.strip()).amount == debt * 1000

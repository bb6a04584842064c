"""A seizure request answered by the bank (the day, the amount seized or none, its reference) or
cancelled (a reason, asked by an officer and approved by another person, a manager), on both
databases: one or the other, once; both are chained records, shown in the request's view and in
the employer's debt file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from branch_desktop.core.errors import PermissionDenied
from branch_desktop.core.record_verify import verify_everything
from branch_desktop.execution import services
from branch_desktop.execution.exceptions import ExecutionInputError, SameOfficer, UnknownDocument, WrongState
from branch_desktop.execution.states import SeizureState, TimelineEvent
from tests.conftest import Branch
from tests.execution.test_seizures import _order


def test_the_banks_reply_and_a_cancellation(make_branch) -> None:  # type: ignore[no-untyped-def]
    b: Branch = make_branch("tr_sgk")
    _emp, order, day = _order(b)
    first = services.request_seizure(b.ctx, b.clerk, order.number, "Ziraat", day)
    second = services.request_seizure(b.ctx, b.clerk, order.number, "Halkbank", day)
    assert first.state == SeizureState.REQUESTED and first.replied_on is None and first.seized is None
    later = day + dt.timedelta(days=3)
    # refusals: nothing is written
    for kwargs, field in (({"seized": Decimal(-1), "reference": "Z-1"}, "seized"),
                          ({"seized": first.amount + Decimal("0.01"), "reference": "Z-1"}, "seized"),
                          ({"seized": Decimal(0), "reference": "  "}, "reference")):
        with pytest.raises(ExecutionInputError) as info:
            services.reply_to_seizure(b.ctx, b.clerk, first.number, later, **kwargs)  # type: ignore[arg-type]
        assert info.value.field == field
    with pytest.raises(ExecutionInputError):
        services.reply_to_seizure(b.ctx, b.clerk, first.number, day - dt.timedelta(days=1), Decimal(0), "Z-1")
    with pytest.raises(PermissionDenied):
        services.reply_to_seizure(b.ctx, b.accountant, first.number, later, Decimal(0), "Z-1")
    with pytest.raises(UnknownDocument):
        services.reply_to_seizure(b.ctx, b.clerk, "2026/999999", later, Decimal(0), "Z-1")
    # the reply: part of the amount seized
    answered = services.reply_to_seizure(b.ctx, b.clerk, first.number, later, Decimal("150.00"), " Z-2026-77 ")
    assert (answered.state, answered.replied_on, answered.seized, answered.bank_reference) == (
        SeizureState.ANSWERED, later, Decimal("150.00"), "Z-2026-77")
    with pytest.raises(WrongState):  # once
        services.reply_to_seizure(b.ctx, b.clerk, first.number, later, Decimal(0), "Z-3")
    with pytest.raises(WrongState):  # an answered request is not cancelled
        services.cancel_seizure(b.ctx, b.manager, first.number, "sent twice", b.clerk)
    # the cancellation: four eyes, a reason
    with pytest.raises(SameOfficer):
        services.cancel_seizure(b.ctx, b.manager, second.number, "sent twice", b.manager)
    with pytest.raises(PermissionDenied):
        services.cancel_seizure(b.ctx, b.clerk, second.number, "sent twice", b.clerk)
    with pytest.raises(ExecutionInputError):
        services.cancel_seizure(b.ctx, b.manager, second.number, " ", b.clerk)
    cancelled = services.cancel_seizure(b.ctx, b.manager, second.number, "sent to the wrong bank", b.clerk)
    assert (cancelled.state, cancelled.cancel_reason) == (SeizureState.CANCELLED, "sent to the wrong bank")
    with pytest.raises(WrongState):  # a cancelled request gets no reply
        services.reply_to_seizure(b.ctx, b.clerk, second.number, later, Decimal(0), "H-1")
    with pytest.raises(WrongState):
        services.cancel_seizure(b.ctx, b.manager, second.number, "again", b.clerk)
    # shown in the list and the debt file; the records are chained and guarded
    views = {v.number: v for v in services.recent_seizures(b.ctx, b.accountant)}
    assert views[first.number].state == SeizureState.ANSWERED and views[second.number].state == "cancelled"
    steps = [(r.event, r.reference, r.amount, r.detail) for r in services.debt_file(b.ctx, b.accountant,
                                                                                     order.file_no).rows]
    assert (TimelineEvent.SEIZURE_REPLY, first.number, Decimal("150.00"), "Z-2026-77") in steps
    assert any(e == TimelineEvent.SEIZURE_CANCELLED and ref == second.number and detail == "sent to the wrong bank"
               for e, ref, _a, detail in steps)
    assert verify_everything(b.ctx).ok
    for sql in ("UPDATE execution_seizure_replies SET seized = 0", "DELETE FROM execution_seizure_replies",
                "DELETE FROM execution_cancellations"):
        with pytest.raises(DBAPIError, match="append-only"), b.ctx.db.write() as s:
            s.execute(text(sql))


def test_a_reply_of_nothing_seized(make_branch) -> None:  # type: ignore[no-untyped-def]
    b: Branch = make_branch("ir_sso")
    _emp, order, day = _order(b)
    r = services.request_seizure(b.ctx, b.clerk, order.number, "Bank Melli", day)
    answered = services.reply_to_seizure(b.ctx, b.clerk, r.number, day, Decimal(0), "M-1")
    assert answered.seized == 0 and answered.state == SeizureState.ANSWERED
    assert verify_everything(b.ctx).ok


def test_reply_and_cancel_commands(make_branch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``seizure reply`` and ``seizure cancel`` through the installed entry point."""
    import json

    from tests.execution.test_execution_cli import _run

    b: Branch = make_branch("tr_sgk")
    if b.ctx.db.engine.dialect.name != "sqlite":
        pytest.skip("the command line is run on the SQLite file (the services run on both databases)")
    _emp, order, day = _order(b)
    first = services.request_seizure(b.ctx, b.clerk, order.number, "Ziraat", day)
    second = services.request_seizure(b.ctx, b.clerk, order.number, "Halkbank", day)
    url = str(b.ctx.db.engine.url)
    b.ctx.db.dispose()
    done = _run(tmp_path, "--user", "clerk", "seizure", "reply", "--seizure", first.number, "--seized", "10.50",
                "--reference", "Z-9", "--date", day.isoformat(), db=url)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (out["state"], out["seized"], out["reference"]) == ("answered", "10.50", "Z-9")
    refused = _run(tmp_path, "--user", "clerk", "seizure", "cancel", "--seizure", second.number, "--reason", "x",
                   "--requested-by", "clerk", db=url)
    assert refused.returncode == 2
    done = _run(tmp_path, "--user", "manager", "seizure", "cancel", "--seizure", second.number, "--reason",
                "wrong bank", "--requested-by", "clerk", db=url)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["state"] == "cancelled"

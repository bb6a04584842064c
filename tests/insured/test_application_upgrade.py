"""The applications' insurance status at receipt (``coverage``) is part of their chained content:
record kind ``insured.application.v2`` (revision ``insured_r4``), on SQLite and PostgreSQL.

An old branch (every head but ``insured_r4``) holds applications chained as the first kind,
``insured.application``, whose content left ``coverage`` out (one made before insured_r3 without a
status, one decided, one open). After the upgrade they are chained as ``insured.application.v2``,
the first chain is still there as it was, ``verify`` passes, the status of a final application is
refused a change, an old application decided afterwards and a new one continue the v2 chain, and a
tampered status makes ``verify`` fail naming the application; a new branch the same."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import text, update

from branch_desktop.core import records
from branch_desktop.core.branch import BranchContext, init_branch, open_branch
from branch_desktop.core.ledger.chain import GENESIS
from branch_desktop.core.record_verify import verify_everything
from branch_desktop.core.storage import Database
from branch_desktop.insured import services
from branch_desktop.insured.models import Application
from branch_desktop.insured.types import ApplicationKind
from tests.conftest import PASSWORD, TODAY, Branch
from tests.core.test_records import tamper
from tests.insured.test_coverage import _tr_person
from tests.insured.test_decision_upgrade import _links, seal_the_old_way, upgrade_before
from tests.insured.test_decision_upgrade import (
    empty_db as empty_db,  # the fixture: a database without a schema
)

REVISION = "insured_r4"
V2 = "insured.application.v2"
# the first record kind of the applications, as revision insured_r3's code declared it
OLD_KIND = records.RecordKind("insured.application", "insured_applications", (
    "person_id", "kind", "received_on", "deadline", "other_office", "registered_by", "registered_at"),
    state=("decided_on", "outcome"))
RECEIVED = TODAY - dt.timedelta(days=10)


def _apply_the_old_way(b: Branch, person: int, coverage: str) -> int:
    """An application as the code before insured_r4 wrote it: sealed as ``insured.application``."""
    t = records.table(OLD_KIND)
    with b.ctx.db.write() as s:
        conn = s.connection()
        rid = conn.execute(t.insert().returning(t.c.id).values(
            person_id=person, kind=ApplicationKind.PENSION.value, received_on=RECEIVED,
            deadline=RECEIVED + dt.timedelta(days=30), other_office="", outcome="", coverage=coverage,
            registered_by=b.clerk.id, registered_at=dt.datetime(2026, 11, 14, 9, 0))).scalar_one()
        seal_the_old_way(conn, t, OLD_KIND, rid)
        return int(rid)


def _decide_the_old_way(b: Branch, rid: int, day: dt.date, outcome: str) -> None:
    """The decision as a state change of the first kind (its events name ``insured.application``)."""
    with b.ctx.db.write() as s:
        records.record_state(s, OLD_KIND, rid, {"decided_on": None, "outcome": ""},
                             {"decided_on": day, "outcome": outcome}, b.manager.id)
        s.execute(update(Application).where(Application.id == rid).values(decided_on=day, outcome=outcome))


def _tampered_coverage_is_named(db: Database, ctx: BranchContext, rid: int) -> None:
    tamper(db, "insured_applications", f"UPDATE insured_applications SET coverage = '4/1-c' WHERE id = {rid}")
    report = verify_everything(ctx)
    assert not report.ok
    assert any(f"{V2} insured_applications id {rid}" in p and "does not match its hash" in p
               for p in report.problems), report.problems


def test_insured_r4_chains_the_applications_with_their_status(empty_db: Database,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    db = empty_db
    upgrade_before(db, REVISION)
    monkeypatch.setattr(db, "upgrade", lambda **_kw: None)  # init_branch would take it to the heads
    ctx, admin = init_branch(db, "tr_sgk", "Old branch", "admin", PASSWORD)
    ctx.today_override = TODAY
    b = Branch(ctx, admin)
    pid = _tr_person(b)
    before_r3 = _apply_the_old_way(b, pid, "")  # made before insured_r3: no status
    decided = _apply_the_old_way(b, pid, "4/1-a")
    _decide_the_old_way(b, decided, TODAY - dt.timedelta(days=2), "pension granted")
    still_open = _apply_the_old_way(b, pid, "4/1-b")
    old_links = _links(db, OLD_KIND.name)
    assert [p for p, *_ in old_links] == [1, 2, 3] and old_links[0][2] == GENESIS
    assert _links(db, V2) == []

    monkeypatch.undo()
    db.upgrade(backup=False)
    v2 = _links(db, V2)
    assert [r[1] for r in v2] == [before_r3, decided, still_open] and [r[0] for r in v2] == [1, 2, 3]
    assert v2[0][2] == GENESIS and all(later[2] == earlier[3] for earlier, later in zip(v2, v2[1:], strict=False))
    assert _links(db, OLD_KIND.name) == old_links  # the first chain is left as it was
    ctx = open_branch(db)
    ctx.today_override = TODAY
    report = verify_everything(ctx)
    assert report.ok, report.problems
    with pytest.raises(Exception, match="append-only"), db.write() as s:  # the status is guarded now
        s.execute(text("UPDATE insured_applications SET coverage = '4/1-c' WHERE id = :i"), {"i": still_open})

    # the open one decided now (an event of the v2 kind), a new one continues the v2 chain
    services.decide_application(ctx, b.manager, still_open, TODAY, "pension granted")
    new = services.register_application(ctx, b.clerk, pid, ApplicationKind.DISABILITY, TODAY, coverage="4/1-a")
    v2 = _links(db, V2)
    assert [r[1] for r in v2][3:] == [new.id] and v2[3][2] == v2[2][3]
    report = verify_everything(ctx)
    assert report.ok, report.problems

    _tampered_coverage_is_named(db, ctx, decided)


def test_a_new_branch_chains_the_status_of_its_applications(make_branch: Callable[[str], Branch]) -> None:
    b = make_branch("tr_sgk")
    app = services.register_application(b.ctx, b.clerk, _tr_person(b), ApplicationKind.PENSION, RECEIVED,
                                        coverage="4/1-b")
    assert app.coverage == "4/1-b"
    assert [r[1] for r in _links(b.ctx.db, V2)] == [app.id] and _links(b.ctx.db, OLD_KIND.name) == []
    report = verify_everything(b.ctx)
    assert report.ok, report.problems
    with pytest.raises(Exception, match="append-only"), b.ctx.db.write() as s:
        s.execute(text("UPDATE insured_applications SET coverage = '' WHERE id = :i"), {"i": app.id})
    _tampered_coverage_is_named(b.ctx.db, b.ctx, app.id)

"""Revision ``insured_r2`` over a branch that decided claims the old way, on SQLite and PostgreSQL.

The database is brought to every head but ``insured_r2`` (``insured_r1`` for insured affairs); its
decisions are written as the code before that revision wrote them: their own hash chain in
``chain_index``, ``prev_hash`` and ``hash`` (content version 1 of ``decide_claim``), and sealed by
``core.records`` as the first kind, ``insured.decision``, whose content held those columns (refusals, a correction, and an approval
with accounting's payment document and its payment due). After
the upgrade to the heads the columns are gone, the decisions are chained as
``insured.decision.v2``, the first chain is still there as it was, ``verify`` passes, a decision
made afterwards continues the numbering and the chain, and one tampered row makes ``verify`` fail
naming it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text

from branch_desktop.core import records
from branch_desktop.core.branch import init_branch, open_branch
from branch_desktop.core.ledger.chain import GENESIS, link
from branch_desktop.core.migrations import alembic_config
from branch_desktop.core.record_verify import verify_everything
from branch_desktop.core.storage import Database
from branch_desktop.insured import services
from branch_desktop.insured.models import Claim
from branch_desktop.insured.services.claims import _payment_document
from branch_desktop.insured.services.common import document_number, next_number
from branch_desktop.insured.services.payments import add_payment
from branch_desktop.insured.types import ClaimState, PersonInput, Sex
from tests.conftest import PASSWORD, TODAY, Branch, pg_admin_url, pg_copy
from tests.core.test_records import drop_guards
from tests.revenue.helpers import person_id

REVISION = "insured_r2"
# the first record kind of the decisions, as revision insured_r1's code declared it
OLD_KIND = records.RecordKind("insured.decision", "insured_decisions", (
    "fiscal_year", "number", "claim_id", "outcome", "amount", "reason", "supersedes_id", "decided_by",
    "decided_at", "decision_date", "payment_reference", "chain_index", "prev_hash", "hash"))
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database with no schema yet."""
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'old.db'}")
        yield db
        db.dispose()
        return
    if not pg_admin_url():
        pytest.skip("BRANCH_DESKTOP_TEST_PG is not set")
    with pg_copy(None) as db:
        yield db


def upgrade_before(db: Database, revision: str) -> None:
    """Every head that does not come after ``revision``, and ``revision``'s own parent."""
    cfg = alembic_config(db.engine)
    script = ScriptDirectory.from_config(cfg)
    parent = script.get_revision(revision).down_revision
    assert isinstance(parent, str)
    # the heads that do not come after the revision (a later merge revision does), then its parent
    before = [h for h in sorted(script.get_heads())
              if revision not in {r.revision for r in script.revision_map.iterate_revisions(h, "base")}]
    for target in [*before, parent]:
        command.upgrade(cfg, target)


def _upgrade_before(db: Database) -> None:
    """Every head but insured_r2, and insured_r2's own parent."""
    upgrade_before(db, REVISION)
    with db.engine.connect() as conn:
        assert {"chain_index", "prev_hash", "hash"} <= {c["name"] for c in sa.inspect(conn).get_columns(
            "insured_decisions")}


def _decide_the_old_way(b: Branch, claim_id: int, reason: str, supersedes: int | None = None, *,
                        approve: bool = False) -> int:
    """A decision as ``decide_claim`` wrote it before insured_r2: its own chain (content version 1)
    in the row, and the row sealed as the kind ``insured.decision`` in the same transaction. An
    approval also wrote accounting's payment document and the payment due (``insured_r1``)."""
    with b.ctx.db.write() as s:
        conn = s.connection()
        t = sa.Table("insured_decisions", sa.MetaData(), autoload_with=conn)  # the old columns
        claim = conn.execute(text("SELECT fiscal_year, number, result_json, amount FROM insured_claims WHERE id = :i"),
                             {"i": claim_id}).one()
        year = claim.fiscal_year
        number = next_number(s, "decision", year)
        outcome, amount, reference, role = "refused", 0, "", ""
        if approve:
            outcome, amount = "approved", claim.amount
            reference, role = _payment_document(s, b.ctx, b.manager, s.get(Claim, claim_id), year, number, TODAY)
        head = conn.execute(sa.select(t.c.chain_index, t.c.hash).order_by(t.c.chain_index.desc()).limit(1)).first()
        index, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
        content = _ENCODE.encode({"v": 1, "year": year, "number": number, "chain": index, "claim": claim_id,
                                  "claim_number": document_number(claim.fiscal_year, claim.number),
                                  "outcome": outcome, "amount": amount, "reason": reason, "supersedes": supersedes,
                                  "date": TODAY.isoformat(), "by": "manager", "result": claim.result_json})
        rid = conn.execute(t.insert().returning(t.c.id).values(
            fiscal_year=year, number=number, claim_id=claim_id, outcome=outcome, amount=amount, reason=reason,
            supersedes_id=supersedes, decided_by=b.manager.id, decided_at=dt.datetime(2026, 11, 24, 9, number),
            decision_date=TODAY, payment_reference=reference, chain_index=index, prev_hash=prev,
            hash=link(prev, content))).scalar_one()
        if approve:
            add_payment(s, rid, claim_id, reference, role, amount)
        seal_the_old_way(conn, t, OLD_KIND, rid)
        return int(rid)


def seal_the_old_way(conn: sa.Connection, t: sa.Table, kind: records.RecordKind, rid: int) -> None:
    """core.records' seal of an earlier revision: ``kind``'s next link over the row as stored (its
    state columns as they are)."""
    columns = records.content_columns(kind)
    values = conn.execute(sa.select(*(t.c[c] for c in columns)).where(t.c.id == rid)).one()
    length, chain_head = records.lock_head(conn, kind.name)
    new_head = link(chain_head, records.canonical(kind, rid, list(values)))
    conn.execute(text("INSERT INTO record_links (kind, position, record_id, prev_hash, hash) "
                      "VALUES (:k, :p, :r, :prev, :h)"),
                 {"k": kind.name, "p": length + 1, "r": rid, "prev": chain_head, "h": new_head})
    conn.execute(text("UPDATE record_heads SET length = :n, head = :h WHERE kind = :k"),
                 {"n": length + 1, "h": new_head, "k": kind.name})


def _links(db: Database, kind: str) -> list[tuple[int, int, str, str]]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(  # type: ignore[misc]
            "SELECT position, record_id, prev_hash, hash FROM record_links WHERE kind = :k ORDER BY position"),
            {"k": kind})]


def test_insured_r2_chains_the_old_decisions_as_records(empty_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    db = empty_db
    _upgrade_before(db)
    monkeypatch.setattr(db, "upgrade", lambda **_kw: None)  # init_branch would take it to the heads
    ctx, admin = init_branch(db, "ir_sso", "Old branch", "admin", PASSWORD)
    ctx.today_override = TODAY
    b = Branch(ctx, admin)
    pid = services.register_person(ctx, b.clerk, PersonInput(
        national_id=person_id("ir_sso", 1), first_name="Zahra", last_name="Ahmadi", sex=Sex.FEMALE,
        birth_date=dt.date(1990, 5, 1))).id
    claims = [services.prepare_claim(ctx, b.clerk, pid, {"kind": "marriage", "start": "1405-08-01"}).id
              for _ in range(4)]
    journey = services.prepare_claim(ctx, b.clerk, pid, {"kind": "travel", "start": "1405-08-01", "referred": True,
                                                         "cost": "1250000"})
    assert journey.eligible
    first = _decide_the_old_way(b, claims[0], "no premium record")
    _decide_the_old_way(b, claims[1], "no premium record")
    _decide_the_old_way(b, claims[1], "corrected: no first marriage", supersedes=first + 1)
    _decide_the_old_way(b, claims[2], "no premium record")
    approved = _decide_the_old_way(b, journey.id, "", approve=True)  # with its payment due
    old_links = _links(db, "insured.decision")
    assert [p for p, *_ in old_links] == [1, 2, 3, 4, 5] and old_links[0][2] == GENESIS
    assert _links(db, "insured.decision.v2") == []

    monkeypatch.undo()
    db.upgrade(backup=False)
    with db.engine.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("insured_decisions")}
        decided = list(conn.execute(text("SELECT id FROM insured_decisions ORDER BY id")).scalars())
        superseding = conn.execute(text("SELECT supersedes_id FROM insured_decisions WHERE number = 3")).scalar()
    assert not columns & {"chain_index", "prev_hash", "hash"} and superseding == decided[1]
    v2 = _links(db, "insured.decision.v2")
    assert [r[1] for r in v2] == decided and [r[0] for r in v2] == [1, 2, 3, 4, 5] and v2[0][2] == GENESIS
    assert all(later[2] == earlier[3] for earlier, later in zip(v2, v2[1:], strict=False))
    assert _links(db, "insured.decision") == old_links  # the first chain is left as it was
    ctx = open_branch(db)
    ctx.today_override = TODAY
    report = verify_everything(ctx)
    assert report.ok, report.problems
    # the old approval reads as before: approved, its payment due under accounting's document
    paid_view = services.get_claim(ctx, b.manager, journey.id)
    assert (paid_view.state, paid_view.amount, paid_view.payment_reference) == (
        ClaimState.APPROVED, journey.amount, f"BEN-{paid_view.decision_number}")
    assert decided[-1] == approved and len(_links(db, "insured.payment")) == 1
    with pytest.raises(Exception, match="append-only"), db.write() as s:  # the guards are back
        s.execute(text("UPDATE insured_decisions SET reason = 'x' WHERE id = :i"), {"i": decided[0]})

    # a decision made now continues the numbering and the v2 chain
    services.decide_claim(ctx, b.manager, claims[3], approve=False, reason="no premium record")
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT number FROM insured_decisions ORDER BY id DESC LIMIT 1")).scalar() == 6
    v2 = _links(db, "insured.decision.v2")
    assert len(v2) == 6 and v2[5][2] == v2[4][3]
    assert verify_everything(ctx).ok

    # one old decision changed behind the program's back: verify names it
    with db.engine.begin() as conn:
        drop_guards(conn, "insured_decisions")
        assert conn.execute(text("UPDATE insured_decisions SET reason = 'approved after all' WHERE id = :i"),
                            {"i": decided[2]}).rowcount == 1
    report = verify_everything(ctx)
    assert not report.ok
    assert any(f"insured.decision.v2 insured_decisions id {decided[2]}" in p and "does not match its hash" in p
               for p in report.problems), report.problems

"""The demo's execution step, on a small demo branch of each pack: seizure requests to banks under
its orders, each made before any objection to its order, one answered by its bank and one cancelled
(and the chain verifies)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from branch_desktop.core.record_verify import verify_everything
from branch_desktop.core.storage import Database
from branch_desktop.demo import DEMO_PASSWORD_ENV, DemoSize, build_demo
from tests.conftest import PASSWORD


@pytest.mark.parametrize("pack", ["ir_sso", "tr_sgk"])
def test_the_demo_makes_seizure_requests(tmp_path: Path, pack: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DEMO_PASSWORD_ENV, PASSWORD)
    monkeypatch.setenv("BRANCH_DESKTOP_ADMIN_PASSWORD", PASSWORD)
    db = Database(f"sqlite:///{tmp_path / 'demo.db'}")
    db.upgrade(backup=False)
    ctx, _admin, _n = build_demo(db, pack, DemoSize(30, 60, 8, 3))
    with db.read() as s:
        rows = s.execute(text("SELECT r.requested_on, MIN(j.received_on) FROM execution_seizure_requests r "
                              "LEFT JOIN execution_objections j ON j.order_id = r.order_id "
                              "GROUP BY r.id, r.requested_on")).all()
    assert rows and all(objected is None or str(day) < str(objected) for day, objected in rows)
    with db.read() as s:
        assert s.execute(text("SELECT count(*) FROM execution_seizure_replies")).scalar() == 1
        cancelled = s.execute(text("SELECT count(*) FROM execution_cancellations WHERE document = 'seizure'")).scalar()
    assert cancelled == (1 if len(rows) > 1 else 0)
    assert verify_everything(ctx).ok

"""The demo builds insured affairs through the services in both packs."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from branch_desktop.core.storage import Database
from branch_desktop.demo import DemoSize, build_demo


@pytest.mark.parametrize("pack", ["ir_sso", "tr_sgk"])
def test_demo_registers_insured_claims_decisions_and_applications(db: Database, pack: str) -> None:
    build_demo(db, pack, DemoSize(8, 40, 2, 3), modules=[
        "branch_desktop.revenue.demo", "branch_desktop.insured.demo", "branch_desktop.accounting.banking.demo",
        "branch_desktop.insured.demo_transfers"])
    with db.read() as s:
        persons = s.execute(text("SELECT count(*) FROM insured_persons")).scalar()
        workers = s.execute(text("SELECT count(DISTINCT national_id) FROM revenue_service_records")).scalar()
        outcomes = dict(s.execute(text("SELECT outcome, count(*) FROM insured_decisions GROUP BY outcome")).all())
        waiting = s.execute(text("SELECT count(*) FROM insured_claims WHERE id NOT IN "
                                 "(SELECT claim_id FROM insured_decisions)")).scalar()
        docs = s.execute(text("SELECT count(*) FROM bank_payment_documents WHERE reference LIKE 'BEN-%'")).scalar()
        apps = s.execute(text("SELECT count(*) FROM insured_applications")).scalar()
        lists = s.execute(text(
            "SELECT l.status, l.count, p.username, q.username, (SELECT count(*) FROM insured_payments y WHERE "
            "y.status = 'paid' AND y.method = 'transfer') FROM insured_transfer_lists l "
            "JOIN users p ON p.id = l.prepared_by JOIN users q ON q.id = l.posted_by")).all()
    assert persons == workers and persons > 0
    assert outcomes.get("approved", 0) > 0 and outcomes.get("refused", 0) > 0 and waiting > 0
    assert docs == outcomes["approved"]
    assert apps == 8
    with db.read() as s:
        statuses = dict(s.execute(text("SELECT coverage, count(*) FROM insured_coverage_history GROUP BY coverage")).all())
        applied = dict(s.execute(text("SELECT coverage, count(*) FROM insured_applications GROUP BY coverage")).all())
    if pack == "tr_sgk":  # every insured an employee since 2015, two applicants self-employed for a year
        assert statuses == {"4/1-a": persons, "4/1-b": 2} and applied == {"4/1-a": 6, "4/1-b": 2}
    else:  # the Iranian pack keeps no status
        assert statuses == {} and applied == {"": 8}
    # one transfer list, prepared by the accountant and posted by the manager (four eyes), paid its benefits
    [(status, count, preparer, poster, paid)] = lists
    assert status == "posted" and count >= 1 and paid == count and preparer != poster
    # a second run (demo --extend) adds no second registry
    build_demo(db, pack, DemoSize(8, 40, 2, 3), modules=["branch_desktop.insured.demo",
                                                         "branch_desktop.insured.demo_transfers"])
    with db.read() as s:
        assert s.execute(text("SELECT count(*) FROM insured_persons")).scalar() == persons
        assert s.execute(text("SELECT count(*) FROM insured_transfer_lists")).scalar() == 1


def test_the_demo_gives_the_approved_payees_an_iban(sqlite_db: Database) -> None:
    build_demo(sqlite_db, "tr_sgk", DemoSize(8, 40, 2, 3),
               modules=["branch_desktop.revenue.demo", "branch_desktop.insured.demo"])
    with sqlite_db.read() as s:
        due, with_iban = s.execute(text(
            "SELECT count(*), sum(CASE WHEN p.iban LIKE 'TR%' THEN 1 ELSE 0 END) FROM insured_payments y "
            "JOIN insured_claims c ON c.id = y.claim_id JOIN insured_persons p ON p.id = c.person_id")).one()
    assert due > 0 and with_iban == due

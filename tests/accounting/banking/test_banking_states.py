"""Banking's states in the database: a state column takes only its enum's values, whoever writes
(raw SQL included): CHECK constraints on PostgreSQL, triggers on SQLite (revision banking_r2),
checked and repaired with the other guards; the revision's downgrade removes them."""

from __future__ import annotations

import datetime as dt
from types import ModuleType

import pytest
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from branch_desktop.accounting.banking import services as bank
from branch_desktop.accounting.banking.models import IssuedCheque, PaymentDocument, ReconciliationLock
from branch_desktop.accounting.banking.states import (
    STATE_COLUMNS,
    ChequeStatus,
    LockStatus,
    PaymentDocumentStatus,
)
from branch_desktop.core.migrations import alembic_config
from branch_desktop.core.models import check_in
from branch_desktop.core.record_guards import check_guards, repair_guards

from .helpers import setup_accounts
from .test_banking_services import pay

D = dt.date


def revision() -> ModuleType:
    script = ScriptDirectory.from_config(alembic_config())
    rev = script.get_revision("banking_r2")
    assert rev is not None and rev.module is not None
    return rev.module


def test_the_revision_lists_the_enums_states_and_the_models_declare_them():
    """The revision writes the states out (it must not change with the code); they are the enums'."""
    assert {key: tuple(values) for key, values in revision().STATES.items()} == {
        key: tuple(s.value for s in enum) for key, enum in STATE_COLUMNS.items()}
    for model, enum in ((IssuedCheque, ChequeStatus), (PaymentDocument, PaymentDocumentStatus),
                        (ReconciliationLock, LockStatus)):
        checks = {str(c.sqltext) for c in model.__table__.constraints if c.name and str(c.name).endswith("_status")}
        assert checks == {check_in("status", enum)}, model


def _refused(conn_factory, sql: str, params: dict[str, object]) -> str:
    with pytest.raises(DBAPIError) as err, conn_factory() as conn:
        conn.execute(text(sql), params)
    return str(err.value)


def test_a_bad_state_written_by_hand_is_refused(branch):
    setup_accounts(branch)
    ctx, acct, mgr = branch.ctx, branch.accountant, branch.manager
    bank.register_cheque_book(ctx, acct, "1600", 1, 10)
    doc = pay(branch, "GH-1", 1_000_000)
    bank.check_payment_document(ctx, acct, doc.id)
    cheque = bank.issue_cheque(ctx, acct, "1600", doc.id, D(2024, 7, 25))
    engine = ctx.db.engine
    pg = engine.dialect.name == "postgresql"

    def says(message: str, table: str) -> bool:
        return (f"ck_{table}_status" in message) if pg else (f"{table}.status must be one of" in message)

    # payment documents: a raw UPDATE or INSERT with an unknown state
    msg = _refused(engine.begin, "UPDATE bank_payment_documents SET status = :s WHERE id = :id",
                   {"s": "cancelled", "id": doc.id})
    assert says(msg, "bank_payment_documents"), msg
    row = {"ref": "RAW-1", "by": acct.id, "now": dt.datetime(2024, 7, 25, 10), "day": D(2024, 7, 23)}
    insert_doc = ("INSERT INTO bank_payment_documents (reference, insured_id, insured_name, benefit_type, amount, "
                  "period, document_date, prepared_by, checked_by, approved_by, status, created_by, created_at) "
                  "VALUES (:ref, '1', 'x', 'benefit_sickness', 5, '1403-05', :day, '', '', '', :status, :by, :now)")
    msg = _refused(engine.begin, insert_doc, {**row, "status": "approved"})
    assert says(msg, "bank_payment_documents"), msg
    with engine.begin() as conn:  # a known state passes: the guard refuses the value, not the write
        conn.execute(text(insert_doc), {**row, "status": PaymentDocumentStatus.ENTERED.value})
        conn.execute(text("UPDATE bank_payment_documents SET status = 'checked' WHERE reference = 'RAW-1'"))
    # issued cheques: an unknown state, whether the row is new or signed already
    msg = _refused(engine.begin, "UPDATE bank_issued_cheques SET status = 'lost' WHERE id = :id", {"id": cheque.id})
    assert says(msg, "bank_issued_cheques"), msg
    book = bank.list_cheque_books(ctx, acct, "1600")[0].id
    msg = _refused(engine.begin, (
        "INSERT INTO bank_issued_cheques (bank_account_id, cheque_book_id, number, payee, amount, issue_date, status, "
        "spoiled_reason, created_by, created_at) SELECT bank_account_id, :book, 9, 'x', 1, issue_date, 'printed', '', "
        "created_by, created_at FROM bank_issued_cheques WHERE id = :id"), {"book": book, "id": cheque.id})
    assert says(msg, "bank_issued_cheques"), msg
    # reconciliation locks
    msg = _refused(engine.begin, (
        "INSERT INTO bank_reconciliation_locks (bank_account_id, year, month, status, book_balance, statement_balance, "
        "locked_by, locked_at, reopen_reason) SELECT id, 1403, 1, 'open', 0, 0, :by, :now, '' FROM bank_accounts "
        "WHERE code = '1500'"), {"by": mgr.id, "now": dt.datetime(2024, 7, 25, 10)})
    assert says(msg, "bank_reconciliation_locks"), msg
    # the services' own writes go through
    assert bank.sign_cheque(ctx, acct, cheque.id).status is ChequeStatus.ISSUED
    assert bank.sign_cheque(ctx, mgr, cheque.id).status is ChequeStatus.SIGNED


def _run(conn: Connection, fn_name: str) -> None:
    with Operations.context(MigrationContext.configure(conn)):
        getattr(revision(), fn_name)()


def _state_guards(conn: Connection) -> set[str]:
    if conn.dialect.name == "sqlite":
        return {r[0] for r in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'trg_bank_%_status_%'"))}
    return {r[0] for r in conn.execute(text(
        "SELECT conname FROM pg_constraint WHERE contype = 'c' AND conname IN "
        "('ck_bank_issued_cheques_status', 'ck_bank_payment_documents_status', 'ck_bank_reconciliation_locks_status')"))}


def test_downgrade_removes_the_guards_and_upgrade_restores_them(db):
    expected = 6 if db.engine.dialect.name == "sqlite" else 3
    with db.engine.begin() as conn:
        assert len(_state_guards(conn)) == expected
        _run(conn, "downgrade")
        assert _state_guards(conn) == set()
        conn.execute(text("UPDATE bank_payment_documents SET status = 'anything'"))  # no rows; accepted
        _run(conn, "upgrade")
        assert len(_state_guards(conn)) == expected


def test_a_dropped_state_trigger_is_named_and_repaired(sqlite_db):
    with sqlite_db.engine.begin() as conn:
        assert check_guards(conn) == []
        conn.execute(text("DROP TRIGGER trg_bank_issued_cheques_status_update"))
        assert check_guards(conn) == ["trigger trg_bank_issued_cheques_status_update on bank_issued_cheques is missing"]
        assert repair_guards(conn) == ["trg_bank_issued_cheques_status_update"]
        assert check_guards(conn) == []

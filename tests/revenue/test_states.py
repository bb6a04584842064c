"""Revenue's states are enums and the database holds only their values: raw SQL that writes any
other value into a state column is refused by the column's CHECK constraint, on SQLite and
PostgreSQL, and every value of the enum is accepted."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError

from branch_desktop.core.models import check_in
from branch_desktop.revenue import services
from branch_desktop.revenue.models import Base
from branch_desktop.revenue.states import STATE_COLUMNS, ChequeStatus, ReceiptKind, ReceiptStatus
from branch_desktop.revenue.types import Method, PaymentInput
from tests.conftest import Branch
from tests.revenue.helpers import lines, make_employer, month_of

# columns a copied row must change to stay unique
_UNIQUE = {"revenue_employers": {"file_no": "file_no || '-{n}'"},
           "revenue_receipts": {"number": "number + 1000 + {n}", "ref_key": "ref_key || '-{n}'", "voids_id": "NULL"}}


def _copy(conn: Connection, table: str, column: str, value: str, n: int) -> None:
    """Insert a copy of the table's first row with ``column`` set to ``value``."""
    cols = [c.name for c in Base.metadata.tables[table].columns if c.name != "id"]
    exprs = {c: c for c in cols} | {c: e.format(n=n) for c, e in _UNIQUE.get(table, {}).items()}
    exprs[column] = ":value"
    first = conn.execute(text(f"SELECT min(id) FROM {table}")).scalar_one()
    conn.execute(text(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(exprs[c] for c in cols)} "
                      f"FROM {table} WHERE id = :first"), {"value": value, "first": first})


def test_the_check_constraints_list_the_enums() -> None:
    for (table, column), (states, nullable) in STATE_COLUMNS.items():
        checks = {str(c.sqltext) for c in Base.metadata.tables[table].constraints if c.name == f"ck_{table}_{column}"}
        assert checks == {check_in(column, states, nullable)}


def test_raw_sql_with_a_state_not_listed_is_refused(branch: Branch) -> None:
    b = branch
    e = make_employer(b)
    ym = month_of(b)
    services.submit_declaration(b.ctx, b.clerk, e.id, ym, lines(b, ym, 2))
    services.take_payment(b.ctx, b.clerk, PaymentInput(
        employer_id=e.id, amount=1000, method=Method.CHEQUE, reference="C-1", bank="Melli", drawer="Owner",
        due_date=dt.date(2026, 12, 1)))
    n = 0
    for (table, column), (states, _nullable) in STATE_COLUMNS.items():
        with b.ctx.db.engine.connect() as conn:
            for state in states:  # every value of the enum is taken...
                n += 1
                with conn.begin_nested():
                    _copy(conn, table, column, state.value, n)
            n += 1
            with pytest.raises(IntegrityError) as err:  # ...and nothing else
                _copy(conn, table, column, "bogus", n)
            assert f"ck_{table}_{column}" in str(err.value)
            conn.rollback()


def test_views_carry_the_enums(branch: Branch) -> None:
    b = branch
    e = make_employer(b)
    ym = month_of(b)
    services.submit_declaration(b.ctx, b.clerk, e.id, ym, lines(b, ym, 1))
    r = services.take_payment(b.ctx, b.clerk, PaymentInput(
        employer_id=e.id, amount=500, method=Method.CHEQUE, reference="C-2", bank="Melli", drawer="Owner",
        due_date=dt.date(2026, 12, 1)))
    assert r.kind is ReceiptKind.PAYMENT and r.status is ReceiptStatus.VALID and r.cheque_status is ChequeStatus.IN_HAND
    again = services.get_receipt(b.ctx, b.clerk, r.id)
    assert (again.kind, again.status, again.cheque_status) == (ReceiptKind.PAYMENT, ReceiptStatus.VALID,
                                                                ChequeStatus.IN_HAND)
    assert type(again.cheque_status) is ChequeStatus
    services.deposit_cheque(b.ctx, b.accountant, r.id)
    [row] = services.list_cheques(b.ctx, b.accountant, "deposited")
    assert row.status is ChequeStatus.DEPOSITED

"""The command line's fast path (``cli_fast``, ``core.driver``): read-only commands on a live command-line
session run on the driver's own connection, without SQLAlchemy, and print what the full path prints;
the session and the role are checked as strictly (both databases)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from branch_desktop import cli
from branch_desktop.accounting.banking import services as bank
from branch_desktop.accounting.banking.driver_reads import active_bank_accounts
from branch_desktop.cli import run
from branch_desktop.cli_fast import fast_context
from branch_desktop.core import migrations
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.driver import DriverConnection, display_url, resolve_url
from branch_desktop.core.ledger import queries
from branch_desktop.core.ledger.trial_balance import read_trial_balance
from branch_desktop.core.models import AuditLog, CliSession
from branch_desktop.execution import services
from branch_desktop.execution.driver_reads import (
    ageing_figures,
    ageing_of_employers,
    register_is_current,
    register_rows,
)
from tests.accounting.banking.helpers import setup_accounts
from tests.conftest import PASSWORD, Branch
from tests.execution.helpers import declared, pay


@pytest.fixture
def tr(make_branch) -> Branch:  # type: ignore[no-untyped-def]
    b: Branch = make_branch("tr_sgk")
    emp, file_no, ms = declared(b)
    declared(b, 2, months=2)
    pay(b, emp, ms[1], 1000, "T-1")  # part of a month
    setup_accounts(b)
    b.file_no = file_no  # type: ignore[attr-defined]
    return b


def _connection(b: Branch) -> DriverConnection:
    conn = DriverConnection.open(b.ctx.db.url)
    assert conn is not None
    return conn


def test_the_driver_reads_are_the_services(tr: Branch) -> None:
    """On a connection of its own (the driver's types, no SQLAlchemy) the shared reads return what the
    services return."""
    b, today, cur = tr, tr.ctx.today(), tr.ctx.pack.currency
    file_no = b.file_no  # type: ignore[attr-defined]
    register = services.debt_register(b.ctx, b.clerk, today)  # refreshes the register
    assert register and any(r.owed for r in register)
    conn = _connection(b)
    try:
        assert register_is_current(conn)
        assert register_rows(conn, cur, today) == register
        for kwargs in ({"employer": file_no}, {"min_age": 40}, {"limit": 2}):
            assert register_rows(conn, cur, today, **kwargs) == services.debt_register(b.ctx, b.clerk, today, **kwargs)
        for employer in (None, file_no):
            figures = ageing_figures(conn, cur, today, employer=employer)
            assert figures == services.ageing(b.ctx, b.clerk, today, employer=employer) and figures.total > 0
        ids = [r.employer_id for r in register]
        assert ageing_of_employers(conn, cur, today, ids) == services.ageing_by_employer(b.ctx, b.clerk, today, ids)
        period = b.ctx.pack.calendar.year_month(today)
        for english in (True, False):
            assert read_trial_balance(conn, b.ctx.pack, period, english).rows
        assert read_trial_balance(conn, b.ctx.pack, period, True) == queries.trial_balance(b.ctx, b.clerk, period)
        accounts = active_bank_accounts(conn)
        assert len(accounts) == 4 and accounts == bank.list_bank_accounts(b.ctx, b.accountant)
        assert migrations.read_revisions(conn) == migrations.current_revisions(b.ctx.db.engine)
        conn.rollback()
        emp = register[0].employer_id
        pay(b, emp, register[0].month, 10, "T-2")  # revenue moves on: the register must be refreshed
        assert not register_is_current(conn)
    finally:
        conn.close()


COMMANDS = (["db", "current"], ["bank-account", "list"], ["debt", "register"], ["debt", "ageing"],
            ["debt", "register", "--min-age", "40"])


def _outputs(url: str, user: str, commands: list[list[str]], capsys: pytest.CaptureFixture[str]) -> list[str]:
    outs = []
    for command in commands:
        assert run(["--db", url, "--lang", "en", "--user", user, *command]) == 0, command
        outs.append(capsys.readouterr().out)
    return outs


def test_a_session_runs_the_read_commands_without_sqlalchemy_and_prints_the_same(
        tr: Branch, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    b = tr
    file_no = b.file_no  # type: ignore[attr-defined]
    url = b.ctx.db.url
    period = str(b.ctx.pack.calendar.year_month(dt.date.today()))
    commands = [*map(list, COMMANDS), ["report", "trial-balance", "--period", period],
                ["debt", "ageing", "--employer", file_no], ["debt", "register", "--employer", file_no]]
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", PASSWORD)
    full = _outputs(url, "accountant", commands, capsys)  # the password at each command: the full path
    assert run(["--db", url, "--user", "accountant", "login"]) == 0
    monkeypatch.delenv("BRANCH_DESKTOP_PASSWORD")

    def full_path(*_args: Any, **_kw: Any) -> Any:
        raise AssertionError("the full path was taken")

    monkeypatch.setattr(cli, "_context", full_path)
    capsys.readouterr()
    assert _outputs(url, "accountant", commands, capsys) == full
    assert any(len(out) > 40 for out in full)


def _args(url: str, user: str = "") -> argparse.Namespace:
    return argparse.Namespace(db=url, user=user or None, lang="en")


def test_the_session_and_the_role_are_checked_as_on_the_full_path(
        branch: Branch, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    b, url = branch, branch.ctx.db.url
    assert fast_context(_args(url), None) is None  # no session
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", PASSWORD)
    assert run(["--db", url, "--user", "clerk", "login"]) == 0
    monkeypatch.delenv("BRANCH_DESKTOP_PASSWORD")
    with b.ctx.db.read() as s:
        before = s.scalar(select(CliSession.last_used_at))
    ctx = fast_context(_args(url), "reports.view")
    assert ctx is not None and ctx.actor.username == "clerk" and ctx.actor == b.clerk
    ctx.dispose()
    with b.ctx.db.read() as s:
        assert s.scalar(select(CliSession.last_used_at)) > before  # the idle clock restarted

    assert fast_context(_args(url, "manager"), None) is None  # another user named: the password
    assert fast_context(_args(url), "banking.view") is None  # the clerk may not: the full path refuses ...
    assert run(["--db", url, "bank-account", "list"]) == 2
    assert "(banking.view)" in capsys.readouterr().err
    with b.ctx.db.read() as s:  # ... and audits the refusal
        assert s.scalar(select(AuditLog.action).order_by(AuditLog.id.desc())) == "permission.denied"

    with monkeypatch.context() as newer:
        newer.setattr(migrations, "script_heads", lambda: frozenset({"a_newer_head"}))
        assert fast_context(_args(url), None) is None  # a schema to upgrade: the full path upgrades it
        as_it_is = fast_context(_args(url), None, at_head=False)  # ``db current`` reads it as it is
        assert as_it_is is not None
        as_it_is.dispose()

    with b.ctx.db.write() as s:  # idle for longer than the branch allows
        s.execute(text("UPDATE cli_sessions SET last_used_at = :t"), {"t": dt.datetime(2020, 1, 1)})
    assert fast_context(_args(url), None) is None
    with b.ctx.db.read() as s:
        assert s.scalar(select(CliSession.id)) is not None  # left for the full path, which ends it ...
    assert run(["--db", url, "db", "current"]) == 2  # ... and asks for the password
    with b.ctx.db.read() as s:
        assert s.scalar(select(CliSession.id)) is None
        assert s.scalar(select(AuditLog.details).where(AuditLog.action == "cli_session.end")).count("idle")


@pytest.mark.parametrize("url", [
    "sqlite:////tmp/a/branch.db", "postgresql+psycopg://u@h/db", "postgresql+psycopg://u:secret@h:5433/db",
    "postgresql+psycopg://h/db", "postgresql+psycopg://u:@h/db", "postgresql+psycopg://u.x-y:p@10.0.0.1/d_b",
])
def test_the_url_shown_is_sqlalchemys(url: str) -> None:
    """The token file is named by the URL as the engine renders it (password hidden): the fast path
    finds the file the full path wrote."""
    assert display_url(url) == make_url(url).render_as_string(hide_password=True)


@pytest.mark.parametrize("url", ["sqlite:///relative.db", "sqlite:////tmp/a b.db", "sqlite://",
                                 "postgresql+psycopg://u:p@h/db?sslmode=require", "postgresql+psycopg://u%40x@h/db",
                                 "mysql://u@h/db"])
def test_other_urls_take_the_full_path(url: str) -> None:
    assert display_url(url) is None
    assert DriverConnection.open(url) is None
    assert resolve_url(url) == url


def test_a_closed_months_trial_balance_carries_its_checkpoints_digest(
        branch: Branch, monkeypatch: pytest.MonkeyPatch) -> None:
    """The digest the month close's checkpoint recorded (the latest one) is on the trial balance, read
    alike through the service and on a connection of its own."""
    import json

    from branch_desktop.core.checkpoint_digest import ACTION
    from branch_desktop.core.ledger import periods
    from branch_desktop.core.ledger import services as ledger
    from branch_desktop.core.ledger.types import EntryInput, LineInput

    b, period = branch, YearMonth(1405, 8)
    ledger.post_entry(b.ctx, b.accountant, EntryInput("GEN", dt.date(2026, 11, 20), "x",
                                                        (LineInput("1500", debit=700), LineInput("1310", credit=700))))
    assert queries.trial_balance(b.ctx, b.clerk, period).checkpoint == ""
    monkeypatch.setattr(periods, "CLOSE_CHECKS", [])
    ledger.close_period(b.ctx, b.accountant, period)
    with b.ctx.db.write() as s:
        for digest in ("old", "abc123"):
            s.add(AuditLog(action=ACTION, object_type="month_close", object_id=str(period),
                           details=json.dumps({"digest": digest})))
    tb = queries.trial_balance(b.ctx, b.clerk, period)
    conn = _connection(b)
    try:
        assert tb.checkpoint == "abc123" and read_trial_balance(conn, b.ctx.pack, period, True) == tb
    finally:
        conn.close()

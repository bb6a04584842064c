"""Legal records: every tampering of issue 13 is caught by ``verify`` on SQLite and PostgreSQL.

A small demo branch (receipts with a void and a cheque, declarations, payroll runs, a bank
statement) is built once per backend and copied for each test. Each tampering first drops the
table's guards (the database refuses it otherwise), then ``verify`` must name both the missing
guard and the changed record.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, select, text
from sqlalchemy.exc import DBAPIError

from branch_desktop.accounting.banking import services as bank
from branch_desktop.core import checkpoints
from branch_desktop.core.branch import BranchContext, open_branch
from branch_desktop.core.ledger import chain
from branch_desktop.core.ledger.models import Entry
from branch_desktop.core.record_guards import check_guards, repair_database_guards, repair_guards
from branch_desktop.core.record_verify import verify_everything
from branch_desktop.core.security import first_admin
from branch_desktop.core.storage import Database
from branch_desktop.demo import DemoSize, build_demo
from branch_desktop.revenue import services as revenue
from tests.conftest import TODAY, Branch, _backends, pg_copy

SIZE = DemoSize(employers=8, insured=40, months=2, seed=1)


@pytest.fixture(scope="module", params=_backends())
def demo_template(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path_factory.mktemp("demo") / "demo.db"
        shutil.copyfile(template, path)
        db = Database(f"sqlite:///{path}")
        build_demo(db, "ir_sso", SIZE, today=TODAY)
        db.dispose()
        yield "sqlite", str(path)
        return
    with pg_copy(request.getfixturevalue("pg_template")) as db:
        build_demo(db, "ir_sso", SIZE, today=TODAY)
        name = db.engine.url.database
        assert name
        db.dispose()
        # the copy is kept (as the template of each test) until the module is done
        yield "postgresql", name


@pytest.fixture
def demo(demo_template: tuple[str, str], tmp_path: Path) -> Iterator[Database]:
    backend, source = demo_template
    if backend == "sqlite":
        path = tmp_path / "branch.db"
        shutil.copyfile(source, path)
        db = Database(f"sqlite:///{path}")
        yield db
        db.dispose()
        return
    with pg_copy(source) as db:
        yield db


def _ctx(db: Database) -> BranchContext:
    ctx = open_branch(db)
    ctx.today_override = TODAY
    return ctx


def drop_guards(conn: Connection, table: str) -> list[str]:
    """What an attacker does first: drop every trigger of the table."""
    if conn.dialect.name == "sqlite":
        names = list(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
                                  {"t": table}).scalars())
        for name in names:
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
        return names
    names = list(conn.execute(text("SELECT tgname FROM pg_trigger WHERE tgrelid = CAST(:t AS regclass) "
                                   "AND NOT tgisinternal"), {"t": table}).scalars())
    for name in names:
        conn.exec_driver_sql(f"DROP TRIGGER {name} ON {table}")
    return names


def tamper(db: Database, table: str, sql: str) -> list[str]:
    with db.engine.begin() as conn:
        dropped = drop_guards(conn, table)
        assert conn.execute(text(sql)).rowcount == 1
    assert dropped
    return dropped


def assert_caught(db: Database, table: str, *expected: str) -> list[str]:
    report = verify_everything(_ctx(db))
    assert not report.ok
    problems = report.problems
    assert any("guards" in p and f"on {table} is missing" in p for p in problems), problems
    for want in expected:
        assert any(want in p for p in problems), (want, problems)
    return problems


def test_sound_books_pass_and_final_rows_are_refused(demo: Database) -> None:
    report = verify_everything(_ctx(demo))
    assert report.ok, report.problems
    with demo.engine.connect() as conn:
        counts = dict(conn.execute(text("SELECT kind, length FROM record_heads")).all())
        assert counts["payroll.line"] == conn.execute(text("SELECT count(*) FROM payroll_lines")).scalar() > 0
        assert counts["revenue.receipt"] == conn.execute(text("SELECT count(*) FROM revenue_receipts")).scalar() > 0
        assert counts["core.audit"] == conn.execute(text("SELECT count(*) FROM audit_log")).scalar() > 0
    for sql in ("UPDATE payroll_slips SET iban = 'X' WHERE id = (SELECT min(id) FROM payroll_slips)",
                "DELETE FROM payroll_lines WHERE id = (SELECT min(id) FROM payroll_lines)",
                "UPDATE bank_statements SET closing = closing + 1",
                "UPDATE revenue_receipts SET cheque_status = 'cleared' WHERE method = 'cheque'",
                "UPDATE record_links SET hash = 'x' WHERE position = 1",
                "DELETE FROM record_events"):
        with pytest.raises(DBAPIError), demo.engine.begin() as conn:
            conn.execute(text(sql))


# (table, tampering SQL, what verify must say besides the missing guard): one per item of issue 13
TAMPERINGS = {
    "payroll_slips.iban": ("payroll_slips", "UPDATE payroll_slips SET iban = 'IR820540102680020817909002' "
                           "WHERE id = (SELECT min(id) FROM payroll_slips)",
                           ("payroll.slip payroll_slips id", "does not match its hash")),
    "payroll_lines.amount": ("payroll_lines", "UPDATE payroll_lines SET amount = amount + 1000 "
                             "WHERE id = (SELECT min(id) FROM payroll_lines WHERE kind = 'earning')",
                             ("payroll.line payroll_lines id", "totals differ from its pay lines")),
    "revenue_declarations.premium": ("revenue_declarations", "UPDATE revenue_declarations SET premium = premium - 100 "
                                     "WHERE id = (SELECT min(id) FROM revenue_declarations)",
                                     ("revenue.declaration revenue_declarations id", "differ from its lines'")),
    "revenue_declaration_lines.wage": ("revenue_declaration_lines", "UPDATE revenue_declaration_lines SET wage = "
                                       "wage + 1 WHERE id = (SELECT min(id) FROM revenue_declaration_lines)",
                                       ("revenue.declaration_line revenue_declaration_lines id",
                                        "differ from its lines'")),
    "bank_statement_lines": ("bank_statement_lines", "UPDATE bank_statement_lines SET amount = amount + 500, "
                             "counterparty = 'someone else' WHERE id = (SELECT min(id) FROM bank_statement_lines)",
                             ("bank.statement_line bank_statement_lines id", "is not its closing")),
    "bank_statements.closing": ("bank_statements", "UPDATE bank_statements SET closing = closing + 500 "
                                "WHERE id = (SELECT min(id) FROM bank_statements)",
                                ("bank.statement bank_statements id", "is not its closing")),
    "revenue_receipts.status": ("revenue_receipts", "UPDATE revenue_receipts SET status = 'voided' WHERE id = "
                                "(SELECT min(id) FROM revenue_receipts WHERE kind = 'payment' AND status = 'valid')",
                                ("revenue.receipt revenue_receipts id", "not voided by a void receipt")),
    "revenue_receipts.cheque_status": ("revenue_receipts", "UPDATE revenue_receipts SET cheque_status = 'cleared' "
                                       "WHERE id = (SELECT min(id) FROM revenue_receipts WHERE method = 'cheque' "
                                       "AND cheque_status = 'in_hand')",
                                       ("revenue.receipt revenue_receipts id",
                                        "does not agree with its clearing and bounce entries")),
}


@pytest.mark.parametrize("case", list(TAMPERINGS))
def test_tampering_is_caught(demo: Database, case: str) -> None:
    table, sql, expected = TAMPERINGS[case]
    tamper(demo, table, sql)
    assert_caught(demo, table, *expected)


def test_audit_rows_deleted(demo: Database) -> None:
    with demo.engine.begin() as conn:
        assert drop_guards(conn, "audit_log")
        conn.execute(text("DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log ORDER BY id LIMIT 3)"))
    assert_caught(demo, "audit_log", "core.audit audit_log id", "the record was deleted")


def test_dropped_trigger_is_named_and_repaired(demo: Database) -> None:
    ctx = _ctx(demo)
    with demo.engine.begin() as conn:
        dropped = drop_guards(conn, "revenue_allocations")
    report = verify_everything(ctx)
    assert not report.ok
    assert {p for p in report.problems if "on revenue_allocations" in p} and len(dropped) >= 2
    with demo.read() as s:
        admin = first_admin(s)
    names = repair_database_guards(ctx, admin)
    assert set(dropped) <= set(names)
    report = verify_everything(ctx)
    assert report.ok, report.problems
    with demo.engine.connect() as conn:
        assert check_guards(conn) == []
        row = conn.execute(text("SELECT username, details FROM audit_log WHERE action = 'records.repair_guards'")).one()
    assert row[0] == admin.username and "revenue_allocations" in row[1]
    with pytest.raises(DBAPIError), demo.engine.begin() as conn:
        conn.execute(text("DELETE FROM revenue_allocations"))


# -- checkpoints anchored outside the database --------------------------------------------------


def _rechain(conn: Connection, journal_code: str) -> None:
    """What a careful attacker does after editing a posted entry: recompute the journal's chain."""
    codes = dict(conn.execute(text("SELECT id, code FROM accounts")).all())
    users = dict(conn.execute(text("SELECT id, username FROM users")).all())
    jid = conn.execute(text("SELECT id FROM journals WHERE code = :c"), {"c": journal_code}).scalar_one()
    entries = conn.execute(select(Entry).where(Entry.journal_id == jid, Entry.status == "posted")
                           .order_by(Entry.chain_index)).all()
    head, hashes = chain.GENESIS, dict(conn.execute(text("SELECT id, hash FROM entries WHERE hash IS NOT NULL")).all())
    for e in entries:
        lines = conn.execute(text("SELECT line_no, account_id, debit, credit, party_type, party_id, memo FROM entry_lines "
                                  "WHERE entry_id = :e ORDER BY line_no"), {"e": e.id}).all()
        content = chain.canonical(
            journal=journal_code, fiscal_year=e.fiscal_year, number=e.number, chain_index=e.chain_index,
            entry_date=e.entry_date, description=e.description, reference=e.reference,
            reverses_hash=hashes.get(e.reverses_id) if e.reverses_id else None, posted_by=users.get(e.posted_by, ""),
            posted_at=e.posted_at,
            lines=[chain.ChainLine(r.line_no, codes[r.account_id], r.debit, r.credit, r.party_type, r.party_id, r.memo)
                   for r in lines])
        new = chain.link(head, content)
        conn.execute(text("UPDATE entries SET prev_hash = :p, hash = :h WHERE id = :id"), {"p": head, "h": new, "id": e.id})
        hashes[e.id] = head = new
    conn.execute(text("UPDATE journals SET chain_head = :h WHERE id = :id"), {"h": head, "id": jid})


def test_recomputed_chain_is_caught_by_signed_checkpoints(demo: Database, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    key, file = tmp_path / "keys" / "branch.pem", tmp_path / "elsewhere" / "checkpoints.jsonl"
    monkeypatch.setenv(checkpoints.ENV_KEY, str(key))
    monkeypatch.setenv(checkpoints.ENV_PASSPHRASE, "a long passphrase")
    monkeypatch.setenv(checkpoints.ENV_FILE, str(file))
    public = checkpoints.init_key(key, "a long passphrase")
    assert b"ENCRYPTED" in key.read_bytes() and public in key.with_suffix(".pub").read_text()
    ctx = _ctx(demo)
    with demo.read() as s:
        admin = first_admin(s)
    ym = ctx.pack.calendar.year_month(TODAY)
    ten = bank.ten_day_balance(ctx, admin, "1500", ym, issue=True)
    day = revenue.close_day(ctx, admin, clerk="clerk", day=TODAY)
    lines = [json.loads(x) for x in file.read_text(encoding="utf-8").splitlines()]
    assert [x["event"] for x in lines] == ["ten_day", "day_close"] and all(x["signature"] for x in lines)
    assert (ten.checkpoint, day.checkpoint) == (lines[0]["digest"], lines[1]["digest"])
    assert chain.short_digest(day.checkpoint).replace("-", "") in day_close_pdf_text(day, ctx)
    report = verify_everything(ctx)
    assert checkpoints.verify_checkpoints(ctx, file, report) == 2 and report.ok, report.problems

    # two lines of a posted entry changed, balances and the chain recomputed, the guards put back
    with demo.engine.begin() as conn:
        entry_id = conn.execute(text(
            "SELECT e.id FROM entries e JOIN journals j ON j.id = e.journal_id WHERE j.code = 'LOB' "
            "AND e.status = 'posted' AND (SELECT count(*) FROM entry_lines WHERE entry_id = e.id) = 2 "
            "ORDER BY e.chain_index LIMIT 1")).scalar_one()
        drop_guards(conn, "entries")
        drop_guards(conn, "entry_lines")
        for line_id, account, period, debit, _credit in conn.execute(text(
                "SELECT l.id, l.account_id, e.period_id, l.debit, l.credit FROM entry_lines l "
                "JOIN entries e ON e.id = l.entry_id WHERE l.entry_id = :e"), {"e": entry_id}).all():
            side = "debit" if debit else "credit"
            conn.execute(text(f"UPDATE entry_lines SET {side} = {side} + 100000 WHERE id = :id"), {"id": line_id})
            conn.execute(text(f"UPDATE account_balances SET {side} = {side} + 100000 "
                              "WHERE account_id = :a AND period_id = :p"), {"a": account, "p": period})
        _rechain(conn, "LOB")
        assert repair_guards(conn)
    report = verify_everything(ctx)
    assert report.ok, report.problems  # the books alone look sound
    assert checkpoints.verify_checkpoints(ctx, file, report) == 2
    assert not report.ok
    assert all("journal LOB no longer holds" in p for p in report.problems) and len(report.problems) == 2

    # a checkpoint line edited to match the new chain: its signature no longer holds
    with demo.read() as s:
        heads = checkpoints.read_heads(s.connection())
    doc = lines[1] | {"heads": heads, "digest": checkpoints.digest_of(heads)}
    file.write_text(json.dumps(lines[0]) + "\n" + json.dumps(doc) + "\n", encoding="utf-8")
    report = verify_everything(ctx)
    checkpoints.verify_checkpoints(ctx, file, report)
    assert any("signature is not valid" in p for p in report.problems)


def day_close_pdf_text(day: object, ctx: BranchContext) -> str:
    from pypdf import PdfReader

    from branch_desktop.revenue.documents import day_close_pdf

    pdf = day_close_pdf(day, ctx.info, "en")  # type: ignore[arg-type]
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("-", "")


def test_migration_chains_existing_rows(demo: Database) -> None:
    """Upgrading a database that already holds records chains them all (here: the chain revision
    taken down and applied again over the demo's rows)."""
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from branch_desktop.core.migrations import alembic_config

    revision = ScriptDirectory.from_config(alembic_config()).get_revision("chain_0001")
    assert revision is not None
    with demo.engine.connect() as conn:
        before = dict(conn.execute(text("SELECT kind, length FROM record_heads")).all())
    for step in (revision.module.downgrade, revision.module.upgrade):
        with demo.engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
            step()
            assert demo.engine.dialect.has_table(conn, "record_links") == (step is revision.module.upgrade)
    with demo.engine.connect() as conn:
        after = dict(conn.execute(text("SELECT kind, length FROM record_heads")).all())
    # every record is back in its chain (the state events were dropped with their table)
    assert {k: v for k, v in after.items() if k != "core.state_event"} == \
        {k: v for k, v in before.items() if k != "core.state_event" and v}
    report = verify_everything(_ctx(demo))
    assert report.ok, report.problems


def test_month_close_and_reopen_are_chained_events_with_a_checkpoint(branch: Branch, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A month close: the period's state change is a chained event, a checkpoint is appended
    (unsigned: no key here) and the closed month's trial balance prints its digest."""
    from branch_desktop.core.calendar import YearMonth
    from branch_desktop.core.ledger import queries
    from branch_desktop.core.ledger import services as ledger

    file = tmp_path / "checkpoints.jsonl"
    monkeypatch.setenv(checkpoints.ENV_FILE, str(file))
    monkeypatch.setenv(checkpoints.ENV_KEY, str(tmp_path / "no-key.pem"))
    ctx, ym = branch.ctx, YearMonth(1405, 8)
    ledger.close_period(ctx, branch.accountant, ym)
    line = json.loads(file.read_text(encoding="utf-8"))
    assert (line["event"], line["ref"], "signature" in line) == ("month_close", "1405-08", False)
    tb = queries.trial_balance(ctx, branch.accountant, ym)
    assert tb.checkpoint == line["digest"]
    ledger.reopen_period(ctx, branch.manager, ym, "a late slip")
    assert queries.trial_balance(ctx, branch.accountant, ym).checkpoint == ""
    with ctx.db.read() as s:
        events = s.execute(text("SELECT field, old_value, new_value FROM record_events WHERE kind = 'ledger.period' "
                                "ORDER BY id")).all()
    assert [(f, old, new) for f, old, new in events if f == "status"] == [("status", "open", "closed"),
                                                                          ("status", "closed", "open")]
    report = verify_everything(ctx)
    assert checkpoints.verify_checkpoints(ctx, file, report) == 1 and report.ok, report.problems
    # the period's row changed behind the program's back: refused, and caught once the guard is gone
    with pytest.raises(DBAPIError), ctx.db.engine.begin() as conn:
        conn.execute(text("UPDATE fiscal_periods SET status = 'closed' WHERE year = 1405 AND month = 8"))
    tamper(ctx.db, "fiscal_periods", "UPDATE fiscal_periods SET status = 'closed' WHERE year = 1405 AND month = 8")
    assert_caught(ctx.db, "fiscal_periods", "ledger.period fiscal_periods id", "last recorded change made it")


def test_commands_key_init_verify_checkpoints_and_repair_guards(demo: Database, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from branch_desktop.cli import run
    from branch_desktop.demo import demo_password

    def cli(*args: str) -> tuple[int, str]:
        code = run(["--lang", "en", "--db", demo.url, *args])
        out, err = capsys.readouterr()
        return code, out + err

    key, file = tmp_path / "k" / "branch.pem", tmp_path / "cp.jsonl"
    monkeypatch.setenv(checkpoints.ENV_PASSPHRASE, "a long passphrase")
    monkeypatch.setenv(checkpoints.ENV_KEY, str(key))
    monkeypatch.setenv(checkpoints.ENV_FILE, str(file))
    monkeypatch.setenv("BRANCH_DESKTOP_USER", "admin")  # the command line logs its user in
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", demo_password())
    code, out = cli("key", "init")
    assert code == 0 and key.exists() and key.with_suffix(".pub").read_text().strip() in out
    assert cli("key", "init")[0] == 2  # a branch keeps its key
    ym = str(open_branch(demo).pack.calendar.year_month(TODAY))
    assert cli("report", "ten-day", "--account", "1500", "--month", ym, "--format", "csv",
               "--out", str(tmp_path / "ten.csv"))[0] == 0
    code, out = cli("verify", "--checkpoints", str(file))
    assert code == 0 and "1 checkpoints of" in out
    with demo.engine.begin() as conn:
        dropped = drop_guards(conn, "bank_statements")
    code, out = cli("verify")
    assert code == 1 and all(name in out for name in dropped)
    code, out = cli("db", "repair-guards")
    assert code == 0 and all(name in out for name in dropped)
    assert cli("verify", "--checkpoints", str(file))[0] == 0

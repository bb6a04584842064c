"""Raw SQL cannot break the books: the database refuses, and ``verify`` detects what slips past."""

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from branch_desktop.core.ledger import services
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.core.ledger.verify import verify_books
from tests.conftest import Branch

DAY = dt.date(2026, 11, 20)


def _posted(branch: Branch, amount: int = 500) -> int:
    entry = services.post_entry(branch.ctx, branch.accountant, EntryInput("REV", DAY, "receipt", (
        LineInput("1500", debit=amount), LineInput("1310", credit=amount))))
    return entry.id


def _raw(branch: Branch, sql: str, **params: object) -> None:
    with branch.ctx.db.engine.begin() as conn:
        conn.execute(text(sql), params)


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("UPDATE entries SET description = 'changed' WHERE id = :id", "posted entry cannot be changed"),
        ("UPDATE entries SET status = 'draft' WHERE id = :id", "posted entry cannot be changed"),
        ("DELETE FROM entries WHERE id = :id", "posted entry cannot be deleted"),
        ("UPDATE entry_lines SET debit = debit + 1 WHERE entry_id = :id", "lines of a posted entry"),
        ("DELETE FROM entry_lines WHERE entry_id = :id", "lines of a posted entry"),
        ("INSERT INTO entry_lines (entry_id, line_no, account_id, debit, credit, memo) "
         "SELECT :id, 9, account_id, 1, 0, '' FROM entry_lines WHERE entry_id = :id AND line_no = 1",
         "lines of a posted entry"),
    ],
)
def test_posted_entries_and_lines_are_immutable_in_sql(branch: Branch, sql: str, message: str) -> None:
    entry_id = _posted(branch)
    with pytest.raises(DBAPIError, match=message):
        _raw(branch, sql, id=entry_id)
    assert verify_books(branch.ctx).ok


def test_one_statement_adding_lines_to_a_draft_and_a_posted_entry_is_refused(branch: Branch) -> None:
    """The lines' insert guard looks the posted entries up in the range of the lines' entry ids
    (posting_0003 on PostgreSQL): a posted entry between two drafts, or at either end, is found."""
    first = services.save_draft(branch.ctx, branch.accountant, EntryInput("GEN", DAY, "draft", (
        LineInput("1500", debit=10), LineInput("1310", credit=10))))
    posted = _posted(branch)
    last = services.save_draft(branch.ctx, branch.accountant, EntryInput("GEN", DAY, "draft", (
        LineInput("1500", debit=10), LineInput("1310", credit=10))))
    add = ("INSERT INTO entry_lines (entry_id, line_no, account_id, debit, credit, memo) "
           "SELECT e.id, 9, l.account_id, 1, 0, '' FROM entries e JOIN entry_lines l ON l.entry_id = e.id "
           "AND l.line_no = 1 WHERE e.id IN :ids")
    for ids in ((first, posted, last), (first, posted), (posted, last)):
        with pytest.raises(DBAPIError, match="lines of a posted entry"):
            _raw(branch, add.replace(":ids", str(ids)))
    _raw(branch, add.replace(":ids", str((first, last))))  # the drafts' alone: accepted
    assert verify_books(branch.ctx).ok


def test_an_unbalanced_entry_cannot_be_posted_in_sql(branch: Branch) -> None:
    draft = services.save_draft(branch.ctx, branch.accountant, EntryInput("GEN", DAY, "draft", (
        LineInput("1500", debit=10), LineInput("1310", credit=9))))
    with pytest.raises(DBAPIError, match="unbalanced entry"):
        _raw(branch, "UPDATE entries SET status = 'posted', number = 99, chain_index = 99, hash = 'x' "
                     "WHERE id = :id", id=draft)
    # SQLite: no entry is inserted posted; PostgreSQL (posting_0002): one is, but only when its
    # lines, written before it, balance and are at least two
    with pytest.raises(DBAPIError, match="created as a draft" if branch.ctx.db.is_sqlite else "unbalanced entry"):
        _raw(branch, _FORGED_POSTED, id=draft)


_FORGED_POSTED = ("INSERT INTO entries (journal_id, period_id, fiscal_year, number, entry_date, description, "
                  "reference, status, reversal_reason, created_by, created_at, posted_by, posted_at, chain_index, "
                  "hash) SELECT journal_id, period_id, fiscal_year, 77, entry_date, 'forged', '', 'posted', '', "
                  "created_by, created_at, created_by, created_at, 77, 'x' FROM entries WHERE id = :id RETURNING id")
_FORGED_POSTED_AS = _FORGED_POSTED.replace("INSERT INTO entries (", "INSERT INTO entries (id, ").replace(
    "SELECT journal_id", "SELECT :new, journal_id")
_FORGED_LINE = ("INSERT INTO entry_lines (entry_id, line_no, account_id, debit, credit, memo) "
                "SELECT :new, :no, account_id, :debit, :credit, '' FROM entry_lines WHERE entry_id = :id AND line_no = 1")


def _forge(branch: Branch, draft: int, lines: list[tuple[int, int]], after: tuple[int, int] | None = None) -> int:
    """Raw SQL, one transaction, as a posting writes: ``lines`` (debit, credit) for a new entry id
    (the lines' foreign key deferred), then the entry inserted posted, then the line ``after``."""
    with branch.ctx.db.engine.begin() as conn:
        new = conn.execute(text("SELECT nextval(pg_get_serial_sequence('entries', 'id'))")).scalar_one()
        conn.execute(text("SET CONSTRAINTS fk_entry_lines_entry_id_entries DEFERRED"))
        for no, (debit, credit) in enumerate(lines, start=1):
            conn.execute(text(_FORGED_LINE), {"new": new, "no": no, "debit": debit, "credit": credit, "id": draft})
        conn.execute(text(_FORGED_POSTED_AS), {"new": new, "id": draft})
        if after is not None:
            conn.execute(text(_FORGED_LINE), {"new": new, "no": 9, "debit": after[0], "credit": after[1], "id": draft})
    return int(new)


def test_an_entry_inserted_posted_must_balance_with_its_lines(branch: Branch) -> None:
    """PostgreSQL takes an entry inserted posted (bulk posting writes no UPDATE) only when its
    lines, written before it, balance and are at least two; no line is added to it afterwards,
    not even by its own transaction."""
    if branch.ctx.db.is_sqlite:
        pytest.skip("SQLite refuses any entry inserted posted (test above)")
    draft = services.save_draft(branch.ctx, branch.accountant, EntryInput("GEN", DAY, "draft", (
        LineInput("1500", debit=10), LineInput("1310", credit=10))))
    for lines in ([], [(5, 0)], [(5, 0), (0, 4)], [(5, 0), (0, 4), (0, 2)]):
        with pytest.raises(DBAPIError, match="unbalanced entry"):
            _forge(branch, draft, lines)
    with pytest.raises(DBAPIError, match="unbalanced entry"):  # no lines at all
        _raw(branch, _FORGED_POSTED, id=draft)
    with pytest.raises(DBAPIError, match="lines of a posted entry"):  # balanced, then one line more
        _forge(branch, draft, [(5, 0), (0, 5)], after=(1, 0))
    with (pytest.raises(DBAPIError, match="fk_entry_lines_entry_id_entries"),  # lines of an entry never written
          branch.ctx.db.engine.begin() as conn):
        conn.execute(text("SET CONSTRAINTS fk_entry_lines_entry_id_entries DEFERRED"))
        conn.execute(text(_FORGED_LINE), {"new": 10**9, "no": 1, "debit": 5, "credit": 0, "id": draft})
    with branch.ctx.db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM entries WHERE description = 'forged'")).scalar_one() == 0
    forged = _forge(branch, draft, [(5, 0), (0, 5)])  # balanced: accepted (verify names the bad hash)
    with pytest.raises(DBAPIError, match="lines of a posted entry"):  # later, from another transaction
        _raw(branch, _FORGED_LINE, new=forged, no=3, debit=1, credit=0, id=draft)
    with pytest.raises(DBAPIError, match="posted entry cannot be changed"):
        _raw(branch, "UPDATE entries SET description = 'changed' WHERE id = :id", id=forged)
    with pytest.raises(DBAPIError, match="posted entry cannot be deleted"):
        _raw(branch, "DELETE FROM entries WHERE id = :id", id=forged)
    assert not verify_books(branch.ctx).ok


def test_audit_log_is_append_only(branch: Branch) -> None:
    _posted(branch)
    with pytest.raises(DBAPIError, match="append-only"):
        _raw(branch, "UPDATE audit_log SET username = 'nobody'")
    with pytest.raises(DBAPIError, match="append-only"):
        _raw(branch, "DELETE FROM audit_log")


def _drop_guards(branch: Branch) -> None:
    if branch.ctx.db.is_sqlite:
        for name in ("trg_entries_update", "trg_lines_update", "trg_lines_delete", "trg_entries_delete"):
            _raw(branch, f"DROP TRIGGER {name}")
    else:
        _raw(branch, "ALTER TABLE entries DISABLE TRIGGER USER")
        _raw(branch, "ALTER TABLE entry_lines DISABLE TRIGGER USER")


def test_verify_names_an_entry_changed_behind_the_guards(branch: Branch) -> None:
    _posted(branch)
    second = _posted(branch, 700)
    _posted(branch, 900)
    _drop_guards(branch)
    _raw(branch, "UPDATE entry_lines SET debit = 701 WHERE entry_id = :id AND debit = 700", id=second)
    _raw(branch, "UPDATE entry_lines SET credit = 701 WHERE entry_id = :id AND credit = 700", id=second)
    report = verify_books(branch.ctx)
    assert not report.ok
    assert report.first_bad_entry == f"REV-1405-000002 (id {second})"
    assert any("does not match its hash" in p for p in report.problems)
    assert any("balance of account 1500" in p for p in report.problems)


def test_verify_detects_a_deleted_entry(branch: Branch) -> None:
    _posted(branch)
    second = _posted(branch, 700)
    _posted(branch, 900)
    _drop_guards(branch)
    _raw(branch, "DELETE FROM entry_lines WHERE entry_id = :id", id=second)
    _raw(branch, "DELETE FROM entries WHERE id = :id", id=second)
    report = verify_books(branch.ctx)
    assert not report.ok
    assert report.first_bad_entry is not None and report.first_bad_entry.startswith("REV-1405-000003")
    assert any("not gapless" in p for p in report.problems)


def test_verify_detects_a_tampered_running_balance(branch: Branch) -> None:
    _posted(branch)
    _raw(branch, "UPDATE account_balances SET debit = debit + 1")
    report = verify_books(branch.ctx)
    assert not report.ok and any("stored" in p for p in report.problems)


def _report_lines(report: object) -> tuple:
    r: Any = report
    return (r.ok, r.first_bad_entry, sorted(r.problems), r.entries, r.lines)


def test_verify_in_slices_and_workers_says_what_one_walk_says(branch: Branch) -> None:
    """The chain cut into slices of two entries and walked by worker processes gives the same report
    as one walk here, on sound books and on books changed behind the guards (at a slice's edge)."""
    ids = [_posted(branch, 100 + i) for i in range(7)]
    sound = verify_books(branch.ctx, workers=1)
    assert sound.ok and sound.entries == 7 and sound.lines == 14
    assert _report_lines(verify_books(branch.ctx, workers=2, slice_entries=2)) == _report_lines(sound)
    _drop_guards(branch)
    _raw(branch, "UPDATE entry_lines SET debit = 999 WHERE entry_id = :id AND debit > 0", id=ids[2])
    _raw(branch, "UPDATE entry_lines SET credit = 999 WHERE entry_id = :id AND credit > 0", id=ids[2])
    _raw(branch, "DELETE FROM entry_lines WHERE entry_id = :id", id=ids[4])
    _raw(branch, "DELETE FROM entries WHERE id = :id", id=ids[4])
    one = verify_books(branch.ctx, workers=1)
    assert not one.ok and one.first_bad_entry == f"REV-1405-000003 (id {ids[2]})"
    assert any("REV-1405-000006" in p and "chain position 6, expected 5" in p for p in one.problems)
    for slices in (1, 2, 3):
        assert _report_lines(verify_books(branch.ctx, workers=2, slice_entries=slices)) == _report_lines(one)


def test_verify_names_a_broken_link_where_two_slices_meet(branch: Branch) -> None:
    ids = [_posted(branch, 100 + i) for i in range(4)]
    _drop_guards(branch)
    _raw(branch, "UPDATE entries SET prev_hash = :h WHERE id = :id", h="f" * 64, id=ids[2])
    whole = verify_books(branch.ctx, workers=1)
    cut = verify_books(branch.ctx, workers=1, slice_entries=2)  # entry 3 opens the second slice
    assert _report_lines(cut) == _report_lines(whole)
    assert whole.first_bad_entry == f"REV-1405-000003 (id {ids[2]})"
    assert any("link to the previous entry is broken" in p for p in whole.problems)

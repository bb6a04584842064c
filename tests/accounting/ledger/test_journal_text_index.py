"""The journal's text filter through the text index (migration pages_0002), on SQLite (FTS5 trigram)
and PostgreSQL (pg_trgm): for every term the lines found are exactly those the plain filter finds,
short terms, wildcards, Persian and Turkish text included; the index follows drafts' edits."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text

from branch_desktop.core.ledger import queries, text_index
from branch_desktop.core.ledger.posting import delete_draft, post_many, save_draft
from branch_desktop.core.ledger.queries import JournalFilter
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.core.record_guards import repair_database_guards
from branch_desktop.core.texts import stored_text
from tests.accounting.banking.test_banking_xlsx import _command
from tests.conftest import PASSWORD, Branch

DAY = dt.date(2026, 11, 10)

TEXTS = [  # description, reference, memo of the second line, file number in the stored text
    ("Receipt of İSTANBUL office", "TR-İst-1", "", None),
    ("receipt of istanbul office", "TR-ist-2", "Iğdır şube", None),
    ("Payment to Işık Ltd", "", "ılık", "F-9931"),
    ("دریافت حق بیمه کارفرما", "ب-۱۲", "بابت شعبه تهران", "۴۴۵۶"),
    ("حق بیمه ماه مهر", "", "", None),
    ("Wire 100% settled_ok", "A\\B", "", "ZX-7781"),
    ("Plain entry", "REF-ÖZEL", "Çağrı memo", None),
]

TERMS = [
    "istanbul", "İSTANBUL", "İst", "ist", "IST", "ığdır", "Iğdır", "IĞDIR", "ışık", "IŞIK", "ılık", "ILIK",
    "بیمه", "شعبه تهران", "۱۲", "ب", "مهر", "F-99", "9931", "۴۴۵", "ZX-7", "Receipt", "RECEIPT", "office",
    "100%", "100% s", "d_ok", "t_ok", "A\\B", "%", "_", "e", "of", "ÖZEL", "özel", "çağrı", "Çağ", "memo",
    "nothing-like-this", "  plain entry  ", '"quoted"', "Wire 100",
]


def _post(branch: Branch) -> None:
    entries = []
    for n, (description, reference, memo, file_no) in enumerate(TEXTS):
        text = (stored_text("Receipt {number}: {method} {reference}, file {file_no}", number=f"R-{n}", method="cash",
                            reference=reference, file_no=file_no) if file_no else None)
        entries.append(EntryInput("GEN", DAY, description, (
            LineInput("1500", debit=100 + n), LineInput("2210", credit=100 + n, memo=memo)), reference=reference,
            text=text))
    post_many(branch.ctx, branch.accountant, entries)


def _found(branch: Branch, term: str) -> tuple[list[int], int]:
    f = JournalFilter(text=term)
    return ([r.line_id for r in queries.journal_page(branch.ctx, branch.accountant, f, limit=500).rows],
            queries.journal_count(branch.ctx, branch.accountant, f))


def test_the_index_finds_what_the_plain_filter_finds(branch: Branch, monkeypatch: pytest.MonkeyPatch) -> None:
    _post(branch)
    with_index = {t: _found(branch, t) for t in TERMS}
    with branch.ctx.db.read() as s:  # the index is used for the terms it can serve
        assert text_index.candidate_entries(s, "istanbul") is not None
        assert text_index.candidate_entries(s, "nothing-like-this") == []
        assert text_index.candidate_entries(s, "ب") is None  # no trigram
    monkeypatch.setattr(text_index, "candidate_entries", lambda s, needle, cap=None: None)
    plain = {t: _found(branch, t) for t in TERMS}
    assert with_index == plain
    assert plain["istanbul"][1] >= 2 and plain["بیمه"][1] == 4 and plain["9931"][1] == 2  # not all empty
    assert plain["nothing-like-this"] == ([], 0)


def test_a_common_text_is_read_line_by_line(branch: Branch, monkeypatch: pytest.MonkeyPatch) -> None:
    _post(branch)
    with branch.ctx.db.read() as s:
        assert len(text_index.candidate_entries(s, "receipt") or []) == 2
        monkeypatch.setattr(text_index, "CAP", 1)
        assert text_index.candidate_entries(s, "receipt") is None  # two entries: over the cap
    lines, count = _found(branch, "receipt")  # the plain filter, newest entry first
    assert count == 4 and len(lines) == 4 and lines[0] > lines[2]


def test_the_index_follows_a_changed_draft(branch: Branch) -> None:
    """A draft's texts change and it may be deleted: the triggers (SQLite) re-index it, the GIN indexes
    (PostgreSQL) follow by themselves."""
    ctx, actor = branch.ctx, branch.accountant

    def draft(description: str, memo: str) -> EntryInput:
        return EntryInput("GEN", DAY, description, (LineInput("1500", debit=5), LineInput("2210", credit=5, memo=memo)))

    def count(term: str) -> int:
        return queries.journal_count(ctx, actor, JournalFilter(text=term, include_drafts=True))

    draft_id = save_draft(ctx, actor, draft("Draft Quokka", "wombat memo"))
    assert (count("quokka"), count("wombat")) == (2, 1)
    save_draft(ctx, actor, draft("Draft Numbat", "bilby memo"), draft_id)
    assert (count("quokka"), count("wombat"), count("numbat"), count("bilby")) == (0, 0, 2, 1)
    delete_draft(ctx, actor, draft_id)
    assert (count("numbat"), count("bilby")) == (0, 0)


def test_without_pg_trgm_the_plain_filter_serves(branch: Branch, caplog: pytest.LogCaptureFixture) -> None:
    """A PostgreSQL server where pg_trgm could not be created has no trigram index: the journal
    searches as before and says so in the log."""
    if branch.ctx.db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's extension")
    _post(branch)
    before = {t: _found(branch, t) for t in ("istanbul", "بیمه", "9931")}
    with branch.ctx.db.write() as s:
        s.execute(text("DROP INDEX ix_entry_lines_memo_trgm"))
    text_index._warned.clear()  # noqa: SLF001 - warned once per process
    with branch.ctx.db.read() as s:
        assert text_index.candidate_entries(s, "istanbul") is None
    assert "text index is missing" in caplog.text
    assert {t: _found(branch, t) for t in before} == before


@pytest.mark.slow
def test_verify_and_repair_guards_keep_the_index_through_the_installed_command(branch: Branch, tmp_path: Path) -> None:
    """`branch-desktop verify` in a fresh process passes on a branch with the text index; on SQLite a
    dropped index trigger is named by verify and put back by `db repair-guards`, and the index then
    follows new entries again."""
    _post(branch)
    url = branch.ctx.db.engine.url.render_as_string(hide_password=False)
    env = dict(os.environ, BRANCH_DESKTOP_PASSWORD=PASSWORD, XDG_CONFIG_HOME=str(tmp_path / "config"),
               HOME=str(tmp_path))
    env.pop("BRANCH_DESKTOP_DB", None)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*_command(), "--db", url, "--lang", "en", "--user", "admin", *args], env=env,
                              cwd=tmp_path, capture_output=True, text=True, timeout=180, check=False)

    done = cli("verify")
    assert done.returncode == 0, done.stdout + done.stderr
    if branch.ctx.db.engine.dialect.name != "sqlite":
        return
    with branch.ctx.db.write() as s:
        s.execute(text("DROP TRIGGER ledger_entry_text_ai"))
    done = cli("verify")
    assert done.returncode != 0 and "ledger_entry_text_ai" in done.stdout + done.stderr
    done = cli("db", "repair-guards")
    assert done.returncode == 0, done.stdout + done.stderr
    assert cli("verify").returncode == 0
    post_many(branch.ctx, branch.accountant, [EntryInput("GEN", DAY, "Quokka receipt", (
        LineInput("1500", debit=7), LineInput("2210", credit=7)))])
    with branch.ctx.db.read() as s:
        assert len(text_index.candidate_entries(s, "quokka") or []) == 1


def test_repair_guards_refills_the_index_for_entries_posted_while_a_trigger_was_missing(branch: Branch) -> None:
    """SQLite: an entry posted while an index trigger was dropped is not in the index; `repair-guards`
    puts the trigger back and rebuilds that index from its table, so the entry is found again (and
    none twice)."""
    if branch.ctx.db.engine.dialect.name != "sqlite":
        pytest.skip("the FTS5 index is kept by triggers on SQLite only")
    _post(branch)
    terms = ("istanbul", "office", "9931", "memo", "بیمه")
    with branch.ctx.db.read() as s:
        before = {t: text_index.candidate_entries(s, t) for t in terms}
    assert all(before.values())
    with branch.ctx.db.write() as s:
        s.execute(text("DROP TRIGGER ledger_entry_text_ai"))
        s.execute(text("DROP TRIGGER ledger_memo_ai"))
    post_many(branch.ctx, branch.accountant, [EntryInput("GEN", DAY, "Quokka receipt", (
        LineInput("1500", debit=7), LineInput("2210", credit=7, memo="wombat memo")))])
    with branch.ctx.db.read() as s:
        assert text_index.candidate_entries(s, "quokka") == []  # missed while the trigger was gone
        assert text_index.candidate_entries(s, "wombat") == []
    repaired = repair_database_guards(branch.ctx, branch.admin)
    assert {"ledger_entry_text_ai", "ledger_memo_ai"} <= set(repaired)
    with branch.ctx.db.read() as s:
        assert len(text_index.candidate_entries(s, "quokka") or []) == 1
        assert len(text_index.candidate_entries(s, "wombat") or []) == 1
        after = {t: text_index.candidate_entries(s, t) for t in terms}
        new = text_index.candidate_entries(s, "wombat") or []
    assert after == {**before, "memo": sorted({*(before["memo"] or []), *new})}
    assert _found(branch, "quokka")[1] == 2  # both lines of the entry

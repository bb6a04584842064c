"""Workstations see each other's changes: another process commits, and an open page refreshes by
itself (PostgreSQL: NOTIFY/LISTEN; SQLite: ``data_version``); a save over the other's newer
version is refused with the other user's name."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from branch_desktop.core import changes
from branch_desktop.core.ledger import services as ledger
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.revenue import services as revenue
from branch_desktop.revenue.exceptions import StaleRecord
from tests.conftest import PASSWORD, TODAY, Branch
from tests.revenue.helpers import employer_input, make_employer

ROOT = Path(__file__).resolve().parents[2]

# the other workstation: its own process, its own login
ANOTHER = """
import datetime as dt, sys
from branch_desktop import app_registry
from branch_desktop.core.branch import open_branch
from branch_desktop.core.ledger import services
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.core.security import login
from branch_desktop.core.storage import Database
from branch_desktop.revenue import services as revenue
from tests.revenue.helpers import employer_input

app_registry.load()
ctx = open_branch(Database(sys.argv[1]))
ctx.today_override = dt.date(2026, 11, 24)
actor = login(ctx.db, "accountant", sys.argv[2])
if sys.argv[3] == "post":
    services.post_entry(ctx, actor, EntryInput("REV", dt.date(2026, 11, 24), "from another workstation", (
        LineInput("1500", debit=700), LineInput("1310", credit=700))))
elif sys.argv[3] == "bank":
    from branch_desktop.accounting.banking import services as bank
    acc = bank.get_bank_account(ctx, actor, sys.argv[4])
    bank.update_bank_account(ctx, actor, acc.code, acc.version, bank=sys.argv[5], name=acc.name)
else:
    e = revenue.find_employer(ctx, actor, sys.argv[4])
    revenue.update_employer(ctx, actor, e.id, employer_input("ir_sso", 1, phone="021-7"), e.version)
"""


def _another(branch: Branch, *args: str) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    subprocess.run([sys.executable, "-c", ANOTHER, branch.ctx.db.url, PASSWORD, *args], check=True, env=env,
                   cwd=ROOT, timeout=120)


def _target(branch: Branch) -> tuple[str, str]:
    db = branch.ctx.db
    if db.is_sqlite:
        return "sqlite", str(db.sqlite_path)
    return "postgresql", db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _entry(amount: int) -> EntryInput:
    return EntryInput("REV", TODAY, "here", (LineInput("1500", debit=amount), LineInput("1310", credit=amount)))


def test_the_feed_hears_another_process_and_not_this_one(branch: Branch) -> None:
    heard: list[frozenset[str]] = []
    feed = changes.ChangeFeed(*_target(branch), heard.append).start()
    try:
        assert feed.ready.wait(10)
        ledger.post_entry(branch.ctx, branch.accountant, _entry(500))  # this workstation's own write
        time.sleep(3 * changes.POLL_SECONDS)
        assert heard == []  # its pages heard it already, from the operation
        _another(branch, "post")
        deadline = time.monotonic() + 10
        while not heard and time.monotonic() < deadline:
            time.sleep(0.1)
        topics = frozenset().union(*heard)
        if branch.ctx.db.is_sqlite:
            assert topics == changes.EVERYTHING  # SQLite cannot say which tables: every page refreshes
        else:
            assert "ledger" in topics and "receipts" not in topics
    finally:
        feed.stop()


def test_an_open_journal_refreshes_when_another_workstation_posts(branch: Branch, qtbot: Any) -> None:
    from branch_desktop import app_registry
    from branch_desktop.accounting.ledger.views.journal import JournalPage
    from branch_desktop.gui.live import LiveRefresh
    from branch_desktop.gui.session import Session
    from branch_desktop.gui.tasks import TaskRunner

    app_registry.load()
    ledger.post_entry(branch.ctx, branch.accountant, _entry(500))
    runner = TaskRunner()
    try:
        session = Session(branch.ctx, branch.accountant, runner)
        page = JournalPage(session)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitExposed(page)
        qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=20_000)
        assert runner.wait_idle(10)
        before = page.model.rowCount()
        live = LiveRefresh(session)
        assert live.feed is not None and live.feed.ready.wait(10)
        try:
            _another(branch, "post")
            qtbot.waitUntil(lambda: page.model.rowCount() > before, timeout=15_000)  # nobody pressed Refresh
        finally:
            live.stop()
    finally:
        runner.wait_idle(10)
        runner.shutdown()


def test_a_save_over_the_other_workstations_edit_is_refused(branch: Branch) -> None:
    e = make_employer(branch)
    _another(branch, "edit", e.file_no)  # the other workstation saved the file first
    with pytest.raises(StaleRecord) as stale:
        revenue.update_employer(branch.ctx, branch.clerk, e.id, employer_input("ir_sso", 1, phone="021-8"), e.version)
    assert stale.value.params["user"] == "accountant"  # who changed it (and when) is said
    fresh = revenue.get_employer(branch.ctx, branch.clerk, e.id)  # the form offers to reload
    assert fresh.phone == "021-7" and fresh.version == e.version + 1


def test_a_bank_account_saved_over_the_other_workstations_edit_is_refused_and_the_dialog_reloads(
    branch: Branch, qtbot: Any
) -> None:
    from branch_desktop.accounting.banking import services as bank
    from branch_desktop.gui.session import Session
    from branch_desktop.gui.tasks import TaskRunner
    from tests.accounting.banking.helpers import setup_accounts

    code = setup_accounts(branch)["revenue_bank"].code
    mine = bank.get_bank_account(branch.ctx, branch.accountant, code)
    runner = TaskRunner()
    try:
        _edit_bank_account_in_the_dialog(branch, qtbot, Session(branch.ctx, branch.accountant, runner), mine)
    finally:
        runner.wait_idle(10)
        runner.shutdown()


def _edit_bank_account_in_the_dialog(branch: Branch, qtbot: Any, session: Any, mine: Any) -> None:
    from branch_desktop.accounting.banking import services as bank
    from branch_desktop.accounting.banking.exceptions import StaleBankAccount
    from branch_desktop.accounting.banking.views.statements import BankAccountDialog

    code = mine.code
    saved: list[bank.BankAccountView] = []
    dialog = BankAccountDialog(session, None, saved.append, mine)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert dialog.edits["iban"].isReadOnly() and dialog.edits["code"].isReadOnly()
    _another(branch, "bank", code, "Bank Melli, Enghelab branch")  # the other workstation saves first
    dialog.edits["bank"].setText("Bank Melli, head office")
    dialog._accept()
    qtbot.waitUntil(lambda: dialog.reload_button.isVisibleTo(dialog), timeout=10_000)
    assert "accountant" in dialog.message.text()  # who changed it is said
    with pytest.raises(StaleBankAccount):
        bank.update_bank_account(branch.ctx, branch.accountant, code, mine.version, bank="x", name="y")
    dialog.reload()
    qtbot.waitUntil(lambda: dialog.edits["bank"].text() == "Bank Melli, Enghelab branch", timeout=10_000)
    dialog.edits["bank"].setText("Bank Melli, head office")
    dialog._accept()
    qtbot.waitUntil(lambda: bool(saved), timeout=10_000)
    now = bank.get_bank_account(branch.ctx, branch.accountant, code)
    assert (now.bank, now.version) == ("Bank Melli, head office", mine.version + 2)

"""Claims and transfer lists name who prepared, decided and posted them by the person's full name
(the user name when a user has none), read once for a whole list; on both databases."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, update

from branch_desktop.core.models import User
from branch_desktop.core.security import user_names
from branch_desktop.insured import services
from tests.accounting.banking.helpers import setup_accounts
from tests.conftest import Branch
from tests.insured.test_payments import approved_claim, give_iban
from tests.insured.test_services import _person

NAMES = {"clerk": "Maryam Tehrani", "manager": "Reza Karimi", "accountant": "Leila Sadeghi"}


def _name_users(b: Branch) -> None:
    with b.ctx.db.write() as s:
        for username, full in NAMES.items():
            s.execute(update(User).where(User.username == username).values(full_name=full))


@contextmanager
def _users_reads(b: Branch) -> Iterator[list[str]]:
    """The statements that read the users table while the block runs."""
    seen: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if "users" in statement.lower().replace("_users", ""):
            seen.append(statement)

    event.listen(b.ctx.db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(b.ctx.db.engine, "before_cursor_execute", note)


def test_claims_name_their_preparer_and_decider_once_per_list(branch: Branch) -> None:
    ctx = branch.ctx
    _name_users(branch)
    first = approved_claim(branch, 1)
    second = approved_claim(branch, 2, declare=False)
    assert (first.prepared_by, first.decided_by) == ("Maryam Tehrani", "Reza Karimi")
    waiting = services.prepare_claim(ctx, branch.manager, _person(branch, 3), {"kind": "marriage",
                                                                                 "start": "1405-08-01"})
    assert waiting.prepared_by == "Reza Karimi" and waiting.decided_by == ""

    with _users_reads(branch) as reads:
        decided = services.decided_claims(ctx, branch.clerk)
    assert [(c.id, c.prepared_by, c.decided_by) for c in decided] == [
        (second.id, "Maryam Tehrani", "Reza Karimi"), (first.id, "Maryam Tehrani", "Reza Karimi")]
    assert len(reads) == 1, reads  # one look-up of the names, not one per claim
    with _users_reads(branch) as reads:
        queue = services.claim_queue(ctx, branch.clerk)
    assert [(c.id, c.prepared_by) for c in queue] == [(waiting.id, "Reza Karimi")] and len(reads) == 1
    assert services.get_claim(ctx, branch.clerk, first.id).prepared_by == "Maryam Tehrani"
    assert [c.decided_by for c in services.claims_of(ctx, branch.clerk, first.person_id)] == ["Reza Karimi"]


def test_transfer_lists_name_who_prepared_and_posted_them(branch: Branch) -> None:
    ctx, acct = branch.ctx, branch.accountant
    _name_users(branch)
    setup_accounts(branch)
    for n in (1, 2):
        give_iban(branch, approved_claim(branch, n, declare=n == 1).person_id, n)
    payable = services.payable_claims(ctx, acct)
    posted = services.prepare_transfer_list(ctx, acct, "1600", [payable[0].payment_id])
    services.post_transfer_list(ctx, branch.manager, posted.id)
    services.prepare_transfer_list(ctx, acct, "1600", [payable[1].payment_id])
    with _users_reads(branch) as reads:
        lists = services.transfer_lists(ctx, acct)
    assert [(v.prepared_by, v.posted_by) for v in lists] == [("Leila Sadeghi", ""), ("Leila Sadeghi", "Reza Karimi")]
    assert len(reads) == 1, reads
    assert services.get_transfer_list(ctx, acct, posted.id).posted_by == "Reza Karimi"


def test_a_user_without_a_full_name_is_shown_by_user_name(branch: Branch) -> None:
    _name_users(branch)
    with branch.ctx.db.write() as s:
        s.execute(update(User).where(User.username == "clerk").values(full_name=""))
    with branch.ctx.db.read() as s:
        assert user_names(s, [branch.clerk.id, branch.manager.id, None]) == {
            branch.clerk.id: "clerk", branch.manager.id: "Reza Karimi"}
        assert user_names(s, [None]) == {}

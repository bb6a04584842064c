"""A stale-save refusal names the user as every page does (``core.security.user_names``: the full
name, else the user name), whether the record keeps the user's id or, as payroll's files do, the
user name."""

from __future__ import annotations

from branch_desktop.core.security import user_names
from branch_desktop.core.stale import changed_by
from tests.conftest import Branch


def test_a_stale_save_names_the_user_as_the_pages_do(branch: Branch) -> None:
    admin = branch.admin
    calendar = branch.ctx.pack.calendar
    with branch.ctx.db.read() as s:
        shown = user_names(s, [admin.id])[admin.id]
        assert shown == admin.full_name and shown != admin.username  # "مدیر سیستم", not "admin"
        assert changed_by(s, calendar, admin.id, None) == {"user": shown, "time": "?"}
        assert changed_by(s, calendar, admin.username, None)["user"] == shown  # a kept user name
        assert changed_by(s, calendar, branch.clerk.id, None)["user"] == "clerk"  # no full name: the user name
        assert changed_by(s, calendar, "someone.gone", None)["user"] == "someone.gone"
        assert changed_by(s, calendar, None, None)["user"] == "?"
        assert changed_by(s, calendar, 999_999, None)["user"] == "?"

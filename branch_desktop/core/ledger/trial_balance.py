"""The trial balance, read on the driver's statements (``core.driver``): one piece of code for the
service (``queries.trial_balance``, on its session's connection) and the command line's fast path (on a
connection of its own, without SQLAlchemy). The caller checks the role first."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from branch_desktop.core.checkpoint_digest import read_digest
from branch_desktop.core.ledger.types import TrialBalance, TrialBalanceRow

if TYPE_CHECKING:
    from branch_desktop.core.calendar import YearMonth
    from branch_desktop.core.packs import Pack

# cumulative balances up to the month starting on the parameter, with the month's own movement
_SUMS = (
    "SELECT b.account_id, "
    "SUM(CASE WHEN p.start_date < ? THEN b.debit - b.credit ELSE 0 END), SUM(b.debit), SUM(b.credit), "
    "SUM(CASE WHEN p.start_date = ? THEN b.debit ELSE 0 END), SUM(CASE WHEN p.start_date = ? THEN b.credit ELSE 0 END) "
    "FROM account_balances b JOIN fiscal_periods p ON p.id = b.period_id "
    "WHERE p.start_date <= ? GROUP BY b.account_id"
)
_ACCOUNTS = "SELECT id, code, name, name_en, parent_id, is_postable FROM accounts ORDER BY code"
_STATUS = "SELECT status FROM fiscal_periods WHERE start_date = ?"


def read_trial_balance(cursor: Any, pack: Pack, period: YearMonth, english: bool) -> TrialBalance:
    """Cumulative balances of every account up to the end of ``period``, with the period's movement.

    Reads the running balances kept at posting (a row per account and period), so it costs the
    same over a thousand lines or a million.
    """
    start, end = pack.calendar.month_bounds(period)
    day = cursor.day(start)
    sums = {r[0]: tuple(int(x or 0) for x in r[1:]) for r in cursor.rows(_SUMS, (day, day, day, day))}
    accounts = cursor.rows(_ACCOUNTS)
    status = cursor.rows(_STATUS, (day,))
    digest = read_digest(cursor, "month_close", str(period)) if status and status[0][0] == "closed" else ""
    by_id = {a[0]: a for a in accounts}
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for acc_id, values in sums.items():
        cur: int | None = acc_id
        while cur is not None:
            t = totals[cur]
            for i, v in enumerate(values):
                t[i] += v
            cur = by_id[cur][4]
    children: dict[int | None, list[int]] = defaultdict(list)
    for a in accounts:
        children[a[4]].append(a[0])
    rows: list[TrialBalanceRow] = []

    def walk(parent: int | None, level: int) -> None:
        for acc_id in children.get(parent, []):
            if acc_id not in totals:
                continue
            a = by_id[acc_id]
            opening, debit, credit, pdebit, pcredit = totals[acc_id]
            rows.append(TrialBalanceRow(a[1], (a[3] or a[2]) if english else a[2], level, bool(a[5]),
                                        opening, debit, credit, pdebit, pcredit))
            walk(acc_id, level + 1)

    walk(None, 0)
    return TrialBalance(period, start, end, pack.currency.code, tuple(rows), digest)

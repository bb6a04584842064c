"""Payroll's states and kinds, stored as their string value; the tables' CHECK constraints (and the
``payroll_r2`` migration's) list exactly these values."""

from __future__ import annotations

from enum import StrEnum


class RunStatus(StrEnum):
    """A payroll run: a draft is recomputed freely; posted and paid runs are final (reversed with a
    reason, never edited)."""

    DRAFT = "draft"
    POSTED = "posted"
    PAID = "paid"
    REVERSED = "reversed"


# runs whose figures count (year to date, contributions, repayments)
LIVE = (RunStatus.POSTED, RunStatus.PAID)


class RunKind(StrEnum):
    """The month's payroll, or an off-cycle bonus run."""

    MONTHLY = "monthly"
    PRODUCTIVITY = "productivity"
    PERFORMANCE = "performance"


BONUS_KINDS = (RunKind.PRODUCTIVITY, RunKind.PERFORMANCE)


class LineKind(StrEnum):
    """A pay line: earning, deduction, or the employer's cost beyond gross pay (not on the net)."""

    EARNING = "earning"
    DEDUCTION = "deduction"
    EMPLOYER = "employer"


class LoanState(StrEnum):
    """A loan-fund loan: applied, then rejected or granted; granted until repaid through payroll."""

    APPLIED = "applied"
    GRANTED = "granted"
    REJECTED = "rejected"
    REPAID = "repaid"


# loans that were paid out (their instalments count)
PAID_OUT = (LoanState.GRANTED, LoanState.REPAID)


class CommitteeSeat(StrEnum):
    """The loan committee's three seats; each approves once."""

    BRANCH_HEAD = "branch_head"
    FINANCE_HEAD = "finance_head"
    ADMIN_HEAD = "admin_head"



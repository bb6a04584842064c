"""The execution unit's legal records (hash-chained, guarded, verified: ``core.records``)."""

from __future__ import annotations

from branch_desktop.core.records import RecordKind

KINDS = (
    RecordKind("execution.charge_accrual", "execution_charge_accruals", (
        "employer_id", "year", "month", "amount", "until", "entry_id", "accrued_by", "accrued_at")),
)

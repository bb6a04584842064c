"""The revenue department's legal records (hash-chained, guarded, verified: ``core.records``)."""

from __future__ import annotations

from branch_desktop.core.record_kinds import Numbering, RecordKind

KINDS = (
    RecordKind("revenue.declaration", "revenue_declarations", (
        "employer_id", "year", "month", "seq", "corrects_id", "insured_count", "total_days", "total_wage",
        "employee_share", "employer_share", "premium", "accrued", "due_date", "entry_id", "source", "created_by",
        "created_at"), numbering=Numbering("seq", ("employer_id", "year", "month"))),
    RecordKind("revenue.declaration_line", "revenue_declaration_lines", (
        "declaration_id", "line_no", "national_id", "name", "days", "wage", "missing_code", "employee_share",
        "employer_share"), parent=("declaration_id", "revenue.declaration"),
        numbering=Numbering("line_no", ("declaration_id",))),
    RecordKind("revenue.receipt", "revenue_receipts", (
        "fiscal_year", "number", "kind", "employer_id", "receipt_date", "amount", "method", "bank", "bank_branch",
        "reference", "ref_key", "ref_date", "due_date", "drawer", "target_year", "target_month", "voids_id",
        "entry_id", "clerk_id", "created_at"),
        state=("status", "reason", "cheque_status", "deposited_on", "cleared_on", "bounced_on", "clear_entry_id",
               "bounce_entry_id"),
        numbering=Numbering("number", ("fiscal_year",))),
    RecordKind("revenue.allocation", "revenue_allocations", (
        "receipt_id", "employer_id", "year", "month", "kind", "amount", "allocation_date"),
        parent=("receipt_id", "revenue.receipt")),
    RecordKind("revenue.accrual", "revenue_accruals", (
        "employer_id", "year", "month", "kind", "amount", "accrual_date", "due_date", "declaration_id",
        "receipt_id", "entry_id")),
    RecordKind("revenue.day_close", "revenue_day_closes", (
        "clerk_id", "day", "receipts", "voids", "total", "summary", "closed_by", "closed_at")),
)

"""Insured affairs' legal records (hash-chained, guarded, verified: ``core.records``): claims as
registered, the unit head's decisions, applications with their decision (a state change)."""

from __future__ import annotations

from branch_desktop.core.record_kinds import Numbering, RecordKind

KINDS = (
    RecordKind("insured.claim", "insured_claims", (
        "fiscal_year", "number", "person_id", "kind", "case_json", "result_json", "eligible", "amount",
        "prepared_by", "prepared_at"), numbering=Numbering("number", ("fiscal_year",))),
    # v2 (revision insured_r2): the decisions' own chain columns dropped; the first kind's chain
    # ("insured.decision", with those columns in its content) stays in record_links as it was
    RecordKind("insured.decision.v2", "insured_decisions", (
        "fiscal_year", "number", "claim_id", "outcome", "amount", "reason", "supersedes_id", "decided_by",
        "decided_at", "decision_date", "payment_reference"),
        numbering=Numbering("number", ("fiscal_year",))),
    RecordKind("insured.payment", "insured_payments", (
        "decision_id", "claim_id", "reference", "account_role", "amount", "created_at"),
        state=("status", "paid_on", "method", "instrument", "entry_id")),
    RecordKind("insured.transfer_list", "insured_transfer_lists", (
        "fiscal_year", "number", "bank_account_code", "list_date", "total", "count", "prepared_by", "prepared_at"),
        state=("status", "entry_id", "posted_by", "posted_at"), numbering=Numbering("number", ("fiscal_year",))),
    RecordKind("insured.transfer_line", "insured_transfer_lines", (
        "list_id", "line_no", "payment_id", "payee", "national_id", "iban", "amount"),
        parent=("list_id", "insured.transfer_list"), numbering=Numbering("line_no", ("list_id",))),
    # the insurance status history (revision insured_r3): a change is a new record
    RecordKind("insured.coverage", "insured_coverage_history", (
        "person_id", "coverage", "effective_from", "recorded_by", "recorded_at")),
    # v2 (revision insured_r4): the insurance status at receipt (``coverage``, insured_r3) hashed too;
    # the first kind's chain ("insured.application", without it) stays in record_links as it was
    RecordKind("insured.application.v2", "insured_applications", (
        "person_id", "kind", "received_on", "deadline", "other_office", "coverage", "registered_by",
        "registered_at"), state=("decided_on", "outcome")),
)

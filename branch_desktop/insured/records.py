"""Insured affairs' legal records (hash-chained, guarded, verified: ``core.records``): claims as
registered, the unit head's decisions, applications with their decision (a state change)."""

from __future__ import annotations

from branch_desktop.core.records import Numbering, RecordKind

KINDS = (
    RecordKind("insured.claim", "insured_claims", (
        "fiscal_year", "number", "person_id", "kind", "case_json", "result_json", "eligible", "amount",
        "prepared_by", "prepared_at"), numbering=Numbering("number", ("fiscal_year",))),
    RecordKind("insured.decision", "insured_decisions", (
        "fiscal_year", "number", "claim_id", "outcome", "amount", "reason", "supersedes_id", "decided_by",
        "decided_at", "decision_date", "payment_reference", "chain_index", "prev_hash", "hash"),
        numbering=Numbering("number", ("fiscal_year",))),
    RecordKind("insured.application", "insured_applications", (
        "person_id", "kind", "received_on", "deadline", "other_office", "registered_by", "registered_at"),
        state=("decided_on", "outcome")),
)

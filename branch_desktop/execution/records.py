"""The execution unit's legal records (hash-chained, guarded, verified: ``core.records``): charges
accrued, warning notices and enforcement orders with their months (state changes through
``set_state``), objections, seizure requests to banks and the banks' replies, and cancellations."""

from __future__ import annotations

from branch_desktop.core.record_kinds import Numbering, RecordKind

KINDS = (
    RecordKind("execution.charge_accrual", "execution_charge_accruals", (
        "employer_id", "year", "month", "amount", "until", "entry_id", "accrued_by", "accrued_at")),
    RecordKind("execution.notice", "execution_notices", (
        "fiscal_year", "number", "employer_id", "prepared_on", "principal", "charges", "period_days", "prepared_by",
        "prepared_at"), state=("state", "served_on", "service_method"),
        numbering=Numbering("number", ("fiscal_year",))),
    RecordKind("execution.notice_line", "execution_notice_lines", (
        "notice_id", "year", "month", "due_date", "principal", "charges"), parent=("notice_id", "execution.notice")),
    RecordKind("execution.order", "execution_orders", (
        "fiscal_year", "number", "employer_id", "notice_id", "issued_on", "principal", "amount", "issued_by",
        "issued_at"), state=("state", "served_on", "service_method", "suspended_until"),
        numbering=Numbering("number", ("fiscal_year",))),
    RecordKind("execution.order_line", "execution_order_lines", (
        "order_id", "year", "month", "principal", "charges"), parent=("order_id", "execution.order")),
    RecordKind("execution.objection", "execution_objections", (
        "order_id", "received_on", "reason", "suspended_until", "recorded_by", "recorded_at")),
    RecordKind("execution.agreement", "execution_agreements", (
        "fiscal_year", "number", "employer_id", "agreed_on", "principal", "charges", "down_payment", "instalments",
        "default_after", "created_by", "created_at"), state=("state", "ended_on", "recomputed_charges"),
        numbering=Numbering("number", ("fiscal_year",))),
    RecordKind("execution.agreement_month", "execution_agreement_months", (
        "agreement_id", "year", "month", "principal", "charges"), parent=("agreement_id", "execution.agreement")),
    RecordKind("execution.instalment", "execution_instalments", (
        "agreement_id", "seq", "due_date", "amount"), parent=("agreement_id", "execution.agreement"),
        numbering=Numbering("seq", ("agreement_id",), start=None)),
    RecordKind("execution.seizure_request", "execution_seizure_requests", (
        "fiscal_year", "number", "order_id", "employer_id", "bank", "amount", "requested_on", "requested_by",
        "requested_at"), numbering=Numbering("number", ("fiscal_year",))),
    RecordKind("execution.seizure_reply", "execution_seizure_replies", (
        "seizure_id", "replied_on", "seized", "reference", "recorded_by", "recorded_at")),
    RecordKind("execution.cancellation", "execution_cancellations", (
        "document", "document_id", "reason", "requested_by", "approved_by", "cancelled_at")),
)

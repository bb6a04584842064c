"""Accounting's legal records: payroll runs, slips and lines; bank statements and their lines,
issued cheques, reconciliation locks (hash-chained, guarded, verified: ``core.records``)."""

from __future__ import annotations

from branch_desktop.core.record_kinds import Numbering, RecordKind

KINDS = (
    # a run is final once posted (a draft is recomputed or deleted freely)
    RecordKind("payroll.run", "payroll_runs", (
        "year", "month", "kind", "title", "employees", "gross", "deductions", "net", "employer_cost", "inputs",
        "posted_entry_id", "computed_at", "created_by", "posted_by"),
        state=("status", "paid_entry_id", "loanfund_entry_id", "reversal_entry_id", "reversal_reason"),
        final_when="status <> 'draft'"),
    RecordKind("payroll.slip", "payroll_slips", (
        "run_id", "employee_id", "decree_id", "post", "job_group", "iban", "gross", "deductions", "net",
        "employer_cost", "taxable", "insurable"), parent=("run_id", "payroll.run")),
    RecordKind("payroll.line", "payroll_lines", ("slip_id", "code", "kind", "amount", "loan_id"),
               parent=("slip_id", "payroll.slip")),
    RecordKind("bank.statement", "bank_statements", (
        "bank_account_id", "statement_ref", "start_date", "end_date", "opening", "closing", "line_count",
        "source_format", "file_name", "file_sha256", "imported_by", "imported_at")),
    RecordKind("bank.statement_line", "bank_statement_lines", (
        "statement_id", "bank_account_id", "line_no", "booking_date", "value_date", "amount", "reference",
        "bank_reference", "counterparty", "counterparty_account", "description", "fingerprint"),
        parent=("statement_id", "bank.statement"), numbering=Numbering("line_no", ("statement_id",))),
    RecordKind("bank.cheque", "bank_issued_cheques", (
        "bank_account_id", "cheque_book_id", "number", "payee", "amount", "issue_date", "created_by", "created_at"),
        state=("status", "signed_accounting_by", "signed_accounting_at", "signed_head_by", "signed_head_at",
               "spoiled_reason", "entry_id", "payment_document_id"),
        numbering=Numbering("number", ("cheque_book_id",), start=None)),
    RecordKind("bank.reconciliation_lock", "bank_reconciliation_locks", ("bank_account_id", "year", "month"),
               state=("status", "book_balance", "statement_balance", "locked_by", "locked_at", "reopened_by",
                      "reopened_at", "reopen_reason")),
)

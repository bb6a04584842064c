"""Banking use cases, split by subject: bank accounts and CSV mappings (``accounts``), statement
import (``statements``), reconciliation and locks (``reconciliation``), matching (``matching``),
payment documents and cheques (``cheques``), the 10-day balance and the month-end close
(``month_end``). The public names are re-exported here, with the plain data of ``types``.

Every function takes the branch context and the acting user, checks the permission first and
runs as one transaction: a refused file, match or cheque writes nothing.
"""

from typing import TYPE_CHECKING

from branch_desktop.core.lazy_exports import lazy_exports

if TYPE_CHECKING:  # the names below, imported when first used (core.lazy_exports)
    from branch_desktop.accounting.banking.rules import SIGN_ACCOUNTING, SIGN_HEAD
    from branch_desktop.accounting.banking.services.accounts import (
        bank_iban,
        create_bank_account,
        default_ibans,
        get_bank_account,
        get_csv_mapping,
        list_bank_accounts,
        list_csv_mappings,
        save_csv_mapping,
        update_bank_account,
    )
    from branch_desktop.accounting.banking.services.cheques import (
        add_payment_document,
        benefit_choices,
        check_payment_document,
        create_payment_document,
        get_cheque,
        issue_cheque,
        list_cheque_books,
        list_cheques,
        list_payment_documents,
        payment_report,
        post_cheque,
        register_cheque_book,
        sign_cheque,
        spoil_cheque,
    )
    from branch_desktop.accounting.banking.services.common import BANK_ROLES, FORMATS
    from branch_desktop.accounting.banking.services.matching import (
        auto_match,
        create_entry_from_line,
        list_matches,
        manual_match,
        unmatch,
        unmatch_item,
    )
    from branch_desktop.accounting.banking.services.month_end import (
        close_month,
        month_end_blockers,
        month_end_close_check,
        ten_day_balance,
    )
    from branch_desktop.accounting.banking.services.reconciliation import (
        BookKey,
        lock_month,
        reconciliation,
        reopen_month,
        unmatched_book_page,
    )
    from branch_desktop.accounting.banking.services.statements import (
        detect_format,
        import_statement,
        latest_statement_month,
        list_statements,
        parse_statement_file,
        read_statement_file,
    )
    from branch_desktop.accounting.banking.states import STATUS_LABELS
    from branch_desktop.accounting.banking.types import (
        AutoMatchResult,
        BankAccountView,
        BookItemView,
        ChequeBookView,
        ChequeView,
        MatchView,
        PaymentDocumentInput,
        PaymentDocumentView,
        PaymentReport,
        Reconciliation,
        StatementLineView,
        StatementSummary,
        TenDayReport,
        TenDayRow,
    )

__getattr__, __dir__ = lazy_exports(__name__, {
    "branch_desktop.accounting.banking.rules": ("SIGN_ACCOUNTING", "SIGN_HEAD",),
    "accounts": (
        "bank_iban", "create_bank_account", "default_ibans", "get_bank_account", "get_csv_mapping",
        "list_bank_accounts", "list_csv_mappings", "save_csv_mapping", "update_bank_account",
    ),
    "cheques": (
        "add_payment_document", "benefit_choices", "check_payment_document", "create_payment_document", "get_cheque",
        "issue_cheque", "list_cheque_books", "list_cheques", "list_payment_documents", "payment_report", "post_cheque",
        "register_cheque_book", "sign_cheque", "spoil_cheque",
    ),
    "common": ("BANK_ROLES", "FORMATS",),
    "matching": ("auto_match", "create_entry_from_line", "list_matches", "manual_match", "unmatch", "unmatch_item",),
    "month_end": ("close_month", "month_end_blockers", "month_end_close_check", "ten_day_balance",),
    "reconciliation": ("BookKey", "lock_month", "reconciliation", "reopen_month", "unmatched_book_page",),
    "statements": (
        "detect_format", "import_statement", "latest_statement_month", "list_statements", "parse_statement_file",
        "read_statement_file",
    ),
    "branch_desktop.accounting.banking.states": ("STATUS_LABELS",),
    "branch_desktop.accounting.banking.types": (
        "AutoMatchResult", "BankAccountView", "BookItemView", "ChequeBookView", "ChequeView", "MatchView",
        "PaymentDocumentInput", "PaymentDocumentView", "PaymentReport", "Reconciliation", "StatementLineView",
        "StatementSummary", "TenDayReport", "TenDayRow",
    ),
})

__all__ = [
    "BookKey", "unmatched_book_page",
    "BANK_ROLES", "FORMATS", "SIGN_ACCOUNTING", "SIGN_HEAD", "STATUS_LABELS",
    "AutoMatchResult", "BankAccountView", "BookItemView", "ChequeBookView", "ChequeView", "MatchView",
    "PaymentDocumentInput", "PaymentDocumentView", "PaymentReport", "Reconciliation", "StatementLineView",
    "StatementSummary", "TenDayReport", "TenDayRow",
    "add_payment_document", "auto_match", "bank_iban", "benefit_choices", "check_payment_document", "close_month",
    "create_bank_account", "create_entry_from_line", "create_payment_document", "default_ibans", "detect_format",
    "get_bank_account", "get_cheque", "get_csv_mapping", "import_statement", "issue_cheque", "latest_statement_month",
    "list_bank_accounts", "list_cheque_books", "list_cheques", "list_csv_mappings", "list_matches",
    "list_payment_documents", "list_statements", "lock_month", "manual_match", "month_end_blockers",
    "month_end_close_check", "parse_statement_file", "payment_report", "post_cheque", "read_statement_file",
    "reconciliation", "register_cheque_book", "reopen_month", "save_csv_mapping", "sign_cheque", "spoil_cheque",
    "ten_day_balance", "unmatch", "unmatch_item", "update_bank_account",
]

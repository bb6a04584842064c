"""Revenue use cases, split by subject: employer files, declarations and accrual, counter receipts
and voids, cheques received, the employer's statement, the clerk's day close. The public names are
re-exported here (callers write ``from branch_desktop.revenue import services``).

Each public function takes ``ctx`` and the acting user, checks the permission first, and runs in
one transaction (``ctx.db.write()``): a receipt, its allocations, its number and its journal entry
commit together or not at all.
"""

from branch_desktop.revenue.exceptions import DeclarationRefused
from branch_desktop.revenue.exports import statement_csv, statement_xlsx
from branch_desktop.revenue.importers.declarations import (
    DECLARATION_COLUMNS,
    read_declaration_file,
    read_declaration_path,
)
from branch_desktop.revenue.rules import normalise_file_no
from branch_desktop.revenue.services.batch import Batch, batch, submit_declarations, take_payments
from branch_desktop.revenue.services.cheques import bounce_cheque, clear_cheque, deposit_cheque, list_cheques
from branch_desktop.revenue.services.common import PARTY
from branch_desktop.revenue.services.counter import (
    employer_receipts,
    find_receipt,
    get_receipt,
    open_charges_total,
    open_months,
    open_total,
    owed_to_date,
    receipts_between,
    search_receipts,
    take_payment,
    void_receipt,
)
from branch_desktop.revenue.services.day_close import DAY_CLOSE, close_day, day_summary, is_day_closed
from branch_desktop.revenue.services.declarations import (
    DeclarationInput,
    check_declaration,
    declaration_lines,
    import_declaration_file,
    list_declarations,
    service_records,
    submit_declaration,
)
from branch_desktop.revenue.services.employers import (
    create_employer,
    employer_count,
    employer_id_of,
    find_employer,
    get_employer,
    search_employers,
    update_employer,
)
from branch_desktop.revenue.services.history import DeclaredMonth, declared_months, declared_people
from branch_desktop.revenue.services.statement import employer_statement

__all__ = [
    "Batch", "DeclarationInput", "batch", "submit_declarations", "take_payments",
    "DeclaredMonth", "declared_months", "declared_people",
    "DAY_CLOSE", "DECLARATION_COLUMNS", "PARTY", "DeclarationRefused", "bounce_cheque", "check_declaration",
    "clear_cheque", "close_day", "create_employer", "day_summary", "declaration_lines", "deposit_cheque",
    "employer_count", "employer_id_of", "employer_receipts", "employer_statement", "find_employer", "find_receipt",
    "get_employer", "get_receipt", "import_declaration_file", "is_day_closed", "list_cheques", "list_declarations",
    "normalise_file_no", "open_charges_total", "open_months", "open_total", "owed_to_date", "read_declaration_file", "read_declaration_path",
    "receipts_between", "search_employers", "search_receipts", "service_records", "statement_csv", "statement_xlsx",
    "submit_declaration", "take_payment", "update_employer", "void_receipt",
]

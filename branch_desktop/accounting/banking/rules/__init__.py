"""Banking's pure parts (no database, no Qt, no I/O): the matching engine, the reconciliation
figures, the statement checks and the cheque rules; the public names are re-exported here."""

from branch_desktop.accounting.banking.rules.cheques import (
    SIGN_ACCOUNTING,
    SIGN_HEAD,
    check_postable,
    check_signature,
    check_spoilable,
    status_text,
)
from branch_desktop.accounting.banking.rules.figures import ReconciliationFigures, figures, ten_day_spans
from branch_desktop.accounting.banking.rules.matching import (
    RULE_AMOUNT_DATE,
    RULE_CHEQUE,
    RULE_COUNTERPARTY,
    RULE_DAY_TOTAL,
    RULE_ENTRY,
    RULE_MANUAL,
    RULE_MANY_TO_ONE,
    RULE_REFERENCE,
    RULE_REFERENCE_TOTAL,
    BookItem,
    Match,
    StatementItem,
    auto_match,
    counterparty_key,
    norm_ref,
)
from branch_desktop.accounting.banking.rules.statements import (
    account_matches,
    balances,
    check_order,
    fingerprints,
)

__all__ = [
    "RULE_AMOUNT_DATE", "RULE_CHEQUE", "RULE_COUNTERPARTY", "RULE_DAY_TOTAL", "RULE_ENTRY", "RULE_MANUAL",
    "RULE_MANY_TO_ONE", "RULE_REFERENCE", "RULE_REFERENCE_TOTAL", "SIGN_ACCOUNTING", "SIGN_HEAD", "BookItem",
    "Match", "ReconciliationFigures", "StatementItem", "account_matches", "auto_match", "balances",
    "check_order", "check_postable", "check_signature", "check_spoilable", "counterparty_key", "figures", "fingerprints",
    "norm_ref", "status_text", "ten_day_spans",
]

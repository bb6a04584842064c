"""Banking's typed errors: each has a stable message id (its English template, the msgid the
catalogues translate), takes that template's parameters by name, and names the input ``field``
it concerns where there is one. Views branch on the class or ``field``; tests assert both and the
parameters (``err.params``).
"""

from __future__ import annotations

from typing import ClassVar

from branch_desktop.core.errors import ConflictError, DomainError, NotFound, PermissionDenied, ValidationError
from branch_desktop.core.i18n import N_


class BankingError(DomainError):
    """Base of banking's errors (combined with a core class: ValidationError, ConflictError...)."""

    msgid: ClassVar[str] = ""
    #: the form field or command option the error is about ("iban", "code", "file"...), or None
    field: ClassVar[str | None] = None

    def __init__(self, **params: object) -> None:
        super().__init__(self.msgid, **params)


# -- bank accounts ----------------------------------------------------------------------------


class InvalidIban(BankingError, ValidationError):
    msgid = N_("'{iban}' is not a valid IBAN.")
    field = "iban"


class ForeignIban(InvalidIban):
    """A valid IBAN of another country than the pack's."""

    msgid = N_("The IBAN {iban} is not a {country} account.")


class MissingAccountCode(BankingError, ValidationError):
    msgid = N_("A bank account needs a code.")
    field = "code"


class CurrencyMismatch(BankingError, ValidationError):
    msgid = N_("The books are kept in {pack}; a bank account in {currency} cannot be registered.")
    field = "currency"


class LedgerAccountNotPostable(BankingError, ValidationError):
    msgid = N_("The ledger account {code} does not exist or is not postable.")
    field = "ledger_code"


class LedgerAccountNotAsset(BankingError, ValidationError):
    msgid = N_("The ledger account {code} of a bank account must be an asset.")
    field = "ledger_code"


class DuplicateBankAccount(BankingError, ConflictError):
    msgid = N_("The bank account {code} exists already.")
    field = "code"


class StaleBankAccount(BankingError, ConflictError):
    """A save over a newer version of the bank account; names who changed it and when."""

    msgid = N_("{user} changed bank account {code} at {time} after you opened it; reload it and make your "
               "change again.")


class DuplicateIban(BankingError, ConflictError):
    msgid = N_("The IBAN {iban} is registered already.")
    field = "iban"


class LedgerAccountTaken(BankingError, ConflictError):
    msgid = N_("The ledger account {code} has a bank account already.")
    field = "ledger_code"


class UnknownBankAccount(BankingError, NotFound):
    msgid = N_("There is no bank account {code}.")
    field = "account"


class OutgoingRefused(BankingError, ValidationError):
    """The revenue account pays nothing out (only the bank's own charges are booked on it)."""

    msgid = N_("The bank account {code} refuses outgoing payments.")
    field = "account"


# -- CSV mappings and statement files -----------------------------------------------------------


class MissingMappingName(BankingError, ValidationError):
    msgid = N_("A CSV mapping needs a name.")
    field = "name"


class UnknownCsvMapping(BankingError, NotFound):
    msgid = N_("There is no CSV mapping {name}.")
    field = "mapping"


class UnknownFormat(BankingError, ValidationError):
    msgid = N_("Unknown statement format {format}.")
    field = "format"


class MappingNeeded(BankingError, ValidationError):
    msgid = N_("A CSV statement needs a column mapping (--mapping NAME).")
    field = "mapping"


class StatementError(BankingError, ValidationError):
    """A statement of an imported file that is refused; ``where`` names the statement or line."""

    field = "file"


class StatementAccountMismatch(StatementError):
    msgid = N_("{where}: the statement is for account {stated}, not for {code} ({iban}).")


class StatementCurrencyMismatch(StatementError):
    msgid = N_("{where}: the statement is in {stated}, the bank account {code} in {currency}.")


class LineCurrencyMismatch(StatementError):
    msgid = N_("{where}: the line is in {stated}, the bank account {code} in {currency}.")


class StatementAmountError(StatementError):
    msgid = N_("{where}: {reason}")


class AmountTooLarge(StatementError):
    msgid = N_("{where}: the amount {amount} is too large.")


class StatementGap(StatementError):
    """The statement does not continue the previous one: its opening balance is not the
    previous closing balance."""

    msgid = N_("{where}: the opening balance {opening} differs from the previous statement's closing balance "
               "{closing}.")


class StatementUnbalanced(StatementError):
    msgid = N_("{where}: the opening balance {opening} plus the lines {lines} is {total}, not the closing "
               "balance {closing}.")


class StatementOverlap(StatementError):
    """The statement ends before the last imported statement of the account."""

    msgid = N_("{where}: the statement ends on {end}, before the last imported statement ({last}).")


class StatementInLockedMonth(StatementError):
    msgid = N_("{where}: the reconciliation of {period} is locked.")


class DuplicateStatement(BankingError, ConflictError):
    msgid = N_("{where}: the statement {ref} was imported before.")
    field = "file"


class StatementTwiceInFile(DuplicateStatement):
    msgid = N_("{where}: the statement {ref} appears twice in the file.")


class DuplicateLine(BankingError, ConflictError):
    msgid = N_("{where}: the line was imported before (in another statement); {count} such lines.")
    field = "file"


# -- reconciliation -----------------------------------------------------------------------------


class MonthLocked(BankingError, ConflictError):
    msgid = N_("The reconciliation of {account} for {period} is locked; a manager must reopen it first.")


class AlreadyLocked(BankingError, ConflictError):
    msgid = N_("The reconciliation of {account} for {period} is locked already.")


class NotLocked(BankingError, ConflictError):
    msgid = N_("The reconciliation of {account} for {period} is not locked.")


class LaterMonthLocked(BankingError, ConflictError):
    msgid = N_("A later month of {account} is locked; reopen it first.")


class NoStatement(BankingError, ValidationError):
    msgid = N_("No statement of {account} covers {period}.")


class ReconciliationMismatch(BankingError, ValidationError):
    """Locking a month whose difference is not zero."""

    msgid = N_("The difference of {account} for {period} is {amount}, not zero.")


class UnaccountedLines(BankingError, ValidationError):
    msgid = N_("{count} statement lines of {account} are neither matched nor booked.")


class ReopenReasonMissing(BankingError, ValidationError):
    msgid = N_("Give the reason for reopening.")
    field = "reason"


class EmptyMatch(BankingError, ValidationError):
    msgid = N_("Choose at least one statement line and one book item.")


class MatchTotalsDiffer(BankingError, ValidationError):
    msgid = N_("The statement lines total {a} and the book items {b}; a match needs equal totals.")


class LineNotOnAccount(BankingError, NotFound):
    msgid = N_("A chosen line is not on the bank account {code}.")


class AlreadyMatched(BankingError, ConflictError):
    msgid = N_("A chosen line is matched already; unmatch it first.")


class LineAlreadyMatched(AlreadyMatched):
    msgid = N_("The statement line is matched already.")


class NotMatched(BankingError, NotFound):
    msgid = N_("The line is not matched.")


class UnknownMatch(BankingError, NotFound):
    msgid = N_("There is no match {id}.")


class UnknownStatementLine(BankingError, NotFound):
    msgid = N_("There is no statement line {id}.")


class BankOwnAccount(BankingError, ValidationError):
    msgid = N_("Choose the other account of the entry, not the bank's own account.")
    field = "account_code"


# -- payment documents and cheques ---------------------------------------------------------------


class PaymentDocumentIncomplete(BankingError, ValidationError):
    msgid = N_("The payment document needs the preparing unit's reference.")
    field = "reference"


class PaymentDocumentNoInsured(PaymentDocumentIncomplete):
    msgid = N_("The payment document needs the insured person's name and number.")
    field = "insured_name"


class NonPositiveAmount(BankingError, ValidationError):
    msgid = N_("The amount must be positive.")
    field = "amount"


class UnknownBenefit(BankingError, ValidationError):
    msgid = N_("'{benefit}' is not a benefit of this pack.")
    field = "benefit_type"


class DuplicatePaymentDocument(BankingError, ConflictError):
    msgid = N_("The payment document {reference} exists already.")
    field = "reference"


class UnknownPaymentDocument(BankingError, NotFound):
    msgid = N_("There is no payment document {id}.")


class PaymentDocumentStateError(BankingError, ConflictError):
    msgid = N_("The payment document {reference} is {status} already.")


class MissingApprovals(BankingError, ValidationError):
    msgid = N_("The payment document {reference} lacks its approvals: {missing}.")


class DocumentNotChecked(BankingError, ValidationError):
    msgid = N_("The payment document {reference} must be checked by accounting first (its status is {status}).")


class ChequeAlreadyIssued(BankingError, ConflictError):
    msgid = N_("A cheque was issued for {reference} already.")


class ChequeBookRange(BankingError, ValidationError):
    msgid = N_("A cheque book runs from a first to a last number (first <= last).")
    field = "first"


class ChequeBookTooLarge(ChequeBookRange):
    msgid = N_("A cheque book has at most 100,000 leaves.")
    field = "last"


class ChequeBookOverlap(BankingError, ConflictError):
    msgid = N_("The numbers {first}-{last} overlap a cheque book already registered.")
    field = "first"


class NoChequeLeft(BankingError, ValidationError):
    msgid = N_("The bank account {code} has no unused cheque left; register a cheque book.")


class UnknownCheque(BankingError, NotFound):
    msgid = N_("There is no cheque {id}.")


class ChequeStateError(BankingError, ConflictError):
    """The cheque's state forbids the step (``status`` is a Msg of its ChequeStatus)."""

    msgid = N_("The cheque {number} is {status}; it cannot be spoiled.")


class ChequeNotSignable(ChequeStateError):
    msgid = N_("The cheque {number} is {status}; it cannot be signed.")


class AlreadySignedForRole(ChequeStateError):
    msgid = N_("The cheque {number} is signed for this role already.")


class SpoilReasonMissing(BankingError, ValidationError):
    msgid = N_("Give the reason the cheque is spoiled.")
    field = "reason"


class ChequeNotSigned(BankingError, ValidationError):
    msgid = N_("The cheque {number} needs both signatures before it is handed over.")


class ChequeWithoutDocument(BankingError, ValidationError):
    msgid = N_("The cheque {number} has no payment document.")


class SameSigner(BankingError, PermissionDenied):
    """Four eyes: the two signatures of a cheque are two different people's."""

    msgid = N_("The cheque {number} carries {user}'s signature already; the second signature must be "
               "another person's.")


class NotASigner(BankingError, PermissionDenied):
    msgid = N_("Only the head of accounting and the branch head or deputy sign cheques.")

"""Typed errors of payroll and the loan fund.

Each class carries one stable message template (``msgid``, the catalogue's msgid: the English
texts the services raised before, so their translations apply) and, where it concerns one input,
the ``field``. Views and tests branch on the type or ``.field``, never on the message text.
Raise them with the template's parameters only: ``raise InvalidIban(value=text)``.
"""

from __future__ import annotations

from typing import ClassVar

from branch_desktop.core.errors import ConflictError, DomainError, NotFound, ValidationError
from branch_desktop.core.i18n import N_


class PayrollError(DomainError):
    """Base of the typed payroll errors (combined with a core.errors class)."""

    msgid: ClassVar[str] = ""
    field: str | None = None

    def __init__(self, *, field: str | None = None, **params: object) -> None:
        if field is not None:
            self.field = field
        super().__init__(self._template(), **params)

    def _template(self) -> str:
        return self.msgid


# -- staff and decrees ------------------------------------------------------------------------


class PersonnelNoRequired(PayrollError, ValidationError):
    msgid = N_("A personnel number is required.")
    field = "personnel_no"


class NameRequired(PayrollError, ValidationError):
    msgid = N_("The employee's first and last names are required.")
    field = "name"


class InvalidNationalId(PayrollError, ValidationError):
    """Not a national id of the pack's country (checked by ``core.ids.clean_person_id``)."""

    msgid = N_("{value} is not a valid national identity number.")
    field = "national_id"


class InvalidIban(PayrollError, ValidationError):
    """Not an IBAN, or not one of the pack's country (``core.ids.clean_iban``)."""

    msgid = N_("{value} is not a valid IBAN.")
    field = "iban"


class UnknownChoice(PayrollError, ValidationError):
    """A value outside its vocabulary; the template names the vocabulary (by ``field``)."""

    msgids: ClassVar[dict[str, str]] = {
        "education": N_("'{value}' is not a level of education."),
        "post": N_("'{post}' is not a post."),
        "employment": N_("'{value}' is not a type of employment."),
        "housing": N_("'{value}' is not a housing situation."),
        "seat": N_("'{seat}' is not a seat on the loan committee."),
    }

    def __init__(self, *, field: str, **params: object) -> None:
        super().__init__(field=field, **params)

    def _template(self) -> str:
        return self.msgids[self.field or ""]


class JobGroupRequired(PayrollError, ValidationError):
    msgid = N_("Only contract staff may be without a job group.")
    field = "job_group"


class JobGroupOutOfRange(PayrollError, ValidationError):
    msgid = N_("A job group is 1 to 20.")
    field = "job_group"


class JobGroupNotInTable(PayrollError, ValidationError):
    msgid = N_("Job group {group} is not in the pay table.")
    field = "job_group"


class NegativeAmount(PayrollError, ValidationError):
    """``field``: other_allowance or other_deduction."""

    msgid = N_("Amounts in a decree cannot be negative.")


class PersonnelNoTaken(PayrollError, ConflictError):
    msgid = N_("Personnel number {no} is taken.")
    field = "personnel_no"


class UnknownEmployee(PayrollError, NotFound):
    msgid = N_("There is no employee {no}.")
    field = "personnel_no"


class StaleRecord(PayrollError, ConflictError):
    """A save over a newer version of the employee's file; names who changed it."""

    msgid = N_("{user} changed this employee at {time} after you opened the file; reload it and try again.")


class DecreeBeforeHire(PayrollError, ValidationError):
    msgid = N_("A decree cannot take effect before the hire date.")
    field = "effective_from"


class DecreeDateTaken(PayrollError, ConflictError):
    msgid = N_("This employee already has a decree from {date}.")
    field = "effective_from"


class LeavingBeforeHire(PayrollError, ValidationError):
    msgid = N_("An employee cannot leave before the hire date.")
    field = "left_on"


# -- runs -------------------------------------------------------------------------------------


class UnknownRun(PayrollError, NotFound):
    msgid = N_("There is no payroll run {id}.")


class RunExists(PayrollError, ConflictError):
    msgid = N_("{month} already has a payroll run; recompute or reverse it.")
    field = "month"


class RunStateError(PayrollError, ConflictError):
    """The run's status does not allow the action."""


class RunNotDraft(RunStateError):
    """Recompute or delete of a run that is no longer a draft."""

    msgid = N_("Payroll run {id} is posted; correct it by a reversal or in the next run.")


class RunAlreadyPosted(RunStateError):
    msgid = N_("Payroll run {id} is already posted.")


class RunNotPosted(RunStateError):
    """A bank list of a draft (or reversed) run."""

    msgid = N_("Post payroll run {id} before sending it to the bank.")


class RunNotPayable(RunStateError):
    msgid = N_("Payroll run {id} is not posted, or already paid.")


class RunNotReversible(RunStateError):
    msgid = N_("Only a posted payroll run can be reversed.")


class EmptyRun(PayrollError, ValidationError):
    msgid = N_("Payroll run {id} has nobody to pay.")


class NegativeNetPay(PayrollError, ValidationError):
    msgid = N_("Employee #{id} has a negative net pay; fix the deductions first.")


class ReasonRequired(PayrollError, ValidationError):
    msgid = N_("A reversal needs a reason.")
    field = "reason"


class EmployeeNotInRun(PayrollError, NotFound):
    msgid = N_("Employee {no} is not in payroll run {id}.")
    field = "personnel_no"


# -- the loan fund ----------------------------------------------------------------------------


class UnknownLoan(PayrollError, NotFound):
    msgid = N_("There is no loan {id}.")


class LoanAlreadyOpen(PayrollError, ConflictError):
    msgid = N_("{no} already has a loan application or an outstanding loan.")
    field = "personnel_no"


class LoanAlreadyDecided(PayrollError, ConflictError):
    msgid = N_("Loan {id} has already been decided.")


class ApproverRepeated(PayrollError, ConflictError):
    msgid = N_("{user} has already approved loan {id}; the committee needs three different people.")


class SeatRepeated(PayrollError, ConflictError):
    msgid = N_("The seat {seat} has already approved loan {id}.")
    field = "seat"


class ApprovalsMissing(PayrollError, ValidationError):
    msgid = N_("Loan {id} needs the approval of all three committee members (three different users); "
               "it has {count}.")


class LoanLimitExceeded(PayrollError, ValidationError):
    """More instalments than the fund's rules allow (``loanfund.max_instalments``)."""

    msgid = N_("A loan is repaid in 1 to {max} instalments.")
    field = "instalments"


class NoContributionBalance(PayrollError, ValidationError):
    msgid = N_("The member has no contribution balance, so no loan can be granted.")
    field = "personnel_no"

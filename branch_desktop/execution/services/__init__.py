"""Execution use cases, split by subject; the public names are re-exported here."""

from branch_desktop.execution.services.charges import (
    accrue_charges,
    accrued_charges,
    employer_charges,
    employer_charges_json,
)
from branch_desktop.execution.services.register import (
    ageing,
    ageing_by_employer,
    debt_register,
    debtors,
    refresh,
)

__all__ = [
    "accrue_charges", "accrued_charges", "ageing", "ageing_by_employer", "debt_register", "debtors",
    "employer_charges", "employer_charges_json", "refresh",
]

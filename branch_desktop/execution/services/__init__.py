"""Execution use cases, split by subject; the public names are re-exported here."""

from typing import TYPE_CHECKING

from branch_desktop.core.lazy_exports import lazy_exports

if TYPE_CHECKING:  # the names below, imported when first used (core.lazy_exports)
    from branch_desktop.execution.services.agreements import (
        agreement_status,
        check_agreements,
        list_agreements,
        new_agreement,
    )
    from branch_desktop.execution.services.charges import (
        accrue_charges,
        accrued_charges,
        employer_charges,
        employer_charges_json,
    )
    from branch_desktop.execution.services.notices import (
        get_notice,
        list_notices,
        prepare_notices,
        serve_notice,
    )
    from branch_desktop.execution.services.orders import (
        cancel_document,
        enforcement_between,
        enforcement_rate,
        half_year,
        issue_order,
        list_orders,
        may_escalate,
        object_to_order,
        serve_order,
    )
    from branch_desktop.execution.services.register import (
        ageing,
        ageing_by_employer,
        ageing_report,
        debt_register,
        debtors,
        refresh,
    )
    from branch_desktop.execution.services.seizures import (
        cancel_seizure,
        list_seizures,
        recent_seizures,
        reply_to_seizure,
        request_seizure,
    )
    from branch_desktop.execution.services.timeline import debt_file

__getattr__, __dir__ = lazy_exports(__name__, {
    "agreements": ("agreement_status", "check_agreements", "list_agreements", "new_agreement",),
    "charges": ("accrue_charges", "accrued_charges", "employer_charges", "employer_charges_json",),
    "notices": ("get_notice", "list_notices", "prepare_notices", "serve_notice",),
    "orders": (
        "cancel_document", "enforcement_between", "enforcement_rate", "half_year", "issue_order", "list_orders",
        "may_escalate", "object_to_order", "serve_order",
    ),
    "register": ("ageing", "ageing_by_employer", "ageing_report", "debt_register", "debtors", "refresh",),
    "seizures": ("cancel_seizure", "list_seizures", "recent_seizures", "reply_to_seizure", "request_seizure",),
    "timeline": ("debt_file",),
})

__all__ = [
    "accrue_charges", "agreement_status", "check_agreements", "list_agreements", "new_agreement", "accrued_charges", "ageing", "ageing_by_employer", "ageing_report", "cancel_document", "debt_register",
    "debtors", "employer_charges", "employer_charges_json", "enforcement_between", "enforcement_rate", "get_notice", "half_year",
    "issue_order", "list_notices", "list_orders", "may_escalate", "object_to_order", "prepare_notices", "refresh",
    "serve_notice", "serve_order", "list_seizures", "request_seizure", "debt_file", "cancel_seizure", "recent_seizures",
    "reply_to_seizure",
]

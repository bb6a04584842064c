"""Insured-affairs use cases, split by subject; the public names are re-exported here."""

from branch_desktop.insured.services.applications import (
    decide_application,
    list_applications,
    register_application,
)
from branch_desktop.insured.services.claims import (
    claim_queue,
    claims_of,
    compute_for_person,
    decide_claim,
    decided_claims,
    get_claim,
    prepare_claim,
    waiting_count,
)
from branch_desktop.insured.services.coverage import (
    coverage_history,
    coverage_of,
    pack_coverages,
    record_coverage,
)
from branch_desktop.insured.services.history import (
    earnings_json,
    service_months,
    service_years,
    short_term_days_before,
)
from branch_desktop.insured.services.registry import (
    add_member,
    change_member,
    end_member,
    find_person,
    get_person,
    import_persons,
    register_person,
    search_persons,
    update_person,
)
from branch_desktop.insured.services.transfers import (
    cancel_transfer_list,
    get_transfer_list,
    payable_claims,
    post_transfer_list,
    prepare_due_transfer_list,
    prepare_transfer_list,
    transfer_list_id_by_number,
    transfer_lists,
)

__all__ = [
    "add_member", "change_member", "coverage_history", "coverage_of", "pack_coverages", "record_coverage", "cancel_transfer_list", "get_transfer_list", "payable_claims", "post_transfer_list", "prepare_due_transfer_list",
    "prepare_transfer_list", "transfer_list_id_by_number", "transfer_lists", "decided_claims", "claim_queue", "claims_of", "compute_for_person", "decide_application", "decide_claim",
    "earnings_json", "end_member", "find_person", "get_claim", "get_person", "import_persons", "list_applications", "prepare_claim",
    "register_application", "register_person", "search_persons", "service_months", "service_years",
    "short_term_days_before", "update_person", "waiting_count",
]

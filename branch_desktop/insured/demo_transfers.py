"""The demo's bank transfer list, a demo step after banking's (which registers the bank accounts):
the approved benefits whose payees have an IBAN, all but the last (which waits on the Payments
page), prepared by the accountant and posted by the manager (four eyes) from the
legal-obligations account. Nothing without that account (a demo without banking's step)."""

from __future__ import annotations

import datetime as dt

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.security import Actor
from branch_desktop.insured import services
from branch_desktop.insured.demo import demo_actor


def extend_demo(ctx: BranchContext, admin: Actor, size: object, today: dt.date) -> int:
    del size, today
    from branch_desktop.accounting.banking import services as banking

    accountant, manager = demo_actor(ctx, "accountant", admin), demo_actor(ctx, "manager", admin)
    if len({admin.id, accountant.id, manager.id}) < 3:
        return 0  # no demo users: no four eyes
    code = ctx.pack.account_code("legal_obligation_bank")
    if code not in {a.code for a in banking.list_bank_accounts(ctx, admin) if a.allows_outgoing}:
        return 0
    if any(t.status.value == "posted" for t in services.transfer_lists(ctx, accountant)):
        return 0  # demo --extend: the demo's list exists
    due = [p.payment_id for p in services.payable_claims(ctx, accountant) if p.iban]
    chosen = due[:-1] if len(due) > 1 else due
    if not chosen:
        return 0
    made = services.prepare_transfer_list(ctx, accountant, code, chosen)
    services.post_transfer_list(ctx, manager, made.id)
    return 1

"""The employer's account statement: every accrual, receipt, void and bounce with the running
balance, and the months accrued, paid and owed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import case, func, or_, select

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import N_
from branch_desktop.core.security import Actor, require
from branch_desktop.core.texts import (
    Amount,
    Month,
    Msg,
    StoredText,
    receipt_number,
    stored_text,
)
from branch_desktop.revenue.exceptions import UnknownEmployer
from branch_desktop.revenue.models import (
    Accrual,
    Allocation,
    ChargeAllocation,
    Employer,
    Receipt,
)
from branch_desktop.revenue.services.common import (
    employer_view,
)
from branch_desktop.revenue.states import (
    AccrualKind,
    AllocationKind,
    ChequeStatus,
    ReceiptKind,
    StatementKind,
)
from branch_desktop.revenue.types import (
    METHOD_LABELS,
    Method,
    Statement,
    StatementLine,
    StatementMonth,
)

_ACCRUAL_TEXTS = {AccrualKind.PREMIUM: N_("Premium {month}"), AccrualKind.CORRECTION: N_("Correction of premium {month}"),
                  AccrualKind.CHARGE: N_("Bounced cheque charge")}
_LINE_KIND = {AccrualKind.PREMIUM: StatementKind.ACCRUAL, AccrualKind.CORRECTION: StatementKind.CORRECTION,
              AccrualKind.CHARGE: StatementKind.CHARGE}


def employer_statement(ctx: BranchContext, actor: Actor, employer_id: int) -> Statement:
    """Accruals, corrections, charges, receipts, voids and bounces in date order with the running
    balance; and by month: accrued, paid, owed."""
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        e = s.get(Employer, employer_id)
        if e is None:
            raise UnknownEmployer("There is no employer file #{id}.", id=employer_id)
        employer = employer_view(s, e)
        events: list[tuple[dt.date, tuple[int, int, int], StatementKind, StoredText, str, YearMonth | None, int, int]] = []
        for a in s.scalars(select(Accrual).where(Accrual.employer_id == employer_id)):
            ym = YearMonth(a.year, a.month)
            kind = AccrualKind(a.kind)
            order = (2, a.receipt_id or 0, 1) if kind is AccrualKind.CHARGE else (0, a.id, 0)
            events.append((a.accrual_date, order, _LINE_KIND[kind],
                           stored_text(_ACCRUAL_TEXTS[kind], month=Month(ym)), "", ym,
                           max(a.amount, 0), max(-a.amount, 0)))
        # the premium account: a receipt's late charges part went to the charges receivable
        charges_of = {rid: int(v) for rid, v in s.execute(
            select(ChargeAllocation.receipt_id, func.sum(ChargeAllocation.amount))
            .where(ChargeAllocation.employer_id == employer_id, ChargeAllocation.kind == AllocationKind.PAYMENT.value)
            .group_by(ChargeAllocation.receipt_id))}
        for r in s.scalars(select(Receipt).where(Receipt.employer_id == employer_id)):
            doc = receipt_number(r.fiscal_year, r.number)
            method = Msg(METHOD_LABELS[Method(r.method)])
            premium = r.amount - charges_of.get(r.voids_id or r.id, 0)
            if r.kind == ReceiptKind.PAYMENT:
                text = (stored_text("Receipt {number}: {method} {reference}", number=doc, method=method,
                                    reference=r.reference) if premium == r.amount else
                        stored_text("Receipt {number}: {method} {reference} (late charges {charges})", number=doc,
                                    method=method, reference=r.reference,
                                    charges=Amount(r.amount - premium)))
                events.append((r.receipt_date, (1, r.id, 0), StatementKind.RECEIPT, text, doc.canonical, None, 0,
                               premium))
                if r.cheque_status == ChequeStatus.BOUNCED and r.bounced_on:
                    events.append((r.bounced_on, (2, r.id, 0), StatementKind.BOUNCE,
                                   stored_text("Cheque {cheque} bounced", cheque=r.reference), doc.canonical, None,
                                   premium, 0))
            else:
                events.append((r.receipt_date, (1, r.id, 0), StatementKind.VOID,
                               stored_text("Void {number}", number=doc), doc.canonical, None, premium, 0))
        events.sort(key=lambda x: (x[0], x[1]))
        lines = []
        balance = 0
        for day, _order, line_kind, text, ref, month, dr, cr in events:
            balance += dr - cr
            lines.append(StatementLine(day=day, kind=line_kind, text=text.render(calendar=ctx.pack.calendar),
                                       reference=ref, month=month, debit=dr, credit=cr, balance=balance, message=text))
        accrued: dict[YearMonth, int] = defaultdict(int)
        for y, m, v in s.execute(select(Accrual.year, Accrual.month, func.sum(Accrual.amount))
                                 .where(Accrual.employer_id == employer_id).group_by(Accrual.year, Accrual.month)):
            accrued[YearMonth(y, m)] += int(v)
        paid: dict[YearMonth, int] = defaultdict(int)
        for y, m, v in s.execute(select(Allocation.year, Allocation.month, func.sum(Allocation.amount))
                                 .where(Allocation.employer_id == employer_id)
                                 .group_by(Allocation.year, Allocation.month)):
            paid[YearMonth(y, m)] += int(v)
        months = tuple(StatementMonth(ym, accrued.get(ym, 0), paid.get(ym, 0)) for ym in sorted(set(accrued) | set(paid)))
        received = int(s.scalar(select(func.coalesce(func.sum(case(
            (Receipt.kind == ReceiptKind.PAYMENT, Receipt.amount), else_=-Receipt.amount)), 0))
            .where(Receipt.employer_id == employer_id,
                   or_(Receipt.cheque_status.is_(None), Receipt.cheque_status != ChequeStatus.BOUNCED))) or 0)
        charges_paid = int(s.scalar(select(func.coalesce(func.sum(ChargeAllocation.amount), 0))
                                    .where(ChargeAllocation.employer_id == employer_id)) or 0)
        unallocated = received - sum(paid.values()) - charges_paid
    return Statement(employer=employer, lines=tuple(lines), months=months, unallocated=unallocated,
                     total_debit=sum(x.debit for x in lines), total_credit=sum(x.credit for x in lines))



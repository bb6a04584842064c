"""The monthly branch report's data: the performance table of the month's half-year, the dashboard
(its charts are the ones the screen draws), the collection summary, the revenue account's 10-day
balances, the legal-obligation payments, each bank account's reconciliation status, the debt and
enforcement summary (from their provider) and the claims paid."""

from __future__ import annotations

from dataclasses import dataclass

from branch_desktop.accounting.banking import queries as bank_q
from branch_desktop.accounting.banking import services as bank
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.errors import NotFound
from branch_desktop.core.security import Actor, require
from branch_desktop.insured import queries as insured_q
from branch_desktop.reports import sources
from branch_desktop.reports.rules import Half
from branch_desktop.reports.services.dashboard import dashboard
from branch_desktop.reports.services.performance import performance_table
from branch_desktop.reports.types import Dashboard, DebtByAge, EnforcementFigures, PerformanceTable
from branch_desktop.revenue import queries as revenue_q

PERMISSION = "reports.branch"
REVENUE_BANK = "revenue_bank"


@dataclass(frozen=True, kw_only=True)
class BranchMonth:
    month: YearMonth
    performance: PerformanceTable
    dashboard: Dashboard
    accrued: int  # for the month
    collected: int  # set against the month so far
    receipts: int  # valid payments taken in the month
    receipts_amount: int
    ten_day: tuple[tuple[str, tuple[bank.TenDayRow, ...]], ...]  # (account code, rows)
    payments: tuple[tuple[str, int, int], ...]  # legal-obligation cheques: (benefit role, count, amount)
    payments_total: int
    reconciliation: tuple[bank_q.AccountMonth, ...]
    enforcement: EnforcementFigures | None
    debt: DebtByAge | None
    claims_paid: tuple[tuple[str, int, int], ...]  # (benefit kind msgid, claims, amount)


def branch_month(ctx: BranchContext, actor: Actor, ym: YearMonth) -> BranchMonth:
    """Everything the monthly branch report prints, read once (the PDF draws from this alone)."""
    require(actor, PERMISSION)
    cal = ctx.pack.calendar
    start, end = cal.month_bounds(ym)
    board = dashboard(ctx, actor, ym)
    accrued, collected = revenue_q.collection_by_month(ctx, actor, ym, ym).get(ym, (0, 0))
    days = revenue_q.receipts_by_day(ctx, actor, start, end)
    ten_day = []
    for account in bank.list_bank_accounts(ctx, actor):
        if account.role != REVENUE_BANK:
            continue
        try:
            ten_day.append((account.code, bank.ten_day_balance(ctx, actor, account.code, ym).rows))
        except NotFound:
            continue
    payments = bank.payment_report(ctx, actor, ym)
    return BranchMonth(
        month=ym, performance=performance_table(ctx, actor, Half.of(ym)), dashboard=board, accrued=accrued,
        collected=collected, receipts=sum(n for _d, n, _a in days), receipts_amount=sum(a for _d, _n, a in days),
        ten_day=tuple(ten_day), payments=tuple(payments.totals_by_benefit()), payments_total=payments.total,
        reconciliation=tuple(bank_q.reconciliation_status(ctx, actor, ym)),
        enforcement=sources.enforcement(ctx, actor, start, end), debt=sources.debt_by_age(ctx, actor, end),
        claims_paid=tuple((insured_q.benefit_kind_label(k), n, a)
                          for k, n, a in insured_q.benefits_paid_by_kind(ctx, actor, start, end)))

"""The ledger's pages (chart, journal, entry form, periods, trial balance, account ledger).

The kernel they show is ``core.ledger``; the pages belong to Accounting, which registers this
module (``accounting.register``), as every department registers its views (see ``docs/gui.md``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from branch_desktop.core.i18n import N_
from branch_desktop.gui.registry import GROUP_LEDGER, PageSpec, register_page
from branch_desktop.gui.session import Session


def _journal(session: Session) -> QWidget:
    from branch_desktop.accounting.ledger.views.journal import JournalPage

    return JournalPage(session)


def _entry_form(session: Session) -> QWidget:
    from branch_desktop.accounting.ledger.views.entry_form import EntryFormPage

    return EntryFormPage(session)


def _accounts(session: Session) -> QWidget:
    from branch_desktop.accounting.ledger.views.accounts import AccountsPage

    return AccountsPage(session)


def _periods(session: Session) -> QWidget:
    from branch_desktop.accounting.ledger.views.periods import PeriodsPage

    return PeriodsPage(session)


def _trial_balance(session: Session) -> QWidget:
    from branch_desktop.accounting.ledger.views.trial_balance import TrialBalancePage

    return TrialBalancePage(session)


def _account_ledger(session: Session) -> QWidget:
    from branch_desktop.accounting.ledger.views.trial_balance import AccountLedgerPage

    return AccountLedgerPage(session)


register_page(PageSpec("accounting.journal", "accounting", N_("Journal"), _journal, "ledger.view", 10, group=GROUP_LEDGER))
register_page(PageSpec("accounting.entry", "accounting", N_("New entry"), _entry_form, "ledger.post", 20, group=GROUP_LEDGER))
register_page(PageSpec("accounting.accounts", "accounting", N_("Chart of accounts"), _accounts, "ledger.view", 30, group=GROUP_LEDGER))
register_page(PageSpec("accounting.periods", "accounting", N_("Periods"), _periods, "ledger.view", 40, group=GROUP_LEDGER))
register_page(PageSpec("accounting.trial_balance", "accounting", N_("Trial balance"), _trial_balance,
                       "reports.view", 50, group=GROUP_LEDGER))
register_page(PageSpec("accounting.account_ledger", "accounting", N_("Account ledger"), _account_ledger,
                       "ledger.view", 60, group=GROUP_LEDGER))
register_page(PageSpec("reports.trial_balance", "reports", N_("Trial balance"), _trial_balance, "reports.view", 10))

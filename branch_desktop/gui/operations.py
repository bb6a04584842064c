"""Operations: a page's call to a service, run on the task runner, announcing what it changed.

In the manner of Anki's ``CollectionOp``: a page names the service function and its own
arguments; the operation supplies the session's branch and user (every service takes
``(ctx, actor, ...)``), runs the call on the database thread (``gui/tasks.py``) and calls the
page back on the GUI thread::

    write(self.session, {RECEIPTS, LEDGER}, services.take_payment, payment, confirmed=False) \\
        .on_done(self._posted).on_error(self._refused).run(label=_("Posting…"))
    read(self.session, services.search_employers, text, 30).on_done(self._fill).run(quiet=True)

A write that succeeds announces its topics on ``session.notices`` (``changed(frozenset[str])``),
before the page's own callback; a write that fails announces nothing (the service rolled back).
Pages :func:`watch` the topics they show: a visible page refreshes at once, a hidden one is
marked stale and refreshes when it is shown again. So a receipt taken at the counter appears in
an open journal and an employer's statement without anyone pressing Refresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Concatenate, Final, Generic, ParamSpec, TypeVar

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.security import Actor

if TYPE_CHECKING:
    from branch_desktop.gui.session import Session

P = ParamSpec("P")
R = TypeVar("R")

# -- topics: what a write changed, what a page shows ---------------------------------------------
RECEIPTS: Final = "receipts"  # counter receipts (and their voids)
LEDGER: Final = "ledger"  # posted entries, drafts, balances
EMPLOYERS: Final = "employers"  # employer files
DECLARATIONS: Final = "declarations"  # wage declarations and their accruals
CHEQUES: Final = "cheques"  # cheques received (deposit, clear, bounce) and issued
BANK: Final = "bank"  # bank accounts, statements, reconciliation
PAYROLL: Final = "payroll"  # staff, decrees, runs, loans, bonuses
INSURED: Final = "insured"  # persons, applications, claims
PERIODS: Final = "periods"  # fiscal months closed or reopened, counter days closed
EXECUTION: Final = "execution"  # the debt register, notices, orders, agreements
ALL_TOPICS: Final = frozenset({RECEIPTS, LEDGER, EMPLOYERS, DECLARATIONS, CHEQUES, BANK, PAYROLL, INSURED, PERIODS,
                               EXECUTION})


class Notices(QObject):
    """The session's bulletin: ``changed`` carries the topics a successful write touched."""

    changed = Signal(object)  # frozenset[str]

    def announce(self, topics: Iterable[str]) -> None:
        topics = frozenset(topics)
        unknown = topics - ALL_TOPICS
        if unknown:
            raise ValueError(f"unknown topics: {sorted(unknown)}")
        if topics:
            self.changed.emit(topics)


class Op(Generic[R]):
    """One call of a service (see the module docstring); build it with :func:`read` or :func:`write`."""

    def __init__(self, session: Session, work: Callable[[BranchContext, Actor], R],
                 topics: frozenset[str] = frozenset()) -> None:
        self.session = session
        self.work = work
        self.topics = topics
        self._on_done: list[Callable[[R], object]] = []
        self._on_error: Callable[[BaseException], object] | None = None

    def on_done(self, callback: Callable[[R], object]) -> Op[R]:
        """``callback(result)`` on the GUI thread after the call returned (callbacks added
        twice run in the order they were added: a dialog closes itself after the page's own)."""
        self._on_done.append(callback)
        return self

    def on_error(self, callback: Callable[[BaseException], object]) -> Op[R]:
        """``callback(exc)`` instead of the runner's message box when the call raised."""
        self._on_error = callback
        return self

    def run(self, *, label: str = "", quiet: bool = False) -> int:
        """Queue the call; returns the task's id. ``quiet``: no progress dialog (quick reads)."""
        session, work = self.session, self.work
        ctx, actor = session.ctx, session.actor  # the user of the moment this was asked for
        topics, on_done, on_error = self.topics, list(self._on_done), self._on_error

        def done(result: Any) -> None:
            if topics:
                session.notices.announce(topics)
            for callback in on_done:
                callback(result)

        def failed(exc: BaseException) -> None:
            if on_error is not None:
                on_error(exc)

        return session.runner.submit(lambda: work(ctx, actor), done, failed if on_error is not None else None,
                                     label=label, quiet=quiet)


def read(session: Session, fn: Callable[Concatenate[BranchContext, Actor, P], R],
         *args: P.args, **kwargs: P.kwargs) -> Op[R]:
    """A call that changes nothing: ``fn(ctx, actor, *args, **kwargs)``."""
    return Op(session, lambda ctx, actor: fn(ctx, actor, *args, **kwargs))


def write(session: Session, topics: Iterable[str], fn: Callable[Concatenate[BranchContext, Actor, P], R],
          *args: P.args, **kwargs: P.kwargs) -> Op[R]:
    """A call that saves or posts: on success the ``topics`` are announced (at least one)."""
    changed = frozenset(topics)
    if not changed or changed - ALL_TOPICS:
        raise ValueError(f"a write names known topics, not {sorted(changed)}")
    return Op(session, lambda ctx, actor: fn(ctx, actor, *args, **kwargs), changed)


class Watch(QObject):
    """Refreshes ``page`` when a write touched one of ``topics``: at once when the page is
    visible (once per turn of the event loop, however many notices came), else when it is next
    shown. Lives as long as the page."""

    def __init__(self, page: QWidget, session: Session, topics: Iterable[str], refresh: Callable[[], object]) -> None:
        super().__init__(page)
        self.page = page
        self.topics = frozenset(topics)
        self.refresh = refresh
        self.stale = False
        self.refreshes = 0  # how many times the page was refreshed by a notice (tests look)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._refresh_now)
        page.installEventFilter(self)
        session.notices.changed.connect(self._changed)

    def _changed(self, topics: frozenset[str]) -> None:
        if topics & self.topics:
            self.stale = True
            if self.page.isVisible():
                self._timer.start(0)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.page and event.type() == QEvent.Type.Show and self.stale:
            self._timer.start(0)
        return False

    def _refresh_now(self) -> None:
        if self.stale and self.page.isVisible():
            self.stale = False
            self.refreshes += 1
            self.refresh()


def watch(page: QWidget, session: Session, topics: Iterable[str], refresh: Callable[[], object]) -> Watch:
    """``watch(self, session, {RECEIPTS, LEDGER}, self.refresh)`` in a page's constructor."""
    return Watch(page, session, topics, refresh)

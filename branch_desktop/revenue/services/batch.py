"""Batches: many counter receipts (a day's slips from a bank file) or many declarations taken in
ONE transaction, and the revenue work of a demo month.

The rule of :func:`take_payments` and :func:`submit_declarations` is **per item**: each item runs
in a savepoint of its own, with exactly the checks, statements and records of its one-by-one
service (``take_payment``, ``submit_declaration``). A refused item (any :class:`DomainError`: a
duplicate slip, an unknown employer, a closed day, an implausible amount, a declaration with
wrong rows) is rolled back to its savepoint and returned in ``BatchResult.refused`` with its
position and its error; the items before and after it are taken, as a clerk importing a bank
file expects. The batch commits once: its record chains are sealed once, at that commit. Any
other error (the database gone, a bug) rolls the whole batch back.

A batch writes the records the same items taken one by one, in the same order, would write:
the same receipt and entry numbers, the same chains (rows are sealed in id order within each
kind), the same allocations, accruals and audit rows; only the timestamps are those of the
batch's own moment.

:func:`batch` gives the same operations inside one transaction with no savepoints: all or
nothing (the demo posts each month whole, ``revenue.demo``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy.orm import Session

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.errors import DomainError
from branch_desktop.core.ledger.posting import forget_lookups, shared_lookups
from branch_desktop.core.security import Actor, require
from branch_desktop.core.storage import retry_transient
from branch_desktop.revenue.services.cheques import bounce_cheque_in, clear_cheque_in, deposit_cheque_in
from branch_desktop.revenue.services.counter import take_payment_in, void_receipt_in
from branch_desktop.revenue.services.declarations import DeclarationInput, submit_declaration_in
from branch_desktop.revenue.types import (
    BatchResult,
    DeclarationView,
    PaymentInput,
    ReceiptView,
)

T = TypeVar("T")
I = TypeVar("I")  # noqa: E741 - an item of a batch


class Batch:
    """The revenue work of one transaction (:func:`batch`): each operation checked and written as
    its one-by-one service does it; everything commits together. A refusal propagates: the
    caller's transaction rolls back whole unless it catches it (:func:`take_payments` keeps each
    item in a savepoint)."""

    def __init__(self, session: Session, ctx: BranchContext, actor: Actor) -> None:
        self.session = session
        self.ctx = ctx
        self.actor = actor

    def pay(self, p: PaymentInput, *, confirmed: bool = False) -> ReceiptView:
        """``take_payment``, in the batch's transaction."""
        return take_payment_in(self.session, self.ctx, self.actor, p, confirmed=confirmed)

    def declare(self, d: DeclarationInput) -> DeclarationView:
        """``submit_declaration``, in the batch's transaction."""
        return submit_declaration_in(self.session, self.ctx, self.actor, d.employer_id, d.month, d.lines,
                                     d.correction, d.source, d.on)

    def void(self, receipt_id: int, reason: str, on: dt.date | None = None) -> ReceiptView:
        """``void_receipt``, in the batch's transaction."""
        return void_receipt_in(self.session, self.ctx, self.actor, receipt_id, reason, on)

    def deposit_cheque(self, receipt_id: int, on: dt.date | None = None) -> None:
        """``deposit_cheque``, in the batch's transaction."""
        deposit_cheque_in(self.session, self.ctx, self.actor, receipt_id, on)

    def clear_cheque(self, receipt_id: int, on: dt.date | None = None) -> int:
        """``clear_cheque``, in the batch's transaction."""
        return clear_cheque_in(self.session, self.ctx, self.actor, receipt_id, on)

    def bounce_cheque(self, receipt_id: int, reason: str = "", on: dt.date | None = None) -> int:
        """``bounce_cheque``, in the batch's transaction."""
        return bounce_cheque_in(self.session, self.ctx, self.actor, receipt_id, reason, on)

    def each(self, items: Sequence[I], take: Callable[[I], T]) -> BatchResult[T]:
        """``take(item)`` for each item in a savepoint of its own: a refused item is rolled back
        alone and listed with its error; the others stay."""
        taken: list[tuple[int, T]] = []
        refused: list[tuple[int, DomainError]] = []
        for i, item in enumerate(items):
            try:
                with self.session.begin_nested():
                    taken.append((i, take(item)))
            except DomainError as e:
                refused.append((i, e))
                forget_lookups(self.session)
        return BatchResult(tuple(taken), tuple(refused))


@contextmanager
def batch(ctx: BranchContext, actor: Actor) -> Iterator[Batch]:
    """One write transaction for many revenue operations, all or nothing (see :class:`Batch`)."""
    with ctx.db.write() as s, shared_lookups(s):
        yield Batch(s, ctx, actor)


@retry_transient
def take_payments(ctx: BranchContext, actor: Actor, payments: Sequence[PaymentInput], *, confirmed: bool = False
                  ) -> BatchResult[ReceiptView]:
    """Take many payments at the counter in one transaction, in their order, each as
    ``take_payment`` takes it; per item (module docstring): the refused ones come back with their
    errors, the others are taken. ``confirmed`` applies to every payment (an amount the bank's
    file states is not typed twice)."""
    require(actor, "revenue.receipt")
    with batch(ctx, actor) as b:
        return b.each(payments, lambda p: b.pay(p, confirmed=confirmed))


@retry_transient
def submit_declarations(ctx: BranchContext, actor: Actor, declarations: Sequence[DeclarationInput]
                        ) -> BatchResult[DeclarationView]:
    """Take many declarations in one transaction, in their order, each as ``submit_declaration``
    takes it; per item (module docstring): a refused declaration (``DeclarationRefused`` with its
    rows' problems) leaves the others taken."""
    require(actor, "revenue.declare")
    with batch(ctx, actor) as b:
        return b.each(declarations, b.declare)

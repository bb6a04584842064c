"""The reconciliation's pure parts: the automatic matching engine and the report's figures.

Matching pairs statement lines (the bank's record) with book items (posted ledger lines on the
bank account's ledger account). Both sides are signed the same way: money into the account is
positive (a bank credit, a ledger debit). The rules run in order, each on what is still
unmatched, and every step looks candidates up in a dictionary (by reference, by amount and day,
by day total), so the work grows with the number of items, never with their product:

1. ``cheque`` / ``reference``: the book item's reference (a cheque number, a slip number)
   appears as the line's reference or as a token of its text, with the same amount.
2. ``reference_total``: one line against several book items sharing its reference whose sum is
   the line's amount (a deposit slip covering several receipts).
3. ``counterparty``: the line's counterparty is linked (learned from confirmed matches) to the
   party of a book item of the same amount within a wide date window.
4. ``amount_date``: same amount, dates at most ``window`` days apart, nearest first.
5. ``day_total``: one line against all of a day's still unmatched book items of the same sign
   (a day's deposit total), the day within the window before the line.
6. ``many_to_one``: several of a day's statement lines against one book item.

A line or an item is never in two matches; every match's two sides have the same total.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

RULE_CHEQUE = "cheque"
RULE_REFERENCE = "reference"
RULE_REFERENCE_TOTAL = "reference_total"
RULE_COUNTERPARTY = "counterparty"
RULE_AMOUNT_DATE = "amount_date"
RULE_DAY_TOTAL = "day_total"
RULE_MANY_TO_ONE = "many_to_one"
RULE_MANUAL = "manual"
RULE_ENTRY = "entry"  # an entry created from the statement line


@dataclass(frozen=True)
class StatementItem:
    id: int
    day: dt.date
    amount: int  # minor units, money in positive
    reference: str = ""
    text: str = ""  # description and bank reference, searched for cheque numbers
    counterparty: str = ""


@dataclass(frozen=True)
class BookItem:
    id: int
    day: dt.date
    amount: int  # debit - credit on the bank's ledger account
    reference: str = ""
    party: tuple[str, int] | None = None


@dataclass(frozen=True)
class Match:
    statement_ids: tuple[int, ...]
    book_ids: tuple[int, ...]
    rule: str
    confidence: int  # percent


_NON_ALNUM = re.compile(r"[^0-9A-Z]")
_TOKEN = re.compile(r"[0-9A-Za-z/\-]{3,}")


def norm_ref(text: str) -> str:
    """A reference as compared: upper case, letters and digits only, no leading zeros."""
    return _NON_ALNUM.sub("", text.upper()).lstrip("0")


def counterparty_key(text: str) -> str:
    return " ".join(text.upper().split())[:200]


def _tokens(item: StatementItem) -> list[str]:
    seen: list[str] = []
    for raw in [item.reference, *_TOKEN.findall(item.text)[:12]]:
        key = norm_ref(raw)
        if len(key) >= 3 and key not in seen:
            seen.append(key)
    return seen


def _distance(b: BookItem, s: StatementItem) -> tuple[int, int]:
    return abs((b.day - s.day).days), b.id


def auto_match(
    statement: Sequence[StatementItem],
    book: Sequence[BookItem],
    *,
    window: int = 3,
    links: Mapping[str, Iterable[tuple[str, int]]] | None = None,
) -> list[Match]:
    """Pair unmatched statement lines with unmatched book items; see the module's rules."""
    matches: list[Match] = []
    used_s: set[int] = set()
    used_b: set[int] = set()
    book_by_id = {b.id: b for b in book}

    def take(s_ids: tuple[int, ...], b_ids: tuple[int, ...], rule: str, confidence: int) -> None:
        used_s.update(s_ids)
        used_b.update(b_ids)
        matches.append(Match(s_ids, b_ids, rule, confidence))

    # 1. reference (cheque number) + amount ------------------------------------------------
    by_ref_amount: dict[tuple[str, int], list[BookItem]] = defaultdict(list)
    by_ref: dict[str, list[BookItem]] = defaultdict(list)
    for b in book:
        ref_key = norm_ref(b.reference)
        if ref_key:
            by_ref_amount[(ref_key, b.amount)].append(b)
            by_ref[ref_key].append(b)
    for s in statement:
        for token in _tokens(s):
            found_ref = [b for b in by_ref_amount.get((token, s.amount), ()) if b.id not in used_b]
            if not found_ref:
                continue
            best = min(found_ref, key=lambda b: _distance(b, s))
            rule = RULE_CHEQUE if s.amount < 0 else RULE_REFERENCE
            take((s.id,), (best.id,), rule, 100 if len(found_ref) == 1 else 90)
            break

    # 2. one line = several book items with its reference ---------------------------------
    for s in statement:
        if s.id in used_s:
            continue
        for token in _tokens(s):
            group = [b for b in by_ref.get(token, ()) if b.id not in used_b and (b.amount > 0) == (s.amount > 0)]
            if len(group) >= 2 and sum(b.amount for b in group) == s.amount:
                take((s.id,), tuple(sorted(b.id for b in group)), RULE_REFERENCE_TOTAL, 90)
                break

    # 3. learned counterparty -> party links ----------------------------------------------
    if links:
        by_party_amount: dict[tuple[str, int, int], list[BookItem]] = defaultdict(list)
        for b in book:
            if b.party is not None and b.id not in used_b:
                by_party_amount[(b.party[0], b.party[1], b.amount)].append(b)
        wide = max(window * 5, 15)
        for s in statement:
            if s.id in used_s or not s.counterparty:
                continue
            parties = links.get(counterparty_key(s.counterparty), ())
            linked = [
                b
                for party in parties
                for b in by_party_amount.get((party[0], party[1], s.amount), ())
                if b.id not in used_b and abs((b.day - s.day).days) <= wide
            ]
            if linked:
                best = min(linked, key=lambda b: _distance(b, s))
                take((s.id,), (best.id,), RULE_COUNTERPARTY, 90)

    # 4. amount within the date window, nearest day first ---------------------------------
    by_amount_day: dict[tuple[int, dt.date], deque[int]] = defaultdict(deque)
    for b in sorted(book, key=lambda b: b.id):
        if b.id not in used_b:
            by_amount_day[(b.amount, b.day)].append(b.id)
    offsets = sorted(range(-window, window + 1), key=lambda d: (abs(d), -d))
    for s in statement:
        if s.id in used_s:
            continue
        found: int | None = None
        candidates = 0
        for off in offsets:
            q = by_amount_day.get((s.amount, s.day - dt.timedelta(days=off)))
            if not q:
                continue
            while q and q[0] in used_b:
                q.popleft()
            if not q:
                continue
            candidates += len(q)
            if found is None:
                found = q.popleft()
                candidates -= 1
                # keep counting other candidates for the confidence, but only a few
            if candidates > 1:
                break
        if found is not None:
            take((s.id,), (found,), RULE_AMOUNT_DATE, 80 if candidates == 0 else 60)

    # 5. one line = a day's book items of the same sign -----------------------------------
    day_groups: dict[tuple[dt.date, bool], list[int]] = defaultdict(list)
    for b in book:
        if b.id not in used_b:
            day_groups[(b.day, b.amount > 0)].append(b.id)
    day_totals = {k: sum(book_by_id[i].amount for i in ids) for k, ids in day_groups.items()}
    for s in statement:
        if s.id in used_s:
            continue
        for off in range(0, window + 1):
            day_key = (s.day - dt.timedelta(days=off), s.amount > 0)
            ids = day_groups.get(day_key)
            if ids and len(ids) >= 2 and day_totals[day_key] == s.amount and not any(i in used_b for i in ids):
                take((s.id,), tuple(sorted(ids)), RULE_DAY_TOTAL, 70)
                del day_groups[day_key]
                break

    # 6. several of a day's lines = one book item ------------------------------------------
    line_groups: dict[tuple[dt.date, bool], list[StatementItem]] = defaultdict(list)
    for s in statement:
        if s.id not in used_s:
            line_groups[(s.day, s.amount > 0)].append(s)
    line_totals = {k: sum(x.amount for x in items) for k, items in line_groups.items()}
    for b in book:
        if b.id in used_b:
            continue
        for off in range(0, window + 1):
            line_key = (b.day + dt.timedelta(days=off), b.amount > 0)
            items = line_groups.get(line_key)
            if items and len(items) >= 2 and line_totals[line_key] == b.amount and not any(
                x.id in used_s for x in items
            ):
                take(tuple(sorted(x.id for x in items)), (b.id,), RULE_MANY_TO_ONE, 60)
                del line_groups[line_key]
                break
    return matches

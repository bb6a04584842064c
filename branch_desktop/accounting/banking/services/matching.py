"""Matching statement lines with book items: automatically (``rules.auto_match``), by hand, by
booking a line the books lack (bank charges), and undoing a match; the matches of a month."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from branch_desktop.accounting.banking import rules
from branch_desktop.accounting.banking.exceptions import (
    AlreadyMatched,
    BankOwnAccount,
    EmptyMatch,
    LineAlreadyMatched,
    LineNotOnAccount,
    MatchTotalsDiffer,
    NotMatched,
    OutgoingRefused,
    UnknownMatch,
    UnknownStatementLine,
)
from branch_desktop.accounting.banking.models import (
    BankAccount,
    CounterpartyLink,
    MatchGroup,
    MatchItem,
    StatementLine,
)
from branch_desktop.accounting.banking.services.common import (
    account_row,
    ledger_code_of,
    locked_months,
    month_bounds,
    refuse_if_locked,
)
from branch_desktop.accounting.banking.services.reconciliation import (
    book_rows,
    entry_parties,
    learn,
    load_month,
    matched_ids,
    statement_rows,
)
from branch_desktop.accounting.banking.types import (
    AutoMatchResult,
    BookItemView,
    MatchView,
    StatementLineView,
)
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.ledger import services as ledger
from branch_desktop.core.ledger.models import Entry, EntryLine
from branch_desktop.core.ledger.types import EntryInput, EntryStatus, LineInput
from branch_desktop.core.models import RecordText, table_of, utcnow
from branch_desktop.core.record_texts import ENTRY, describe_entry, text_of
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.core.texts import stored_text


def _match_window(ctx: BranchContext, day: dt.date) -> int:
    try:
        return int(ctx.pack.param("banking.match_window_days", day))
    except Exception:
        return 3


def _links(s: Session) -> dict[str, list[tuple[str, int]]]:
    out: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for key, ptype, pid in s.execute(
        select(CounterpartyLink.counterparty_key, CounterpartyLink.party_type, CounterpartyLink.party_id)
    ):
        out[key].append((ptype, pid))
    return out


def _store_groups(s: Session, acc: BankAccount, actor: Actor, matches: Sequence[rules.Match],
                  days: dict[tuple[str, int], dt.date], manual: bool) -> list[int]:
    """Insert match groups and their items (bulk)."""
    ids: list[int] = []
    if not matches:
        return ids
    now = utcnow()
    group_rows = [
        {"bank_account_id": acc.id, "rule": m.rule, "confidence": m.confidence, "manual": manual,
         "last_date": max([days[("s", i)] for i in m.statement_ids] + [days[("b", i)] for i in m.book_ids]),
         "created_by": actor.id, "created_at": now}
        for m in matches
    ]
    groups, items_table = table_of(MatchGroup), table_of(MatchItem)
    for i in range(0, len(group_rows), 2000):
        chunk = group_rows[i : i + 2000]
        # Core inserts (no ORM bookkeeping); the ids come back in the rows' order
        new_ids = list(s.scalars(insert(groups).returning(groups.c.id, sort_by_parameter_order=True), chunk))
        ids.extend(new_ids)
    items: list[dict[str, int | None]] = []
    for gid, m in zip(ids, matches, strict=True):
        items.extend({"group_id": gid, "statement_line_id": sid, "entry_line_id": None} for sid in m.statement_ids)
        items.extend({"group_id": gid, "statement_line_id": None, "entry_line_id": bid} for bid in m.book_ids)
    for i in range(0, len(items), 5000):
        s.execute(insert(items_table), items[i : i + 5000])
    return ids


def auto_match(ctx: BranchContext, actor: Actor, account_code: str, ym: YearMonth) -> AutoMatchResult:
    """Match what is unmatched up to the month's end with the engine's rules (``rules.auto_match``)."""
    require(actor, "banking.reconcile")
    with ctx.db.write() as s:
        acc, ledger_code = account_row(s, account_code, lock=True)
        start, end = month_bounds(ctx, ym)
        refuse_if_locked(ctx, s, acc, end)
        locked = locked_months(s, acc.id)
        book = book_rows(s, acc, end)
        lines = statement_rows(s, acc, end)
        matched_s, matched_b = matched_ids(s, acc)
        cal = ctx.pack.calendar
        month_of: dict[dt.date, bool] = {}

        def open_month(day: dt.date) -> bool:
            if day not in month_of:
                ym_ = cal.year_month(day)
                month_of[day] = (ym_.year, ym_.month) not in locked
            return month_of[day]

        un_b = [b for b in book if b.id not in matched_b and open_month(b.day)]
        un_s = [x for x in lines if x.id not in matched_s and open_month(x.day)]
        parties = entry_parties(s, {b.entry_id for b in un_b})
        matches = rules.auto_match(
            [rules.StatementItem(x.id, x.day, x.amount, x.reference, x.description, x.counterparty) for x in un_s],
            [rules.BookItem(b.id, b.day, b.amount, b.reference, parties.get(b.entry_id)) for b in un_b],
            window=_match_window(ctx, end),
            links=_links(s),
        )
        days: dict[tuple[str, int], dt.date] = {("s", x.id): x.day for x in un_s}
        days.update({("b", b.id): b.day for b in un_b})
        _store_groups(s, acc, actor, matches, days, manual=False)
        by_rule: dict[str, int] = defaultdict(int)
        by_month: dict[YearMonth, int] = defaultdict(int)
        for m in matches:
            by_rule[m.rule] += 1
            by_month[cal.year_month(max([days[("s", i)] for i in m.statement_ids]
                                        + [days[("b", i)] for i in m.book_ids]))] += 1
        state = load_month(ctx, s, acc, ledger_code, ym)
        audit(s, actor, "banking.automatch", "bank_account", acc.code, period=str(ym), groups=len(matches))
        return AutoMatchResult(
            matched_groups=len(matches),
            matched_statement_lines=sum(len(m.statement_ids) for m in matches),
            matched_book_items=sum(len(m.book_ids) for m in matches),
            unmatched_statement_lines=len(state.unmatched_statement),
            unmatched_book_items=len(state.unmatched_book),
            difference=state.difference,
            by_rule=dict(by_rule),
            by_month=dict(sorted(by_month.items())),
        )


def manual_match(
    ctx: BranchContext, actor: Actor, account_code: str, statement_line_ids: Sequence[int],
    entry_line_ids: Sequence[int],
) -> int:
    """Match statement lines with book items by hand; both sides must have the same total."""
    require(actor, "banking.reconcile")
    if not statement_line_ids or not entry_line_ids:
        raise EmptyMatch()
    with ctx.db.write() as s:
        acc, _code = account_row(s, account_code, lock=True)
        lines = s.execute(select(StatementLine.id, StatementLine.booking_date, StatementLine.amount).where(
            StatementLine.id.in_(statement_line_ids), StatementLine.bank_account_id == acc.id)).all()
        items = s.execute(
            select(EntryLine.id, Entry.entry_date, EntryLine.debit - EntryLine.credit)
            .join(Entry, Entry.id == EntryLine.entry_id)
            .where(EntryLine.id.in_(entry_line_ids), EntryLine.account_id == acc.ledger_account_id,
                   Entry.status == EntryStatus.POSTED)).all()
        if len(lines) != len(set(statement_line_ids)) or len(items) != len(set(entry_line_ids)):
            raise LineNotOnAccount(code=acc.code)
        s_total, b_total = sum(r[2] for r in lines), sum(r[2] for r in items)
        if s_total != b_total:
            currency = ctx.pack.currency
            raise MatchTotalsDiffer(a=currency.plain(s_total), b=currency.plain(b_total))
        for r in [*lines, *items]:
            refuse_if_locked(ctx, s, acc, r[1])
        matched_s, matched_b = matched_ids(s, acc)
        if matched_s & set(statement_line_ids) or matched_b & set(entry_line_ids):
            raise AlreadyMatched()
        days = {("s", r[0]): r[1] for r in lines} | {("b", r[0]): r[1] for r in items}
        match = rules.Match(tuple(sorted(set(statement_line_ids))), tuple(sorted(set(entry_line_ids))),
                            rules.RULE_MANUAL, 100)
        (gid,) = _store_groups(s, acc, actor, [match], days, manual=True)
        learn(s, acc, match.statement_ids, match.book_ids)
        audit(s, actor, "banking.match", "match", gid, account=acc.code)
        return gid


def list_matches(ctx: BranchContext, actor: Actor, account_code: str, ym: YearMonth) -> list[MatchView]:
    """The matches whose latest item falls in the month."""
    require(actor, "banking.view")
    with ctx.db.read() as s:
        acc, _code = account_row(s, account_code)
        start, end = month_bounds(ctx, ym)
        groups = s.execute(select(MatchGroup).where(
            MatchGroup.bank_account_id == acc.id, MatchGroup.last_date >= start, MatchGroup.last_date <= end)
            .order_by(MatchGroup.last_date, MatchGroup.id)).scalars().all()
        if not groups:
            return []
        gids = [g.id for g in groups]
        lines_by: dict[int, list[StatementLineView]] = defaultdict(list)
        book_by: dict[int, list[BookItemView]] = defaultdict(list)
        for i in range(0, len(gids), 900):
            chunk = gids[i : i + 900]
            for gid, r in s.execute(
                select(MatchItem.group_id, StatementLine).join(StatementLine,
                                                               StatementLine.id == MatchItem.statement_line_id)
                .where(MatchItem.group_id.in_(chunk))
            ):
                lines_by[gid].append(StatementLineView(
                    id=r.id, day=r.booking_date, amount=r.amount, reference=r.reference or r.bank_reference,
                    counterparty=r.counterparty, description=r.description, value_date=r.value_date))
            for row in s.execute(
                select(MatchItem.group_id, EntryLine.id, Entry.id, Entry.entry_date, EntryLine.debit - EntryLine.credit,
                       Entry.reference, Entry.description, Entry.number, Entry.fiscal_year, RecordText.msgid,
                       RecordText.params)
                .join(EntryLine, EntryLine.id == MatchItem.entry_line_id).join(Entry, Entry.id == EntryLine.entry_id)
                .outerjoin(RecordText, text_of(ENTRY, Entry.id))
                .where(MatchItem.group_id.in_(chunk))
            ):
                book_by[row[0]].append(BookItemView(
                    id=row[1], entry_id=row[2], day=row[3], amount=row[4], reference=row[5] or "",
                    description=describe_entry(ctx, row[6] or "", row[9], row[10]),
                    number=f"{row[8]}-{row[7]:06d}" if row[7] is not None else ""))
        return [MatchView(id=g.id, rule=g.rule, confidence=g.confidence, manual=g.manual,
                          statement=tuple(lines_by[g.id]), book=tuple(book_by[g.id]), last_date=g.last_date)
                for g in groups]


def unmatch(ctx: BranchContext, actor: Actor, group_id: int) -> None:
    """Undo a match (automatic or manual): its lines and items are unmatched again. Refused when
    the month of any of its lines or items is locked; audited."""
    require(actor, "banking.reconcile")
    with ctx.db.write() as s:
        group = s.get(MatchGroup, group_id)
        if group is None:
            raise UnknownMatch(id=group_id)
        acc = s.get(BankAccount, group.bank_account_id)
        assert acc is not None
        days = set(s.scalars(select(StatementLine.booking_date).join(
            MatchItem, MatchItem.statement_line_id == StatementLine.id).where(MatchItem.group_id == group_id)))
        days |= set(s.scalars(select(Entry.entry_date).join(EntryLine, EntryLine.entry_id == Entry.id).join(
            MatchItem, MatchItem.entry_line_id == EntryLine.id).where(MatchItem.group_id == group_id)))
        for day in sorted(days | {group.last_date}):
            refuse_if_locked(ctx, s, acc, day)
        s.execute(delete(MatchItem).where(MatchItem.group_id == group_id))
        s.execute(delete(MatchGroup).where(MatchGroup.id == group_id))
        audit(s, actor, "banking.unmatch", "match", group_id, account=acc.code)


def unmatch_item(ctx: BranchContext, actor: Actor, *, statement_line_id: int | None = None,
                 entry_line_id: int | None = None) -> None:
    """Undo the match a statement line or a book item is in."""
    require(actor, "banking.reconcile")
    with ctx.db.read() as s:
        cond = (MatchItem.statement_line_id == statement_line_id) if statement_line_id is not None else (
            MatchItem.entry_line_id == entry_line_id)
        gid = s.scalar(select(MatchItem.group_id).where(cond))
    if gid is None:
        raise NotMatched()
    unmatch(ctx, actor, gid)


def create_entry_from_line(
    ctx: BranchContext, actor: Actor, statement_line_id: int, account_code: str, description: str = ""
) -> int:
    """Book a statement line the books lack (bank charges, interest) against ``account_code`` and
    match it at once. A debit on an account that refuses outgoing payments may only go to the
    bank charges account."""
    require(actor, "banking.reconcile")
    with ctx.db.write() as s:
        line = s.get(StatementLine, statement_line_id)
        if line is None:
            raise UnknownStatementLine(id=statement_line_id)
        acc = s.get(BankAccount, line.bank_account_id)
        assert acc is not None
        ledger_code = ledger_code_of(s, acc)
        refuse_if_locked(ctx, s, acc, line.booking_date)
        if s.scalar(select(MatchItem.id).where(MatchItem.statement_line_id == line.id)):
            raise LineAlreadyMatched()
        account_code = account_code.strip()
        if account_code == ledger_code:
            raise BankOwnAccount()
        if line.amount < 0 and not acc.allows_outgoing and account_code != ctx.pack.account_code("bank_charges"):
            raise OutgoingRefused(code=acc.code)
        amount = abs(line.amount)
        bank_side = LineInput(ledger_code, debit=amount) if line.amount > 0 else LineInput(ledger_code, credit=amount)
        other = LineInput(account_code, credit=amount) if line.amount > 0 else LineInput(account_code, debit=amount)
        text = description.strip() or line.description or line.reference
        entry_id = ledger.post_entry_in(s, ctx, actor, EntryInput(
            journal_code=ctx.pack.journal_code("bank"), entry_date=line.booking_date, description=text[:500],
            lines=(bank_side, other), reference=(line.reference or line.bank_reference)[:120],
            text=None if text else stored_text("Bank statement line")))
        bank_line_id = s.scalar(select(EntryLine.id).where(EntryLine.entry_id == entry_id,
                                                           EntryLine.account_id == acc.ledger_account_id))
        assert bank_line_id is not None
        _store_groups(s, acc, actor, [rules.Match((line.id,), (bank_line_id,), rules.RULE_ENTRY, 100)],
                      {("s", line.id): line.booking_date, ("b", bank_line_id): line.booking_date}, manual=True)
        audit(s, actor, "banking.line.entry", "statement_line", line.id, entry=entry_id, account=account_code)
        return entry_id

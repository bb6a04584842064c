"""Banking benchmarks: automatic matching and statement import at scale.

    python -m bench.bench_banking [--lines 100000] [--service] [--db URL]

1. The matching engine (``rules.auto_match``) on N statement lines against N book items with a
   realistic mix: cheques by number, slips by reference, amount-and-date matches, a day's
   deposit totals, lines split in two, and unmatched items on both sides. Time, and peak
   memory (tracemalloc, in a second run, and the process's ru_maxrss).
2. Importing an N-line camt.053 file into a bank account (parse + checks + insert), SQLite by
   default (``--db`` for PostgreSQL).
3. With ``--service``: the same N book items posted to the ledger, then ``services.auto_match``
   end to end (load from the database, match, store the matches).

Targets (issue 5): matching 100,000 x 100,000 <= 5 s and <= 500 MB; a 100,000-line camt.053
import <= 10 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

from bench._common import table
from branch_desktop.accounting.banking import rules
from branch_desktop.accounting.banking.importers import camt053

START = dt.date(2024, 7, 22)


def world(n: int, seed: int = 1) -> tuple[list[rules.StatementItem], list[rules.BookItem], int]:
    """N lines and N items; returns them and the number of lines that have a partner."""
    rnd = random.Random(seed)
    stmt: list[rules.StatementItem] = []
    book: list[rules.BookItem] = []
    sid = bid = 0
    paired = 0
    while len(stmt) < n:
        kind = rnd.random()
        day = START + dt.timedelta(days=rnd.randrange(31))
        amount = rnd.randrange(1, 5000) * 1000
        if kind < 0.35:  # issued cheque, cashed 0-10 days later
            sid, bid = sid + 1, bid + 1
            book.append(rules.BookItem(bid, day, -amount, str(100000 + bid)))
            stmt.append(rules.StatementItem(sid, day + dt.timedelta(days=rnd.randrange(11)), -amount, "",
                                            f"CHEQUE {100000 + bid:010d}"))
            paired += 1
        elif kind < 0.65:  # counter receipt with its slip number
            sid, bid = sid + 1, bid + 1
            book.append(rules.BookItem(bid, day, amount, f"SLIP-{bid}"))
            stmt.append(rules.StatementItem(sid, day, amount, f"SLIP-{bid}", "deposit"))
            paired += 1
        elif kind < 0.85:  # transfer without reference, booked 0-2 days apart
            sid, bid = sid + 1, bid + 1
            amount += rnd.randrange(1, 999)
            book.append(rules.BookItem(bid, day, amount, ""))
            stmt.append(rules.StatementItem(sid, day + dt.timedelta(days=rnd.randrange(3)), amount, ""))
            paired += 1
        elif kind < 0.90:  # bank fee or interest not in the books
            sid += 1
            stmt.append(rules.StatementItem(sid, day, -rnd.randrange(1, 50) * 100, "", "bank charges"))
        else:  # book item not yet at the bank
            bid += 1
            book.append(rules.BookItem(bid, day, amount + 7, f"R-{bid}"))
    while len(book) < n:
        bid += 1
        book.append(rules.BookItem(bid, START + dt.timedelta(days=rnd.randrange(31)), 1234567 + bid, f"X{bid}"))
    return stmt, book[:n], paired


def bench_engine(n: int) -> list[tuple[str, ...]]:
    stmt, book, paired = world(n)
    gc.collect()
    t = time.perf_counter()
    matches = rules.auto_match(stmt, book)
    secs = time.perf_counter() - t
    gc.collect()
    tracemalloc.start()
    rules.auto_match(stmt, book)
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    matched = sum(len(m.statement_ids) for m in matches)
    return [(f"auto-match {n:,} lines x {n:,} items", f"{secs:.2f} s", f"{peak / 2**20:.0f} MB (tracemalloc)",
             f"{rss:.0f} MB (ru_maxrss)", f"{matched:,} lines matched ({paired:,} had a partner)")]


def camt_file(n: int, iban: str, currency: str, digits: int) -> bytes:
    rnd = random.Random(2)
    lines = []
    for i in range(n):
        day = START + dt.timedelta(days=i * 31 // n)
        amount = Decimal(rnd.randrange(-500000, 5000000) or 1)
        lines.append((day, amount, f"SLIP-{i}", f"Employer {i % 997}", f"premium {i}"))
    return camt053.build(iban=iban, currency=currency, statement_id="BENCH-1", opening=Decimal(0), lines=lines,
                         digits=digits)


def bench_import(n: int, url: str | None, service: bool) -> list[tuple[str, ...]]:
    from branch_desktop.accounting.banking import services
    from branch_desktop.core.branch import init_branch
    from branch_desktop.core.ledger import services as ledger
    from branch_desktop.core.ledger.types import EntryInput, LineInput
    from branch_desktop.core.storage import Database

    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(url or f"sqlite:///{Path(tmp) / 'bench.db'}")
        ctx, admin = init_branch(db, "ir_sso", "Bench", "admin", "bench-pass-1")
        iban = services.default_ibans("ir_sso")["revenue_bank"]
        services.create_bank_account(ctx, admin, "1500", iban, "Refah")
        data = camt_file(n, iban, "IRR", 0)
        t = time.perf_counter()
        parsed = camt053.parse(data)
        parse_secs = time.perf_counter() - t
        t = time.perf_counter()
        (summary,) = services.import_statement(ctx, admin, "1500", data, fmt="camt053")
        secs = time.perf_counter() - t
        rows.append((f"import camt.053, {n:,} lines ({len(data) / 2**20:.0f} MB)", f"{secs:.2f} s",
                     f"parse alone {parse_secs:.2f} s", db.engine.dialect.name, f"{summary.lines:,} lines stored"))
        del parsed
        if service:
            t = time.perf_counter()
            ledger.post_many(ctx, admin, (
                EntryInput("REV", START + dt.timedelta(days=i * 31 // n), f"receipt {i}", (
                    LineInput("1500", debit=amt) if amt > 0 else LineInput("1500", credit=-amt),
                    LineInput("4110", credit=amt) if amt > 0 else LineInput("8310", debit=-amt),
                ), f"SLIP-{i}")
                for i, amt in enumerate(_amounts(n))
            ))
            post_secs = time.perf_counter() - t
            ym = ctx.pack.calendar.year_month(START)
            t = time.perf_counter()
            result = services.auto_match(ctx, admin, "1500", ym)
            secs = time.perf_counter() - t
            rows.append((f"services.auto_match, {n:,} x {n:,} from the database", f"{secs:.2f} s",
                         f"(posting the book items took {post_secs:.0f} s)", db.engine.dialect.name,
                         f"{result.matched_statement_lines:,} matched, difference {result.difference}"))
        db.dispose()
    return rows


def _amounts(n: int) -> list[int]:
    rnd = random.Random(2)
    return [rnd.randrange(-500000, 5000000) or 1 for _ in range(n)]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=100_000)
    ap.add_argument("--service", action="store_true", help="also post N book items and run services.auto_match")
    ap.add_argument("--db", help="database URL for the import (default: a temporary SQLite file)")
    args = ap.parse_args()
    rows = bench_engine(args.lines)
    rows += bench_import(args.lines, args.db, args.service)
    print(table(rows, ("what", "time", "memory / detail", "", "result")))
    return 0


if __name__ == "__main__":
    sys.exit(main())

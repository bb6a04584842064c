"""Insured-affairs benchmarks (issue 14). Prints tables.

    python bench/bench_insured.py [--insured 1000000] [--letters 1000] [--backends sqlite,postgresql] [--pg URL]

1. Search as you type over N insured persons (default 1,000,000, inserted in bulk): prefix
   searches on the last name and on the national id, median and p95 of 50 look-ups each.
   Target: <= 100 ms.
2. N decision letters (default 1,000) with their calculation traces in one PDF, in Persian (ir_sso)
   and in Turkish (tr_sgk), wall and CPU time (this process and its printing processes), and up to
   100 of them one PDF each, for the cost of a single letter. Target: <= 15 s (issue 14).
   ``--letters-only`` skips the search benchmark; ``--workers N`` sets the printing processes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    OUT,
    fresh_pg_database,
    load_average,
    median,
    percentile,
    pg_url,
    table,
    timed,
    timed_cpu,
)
from branch_desktop import app_registry  # noqa: E402
from branch_desktop.core.branch import init_branch  # noqa: E402
from branch_desktop.core.ids import iran_national_code_with_check  # noqa: E402
from branch_desktop.core.storage import Database  # noqa: E402

FAMILIES = ["رضایی", "احمدی", "محمدی", "کریمی", "حسینی", "موسوی", "جعفری", "نوری", "صادقی", "رحیمی", "Yılmaz",
            "Kaya", "Demir", "Şahin", "Çelik", "Karimi", "Ahmadi", "Rezaei", "Hosseini", "Moradi"]
FIRST = ["علی", "مریم", "رضا", "زهرا", "Ayşe", "Mehmet", "Sara", "Omid"]


def fill(db: Database, n: int) -> None:
    from sqlalchemy import insert

    from branch_desktop.core.models import table_of, utcnow
    from branch_desktop.insured.models import InsuredPerson

    rng = random.Random(1)
    now = utcnow()
    tbl = table_of(InsuredPerson)
    batch = []
    with db.write() as s:
        for i in range(n):
            last = f"{rng.choice(FAMILIES)}{rng.randint(0, 999):03d}"
            first = rng.choice(FIRST)
            batch.append({"national_id": iran_national_code_with_check(f"{i + 1:09d}"), "first_name": first,
                          "last_name": last, "birth_date": None, "sex": "F", "status": "active",
                          "search_key": f"{last} {first}".lower(), "version": 1, "updated_by": 1, "updated_at": now})
            if len(batch) == 20_000:
                s.execute(insert(tbl), batch)
                batch = []
        if batch:
            s.execute(insert(tbl), batch)


def bench_search(db_url: str, n: int) -> list[tuple[object, ...]]:
    from branch_desktop.core.security import login
    from branch_desktop.insured import services

    db = Database(db_url)
    db.upgrade(backup=False)
    ctx, admin = init_branch(db, "ir_sso", "Bench", "admin", "bench-pass-1")
    load, _ = timed(lambda: fill(db, n))
    actor = login(db, "admin", "bench-pass-1")
    rng = random.Random(2)
    rows = []
    for label, make in (("last name, 4 letters", lambda: rng.choice(FAMILIES)[:4].lower()),
                        ("last name + digits", lambda: f"{rng.choice(FAMILIES)}{rng.randint(0, 999):03d}".lower()),
                        ("national id, 6 digits", lambda: iran_national_code_with_check(
                            f"{rng.randint(1, n):09d}")[:6])):
        times, found = [], 0
        for _ in range(50):
            term = make()
            t, res = timed(lambda term=term: services.search_persons(ctx, actor, term))
            times.append(t * 1000)
            found += len(res)
        rows.append((db.engine.dialect.name, f"{n:,}", label, f"{median(times):.1f}", f"{percentile(times, 95):.1f}",
                     found // 50, "<= 100 ms"))
    rows.insert(0, (db.engine.dialect.name, f"{n:,}", "bulk load (setup)", f"{load:.1f} s", "", "", ""))
    db.dispose()
    return rows


def _claims(lang: str, count: int) -> tuple[Any, list[Any]]:
    """A branch and ``count`` approved sickness claims with their traces: Persian on ir_sso, Turkish
    on tr_sgk."""
    from decimal import Decimal

    from branch_desktop.core.ledger.types import BranchInfo
    from branch_desktop.core.packs import load_pack
    from branch_desktop.insured.rules.cases import compute_case
    from branch_desktop.insured.types import ClaimState, ClaimView

    if lang == "fa":
        wages = [{"month": f"1403-{m:02d}", "days": 30, "amount": "150000000"} for m in range(1, 13)]
        result = compute_case(load_pack("ir_sso"), {"kind": "sickness", "start": "1404-02-10", "earnings": wages,
                                                    "dependents": 1,
                                                    "rest": [{"from": "1404-02-10", "to": "1404-02-25"}]})
        info = BranchInfo(name="شعبه ۳ کرج", pack_code="ir_sso", organisation="سازمان تأمین اجتماعی",
                          currency_code="IRR", currency_digits=0, calendar="jalali")
        name, national_id, year = "زهرا احمدی", "0012345679", 1404
    else:
        wages = [{"month": m, "days": 30, "amount": "30000.00"} for m in ("2025-03", "2025-04", "2025-05")]
        result = compute_case(load_pack("tr_sgk"), {"kind": "sickness", "start": "2025-06-10", "earnings": wages,
                                                    "rest": [{"from": "2025-06-10", "to": "2025-06-19",
                                                              "inpatient": False}], "exit_date": None})
        info = BranchInfo(name="Kadıköy SGM", pack_code="tr_sgk", organisation="Sosyal Güvenlik Kurumu",
                          currency_code="TRY", currency_digits=2, calendar="gregorian")
        name, national_id, year = "Ayşe Yılmaz", "10000000146", 2025
    claims = [ClaimView(id=i, number=f"{year}/{i:06d}", person_id=i, person_name=name, national_id=national_id,
                        kind="sickness", eligible=True, amount=Decimal(result["amount"]), state=ClaimState.APPROVED,
                        prepared_by="clerk", prepared_at=dt.datetime(2025, 5, 1), result=result,
                        decision_number=f"{year}/{i:06d}", decided_by="manager") for i in range(count)]
    return info, claims


def bench_letters(count: int, lang: str, workers: int | None) -> tuple[object, ...]:
    from branch_desktop.insured.documents import decision_letter_pdf, decision_letters_pdf

    info, claims = _claims(lang, count)
    wall, cpu, pdf = timed_cpu(partial(decision_letters_pdf, claims, info, lang, workers=workers))
    one = claims[: max(1, min(100, count // 10))]
    wall_each, cpu_each, _pdfs = timed_cpu(lambda: [decision_letter_pdf(c, info, lang) for c in one])
    return (lang, count, f"{wall:.1f}", f"{cpu:.1f}", f"{len(pdf) / 1024 / 1024:.1f} MB",
            f"{wall_each / len(one) * 1000:.0f} / {cpu_each / len(one) * 1000:.0f} ms", "<= 15 s", load_average())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--insured", type=int, default=1_000_000)
    ap.add_argument("--letters", type=int, default=1000)
    ap.add_argument("--backends", default="sqlite")
    ap.add_argument("--pg", default=None)
    ap.add_argument("--letters-only", action="store_true", help="only the letters' figure (no search benchmark)")
    ap.add_argument("--workers", type=int, default=None, help="printing processes (default: by batch and cores)")
    args = ap.parse_args()
    app_registry.load()
    OUT.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[object, ...]] = []
    for backend in ([] if args.letters_only else args.backends.split(",")):
        if backend == "sqlite":
            path = OUT / "insured-bench.db"
            path.unlink(missing_ok=True)
            rows += bench_search(f"sqlite:///{path}", args.insured)
        else:
            rows += bench_search(fresh_pg_database(args.pg or pg_url() or "", "bd_bench_insured"), args.insured)
    if rows:
        print(table(rows, ("database", "insured", "search", "median ms", "p95 ms", "rows found", "target")))
        print()
    print(table([bench_letters(args.letters, lang, args.workers) for lang in ("fa", "tr")],
                ("lang", "letters in one PDF", "wall s", "CPU s", "size", "one letter alone, wall / CPU", "target",
                 "machine")))


if __name__ == "__main__":
    main()

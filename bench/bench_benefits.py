"""Benefit rules benchmark (issue 14). Prints a table.

    python bench/bench_benefits.py [--claims 10000]

Computes N claims with their full calculation traces, in process, through the same function as
``benefit compute``: a mix of tr_sgk sickness, work-accident and maternity cases, the GSS income
test, and ir_sso wage compensation. Target: >= 2,000 claims/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import table, timed  # noqa: E402
from branch_desktop.core.packs import load_pack  # noqa: E402
from branch_desktop.insured.rules.cases import compute_case  # noqa: E402


def tr_case(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(["sickness", "work_accident", "maternity", "gss_income_test"])
    if kind == "gss_income_test":
        return {"kind": kind, "date": "2012-03-01",
                "household": [{"relation": "self", "monthly_income": str(rng.randint(0, 3000))},
                              {"relation": "spouse", "monthly_income": str(rng.randint(0, 1000))}]}
    start = dt.date(2025, 6, 1) + dt.timedelta(days=rng.randint(0, 150))
    months = [(start.replace(day=1) - dt.timedelta(days=30 * k)) for k in range(1, 7)]
    earnings = [{"month": f"{m.year:04d}-{m.month:02d}", "days": rng.randint(10, 30),
                 "amount": f"{rng.randint(20000, 250000)}.{rng.randint(0, 99):02d}"} for m in months]
    end = start + dt.timedelta(days=rng.randint(1, 40))
    data: dict[str, Any] = {"kind": kind, "start": start.isoformat(), "earnings": earnings,
                            "rest": [{"from": start.isoformat(), "to": end.isoformat(),
                                      "inpatient": rng.random() < 0.2, "issuer": rng.choice(["doctor", "board"])}]}
    if kind == "maternity":
        data["birth"] = data.pop("start")
    return data


def ir_case(rng: random.Random) -> dict[str, Any]:
    earnings = [{"month": f"1403-{m:02d}", "days": 30, "amount": str(rng.randint(70_000_000, 400_000_000))}
                for m in range(1, 13)]
    return {"kind": rng.choice(["sickness", "work_accident"]), "start": "1404-02-10", "earnings": earnings,
            "dependents": rng.randint(0, 3), "rest": [{"from": "1404-02-10", "to": "1404-02-25"}]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=10_000)
    args = ap.parse_args()
    rng = random.Random(14)
    tr, ir = load_pack("tr_sgk"), load_pack("ir_sso")
    cases = [(tr, tr_case(rng)) if rng.random() < 0.8 else (ir, ir_case(rng)) for _ in range(args.claims)]
    cpu = time.process_time()
    elapsed, results = timed(lambda: [compute_case(pack, data) for pack, data in cases])
    cpu = time.process_time() - cpu
    steps = sum(len(r["trace"]) for r in results)
    eligible = sum(1 for r in results if r["eligible"])
    print(table([(args.claims, eligible, steps, f"{elapsed:.2f}", f"{args.claims / elapsed:,.0f}", f"{cpu:.2f}",
                  f"{args.claims / cpu:,.0f}", ">= 2,000")],
                ("claims", "eligible", "trace steps", "wall s", "claims/s (wall)", "CPU s", "claims/s (CPU)", "target")))
    print(f"load average while measured: {os.getloadavg()[0]:.1f} (wall time suffers on a busy machine)")


if __name__ == "__main__":
    main()

"""Demo data for insured affairs, made through its services: the insured the demo's declarations
name, a few households, claims of several kinds (some decided by the manager, one refused, some
waiting) and applications (one overdue). Deterministic; runs after revenue's demo step."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.errors import DomainError
from branch_desktop.core.security import Actor, get_actor
from branch_desktop.insured import services
from branch_desktop.insured.types import ApplicationKind, MemberInput, PersonInput, Relation
from branch_desktop.revenue import services as revenue_services

FEMALE = {"مریم", "زهرا", "فاطمه", "سارا", "نرگس", "Ayşe", "Fatma", "Elif", "Zeynep", "Esra"}


# Another branch, as this branch's staff would write its name (data in the pack's language).
OTHER_OFFICE = {"ir_sso": "شعبه ۵ تهران", "tr_sgk": "Keçiören Sosyal Güvenlik Merkezi"}

def demo_actor(ctx: BranchContext, username: str, fallback: Actor) -> Actor:
    from sqlalchemy.exc import NoResultFound

    try:
        with ctx.db.read() as s:
            return get_actor(s, username)
    except (DomainError, NoResultFound):
        return fallback


def extend_demo(ctx: BranchContext, admin: Actor, size: object, today: dt.date) -> int:
    del size
    if services.search_persons(ctx, admin, "a", limit=1) or services.search_persons(ctx, admin, "0", limit=1):
        return 0  # the registry exists already (demo --extend)
    rng = random.Random(14)
    clerk, manager = demo_actor(ctx, "clerk", admin), demo_actor(ctx, "manager", admin)
    cal = ctx.pack.calendar
    people = revenue_services.declared_people(ctx, admin)
    rows: list[dict[str, str]] = []
    for nid, name in people:
        first, _sep, last = name.partition(" ")
        rows.append({"national_id": nid, "first_name": first or name, "last_name": last or first or name,
                     "sex": "F" if first in FEMALE else "M",
                     "birth_date": cal.format(dt.date(rng.randint(1965, 2002), rng.randint(1, 12), rng.randint(1, 28)))})
    if not rows:
        return 0
    statuses = services.pack_coverages(ctx.pack, today)
    if "4/1-a" in statuses:  # the declared insured are employees (tr_sgk's 4/1-a) since 2015
        for row in rows:
            row.update(coverage="4/1-a", coverage_from=cal.format(dt.date(2015, 1, 1)))
    made = services.import_persons(ctx, clerk, rows)
    persons = [services.find_person(ctx, clerk, r["national_id"]) for r in rows[:40]]
    for p in persons[:10]:
        services.add_member(ctx, clerk, p.id, MemberInput(relation=Relation.SPOUSE, full_name=f"{rng.choice(rows)['first_name']} {p.last_name}"),
                            today - dt.timedelta(days=rng.randint(400, 4000)))
        born = today - dt.timedelta(days=rng.randint(300, 5000))  # a child joins the household at birth
        services.add_member(ctx, clerk, p.id, MemberInput(relation=Relation.CHILD, full_name=f"{rng.choice(rows)['first_name']} {p.last_name}",
                                                           birth_date=born), born)
        made += 2

    def day(d: dt.date) -> str:
        return cal.format(d).replace("/", "-")

    # wage-based kinds (tr_sgk's marriage allowance is a daughter's survivor income: not in the demo)
    wage_kinds = ("sickness", "work_accident", "maternity", "marriage") if "benefit_wage_compensation" in \
        ctx.pack.table_names() else ("sickness", "work_accident", "maternity")
    kinds = [k for k in wage_kinds if _has_kind(ctx, k)]
    for n, p in enumerate(persons[:12]):
        kind = kinds[n % len(kinds)]
        start = today - dt.timedelta(days=rng.randint(1, 20))
        case: dict[str, Any] = {"kind": kind, "start": day(start), "dependents": n % 3}
        if kind in ("sickness", "work_accident"):
            case["rest"] = [{"from": day(start), "to": day(start + dt.timedelta(days=rng.randint(3, 9))),
                             "inpatient": n % 4 == 0}]
        if kind == "maternity":
            case["birth"] = case.pop("start")
        try:
            claim = services.prepare_claim(ctx, clerk, p.id, case)
        except DomainError:
            continue
        made += 1
        if n % 3 == 2 or manager.id == clerk.id:
            continue  # left waiting for the unit head
        if claim.eligible:
            services.decide_claim(ctx, manager, claim.id, approve=True)
            _give_iban(ctx, clerk, p.id, n)  # so that a transfer list can pay it
        else:
            services.decide_claim(ctx, manager, claim.id, approve=False, reason=_refusal_reason(claim.result))
        made += 1
    for n, p in enumerate(persons[12:20]):
        kind = list(ApplicationKind)[n % 3]
        if n % 4 == 1 and "4/1-b" in statuses:  # some applicants became self-employed a year ago
            services.record_coverage(ctx, clerk, p.id, "4/1-b", today - dt.timedelta(days=365))
        app = services.register_application(ctx, clerk, p.id, kind, today - dt.timedelta(days=rng.randint(0, 25)),
                                            other_office=OTHER_OFFICE.get(ctx.pack.code, "")
                                            if kind is ApplicationKind.SERVICE_RECORD_REQUEST else "")
        if n % 2 == 0 and manager.id != clerk.id:
            services.decide_application(ctx, manager, app.id, min(today, app.received_on + dt.timedelta(days=n)),
                                        "answered")
        made += 1
    return made


def _give_iban(ctx: BranchContext, clerk: Actor, person_id: int, n: int) -> None:
    """An IBAN in the branch's own country (that of its bank accounts) on the person's record."""
    from branch_desktop.accounting.banking.services import default_ibans
    from branch_desktop.core.ids import iban_with_check

    country = next(iter(default_ibans(ctx.pack.code).values()))[:2]
    p = services.get_person(ctx, clerk, person_id)
    services.update_person(ctx, clerk, p.id, PersonInput(
        national_id=p.national_id, first_name=p.first_name, last_name=p.last_name, sex=p.sex,
        birth_date=p.birth_date, status=p.status, iban=iban_with_check(country, f"{10_000_000 + n:022d}")), p.version)


def _has_kind(ctx: BranchContext, kind: str) -> bool:
    from branch_desktop.insured.rules.cases import FAMILIES

    tables = set(ctx.pack.table_names())
    return any(t in tables and kind in kinds for t, kinds in FAMILIES)


def _refusal_reason(result: dict[str, Any]) -> str:
    refusal = result.get("refusal") or {}
    return str(refusal.get("condition", "not eligible"))

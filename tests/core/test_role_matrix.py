"""Every command under every role, against the one table in docs/roles.md (parsed here).

A run is *refused* when the command exits 2 and a ``permission.denied`` row for that user was
added to the audit log; otherwise it is *allowed*. So that "allowed" cannot mean "failed before the
role was checked", each command's arguments are valid: at least one allowed role must finish it
(exit 0, or 1 for a negative answer such as the list of what blocks a close; later runs may meet
what the first one did, e.g. a bank account already added).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import types
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from branch_desktop.cli import _parser, _subparsers, run
from branch_desktop.core import backup
from branch_desktop.core.models import AuditLog
from branch_desktop.core.security import first_admin
from branch_desktop.core.storage import Database
from branch_desktop.demo import DemoSize, build_demo
from tests.accounting.banking.helpers import camt

ROLES = ("clerk", "accountant", "manager", "admin")
DOC = Path(__file__).resolve().parents[2] / "docs" / "roles.md"
PASSWORD = "matrix-pass-1"


def roles_table() -> dict[str, dict[str, str]]:
    """command -> role -> yes / no / login-free, from the table in docs/roles.md."""
    table: dict[str, dict[str, str]] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] in ("command", "") or set(cells[1]) <= {"-"}:
            continue
        table[cells[0]] = dict(zip(ROLES, cells[1:], strict=True))
    return table


def leaf_commands() -> set[str]:
    parser = _parser()
    out = set()
    for p in _subparsers(parser):
        name = p.prog.removeprefix("branch-desktop ")
        if not any(isinstance(a, argparse._SubParsersAction) for a in p._actions) or name == "backup":
            out.add(name)
    return out


def test_the_table_names_every_command_once() -> None:
    table = roles_table()
    assert set(table) == leaf_commands()
    assert all(v in ("yes", "no", "login-free") for row in table.values() for v in row.values())


@pytest.fixture(scope="module")
def branch_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """A small demo branch (SQLite), an employer per role to declare for, a backup to restore."""
    import os

    from branch_desktop.revenue import services as revenue
    from tests.revenue.helpers import employer_input, lines, person_id

    folder = tmp_path_factory.mktemp("matrix")
    os.environ["BRANCH_DESKTOP_ADMIN_PASSWORD"] = PASSWORD
    try:
        db = Database(f"sqlite:///{folder / 'branch.db'}")
        db.upgrade(backup=False)
        ctx, admin, _n = build_demo(db, "ir_sso", DemoSize(4, 16, 2, 3))
    finally:
        del os.environ["BRANCH_DESKTOP_ADMIN_PASSWORD"]
    cal = ctx.pack.calendar
    previous = cal.year_month(ctx.today()).previous()
    files: dict[str, object] = {"month": str(cal.year_month(ctx.today())), "previous": str(previous)}
    holder = types.SimpleNamespace(ctx=ctx)
    for n, role in enumerate(ROLES, start=1):
        e = revenue.create_employer(ctx, admin, employer_input("ir_sso", 900 + n))
        path = folder / f"declaration-{role}.csv"
        path.write_text("national_id,name,days,wage\n" + "".join(
            f"{r.national_id},{r.name},{r.days},{r.wage}\n" for r in lines(holder, previous, 2, 100 * n)),  # type: ignore[arg-type]
            encoding="utf-8")
        files[f"employer-{role}"] = e.file_no
        files[f"declaration-{role}"] = str(path)
    files["employer"] = files["employer-admin"]
    mapping = folder / "mapping.json"
    mapping.write_text(json.dumps({"date": "Date", "amount": "Amount", "reference": "Ref"}), encoding="utf-8")
    files["mapping"] = str(mapping)
    statement = folder / "statement.xml"  # continues the demo's last statement of account 1500
    with db.read() as s:
        last = s.execute(text(
            "SELECT st.closing, st.end_date FROM bank_statements st JOIN bank_accounts ba ON ba.id = st.bank_account_id "
            "JOIN accounts a ON a.id = ba.ledger_account_id WHERE a.code = '1500' ORDER BY st.end_date DESC, st.id DESC"
        )).first()
    opening, after = (int(last[0]), dt.date.fromisoformat(str(last[1]))) if last else (0, ctx.today())
    statement.write_bytes(camt(holder, "revenue_bank", "MATRIX-1", opening,
                               [(max(after + dt.timedelta(days=1), ctx.today()), 1000, "R1", "Payer", "transfer")]))
    files["statement"] = str(statement)
    with db.read() as s:  # insured people the demo declared, one to register per role and one with a claim
        nids = list(s.scalars(text("SELECT DISTINCT national_id FROM revenue_service_records ORDER BY national_id")))
    for n, role in enumerate(ROLES, start=1):
        path = folder / f"insured-{role}.csv"
        path.write_text(f"national_id,first_name,last_name,sex,birth_date\n{person_id('ir_sso', 880000 + n)},"
                        f"Person{n},Demo,F,1370/01/01\n",
                        encoding="utf-8")
        files[f"insured-{role}"] = str(path)
    files["nid"] = nids[0]
    (folder / "first.csv").write_text(f"national_id,first_name,last_name,sex,birth_date\n{nids[0]},First,Demo,F,"
                                      "1370/01/01\n", encoding="utf-8")
    case = folder / "case.json"
    case.write_text(json.dumps({"kind": "marriage", "start": f"{files['month']}-01"}), encoding="utf-8")
    files["case"] = str(case)
    files.update(_execution_documents(ctx, admin, holder))
    files.update(_transfer_lists(ctx, db, nids))
    os.environ["BRANCH_DESKTOP_PASSWORD"] = PASSWORD
    try:
        # the demo may have registered the person already (exit 2, "already registered")
        assert run(["--db", str(folder / "branch.db"), "--user", "admin", "insured", "import",
                    str(folder / "first.csv")]) in (0, 2)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert run(["--db", str(folder / "branch.db"), "--user", "clerk", "claim", "new", "--national-id",
                        nids[0], "--input", str(case)]) == 0
        files["claim"] = json.loads(out.getvalue())["claim"]
    finally:
        del os.environ["BRANCH_DESKTOP_PASSWORD"]
    with db.read() as s:
        files["admin"] = first_admin(s).username
    files["backup"] = str(backup.backup_file(db, admin, folder / "good.db"))
    db.dispose()
    return folder / "branch.db", files


def _execution_documents(ctx: object, admin: object, holder: object) -> dict[str, object]:
    """Late payers for the execution commands: four employers with months overdue, a notice
    prepared, a notice served whose period has run, an agreement, an order to seize under."""
    from branch_desktop.execution import services as execution
    from branch_desktop.revenue import services as revenue
    from tests.revenue.helpers import employer_input, lines

    cal = ctx.pack.calendar  # type: ignore[attr-defined]
    today = ctx.today()  # type: ignore[attr-defined]
    old = cal.year_month(today).previous().previous().previous()
    files: dict[str, str] = {}
    for n in range(4):
        e = revenue.create_employer(ctx, admin, employer_input("ir_sso", 950 + n))  # type: ignore[arg-type]
        revenue.submit_declaration(ctx, admin, e.id, old, lines(holder, old, 2, 700 + 10 * n))  # type: ignore[arg-type]
        files[f"late-{n}"] = e.file_no
    period = int(ctx.pack.param("execution.notice.period_days", today))  # type: ignore[attr-defined]
    early = today - dt.timedelta(days=period + 2)
    [served] = execution.prepare_notices(ctx, admin, early, employers=[files["late-0"]])  # type: ignore[arg-type]
    execution.serve_notice(ctx, admin, served.number, early, "hand")  # type: ignore[arg-type]
    [prepared] = execution.prepare_notices(ctx, admin, today, employers=[files["late-1"]])  # type: ignore[arg-type]
    [seized] = execution.prepare_notices(ctx, admin, early, employers=[files["late-3"]])  # type: ignore[arg-type]
    execution.serve_notice(ctx, admin, seized.number, early, "hand")  # type: ignore[arg-type]
    order = execution.issue_order(ctx, admin, seized.number, today)  # type: ignore[arg-type]
    answered, cancelled = (execution.request_seizure(ctx, admin, order.number, bank, today)  # type: ignore[arg-type]
                           for bank in ("Bank to answer", "Bank to cancel"))
    debt = sum(c.outstanding for c in execution.employer_charges(ctx, admin, files["late-2"], today)[1])  # type: ignore[arg-type]
    return {"served-notice": served.number, "prepared-notice": prepared.number, "agreement-employer": files["late-2"],
            "order": order.number, "seizure-reply": answered.number, "seizure-cancel": cancelled.number,
            "down": str(ctx.pack.currency.round(debt / 2)), "year": str(cal.fiscal_year(today))}  # type: ignore[attr-defined]


def _transfer_lists(ctx: object, db: Database, nids: list[str]) -> dict[str, str]:
    """Two more approved benefits (payees with an IBAN): one on a list the manager prepared (so the
    accountant, first in the order of roles, may post it), one left due for ``transfer prepare``."""
    from branch_desktop.core.ids import iban_with_check
    from branch_desktop.core.security import login
    from branch_desktop.insured import services
    from branch_desktop.insured.types import PersonInput

    clerk, manager = login(db, "clerk", PASSWORD), login(db, "manager", PASSWORD)
    cal = ctx.pack.calendar  # type: ignore[attr-defined]
    start = ctx.today() - dt.timedelta(days=5)  # type: ignore[attr-defined]
    day = lambda d: cal.format(d).replace("/", "-")  # noqa: E731
    approved: list[int] = []
    pending = ""  # a third eligible claim, left for ``claim approve``
    for n, nid in enumerate(nids):
        who = services.find_person(ctx, clerk, nid)  # type: ignore[arg-type]
        claim = services.prepare_claim(ctx, clerk, who.id, {  # type: ignore[arg-type]
            "kind": "sickness", "start": day(start), "rest": [{"from": day(start), "to": day(start + dt.timedelta(days=9))}]})
        if not claim.eligible:
            continue
        if len(approved) == 2:
            pending = claim.number
            break
        services.decide_claim(ctx, manager, claim.id, approve=True)  # type: ignore[arg-type]
        person = services.get_person(ctx, clerk, who.id)  # type: ignore[arg-type]
        if not person.iban:
            services.update_person(ctx, clerk, who.id, PersonInput(  # type: ignore[arg-type]
                national_id=person.national_id, first_name=person.first_name, last_name=person.last_name,
                sex=person.sex, birth_date=person.birth_date, status=person.status,
                iban=iban_with_check("IR", f"{20_000_000 + n:022d}")), person.version)
        approved.append(claim.id)
    assert len(approved) == 2 and pending
    first = next(p for p in services.payable_claims(ctx, manager) if p.claim_id == approved[0])  # type: ignore[arg-type]
    code = ctx.pack.account_code("legal_obligation_bank")  # type: ignore[attr-defined]
    made = services.prepare_transfer_list(ctx, manager, code, [first.payment_id])  # type: ignore[arg-type]
    return {"transfer-prepared": made.number, "transfer-account": code, "claim-eligible": pending}


def recipes(f: dict[str, object], out: Path) -> dict[str, Callable[[str], list[str]]]:
    """The arguments of each command (per role where two runs would collide)."""
    month, previous = str(f["month"]), str(f["previous"])
    return {
        "demo": lambda r: ["demo", "--extend", "--employers", "2", "--insured", "4", "--months", "1", "--ledger-only"],
        "verify": lambda r: ["verify"],
        "login": lambda r: ["login"],
        "cli-sessions": lambda r: ["cli-sessions", "--idle-minutes", "15"],
        "report trial-balance": lambda r: ["report", "trial-balance", "--period", month],
        "report employer-statement": lambda r: ["report", "employer-statement", "--employer", str(f["employer"])],
        "report reconciliation": lambda r: ["report", "reconciliation", "--account", "1500", "--month", previous],
        "report ten-day": lambda r: ["report", "ten-day", "--account", "1500", "--month", previous],
        "report payment-cheques": lambda r: ["report", "payment-cheques", "--month", previous, "--out",
                                             str(out / f"cheques-{r}.pdf")],
        "export ledger": lambda r: ["export", "ledger", "--out", str(out / f"ledger-{r}.journal")],
        "backup": lambda r: ["backup", "--out", str(out / f"backup-{r}.db")],
        "restore": lambda r: ["restore", str(f["backup"])],
        "db upgrade": lambda r: ["db", "upgrade"],
        "db current": lambda r: ["db", "current"],
        "import declaration": lambda r: ["import", "declaration", str(f[f"declaration-{r}"]), "--employer",
                                         str(f[f"employer-{r}"]), "--month", previous],
        "import statement": lambda r: ["import", "statement", str(f["statement"]), "--account", "1500", "--dry-run"],
        "import csv-mapping": lambda r: ["import", "csv-mapping", str(f["mapping"]), "--name", f"bank-{r}"],
        "receipt": lambda r: ["receipt", "--employer", str(f["employer"]), "--amount", "1000", "--method",
                              "transfer", "--ref", f"T-{r}"],
        "payroll run": lambda r: ["payroll", "run", "--month", month],
        "payroll bank-list": lambda r: ["payroll", "bank-list", "--month", previous, "--out",
                                        str(out / f"bank-{r}.csv")],
        "payroll due-groups": lambda r: ["payroll", "due-groups", "--month", month],
        "payroll bonus": lambda r: ["payroll", "bonus", "--month", previous, "--kind", "performance",
                                    "--balance-progress", "95"],
        "payslips": lambda r: ["payslips", "--month", previous, "--out", str(out / f"slips-{r}.pdf"),
                               "--employee", "00001"],
        "reconcile": lambda r: ["reconcile", "--account", "1500", "--month", previous, "--auto"],
        "bank-account add": lambda r: ["bank-account", "add", "--code", "1500", "--iban",
                                       "IR820570000000000000000001", "--bank", "Refah"],
        "bank-account list": lambda r: ["bank-account", "list"],
        "accounting-close": lambda r: ["accounting-close", "--month", previous, "--check"],
        "insured import": lambda r: ["insured", "import", str(f[f"insured-{r}"])],
        "insured status": lambda r: ["insured", "status", "--national-id", str(f["nid"])],  # shown to every role
        "claim new": lambda r: ["claim", "new", "--national-id", str(f["nid"]), "--input", str(f["case"])],
        "claim refuse": lambda r: ["claim", "refuse", "--claim", str(f["claim"]), "--reason", "test"],
        "claim approve": lambda r: ["claim", "approve", "--claim", str(f["claim-eligible"])],
        "transfer prepare": lambda r: ["transfer", "prepare", "--account", str(f["transfer-account"])],
        "transfer post": lambda r: ["transfer", "post", str(f["transfer-prepared"])],
        "transfer file": lambda r: ["transfer", "file", str(f["transfer-prepared"]), "--format", "csv", "--out",
                                    str(out / f"transfer-{r}.csv")],
        "db repair-guards": lambda r: ["db", "repair-guards"],
        "debt register": lambda r: ["debt", "register", "--employer", str(f["employer"])],
        "debt ageing": lambda r: ["debt", "ageing"],
        "debt file": lambda r: ["debt", "file", "--employer", str(f["agreement-employer"])],
        "charge compute": lambda r: ["charge", "compute", "--employer", str(f["agreement-employer"])],
        "notice prepare": lambda r: ["notice", "prepare"],
        "notice serve": lambda r: ["notice", "serve", "--notice", str(f["prepared-notice"])],
        "enforcement order": lambda r: ["enforcement", "order", "--notice", str(f["served-notice"])],
        "seizure request": lambda r: ["seizure", "request", "--order", str(f["order"]), "--bank", f"Bank {r}"],
        "seizure list": lambda r: ["seizure", "list", "--format", "xlsx", "--out", str(out / f"seizures-{r}.xlsx")],
        "seizure reply": lambda r: ["seizure", "reply", "--seizure", str(f["seizure-reply"]), "--seized", "0",
                                    "--reference", f"R-{r}"],
        "seizure cancel": lambda r: ["seizure", "cancel", "--seizure", str(f["seizure-cancel"]), "--reason",
                                     "sent twice", "--requested-by", "clerk"],
        "enforcement rate": lambda r: ["enforcement", "rate", "--year", str(f["year"]), "--half", "1"],
        "agreement new": lambda r: ["agreement", "new", "--employer", str(f["agreement-employer"]), "--instalments",
                                    "6", "--down-payment", str(f["down"])],
        "agreement status": lambda r: ["agreement", "status", "--agreement", f"{f['year']}/000001"],
        "report service-record": lambda r: ["report", "service-record", "--national-id", str(f["nid"]), "--format",
                                            "csv", "--out", str(out / f"record-{r}.csv")],
        "report performance": lambda r: ["report", "performance", "--half", "2026-H1", "--format", "csv"],
        "report dashboard": lambda r: ["report", "dashboard", "--month", month, "--format", "csv"],
        "report three-way": lambda r: ["report", "three-way", "--month", previous, "--format", "csv"],
        "report branch-month": lambda r: ["report", "branch-month", "--month", previous, "--out",
                                          str(out / f"month-{r}.pdf")],
    }


# Second and later allowed runs of these meet what the first did (or the demo made), not a role check.
COLLIDES = {"bank-account add", "payroll bonus", "seizure reply"}


def _refusals(db: Database, user: str) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(AuditLog).where(
            AuditLog.action == "permission.denied", AuditLog.username == user)) or 0)


@pytest.mark.slow
def test_every_command_under_every_role_matches_docs_roles(branch_file: tuple[Path, dict[str, object]],
                                                           tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path, files = branch_file
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", PASSWORD)
    table = roles_table()
    argv = recipes(files, tmp_path)
    assert set(argv) == {c for c, row in table.items() if "login-free" not in row.values()}
    db = Database(f"sqlite:///{path}")
    found: dict[str, dict[str, str]] = {}
    finished: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    for command in sorted(argv, key=lambda c: c == "restore"):  # the restore last
        found[command] = {}
        for role in ROLES:
            before = _refusals(db, role)
            code = run(["--db", str(path), "--lang", "en", "--user", role, *argv[command](role)])
            _out, err = capsys.readouterr()
            refused = _refusals(db, role) > before
            assert not refused or code == 2, (command, role, err)
            assert "Traceback" not in err and "may not" not in err or refused, (command, role, err)
            found[command][role] = "no" if refused else "yes"
            if code in (0, 1):  # 1: a negative answer (e.g. what blocks a close), the command ran
                finished.setdefault(command, []).append(role)
            else:
                errors[command] = err.strip()
    db.dispose()
    expected = {c: row for c, row in table.items() if c in argv}
    assert found == expected
    never = {c: errors.get(c) for c in argv if c not in finished and c not in COLLIDES}
    assert never == {}, "these commands never finished: their arguments are wrong, so 'allowed' proves nothing"

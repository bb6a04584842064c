"""Headless insured-affairs commands:

``benefit compute --pack P --input FILE.json [--explain]``: one benefit case computed by the pack's
rules, printed as one JSON object, without a database (exit 0 whether eligible or not; exit 2 with
a message for malformed input).
``insured import FILE.csv``: insured persons (national_id, first_name, last_name, sex, birth_date,
optional coverage and coverage_from), all or nothing. ``insured status --national-id N [--set CODE
[--from DATE]]``: the insurance-status history as JSON (recording a change first).
``claim new --national-id N --input CASE.json`` / ``claim approve --claim YEAR/NUMBER [--letter FILE.pdf]`` /
``claim refuse --claim YEAR/NUMBER --reason R [--letter FILE.pdf]`` (the unit head, never the preparer).
``report service-record --national-id N --format pdf|xlsx|csv --out FILE``.
``transfer prepare --account CODE [--until DATE]`` (every approved benefit due, decided on or before
DATE, whose payee has an IBAN) / ``transfer post NUMBER`` (not by who prepared it) / ``transfer file
NUMBER --format csv|xlsx|pdf --out FILE``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import gettext as _


def register_commands(groups: dict[str, Any]) -> None:
    p = groups["root"].add_parser("benefit", help=_("benefit rules without a database"))
    sub = p.add_subparsers(dest="benefit_command", required=True, metavar="ACTION", help=_("the benefit action"))
    c = sub.add_parser("compute", help=_("compute one benefit case from a JSON file and print the decision as JSON"))
    c.add_argument("--pack", required=True, help=_("the jurisdiction pack whose rules apply (e.g. tr_sgk)"))
    c.add_argument("--input", required=True, help=_("the case as a JSON file ('-' for standard input)"))
    c.add_argument("--explain", action="store_true", help=_("print the calculation trace indented, for reading"))
    c.set_defaults(func=cmd_benefit_compute)

    p = groups["root"].add_parser("insured", help=_("the insured registry"))
    sub = p.add_subparsers(dest="insured_command", required=True, metavar="ACTION", help=_("the registry action"))
    c = sub.add_parser("import", help=_("register insured persons from a CSV file (all or nothing)"))
    c.add_argument("file", help=_("CSV with national_id, first_name, last_name, sex (F/M), birth_date; optional "
                                  "coverage (insurance status) and coverage_from"))
    c.set_defaults(func=cmd_insured_import)
    c = sub.add_parser("status", help=_("show an insured person's insurance-status history, or record a change"))
    c.add_argument("--national-id", required=True, help=_("the insured person's national id"))
    c.add_argument("--set", dest="coverage", help=_("record this status (e.g. 4/1-b) as a change"))
    c.add_argument("--from", dest="effective_from", help=_("the day the change takes effect (YYYY/MM/DD; default today)"))
    c.set_defaults(func=cmd_insured_status)

    p = groups["root"].add_parser("claim", help=_("benefit claims and their decisions"))
    sub = p.add_subparsers(dest="claim_command", required=True, metavar="ACTION", help=_("the claim action"))
    c = sub.add_parser("new", help=_("register a claim; the rules compute it from the declarations"))
    c.add_argument("--national-id", required=True, help=_("the insured person's national id"))
    c.add_argument("--input", required=True, help=_("the case as a JSON file (as benefit compute takes it)"))
    c.set_defaults(func=cmd_claim_new)
    c = sub.add_parser("approve", help=_("approve a claim's computed amount (the unit head, never the preparer)"))
    c.add_argument("--claim", required=True, help=_("the claim number, YEAR/NUMBER"))
    c.add_argument("--letter", help=_("write the decision letter to this PDF file"))
    c.set_defaults(func=cmd_claim_decide, approve=True, reason="")
    c = sub.add_parser("refuse", help=_("refuse a claim with a reason (the unit head, never the preparer)"))
    c.add_argument("--claim", required=True, help=_("the claim number, YEAR/NUMBER"))
    c.add_argument("--reason", required=True, help=_("why the claim is refused"))
    c.add_argument("--letter", help=_("write the decision letter to this PDF file"))
    c.set_defaults(func=cmd_claim_decide, approve=False)

    p = groups["root"].add_parser("transfer", help=_("bank transfer lists of approved benefits"))
    sub = p.add_subparsers(dest="transfer_command", required=True, metavar="ACTION", help=_("the transfer action"))
    c = sub.add_parser("prepare", help=_("put every approved benefit due whose payee has an IBAN on a new list"))
    c.add_argument("--account", required=True, help=_("the code of the bank account that pays"))
    c.add_argument("--until", help=_("only benefits decided on or before this date (YYYY/MM/DD)"))
    c.set_defaults(func=cmd_transfer_prepare)
    c = sub.add_parser("post", help=_("post a prepared list (not by the person who prepared it)"))
    c.add_argument("number", help=_("the transfer list number, YEAR/NUMBER"))
    c.set_defaults(func=cmd_transfer_post)
    c = sub.add_parser("file", help=_("write the bank's file or the printed list"))
    c.add_argument("number", help=_("the transfer list number, YEAR/NUMBER"))
    c.add_argument("--format", choices=("csv", "xlsx", "pdf"), required=True, help=_("file format"))
    c.add_argument("--out", required=True, help=_("output file"))
    c.set_defaults(func=cmd_transfer_file)

    r = groups["report"].add_parser("service-record", help=_("an insured person's declared service"))
    r.add_argument("--national-id", required=True, help=_("the insured person's national id"))
    r.add_argument("--format", choices=("pdf", "xlsx", "csv"), default="pdf", help=_("file format"))
    r.add_argument("--out", required=True, help=_("output file"))
    r.set_defaults(func=cmd_service_record)


def cmd_benefit_compute(args: Any) -> int:
    from branch_desktop.core.packs import load_pack
    from branch_desktop.insured.rules.cases import compute_case

    try:
        text = sys.stdin.read() if args.input == "-" else Path(args.input).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(_("error: {message}").format(message=_("cannot read {file}: {reason}").format(
            file=args.input, reason=exc.__class__.__name__)), file=sys.stderr)
        return 2
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        print(_("error: {message}").format(message=_("{file} is not JSON (line {line}, column {column}).").format(
            file=args.input, line=exc.lineno, column=exc.colno)), file=sys.stderr)
        return 2
    try:
        result = compute_case(load_pack(args.pack), data)
    except DomainError as exc:
        print(_("error: {message}").format(message=str(exc)), file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=2 if args.explain else None))
    return 0


def _person_id(ctx: Any, actor: Any, national_id: str) -> int:
    from branch_desktop.insured import services

    return services.find_person(ctx, actor, national_id).id


def cmd_insured_import(args: Any) -> int:
    import csv

    from branch_desktop.cli import cli_context
    from branch_desktop.insured.services.registry import import_persons

    ctx, actor = cli_context(args)
    with open(args.file, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    count = import_persons(ctx, actor, rows)
    print(_("{count} insured persons registered.").format(count=count))
    return 0


def cmd_insured_status(args: Any) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.insured import services

    ctx, actor = cli_context(args)
    pid = _person_id(ctx, actor, args.national_id)
    cal = ctx.pack.calendar
    if args.coverage:
        day = cal.parse(args.effective_from) if args.effective_from else ctx.today()
        services.record_coverage(ctx, actor, pid, args.coverage, day)
    history = services.coverage_history(ctx, actor, pid)
    print(json.dumps({"national_id": args.national_id.strip(),
                      "in_force": services.coverage_of(ctx, actor, pid, ctx.today()) or None,
                      "history": [{"coverage": h.coverage, "from": cal.format(h.effective_from),
                                   "recorded_by": h.recorded_by} for h in history]}, ensure_ascii=False))
    return 0


def cmd_claim_new(args: Any) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.insured import services

    ctx, actor = cli_context(args)
    case = json.loads(Path(args.input).read_text(encoding="utf-8"))
    claim = services.prepare_claim(ctx, actor, _person_id(ctx, actor, args.national_id), case)
    print(json.dumps({"claim": claim.number, "eligible": claim.eligible, "amount": str(claim.amount),
                      "refusal": claim.result.get("refusal")}, ensure_ascii=False))
    return 0


def cmd_claim_decide(args: Any) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.core.i18n import current_language
    from branch_desktop.insured import services
    from branch_desktop.insured.services.claims import claim_id_by_number

    ctx, actor = cli_context(args)
    claim = services.decide_claim(ctx, actor, claim_id_by_number(ctx, actor, args.claim), approve=args.approve,
                                  reason=args.reason)
    if args.letter:
        from branch_desktop.insured.documents import decision_letter_pdf

        Path(args.letter).write_bytes(decision_letter_pdf(claim, ctx.info, current_language()))
    print(json.dumps({"claim": claim.number, "decision": claim.decision_number, "state": claim.state.value,
                      "amount": str(claim.amount)}, ensure_ascii=False))
    return 0


def cmd_service_record(args: Any) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.core.i18n import current_language
    from branch_desktop.insured import services
    from branch_desktop.insured.exports import service_record_csv, service_record_xlsx

    ctx, actor = cli_context(args)
    person = services.get_person(ctx, actor, _person_id(ctx, actor, args.national_id))
    months = services.service_months(ctx, actor, person.national_id)
    if args.format == "pdf":
        from branch_desktop.insured.documents import service_record_pdf

        data = service_record_pdf(person, months, services.service_years(ctx, actor, person.national_id),
                                  ctx.info, current_language())
    elif args.format == "xlsx":
        data = service_record_xlsx(person, months, ctx.pack.currency, ctx.pack.calendar)
    else:
        data = service_record_csv(months).encode("utf-8")
    Path(args.out).write_bytes(data)
    return 0


def _list_json(view: Any) -> str:
    return json.dumps({"list": view.number, "status": view.status.value, "count": view.count,
                       "total": str(view.total), "account": view.bank_account_code}, ensure_ascii=False)


def cmd_transfer_prepare(args: Any) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.insured import services

    ctx, actor = cli_context(args)
    until = ctx.pack.calendar.parse(args.until) if args.until else None
    view, left_off = services.prepare_due_transfer_list(ctx, actor, args.account, until)
    for p in left_off:
        print(_("Left off (no IBAN on the record): {name}, claim {claim}.").format(
            name=p.person_name, claim=p.claim_number), file=sys.stderr)
    print(_list_json(view))
    return 0


def cmd_transfer_post(args: Any) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.insured import services

    ctx, actor = cli_context(args)
    view = services.post_transfer_list(ctx, actor, services.transfer_list_id_by_number(ctx, actor, args.number))
    print(_list_json(view))
    return 0


def cmd_transfer_file(args: Any) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.core.i18n import current_language
    from branch_desktop.insured import services
    from branch_desktop.insured.exports import transfer_list_csv, transfer_list_xlsx

    ctx, actor = cli_context(args)
    view = services.get_transfer_list(ctx, actor, services.transfer_list_id_by_number(ctx, actor, args.number))
    if args.format == "pdf":
        from branch_desktop.insured.documents import transfer_list_pdf

        data = transfer_list_pdf(view, ctx.info, current_language())
    elif args.format == "xlsx":
        data = transfer_list_xlsx(view, ctx.pack.currency, ctx.pack.calendar)
    else:
        data = transfer_list_csv(view).encode("utf-8-sig")
    try:
        Path(args.out).write_bytes(data)
    except OSError as exc:
        print(_("error: {message}").format(message=_("cannot write {file}: {reason}").format(
            file=args.out, reason=exc.strerror or exc.__class__.__name__)), file=sys.stderr)
        return 2
    return 0

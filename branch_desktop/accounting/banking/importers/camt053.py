"""ISO 20022 camt.053 (bank-to-customer statement), read with lxml.

Any ``camt.053.001.xx`` namespace is accepted (elements are found by local name). The parser is
hardened: no entity expansion, no network, no DTD; a malformed file is refused with the line
number lxml reports, a missing or bad element with its name and line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

from branch_desktop.accounting.banking.importers.base import (
    MAX_FILE_BYTES,
    ParsedLine,
    ParsedStatement,
    StatementFileError,
    check_magnitude,
    parse_decimal,
)

Element = Any  # lxml's _Element (lxml ships no complete stubs)


def looks_like(data: bytes) -> bool:
    head = data[:4096]
    return b"camt.053" in head or b"BkToCstmrStmt" in head


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _local(el: Element) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ns(el: Element) -> str:
    tag = el.tag
    return tag[: tag.index("}") + 1] if isinstance(tag, str) and tag.startswith("{") else ""


def _children(el: Element, name: str) -> Iterator[Element]:
    return el.iterchildren(tag=_ns(el) + name)


_PATHS: dict[tuple[str, tuple[str, ...]], str] = {}


def _find(el: Element, *path: str) -> Element | None:
    tag = el.tag
    ns = tag[: tag.index("}") + 1] if tag[0] == "{" else ""
    key = (ns, path)
    query = _PATHS.get(key)
    if query is None:
        query = _PATHS[key] = "/".join(ns + name for name in path)
    return el.find(query)


def _text(el: Element, *path: str) -> str:
    found = _find(el, *path)
    return (found.text or "").strip() if found is not None else ""


def _where(el: Element) -> str:
    return f"<{_local(el)}> (line {el.sourceline})"


def _need(el: Element, *path: str) -> Element:
    found = _find(el, *path)
    if found is None:
        raise StatementFileError(_where(el), "the element {name} is missing.", name="/".join(path))
    return found


def _date(el: Element, where: str) -> dt.date:
    """<Dt>YYYY-MM-DD</Dt> or <DtTm>...</DtTm> inside ``el``."""
    text = _text(el, "Dt") or _text(el, "DtTm")[:10]
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise StatementFileError(where, "'{text}' is not a date.", text=text[:30]) from None


def _amount(amt: Element, indicator: str, where: str) -> tuple[Decimal, str]:
    value = parse_decimal(amt.text or "", where)
    if value < 0:
        raise StatementFileError(where, "a negative amount; the sign is in CdtDbtInd.")
    if indicator not in ("CRDT", "DBIT"):
        raise StatementFileError(where, "CdtDbtInd must be CRDT or DBIT, not '{text}'.", text=indicator[:10])
    return (value if indicator == "CRDT" else -value), (amt.get("Ccy") or "").strip().upper()


def parse(data: bytes) -> list[ParsedStatement]:
    if len(data) > MAX_FILE_BYTES:
        raise StatementFileError("file", "the file is too large.")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else "?"
        raise StatementFileError(f"line {line}", "the XML is malformed ({detail}).", detail=str(exc.msg)[:120]) from None
    if root.getroottree().docinfo.doctype:
        raise StatementFileError("line 1", "a document type declaration (DTD) is not allowed in a statement.")
    if _local(root) != "Document":
        raise StatementFileError(_where(root), "not a camt.053 document (the root is not Document).")
    report = _find(root, "BkToCstmrStmt")
    if report is None:
        raise StatementFileError(_where(root), "not a camt.053 statement (no BkToCstmrStmt).")
    statements = [_statement(stmt) for stmt in _children(report, "Stmt")]
    if not statements:
        raise StatementFileError(_where(report), "the file holds no statement (Stmt).")
    return statements


def _statement(stmt: Element) -> ParsedStatement:
    where = _where(stmt)
    ref = _text(stmt, "Id")
    if not ref:
        raise StatementFileError(where, "the element {name} is missing.", name="Id")
    seq = _text(stmt, "ElctrncSeqNb") or _text(stmt, "LglSeqNb")
    acct = _need(stmt, "Acct")
    account = _text(acct, "Id", "IBAN") or _text(acct, "Id", "Othr", "Id")
    currency = _text(acct, "Ccy").upper()
    opening: Decimal | None = None
    closing: Decimal | None = None
    closing_date: dt.date | None = None
    opening_date: dt.date | None = None
    for bal in _children(stmt, "Bal"):
        code = _text(bal, "Tp", "CdOrPrtry", "Cd")
        bwhere = _where(bal)
        value, ccy = _amount(_need(bal, "Amt"), _text(bal, "CdtDbtInd"), bwhere)
        if ccy and currency and ccy != currency:
            raise StatementFileError(bwhere, "the balance is in {a}, the account in {b}.", a=ccy, b=currency)
        currency = currency or ccy
        date_el = _find(bal, "Dt")
        day = _date(date_el, bwhere) if date_el is not None else None
        if code in ("OPBD", "PRCD") and opening is None:
            opening, opening_date = value, day
        elif code == "CLBD":
            closing, closing_date = value, day
    if opening is None:
        raise StatementFileError(where, "the opening balance (Bal OPBD) is missing.")
    if closing is None:
        raise StatementFileError(where, "the closing balance (Bal CLBD) is missing.")
    lines: list[ParsedLine] = []
    for ntry in _children(stmt, "Ntry"):
        lines.append(_entry(ntry, currency))
    start = end = None
    period = _find(stmt, "FrToDt")
    if period is not None:
        start_text, end_text = _text(period, "FrDtTm")[:10], _text(period, "ToDtTm")[:10]
        try:
            start = dt.date.fromisoformat(start_text) if start_text else None
            end = dt.date.fromisoformat(end_text) if end_text else None
        except ValueError:
            raise StatementFileError(_where(period), "'{text}' is not a date.", text=start_text or end_text) from None
    start = start or opening_date
    end = end or closing_date
    return ParsedStatement(
        statement_ref=f"{ref}/{seq}" if seq and seq not in ref else ref,
        account=account.replace(" ", "").upper(),
        currency=currency,
        opening=opening,
        closing=closing,
        lines=lines,
        start_date=start,
        end_date=end,
        where=where,
    )


def _kids(el: Element | None) -> dict[str, Element]:
    """An element's children by local name (the first of each name): one pass, no path parsing."""
    out: dict[str, Element] = {}
    if el is None:
        return out
    for child in el:
        tag = child.tag
        if isinstance(tag, str):
            out.setdefault(tag.rpartition("}")[2], child)
    return out


def _t(el: Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def _entry(ntry: Element, currency: str) -> ParsedLine:
    where = _where(ntry)
    k = _kids(ntry)
    status = _t(k.get("Sts")) or _text(k["Sts"], "Cd") if "Sts" in k else ""
    if status and status not in ("BOOK",):
        raise StatementFileError(where, "only booked entries belong in a statement (status {text}).", text=status)
    if "Amt" not in k:
        raise StatementFileError(where, "the element {name} is missing.", name="Amt")
    amount, ccy = _amount(k["Amt"], _t(k.get("CdtDbtInd")), where)
    if ccy and currency and ccy != currency:
        raise StatementFileError(where, "the entry is in {a}, the account in {b}.", a=ccy, b=currency)
    check_magnitude(amount, where)
    if "BookgDt" not in k:
        raise StatementFileError(where, "the element {name} is missing.", name="BookgDt")
    booking = _date(k["BookgDt"], where)
    value_el = k.get("ValDt")
    value_date = _date(value_el, where) if value_el is not None else None
    tx = _kids(_kids(k.get("NtryDtls")).get("TxDtls"))
    reference = ""
    counterparty = ""
    counterparty_account = ""
    texts: list[str] = []
    info = _t(k.get("AddtlNtryInf"))
    if tx:
        refs = _kids(tx.get("Refs"))
        for name in ("ChqNb", "EndToEndId", "InstrId", "PmtInfId", "MsgId", "TxId"):
            candidate = _t(refs.get(name))
            if candidate and candidate.upper() != "NOTPROVIDED":
                reference = candidate
                break
        parties = tx.get("RltdPties")
        if parties is not None:
            side = ("Dbtr", "DbtrAcct") if amount > 0 else ("Cdtr", "CdtrAcct")
            counterparty = _text(parties, side[0], "Nm") or _text(parties, side[0], "Pty", "Nm")
            counterparty_account = _text(parties, side[1], "Id", "IBAN") or _text(
                parties, side[1], "Id", "Othr", "Id"
            )
        rmt = tx.get("RmtInf")
        if rmt is not None:
            texts.extend((u.text or "").strip() for u in _children(rmt, "Ustrd"))
            creditor_ref = _text(rmt, "Strd", "CdtrRefInf", "Ref")
            if creditor_ref:
                texts.append(creditor_ref)
                reference = reference or creditor_ref
        info = info or _t(tx.get("AddtlTxInf"))
    if info:
        texts.append(info)
    return ParsedLine(
        booking_date=booking,
        amount=amount,
        value_date=value_date,
        reference=reference[:120],
        bank_reference=_t(k.get("AcctSvcrRef"))[:120],
        counterparty=counterparty[:200],
        counterparty_account=counterparty_account[:60],
        description=" ".join(t for t in texts if t)[:500],
        where=where,
    )


def build(
    *,
    iban: str,
    currency: str,
    statement_id: str,
    opening: Decimal,
    lines: list[tuple[dt.date, Decimal, str, str, str]],
    closing: Decimal | None = None,
    digits: int = 2,
) -> bytes:
    """A camt.053.001.02 document (for tests, benchmarks and demonstrations): ``lines`` are
    (booking date, signed amount, reference, counterparty, description)."""
    ns = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"

    def amt(value: Decimal) -> str:
        return f"{abs(value):.{digits}f}"

    def side(value: Decimal) -> str:
        return "CRDT" if value >= 0 else "DBIT"

    total = opening + sum((x[1] for x in lines), Decimal(0))
    closing = total if closing is None else closing
    days = [x[0] for x in lines] or [dt.date.today()]
    first, last = min(days).isoformat(), max(days).isoformat()
    out: list[str] = [
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="{ns}"><BkToCstmrStmt>',
        f"<GrpHdr><MsgId>{statement_id}</MsgId><CreDtTm>{last}T23:59:59</CreDtTm></GrpHdr>",
        f"<Stmt><Id>{statement_id}</Id><CreDtTm>{last}T23:59:59</CreDtTm>",
        f"<FrToDt><FrDtTm>{first}T00:00:00</FrDtTm><ToDtTm>{last}T23:59:59</ToDtTm></FrToDt>",
        f"<Acct><Id><IBAN>{iban}</IBAN></Id><Ccy>{currency}</Ccy></Acct>",
    ]
    for code, value, bal_day in (("OPBD", opening, first), ("CLBD", closing, last)):
        out.append(
            f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy=\"{currency}\">{amt(value)}</Amt>"
            f"<CdtDbtInd>{side(value)}</CdtDbtInd><Dt><Dt>{bal_day}</Dt></Dt></Bal>"
        )

    for i, (day, value, ref, party, text) in enumerate(lines, start=1):
        role = "Dbtr" if value >= 0 else "Cdtr"
        out.append(
            f"<Ntry><Amt Ccy=\"{currency}\">{amt(value)}</Amt><CdtDbtInd>{side(value)}</CdtDbtInd><Sts>BOOK</Sts>"
            f"<BookgDt><Dt>{day.isoformat()}</Dt></BookgDt><ValDt><Dt>{day.isoformat()}</Dt></ValDt>"
            f"<AcctSvcrRef>{day:%Y%m%d}.{escape(ref)}.{i}</AcctSvcrRef><NtryDtls><TxDtls><Refs><EndToEndId>{escape(ref) or 'NOTPROVIDED'}"
            f"</EndToEndId></Refs><RltdPties><{role}><Nm>{escape(party)}</Nm></{role}></RltdPties>"
            f"<RmtInf><Ustrd>{escape(text)}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"
        )
    out.append("</Stmt></BkToCstmrStmt></Document>\n")
    return "".join(out).encode("utf-8")

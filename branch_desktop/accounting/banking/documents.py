"""Banking documents: the reconciliation report, the cheque voucher, the monthly payment report
of legal-obligation cheques and the 10-day revenue balance (PDF; CSV for the reconciliation and the
10-day balance; their workbooks are in ``exports.py``).

Pure functions of the services' plain data, returning bytes (or text for CSV), in the language
asked for.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from reportlab.lib import colors
from reportlab.platypus import Flowable, Spacer

from branch_desktop.accounting.banking.states import ChequeStatus
from branch_desktop.accounting.banking.types import (
    BookItemView,
    ChequeView,
    PaymentReport,
    Reconciliation,
    StatementLineView,
    TenDayReport,
)
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import babel_locale, translate_to
from branch_desktop.core.ledger.chain import short_digest
from branch_desktop.core.ledger.types import BranchInfo
from branch_desktop.core.money import Currency
from branch_desktop.printing.base import (
    A4_LANDSCAPE,
    A4_PORTRAIT,
    MUTED,
    Cell,
    Column,
    PrintContext,
    build_pdf,
)

RED = colors.HexColor("#b3261e")
GREEN = colors.HexColor("#1e7b34")


def _month_text(ctx: PrintContext, ym: YearMonth, start: dt.date, end: dt.date) -> str:
    _ = ctx.gettext
    month = ctx.calendar.month_name(ym.month, babel_locale(ctx.lang))
    return _("{month} {year} ({start} to {end}), amounts in {currency}").format(
        month=month, year=ctx.digits(str(ym.year)), start=ctx.date(start), end=ctx.date(end),
        currency=ctx.currency_name)


# -- reconciliation ---------------------------------------------------------------------------


def reconciliation_pdf(rec: Reconciliation, info: BranchInfo, lang: str, *,
                       printed_at: dt.datetime | None = None) -> bytes:
    """Book balance, statement balance, outstanding cheques, deposits in transit, other items and
    the difference, then the lists of each kind of item."""
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    page = A4_PORTRAIT
    width = page.frame_width
    f = rec.figures
    acc = rec.account
    story: list[Flowable] = [
        ctx.fields([
            (_("Bank account"), f"{ctx.digits(acc.code)} {acc.name}"),
            (_("Bank"), acc.bank),
            (_("IBAN"), acc.iban),
            (_("Ledger account"), ctx.digits(acc.ledger_code)),
        ], width=width),
        Spacer(1, 6),
    ]
    columns = [Column(_("Item"), 4.0, "start"), Column(_("Amount"), 1.6, "number")]
    rows: list[list[str | Cell | Flowable | None]] = [
        [_("Balance per bank statement"), ctx.money(f.statement_balance)],
        [_("Less: outstanding cheques ({count})").format(count=ctx.number(len(rec.outstanding_cheques))),
         ctx.money(-f.outstanding_cheques)],
        [_("Add: deposits in transit ({count})").format(count=ctx.number(len(rec.deposits_in_transit))),
         ctx.money(f.deposits_in_transit)],
        [Cell(_("Adjusted bank balance"), bold=True), Cell(ctx.money(f.adjusted_statement), bold=True)],
        [_("Balance per books"), ctx.money(f.book_balance)],
        [_("Add: other items on the statement, not in the books ({count})").format(
            count=ctx.number(len(rec.unmatched_statement))), ctx.money(f.other_items)],
        [Cell(_("Adjusted book balance"), bold=True), Cell(ctx.money(f.adjusted_book), bold=True)],
        [Cell(_("Difference"), bold=True, color=GREEN if f.difference == 0 else RED),
         Cell(ctx.money(f.difference), bold=True, color=GREEN if f.difference == 0 else RED)],
    ]
    story.append(ctx.grid(columns, rows, width=width * 0.75, font_size=9, shaded_rows=[3, 6, 7]))
    story.append(Spacer(1, 6))
    if rec.locked:
        when = ctx.datetime(rec.locked_at) if rec.locked_at else ""
        story.append(ctx.para(_("Reconciled and locked by {user} on {date}.").format(user=rec.locked_by, date=when),
                              bold=True, color=GREEN))
    else:
        story.append(ctx.para(_("Not locked: the reconciliation of this month is still open."), bold=True,
                              color=MUTED))

    def book_table(title: str, items: tuple[BookItemView, ...]) -> None:
        story.append(ctx.heading(title))
        if not items:
            story.append(ctx.para(_("None."), color=MUTED))
            return
        cols = [Column(_("Date"), 1.0, "code"), Column(_("Reference"), 1.3, "code"),
                Column(_("Entry"), 1.2, "code"), Column(_("Description"), 3.2, "start"),
                Column(_("Amount"), 1.4, "number")]
        body: list[list[str | Cell | Flowable | None]] = [
            [ctx.date(b.day), ctx.digits(b.reference), ctx.docno(b.number), b.description, ctx.money(abs(b.amount))]
            for b in items
        ]
        total = sum(abs(b.amount) for b in items)
        body.append([None, None, None, Cell(_("Total"), bold=True, align="end"), ctx.money(total)])
        story.append(ctx.grid(cols, body, width=width, font_size=7.5, bold_rows=[len(body) - 1],
                              shaded_rows=[len(body) - 1]))

    def line_table(title: str, items: tuple[StatementLineView, ...]) -> None:
        story.append(ctx.heading(title))
        if not items:
            story.append(ctx.para(_("None."), color=MUTED))
            return
        cols = [Column(_("Date"), 1.0, "code"), Column(_("Reference"), 1.3, "code"),
                Column(_("Counterparty"), 1.6, "start"), Column(_("Description"), 2.8, "start"),
                Column(_("Amount"), 1.4, "number")]
        body: list[list[str | Cell | Flowable | None]] = [
            [ctx.date(x.day), ctx.digits(x.reference), x.counterparty, x.description, ctx.money(x.amount)]
            for x in items
        ]
        body.append([None, None, None, Cell(_("Total"), bold=True, align="end"),
                     ctx.money(sum(x.amount for x in items))])
        story.append(ctx.grid(cols, body, width=width, font_size=7.5, bold_rows=[len(body) - 1],
                              shaded_rows=[len(body) - 1]))

    book_table(_("Outstanding cheques and payments"), rec.outstanding_cheques)
    book_table(_("Deposits in transit"), rec.deposits_in_transit)
    line_table(_("Other items: statement lines not in the books"), rec.unmatched_statement)
    story.append(Spacer(1, 12))
    story.append(ctx.signature_boxes([_("Prepared by"), _("Head of accounting")], width=width))
    return build_pdf(ctx, _("Bank reconciliation"), story, page=page,
                     subtitle=_month_text(ctx, rec.period, rec.start, rec.end))


def reconciliation_csv(rec: Reconciliation, currency: Currency, lang: str) -> str:
    def _(message: str) -> str:
        return translate_to(lang, message)

    f = rec.figures
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["section", "date", "reference", "description", "amount"])
    for key, value in (("statement_balance", f.statement_balance), ("outstanding_cheques", -f.outstanding_cheques),
                       ("deposits_in_transit", f.deposits_in_transit), ("adjusted_bank", f.adjusted_statement),
                       ("book_balance", f.book_balance), ("other_items", f.other_items),
                       ("adjusted_book", f.adjusted_book), ("difference", f.difference)):
        w.writerow(["summary", "", key, "", currency.plain(value)])
    for b in rec.outstanding_cheques:
        w.writerow(["outstanding", b.day.isoformat(), b.reference, b.description, currency.plain(b.amount)])
    for b in rec.deposits_in_transit:
        w.writerow(["in_transit", b.day.isoformat(), b.reference, b.description, currency.plain(b.amount)])
    for x in rec.unmatched_statement:
        w.writerow(["other", x.day.isoformat(), x.reference, x.description, currency.plain(x.amount)])
    w.writerow(["status", "", "locked" if rec.locked else "open", _("Bank reconciliation"), ""])
    return buf.getvalue()


# -- cheque voucher ------------------------------------------------------------------------------


def cheque_voucher_pdf(cheque: ChequeView, info: BranchInfo, lang: str, *,
                       printed_at: dt.datetime | None = None) -> bytes:
    """The voucher of a legal-obligation cheque: payee, payment document, amount in figures and
    in words, the entry it posts, and the two signatures."""
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    page = A4_PORTRAIT
    width = page.frame_width
    digits = ctx.digits
    doc = cheque.document
    status = {ChequeStatus.ISSUED: _("issued, not signed"), ChequeStatus.SIGNED: _("signed"),
              ChequeStatus.POSTED: _("posted"), ChequeStatus.SPOILED: _("spoiled")}[cheque.status]
    fields = [
        (_("Cheque no."), digits(str(cheque.number))),
        (_("Date"), ctx.date(cheque.issue_date)),
        (_("Bank"), cheque.bank),
        (_("Bank account"), f"{digits(cheque.account_code)} {cheque.account_name}"),
        (_("IBAN"), cheque.iban),
        (_("Series"), digits(cheque.series) or "-"),
        (_("Pay to"), cheque.payee),
        (_("Status"), status),
    ]
    if doc is not None:
        fields += [
            (_("Insured person no."), digits(doc.insured_id)),
            (_("Benefit"), cheque.benefit_name(lang)),
            (_("Period"), digits(doc.period.replace("-", "/"))),
            (_("Payment document"), digits(doc.reference)),
        ]
    story: list[Flowable] = [ctx.fields(fields, width=width), Spacer(1, 8)]
    story.append(ctx.grid([Column(_("Amount"), 1.0, "center")], [[Cell(ctx.money(cheque.amount), bold=True,
                                                                        size=14, align="center")]],
                          width=width * 0.5, header=True, font_size=10))
    story.append(Spacer(1, 4))
    story.append(ctx.para(_("Amount in words: {words}").format(words=ctx.words(cheque.amount)), bold=True,
                          space_after=8))
    if cheque.status is ChequeStatus.SPOILED:
        story.append(ctx.para(_("SPOILED: {reason}").format(reason=cheque.spoiled_reason), bold=True, color=RED))
    columns = [Column(_("Account code"), 1.0, "code"), Column(_("Account"), 3.0, "start"),
               Column(_("Debit"), 1.3, "number"), Column(_("Credit"), 1.3, "number")]
    rows: list[list[str | Cell | Flowable | None]] = [
        [digits(cheque.expense_code), cheque.benefit_name(lang), ctx.money(cheque.amount), None],
        [digits(cheque.bank_ledger_code), cheque.account_name, None, ctx.money(cheque.amount)],
    ]
    story.append(ctx.heading(_("Accounting entry")))
    story.append(ctx.grid(columns, rows, width=width, font_size=8.5))
    story.append(Spacer(1, 8))
    if doc is not None:
        story.append(ctx.fields([
            (_("Prepared by"), doc.prepared_by or "-"), (_("Checked by"), doc.checked_by or "-"),
            (_("Approved by"), doc.approved_by or "-"),
        ], width=width, per_row=3, size=8))
    story.append(Spacer(1, 8))
    signed = [
        (_("Head of accounting"), cheque.signed_accounting_by),
        (_("Branch head or deputy"), cheque.signed_head_by),
    ]
    story.append(ctx.fields([(label, _("signed in the system by {user}").format(user=who) if who else
                              _("not signed")) for label, who in signed], width=width, size=8.5))
    story.append(Spacer(1, 4))
    story.append(ctx.signature_boxes([_("Head of accounting"), _("Branch head or deputy"), _("Received by")],
                                     width=width))
    return build_pdf(ctx, _("Cheque voucher"), story, page=page,
                     subtitle=_("Legal-obligation payment, cheque no. {number}").format(number=digits(str(cheque.number))))


# -- monthly payment report ------------------------------------------------------------------------


def payment_report_pdf(report: PaymentReport, info: BranchInfo, lang: str, *,
                       printed_at: dt.datetime | None = None) -> bytes:
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    page = A4_LANDSCAPE
    width = page.frame_width
    digits = ctx.digits
    columns = [Column(_("#"), 0.4, "code"), Column(_("Cheque no."), 1.0, "code"), Column(_("Date"), 0.9, "code"),
               Column(_("Payee"), 2.0, "start"), Column(_("Insured person no."), 1.2, "code"),
               Column(_("Benefit"), 2.0, "start"), Column(_("Period"), 0.8, "code"),
               Column(_("Payment document"), 1.2, "code"), Column(_("Amount"), 1.4, "number")]
    rows: list[list[str | Cell | Flowable | None]] = []
    for i, c in enumerate(report.cheques, start=1):
        d = c.document
        rows.append([digits(str(i)), digits(str(c.number)), ctx.date(c.issue_date), c.payee,
                     digits(d.insured_id) if d else "", c.benefit_name(lang),
                     digits(d.period.replace("-", "/")) if d else "", digits(d.reference) if d else "",
                     ctx.money(c.amount)])
    rows.append([None, None, None, Cell(_("Total"), bold=True), None, None, None, None, ctx.money(report.total)])
    story: list[Flowable] = [ctx.grid(columns, rows, width=width, font_size=7.5, bold_rows=[len(rows) - 1],
                                      shaded_rows=[len(rows) - 1])]
    story.append(ctx.heading(_("Totals by benefit")))
    names = {(c.document.benefit_type if c.document else ""): c.benefit_name(lang) for c in report.cheques}
    story.append(ctx.grid(
        [Column(_("Benefit"), 3.0, "start"), Column(_("Cheques"), 0.8, "number"), Column(_("Amount"), 1.4, "number")],
        [[names.get(k) or k, ctx.number(n), ctx.money(total)] for k, n, total in report.totals_by_benefit()],
        width=width * 0.6, font_size=8))
    if report.spoiled:
        story.append(ctx.heading(_("Spoiled cheques")))
        story.append(ctx.grid(
            [Column(_("Cheque no."), 1.0, "code"), Column(_("Date"), 1.0, "code"), Column(_("Reason"), 4.0, "start")],
            [[digits(str(c.number)), ctx.date(c.issue_date), c.spoiled_reason] for c in report.spoiled],
            width=width * 0.7, font_size=8))
    story.append(Spacer(1, 12))
    story.append(ctx.signature_boxes([_("Prepared by"), _("Head of accounting"), _("Branch head")], width=width))
    return build_pdf(ctx, _("Legal-obligation cheques: monthly payment report"), story, page=page,
                     subtitle=_month_text(ctx, report.period, report.start, report.end))


# -- 10-day revenue balance ------------------------------------------------------------------------


def ten_day_pdf(report: TenDayReport, info: BranchInfo, lang: str, *, printed_at: dt.datetime | None = None) -> bytes:
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    page = A4_LANDSCAPE
    width = page.frame_width
    acc = report.account
    columns = [Column(_("Ten days"), 1.2, "start"), Column(_("From"), 1.0, "code"), Column(_("To"), 1.0, "code"),
               Column(_("Opening balance"), 1.5, "number"), Column(_("Receipts"), 1.5, "number"),
               Column(_("Payments"), 1.5, "number"), Column(_("Closing balance"), 1.5, "number")]
    labels = {1: _("Days 1-10"), 2: _("Days 11-20"), 3: _("Days 21-end")}
    rows: list[list[str | Cell | Flowable | None]] = [
        [labels[r.span], ctx.date(r.start), ctx.date(r.end), ctx.money(r.opening), ctx.money(r.debit),
         ctx.money(r.credit), ctx.money(r.closing)]
        for r in report.rows
    ]
    first, last = report.rows[0], report.rows[-1]
    rows.append([Cell(_("Month"), bold=True), ctx.date(first.start), ctx.date(last.end), ctx.money(first.opening),
                 ctx.money(sum(r.debit for r in report.rows)), ctx.money(sum(r.credit for r in report.rows)),
                 ctx.money(last.closing)])
    story: list[Flowable] = [
        ctx.fields([(_("Bank account"), f"{ctx.digits(acc.code)} {acc.name}"), (_("IBAN"), acc.iban),
                    (_("Bank"), acc.bank), (_("Ledger account"), ctx.digits(acc.ledger_code))], width=width),
        Spacer(1, 6),
        ctx.grid(columns, rows, width=width, font_size=9, bold_rows=[3], shaded_rows=[3]),
        Spacer(1, 6),
        ctx.para(_("Chain digest: {digest}").format(digest=short_digest(report.checkpoint))) if report.checkpoint
        else Spacer(1, 1),
        Spacer(1, 8),
        ctx.signature_boxes([_("Prepared by"), _("Head of accounting"), _("Branch head")], width=width * 0.8),
    ]
    return build_pdf(ctx, _("Revenue account balance by ten days"), story, page=page,
                     subtitle=_month_text(ctx, report.period, first.start, last.end))


def ten_day_csv(report: TenDayReport, currency: Currency) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["account", "period", "span", "from", "to", "opening", "receipts", "payments", "closing"])
    for r in report.rows:
        w.writerow([report.account.code, str(report.period), r.span, r.start.isoformat(), r.end.isoformat(),
                    currency.plain(r.opening), currency.plain(r.debit), currency.plain(r.credit),
                    currency.plain(r.closing)])
    return buf.getvalue()

"""Revenue documents (ReportLab, no Qt): the counter receipt (A5 and 80 mm roll), the void
receipt, the employer's account statement and the clerk's day close.

Each is a pure function from the services' plain data to PDF bytes, in the document's language
(Persian right to left), dates in the pack's calendar, amounts in figures and in words.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib import colors
from reportlab.platypus import Flowable, Spacer

from branch_desktop.core.ledger.chain import short_digest
from branch_desktop.core.ledger.types import BranchInfo
from branch_desktop.printing.amounts import CURRENCY_WORDS
from branch_desktop.printing.base import (
    A4_PORTRAIT,
    A5_PORTRAIT,
    MUTED,
    ROLL_80MM,
    Cell,
    Column,
    PageFormat,
    PrintContext,
    build_pdf,
)
from branch_desktop.revenue.states import ChequeStatus, EmployerStatus, ReceiptKind, ReceiptStatus
from branch_desktop.revenue.types import (
    CHEQUE_STATUS_LABELS,
    METHOD_LABELS,
    DaySummary,
    Method,
    ReceiptView,
    Statement,
)

RED = colors.HexColor("#b3261e")
FORMATS = {"a5": A5_PORTRAIT, "roll": ROLL_80MM}


def receipt_no(ctx: PrintContext, text: str) -> str:
    """A receipt number written the one way of the language (``core.texts.format_document_number``)."""
    return ctx.docno(text)


def _currency_name(code: str, lang: str) -> str:
    names = CURRENCY_WORDS.get(code, {}).get(lang if lang in ("fa", "tr", "en") else "en")
    return names[1] if names else code


def _method_fields(ctx: PrintContext, r: ReceiptView) -> list[tuple[str, str]]:
    _ = ctx.gettext
    d = ctx.digits
    out = [(_("Method"), _(METHOD_LABELS[r.method]))]
    if r.method is Method.SLIP:
        out += [(_("Bank"), r.bank), (_("Slip no."), d(r.reference))]
        if r.ref_date:
            out.append((_("Slip date"), ctx.date(r.ref_date)))
    elif r.method is Method.TRANSFER:
        out.append((_("Transfer reference"), d(r.reference)))
        if r.bank:
            out.append((_("Bank"), r.bank))
    else:
        out += [(_("Bank"), r.bank), (_("Bank branch"), r.bank_branch or "-"), (_("Cheque no."), d(r.reference))]
        if r.due_date:
            out.append((_("Due date"), ctx.date(r.due_date)))
        out.append((_("Drawer"), r.drawer))
    return out


def receipt_pdf(r: ReceiptView, info: BranchInfo, lang: str, layout: str = "a5",
                printed_at: dt.datetime | None = None) -> bytes:
    """A counter receipt (or the void of one) on A5 or an 80 mm roll."""
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    d = ctx.digits
    page: PageFormat = FORMATS.get(layout, A5_PORTRAIT)
    roll = page.roll
    width = page.frame_width
    size = 8.0 if roll else 9.5
    is_void = r.kind == ReceiptKind.VOID
    title = _("Void receipt") if is_void else _("Premium receipt")
    number = receipt_no(ctx, r.display_number)
    story: list[Flowable] = []
    if is_void:
        story.append(ctx.para(_("VOID of receipt {number}").format(number=receipt_no(ctx, r.voids_number)), bold=True,
                              size=size + 2, color=RED, align="center", space_after=4))
    elif r.status == ReceiptStatus.VOIDED:
        story.append(ctx.para(_("Voided by receipt {number}").format(number=receipt_no(ctx, r.voided_by_number)), bold=True,
                              size=size + 1, color=RED, align="center", space_after=4))
    head = [
        (_("Receipt no."), number),
        (_("Date"), ctx.date(r.receipt_date)),
        (_("File no."), d(r.file_no)),
        (_("Employer"), r.employer_name),
        (_("Employer id"), d(r.employer_national_id)),
    ]
    story.append(ctx.fields(head, width=width, per_row=1 if roll else 2, size=size))
    story.append(Spacer(1, 4))
    amount_label = _("Amount voided") if is_void else _("Amount received")
    story.append(ctx.grid([Column(amount_label, 1.0, "center")],
                          [[Cell(ctx.money(r.amount) + " " + _currency_name(info.currency_code, lang), bold=True, align="center",
                                 size=size + 4)]], width=width, font_size=size))
    story.append(Spacer(1, 3))
    story.append(ctx.para(_("In words: {words}").format(words=ctx.words(r.amount)), bold=True, size=size,
                          space_after=5))
    story.append(ctx.fields(_method_fields(ctx, r), width=width, per_row=1 if roll else 2, size=size))
    if is_void and r.reason:
        story.append(ctx.para(_("Reason: {reason}").format(reason=r.reason), size=size, space_before=3))
    if (r.allocations or r.charge_allocations) and not is_void:
        story.append(Spacer(1, 4))
        rows: list[list[str | Cell | Flowable | None]] = [
            [d(str(a.month)), ctx.money(a.amount)] for a in r.allocations
        ]
        rows += [[_("Late charges {month}").format(month=d(str(a.month))), ctx.money(a.amount)]
                 for a in r.charge_allocations]
        story.append(ctx.grid([Column(_("Premium month"), 1.0, "code"), Column(_("Amount"), 1.4, "number")], rows,
                              width=width, font_size=size - 0.5))
        if r.charge_allocations:  # the split: what went to premiums, what to the late-payment charges
            story.append(ctx.fields([(_("Premium part"), ctx.money(r.premium_part)),
                                     (_("Late charges part"), ctx.money(r.charges_part))],
                                    width=width, per_row=1 if roll else 2, size=size - 0.5))
        rest = r.amount - r.premium_part - r.charges_part
        if rest > 0:
            story.append(ctx.para(_("Credited to the account (no open month): {amount}").format(
                amount=ctx.money(rest)), size=size - 0.5, space_before=2))
    story.append(Spacer(1, 6))
    story.append(ctx.fields([(_("Clerk"), r.clerk_name), (_("Registered at"), ctx.datetime(r.created_at))],
                            width=width, per_row=1 if roll else 2, size=size))
    if not roll:
        story.append(Spacer(1, 8))
        story.append(ctx.signature_boxes([_("Clerk's signature"), _("Stamp")], width=width))
    story.append(Spacer(1, 4))
    story.append(ctx.para(_("This receipt is valid with the branch's stamp. Keep it."), size=6.5, color=MUTED,
                          align="center", space_after=0))
    return build_pdf(ctx, title, story, page=page, subtitle=_("Receipt no. {number}").format(number=number))


def statement_pdf(st: Statement, info: BranchInfo, lang: str, printed_at: dt.datetime | None = None) -> bytes:
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    d = ctx.digits
    page = A4_PORTRAIT
    width = page.frame_width
    e = st.employer
    story: list[Flowable] = [ctx.fields([
        (_("File no."), d(e.file_no)), (_("Employer"), e.name),
        (_("Employer id"), d(e.national_id)), (_("Status"), _("Active") if e.status == EmployerStatus.ACTIVE else _("Closed")),
        (_("Balance owed"), ctx.money(st.balance)), (_("Unallocated payments"), ctx.money(st.unallocated)),
    ], width=width), Spacer(1, 6), ctx.heading(_("Movements"))]
    cols = [Column(_("Date"), 1.0, "code"), Column(_("Description"), 3.6), Column(_("Month"), 0.8, "code"),
            Column(_("Debit"), 1.3, "number"), Column(_("Credit"), 1.3, "number"), Column(_("Balance"), 1.4, "number")]
    rows: list[list[str | Cell | Flowable | None]] = [
        [ctx.date(x.day), ctx.text(x.message, x.text), ctx.month(x.month), ctx.money_or_blank(x.debit),
         ctx.money_or_blank(x.credit),
         ctx.money(x.balance)] for x in st.lines
    ]
    rows.append([Cell(_("Total"), bold=True), None, None, ctx.money(st.total_debit), ctx.money(st.total_credit),
                 ctx.money(st.balance)])
    story.append(ctx.grid(cols, rows, width=width, font_size=7.5, bold_rows=[len(rows) - 1],
                          shaded_rows=[len(rows) - 1]))
    story.append(Spacer(1, 8))
    story.append(ctx.heading(_("By month")))
    mcols = [Column(_("Month"), 1.0, "code"), Column(_("Accrued"), 1.5, "number"), Column(_("Paid"), 1.5, "number"),
             Column(_("Owed"), 1.5, "number")]
    mrows: list[list[str | Cell | Flowable | None]] = [
        [d(str(m.month)), ctx.money(m.accrued), ctx.money(m.paid), ctx.money(m.balance)] for m in st.months
    ]
    story.append(ctx.grid(mcols, mrows, width=width * 0.7, font_size=8))
    return build_pdf(ctx, _("Employer account statement"), story, page=page,
                     subtitle=_("File no. {file_no}").format(file_no=d(e.file_no)))


def day_close_pdf(summary: DaySummary, info: BranchInfo, lang: str, printed_at: dt.datetime | None = None) -> bytes:
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    d = ctx.digits
    page = A4_PORTRAIT
    width = page.frame_width
    status = _("Closed") if summary.closed else _("Open (not closed yet)")
    story: list[Flowable] = [ctx.fields([
        (_("Clerk"), summary.clerk_name), (_("Day"), ctx.date(summary.day)),
        (_("Receipts"), d(str(len(summary.payments)))), (_("Voids"), d(str(len(summary.voids)))),
        (_("Status"), status), (_("Net total"), ctx.money(summary.total)),
    ], width=width), Spacer(1, 6)]
    file_weight = 1.9 if max((len(r.file_no) for r in summary.receipts), default=0) > 12 else 1.0
    cols = [Column(_("Receipt no."), 1.2, "code"), Column(_("File no."), file_weight, "code"), Column(_("Employer"), 2.4),
            Column(_("Method"), 1.0), Column(_("Reference"), 1.2, "code"), Column(_("Amount"), 1.4, "number")]
    rows: list[list[str | Cell | Flowable | None]] = []
    for r in summary.receipts:
        amount = ctx.money(r.amount if r.kind == ReceiptKind.PAYMENT else -r.amount)
        method = _(METHOD_LABELS[r.method]) + (" - " + _("void") if r.kind == ReceiptKind.VOID else "")
        rows.append([receipt_no(ctx, r.display_number), d(r.file_no), r.employer_name, method, d(r.reference), amount])
    story.append(ctx.grid(cols, rows, width=width, font_size=7.5))
    story.append(Spacer(1, 8))
    story.append(ctx.heading(_("Totals by method")))
    trows: list[list[str | Cell | Flowable | None]] = [
        [_(METHOD_LABELS[m]), ctx.money(v)] for m, v in summary.total_by_method().items()
    ]
    trows.append([Cell(_("Total"), bold=True), ctx.money(summary.total)])
    story.append(ctx.grid([Column(_("Method"), 1.5), Column(_("Amount"), 1.5, "number")], trows, width=width * 0.5,
                          bold_rows=[len(trows) - 1]))
    story.append(Spacer(1, 6))
    story.append(ctx.para(_("In words: {words}").format(words=ctx.words(abs(summary.total)))))
    if summary.checkpoint:
        story.append(ctx.para(_("Chain digest: {digest}").format(digest=short_digest(summary.checkpoint))))
    story.append(Spacer(1, 10))
    story.append(ctx.signature_boxes([_("Clerk"), _("Head of revenue")], width=width))
    return build_pdf(ctx, _("Counter day close"), story, page=page,
                     subtitle=_("{clerk}, {day}").format(clerk=summary.clerk_name, day=ctx.date(summary.day)))


def cheque_status_label(ctx: PrintContext, status: str) -> str:
    return ctx.gettext(CHEQUE_STATUS_LABELS[ChequeStatus(status)])

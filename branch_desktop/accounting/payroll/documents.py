"""Payroll documents: payslips (one page per employee, one employee or a whole run in one file,
optionally password-protected) and the loan-fund member statement.

Pure functions of the payroll's plain data (``payroll.types``) returning PDF bytes (or writing to
a file), in the language asked for. A whole run streams: payslip pages are laid out as the
payslips arrive from the iterator and no page is kept for a "page X of Y" footer, so memory stays
flat however many employees there are.
"""

from __future__ import annotations

import datetime as dt
import io
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Spacer

from branch_desktop.accounting.payroll import rules
from branch_desktop.accounting.payroll.states import RunKind
from branch_desktop.accounting.payroll.types import MemberStatement, PayslipData
from branch_desktop.core.i18n import N_, babel_locale
from branch_desktop.core.ledger.types import BranchInfo
from branch_desktop.core.texts import join_list
from branch_desktop.printing.base import (
    A4_PORTRAIT,
    GRID_COLOUR,
    MUTED,
    Cell,
    Column,
    Decor,
    PageFormat,
    PrintContext,
    build_pdf,
)
from branch_desktop.printing.fonts import register_fonts
from branch_desktop.printing.text import draw_text

KIND_TITLES = {
    RunKind.MONTHLY: N_("Payslip"),
    RunKind.PRODUCTIVITY: N_("Payslip: productivity bonus"),
    RunKind.PERFORMANCE: N_("Payslip: performance bonus"),
}


def _month_text(ctx: PrintContext, slip: PayslipData) -> str:
    month = ctx.calendar.month_name(slip.period.month, babel_locale(ctx.lang))
    return f"{month} {ctx.digits(str(slip.period.year))}"


def payslip_story(ctx: PrintContext, slip: PayslipData, width: float) -> list[Flowable]:
    """The flowables of one payslip page."""
    _ = ctx.gettext
    digits = ctx.digits
    group = digits(str(slip.job_group)) if slip.job_group is not None else _("Before the first group")
    fields = [
        (_("Personnel no."), digits(slip.personnel_no)),
        (_("Name"), slip.name),
        (_("National id"), digits(slip.national_id)),
        (_("Month"), _month_text(ctx, slip)),
        (_("Position"), _(rules.POSTS.get(slip.post, slip.post))),
        (_("Job group"), group),
        (_("Employment"), _(rules.EMPLOYMENT_TYPES.get(slip.employment, slip.employment)) if slip.employment else "-"),
        (_("IBAN"), slip.iban or "-"),
    ]
    story: list[Flowable] = [ctx.fields(fields, width=width), Spacer(1, 6)]

    earnings = [(c, a) for c, k, a in slip.lines if k == rules.LineKind.EARNING]
    deductions = [(c, a) for c, k, a in slip.lines if k == rules.LineKind.DEDUCTION]
    employer = [(c, a) for c, k, a in slip.lines if k == rules.LineKind.EMPLOYER]
    columns = [Column(_("Earnings"), 2.2, "start"), Column(_("Amount"), 1.3, "number"),
               Column(_("Deductions"), 2.2, "start"), Column(_("Amount"), 1.3, "number")]
    rows: list[list[str | Cell | Flowable | None]] = []
    for i in range(max(len(earnings), len(deductions))):
        row: list[str | Cell | Flowable | None] = []
        for part in (earnings, deductions):
            if i < len(part):
                code, amount = part[i]
                row += [_(rules.line_label(code)), ctx.money(amount)]
            else:
                row += [None, None]
        rows.append(row)
    total_index = len(rows)
    rows.append([_("Total earnings"), ctx.money(slip.gross), _("Total deductions"), ctx.money(slip.deductions)])
    story.append(ctx.grid(columns, rows, width=width, font_size=8.5, bold_rows=[total_index],
                          shaded_rows=[total_index]))
    story.append(Spacer(1, 8))
    story.append(ctx.para(_("Net pay: {amount} {currency}").format(amount=ctx.money(slip.net),
                                                                   currency=ctx.currency_name),
                          bold=True, size=12, space_after=2))
    story.append(ctx.para(_("In words: {words}").format(words=ctx.words(slip.net)), size=9, space_after=8))

    story.append(ctx.heading(_("Year to date"), size=9.5))
    ytd_columns = [Column(_("Gross pay"), 1), Column(_("Deductions"), 1), Column(_("Net pay"), 1),
                   Column(_("Income tax"), 1), Column(_("Social insurance"), 1)]
    ytd_columns = [Column(c.title, 1, "number") for c in ytd_columns]
    story.append(ctx.grid(ytd_columns, [[ctx.money(slip.ytd_gross), ctx.money(slip.ytd_deductions),
                                         ctx.money(slip.ytd_net), ctx.money(slip.ytd_tax),
                                         ctx.money(slip.ytd_insurance)]], width=width, font_size=8.5))
    story.append(Spacer(1, 6))
    story.append(ctx.heading(_("Staff loan fund"), size=9.5))
    story.append(ctx.para(_("Contribution balance: {amount}").format(amount=ctx.money(slip.loanfund_balance))))
    if slip.loans:
        loan_columns = [Column(_("Loan no."), 0.8, "code"), Column(_("Loan amount"), 1.2, "number"),
                        Column(_("Repaid"), 1.2, "number"), Column(_("Balance"), 1.2, "number"),
                        Column(_("Instalments left"), 1.0, "number")]
        story.append(ctx.grid(loan_columns, [[digits(str(ln.loan_id)), ctx.money(ln.amount), ctx.money(ln.repaid),
                                              ctx.money(ln.balance), digits(str(ln.remaining_instalments))]
                                             for ln in slip.loans], width=width, font_size=8.5))
    else:
        story.append(ctx.para(_("No loan outstanding."), color=MUTED))
    if employer:
        story.append(Spacer(1, 6))
        parts = join_list([f"{_(rules.line_label(c))}: {ctx.money(a)}" for c, a in employer], ctx.lang)
        story.append(ctx.para(_("Paid by the employer besides your pay: {items}. Employer cost: {total}.").format(
            items=parts, total=ctx.money(slip.employer_cost)), size=7.5, color=MUTED))
    return story


CACHE_TRIM_EVERY = 100  # payslips between two trims of the text layer's caches


def _trim_text_caches() -> None:
    """Empty the text layer's shaping and measuring caches. Every payslip brings new strings
    (names, amounts), so on a long run the caches would only fill up (to tens of MB) without
    helping; the labels they lose are shaped again in microseconds."""
    from branch_desktop.printing import bidi, text

    for cached in (text.shape_run, text.width1000, bidi.visual_runs):
        cached.cache_clear()


class _CompressingCanvas(Canvas):
    """Compresses each page's content stream as soon as the page is finished (ReportLab would keep
    it as text until the end), so a long run of payslips holds only a few KB per page."""

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        super().showPage()
        page = self._doc.Pages.pages[-1]
        stream = getattr(page, "stream", None)
        if stream and not getattr(page, "Contents", None):
            dictionary = PDFDictionary()
            dictionary["Filter"] = PDFName("FlateDecode")
            data = stream.encode("utf8") if isinstance(stream, str) else stream
            page.Contents = PDFStream(dictionary, zlib.compress(data))
            page.stream = None


class _LazyStory(list[Flowable]):
    """A story that asks its iterator for the next payslip's flowables when it runs dry."""

    def __init__(self, chunks: Iterator[list[Flowable]]) -> None:
        super().__init__()
        self._chunks = chunks

    def __len__(self) -> int:
        if not super().__len__():
            for chunk in self._chunks:
                self.extend(chunk)
                break
        return super().__len__()


def write_payslips(
    slips: Iterable[PayslipData],
    info: BranchInfo,
    lang: str,
    out: BinaryIO,
    *,
    printed_at: dt.datetime | None = None,
    page: PageFormat = A4_PORTRAIT,
) -> int:
    """Write payslips, one page each, to ``out``; returns the count. Streams the iterator."""
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    register_fonts()
    width = page.frame_width
    count = 0
    current: dict[str, Any] = {"slip": None}  # the payslip whose page is being laid out

    def chunks() -> Iterator[list[Flowable]]:
        nonlocal count
        for slip in slips:
            if count:
                yield [PageBreak()]
            if count and count % CACHE_TRIM_EVERY == 0:
                _trim_text_caches()
            count += 1
            yield [_SlipMarker(current, slip), *payslip_story(ctx, slip, width)]

    def decorate(canv: Canvas, doc: Any) -> None:
        slip: PayslipData | None = current.get("slip")
        kind = slip.kind if slip else RunKind.MONTHLY
        subtitle = _month_text(ctx, slip) if slip else ""
        Decor(ctx, page, _(KIND_TITLES.get(kind, "Payslip")), subtitle).draw_header(canv, doc)
        canv.saveState()
        y = page.bottom - 14
        canv.setStrokeColor(GRID_COLOUR)
        canv.setLineWidth(0.4)
        canv.line(page.margin, y + 10, page.width - page.margin, y + 10)
        if slip is not None:
            text = _("Personnel no. {no}").format(no=ctx.digits(slip.personnel_no))
            draw_text(canv, page.width / 2, y, text, ctx.style(size=7.5, color=MUTED), anchor="center")
        canv.restoreState()

    decor = Decor(ctx, page, "", "x")
    top_space = page.margin + decor.header_height
    bottom_space = page.bottom + 8
    doc = BaseDocTemplate(
        out, pagesize=page.size, leftMargin=page.margin, rightMargin=page.margin, topMargin=top_space,
        bottomMargin=bottom_space, title=_("Payslips"), author=info.organisation, creator="Branch Desktop",
        lang={"fa": "fa-IR", "tr": "tr-TR"}.get(lang, "en"), pageCompression=1,
    )
    frame = Frame(page.margin, bottom_space, page.frame_width, page.height - top_space - bottom_space,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="slip", frames=[frame], onPage=decorate)])
    # The header of a page is drawn when the page starts; the marker flowable at the top of each
    # payslip has already named its employee by then (see _SlipMarker).
    doc.build(_LazyStory(chunks()), canvasmaker=_CompressingCanvas)
    return count


class _SlipMarker(Flowable):
    """Zero-size flowable: makes the page header show the payslip that starts on the page."""

    def __init__(self, state: dict[str, Any], slip: PayslipData) -> None:
        super().__init__()
        self._state = state
        self._slip = slip
        state["slip"] = slip  # the page about to begin belongs to this slip

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        self._state["slip"] = self._slip


def payslips_pdf(
    slips: Iterable[PayslipData], info: BranchInfo, lang: str, *, password: str | None = None,
    printed_at: dt.datetime | None = None,
) -> bytes:
    """Payslips as PDF bytes; ``password`` (e.g. the employee's national id) encrypts the file."""
    buf = io.BytesIO()
    write_payslips(slips, info, lang, buf, printed_at=printed_at)
    data = buf.getvalue()
    return encrypt_pdf(data, password) if password else data


def write_payslips_file(
    slips: Iterable[PayslipData], info: BranchInfo, lang: str, path: Path, *, password: str | None = None,
) -> int:
    if password:
        data = payslips_pdf(slips, info, lang, password=password)
        path.write_bytes(data)
        from pypdf import PdfReader

        return len(PdfReader(io.BytesIO(data), password=password).pages)
    with path.open("wb") as fh:
        return write_payslips(slips, info, lang, fh)


def encrypt_pdf(data: bytes, password: str) -> bytes:
    """The same PDF, encrypted: opening it asks for ``password``. AES-256 when the
    ``cryptography`` package is installed, else 128-bit RC4 (pypdf's own code)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import DependencyError

    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    except DependencyError:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        writer.encrypt(user_password=password, owner_password=None, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def member_statement_pdf(
    st: MemberStatement, info: BranchInfo, lang: str, *, printed_at: dt.datetime | None = None
) -> bytes:
    """A loan-fund member's statement: contributions, loans and instalments, with balances."""
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    page = A4_PORTRAIT
    width = page.frame_width
    story: list[Flowable] = [ctx.fields([
        (_("Personnel no."), ctx.digits(st.personnel_no)), (_("Name"), st.name),
        (_("National id"), ctx.digits(st.national_id)), (_("Opening balance"), ctx.money(st.opening)),
    ], width=width), Spacer(1, 6)]
    columns = [Column(_("Date"), 1.0, "code"), Column(_("Description"), 3.0, "start"),
               Column(_("Contribution"), 1.3, "number"), Column(_("Contribution balance"), 1.4, "number"),
               Column(_("Loan"), 1.3, "number"), Column(_("Loan balance"), 1.4, "number")]
    rows: list[list[str | Cell | Flowable | None]] = []
    balance, loan = st.opening, 0
    for line in st.lines:
        balance += line.contribution
        loan += line.loan
        value = ctx.digits(line.value)
        if len(line.value) == 7 and line.value[4] == "-" and line.value.replace("-", "").isdigit():
            value = ctx.calendar.month_name(int(line.value[5:]), babel_locale(lang)) + " " + ctx.digits(line.value[:4])
        rows.append([ctx.date(line.day), _(line.text).format(value=value), ctx.money_or_blank(line.contribution),
                     ctx.money(balance), ctx.money_or_blank(line.loan), ctx.money(loan)])
    total_index = len(rows)
    rows.append([None, Cell(_("Balances"), bold=True), None, ctx.money(st.contribution_balance), None,
                 ctx.money(st.loan_balance)])
    story.append(ctx.grid(columns, rows, width=width, font_size=8, bold_rows=[total_index],
                          shaded_rows=[total_index]))
    if st.loan_balance:
        story.append(Spacer(1, 6))
        story.append(ctx.para(_("Loan balance in words: {words}").format(words=ctx.words(st.loan_balance)),
                              color=colors.black))
    return build_pdf(ctx, _("Loan fund member statement"), story, page=page, subtitle=st.name)

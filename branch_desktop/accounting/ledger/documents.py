"""Ledger documents: the trial balance and the journal entry voucher.

Both are pure functions of the ledger's plain data types (``core.ledger.types``) returning PDF
bytes, in the language asked for, whatever language the GUI is showing.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib import colors
from reportlab.platypus import Flowable, Spacer

from branch_desktop.core.i18n import babel_locale
from branch_desktop.core.ledger.chain import short_digest
from branch_desktop.core.ledger.types import (
    TRIAL_BALANCE_HEADINGS,
    BranchInfo,
    EntryStatus,
    EntryView,
    TrialBalance,
)
from branch_desktop.core.texts import currency_name
from branch_desktop.printing.base import (
    A4_LANDSCAPE,
    A4_PORTRAIT,
    MUTED,
    Cell,
    Column,
    PrintContext,
    build_pdf,
)

INDENT_PER_LEVEL = 9.0  # points per level of the chart in the account column


def trial_balance_pdf(
    tb: TrialBalance,
    info: BranchInfo,
    lang: str,
    *,
    printed_at: dt.datetime | None = None,
) -> bytes:
    """The trial balance of a period on landscape A4.

    Columns: code, account, then the six amount columns of ``TrialBalanceRow.columns``: opening
    debit and credit balance, the period's debits and credits, debit and credit balance at the
    period's end (a balance is in one column or the other, never signed). Parent accounts are bold
    and children indented by their level; the totals row sums the postable accounts, so each
    debit/credit pair of totals is equal in sound books. The heading row repeats on every page.
    """
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    page = A4_LANDSCAPE

    columns = [Column(_("Code"), 0.85, "code"), Column(_("Account"), 3.3, "start")]
    columns += [Column(_(heading), 1.25, "number") for heading in TRIAL_BALANCE_HEADINGS]
    money = ctx.money_or_blank
    digits = ctx.digits
    rows: list[list[str | Cell | Flowable | None]] = []
    parents: list[int] = []
    for i, row in enumerate(tb.rows):
        if not row.is_postable:
            parents.append(i)
        rows.append(
            [
                digits(row.code),
                Cell(row.name, indent=row.level * INDENT_PER_LEVEL) if row.level else row.name,
                *(money(v) for v in row.columns()),
            ]
        )
    totals = tb.totals()
    total_index = len(rows)
    rows.append([None, _("Total"), *(ctx.money(v) for v in totals)])
    table = ctx.grid(
        columns,
        rows,
        width=page.frame_width,
        font_size=7.5,
        bold_rows=[*parents, total_index],
        shaded_rows=[total_index],
    )

    month = ctx.calendar.month_name(tb.period.month, babel_locale(lang))
    subtitle = _("{month} {year} ({start} to {end}), amounts in {currency}").format(
        month=month,
        year=digits(str(tb.period.year)),
        start=ctx.date(tb.start),
        end=ctx.date(tb.end),
        currency=currency_name(tb.currency_code, lang),
    )
    story: list[Flowable] = [table]
    if tb.total_debit != tb.total_credit:
        story.append(Spacer(1, 6))
        story.append(
            ctx.para(
                _("The trial balance does not balance: debits and credits differ by {amount}.").format(
                    amount=ctx.money(tb.total_debit - tb.total_credit)
                ),
                bold=True,
                color=colors.HexColor("#b3261e"),
            )
        )
    if tb.checkpoint:
        story.append(Spacer(1, 6))
        story.append(ctx.para(_("Chain digest: {digest}").format(digest=short_digest(tb.checkpoint))))
    return build_pdf(ctx, _("Trial balance"), story, page=page, subtitle=subtitle)


def journal_voucher_pdf(
    entry: EntryView,
    info: BranchInfo,
    lang: str,
    *,
    reversed_number: str | None = None,
    printed_at: dt.datetime | None = None,
) -> bytes:
    """A journal entry voucher on portrait A4.

    Shows the entry's number, date (pack calendar), journal, reference and description; the
    lines with account, memo, debit and credit; the total in figures and in words; who
    prepared and posted it; boxes for the signatures; and the entry's hash in small print.
    A reversing entry says which entry it reverses (``reversed_number`` is that entry's
    display number, when the caller knows it; otherwise its id) and why.
    """
    ctx = PrintContext.create(info, lang, printed_at)
    _ = ctx.gettext
    page = A4_PORTRAIT
    width = page.frame_width
    digits = ctx.digits

    is_reversal = entry.reverses_id is not None
    title = _("Reversal voucher") if is_reversal else _("Journal voucher")
    status = _("Posted") if entry.status is EntryStatus.POSTED else _("Draft (not posted)")
    number = entry.display_number or _("(no number: draft)")
    fields = [
        (_("Voucher no."), number),
        (_("Date"), ctx.date(entry.entry_date)),
        (_("Journal"), f"{entry.journal_name} ({digits(entry.journal_code)})"),
        (_("Fiscal year"), digits(str(entry.fiscal_year))),
        (_("Reference"), entry.reference or "-"),
        (_("Status"), status),
    ]
    story: list[Flowable] = [ctx.fields(fields, width=width), Spacer(1, 4)]

    if is_reversal:
        reversed_ref = reversed_number or _("entry #{id}").format(id=digits(str(entry.reverses_id)))
        story.append(
            ctx.para(
                _("This entry reverses {entry}.").format(entry=reversed_ref),
                bold=True,
                color=colors.HexColor("#b3261e"),
            )
        )
        if entry.reversal_reason:
            story.append(ctx.para(_("Reason: {reason}").format(reason=entry.reversal_reason)))
    if entry.reversed_by_id is not None:
        story.append(
            ctx.para(
                _("This entry has been reversed by entry #{id}.").format(
                    id=digits(str(entry.reversed_by_id))
                ),
                bold=True,
                color=colors.HexColor("#b3261e"),
            )
        )
    story.append(ctx.para(_("Description"), bold=True, space_before=2, space_after=0))
    story.append(ctx.para(ctx.text(entry.message, entry.description) or "-", space_after=6))

    columns = [
        Column(_("#"), 0.35, "code"),
        Column(_("Account code"), 0.9, "code"),
        Column(_("Account"), 2.4, "start"),
        Column(_("Memo"), 2.2, "start"),
        Column(_("Debit"), 1.3, "number"),
        Column(_("Credit"), 1.3, "number"),
    ]
    rows: list[list[str | Cell | Flowable | None]] = []
    for line in entry.lines:
        rows.append(
            [
                digits(str(line.line_no)),
                digits(line.account_code),
                line.account_name,
                line.memo,
                ctx.money_or_blank(line.debit),
                ctx.money_or_blank(line.credit),
            ]
        )
    total_debit = sum(line.debit for line in entry.lines)
    total_credit = sum(line.credit for line in entry.lines)
    total_index = len(rows)
    rows.append(
        [
            Cell(_("Total"), bold=True, align="end"),
            None,
            None,
            None,
            ctx.money(total_debit),
            ctx.money(total_credit),
        ]
    )
    story.append(
        ctx.grid(
            columns,
            rows,
            width=width,
            font_size=8.5,
            bold_rows=[total_index],
            shaded_rows=[total_index],
            extra_style=[("SPAN", (0, total_index + 1), (3, total_index + 1))],
        )
    )
    story.append(Spacer(1, 5))
    story.append(
        ctx.para(_("Amount in words: {words}").format(words=ctx.words(entry.total)), bold=True, space_after=8)
    )

    people = [(_("Prepared by"), entry.created_by or "-")]
    if entry.posted_by:
        posted = entry.posted_by
        if entry.posted_at:
            posted = _("{user} on {date}").format(user=posted, date=ctx.datetime(entry.posted_at))
        people.append((_("Posted by"), posted))
    story.append(ctx.fields(people, width=width))
    story.append(Spacer(1, 10))
    story.append(ctx.signature_boxes([_("Prepared by"), _("Checked by"), _("Approved by")], width=width))
    if entry.hash:
        story.append(Spacer(1, 8))
        story.append(
            ctx.para(_("Ledger hash: {hash}").format(hash=entry.hash), size=6.5, color=MUTED, space_after=0)
        )
    return build_pdf(ctx, title, story, page=page, subtitle=_("Voucher no. {number}").format(number=number))

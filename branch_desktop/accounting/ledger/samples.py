"""Hand-made ledger data for previewing documents without a database (tests, screenshots,
designing a new document).

``python -m branch_desktop.accounting.ledger.samples OUTDIR`` writes the sample trial balances and
vouchers of both packs, in their own language and in English, as PDF files.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from branch_desktop.core.calendar import Calendar, YearMonth
from branch_desktop.core.ledger.types import (
    BranchInfo,
    EntryStatus,
    EntryView,
    LineView,
    TrialBalance,
    TrialBalanceRow,
)

IR_BRANCH = BranchInfo(
    name="شعبه ۱۲ تهران (شهید بهشتی)",
    pack_code="ir_sso",
    organisation="سازمان تأمین اجتماعی",
    currency_code="IRR",
    currency_digits=0,
    calendar="jalali",
    address="تهران، خیابان شهید بهشتی، پلاک ۱۲۰",
)
TR_BRANCH = BranchInfo(
    name="Kadıköy Sosyal Güvenlik Merkezi",
    pack_code="tr_sgk",
    organisation="Sosyal Güvenlik Kurumu",
    currency_code="TRY",
    currency_digits=2,
    calendar="gregorian",
    address="Söğütlüçeşme Cad. No: 12, Kadıköy / İstanbul",
)

# (code, level, postable, Persian name, Turkish name)
CHART = [
    ("1", 0, False, "دارایی‌ها", "Varlıklar"),
    ("11", 1, False, "موجودی نقد و بانک", "Hazır değerler"),
    ("1101", 2, True, "صندوق شعبه", "Kasa"),
    ("1102", 2, True, "بانک ملت - حساب جاری ۴۵۶۷", "Ziraat Bankası vadesiz hesap"),
    ("13", 1, False, "حساب‌های دریافتنی", "Ticari alacaklar"),
    ("1301", 2, True, "مطالبات حق بیمه از کارفرمایان", "İşverenlerden prim alacakları"),
    ("1302", 2, True, "چک‌های دریافتنی", "Alınan çekler"),
    ("2", 0, False, "بدهی‌ها", "Yabancı kaynaklar"),
    ("2101", 1, True, "حساب‌های پرداختنی", "Satıcılar"),
    ("2102", 1, True, "مستمری‌های پرداختنی", "Ödenecek aylıklar"),
    ("3", 0, False, "حقوق صاحبان سرمایه", "Öz kaynaklar"),
    ("3101", 1, True, "مازاد انباشته", "Geçmiş yıllar kârları"),
    ("4", 0, False, "درآمدها", "Gelirler"),
    ("4101", 1, True, "درآمد حق بیمه", "Prim gelirleri"),
    ("4102", 1, True, "جریمه‌های دیرکرد (ماده ۱۰۰)", "Gecikme zammı gelirleri"),
    ("5", 0, False, "هزینه‌ها", "Giderler"),
    ("5101", 1, True, "حقوق و دستمزد کارکنان", "Personel ücretleri"),
    ("5102", 1, True, "هزینه‌های اداری", "Genel yönetim giderleri"),
]

# Postable balances for the sample period: (opening, period debit, period credit) in units.
BALANCES = {
    "1101": (15_000_000, 42_500_000, 40_000_000),
    "1102": (820_000_000, 2_185_500_000, 980_000_000),
    "1301": (2_340_000_000, 1_100_000_000, 1_230_000_000),
    "1302": (120_000_000, 95_000_000, 60_000_000),
    "2101": (-310_000_000, 150_000_000, 212_500_000),
    "2102": (-485_000_000, 480_000_000, 492_000_000),
    "3101": (-400_000_000, 0, 0),
    "4101": (-2_200_000_000, 0, 1_095_000_000),
    "4102": (-95_000_000, 0, 37_000_000),
    "5101": (150_000_000, 62_000_000, 0),
    "5102": (45_000_000, 31_500_000, 0),
}


def sample_trial_balance(pack: str = "ir_sso", *, extra_rows: int = 0) -> TrialBalance:
    """A small balanced trial balance; ``extra_rows`` adds that many sub-accounts (for size)."""
    fa = pack == "ir_sso"
    minor = 1 if fa else 100
    scale = 1 if fa else 1 / 50  # smaller figures in lira
    rows: list[TrialBalanceRow] = []

    def amount(value: float) -> int:
        return int(round(value * scale)) * minor

    for code, level, postable, fa_name, tr_name in CHART:
        opening, pdebit, pcredit = BALANCES.get(code, (0, 0, 0))
        rows.append(
            TrialBalanceRow(
                code=code,
                name=fa_name if fa else tr_name,
                level=level,
                is_postable=postable,
                opening=amount(opening),
                debit=amount(max(opening, 0) + pdebit),
                credit=amount(max(-opening, 0) + pcredit),
                period_debit=amount(pdebit),
                period_credit=amount(pcredit),
            )
        )
    # Parents carry the sum of their children.
    for i, row in enumerate(rows):
        if row.is_postable:
            continue
        kids = [r for r in rows[i + 1 :] if r.is_postable and r.code.startswith(row.code)]
        rows[i] = TrialBalanceRow(
            code=row.code,
            name=row.name,
            level=row.level,
            is_postable=False,
            opening=sum(r.opening for r in kids),
            debit=sum(r.debit for r in kids),
            credit=sum(r.credit for r in kids),
            period_debit=sum(r.period_debit for r in kids),
            period_credit=sum(r.period_credit for r in kids),
        )
    for n in range(extra_rows // 2):
        value = (n * 7919 % 100_000 + 1) * 1000 * minor
        base = "1301" if n % 2 else "2101"
        label = (
            f"کارفرما {n + 1} - کارگاه شماره {10_000 + n}" if fa else f"İşveren {n + 1} - işyeri {10_000 + n}"
        )
        rows.append(TrialBalanceRow(f"{base}{n:05d}", label, 3, True, 0, value, 0, value, 0))
        rows.append(TrialBalanceRow(f"4101{n:05d}", label, 2, True, 0, 0, value, 0, value))
    calendar = Calendar("jalali" if fa else "gregorian")
    period = YearMonth(1403, 7) if fa else YearMonth(2024, 10)
    start, end = calendar.month_bounds(period)
    return TrialBalance(period, start, end, "IRR" if fa else "TRY", tuple(rows))


def sample_entry(pack: str = "ir_sso", *, reversal: bool = False) -> EntryView:
    """A posted voucher: premium collected at the counter, or its reversal."""
    fa = pack == "ir_sso"
    minor = 1 if fa else 100
    amount = (125_400_000 if fa else 48_250) * minor + (0 if fa else 75)
    penalty = (3_600_000 if fa else 1_150) * minor
    if fa:
        lines = [
            ("1102", "بانک ملت - حساب جاری ۴۵۶۷", amount + penalty, 0, "واریز فیش ۹۸۷۶۵۴ (شعبه مرکزی)"),
            ("1301", "مطالبات حق بیمه از کارفرمایان", 0, amount, "کارفرما: شرکت نمونه سازان پارس، مهر ۱۴۰۳"),
            ("4102", "جریمه‌های دیرکرد (ماده ۱۰۰)", 0, penalty, "جریمه تأخیر پرداخت"),
        ]
        description = "وصول حق بیمه مهر ماه ۱۴۰۳ کارگاه ۱۲۳۴۵۶۷ به همراه جریمه دیرکرد"
        reason = "ثبت اشتباه شماره کارگاه"
        journal_name, user, poster = "دفتر روزنامه عمومی", "م. رضایی", "ع. کریمی"
        day = Calendar("jalali").to_gregorian(1403, 7, 15)
    else:
        lines = [
            ("1102", "Ziraat Bankası vadesiz hesap", amount + penalty, 0, "Dekont 987654 (Kadıköy şubesi)"),
            ("1301", "İşverenlerden prim alacakları", 0, amount, "İşveren: Örnek Yapı A.Ş., Ekim 2024"),
            ("4102", "Gecikme zammı gelirleri", 0, penalty, "Geç ödeme zammı"),
        ]
        description = "Ekim 2024 dönemi prim tahsilatı, 1234567 sicil no.lu işyeri, gecikme zammıyla"
        reason = "İşyeri sicil numarası yanlış girildi"
        journal_name, user, poster = "Genel yevmiye", "M. Şahin", "A. Yılmaz"
        day = dt.date(2024, 10, 15)
    if reversal:
        lines = [(c, n, cr, dr, m) for c, n, dr, cr, m in lines]
    views = tuple(
        LineView(i + 1, code, name, debit, credit, None, None, memo)
        for i, (code, name, debit, credit, memo) in enumerate(lines)
    )
    return EntryView(
        id=58 if reversal else 42,
        journal_code="JV",
        journal_name=journal_name,
        fiscal_year=1403 if fa else 2024,
        number=58 if reversal else 42,
        entry_date=day + dt.timedelta(days=3 if reversal else 0),
        description=description,
        reference="RC-1403-000981" if fa else "TB-2024-000981",
        status=EntryStatus.POSTED,
        reverses_id=42 if reversal else None,
        reversed_by_id=None,
        reversal_reason=reason if reversal else "",
        created_by=user,
        posted_by=poster,
        posted_at=dt.datetime.combine(day + dt.timedelta(days=3 if reversal else 0), dt.time(10, 42)),
        hash="9f2c4e1ab7d35086c1e4f0a29b8d7e6c5a4f3b2e1d0c9b8a7f6e5d4c3b2a1908",
        lines=views,
    )


def branch_for(pack: str) -> BranchInfo:
    return IR_BRANCH if pack == "ir_sso" else TR_BRANCH


def main(argv: list[str] | None = None) -> int:
    from branch_desktop.accounting.ledger.documents import journal_voucher_pdf, trial_balance_pdf

    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else ".")
    out.mkdir(parents=True, exist_ok=True)
    printed = dt.datetime(2024, 10, 20, 9, 30)
    for pack, own in (("ir_sso", "fa"), ("tr_sgk", "tr")):
        info = branch_for(pack)
        for lang in (own, "en"):
            tb = trial_balance_pdf(sample_trial_balance(pack), info, lang, printed_at=printed)
            (out / f"trial-balance-{lang}-{pack}.pdf").write_bytes(tb)
            jv = journal_voucher_pdf(sample_entry(pack), info, lang, printed_at=printed)
            (out / f"voucher-{lang}-{pack}.pdf").write_bytes(jv)
            rv = journal_voucher_pdf(
                sample_entry(pack, reversal=True),
                info,
                lang,
                reversed_number=sample_entry(pack).display_number,
                printed_at=printed,
            )
            (out / f"reversal-{lang}-{pack}.pdf").write_bytes(rv)
    print(f"wrote sample documents to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

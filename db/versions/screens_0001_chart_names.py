"""chart names: accounts misnamed in the packs' accounts.csv (issue 10, item 7)

Account 4220 (ir_sso) and 649.02 (tr_sgk) are income, yet were named an expense ("bounced cheque
charges" / "Karşılıksız Çek Masrafları"); a few other names did not say what the account is. A
branch keeps the names it was created with, so rows still carrying the old pack name are renamed
here; a name the branch changed itself is left alone.

Revision ID: screens_0001
Revises: shell_0001
"""
from alembic import op
import sqlalchemy as sa


revision = 'screens_0001'
down_revision = 'shell_0001'
branch_labels = None
depends_on = None

# (code, old name, old English name, new name, new English name)
RENAMES = (
    ("4220", "هزینه چک‌های برگشتی", "Bounced cheque charges",
     "درآمد کارمزد چک‌های برگشتی", "Bounced cheque charge income"),
    ("2160", "بیمه وام کارگشایی", "Loan-fund loan insurance",
     "بیمه وام کارگشایی پرداختنی", "Loan-fund loan insurance payable"),
    ("1320", "وام کارگشایی کارکنان", "Staff loan-fund loans receivable",
     "مطالبات وام کارگشایی از کارکنان", "Staff loan-fund loans receivable"),
    ("4310", "کارمزد وام کارگشایی", "Loan-fund loan fees",
     "درآمد کارمزد وام کارگشایی", "Loan-fund loan fee income"),
    ("1400", "بانک رفاه کارگران - جاری حقوق", "Bank Refah current (salaries)",
     "بانک رفاه کارگران - جاری ۱۴۰۰ (حقوق)", "Bank Refah current 1400 (salaries)"),
    ("649.02", "Karşılıksız Çek Masrafları", "Bounced cheque charges",
     "Karşılıksız Çek Masraf Gelirleri", "Bounced cheque charge income"),
    ("649.03", "Kredi Komisyonları", "Loan fees", "Kredi Komisyon Gelirleri", "Loan fee income"),
    ("649", "Diğer Gelirler", "Other income", "Diğer Olağan Gelir ve Kârlar", "Other ordinary income"),
    ("369", "Diğer Kesintiler", "Other deductions", "Ödenecek Diğer Yükümlülükler", "Other payables"),
    ("369.02", "Diğer Kesintiler", "Other deductions payable",
     "Ödenecek Diğer Kesintiler", "Other deductions payable"),
    ("369.03", "Kredi Sigortası", "Loan insurance payable", "Ödenecek Kredi Sigortası", "Loan insurance payable"),
)

accounts = sa.table("accounts", sa.column("code", sa.String), sa.column("name", sa.String),
                    sa.column("name_en", sa.String))


def _rename(old_index: int, new_index: int) -> None:
    for row in RENAMES:
        op.execute(
            accounts.update()
            .where(accounts.c.code == row[0], accounts.c.name == row[old_index])
            .values(name=row[new_index], name_en=row[new_index + 1])
        )


def upgrade() -> None:
    _rename(1, 3)


def downgrade() -> None:
    _rename(3, 1)

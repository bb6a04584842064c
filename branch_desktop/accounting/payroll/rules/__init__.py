"""Pay rules: pure functions of an employee's terms (from the decree in force) and the pack's dated
parameters and tables, returning ``Decimal`` pay lines rounded to the currency's unit; the checks
of a file and a decree. No database, no Qt. Split by subject; the public names are re-exported
here (callers use ``rules.compute_pay``, ``rules.POSTS``...).

Two rule sets share the earnings side (base pay from the 20-group table, allowances by post and
group, housing): the Iranian deductions (employee social-insurance share, monthly salary tax
brackets) and the Turkish ones (SGK employee 14 % + unemployment 1 % up to the ceiling, income tax
on the cumulative annual base, stamp duty, the minimum-wage exemption from both taxes).
"""

from branch_desktop.accounting.payroll.rules.bonuses import (
    KaranehIndicators,
    ProductivityScore,
    karaneh_bonus,
    karaneh_points,
    productivity_bonus,
    productivity_days,
)
from branch_desktop.accounting.payroll.rules.lines import (
    EDUCATION,
    EMPLOYER_CREDIT,
    EMPLOYMENT_TYPES,
    HOUSING_SITUATIONS,
    LINE_ORDER,
    LINE_TYPES,
    MANAGEMENT_POSTS,
    ONE,
    OWN_ATTRACTION,
    POSTS,
    ZERO,
    LoanDeduction,
    PayLine,
    PayResult,
    PayTerms,
    line_account_role,
    line_kind,
    line_label,
)
from branch_desktop.accounting.payroll.rules.loans import LoanTerms, late_penalty, loan_terms
from branch_desktop.accounting.payroll.rules.pay import (
    GroupDue,
    allowance_rate,
    base_pay,
    compute_pay,
    continuous_pay,
    earnings,
    group_progression,
    housing_allowance,
    is_turkish,
    loan_fund_contributions,
    minimum_wage_tax_exemption,
    months_between,
    pay_day,
    tax_brackets,
    tax_on,
)
from branch_desktop.accounting.payroll.rules.staff import (
    check_decree,
    check_employee,
    clean_national_id,
    clean_staff_iban,
)
from branch_desktop.accounting.payroll.states import LineKind

__all__ = [
    "EDUCATION", "EMPLOYER_CREDIT", "EMPLOYMENT_TYPES", "HOUSING_SITUATIONS", "LINE_ORDER", "LINE_TYPES",
    "MANAGEMENT_POSTS", "ONE", "OWN_ATTRACTION", "POSTS", "ZERO", "GroupDue", "KaranehIndicators", "LineKind",
    "LoanDeduction", "LoanTerms", "PayLine", "PayResult", "PayTerms", "ProductivityScore", "allowance_rate",
    "base_pay", "check_decree", "check_employee", "clean_national_id", "clean_staff_iban", "compute_pay",
    "continuous_pay", "earnings", "group_progression", "housing_allowance", "is_turkish", "karaneh_bonus",
    "karaneh_points", "late_penalty", "line_account_role", "line_kind", "line_label", "loan_fund_contributions",
    "loan_terms", "minimum_wage_tax_exemption", "months_between", "pay_day", "productivity_bonus",
    "productivity_days", "tax_brackets", "tax_on",
]

"""Payroll, the staff loan fund and payslips (issue 6)."""

"""Accounting: bank accounts, statements, reconciliation, cheques issued, payroll, loan fund."""

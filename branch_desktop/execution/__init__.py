"""Execution: debts, notices, enforcement orders, instalments, penalties."""

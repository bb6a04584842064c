"""Revenue: employer files, declarations, premium accrual, counter receipts, cheques received."""

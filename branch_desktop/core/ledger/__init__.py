"""The double-entry kernel: accounts, journals, entries, posting, numbering, periods, hash chain."""

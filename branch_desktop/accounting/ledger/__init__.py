"""The ledger's screens and outputs in Accounting: journal, entry form and detail, chart of
accounts, periods, trial balance and account ledger pages (``views/``), the voucher and trial
balance PDFs (``documents.py``) and the trial balance workbook (``exports.py``). The kernel they
show (posting, numbering, periods, chain) is ``core.ledger``."""

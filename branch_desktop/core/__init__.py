"""The shared kernel: money, calendars, localisation, identifiers, storage, ledger, packs, security.

Nothing here imports Qt or any department.
"""

"""Readers of the files employers hand in (declarations)."""

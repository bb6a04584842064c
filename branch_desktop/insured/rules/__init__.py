"""Benefit rules: pure functions of a case and the pack's dated figures, each returning its trace."""

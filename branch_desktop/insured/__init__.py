"""Insured affairs: insured persons, service records, benefits, payment documents."""

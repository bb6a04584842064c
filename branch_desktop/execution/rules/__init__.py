"""Pure rules of the execution unit (no database, no Qt, no I/O)."""

"""Escaping for the files reports write: see `standoff.escape` (kept there so every layer can use it)."""

from standoff.escape import FORMULA_PREFIXES, csv_safe_cell, csv_safe_row, csv_unescape_cell, terminal_safe

__all__ = ["FORMULA_PREFIXES", "csv_safe_cell", "csv_safe_row", "csv_unescape_cell", "terminal_safe"]

"""Escaping text the tool did not write itself: CSV cells for spreadsheets, text for terminals.

Pure functions of strings, importable from every layer (like `standoff.errors`).

- `csv_safe_cell`: a text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
  return gets a leading apostrophe, so a spreadsheet shows it as text instead of running it
  as a formula (`=HYPERLINK(...)`). Numbers are left alone: a negative longitude stays a
  number. `csv_unescape_cell` removes that apostrophe again when the tool reads a CSV back.
- `terminal_safe`: control characters (C0 but newline and tab, DEL, C1) and the bidi
  overrides that reorder what a reader sees are removed before anything reaches a terminal.
"""

from __future__ import annotations

import re
from typing import TypeVar

__all__ = ["FORMULA_PREFIXES", "csv_safe_cell", "csv_safe_row", "csv_unescape_cell", "terminal_safe"]

#: A text cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def csv_safe_cell(value: T) -> T | str:
    """`value` with a leading apostrophe if it is text a spreadsheet would run as a formula.

    Anything that is not a `str` (numbers, None, dates) is returned unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_safe_row(row: dict[str, T]) -> dict[str, T | str]:
    """`csv_safe_cell` applied to every value of a CSV row."""
    return {k: csv_safe_cell(v) for k, v in row.items()}


def csv_unescape_cell(value: str) -> str:
    """Undo `csv_safe_cell` on a cell read back from a CSV this tool (or a spreadsheet) wrote."""
    if value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def terminal_safe(text: str) -> str:
    """`text` without terminal control characters or bidi overrides (newline and tab kept)."""
    return _CONTROL.sub("", text)

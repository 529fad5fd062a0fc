"""Writing outside text into spreadsheet cells safely: one rule for every XLSX export.

Two things can go wrong with text that people typed or imported:

- a value starting with "=", "+", "-", "@", a tab or a carriage return is run by a spreadsheet as a
  formula (formula injection): it gets a leading apostrophe, which Excel and LibreOffice show as
  plain text;
- control characters (other than tab, newline and carriage return) are not allowed in the XML of
  an XLSX file, and openpyxl refuses the whole workbook on one of them: they become spaces.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The characters XML 1.0 does not allow (the same set openpyxl refuses).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value: Any) -> Any:
    """`value` as it may be written to a cell: no formula, no illegal control characters."""
    if not isinstance(value, str):
        return value
    value = _ILLEGAL.sub(" ", value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """Undo `safe_cell`'s apostrophe, so an exported file imports back to the same text."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value

"""CSV cells that a spreadsheet opens as text: a cell beginning with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return would run as a formula in Excel or LibreOffice (CSV injection), so
such a cell gets a leading apostrophe, as OWASP recommends."""

from __future__ import annotations

from typing import Final, TypeVar

T = TypeVar("T")
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: T) -> T | str:
    """``value`` itself, or a text that starts like a formula with ``'`` in front."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value

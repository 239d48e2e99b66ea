"""Text clean-up shared by every parser: invisible characters, digits, separators, Luhn."""

from __future__ import annotations

import re
import unicodedata

from safemekong.identifiers.base import Reject

#: Characters that pasted text carries but no identifier contains.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"), None)

#: First code point (the digit zero) of the decimal digit blocks analysts in the region paste.
_DIGIT_ZEROS: tuple[int, ...] = (
    0x0E50,  # Thai
    0x0ED0,  # Lao
    0x1040,  # Myanmar
    0x1090,  # Myanmar Shan
    0x17E0,  # Khmer
    0x0660,  # Arabic-Indic
    0x06F0,  # Extended Arabic-Indic
    0x0966,  # Devanagari
)
_TO_ASCII_DIGITS = {zero + n: ord("0") + n for zero in _DIGIT_ZEROS for n in range(10)}

#: What people put between groups of digits: spaces, hyphens and dashes, dots, slashes.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−./]+")
_DIGITS = re.compile(r"[0-9]+")
_NAME_NOISE = re.compile(r"[\s.\-_'’&]+")
_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(text: str) -> bool:
    """False for text with a lone surrogate (JSON's ``\\udc80`` escapes carry them): no codec
    writes it, so a store or a hash would fail on it later."""
    return text.isascii() or not _SURROGATE.search(text)


def clean(raw: str) -> str:
    """Strip surrounding space and the invisible characters pasted text carries."""
    text = raw.strip()
    return text if text.isascii() else text.translate(_INVISIBLE).strip()


def fold_width(text: str) -> str:
    """NFKC: full-width forms (``０８１``, ``＠``, ``：``) become their ASCII twins.

    Not for URLs: NFKC rewrites some path characters into spaces and combining marks.
    """
    return text if text.isascii() else unicodedata.normalize("NFKC", text).strip()


def ascii_digits(text: str) -> str:
    """Replace Thai, Lao, Myanmar, Khmer … digits by ASCII digits."""
    return text if text.isascii() else text.translate(_TO_ASCII_DIGITS)


def digits(text: str, what: str = "number") -> str:
    """The digits of ``text`` once separators are removed; Reject if anything else is left."""
    compact = _SEPARATORS.sub("", ascii_digits(text))
    if not compact:
        raise Reject(f"empty {what}")
    if not _DIGITS.fullmatch(compact):
        raise Reject(f"a {what} has only digits (and spaces, hyphens, dots or slashes)")
    return compact


def compact(text: str) -> str:
    """``text`` with separators removed and digits made ASCII (letters are kept)."""
    return _SEPARATORS.sub("", ascii_digits(text))


def luhn_valid(number: str) -> bool:
    """True when the digit string passes the Luhn (mod 10) check used by card numbers."""
    total = 0
    for position, char in enumerate(reversed(number)):
        value = ord(char) - 48
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def split_label(text: str) -> tuple[str, str] | None:
    """Split ``label: value`` (ASCII or full-width colon) into a folded label and the value."""
    head, sep, tail = text.partition(":")
    if not sep:
        return None
    return fold(head), tail.strip()


def fold(name: str) -> str:
    """A lookup form of a name: case-folded, without spaces, dots, hyphens and apostrophes."""
    return _NAME_NOISE.sub("", name.casefold())

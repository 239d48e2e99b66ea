"""Watch-list entries and the small value parsers they share (dates, countries, gender)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any, Final

import pycountry

from safemekong.errors import InvalidInput


class ListKind(StrEnum):
    """A subject list names people to stop; a missing-person list names possible victims."""

    SUBJECT = "subject"
    MISSING_PERSON = "missing-person"


#: What a hit means to the officer, per kind of list (shown with every match).
ACTIONS: Final[dict[ListKind, str]] = {
    ListKind.SUBJECT: "possible subject: hold and refer to the listing agency",
    ListKind.MISSING_PERSON: (
        "possible trafficking victim: refer to victim protection, do not arrest"
    ),
}

SCHEMAS: Final = ("Person", "Organization", "Other")


@dataclass
class Entry:
    """One listed person or organisation, as imported (before storage)."""

    external_id: str
    name: str
    schema: str = "Person"
    aliases: list[str] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    gender: str | None = None
    documents: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)
    reason: str = ""

    def all_names(self) -> list[str]:
        """The name, then aliases, then weak aliases, without repeats."""
        return list(dict.fromkeys([self.name, *self.aliases, *self.weak_aliases]))

    def to_row(self) -> dict[str, Any]:
        return {
            "external_id": self.external_id[:200],
            "schema": self.schema,
            "name": self.name[:500],
            "aliases": _dedupe(self.aliases, self.name),
            "weak_aliases": _dedupe(self.weak_aliases, self.name),
            "birth_dates": list(dict.fromkeys(self.birth_dates)),
            "nationalities": list(dict.fromkeys(self.nationalities)),
            "gender": self.gender,
            "documents": list(dict.fromkeys(self.documents)),
            "addresses": list(dict.fromkeys(self.addresses)),
            "identifiers": list(dict.fromkeys(self.identifiers)),
            "reason": self.reason,
        }


def _dedupe(names: list[str], primary: str) -> list[str]:
    return [n for n in dict.fromkeys(n.strip() for n in names) if n and n != primary]


_MONTHS: Final = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_ISO_DATE: Final = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DMY: Final = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]{3})[a-z]*\.?\s+(\d{4})$")
_DMY_NUMERIC: Final = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


def parse_date(raw: str, field_name: str = "birth_date") -> str:
    """A date of birth as ISO text of the precision given: ``1952``, ``1952-09``, ``1952-09-16``.

    Accepts ISO dates, ``16 Sep 1952``, ``Sep 1952``, ``16.09.1952`` (day first) and
    ``circa 1960``; raises InvalidInput naming ``field_name`` otherwise.
    """
    text = raw.strip().lower().removeprefix("circa").removeprefix("c.").strip()
    text = text.removeprefix("approximately").strip()
    year: int
    month: int | None = None
    day: int | None = None
    if m := _ISO_DATE.match(text):
        year = int(m.group(1))
        month = int(m.group(2)) if m.group(2) else None
        day = int(m.group(3)) if m.group(3) else None
    elif m := _DMY.match(text):
        month = _MONTHS.get(m.group(2)[:3].lower())
        if month is None:
            raise InvalidInput(field_name, f"unknown month in {raw!r}")
        day = int(m.group(1)) if m.group(1) else None
        year = int(m.group(3))
    elif m := _DMY_NUMERIC.match(text):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        raise InvalidInput(field_name, f"not a date: {raw!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    if not 1850 <= year <= 2100:
        raise InvalidInput(field_name, f"year out of range in {raw!r}")
    try:
        if day is not None and month is not None:
            return date(year, month, day).isoformat()
        if month is not None:
            date(year, month, 1)
            return f"{year:04d}-{month:02d}"
    except ValueError as exc:
        raise InvalidInput(field_name, f"not a valid date: {raw!r}") from exc
    return f"{year:04d}"


_COUNTRY_ALIASES: Final = {
    "burma": "MM",
    "myanmar": "MM",
    "laos": "LA",
    "vietnam": "VN",
    "viet nam": "VN",
    "russia": "RU",
    "south korea": "KR",
    "north korea": "KP",
    "democratic people's republic of korea": "KP",
    "iran": "IR",
    "syria": "SY",
    "taiwan": "TW",
    "macau": "MO",
    "macao": "MO",
    "hong kong": "HK",
    "palestine": "PS",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "turkey": "TR",
    "uk": "GB",
    "united kingdom": "GB",
    "usa": "US",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "east timor": "TL",
    "cape verde": "CV",
    "swaziland": "SZ",
    "czech republic": "CZ",
    "macedonia": "MK",
    "gambia": "GM",
    "brunei": "BN",
    "moldova": "MD",
    "congo": "CG",
    "democratic republic of the congo": "CD",
    "vatican city": "VA",
    "micronesia": "FM",
    "united states": "US",
}


#: Longest country text read (the longest English country name has 44 characters).
MAX_COUNTRY_CHARS: Final = 100


@lru_cache(maxsize=4096)
def parse_country(raw: str, field_name: str = "nationality") -> str:
    """ISO 3166 alpha-2 code for a code or an English country name (``China`` → ``CN``)."""
    if len(raw) > MAX_COUNTRY_CHARS:  # also bounds the prefixes stripped one call at a time
        raise InvalidInput(field_name, f"a country has at most {MAX_COUNTRY_CHARS} characters")
    text = raw.strip().strip(".").strip()
    key = text.lower()
    if key in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[key]
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        pass
    for prefix in ("the ", "republic of "):
        if key.startswith(prefix):
            return parse_country(text[len(prefix) :], field_name)
    matches = [c for c in pycountry.countries if key and key in c.name.lower()]
    if len(matches) == 1:
        return str(matches[0].alpha_2)
    raise InvalidInput(field_name, f"unknown country {raw!r}")


def parse_gender(raw: str, field_name: str = "gender") -> str | None:
    """``male``, ``female`` or None for empty/unknown markers."""
    text = raw.strip().lower()
    if text in ("", "-", "unknown", "u", "x", "other"):
        return None
    if text in ("m", "male", "man"):
        return "male"
    if text in ("f", "female", "woman"):
        return "female"
    raise InvalidInput(field_name, f"use male, female or leave empty, not {raw!r}")


def normalize_document(raw: str) -> str:
    """Document numbers compare without spaces, dashes or case."""
    return re.sub(r"[^0-9A-Za-z]", "", raw).upper()


def identifier_key(raw: str, field_name: str = "identifiers") -> str:
    """The hub's canonical key of a linked identifier (phone, wallet, e-mail, URL …)."""
    from safemekong.identifiers import IdentifierError, parse

    try:
        return parse("auto", raw.strip()).key
    except IdentifierError as exc:
        raise InvalidInput(field_name, f"{raw!r}: {exc}") from exc

"""ISO 3166 alpha-2 country codes, checked against pycountry's table (loaded once)."""

from __future__ import annotations

import pycountry

from safemekong.identifiers.base import Reject

COUNTRY_CODES: frozenset[str] = frozenset(country.alpha_2 for country in pycountry.countries)


def country(code: str, what: str = "country") -> str:
    """The upper-case ISO 3166 alpha-2 code, or Reject naming ``what`` was wrong."""
    upper = code.strip().upper()
    if upper not in COUNTRY_CODES:
        raise Reject(f"{what} {code!r} is not an ISO 3166 alpha-2 country code")
    return upper


def region(default_region: str | None) -> str | None:
    """Check an optional ``default_region`` argument."""
    return None if default_region is None else country(default_region, "default_region")

"""TLP 2.0 (FIRST) markings, ordered from least to most restrictive."""

from __future__ import annotations

from enum import StrEnum

from safemekong.errors import InvalidInput


class TLP(StrEnum):
    CLEAR = "CLEAR"
    GREEN = "GREEN"
    AMBER = "AMBER"
    AMBER_STRICT = "AMBER+STRICT"
    RED = "RED"

    @property
    def rank(self) -> int:
        """0 for CLEAR up to 4 for RED: the strictest of combined parts wins."""
        return list(TLP).index(self)


#: Markings any member agency of the hub may read (community-wide).
COMMUNITY_TLPS: frozenset[TLP] = frozenset({TLP.CLEAR, TLP.GREEN})


def parse_tlp(raw: object, field: str = "tlp") -> TLP:
    """A TLP from ``AMBER``, ``tlp:amber``, ``TLP:AMBER+STRICT`` …; WHITE is the old CLEAR."""
    if not isinstance(raw, str):
        raise InvalidInput(field, "must be a string such as 'AMBER'")
    value = raw.strip().upper().removeprefix("TLP:")
    if value == "WHITE":
        return TLP.CLEAR
    try:
        return TLP(value)
    except ValueError:
        allowed = ", ".join(t.value for t in TLP)
        raise InvalidInput(field, f"unknown TLP {raw!r}; use one of {allowed}") from None

"""Helpers shared by the identifier tests."""

from __future__ import annotations

from typing import TypeVar

from safemekong.identifiers import Identifier, parse

T = TypeVar("T", bound=Identifier)


def parse_as(cls: type[T], raw: str, region: str | None = None) -> T:
    """Parse ``raw`` as ``cls``'s type and check the value type that comes back."""
    ident = parse(cls.type, raw, region)
    assert isinstance(ident, cls)
    return ident

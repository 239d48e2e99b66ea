"""The Identifier base value type and the one error every parser raises."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import ClassVar

Detail = str | bool | int | None

#: Every raw input longer than this is rejected before any work is done.
MAX_RAW_CHARS = 4096

#: The identifier types, in the order the documentation lists them.
IDENTIFIER_TYPES: tuple[str, ...] = (
    "phone",
    "url",
    "domain",
    "handle",
    "bank",
    "wallet",
    "email",
    "image",
    "document",
)

_SHOWN_RAW_CHARS = 80


class IdentifierError(ValueError):
    """Raised when a raw value is not a valid identifier of the asked type.

    ``type`` is the identifier type asked for (or ``"auto"``), ``raw`` the input as given and
    ``reason`` a sentence for a person; ``str()`` is ``"<type> '<raw>': <reason>"``.
    """

    def __init__(self, type: str, raw: object, reason: str) -> None:
        self.type = type
        self.raw = raw if isinstance(raw, str) else repr(raw)
        self.reason = reason
        shown = self.raw if len(self.raw) <= _SHOWN_RAW_CHARS else self.raw[:_SHOWN_RAW_CHARS] + "…"
        super().__init__(f"{type} {shown!r}: {reason}")

    def __reduce__(self) -> tuple[type[IdentifierError], tuple[str, str, str]]:
        return (IdentifierError, (self.type, self.raw, self.reason))


class Reject(Exception):
    """Internal signal: a parser's reason for refusing; the dispatcher adds type and raw."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, eq=False)
class Identifier:
    """A canonical identifier: frozen, hashable, equal to another when their keys are equal.

    Subclasses set ``type`` and add their details as keyword-only fields; :meth:`details`
    returns those fields, so a subclass declares its details once.
    """

    type: ClassVar[str] = ""
    _NOT_DETAILS: ClassVar[frozenset[str]] = frozenset({"canonical", "guessed"})

    canonical: str
    guessed: bool = field(default=False, compare=False, kw_only=True)

    @cached_property
    def key(self) -> str:
        """The canonical text key ``type:canonical`` that the store indexes."""
        return f"{self.type}:{self.canonical}"

    def details(self) -> dict[str, Detail]:
        """Type-specific fields (JSON-safe)."""
        return {
            f.name: getattr(self, f.name) for f in fields(self) if f.name not in self._NOT_DETAILS
        }

    def to_json(self) -> dict[str, Detail]:
        """``{"type", "canonical", "key", **details()}``."""
        return {"type": self.type, "canonical": self.canonical, "key": self.key, **self.details()}

    def implied(self) -> tuple[Identifier, ...]:
        """Identifiers that a sighting of this one also reveals (none by default)."""
        return ()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Identifier):
            return NotImplemented
        return self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __str__(self) -> str:
        return self.key

"""SafeMekong's one exception tree.

Every error the package raises on purpose derives from :class:`SafeMekongError`. Each class
carries a stable ``slug`` (the last part of the RFC 9457 ``type`` URI the API returns) and an
HTTP status, so front doors map them without knowing the capability that raised them:

- :class:`InvalidInput` (422): a value or field is wrong; names the field and the reason.
  (:class:`safemekong.identifiers.IdentifierError` lives in the leaf identifiers package, which
  imports nothing of SafeMekong; :func:`from_identifier_error` turns it into an InvalidInput.)
- :class:`BatchRejected` (422): every item of a batch was rejected; carries each item's errors.
- :class:`NotAuthenticated` (401), :class:`Forbidden` (403), :class:`NotFound` (404),
  :class:`Conflict` (409), :class:`TooLarge` (413), :class:`RateLimited` (429, with the
  seconds to wait in a ``Retry-After`` header).
- :class:`StoreError` (503): the database could not be reached or failed; library errors
  (SQLAlchemy, psycopg) are wrapped into it where they enter.
"""

from __future__ import annotations

from typing import Any


class SafeMekongError(Exception):
    """Base of every error SafeMekong raises on purpose."""

    slug = "error"
    status = 500
    title = "SafeMekong error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    def extra(self) -> dict[str, Any]:
        """Machine-readable members added to the problem document."""
        return {}

    def headers(self) -> dict[str, str]:
        """HTTP headers the answer carries."""
        return {}


class InvalidInput(SafeMekongError):
    """A value given by the caller is invalid; ``field`` names where it was."""

    slug = "invalid-input"
    status = 422
    title = "Invalid input"

    def __init__(self, field: str, reason: str, more: list[dict[str, str]] | None = None) -> None:
        super().__init__(f"{field}: {reason}" if field else reason)
        self.field = field
        self.reason = reason
        self.errors = [{"field": field, "reason": reason}, *(more or [])]

    @classmethod
    def of(cls, errors: list[dict[str, str]]) -> InvalidInput:
        """One error for several ``{"field", "reason"}`` problems found in the same item."""
        first, *rest = errors
        return cls(first["field"], first["reason"], rest)

    def extra(self) -> dict[str, Any]:
        return {"errors": self.errors}


class BatchRejected(SafeMekongError):
    """No item of a batch was accepted; ``rejected`` lists each item's errors."""

    slug = "batch-rejected"
    status = 422
    title = "Every item was rejected"

    def __init__(self, rejected: list[dict[str, Any]]) -> None:
        super().__init__(f"all {len(rejected)} item(s) were rejected")
        self.rejected = rejected

    def extra(self) -> dict[str, Any]:
        return {"rejected": self.rejected}


class NotAuthenticated(SafeMekongError):
    slug = "not-authenticated"
    status = 401
    title = "Authentication required"


class Forbidden(SafeMekongError):
    slug = "forbidden"
    status = 403
    title = "Not allowed"


class NotFound(SafeMekongError):
    slug = "not-found"
    status = 404
    title = "Not found"


class Conflict(SafeMekongError):
    slug = "conflict"
    status = 409
    title = "Conflict"


class TooLarge(SafeMekongError):
    slug = "too-large"
    status = 413
    title = "Input too large"


class RateLimited(SafeMekongError):
    """The caller is over ``limit``; it may try again in ``retry_after`` seconds."""

    slug = "rate-limited"
    status = 429
    title = "Too many requests"

    def __init__(self, detail: str, limit: str, retry_after: int) -> None:
        super().__init__(detail)
        self.limit = limit
        self.retry_after = retry_after

    def extra(self) -> dict[str, Any]:
        return {"limit": self.limit, "retry_after": self.retry_after}

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


class StoreError(SafeMekongError):
    slug = "store-unavailable"
    status = 503
    title = "Store unavailable"


def from_identifier_error(field: str, error: Exception) -> InvalidInput:
    """Wrap an identifier parsing error as an InvalidInput naming ``field``."""
    return InvalidInput(field, str(error))

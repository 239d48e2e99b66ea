"""E-mail addresses via ``email-validator``, offline; canonical form is lower-case, IDNA domain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from email_validator import EmailNotValidError, validate_email

from safemekong.identifiers.base import Identifier, Reject
from safemekong.identifiers.web import refang

_MAX_CHARS = 320


@dataclass(frozen=True, eq=False, kw_only=True)
class EmailAddress(Identifier):
    """An e-mail address (``someone@example.com``); implies nothing."""

    type: ClassVar[str] = "email"

    local_part: str
    domain: str
    unicode_domain: str


def parse_email(text: str, default_region: str | None = None) -> EmailAddress:
    """Parse an e-mail address (``mailto:`` and defanged ``[@]``/``[.]`` forms accepted)."""
    text = refang(text)
    if text[:7].lower() == "mailto:":
        text = text[7:].partition("?")[0]
    if len(text) > _MAX_CHARS:
        raise Reject(f"an e-mail address has at most {_MAX_CHARS} characters")
    try:
        valid = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise Reject(str(exc)) from exc
    local = valid.local_part.lower()
    domain = valid.ascii_domain.lower()
    return EmailAddress(
        f"{local}@{domain}",
        local_part=local,
        domain=domain,
        unicode_domain=valid.domain.lower(),
    )

"""The one way in: ``parse(type, raw, default_region)``, ``parse_key`` and ``image_from_bytes``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from safemekong.identifiers.auto import guess
from safemekong.identifiers.bank import parse_bank
from safemekong.identifiers.base import (
    IDENTIFIER_TYPES,
    MAX_RAW_CHARS,
    Identifier,
    IdentifierError,
    Reject,
)
from safemekong.identifiers.document import parse_document
from safemekong.identifiers.email import parse_email
from safemekong.identifiers.handle import parse_handle
from safemekong.identifiers.image import ImageHash, hash_image, parse_image
from safemekong.identifiers.phone import parse_phone
from safemekong.identifiers.regions import region as check_region
from safemekong.identifiers.text import clean, fold_width, valid_unicode
from safemekong.identifiers.wallet import parse_wallet
from safemekong.identifiers.web import parse_domain, parse_url

AUTO = "auto"

#: The parser of each identifier type; each takes cleaned text and the default region.
PARSERS: dict[str, Callable[[str, str | None], Identifier]] = {
    "phone": parse_phone,
    "url": parse_url,
    "domain": parse_domain,
    "handle": parse_handle,
    "bank": parse_bank,
    "wallet": parse_wallet,
    "email": parse_email,
    "image": parse_image,
    "document": parse_document,
}
assert tuple(PARSERS) == IDENTIFIER_TYPES

#: Types whose text is NFKC-folded before parsing. Not URLs (their paths keep their characters)
#: nor domains (which take URLs; IDNA's own mapping folds the host).
WIDTH_FOLDED: frozenset[str] = frozenset(IDENTIFIER_TYPES) - {"url", "domain"}

#: How many recent distinct inputs keep their parsed value (reports repeat identifiers).
CACHE_SIZE = 16384


def parse(type: str, raw: str, default_region: str | None = None) -> Identifier:
    """Parse ``raw`` as an identifier of ``type`` (or ``"auto"``: guess) into its canonical value.

    ``raw`` may be the canonical key. ``default_region`` (ISO 3166 alpha-2) applies to phone
    numbers without a country code and bank accounts without a country. Raises
    :class:`IdentifierError` naming the reason.
    """
    kind = type.strip().lower() if isinstance(type, str) else repr(type)
    if kind != AUTO and kind not in PARSERS:
        choices = ", ".join((*IDENTIFIER_TYPES, AUTO))
        raise IdentifierError(kind, raw, f"unknown identifier type (one of {choices})")
    if not isinstance(raw, str):
        raise IdentifierError(kind, raw, "expected text")
    if len(raw) > MAX_RAW_CHARS:
        raise IdentifierError(kind, raw, f"longer than {MAX_RAW_CHARS} characters")
    if not valid_unicode(raw):
        raise IdentifierError(kind, raw, "not valid Unicode text (a lone surrogate)")
    if default_region is not None and not isinstance(default_region, str):
        raise IdentifierError(kind, raw, "default_region must be text")
    try:
        return _parse(kind, raw, default_region)
    except _Failed as failed:
        raise IdentifierError(failed.type, raw, failed.reason) from None


def parse_key(key: str) -> Identifier:
    """Parse a canonical key strictly: the key out must be the key in."""
    kind = key.partition(":")[0] if isinstance(key, str) else ""
    if kind not in PARSERS:
        raise IdentifierError("key", key, "not a canonical key (<type>:<value>)")
    identifier = parse(kind, key)
    if identifier.key != key:
        raise IdentifierError(
            kind, key, f"not a canonical key; the canonical key is {identifier.key}"
        )
    return identifier


def image_from_bytes(data: bytes) -> ImageHash:
    """The ``image:sha256:…`` identifier of an image, with its pHash in details and implied()."""
    try:
        return hash_image(data)
    except Reject as exc:
        shown = f"<{len(data)} bytes>" if isinstance(data, bytes | bytearray) else data
        raise IdentifierError("image", shown, exc.reason) from None


class _Failed(Exception):
    def __init__(self, type: str, reason: str) -> None:
        super().__init__(reason)
        self.type = type
        self.reason = reason


@lru_cache(maxsize=CACHE_SIZE)
def _parse(kind: str, raw: str, default_region: str | None) -> Identifier:
    failed_type = kind
    try:
        region = check_region(default_region)
        text = clean(raw)
        if not text:
            raise Reject("empty")
        if kind == AUTO:
            prefix = text.partition(":")[0].lower()
            if prefix in PARSERS:
                failed_type = prefix
                return replace(_typed(prefix, text, region), guessed=True)
            return replace(guess(text, region), guessed=True)
        return _typed(kind, text, region)
    except Reject as exc:
        raise _Failed(failed_type, exc.reason) from None
    except Exception as exc:  # a library bug must not escape as anything but IdentifierError
        reason = f"internal error while parsing ({type(exc).__name__}: {exc})"
        raise _Failed(failed_type, reason) from exc


def _typed(kind: str, text: str, region: str | None) -> Identifier:
    text = _unkeyed(kind, text)
    return PARSERS[kind](fold_width(text) if kind in WIDTH_FOLDED else text, region)


def _unkeyed(kind: str, text: str) -> str:
    """``text`` without a leading ``<kind>:`` key prefix."""
    if text[: len(kind) + 1].lower() == kind + ":":
        rest = text[len(kind) + 1 :].strip()
        if not rest:
            raise Reject("nothing after the type prefix")
        return rest
    return text

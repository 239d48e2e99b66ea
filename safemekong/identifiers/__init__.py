"""Identifiers: canonical value types for every observable SafeMekong stores (a leaf package).

``parse(type, raw, default_region=None)`` turns raw text into a frozen :class:`Identifier`
whose ``key`` (``type:canonical``) is the one form the store indexes, or raises the one
:class:`IdentifierError` (a ``ValueError``; attributes ``type``, ``raw``, ``reason``).

- ``type`` is one of :data:`IDENTIFIER_TYPES` (phone, url, domain, handle, bank, wallet, email,
  image, document) or ``"auto"``, which guesses, says which type it chose and sets ``guessed``.
- A canonical key is accepted as ``raw`` for its own type and for ``"auto"``;
  ``parse(t, parse(t, raw).key).key == parse(t, raw).key``. ``parse_key`` is the strict form.
- ``default_region`` (ISO 3166 alpha-2, the reporting agency's country) completes phone numbers
  and bank accounts written without a country.
- Every identifier has ``type``, ``canonical``, ``key``, ``details()``, ``to_json()``,
  ``implied()`` (a URL implies its domain, a WhatsApp handle its phone number, an image's
  SHA-256 its pHash) and ``guessed``; equality and hashing are by key.
- ``image_from_bytes(data)`` hashes an image (SHA-256 and pHash).

Every accepted input form is listed in ``docs/identifiers.md``. This package imports nothing
from the rest of SafeMekong.
"""

from safemekong.identifiers.api import PARSERS, image_from_bytes, parse, parse_key
from safemekong.identifiers.bank import BankAccount
from safemekong.identifiers.base import (
    IDENTIFIER_TYPES,
    MAX_RAW_CHARS,
    Identifier,
    IdentifierError,
)
from safemekong.identifiers.document import Document
from safemekong.identifiers.email import EmailAddress
from safemekong.identifiers.handle import Handle
from safemekong.identifiers.image import ImageHash
from safemekong.identifiers.phone import PhoneNumber
from safemekong.identifiers.wallet import WalletAddress
from safemekong.identifiers.web import TRACKING_PARAMETERS, Domain, Url

__all__ = [
    "IDENTIFIER_TYPES",
    "MAX_RAW_CHARS",
    "PARSERS",
    "TRACKING_PARAMETERS",
    "BankAccount",
    "Document",
    "Domain",
    "EmailAddress",
    "Handle",
    "Identifier",
    "IdentifierError",
    "ImageHash",
    "PhoneNumber",
    "Url",
    "WalletAddress",
    "image_from_bytes",
    "parse",
    "parse_key",
]

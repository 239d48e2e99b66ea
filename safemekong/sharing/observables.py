"""Identifiers as STIX cyber-observables and back.

URLs, domains and e-mail addresses are STIX's own ``url``, ``domain-name`` and ``email-addr``;
image hashes are ``file`` objects (``SHA-256``, or ``x_phash`` for perceptual hashes); phone
numbers, bank accounts, wallets, chat handles and identity documents are SafeMekong's published
SCOs (see :mod:`safemekong.sharing.extensions`). Every observable is built from the canonical
identifier alone, so its id and content are the same whoever exports it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import stix2

from safemekong.identifiers import (
    BankAccount,
    Document,
    Domain,
    EmailAddress,
    Handle,
    Identifier,
    ImageHash,
    PhoneNumber,
    Url,
    WalletAddress,
)
from safemekong.sharing.extensions import observable_classes

PHASH_KEY = "x_phash"
#: Branch digits at the start of an account number, by country (Thai XXX-X-XXXXX-X).
BRANCH_DIGITS: dict[str, int] = {"TH": 3}
_ACCOUNT_LENGTH_WITH_BRANCH: dict[str, int] = {"TH": 10}


class NotAnIdentifier(ValueError):
    """An observable that SafeMekong has no identifier type for (skipped on import)."""


def _phone(identifier: PhoneNumber) -> dict[str, Any]:
    return {
        "value": identifier.canonical,
        "country": identifier.region,
        "country_code": identifier.country_code,
        "line_type": identifier.line_type,
    }


def _bank(identifier: BankAccount) -> dict[str, Any]:
    branch = None
    digits = BRANCH_DIGITS.get(identifier.country)
    if (
        identifier.kind == "account"
        and digits
        and len(identifier.account) == _ACCOUNT_LENGTH_WITH_BRANCH[identifier.country]
    ):
        branch = identifier.account[:digits]
    keyed_code = identifier.kind in ("account", "ewallet")
    return {
        "account_kind": identifier.kind,
        "country": identifier.country,
        "bank_code": identifier.bank_code if keyed_code else None,
        "branch_code": branch,
        "account_number": identifier.account,
        "iban": identifier.account if identifier.kind == "iban" else None,
        "bic": identifier.bic,
        "bank_name": identifier.bank_name,
    }


def _wallet(identifier: WalletAddress) -> dict[str, Any]:
    return {
        "chain": identifier.chain,
        "address": identifier.address,
        "network": identifier.network,
        "address_type": identifier.address_type,
        "asset": identifier.asset,
    }


def _handle(identifier: Handle) -> dict[str, Any]:
    return {
        "platform": identifier.platform,
        "handle": identifier.handle,
        "handle_kind": identifier.kind,
        "url": identifier.url,
    }


def _document(identifier: Document) -> dict[str, Any]:
    return {
        "document_kind": identifier.kind,
        "country": identifier.country,
        "number": identifier.number,
    }


#: SafeMekong type -> (new SCO type, properties of the identifier).
_EXTENSION_SCOS: dict[str, tuple[str, Callable[[Any], dict[str, Any]]]] = {
    "phone": ("phone-number", _phone),
    "bank": ("bank-account", _bank),
    "wallet": ("crypto-wallet", _wallet),
    "handle": ("chat-handle", _handle),
    "document": ("id-document", _document),
}


def to_observable(identifier: Identifier) -> Any:
    """The STIX cyber-observable (a ``stix2`` object) of a canonical identifier."""
    if isinstance(identifier, Url):
        return stix2.URL(value=identifier.canonical)
    if isinstance(identifier, Domain):
        return stix2.DomainName(value=identifier.canonical)
    if isinstance(identifier, EmailAddress):
        return stix2.EmailAddress(value=identifier.canonical)
    if isinstance(identifier, ImageHash):
        key = "SHA-256" if identifier.algorithm == "sha256" else PHASH_KEY
        return stix2.File(hashes={key: identifier.digest}, allow_custom=key == PHASH_KEY)
    stix_type, properties = _EXTENSION_SCOS[identifier.type]
    body = {k: v for k, v in properties(identifier).items() if v is not None}
    return observable_classes()[stix_type](**body)


def _bank_value(sco: Mapping[str, Any]) -> str:
    kind = sco.get("account_kind", "account")
    country = sco.get("country")
    number = str(sco.get("account_number") or sco.get("iban") or "")
    if kind == "iban" or (sco.get("iban") and not sco.get("bank_code")):
        iban = str(sco.get("iban") or number)
        return f"{country}:iban:{iban}" if country else iban
    if kind == "card":
        return f"CN:card:{number}"
    code = sco.get("bank_code") or sco.get("bic")
    if not (country and code and number):
        raise NotAnIdentifier("a bank-account needs country, bank_code (or bic) and account_number")
    branch = sco.get("branch_code")
    if branch and not number.startswith(str(branch)):
        number = f"{branch}{number}"
    return f"{country}:{code}:{number}"


def _document_value(sco: Mapping[str, Any]) -> str:
    kind = sco.get("document_kind")
    if kind == "passport":
        return f"passport:{sco.get('country')}:{sco.get('number')}"
    return f"{kind}:{sco.get('number')}"


def _file_value(sco: Mapping[str, Any]) -> str:
    hashes = sco.get("hashes") or {}
    if "SHA-256" in hashes:
        return f"sha256:{hashes['SHA-256']}"
    if PHASH_KEY in hashes:
        return f"phash:{hashes[PHASH_KEY]}"
    raise NotAnIdentifier("a file is taken only by its SHA-256 or x_phash hash")


def _user_account_value(sco: Mapping[str, Any]) -> str:
    platform = sco.get("account_type")
    login = sco.get("account_login") or sco.get("user_id")
    if not (platform and login):
        raise NotAnIdentifier("a user-account is taken with account_type and account_login")
    return f"{platform}:{login}"


#: STIX type -> (SafeMekong type, value to parse). Types of other publishers that mean the
#: same are read too (``cryptocurrency-wallet``'s ``value``, ``user-account`` of a platform).
_FROM_STIX: dict[str, tuple[str, Callable[[Mapping[str, Any]], str]]] = {
    "url": ("url", lambda sco: str(sco["value"])),
    "domain-name": ("domain", lambda sco: str(sco["value"])),
    "email-addr": ("email", lambda sco: str(sco["value"])),
    "file": ("image", _file_value),
    "phone-number": ("phone", lambda sco: str(sco["value"])),
    "bank-account": ("bank", _bank_value),
    "crypto-wallet": ("wallet", lambda sco: f"{sco['chain']}:{sco['address']}"),
    "cryptocurrency-wallet": ("wallet", lambda sco: str(sco["value"])),
    "chat-handle": ("handle", lambda sco: f"{sco['platform']}:{sco['handle']}"),
    "id-document": ("document", _document_value),
    "user-account": ("handle", _user_account_value),
}
OBSERVABLE_TYPES: frozenset[str] = frozenset(_FROM_STIX)


def from_observable(sco: Mapping[str, Any]) -> tuple[str, str]:
    """``(type, value)`` to parse for a STIX cyber-observable; NotAnIdentifier otherwise."""
    stix_type = sco.get("type")
    if stix_type not in _FROM_STIX:
        raise NotAnIdentifier(f"SafeMekong has no identifier type for {stix_type!r} observables")
    kind, value = _FROM_STIX[str(stix_type)]
    try:
        return kind, value(sco)
    except KeyError as exc:
        raise NotAnIdentifier(f"a {stix_type} needs the property {exc.args[0]}") from None

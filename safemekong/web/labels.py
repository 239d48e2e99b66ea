"""Translatable labels of the codes pages show (typologies, roles, identifier types, alerts).

The codes are the capabilities' own (``safemekong.intel.vocabulary``, the identifier types,
the TLP levels); only their short display names live here, marked with :func:`N_` so the
message extractor finds them. ``tests/web`` checks that every code has a label.
"""

from __future__ import annotations

from typing import Final


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


TYPOLOGIES: Final[dict[str, str]] = {
    "pig-butchering": N_("Pig butchering"),
    "authority-impersonation": N_("Impersonation of police or courts"),
    "task-rebate": N_("Task and rebate scam"),
    "investment": N_("Fake investment platform"),
    "romance": N_("Romance scam"),
    "loan": N_("Loan scam"),
    "sextortion": N_("Sextortion"),
    "job": N_("Job scam or recruitment"),
    "illegal-gambling": N_("Illegal online gambling"),
    "other": N_("Other"),
}

ROLES: Final[dict[str, str]] = {
    "caller": N_("Caller"),
    "sms-sender": N_("SMS sender"),
    "website": N_("Website"),
    "receiving-account": N_("Receiving account"),
    "wallet": N_("Crypto wallet"),
    "chat-contact": N_("Chat contact"),
    "email-sender": N_("E-mail sender"),
    "profile-image": N_("Profile image"),
    "suspect-document": N_("Suspect's document"),
    "mentioned": N_("Mentioned"),
}

IDENTIFIER_TYPES: Final[dict[str, str]] = {
    "phone": N_("Phone number"),
    "url": N_("URL"),
    "domain": N_("Domain"),
    "handle": N_("Chat handle"),
    "bank": N_("Bank account"),
    "wallet": N_("Crypto wallet"),
    "email": N_("E-mail address"),
    "image": N_("Image"),
    "document": N_("Identity document"),
}

ALERT_KINDS: Final[dict[str, str]] = {
    "operation-link": N_("Linked to an operation"),
    "watch-hit": N_("Watched identifier seen"),
    "hit-without-disclosure": N_("Your data was searched for"),
}

TLP_LEVELS: Final[dict[str, str]] = {
    "CLEAR": N_("TLP:CLEAR — public"),
    "GREEN": N_("TLP:GREEN — the community"),
    "AMBER": N_("TLP:AMBER — recipients' organisations"),
    "AMBER+STRICT": N_("TLP:AMBER+STRICT — recipients only"),
    "RED": N_("TLP:RED — named recipients only"),
}

ROLE_NAMES: Final[dict[str, str]] = {
    "admin": N_("Administrator"),
    "analyst": N_("Analyst"),
    "immigration": N_("Immigration officer"),
    "read-only": N_("Read only"),
}

#: Fields of an identifier's canonical form (``Identifier.to_json()``), as the facts list shows.
FIELDS: Final[dict[str, str]] = {
    "region": N_("Country"),
    "country": N_("Country"),
    "country_code": N_("Country calling code"),
    "line_type": N_("Line type"),
    "extension": N_("Extension"),
    "bank_code": N_("Bank code"),
    "bank_name": N_("Bank"),
    "bic": N_("SWIFT/BIC"),
    "account": N_("Account number"),
    "kind": N_("Kind"),
    "number": N_("Number"),
    "birth_date": N_("Date of birth"),
    "sex": N_("Sex"),
    "algorithm": N_("Hash algorithm"),
    "digest": N_("Digest"),
    "phash": N_("Perceptual hash"),
    "width": N_("Width"),
    "height": N_("Height"),
    "format": N_("Format"),
    "scheme": N_("Scheme"),
    "host": N_("Host"),
    "unicode_host": N_("Host (Unicode)"),
    "unicode": N_("Unicode form"),
    "domain": N_("Registered domain"),
    "suffix": N_("Public suffix"),
    "subdomain": N_("Subdomain"),
    "private_suffix": N_("Private suffix"),
    "platform": N_("Platform"),
    "handle": N_("Handle"),
    "url": N_("Profile URL"),
    "chain": N_("Chain"),
    "address": N_("Address"),
    "network": N_("Network"),
    "address_type": N_("Address type"),
    "asset": N_("Asset"),
    "local_part": N_("Local part"),
    "unicode_domain": N_("Domain (Unicode)"),
}
#: Fields of a canonical form that the facts list leaves out (shown elsewhere, or internal).
HIDDEN_FIELDS: Final = frozenset(
    {"type", "canonical", "key", "raw", "guessed", "known", "warning_list"}
)
COUNTRY_FIELDS: Final = frozenset({"region", "country"})

#: Every table by the name templates use: ``label("typology", code)``.
TABLES: Final[dict[str, dict[str, str]]] = {
    "typology": TYPOLOGIES,
    "role": ROLES,
    "type": IDENTIFIER_TYPES,
    "alert": ALERT_KINDS,
    "tlp": TLP_LEVELS,
    "user-role": ROLE_NAMES,
    "field": FIELDS,
}

"""Shared pieces of the sharing tests: a report naming one identifier of every type."""

from __future__ import annotations

from typing import Any

from tests.intel.test_ingest import WALLET, report

#: One raw value of every identifier type, with the role it plays.
EVERY_TYPE: tuple[tuple[str, str, str], ...] = (
    ("081-234-5678", "phone", "caller"),
    ("line:kenny.trade", "handle", "chat-contact"),
    ("KBANK 123-4-56789-0", "bank", "receiving-account"),
    ("DE89 3704 0044 0532 0130 00", "bank", "receiving-account"),
    (WALLET, "wallet", "wallet"),
    ("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "wallet", "wallet"),
    ("https://trade-ken.example.com/login?utm_source=x", "url", "website"),
    ("ken@trade-ken.example.com", "email", "email-sender"),
    ("sha256:" + "ab" * 32, "image", "profile-image"),
    ("phash:0123456789abcdef", "image", "profile-image"),
    ("passport:TH:AA1234567", "document", "suspect-document"),
)


def full_report(external_id: str, **fields: Any) -> dict[str, Any]:
    """A report of the JSON contract naming every identifier type."""
    body = report(external_id, **fields)
    body["identifiers"] = [{"value": v, "type": t, "role": r} for v, t, r in EVERY_TYPE]
    return body


def by_type(bundle: dict[str, Any], stix_type: str) -> list[dict[str, Any]]:
    return [obj for obj in bundle["objects"] if obj["type"] == stix_type]

"""SafeMekong's published STIX 2.1 extensions, declared once as data.

Five new cyber-observable types (``phone-number``, ``bank-account``, ``crypto-wallet``,
``chat-handle``, ``id-document``) and three property extensions (victim report, agency,
operation) are each described by a :class:`Spec`. From that one declaration come the STIX
``extension-definition`` object, its JSON Schema (shipped in ``schemas/`` and printed in
``docs/sharing-stix.md``) and, for the new SCOs, the ``stix2`` class whose id is the UUIDv5 of
its id-contributing properties (STIX 2.1 §2.9): the same identifier filed by two agencies is
the same object, on every node.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final

import stix2
from stix2 import properties as props

#: The namespace of every id SafeMekong derives (extension definitions, reports, agencies).
NAMESPACE: Final = uuid.UUID("c80e8131-31dc-5b43-b2c7-cc7482d12fab")
#: STIX 2.1 §2.9: the namespace of deterministic cyber-observable ids.
SCO_NAMESPACE: Final = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")
#: When the extension definitions were published (they never change in place: new versions
#: get new ids).
PUBLISHED: Final = "2026-11-29T00:00:00.000Z"
VERSION: Final = "1.0.0"
SCHEMA_DIR: Final = Path(__file__).parent / "schemas"

NEW_SCO = "new-sco"
PROPERTY_EXTENSION = "property-extension"


def derived_id(stix_type: str, name: str) -> str:
    """A stable STIX id ``<type>--<UUIDv5(NAMESPACE, name)>`` for SafeMekong's own objects."""
    return f"{stix_type}--{uuid.uuid5(NAMESPACE, f'{stix_type}/{name}')}"


#: The identity that publishes the extension definitions.
PUBLISHER_ID: Final = derived_id("identity", "safemekong-project")


@dataclass(frozen=True)
class Prop:
    """One property of an extension: JSON type, rule and meaning."""

    name: str
    kind: str  # "string", "integer", "boolean", "array"
    description: str
    required: bool = False
    pattern: str | None = None
    enum: tuple[str, ...] | None = None
    items: dict[str, Any] | None = None  # JSON Schema of array items


@dataclass(frozen=True)
class Spec:
    """One published extension: a new SCO type or a property extension of an SDO type."""

    name: str
    title: str
    description: str
    extension_type: str
    properties: tuple[Prop, ...]
    id_contributing: tuple[str, ...] = ()
    applies_to: str = ""  # for property extensions: the STIX type it extends
    required_one_of: tuple[str, ...] = field(default_factory=tuple)

    @property
    def id(self) -> str:
        return derived_id("extension-definition", f"{self.name}/{VERSION}")


_COUNTRY = r"^[A-Z]{2}$"

PHONE = Spec(
    "phone-number",
    "Phone number",
    "A telephone number in E.164 form (or a national short code as +<country code><digits>).",
    NEW_SCO,
    (
        Prop("value", "string", "E.164 number, e.g. +66812345678", True, r"^\+[0-9]{3,17}$"),
        Prop("country", "string", "ISO 3166-1 alpha-2 region of the number", pattern=_COUNTRY),
        Prop("country_code", "integer", "ITU country calling code, e.g. 66"),
        Prop(
            "line_type",
            "string",
            "mobile, fixed_line, voip, toll_free, short_code … (libphonenumber's types)",
        ),
    ),
    id_contributing=("value",),
)
BANK_ACCOUNT = Spec(
    "bank-account",
    "Bank account",
    "An account at a bank or e-wallet provider, or a payment card: not only IBANs. The country,"
    " the bank's national code (or BIC, or e-wallet provider), the branch where the national"
    " scheme has one, and the account number together identify it.",
    NEW_SCO,
    (
        Prop(
            "account_kind",
            "string",
            "account (bank code + number), card (UnionPay card number), iban, or ewallet",
            True,
            enum=("account", "card", "iban", "ewallet"),
        ),
        Prop("country", "string", "ISO 3166-1 alpha-2 country of the bank", True, _COUNTRY),
        Prop(
            "bank_code",
            "string",
            "national bank code (TH 3 digits, CN 3 digits), else the 8-character BIC; the"
            " provider code for e-wallets (gcash, alipay …); absent for cards and IBANs",
        ),
        Prop("branch_code", "string", "branch, where the national scheme has one (TH: 3 digits)"),
        Prop(
            "account_number",
            "string",
            "the account number (digits, with the branch digits when the national form includes"
            " them), card number, IBAN, or e-wallet account id",
            True,
        ),
        Prop("iban", "string", "the IBAN, for account_kind iban", pattern=r"^[A-Z]{2}[0-9]{2}"),
        Prop("bic", "string", "the bank's BIC when known"),
        Prop("bank_name", "string", "the bank's or provider's name when known"),
    ),
    id_contributing=("account_kind", "country", "bank_code", "branch_code", "account_number"),
)
CRYPTO_WALLET = Spec(
    "crypto-wallet",
    "Crypto wallet",
    "A wallet address on one chain, its checksum verified; EVM networks share the chain eth.",
    NEW_SCO,
    (
        Prop("chain", "string", "tron, eth (every EVM network) or btc", True, r"^[a-z0-9-]+$"),
        Prop("address", "string", "the address in its canonical form (EIP-55 for eth)", True),
        Prop("network", "string", "the network named (tron, ethereum, bsc, bitcoin …)"),
        Prop("address_type", "string", "account, p2pkh, p2sh, p2wpkh, p2wsh, p2tr …"),
        Prop("asset", "string", "the token named with the address (USDT …)"),
    ),
    id_contributing=("chain", "address"),
)
CHAT_HANDLE = Spec(
    "chat-handle",
    "Chat handle",
    "A handle on a chat or social platform (Telegram, LINE, WeChat, WhatsApp, Facebook,"
    " Instagram, TikTok): platform plus the handle in the platform's canonical form.",
    NEW_SCO,
    (
        Prop("platform", "string", "telegram, line, wechat, whatsapp, facebook …", True),
        Prop("handle", "string", "the handle, lower-cased per the platform's rules", True),
        Prop("handle_kind", "string", "username, official_account, id or phone"),
        Prop("url", "string", "the profile URL when the platform has one"),
    ),
    id_contributing=("platform", "handle"),
)
IDENTITY_DOCUMENT = Spec(
    "id-document",
    "Identity document",
    "An identity document number (Chinese resident ID, Thai national ID, passport), its check"
    " character verified.",
    NEW_SCO,
    (
        Prop(
            "document_kind",
            "string",
            "cn-resident-id, th-national-id or passport",
            True,
            enum=("cn-resident-id", "th-national-id", "passport"),
        ),
        Prop("country", "string", "ISO 3166-1 alpha-2 issuing country", True, _COUNTRY),
        Prop("number", "string", "the number, upper-cased, without separators", True),
    ),
    id_contributing=("document_kind", "country", "number"),
)
_SIGHTING_ITEM: dict[str, Any] = {
    "type": "object",
    "required": ["ref", "role"],
    "additionalProperties": False,
    "properties": {
        "ref": {"type": "string", "description": "id of the cyber-observable in the bundle"},
        "role": {"type": "string", "description": "caller, website, receiving-account …"},
        "raw": {"type": "string", "description": "the value as the victim reported it"},
        "derived": {
            "type": "boolean",
            "description": "implied by another identifier (a URL's domain), not written",
        },
    },
}
VICTIM_REPORT = Spec(
    "victim-report",
    "Victim report",
    "The fields of a SafeMekong victim report that STIX's report object has no place for.",
    PROPERTY_EXTENSION,
    (
        Prop("external_id", "string", "the filing agency's own id of the report", True),
        Prop("typology", "string", "pig-butchering, task-rebate, investment …", True),
        Prop("amount_lost", "string", "decimal with 2 places", pattern=r"^[0-9]+\.[0-9]{2}$"),
        Prop("currency", "string", "ISO 4217 code or USDT, USDC, BTC, ETH, TRX, BNB"),
        Prop(
            "language",
            "string",
            "BCP 47 tag of the narrative (th, km, my, zh-Hans …); STIX's lang is not used"
            " because the OASIS validator's RFC 5646 table lacks the region's languages",
        ),
        Prop(
            "sharing_groups",
            "array",
            "sharing groups the report is shared with (with the TLP marking)",
            items={"type": "string"},
        ),
        Prop(
            "recipients",
            "array",
            "agency codes the report is shared with by name (TLP:RED's recipients)",
            items={"type": "string"},
        ),
        Prop("purpose", "string", "why the report is shared"),
        Prop("legal_basis", "string", "the legal basis of the share"),
        Prop("retain_until", "string", "when the report is purged (RFC 3339 UTC timestamp)"),
        Prop(
            "approval_ref",
            "string",
            "the approval that lets data of an export-restricted country cross the border",
        ),
        Prop(
            "identifiers",
            "array",
            "each identifier of the report: the observable, its role, the value as written",
            True,
            items=_SIGHTING_ITEM,
        ),
    ),
    applies_to="report",
)
AGENCY = Spec(
    "agency",
    "Member agency",
    "The code and country of a member agency, on its identity object.",
    PROPERTY_EXTENSION,
    (
        Prop("code", "string", "the agency's code on the hub (TH-CCIB)", True),
        Prop("country", "string", "ISO 3166-1 alpha-2 country of the agency", True, _COUNTRY),
    ),
    applies_to="identity",
)
OPERATION = Spec(
    "scam-operation",
    "Scam operation",
    "A scam operation's summary as the exporting caller may see it, on its campaign object.",
    PROPERTY_EXTENSION,
    (
        Prop("reports", "integer", "reports of the operation visible to the exporter", True),
        Prop("countries", "array", "countries of the reporting agencies", items={"type": "string"}),
        Prop("typologies", "array", "typologies of its reports", items={"type": "string"}),
    ),
    applies_to="campaign",
)

#: Every published extension, new SCOs first.
SPECS: Final = (PHONE, BANK_ACCOUNT, CRYPTO_WALLET, CHAT_HANDLE, IDENTITY_DOCUMENT)
PROPERTY_SPECS: Final = (VICTIM_REPORT, AGENCY, OPERATION)
ALL_SPECS: Final = SPECS + PROPERTY_SPECS
SPEC_BY_TYPE: Final = {spec.name: spec for spec in SPECS}


def json_schema(spec: Spec) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an extension's object or property block."""
    properties: dict[str, Any] = {}
    for prop in spec.properties:
        body: dict[str, Any] = {"type": prop.kind, "description": prop.description}
        if prop.pattern:
            body["pattern"] = prop.pattern
        if prop.enum:
            body["enum"] = list(prop.enum)
        if prop.items:
            body["items"] = prop.items
        properties[prop.name] = body
    required = [prop.name for prop in spec.properties if prop.required]
    if spec.extension_type == NEW_SCO:
        properties = {
            "type": {"const": spec.name},
            "spec_version": {"const": "2.1"},
            "id": {"type": "string", "pattern": f"^{spec.name}--[0-9a-f-]{{36}}$"},
            **properties,
            "object_marking_refs": {"type": "array", "items": {"type": "string"}},
            "extensions": {
                "type": "object",
                "required": [spec.id],
                "properties": {
                    spec.id: {
                        "type": "object",
                        "properties": {"extension_type": {"const": NEW_SCO}},
                        "required": ["extension_type"],
                    }
                },
            },
        }
        required = ["type", "id", *required, "extensions"]
    else:
        properties = {"extension_type": {"const": PROPERTY_EXTENSION}, **properties}
        required = ["extension_type", *required]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:safemekong:stix:{spec.name}:{VERSION}",
        "title": spec.title,
        "description": spec.description,
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def extension_definition(spec: Spec) -> dict[str, Any]:
    """The published ``extension-definition`` object of ``spec`` (STIX 2.1 §7.3)."""
    return {
        "type": "extension-definition",
        "spec_version": "2.1",
        "id": spec.id,
        "created_by_ref": PUBLISHER_ID,
        "created": PUBLISHED,
        "modified": PUBLISHED,
        "name": spec.name,
        "description": spec.description,
        "schema": (
            f"JSON Schema {spec.name}.json shipped in the safemekong package"
            f" (safemekong/sharing/schemas/) and printed in docs/sharing-stix.md"
        ),
        "version": VERSION,
        "extension_types": [spec.extension_type],
    }


def publisher() -> dict[str, Any]:
    """The identity that publishes SafeMekong's extension definitions."""
    return {
        "type": "identity",
        "spec_version": "2.1",
        "id": PUBLISHER_ID,
        "created": PUBLISHED,
        "modified": PUBLISHED,
        "name": "SafeMekong",
        "identity_class": "organization",
        "description": "Open-source cross-border anti-scam intelligence hub; publisher of the"
        " SafeMekong STIX extensions.",
    }


def write_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    """Write every extension's JSON Schema as ``<name>.json`` (the shipped copies)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in ALL_SPECS:
        path = directory / f"{spec.name}.json"
        path.write_text(json.dumps(json_schema(spec), indent=2, ensure_ascii=False) + "\n")
        written.append(path)
    return written


_STIX2_PROPERTY: dict[str, Any] = {
    "string": props.StringProperty,
    "integer": props.IntegerProperty,
    "boolean": props.BooleanProperty,
}


@cache
def observable_classes() -> dict[str, type[Any]]:
    """The ``stix2`` classes of the new SCOs, registered once (ids per STIX 2.1 §2.9)."""
    classes: dict[str, type[Any]] = {}
    for spec in SPECS:
        fields = [
            (prop.name, _STIX2_PROPERTY[prop.kind](required=prop.required))
            for prop in spec.properties
        ]
        decorator = stix2.CustomObservable(
            spec.name, fields, list(spec.id_contributing), extension_name=spec.id
        )
        classes[spec.name] = decorator(type(_class_name(spec.name), (), {}))
    return classes


def _class_name(name: str) -> str:
    return "".join(part.title() for part in name.split("-"))


def extension_of(obj: Mapping[str, Any], extension_id: str) -> dict[str, Any] | None:
    """The extension ``extension_id`` of an imported object when it is a JSON object (stix2 lets
    ``"extensions": null`` and extensions of any shape through)."""
    extensions = obj.get("extensions")
    found = extensions.get(extension_id) if isinstance(extensions, dict) else None
    return found if isinstance(found, dict) else None


def sco_id(stix_type: str, contributing: dict[str, Any]) -> str:
    """STIX 2.1 §2.9 deterministic id: UUIDv5 over the canonical JSON of the id properties."""
    body = {key: value for key, value in contributing.items() if value is not None}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f"{stix_type}--{uuid.uuid5(SCO_NAMESPACE, canonical)}"

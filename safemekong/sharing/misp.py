"""MISP events in and out, through ``pymisp``.

Import: each MISP event (a file, a list, or a feed's event files) becomes one report in the
JSON contract. Attributes map by MISP type, and objects whose attributes only mean something
together (bank-account, coin-address, telegram-account …) map as a whole; both are tables
below. An attribute or object whose comment is a SafeMekong canonical key (as exported) is
read by that key, so SafeMekong → MISP → SafeMekong keeps every identifier.

Export: an operation becomes one event: its identifiers as attributes and objects, tagged with
the strictest TLP of its reports, the typologies and the operation.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import httpx
from pymisp import MISPAttribute, MISPEvent, MISPObject

from safemekong import limits
from safemekong.errors import InvalidInput
from safemekong.identifiers import Identifier, IdentifierError, parse_key
from safemekong.intel.vocabulary import TYPOLOGIES
from safemekong.policy.tlp import TLP
from safemekong.sharing.extensions import NAMESPACE
from safemekong.sharing.markings import strictest
from safemekong.sharing.plan import ImportPlan
from safemekong.sharing.records import OperationRecord

#: Most events one import takes, and most bytes of one event file.
MAX_EVENTS = 10_000
MAX_FILE_BYTES = 64 * 1024 * 1024
TYPOLOGY_TAG = "safemekong:typology"
OPERATION_TAG = "safemekong:operation"


@dataclass(frozen=True)
class AttributeRule:
    """How a MISP attribute type maps: the SafeMekong type and the role it plays."""

    type: str
    role: str


#: MISP attribute type -> identifier type and role.
ATTRIBUTES: Final[dict[str, AttributeRule]] = {
    "phone-number": AttributeRule("phone", "caller"),
    "iban": AttributeRule("bank", "receiving-account"),
    "btc": AttributeRule("wallet", "wallet"),
    "url": AttributeRule("url", "website"),
    "link": AttributeRule("url", "mentioned"),
    "domain": AttributeRule("domain", "website"),
    "hostname": AttributeRule("domain", "website"),
    "email": AttributeRule("email", "mentioned"),
    "email-src": AttributeRule("email", "email-sender"),
    "email-reply-to": AttributeRule("email", "email-sender"),
    "whois-registrant-email": AttributeRule("email", "mentioned"),
    "identity-card-number": AttributeRule("document", "suspect-document"),
    "sha256": AttributeRule("image", "profile-image"),
}
#: Platforms a ``user-account`` object's ``account-type`` may name, as SafeMekong calls them.
PLATFORM_NAMES: Final[dict[str, str]] = {
    "telegram": "telegram",
    "line": "line",
    "wechat": "wechat",
    "whatsapp": "whatsapp",
    "facebook": "facebook",
    "instagram": "instagram",
    "tiktok": "tiktok",
}
#: MISP social-account object -> platform, whose ``account-name`` (or ``username``) is a handle.
SOCIAL_OBJECTS: Final[dict[str, str]] = {
    "telegram-account": "telegram",
    "facebook-account": "facebook",
    "instagram-account": "instagram",
}
#: Chains as coin-address ``symbol`` names them, to the words the wallet parser reads.
COIN_SYMBOLS: Final[dict[str, str]] = {
    "BTC": "btc",
    "ETH": "eth",
    "TRX": "tron",
    "USDT": "",
    "BNB": "bsc",
    "MATIC": "polygon",
}
_EVENT_NAME = re.compile(r"[0-9A-Za-z-]{1,64}")
_TLP_TAGS: Final = {f"tlp:{tlp.value.lower()}": tlp for tlp in TLP} | {"tlp:white": TLP.CLEAR}


# -- reading files and feeds ----------------------------------------------------------------


def read_events(path: Path) -> list[Any]:
    """MISP events from a JSON file (one event, a list, or ``{"response": [...]}``) or a feed
    directory (``manifest.json`` beside ``<uuid>.json`` event files)."""
    if path.is_dir():
        manifest = path / "manifest.json"
        if not manifest.exists():
            raise InvalidInput("path", f"{path} is a directory without a MISP feed manifest.json")
        return [_json(path / f"{name}.json") for name in _event_names(_json(manifest))]
    return events_of(_json(path))


def fetch_feed(url: str, timeout: float = 30.0) -> list[Any]:
    """The events of a MISP feed served over HTTP(S): ``<url>/manifest.json``, then each
    ``<url>/<uuid>.json`` (what MISP's "fetch feed" reads)."""
    base = url.rstrip("/")
    with httpx.Client(timeout=timeout, follow_redirects=True) as client:
        names = _event_names(_fetch(client, f"{base}/manifest.json"))
        return [_fetch(client, f"{base}/{name}.json") for name in names]


def _event_names(manifest: Any) -> list[str]:
    """The event files a feed's manifest names (its keys, the events' uuids): never a path."""
    if not isinstance(manifest, dict | list):
        raise InvalidInput("manifest.json", "must be an object keyed by event uuid")
    names = list(manifest)
    if len(names) > MAX_EVENTS:
        raise InvalidInput("manifest.json", f"lists more than {MAX_EVENTS} events")
    for name in names:
        if not isinstance(name, str) or not _EVENT_NAME.fullmatch(name):
            raise InvalidInput("manifest.json", f"{str(name)[:80]!r} is not an event uuid")
    return names


def _fetch(client: httpx.Client, url: str) -> Any:
    try:
        with client.stream("GET", url) as response:
            if response.status_code != 200:
                raise InvalidInput("url", f"{url} answered HTTP {response.status_code}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > MAX_FILE_BYTES:
                    raise InvalidInput("url", f"{url} is larger than {MAX_FILE_BYTES} bytes")
    except httpx.HTTPError as exc:
        raise InvalidInput("url", f"cannot fetch {url}: {exc}") from None
    try:
        return limits.loads(bytes(body))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput("url", f"{url} is not valid JSON ({exc})") from None


def _json(path: Path) -> Any:
    if not path.exists():
        raise InvalidInput("path", f"{path} does not exist")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InvalidInput("path", f"{path} is larger than {MAX_FILE_BYTES} bytes")
    try:
        return limits.loads(path.read_bytes())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput("path", f"{path} is not valid JSON ({exc})") from None


def events_of(data: Any) -> list[Any]:
    """The events in a MISP JSON document (one event, a list, ``{"response": [...]}``)."""
    if isinstance(data, dict) and isinstance(data.get("response"), list):
        data = data["response"]
    events = data if isinstance(data, list) else [data]
    if len(events) > MAX_EVENTS:
        raise InvalidInput("events", f"more than {MAX_EVENTS} events in one import")
    return events


# -- import ---------------------------------------------------------------------------------


def _load(raw: Any) -> MISPEvent:
    event = MISPEvent()
    event.load(raw if isinstance(raw, str) else json.dumps(raw))
    return event


def events_to_items(
    events: Sequence[Any],
    regions: Callable[[str], str | None],
    default_agency: str | None = None,
) -> ImportPlan:
    """One report item per MISP event; events ``pymisp`` cannot load are listed as invalid."""
    plan = ImportPlan()
    for index, raw in enumerate(events):
        try:
            event = _load(raw)
        except Exception as exc:  # pymisp raises many kinds; each means "not an event"
            plan.invalid.append({"index": index, "id": None, "reason": str(exc)[:300]})
            continue
        source = str(event.get("uuid") or f"event[{index}]")
        agency = default_agency
        org = (event.get("Orgc") or {}).get("name")
        if agency is None and isinstance(org, str) and regions(org.upper()) is not None:
            agency = org.upper()
        region = regions(agency) if agency else None
        _EventReader(plan, source, region).read(event, agency)
    return plan


@dataclass
class _EventReader:
    plan: ImportPlan
    source: str
    region: str | None

    def read(self, event: MISPEvent, agency: str | None) -> None:
        # pymisp keeps a false "Tag", "Attribute" or "Object" as it is: read as none; and a
        # tag's name may be missing.
        tags = [str(tag.get("name") or "") for tag in event.tags or ()]
        item: dict[str, Any] = {"external_id": f"misp:{self.source}"}
        if agency:
            item["agency"] = agency
        if event.get("date"):
            item["received_at"] = str(event.date)[:10]
        typologies = [t for t in (_tag_value(tag, TYPOLOGY_TAG) for tag in tags) if t]
        item["typology"] = next((t for t in typologies if t in TYPOLOGIES), "other")
        levels = [_TLP_TAGS[tag.lower()] for tag in tags if tag.lower() in _TLP_TAGS]
        if levels:
            item["tlp"] = strictest(levels).value
        info = str(event.get("info") or "")
        if info:
            item["narrative"] = info[:20_000]
        identifiers: list[Any] = [self._attribute(a) for a in event.attributes or ()]
        for obj in event.objects or ():
            identifiers.extend(self._object(obj))
        self.plan.add(self.source, item, identifiers)

    def _keyed(self, comment: object, kind: str, role: str) -> dict[str, str] | None:
        """The entry for a SafeMekong key written in a comment (as exported), if there is one."""
        if not isinstance(comment, str) or not comment.startswith(f"{kind}:"):
            return None
        try:
            identifier = parse_key(comment.strip())
        except IdentifierError:
            return None
        return {"value": identifier.key, "type": kind, "role": role}

    def _attribute(self, attribute: MISPAttribute) -> dict[str, str] | None:
        rule = ATTRIBUTES.get(str(attribute.type))
        if rule is None:
            keyed = self._key_in_text(attribute)
            if keyed is None:
                self.plan.skip(
                    attribute.get("uuid") or self.source,
                    f"MISP attribute type {attribute.type!r} has no SafeMekong identifier type",
                )
            return keyed
        keyed = self._keyed(attribute.get("comment"), rule.type, rule.role)
        if keyed is not None:
            return keyed
        return self.plan.identifier(
            attribute.get("uuid") or self.source,
            rule.type,
            str(attribute.value),
            rule.role,
            self.region,
        )

    def _key_in_text(self, attribute: MISPAttribute) -> dict[str, str] | None:
        comment = attribute.get("comment")
        if not isinstance(comment, str) or ":" not in comment:
            return None
        kind = comment.partition(":")[0]
        role = "profile-image" if kind == "image" else "mentioned"
        return self._keyed(comment, kind, role)

    def _object(self, obj: MISPObject) -> list[Any]:
        name = str(obj.name)
        source = obj.get("uuid") or self.source
        values: dict[str, list[str]] = {}
        for attribute in obj.attributes or ():
            values.setdefault(str(attribute.object_relation), []).append(str(attribute.value))
        first = {relation: found[0] for relation, found in values.items()}
        comment = obj.get("comment")
        if name == "bank-account":
            keyed = self._keyed(comment, "bank", "receiving-account")
            return [keyed or self._bank(source, first)]
        if name == "coin-address":
            keyed = self._keyed(comment, "wallet", "wallet")
            return [keyed or self._coin(source, first)]
        if name in SOCIAL_OBJECTS or name == "user-account":
            keyed = self._keyed(comment, "handle", "chat-contact")
            found = [keyed or self._social(source, name, first)]
            for phone in values.get("phone", []):
                found.append(
                    self.plan.identifier(source, "phone", phone, "chat-contact", self.region)
                )
            return found
        found = []
        for attribute in obj.attributes or ():
            entry = self._attribute(attribute)
            if entry is not None and name == "file" and entry["type"] == "image":
                entry["role"] = "profile-image"
            found.append(entry)
        return found

    def _bank(self, source: object, fields: Mapping[str, str]) -> dict[str, str] | None:
        if fields.get("iban"):
            return self.plan.identifier(
                source, "bank", fields["iban"], "receiving-account", self.region
            )
        account = fields.get("account")
        code = fields.get("institution-code") or fields.get("swift")
        if not account:
            self.plan.skip(source, "a bank-account object needs account or iban")
            return None
        account = fields.get("branch", "") + account if fields.get("branch") else account
        swift = fields.get("swift", "")
        country = swift[4:6].upper() if len(swift) >= 6 else self.region
        if code and country:
            value = f"{country}:{code}:{account}"
        elif fields.get("institution-name"):
            value = f"{fields['institution-name']} {account}"
        else:
            self.plan.skip(source, "a bank-account object needs its bank (code, swift or name)")
            return None
        return self.plan.identifier(source, "bank", value, "receiving-account", self.region)

    def _coin(self, source: object, fields: Mapping[str, str]) -> dict[str, str] | None:
        address = fields.get("address") or fields.get("address-crypto")
        if not address:
            self.plan.skip(source, "a coin-address object needs address or address-crypto")
            return None
        network = COIN_SYMBOLS.get(fields.get("symbol", "").upper(), "")
        value = f"{network}:{address}" if network else address
        return self.plan.identifier(source, "wallet", value, "wallet", self.region)

    def _social(
        self, source: object, name: str, fields: Mapping[str, str]
    ) -> dict[str, str] | None:
        platform = SOCIAL_OBJECTS.get(name) or PLATFORM_NAMES.get(
            fields.get("account-type", "").strip().lower(), ""
        )
        handle = fields.get("username") or fields.get("account-name") or fields.get("link")
        if not platform or not handle:
            if not fields.get("phone"):
                self.plan.skip(source, f"a {name} object needs a known platform and a username")
            return None
        return self.plan.identifier(
            source, "handle", f"{platform}:{handle}", "chat-contact", self.region
        )


def _tag_value(tag: str, prefix: str) -> str | None:
    """``x`` of a machine tag ``prefix="x"``."""
    head, sep, value = tag.partition("=")
    if head != prefix or not sep:
        return None
    return value.strip().strip('"')


# -- export ---------------------------------------------------------------------------------


def _add_identifier(event: MISPEvent, identifier: Identifier, role: str) -> None:
    """One identifier as an attribute or object of ``event``, its key as the comment."""
    key = identifier.key
    details = identifier.details()
    kind = identifier.type
    simple = {
        "phone": ("phone-number", identifier.canonical),
        "url": ("url", identifier.canonical),
        "domain": ("domain", identifier.canonical),
        "email": ("email-src" if role == "email-sender" else "email", identifier.canonical),
        "document": (
            "passport-number" if details.get("kind") == "passport" else "identity-card-number",
            str(details.get("number")),
        ),
    }
    added: MISPAttribute | list[MISPAttribute] | MISPObject
    if kind in simple:
        added = event.add_attribute(*simple[kind], comment=key)
    elif kind == "image" and details["algorithm"] == "phash":
        added = event.add_attribute("text", str(details["digest"]), comment=key)
    elif kind == "wallet" and details["chain"] == "btc":
        added = event.add_attribute("btc", str(details["address"]), comment=key)
    else:
        added = event.add_object(_object_of(identifier, details))
    # Stable uuids: re-exporting an operation updates the same attributes in MISP.
    for item in added if isinstance(added, list) else [added]:
        item.uuid = str(uuid.uuid5(uuid.UUID(str(event.uuid)), key))


def _object_of(identifier: Identifier, details: Mapping[str, Any]) -> MISPObject:
    """The MISP object of an image (sha256), wallet, bank account or handle."""
    if identifier.type == "image":
        obj = MISPObject("file")
        obj.add_attribute("sha256", value=details["digest"])
    elif identifier.type == "wallet":
        obj = MISPObject("coin-address")
        obj.add_attribute("address-crypto", value=details["address"])
        obj.add_attribute("symbol", value={"tron": "TRX", "eth": "ETH"}.get(str(details["chain"])))
    elif identifier.type == "bank":
        obj = _bank_object(identifier, details)
    else:
        obj = _handle_object(identifier, details)
    obj.comment = identifier.key
    return obj


def _bank_object(identifier: Identifier, details: Mapping[str, Any]) -> MISPObject:
    obj = MISPObject("bank-account")
    if details["kind"] == "iban":
        obj.add_attribute("iban", value=details["account"])
    else:
        obj.add_attribute("account", value=details["account"])
        obj.add_attribute("institution-code", value=details["bank_code"])
    if details.get("bic"):
        obj.add_attribute("swift", value=details["bic"])
    if details.get("bank_name"):
        obj.add_attribute("institution-name", value=details["bank_name"])
    obj.comment = identifier.key
    return obj


def _handle_object(identifier: Identifier, details: Mapping[str, Any]) -> MISPObject:
    platform = str(details["platform"])
    social = {platform: name for name, platform in SOCIAL_OBJECTS.items()}
    if platform in social:
        obj = MISPObject(social[platform])
        relation = "username" if platform == "telegram" else "account-name"
        obj.add_attribute(relation, value=details["handle"])
    else:
        obj = MISPObject("user-account")
        obj.add_attribute("username", value=details["handle"])
        obj.add_attribute("account-type", value=platform)
    if details.get("url") and platform != "telegram":  # telegram-account has no link
        obj.add_attribute("link", value=details["url"])
    obj.comment = identifier.key
    return obj


def operation_event(operation: OperationRecord) -> dict[str, Any]:
    """The MISP event (``{"Event": …}``) of an operation and its visible reports."""
    summary = operation.summary
    event = MISPEvent()
    event.uuid = str(uuid.uuid5(NAMESPACE, f"misp-event/operation/{operation.id}"))
    event.info = (
        f"SafeMekong operation {operation.id}: {summary['reports']} report(s) from "
        f"{', '.join(summary['countries'])}; {', '.join(summary['typologies'])}"
    )
    event.set_date(str(summary["first_seen"])[:10])
    event.analysis = 2
    event.threat_level_id = 2
    event.distribution = 0
    tlps = [TLP(report.tlp) for report in operation.reports]
    event.add_tag(f"tlp:{strictest(tlps).value.lower()}")
    for typology in summary["typologies"]:
        event.add_tag(f'{TYPOLOGY_TAG}="{typology}"')
    event.add_tag(f'{OPERATION_TAG}="{operation.id}"')
    seen: set[str] = set()
    for report in operation.reports:
        for sighting in report.sightings:
            if sighting.derived or sighting.key in seen:
                continue
            seen.add(sighting.key)
            _add_identifier(event, parse_key(sighting.key), sighting.role)
    return {"Event": json.loads(event.to_json())}

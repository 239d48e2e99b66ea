"""Checking a victim report in the JSON contract and turning it into a validated draft.

The JSON form is the contract for every integration::

    {"external_id", "agency", "received_at", "typology", "narrative", "language",
     "amount_lost", "currency", "tlp", "sharing_groups", "recipients", "purpose",
     "legal_basis", "retain_until", "approval_ref", "identifiers": [{"value", "type", "role"}]}

Pure: nothing here touches the store. Every problem of an item is collected and raised at once
as one :class:`InvalidInput` whose ``errors`` name each field (``identifiers[2].value``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Any, Final

import pycountry

from safemekong.errors import InvalidInput
from safemekong.identifiers import Identifier, IdentifierError, parse
from safemekong.identifiers.text import valid_unicode
from safemekong.intel.vocabulary import ROLES, TYPOLOGIES
from safemekong.policy.agencies import Agency
from safemekong.policy.scopes import Marking, check_marking
from safemekong.policy.tlp import TLP

#: Limits enforced before any work is done on an item.
MAX_EXTERNAL_ID = 200
MAX_NARRATIVE = 20_000
MAX_IDENTIFIERS = 200
MAX_VALUE = 1_000
MAX_AMOUNT = Decimal("1e15")
#: Crypto assets accepted as a currency of loss, beside ISO 4217 codes.
CRYPTO_ASSETS: Final = frozenset({"USDT", "USDC", "BTC", "ETH", "TRX", "BNB"})
#: What a share records when the report does not say (see docs/sharing.md).
DEFAULT_PURPOSE: Final = "prevention and investigation of telecom and online fraud"
DEFAULT_LEGAL_BASIS: Final = "task-force data-sharing agreement"
DEFAULT_RETENTION: Final = timedelta(days=5 * 365)
MAX_SHARING_TEXT = 200
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_FIELDS: Final = frozenset(
    {
        "external_id",
        "agency",
        "received_at",
        "typology",
        "narrative",
        "language",
        "amount_lost",
        "currency",
        "tlp",
        "sharing_groups",
        "recipients",
        "purpose",
        "legal_basis",
        "retain_until",
        "approval_ref",
        "identifiers",
    }
)


@dataclass(frozen=True)
class Sighting:
    """An identifier as it appears in one report, in one role."""

    identifier: Identifier
    role: str
    raw: str
    derived: bool = False


@dataclass(frozen=True)
class ReportDraft:
    """A report that passed every check, ready to be stored."""

    external_id: str
    agency: Agency
    received_at: datetime
    typology: str
    narrative: str
    language: str | None
    amount_lost: Decimal | None
    currency: str | None
    marking: Marking
    purpose: str
    legal_basis: str
    retain_until: datetime
    approval_ref: str | None
    sightings: tuple[Sighting, ...]

    @property
    def tlp(self) -> TLP:
        return self.marking.tlp

    @cached_property
    def content_hash(self) -> str:
        """SHA-256 of the normalised content: equal for an identical re-submission."""
        body = {
            "received_at": self.received_at.isoformat(),
            "typology": self.typology,
            "narrative": self.narrative,
            "language": self.language,
            "amount_lost": None if self.amount_lost is None else str(self.amount_lost),
            "currency": self.currency,
            "tlp": self.tlp.value,
            "sightings": sorted([s.identifier.key, s.role] for s in self.sightings),
        }
        # Sharing fields count only when set, so reports filed before they existed re-submit
        # as unchanged.
        if self.marking.groups or self.marking.recipients:
            body["sharing"] = [list(self.marking.groups), list(self.marking.recipients)]
        if self.approval_ref:
            body["approval_ref"] = self.approval_ref
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


class _Errors:
    """Collects ``{"field", "reason"}`` problems of one item."""

    def __init__(self) -> None:
        self.items: list[dict[str, str]] = []

    def add(self, field: str, reason: str) -> None:
        self.items.append({"field": field, "reason": reason})


def _text(data: Mapping[str, Any], field: str, errors: _Errors, limit: int, required: bool) -> str:
    value = data.get(field)
    if value is None or value == "":
        if required:
            errors.add(field, "is required")
        return ""
    if not isinstance(value, str):
        errors.add(field, "must be a string")
        return ""
    if not valid_unicode(value):
        errors.add(field, "is not valid Unicode text (a lone surrogate)")
        return ""
    if len(value) > limit:
        errors.add(field, f"is longer than {limit} characters")
        return ""
    return value.strip()


def parse_received_at(raw: object, now: datetime) -> datetime:
    """An ISO 8601 time with offset (or a bare date, taken as 00:00 UTC), in UTC, not future."""
    moment = parse_time(raw)
    if moment > now + timedelta(days=1):
        raise ValueError(f"{raw!r} is in the future")
    return moment


def parse_time(raw: object) -> datetime:
    """An ISO 8601 time with offset (or a bare date, taken as 00:00 UTC), in UTC."""
    if not isinstance(raw, str):
        raise ValueError("must be an ISO 8601 string such as 2026-11-28T09:15:00+07:00")
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
        else:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{raw!r} is not an ISO 8601 date or time") from None
    if moment.tzinfo is None:
        raise ValueError(f"{raw!r} has no timezone offset; write e.g. {raw}+07:00")
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+07:00 is before the first UTC moment Python has
        raise ValueError(f"{raw!r} is out of range") from None


def parse_retain_until(raw: object, now: datetime) -> datetime:
    """The retention deadline: an ISO 8601 date or time, in the future."""
    moment = parse_time(raw)
    if moment <= now:
        raise ValueError(f"{raw!r} is not in the future")
    return moment


def parse_amount(raw: object) -> Decimal:
    """A non-negative amount with at most 2 decimals, from a number or a decimal string."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise ValueError("must be a number or a decimal string such as '12500.00'")
    try:
        amount = Decimal(str(raw).replace(",", "").strip())
    except InvalidOperation:
        raise ValueError(f"{raw!r} is not a number") from None
    if not amount.is_finite() or amount < 0 or amount >= MAX_AMOUNT:
        raise ValueError(f"{raw!r} must be between 0 and {MAX_AMOUNT:,.0f}")
    return amount.quantize(Decimal("0.01"))


def check_currency(raw: object) -> str:
    """An ISO 4217 currency code or a crypto asset (USDT …), upper-cased."""
    code = raw.strip().upper() if isinstance(raw, str) else ""
    if code in CRYPTO_ASSETS or (len(code) == 3 and pycountry.currencies.get(alpha_3=code)):
        return code
    raise ValueError(f"{raw!r} is not an ISO 4217 currency code or one of {sorted(CRYPTO_ASSETS)}")


def normalize_role(raw: object) -> str:
    """A role code from ROLES; spaces and underscores count as hyphens."""
    if not isinstance(raw, str):
        raise ValueError("must be a string")
    role = re.sub(r"[\s_]+", "-", raw.strip().lower())
    if role not in ROLES:
        raise ValueError(f"unknown role {raw!r}; use one of {', '.join(ROLES)}")
    return role


def _sightings(items: object, region: str, errors: _Errors) -> tuple[Sighting, ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        errors.add("identifiers", "must be a list of {value, type, role}")
        return ()
    if len(items) > MAX_IDENTIFIERS:
        errors.add("identifiers", f"has more than {MAX_IDENTIFIERS} items")
        return ()
    found: dict[tuple[str, str], Sighting] = {}
    for index, item in enumerate(items):
        where = f"identifiers[{index}]"
        if not isinstance(item, dict):
            errors.add(where, "must be an object with value, type and role")
            continue
        value = item.get("value")
        if not isinstance(value, str) or not value.strip():
            errors.add(f"{where}.value", "is required and must be a string")
            continue
        if len(value) > MAX_VALUE:
            errors.add(f"{where}.value", f"is longer than {MAX_VALUE} characters")
            continue
        try:
            role = normalize_role(item.get("role", "mentioned"))
        except ValueError as exc:
            errors.add(f"{where}.role", str(exc))
            continue
        kind = item.get("type") or "auto"
        try:
            identifier = parse(str(kind), value, default_region=region)
        except IdentifierError as exc:
            errors.add(f"{where}.value", str(exc))
            continue
        found.setdefault((identifier.key, role), Sighting(identifier, role, value.strip()))
        for implied in identifier.implied():
            found.setdefault((implied.key, role), Sighting(implied, role, value.strip(), True))
    return tuple(found.values())


def check_report(
    data: object,
    resolve_agency: Callable[[str], Agency],
    now: datetime,
    default_agency: Agency | None = None,
) -> ReportDraft:
    """Validate one report in the JSON contract; raise InvalidInput listing every problem.

    ``resolve_agency`` maps an agency code to the agency (raising InvalidInput when unknown);
    ``default_agency`` is used when the item names none (the caller's own agency).
    """
    if not isinstance(data, dict):
        raise InvalidInput("", "a report must be a JSON object")
    errors = _Errors()
    for unknown in sorted(set(data) - _FIELDS):
        errors.add(unknown, "is not a field of a report")

    external_id = _text(data, "external_id", errors, MAX_EXTERNAL_ID, required=True)
    agency = default_agency
    if data.get("agency") is not None:
        try:
            agency = resolve_agency(str(data["agency"]))
        except InvalidInput as exc:
            errors.add("agency", exc.reason)
    elif agency is None:
        errors.add("agency", "is required")

    received_at = now
    if data.get("received_at") is not None:
        try:
            received_at = parse_received_at(data["received_at"], now)
        except ValueError as exc:
            errors.add("received_at", str(exc))

    typology = data.get("typology") or "other"
    if not isinstance(typology, str) or typology not in TYPOLOGIES:
        errors.add("typology", f"unknown typology {typology!r}; use one of {', '.join(TYPOLOGIES)}")

    narrative = _text(data, "narrative", errors, MAX_NARRATIVE, required=False)
    language = _text(data, "language", errors, 35, required=False) or None
    if language and not _LANGUAGE_TAG.match(language):
        errors.add(
            "language", f"{language!r} is not a BCP 47 language tag such as 'th' or 'zh-Hans'"
        )

    amount: Decimal | None = None
    currency: str | None = None
    if data.get("amount_lost") not in (None, ""):
        try:
            amount = parse_amount(data["amount_lost"])
        except ValueError as exc:
            errors.add("amount_lost", str(exc))
        if data.get("currency") in (None, ""):
            errors.add("currency", "is required when amount_lost is given")
    if data.get("currency") not in (None, ""):
        try:
            currency = check_currency(data["currency"])
        except ValueError as exc:
            errors.add("currency", str(exc))

    marking = Marking(TLP.AMBER)
    try:
        marking = check_marking(
            data.get("tlp") or TLP.AMBER, data.get("sharing_groups"), data.get("recipients")
        )
    except InvalidInput as exc:
        errors.add(exc.field, exc.reason)
    purpose = _text(data, "purpose", errors, MAX_SHARING_TEXT, required=False) or DEFAULT_PURPOSE
    legal_basis = (
        _text(data, "legal_basis", errors, MAX_SHARING_TEXT, required=False) or DEFAULT_LEGAL_BASIS
    )
    approval_ref = _text(data, "approval_ref", errors, MAX_SHARING_TEXT, required=False) or None
    retain_until = received_at + DEFAULT_RETENTION
    if data.get("retain_until") is not None:
        try:
            retain_until = parse_retain_until(data["retain_until"], now)
        except ValueError as exc:
            errors.add("retain_until", str(exc))

    region = agency.country if agency else "ZZ"
    sightings = _sightings(data.get("identifiers"), region, errors)
    if errors.items:
        raise InvalidInput.of(errors.items)
    assert agency is not None
    return ReportDraft(
        external_id=external_id,
        agency=agency,
        received_at=received_at,
        typology=str(typology),
        narrative=narrative,
        language=language,
        amount_lost=amount,
        currency=currency,
        marking=marking,
        purpose=purpose,
        legal_basis=legal_basis,
        retain_until=retain_until,
        approval_ref=approval_ref,
        sightings=sightings,
    )

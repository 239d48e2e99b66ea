"""The identifiers of the synthetic region and the ways victims write them.

An item keeps the forms it may be written in; :meth:`Item.render` picks one per mention, with
the noise real reports carry: local number formats, URL variants (tracking parameters, upper-case
host, ``www.``, fragments, http), handle typos, values left for auto-detection.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from safemekong.synth.scams import HANDLE_TYPO_RATE

#: A rendered mention: the raw text and the declared type (None: left to auto-detection).
Mention = tuple[str, str | None]

_MOBILE_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})
_NON_DIGITS = re.compile(r"\D")
_TYPO_CHARS = string.ascii_lowercase + string.digits
T = TypeVar("T")


def choose(rng: random.Random, items: Sequence[T]) -> T:
    """``rng.choice`` without its overhead: the report stream draws a dozen per report."""
    return items[int(rng.random() * len(items))]


class Item(Protocol):
    """An identifier of an operation; ``value`` is its plain form (listed in operations.json)."""

    kind: str
    value: str

    def render(self, rng: random.Random, region: str) -> Mention:
        """One way a victim reporting to an agency of ``region`` writes this identifier."""


@dataclass(eq=False)
class Phone:
    """A phone number with the forms valid in its own country and those valid anywhere."""

    value: str
    country: str
    local: tuple[str, ...]
    international: tuple[str, ...]
    kind = "phone"

    def render(self, rng: random.Random, region: str) -> Mention:
        forms = self.local if region == self.country and rng.random() < 0.75 else self.international
        form = choose(rng, forms)
        # Digits with the country code but no plus look like other numbers: always say "phone".
        return form, ("phone" if rng.random() < 0.7 or form == self.value[1:] else None)

    def national(self) -> str:
        """The national form (``081 234 5678``) as e-wallet accounts are written."""
        return self.local[0]


def phone_from_number(number: phonenumbers.PhoneNumber, country: str) -> Phone:
    """Pre-render a number's forms: national with spaces, dashes or none, +CC forms, 00 form."""
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    spaced = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    local = [national, national.replace(" ", "-"), _NON_DIGITS.sub("", national)]
    if phonenumbers.parse(e164[1:], country) == number:
        local.append(e164[1:])  # "66812345678": the country code without its plus
    international = (spaced, e164, spaced.replace(" ", "-"), "00" + e164[1:])
    return Phone(e164, country, tuple(dict.fromkeys(local)), international)


def short_code_phone(e164: str, country: str, digits: str) -> Phone:
    """A short code (hotline, emergency number) is written only as its digits."""
    return Phone(e164, country, (digits,), (digits,))


@dataclass
class PhoneShapes:
    """Renders numbers like a representative of the same shape (country, length, first digits).

    ``phonenumbers`` formats each shape once; every other number of the shape is filled into the
    representative's forms, which is much faster and does not depend on the order of calls.
    """

    masks: dict[tuple[str, int, str], tuple[tuple[str, ...], tuple[str, ...]]] = field(
        default_factory=dict
    )

    def phone(self, country: str, national: str) -> Phone | None:
        """The number ``national`` (national significant digits) of ``country``, if valid."""
        cc = phonenumbers.country_code_for_region(country)
        number = phonenumbers.PhoneNumber(country_code=cc, national_number=int(national))
        if not phonenumbers.is_valid_number(number):
            return None
        if phonenumbers.number_type(number) not in _MOBILE_TYPES:
            return None
        key = (country, len(national), national[:_SHAPE_DIGITS])
        masks = self.masks.get(key)
        if masks is None:
            stand_in = national[:_SHAPE_DIGITS] + "0" * (len(national) - _SHAPE_DIGITS)
            sample = phonenumbers.PhoneNumber(country_code=cc, national_number=int(stand_in))
            shape = phone_from_number(sample, country)
            masks = (_mask(shape.local, len(national)), _mask(shape.international, len(national)))
            self.masks[key] = masks
        local, international = masks
        return Phone(
            f"+{cc}{national}",
            country,
            tuple(m.format(*national) for m in local),
            tuple(m.format(*national) for m in international),
        )


_SHAPE_DIGITS = 3


def _mask(forms: tuple[str, ...], width: int) -> tuple[str, ...]:
    """Each form with its last ``width`` digits (the national number) made ``{}`` slots."""
    masks = []
    for form in forms:
        chars = list(form)
        left = width
        for at in range(len(chars) - 1, -1, -1):
            if left and chars[at].isdigit():
                chars[at] = "{}"
                left -= 1
        masks.append("".join(chars))
    return tuple(masks)


@dataclass(eq=False)
class Site:
    """A scam site on one registered domain, with its host names and landing paths."""

    value: str
    hosts: tuple[str, ...]
    paths: tuple[str, ...]
    kind = "site"

    def render(self, rng: random.Random, region: str) -> Mention:
        draw = rng.random()
        host = choose(rng, self.hosts) + self.value
        if draw < 0.15:
            return host, ("domain" if rng.random() < 0.6 else None)
        if rng.random() < 0.03:
            host = host.upper()
        scheme = "https://" if rng.random() < 0.75 else "http://"
        path = choose(rng, self.paths)
        if path == "/" and rng.random() < 0.4:
            path = ""
        if rng.random() < 0.12:
            path = (path or "/") + ("&" if "?" in path else "?") + choose(rng, UTM_TAGS)
        if rng.random() < 0.05:
            path = (path or "/") + choose(rng, ("#top", "#/home", "#download"))
        return scheme + host + path, ("url" if rng.random() < 0.7 else None)


UTM_TAGS = (
    "utm_source=sms&utm_medium=text",
    "utm_source=facebook&utm_campaign=promo",
    "utm_source=telegram",
    "fbclid=IwAR0x7q",
    "utm_source=line&utm_medium=chat&utm_campaign=vip",
)


@dataclass(frozen=True)
class Platform:
    """How a chat platform's handles are written (``{}`` is the name)."""

    name: str
    display: str
    forms: tuple[str, ...]
    separator: str = "_"


PLATFORMS: dict[str, Platform] = {
    p.name: p
    for p in (
        Platform(
            "telegram",
            "Telegram",
            ("@{}", "t.me/{}", "https://t.me/{}", "telegram: @{}", "Telegram {}"),
        ),
        Platform(
            "line", "LINE", ("LINE ID: {}", "line: {}", "https://line.me/ti/p/~{}", "ไลน์: {}"), "."
        ),
        Platform("wechat", "WeChat", ("微信: {}", "wechat: {}", "vx: {}", "微信号: {}")),
        Platform(
            "facebook",
            "Facebook",
            ("https://www.facebook.com/{}", "facebook.com/{}", "fb: {}"),
            ".",
        ),
        Platform(
            "instagram",
            "Instagram",
            ("https://www.instagram.com/{}", "instagram.com/{}", "ig: {}"),
            ".",
        ),
        Platform("tiktok", "TikTok", ("https://www.tiktok.com/@{}",), "."),
        Platform("whatsapp", "WhatsApp", ("wa.me/{}", "https://wa.me/{}", "WhatsApp: +{}")),
    )
}


@dataclass(eq=False)
class Handle:
    """A chat handle; WhatsApp handles are the digits of a phone number."""

    platform: str
    name: str
    kind = "handle"
    value: str = field(init=False)

    def __post_init__(self) -> None:
        plus = "+" if self.platform == "whatsapp" else ""
        self.value = f"{self.platform}:{plus}{self.name}"

    def render(self, rng: random.Random, region: str) -> Mention:
        name = self.name
        if self.platform != "whatsapp" and rng.random() < HANDLE_TYPO_RATE:
            name = typo(name, rng)
        form = choose(rng, PLATFORMS[self.platform].forms).format(name)
        return form, ("handle" if rng.random() < 0.75 else None)


def typo(name: str, rng: random.Random) -> str:
    """``name`` with one letter or digit (never the first character) changed."""
    positions = [i for i in range(1, len(name)) if name[i].isalnum()]
    if not positions:
        return name
    at = rng.choice(positions)
    swap = rng.choice(_TYPO_CHARS.replace(name[at], ""))
    return name[:at] + swap + name[at + 1 :]


@dataclass(eq=False)
class Written:
    """An identifier written in one of a few fixed forms (accounts, wallets, e-mails, roots)."""

    value: str
    kind: str
    forms: tuple[str, ...]
    declared: str | None
    country: str | None = None

    def render(self, rng: random.Random, region: str) -> Mention:
        declared = self.declared if rng.random() < 0.75 else None
        return choose(rng, self.forms), declared

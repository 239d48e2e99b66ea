"""Benign noise drawn from the warning list: spoofed hotlines, platform roots, popular sites.

Victims report these all the time (the scammer spoofed the bank's number, sent a ``t.me``
link, mentioned Google). Taking them from the shipped warning list means a benchmark can show
what the list protects: without it, these values would glue unrelated operations together.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import phonenumbers

from safemekong.identifiers import parse_key
from safemekong.intel.warninglist import WarningList
from safemekong.synth.items import Item, Phone, Written, choose, phone_from_number, short_code_phone
from safemekong.synth.scams import PLATFORM_ROOTS, POPULAR_LISTS, SPOOF_LISTS, WEBMAIL_LIST

#: Platform roots also written with ``www.``.
_WWW_ROOTS = frozenset({"facebook.com", "instagram.com", "tiktok.com"})
#: How many popular domains the generator mentions (a fixed sample of the list).
POPULAR_SAMPLE = 200


@dataclass
class Benign:
    """The warning-list values a report may mention, by kind (phones by country)."""

    spoofed: dict[str, list[Phone]]
    roots: list[Written]
    popular: list[Written]
    webmail: tuple[str, ...]

    @classmethod
    def from_warning_list(cls, warning_list: WarningList, rng: random.Random) -> Benign:
        """Pick the noise values out of ``warning_list``; ``rng`` samples the popular domains."""
        spoofed: dict[str, list[Phone]] = {}
        domains: dict[str, list[str]] = {}
        for entry in sorted(warning_list, key=lambda e: e.key):
            kind, _, value = entry.key.partition(":")
            if kind == "phone" and entry.list in SPOOF_LISTS:
                phone = _hotline(entry.key)
                spoofed.setdefault(phone.country, []).append(phone)
            elif kind == "domain":
                domains.setdefault(entry.list, []).append(value)
        listed_roots = set(domains.get("platform-roots", ()))
        missing = [root for root in PLATFORM_ROOTS if root not in listed_roots]
        if missing:
            raise ValueError(f"the warning list lacks the platform roots {missing}")
        popular = sorted(d for name in POPULAR_LISTS for d in domains.get(name, ()))
        return cls(
            spoofed=spoofed,
            roots=[_domain(root, root in _WWW_ROOTS) for root in PLATFORM_ROOTS],
            popular=[
                _domain(d, True) for d in rng.sample(popular, min(POPULAR_SAMPLE, len(popular)))
            ],
            webmail=tuple(domains.get(WEBMAIL_LIST, ("gmail.com",))),
        )

    def spoofed_caller(self, country: str, rng: random.Random) -> Item | None:
        """A hotline or emergency number of ``country`` shown as a spoofed caller ID."""
        phones = self.spoofed.get(country)
        return choose(rng, phones) if phones else None


def _hotline(key: str) -> Phone:
    identifier = parse_key(key)
    details = identifier.details()
    region = str(details["region"])
    if details["line_type"] == "short_code":
        digits = identifier.canonical[len(str(details["country_code"])) + 1 :]
        return short_code_phone(identifier.canonical, region, digits)
    return phone_from_number(phonenumbers.parse(identifier.canonical), region)


def _domain(domain: str, www: bool) -> Written:
    forms: tuple[str, ...] = (domain, f"https://{domain}/", f"http://{domain}")
    if www:
        forms += (f"www.{domain}", f"https://www.{domain}/")
    return Written(domain, "domain", forms, None)

"""How scams behave and what their reports say: typologies, report profiles, losses, noise.

Declared as data; ``operations.py`` and ``world.py`` only sample from it. Tuning the realism of
the region (how many identifiers a report names, how often numbers are spoofed) happens here.
"""

from __future__ import annotations

from dataclasses import dataclass

#: How often each typology is an operation's main line of business.
TYPOLOGY_WEIGHTS: dict[str, float] = {
    "pig-butchering": 18,
    "authority-impersonation": 14,
    "task-rebate": 16,
    "investment": 14,
    "romance": 8,
    "loan": 8,
    "sextortion": 5,
    "job": 7,
    "illegal-gambling": 8,
    "other": 2,
}
#: Typologies that go together in one operation (a second line of business).
TYPOLOGY_PAIRS: dict[str, tuple[str, ...]] = {
    "pig-butchering": ("investment", "romance"),
    "investment": ("pig-butchering", "illegal-gambling"),
    "task-rebate": ("job", "investment"),
    "authority-impersonation": ("loan", "other"),
    "romance": ("pig-butchering", "sextortion"),
    "loan": ("sextortion", "authority-impersonation"),
    "sextortion": ("romance",),
    "job": ("task-rebate",),
    "illegal-gambling": ("investment",),
    "other": ("authority-impersonation",),
}


@dataclass(frozen=True)
class Slot:
    """A report of a typology names an identifier of ``kind`` in ``role`` with probability ``p``.

    ``extra`` is the probability of a second one (a second transfer, a mirror site).
    """

    role: str
    kind: str
    p: float
    extra: float = 0.0


#: What a victim report of each typology names. Kinds: phone (an operation's number), site
#: (URL or domain), handle, bank, wallet, email, image (SHA-256 of a stolen profile photo).
PROFILES: dict[str, tuple[Slot, ...]] = {
    "pig-butchering": (
        Slot("chat-contact", "handle", 0.95, 0.75),
        Slot("website", "site", 0.85, 0.65),
        Slot("wallet", "wallet", 0.8, 0.75),
        Slot("receiving-account", "bank", 0.4, 0.45),
        Slot("caller", "phone", 0.3, 0.15),
        Slot("profile-image", "image", 0.15, 0.15),
    ),
    "investment": (
        Slot("website", "site", 0.9, 0.75),
        Slot("chat-contact", "handle", 0.85, 0.65),
        Slot("wallet", "wallet", 0.55, 0.45),
        Slot("receiving-account", "bank", 0.7, 0.75),
        Slot("sms-sender", "phone", 0.35, 0.15),
    ),
    "task-rebate": (
        Slot("chat-contact", "handle", 0.95, 0.85),
        Slot("website", "site", 0.7, 0.55),
        Slot("receiving-account", "bank", 0.9, 0.9),
        Slot("wallet", "wallet", 0.25, 0.15),
        Slot("sms-sender", "phone", 0.45, 0.15),
    ),
    "authority-impersonation": (
        Slot("caller", "phone", 0.95, 0.85),
        Slot("chat-contact", "handle", 0.6, 0.55),
        Slot("receiving-account", "bank", 0.9, 0.9),
        Slot("website", "site", 0.35, 0.15),
        Slot("wallet", "wallet", 0.05, 0.15),
    ),
    "romance": (
        Slot("chat-contact", "handle", 0.95, 0.75),
        Slot("profile-image", "image", 0.4, 0.55),
        Slot("receiving-account", "bank", 0.85, 0.85),
        Slot("wallet", "wallet", 0.4, 0.15),
        Slot("email-sender", "email", 0.2, 0.15),
        Slot("caller", "phone", 0.35, 0.15),
    ),
    "loan": (
        Slot("website", "site", 0.8, 0.65),
        Slot("sms-sender", "phone", 0.7, 0.55),
        Slot("caller", "phone", 0.6, 0.55),
        Slot("receiving-account", "bank", 0.9, 0.85),
        Slot("chat-contact", "handle", 0.45, 0.15),
    ),
    "sextortion": (
        Slot("chat-contact", "handle", 0.95, 0.75),
        Slot("receiving-account", "bank", 0.75, 0.75),
        Slot("wallet", "wallet", 0.45, 0.15),
        Slot("profile-image", "image", 0.4, 0.15),
        Slot("email-sender", "email", 0.25, 0.15),
        Slot("caller", "phone", 0.4, 0.15),
    ),
    "job": (
        Slot("chat-contact", "handle", 0.9, 0.75),
        Slot("website", "site", 0.6, 0.55),
        Slot("sms-sender", "phone", 0.55, 0.15),
        Slot("caller", "phone", 0.4, 0.15),
        Slot("receiving-account", "bank", 0.55, 0.55),
        Slot("email-sender", "email", 0.35, 0.15),
    ),
    "illegal-gambling": (
        Slot("website", "site", 0.95, 0.9),
        Slot("receiving-account", "bank", 0.8, 0.75),
        Slot("chat-contact", "handle", 0.65, 0.55),
        Slot("sms-sender", "phone", 0.5, 0.15),
        Slot("wallet", "wallet", 0.35, 0.15),
    ),
    "other": (
        Slot("chat-contact", "handle", 0.8, 0.55),
        Slot("caller", "phone", 0.6, 0.15),
        Slot("receiving-account", "bank", 0.75, 0.65),
        Slot("website", "site", 0.5, 0.15),
    ),
}

#: Median loss in US dollars by typology (losses are log-normal around it, sigma LOSS_SIGMA).
LOSS_MEDIAN_USD: dict[str, float] = {
    "pig-butchering": 18_000,
    "investment": 7_000,
    "task-rebate": 2_500,
    "authority-impersonation": 11_000,
    "romance": 4_500,
    "loan": 350,
    "sextortion": 900,
    "job": 600,
    "illegal-gambling": 1_500,
    "other": 900,
}
LOSS_SIGMA = 1.2
#: Typologies whose victims often pay in USDT.
USDT_TYPOLOGIES: dict[str, float] = {"pig-butchering": 0.55, "investment": 0.4, "sextortion": 0.1}
#: Rough units per US dollar (only to make amounts plausible; not exchange data).
# fmt: off
UNITS_PER_USD: dict[str, float] = {
    "USD": 1, "USDT": 1, "CNY": 7.2, "THB": 35, "PHP": 56, "MYR": 4.6, "IDR": 15_800,
    "VND": 25_000, "KHR": 4_100, "MMK": 2_100, "LAK": 21_000, "SGD": 1.35,
}
# fmt: on
#: Share of reports that name no loss (an attempt reported before paying).
NO_LOSS_RATE = 0.07
TLP_WEIGHTS: dict[str, float] = {"CLEAR": 4, "GREEN": 25, "AMBER": 60, "AMBER+STRICT": 8, "RED": 3}

#: Share of reports that belong to no operation (a one-off scam, a mistaken report).
SINGLETON_RATE = 0.04
#: Number of operations for a scale: about OPERATIONS_FACTOR * scale ** OPERATIONS_EXPONENT.
OPERATIONS_FACTOR = 1.5
OPERATIONS_EXPONENT = 0.6
#: Operation weights are Pareto-distributed with this shape: a few big, many small.
PARETO_SHAPE = 1.25
#: Operations rotate identifiers: a new generation about every this many weeks.
GENERATION_WEEKS = 9
#: Share of a generation's identifiers that the next generation keeps.
CARRY_OVER = 0.3

#: Noise rates.
HANDLE_TYPO_RATE = 0.015
SPOOFED_CALLER_RATE: dict[str, float] = {"authority-impersonation": 0.4, "loan": 0.1, "other": 0.1}
SPOOFED_CALLER_BASE = 0.02
PLATFORM_ROOT_RATE = 0.1
POPULAR_DOMAIN_RATE = 0.02
#: Warning lists the generator draws benign noise from.
SPOOF_LISTS = ("bank-hotlines", "emergency-numbers", "government-hotlines")
PLATFORM_ROOTS = ("t.me", "facebook.com", "line.me", "wa.me", "instagram.com", "tiktok.com")
POPULAR_LISTS = ("top-domains", "platforms", "ecommerce")
WEBMAIL_LIST = "webmail"

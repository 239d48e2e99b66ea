"""Forging an operation's identifiers, each valid the way the hub checks it.

Phone numbers pass ``phonenumbers`` validity, UnionPay cards the Luhn check, TRON addresses
base58check (version 0x41), EVM addresses EIP-55 (as ``parse`` writes them); bank names resolve
in ``safemekong.identifiers``.
Nothing is made twice: a ``taken`` set holds every value made so far.
"""

from __future__ import annotations

import random
import string
from collections.abc import Sequence

import base58

from safemekong.identifiers import parse
from safemekong.synth.items import PLATFORMS, Handle, Phone, PhoneShapes, Site, Written, choose
from safemekong.synth.region import COUNTRIES, BankFormat

# fmt: off
#: Word stems of scam domains by typology; a brand is two stems, mirrors add numbers.
_STEMS: dict[str, tuple[str, ...]] = {
    "investment": ("coin", "trade", "ex", "fx", "bit", "usdt", "gold", "capital", "asset",
                   "wealth", "quant", "token", "vault", "prime"),
    "illegal-gambling": ("bet", "win", "casino", "slot", "lucky", "vip", "king", "club", "sport",
                         "lotto", "royal", "dragon", "tiger", "ace"),
    "task-rebate": ("task", "mall", "shop", "order", "boost", "earn", "rebate", "star", "like",
                    "reward", "agent", "media", "promo", "deal"),
    "loan": ("loan", "cash", "kredit", "pinjam", "vay", "dana", "money", "fast", "easy", "credit",
             "quick", "tien"),
    "authority-impersonation": ("police", "case", "check", "secure", "verify", "safe", "court",
                                "cyber", "protect", "audit"),
    "romance": ("love", "date", "meet", "chat", "sweet", "heart", "moon", "angel", "kiss", "match",
                "soul"),
}
#: Landing paths of scam sites by typology (``{code}`` is an invitation code).
_PATHS: dict[str, tuple[str, ...]] = {
    "investment": ("/", "/login", "/register?code={code}", "/#/pages/login/login", "/trade",
                   "/download"),
    "illegal-gambling": ("/", "/register?ref={code}", "/m/", "/promo"),
    "task-rebate": ("/", "/task", "/#/order", "/reg?inv={code}"),
    "loan": ("/", "/apply", "/download/app.apk"),
    "authority-impersonation": ("/", "/case?id={code}", "/verify"),
    "romance": ("/", "/app"),
}
TLDS = ("com", "vip", "top", "xyz", "cc", "net", "app", "shop", "club", "online", "site", "live",
        "asia", "io", "pro", "win", "bet")
HOST_PREFIXES = ("", "www.", "m.", "h5.", "app.")
#: Persona names and words scammers build handles from.
PERSONAS = ("lisa", "anna", "mia", "amy", "emma", "linda", "jenny", "sara", "kevin", "jason",
            "david", "alex", "leo", "tony", "eric", "ryan", "nina", "vivian", "grace", "cindy",
            "somchai", "ploy", "minh", "linh", "ayu", "putri", "budi", "siti", "mei", "ling",
            "xiaoyu", "chen", "wei", "hana", "jessica", "daniel")
HANDLE_WORDS = ("vip", "cs", "service", "support", "invest", "trade", "mentor", "coach", "hr",
                "admin", "official", "fx", "usdt", "team", "helpdesk", "agent")
# fmt: on
#: Typologies whose sites look like another's.
_LOOKS_LIKE = {
    "pig-butchering": "investment",
    "job": "task-rebate",
    "sextortion": "romance",
    "other": "task-rebate",
}
DOMAIN_STEMS = {t: _STEMS[_LOOKS_LIKE.get(t, t)] for t in (*_STEMS, *_LOOKS_LIKE)}
LANDING_PATHS = {t: _PATHS[_LOOKS_LIKE.get(t, t)] for t in (*_PATHS, *_LOOKS_LIKE)}
MAIL_BOXES = ("support", "service", "hr", "admin", "kefu", "info", "verify")


class Forge:
    """Makes fresh identifiers; ``taken`` holds every value made so far, so none repeats."""

    def __init__(self, rng: random.Random, taken: set[str], shapes: PhoneShapes) -> None:
        self.rng = rng
        self.taken = taken
        self.shapes = shapes

    def _claim(self, value: str) -> bool:
        if value in self.taken:
            return False
        self.taken.add(value)
        return True

    def phone(self, country: str) -> Phone:
        """A valid mobile number of ``country``, never made before."""
        profile = COUNTRIES[country]
        rng = self.rng
        for _ in range(1000):
            prefix = choose(rng, profile.prefixes)
            length = choose(rng, profile.mobile_lengths)
            national = prefix + "".join(rng.choices(string.digits, k=length - len(prefix)))
            phone = self.shapes.phone(country, national)
            if phone is not None and self._claim(phone.value):
                return phone
        raise RuntimeError(f"could not draw a fresh {country} mobile number")

    def site(self, typology: str) -> list[Site]:
        """A brand's numbered mirror domains (the first is live first)."""
        rng = self.rng
        stems = DOMAIN_STEMS[typology]
        while True:
            first, second = rng.sample(stems, 2)
            brand = first + ("-" if rng.random() < 0.2 else "") + second
            tld = rng.choice(TLDS)
            start = rng.randrange(1, 990)
            before = rng.random() < 0.3
            names = [f"{n}{brand}" if before else f"{brand}{n}" for n in range(start, start + 4)]
            if all(self._claim(f"domain:{name}.{tld}") for name in names):
                break
        code = "".join(rng.choices(string.ascii_uppercase + string.digits, k=6))
        paths = tuple(p.format(code=code) for p in LANDING_PATHS[typology])
        return [Site(f"{name}.{tld}", tuple(rng.sample(HOST_PREFIXES, 2)), paths) for name in names]

    def handle(self, platform: str, persona: str, markets: Sequence[str]) -> Handle:
        """A fresh handle on ``platform`` (WhatsApp: a fresh number of one of the markets)."""
        if platform == "whatsapp":
            return Handle("whatsapp", self.phone(self.rng.choice(markets)).value[1:])
        separator = PLATFORMS[platform].separator
        while True:
            word = self.rng.choice(HANDLE_WORDS)
            digits = str(self.rng.randrange(10, 9999))
            name = f"{persona}{separator}{word}{digits}"[:20]
            if self._claim(f"handle:{platform}:{name.replace('.', '')}"):
                return Handle(platform, name)

    def account(self, country: str) -> Written:
        """A mule account at a bank of ``country``, written with the bank's name."""
        bank = self.rng.choice(COUNTRIES[country].banks)
        while True:
            digits = _account_digits(self.rng, bank)
            if self._claim(f"bank:{country}:{bank.names[0]}:{digits}"):
                break
        grouped = _group(digits, bank.grouping)
        forms = [f"{name} {grouped}" for name in bank.names] + [f"{bank.names[0]} {digits}"]
        if bank.luhn:
            forms += [grouped, digits]  # a bare UnionPay card number identifies itself
        return Written(forms[0], "bank", tuple(forms), "bank", country)

    def ewallet(self, country: str) -> Written | None:
        """An e-wallet account on a fresh number, or None where the table names no e-wallet."""
        names = COUNTRIES[country].ewallets
        if not names:
            return None
        name = self.rng.choice(names)
        phone = self.phone(country)
        forms = (f"{name} {phone.national()}", f"{name} {phone.local[-1]}", f"{name} {phone.value}")
        return Written(forms[0], "bank", forms, "bank", country)

    def wallet(self) -> Written:
        """A TRON address (four in five) or an EVM address, with a valid checksum."""
        while True:
            payload = self.rng.randbytes(20)
            if self.rng.random() < 0.8:
                address = base58.b58encode_check(b"\x41" + payload).decode()
                forms = (address, address, f"USDT-TRC20 {address}", f"TRC20: {address}")
            else:
                address = parse("wallet", "0x" + payload.hex()).canonical.partition(":")[2]
                forms = (address, address.lower(), f"ERC20: {address}", f"BEP20 {address.lower()}")
            if self._claim(address):
                return Written(address, "wallet", forms, "wallet")

    def email(self, persona: str, site: Site | None, webmail: tuple[str, ...]) -> Written:
        """A sender address on the operation's own domain or on a big webmail service."""
        while True:
            if site is not None and self.rng.random() < 0.5:
                address = f"{self.rng.choice(MAIL_BOXES)}@{site.value}"
            else:
                number = self.rng.randrange(1, 9999)
                address = (
                    f"{persona}.{self.rng.choice(HANDLE_WORDS)}{number}@{self.rng.choice(webmail)}"
                )
            if self._claim(address):
                return Written(address, "email", (address,), "email")

    def image(self) -> Written:
        """The SHA-256 of a stolen profile photo."""
        value = "sha256:" + self.rng.randbytes(32).hex()
        return Written(value, "image", (value,), "image")


def _account_digits(rng: random.Random, bank: BankFormat) -> str:
    length = bank.grouping.count("#")
    prefix = rng.choice(bank.prefixes)
    body = prefix + "".join(rng.choices(string.digits, k=length - len(prefix) - bank.luhn))
    return _with_luhn_digit(body) if bank.luhn else body


def _with_luhn_digit(body: str) -> str:
    """``body`` followed by its Luhn (mod 10) check digit, as card numbers end."""
    total = 0
    for position, char in enumerate(reversed(body)):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return body + str(-total % 10)


def _group(digits: str, grouping: str) -> str:
    """Write ``digits`` in the ``#`` slots of ``grouping`` (``###-#-#####-#``)."""
    out = iter(digits)
    return "".join(next(out) if slot == "#" else slot for slot in grouping)

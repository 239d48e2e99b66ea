"""Languages of the pages: gettext catalogues, the visitor's choice, and Babel formatting.

Catalogues are the ``.po`` files under ``translations/`` (English is the source language).
They are compiled to ``.mo`` form in memory when first used, so what ships (``*.po`` in the
wheel) and what runs can never differ; ``make web-messages`` re-extracts the messages and
updates them. Dates, numbers, money and country names are formatted by Babel in the visitor's
locale; times are shown in the time zone of the signed-in user's agency's country.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Final
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import Translations

TRANSLATIONS: Final = Path(__file__).parent / "translations"
DOMAIN: Final = "messages"
#: Offered languages: code -> the language's own name (as the switch shows it).
LANGUAGES: Final[dict[str, str]] = {"en": "English", "zh_Hans": "简体中文", "th": "ไทย"}
DEFAULT: Final = "en"
#: The value of ``<html lang>`` for each language (BCP 47).
HTML_LANG: Final[dict[str, str]] = {"en": "en", "zh_Hans": "zh-Hans", "th": "th"}
COOKIE: Final = "sm_lang"
#: Time zone pages use for an agency's country (UTC when the country is not listed).
COUNTRY_ZONES: Final[dict[str, str]] = {
    "CN": "Asia/Shanghai",
    "TH": "Asia/Bangkok",
    "VN": "Asia/Ho_Chi_Minh",
    "KH": "Asia/Phnom_Penh",
    "LA": "Asia/Vientiane",
    "MM": "Asia/Yangon",
    "PH": "Asia/Manila",
    "MY": "Asia/Kuala_Lumpur",
    "SG": "Asia/Singapore",
    "ID": "Asia/Jakarta",
}


def choose(cookie: str | None, accept_language: str | None) -> str:
    """The page language: the remembered choice, else the browser's first offered match."""
    if cookie in LANGUAGES:
        return str(cookie)
    for tag in _accepted(accept_language or ""):
        if tag.startswith("zh") and not any(t in tag for t in ("hant", "-tw", "-hk", "-mo")):
            return "zh_Hans"
        primary = tag.split("-")[0]
        if primary in LANGUAGES:
            return primary
    return DEFAULT


def _accepted(header: str) -> list[str]:
    """Language tags of an Accept-Language header, most wanted first (at most 20 read)."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        if tag and weight > 0:
            weighted.append((-weight, position, tag.lower()))
    return [tag for _, _, tag in sorted(weighted)]


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``language`` (English: the messages as written)."""
    path = TRANSLATIONS / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == DEFAULT or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as source:
        catalog = read_po(source, locale=language, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


@dataclass(frozen=True)
class Formats:
    """Babel formatting in one language and time zone (the templates' ``fmt``)."""

    language: str
    zone: str = "UTC"

    @property
    def locale(self) -> Locale:
        return _locale(self.language)

    def when(self, value: str | datetime | None, form: str = "medium") -> str:
        """A date and time (ISO text or datetime) in the reader's zone, e.g. 29 พ.ย. 2026 18:49."""
        moment = _moment(value)
        if moment is None:
            return ""
        return format_datetime(moment, form, tzinfo=ZoneInfo(self.zone), locale=self.locale)

    def day(self, value: str | datetime | None) -> str:
        moment = _moment(value)
        if moment is None:
            return ""
        return format_date(moment.astimezone(ZoneInfo(self.zone)), "medium", locale=self.locale)

    def number(self, value: int | float | Decimal | str | None) -> str:
        amount = _decimal(value)
        return "" if amount is None else format_decimal(amount, locale=self.locale)

    def money(self, value: int | float | Decimal | str | None, currency: str | None) -> str:
        """An amount in its currency (crypto assets such as USDT keep their code)."""
        amount = _decimal(value)
        if amount is None:
            return ""
        if not currency:
            return format_decimal(amount, locale=self.locale)
        return format_currency(amount, currency, locale=self.locale)

    def country(self, code: str | None) -> str:
        """A country's name in the reader's language (the code when Babel has none)."""
        if not code:
            return ""
        return str(self.locale.territories.get(code.upper(), code))

    def countries(self, codes: list[str]) -> str:
        return ", ".join(self.country(code) for code in codes)


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


def _moment(value: str | datetime | None) -> datetime | None:
    if value is None or value == "":
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _decimal(value: int | float | Decimal | str | None) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def zone_of(country: str | None) -> str:
    return COUNTRY_ZONES.get((country or "").upper(), "UTC")

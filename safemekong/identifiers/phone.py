"""Phone numbers: E.164 keys via ``phonenumbers``, with region and line type.

Short codes that ``phonenumbers.shortnumberinfo`` knows for the region (emergency 191, bank
hotlines 1333, 95588) are accepted too, keyed ``phone:+<country code><digits>``: that is how
warning lists name a bank's hotline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType, shortnumberinfo

from safemekong.identifiers.base import Identifier, Reject
from safemekong.identifiers.text import ascii_digits, compact

#: phonenumbers' line types as the names SafeMekong shows.
LINE_TYPES: dict[int, str] = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "fixed_line",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.PREMIUM_RATE: "premium_rate",
    PhoneNumberType.SHARED_COST: "shared_cost",
    PhoneNumberType.PERSONAL_NUMBER: "personal_number",
    PhoneNumberType.PAGER: "pager",
    PhoneNumberType.UAN: "uan",
    PhoneNumberType.VOICEMAIL: "voicemail",
}
SHORT_CODE = "short_code"

#: phonenumbers' parse errors as reasons for a person.
_PARSE_REASONS: dict[int, str] = {
    NumberParseException.INVALID_COUNTRY_CODE: "unknown country code",
    NumberParseException.NOT_A_NUMBER: "not a phone number",
    NumberParseException.TOO_SHORT_AFTER_IDD: "too short after the international prefix",
    NumberParseException.TOO_SHORT_NSN: "too short for a phone number",
    NumberParseException.TOO_LONG: "too long for a phone number",
}

_MAX_CHARS = 64
#: Digits with the separators people write, an optional leading + or 00, an optional extension.
_PHONE_TEXT = re.compile(
    r"(?:tel:)?\s*[+(]?\s*\+?[0-9][0-9\s().\-‐‑‒–—―−/]*"
    r"(?:\s*(?:ext\.?|extension|x|#)\s*[0-9]{1,7})?",
    re.IGNORECASE,
)

#: A short code is written as one run of digits, optionally after +<country code>.
_SHORT_CODE_TEXT = re.compile(r"(?:\+[0-9]{1,3}\s?)?[0-9]{3,8}")


@dataclass(frozen=True, eq=False, kw_only=True)
class PhoneNumber(Identifier):
    """A phone number in E.164 form (``+66812345678``) or a short code (``+661333``)."""

    type: ClassVar[str] = "phone"

    region: str | None
    country_code: int
    line_type: str
    extension: str | None = None
    raw: str = ""


def parse_phone(text: str, default_region: str | None) -> PhoneNumber:
    """Parse a phone number; ``default_region`` applies to numbers without a country code."""
    if len(text) > _MAX_CHARS:
        raise Reject(f"longer than {_MAX_CHARS} characters for a phone number")
    plain = ascii_digits(text)
    if not _PHONE_TEXT.fullmatch(plain):
        raise Reject("not a phone number: only digits, spaces, - . ( ) / and a leading + belong")
    number = _to_number(plain, default_region)
    cc = number.country_code
    if cc is None:
        raise Reject("no country code")
    national = phonenumbers.national_significant_number(number)
    line_type = LINE_TYPES.get(phonenumbers.number_type(number))
    region = phonenumbers.region_code_for_number(number)
    if line_type is None:
        region = default_region if cc == _country_code(default_region) else _main_region(cc)
        if not (_SHORT_CODE_TEXT.fullmatch(plain) and _is_short_code(number, region)):
            where = f"region {region}" if region else f"country code +{cc}"
            raise Reject(f"not a valid number for {where}")
        line_type = SHORT_CODE
    return PhoneNumber(
        f"+{cc}{national}",
        region=region,
        country_code=cc,
        line_type=line_type,
        extension=number.extension or None,
        raw=text,
    )


def _to_number(text: str, default_region: str | None) -> phonenumbers.PhoneNumber:
    body = text[4:] if text[:4].lower() == "tel:" else text
    digits_only = compact(body).lstrip("(")
    if digits_only.startswith("00"):
        # "0066…" is the ITU international prefix; phonenumbers reads some regions' own
        # prefixes (Thailand's 00x) first and gets the country wrong.
        try:
            number = phonenumbers.parse("+" + digits_only[2:].replace(")", ""))
        except NumberParseException:
            pass
        else:
            if phonenumbers.is_valid_number(number):
                return number
    if default_region is None and not body.lstrip("( ").startswith("+"):
        raise Reject("no country code: write it as +CC… or give default_region")
    try:
        return phonenumbers.parse(body, default_region)
    except NumberParseException as exc:
        raise Reject(_PARSE_REASONS.get(exc.error_type, "not a phone number")) from exc


def _is_short_code(number: phonenumbers.PhoneNumber, region: str | None) -> bool:
    if number.extension or region is None:
        return False
    return bool(shortnumberinfo.is_valid_short_number_for_region(number, region))


def _country_code(region: str | None) -> int | None:
    return phonenumbers.country_code_for_region(region) if region else None


def _main_region(cc: int) -> str | None:
    region = phonenumbers.region_code_for_country_code(cc)
    return None if region == phonenumbers.UNKNOWN_REGION else str(region)

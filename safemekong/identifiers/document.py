"""Identity documents: Chinese resident ID, Thai national ID, passports.

Check characters are verified (ISO 7064 MOD 11-2 for China, the Thai mod-11 digit), so a
mistyped number is rejected rather than stored as another person's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from safemekong.identifiers.base import Identifier, Reject
from safemekong.identifiers.regions import country
from safemekong.identifiers.text import compact, digits, fold, split_label

CN_RESIDENT_ID = "cn-resident-id"
TH_NATIONAL_ID = "th-national-id"
PASSPORT = "passport"

#: The labels people write before a document number, by kind.
KIND_ALIASES: dict[str, tuple[str, ...]] = {
    CN_RESIDENT_ID: ("cn-resident-id", "cn-id", "resident-id", "身份证", "身份证号", "居民身份证"),
    TH_NATIONAL_ID: ("th-national-id", "th-id", "thai-id", "เลขประจำตัวประชาชน", "บัตรประชาชน"),
    PASSPORT: ("passport", "passport-no", "护照", "护照号", "หนังสือเดินทาง"),
}
_KINDS = {fold(alias): kind for kind, aliases in KIND_ALIASES.items() for alias in aliases}

#: First two digits of a Chinese resident ID: province-level divisions (83: Taiwan residents).
CN_PROVINCES: frozenset[str] = frozenset(
    {
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
    }
)
_CN_WEIGHTS: tuple[int, ...] = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CN_CHECK = "10X98765432"
_CN_ID = re.compile(r"[0-9]{17}[0-9X]")
_PASSPORT_NUMBER = re.compile(r"[A-Z0-9]{3,20}")
_EARLIEST_BIRTH_YEAR = 1900


@dataclass(frozen=True, eq=False, kw_only=True)
class Document(Identifier):
    """An identity document number (``cn-resident-id:11010519491231002X``)."""

    type: ClassVar[str] = "document"

    kind: str
    country: str
    number: str
    birth_date: str | None = None
    sex: str | None = None


def parse_document(text: str, default_region: str | None = None) -> Document:
    """Parse ``kind:number`` (``passport:CC:NUMBER``) or a bare check-digit-valid ID number."""
    split = split_label(text)
    if split is not None and split[0] in _KINDS:
        kind, value = _KINDS[split[0]], split[1]
        return _PARSERS[kind](value)
    number = compact(text).upper()
    if len(number) == 18:
        return cn_resident_id(number)
    if len(number) == 13 and number.isdigit():
        return th_national_id(number)
    raise Reject(
        "give the kind: cn-resident-id:<18 characters>, th-national-id:<13 digits>"
        " or passport:<country>:<number>"
    )


def cn_resident_id(value: str) -> Document:
    """A Chinese resident ID; 15-digit first-generation numbers are upgraded to 18."""
    number = compact(value).upper()
    if len(number) == 15 and number.isdigit():
        number = number[:6] + "19" + number[6:]
        number += _cn_check(number)
    if not _CN_ID.fullmatch(number):
        raise Reject("a Chinese resident ID has 17 digits and a check digit or X")
    if number[:2] not in CN_PROVINCES:
        raise Reject(f"{number[:2]} is not a Chinese province code")
    born = _birth_date(number[6:14])
    if _cn_check(number[:17]) != number[17]:
        raise Reject("the check character does not match (ISO 7064 MOD 11-2)")
    return Document(
        f"{CN_RESIDENT_ID}:{number}",
        kind=CN_RESIDENT_ID,
        country="CN",
        number=number,
        birth_date=born.isoformat(),
        sex="M" if int(number[16]) % 2 else "F",
    )


def th_national_id(value: str) -> Document:
    """A Thai 13-digit national ID (separators allowed)."""
    number = digits(value, "Thai national ID")
    if len(number) != 13:
        raise Reject(f"a Thai national ID has 13 digits, not {len(number)}")
    if not th_national_id_valid(number):
        raise Reject("the check digit does not match")
    return Document(f"{TH_NATIONAL_ID}:{number}", kind=TH_NATIONAL_ID, country="TH", number=number)


def th_national_id_valid(number: str) -> bool:
    """True for 13 digits whose last is the Thai mod-11 check digit of the first twelve."""
    if len(number) != 13 or not number.isdigit():
        return False
    total = sum(int(char) * (13 - position) for position, char in enumerate(number[:12]))
    return (11 - total % 11) % 10 == int(number[12])


def passport(value: str) -> Document:
    """``CC:NUMBER``: the issuing country and the number as given, upper-cased, unspaced."""
    code, sep, number = value.partition(":")
    if not sep:
        raise Reject("a passport is written passport:<issuing country>:<number>")
    issuer = country(code, "issuing country")
    number = "".join(number.split()).upper()
    if not _PASSPORT_NUMBER.fullmatch(number):
        raise Reject("a passport number has 3–20 letters and digits")
    return Document(f"{PASSPORT}:{issuer}:{number}", kind=PASSPORT, country=issuer, number=number)


_PARSERS = {CN_RESIDENT_ID: cn_resident_id, TH_NATIONAL_ID: th_national_id, PASSPORT: passport}


def _cn_check(first17: str) -> str:
    return _CN_CHECK[sum(int(c) * w for c, w in zip(first17, _CN_WEIGHTS, strict=True)) % 11]


def _birth_date(yyyymmdd: str) -> date:
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError as exc:
        raise Reject(f"{yyyymmdd} is not a valid birth date") from exc
    if born.year < _EARLIEST_BIRTH_YEAR or born > date.today():
        raise Reject(f"{yyyymmdd} is not a plausible birth date")
    return born

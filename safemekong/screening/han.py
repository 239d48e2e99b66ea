"""Han names: traditional folded to simplified, then Mandarin pinyin (with surname readings),
Wade-Giles, and the Cantonese and Hokkien/Teochew surname spellings used in the region."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final


@dataclass(frozen=True)
class Surname:
    simplified: str
    mandarin: str
    cantonese: tuple[str, ...]
    hokkien: tuple[str, ...]


@cache
def surnames() -> dict[str, Surname]:
    """The surname table (``data/han_surnames.csv``) keyed by simplified and traditional form."""
    text = resources.files("safemekong.screening").joinpath("data/han_surnames.csv").read_text()
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    table: dict[str, Surname] = {}
    for row in rows:
        entry = Surname(
            row["simplified"],
            row["mandarin"],
            tuple(row["cantonese"].split("|")),
            tuple(row["hokkien"].split("|")),
        )
        table.setdefault(row["simplified"], entry)
        table.setdefault(row["traditional"], entry)
    return table


@cache
def _t2s() -> object:
    import opencc  # opencc-python-reimplemented: pure Python, ships its dictionaries

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Fold traditional characters to simplified (趙偉 → 赵伟)."""
    return str(_t2s().convert(text))  # type: ignore[attr-defined]


def pinyin(text: str) -> list[str]:
    """Toneless pinyin syllables, ü written u (as on passports: 吕 → lu)."""
    from pypinyin import lazy_pinyin

    return [s.replace("ü", "u").lower() for s in lazy_pinyin(text, v_to_u=True) if s.strip()]


# Pinyin → Wade-Giles, apostrophes of aspiration dropped (they vanish in screening anyway).
_WG_WHOLE: Final[dict[str, str]] = {
    "zi": "tzu",
    "ci": "tzu",
    "si": "ssu",
    "zhi": "chih",
    "chi": "chih",
    "shi": "shih",
    "ri": "jih",
    "yi": "i",
    "you": "yu",
    "yan": "yen",
    "ye": "yeh",
    "er": "erh",
    "e": "o",
    "yong": "yung",
    "yue": "yueh",
    "yuan": "yuan",
    "yun": "yun",
}
_WG_INITIALS: Final[tuple[tuple[str, str], ...]] = (
    ("zh", "ch"),
    ("ch", "ch"),
    ("sh", "sh"),
    ("b", "p"),
    ("p", "p"),
    ("d", "t"),
    ("t", "t"),
    ("g", "k"),
    ("k", "k"),
    ("z", "ts"),
    ("c", "ts"),
    ("j", "ch"),
    ("q", "ch"),
    ("x", "hs"),
    ("r", "j"),
)
_WG_FINALS: Final[tuple[tuple[str, str], ...]] = (
    ("iong", "iung"),
    ("ong", "ung"),
    ("ian", "ien"),
    ("ie", "ieh"),
    ("ue", "ueh"),
    ("ui", "uei"),
    ("iu", "iu"),
)


def wade_giles(syllable: str) -> str:
    """One pinyin syllable in Wade-Giles (zhao → chao, xiao → hsiao, ping → ping)."""
    if syllable in _WG_WHOLE:
        return _WG_WHOLE[syllable]
    initial, rest = "", syllable
    for py, wg in _WG_INITIALS:
        if syllable.startswith(py):
            initial, rest = wg, syllable[len(py) :]
            break
    if initial and rest == "e":
        rest = "o" if syllable[0] in "gkh" else "e"
    elif initial and rest == "uo" and syllable[0] not in "gkhs":
        rest = "o"
    for py, wg in _WG_FINALS:
        if rest.endswith(py):
            rest = rest[: -len(py)] + wg
            break
    return initial + rest


@dataclass(frozen=True)
class HanReading:
    """One romanised reading of a Han name: surname and given name as tokens."""

    surname: str
    given: str
    via: str


def _split_family(parts: list[str]) -> tuple[str, list[str]]:
    """The family-name part and the rest: the first part, or the last when only it is a known
    surname or a single character after a longer one (given name first, as on foreign forms:
    桂荣 兰)."""
    table = surnames()
    if len(parts) == 1:
        text = parts[0]
        known = table.get(text[:2]) if len(text) > 2 else None
        size = len(known.simplified) if known else 1
        return text[:size], [text[size:]] if text[size:] else []
    first_known = len(parts[0]) <= 2 and parts[0] in table
    last_known = len(parts[-1]) <= 2 and parts[-1] in table
    if not first_known and (last_known or (len(parts[-1]) == 1 < len(parts[0]))):
        return parts[-1], parts[:-1]
    return parts[0], parts[1:]


def han_readings(name: str) -> list[HanReading]:
    """The readings worth comparing for a Han name, most standard first."""
    text = to_simplified(name)
    parts = [p for p in re.split(r"[\s·•・]+", text) if p]
    if not parts:
        return []
    family, given_parts = _split_family(parts)
    known = surnames().get(family)
    family_py = known.mandarin if known else "".join(pinyin(family))
    given_py = [pinyin(part) for part in given_parts]

    def given(convert: Callable[[str], str] = str) -> str:
        return " ".join("".join(convert(s) for s in part) for part in given_py)

    wg_family = (
        wade_giles(known.mandarin) if known else "".join(wade_giles(s) for s in pinyin(family))
    )
    readings = [
        HanReading(family_py, given(), "pinyin"),
        HanReading(wg_family, given(wade_giles), "wade-giles"),
    ]
    if known is not None:
        readings += [
            HanReading(spelling, given(), "cantonese-surname") for spelling in known.cantonese
        ]
        readings += [HanReading(spelling, given(), "hokkien-surname") for spelling in known.hokkien]
    unique: dict[tuple[str, str], HanReading] = {}
    for reading in readings:
        unique.setdefault((reading.surname, reading.given), reading)
    return list(unique.values())

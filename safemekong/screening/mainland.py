"""Thai, Burmese, Khmer and Lao names to Latin tokens.

Thai goes through pythainlp's offline RTGS engine (``royin``) with Thai-Chinese "Sae-"
surnames kept as one token; Burmese is converted from Zawgyi when detected, split into
syllables and spelt from a table (general transliterators turn Burmese into nonsense); Khmer
words come from a table with anyascii as the fallback; Lao uses anyascii.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final

from anyascii import anyascii


@dataclass(frozen=True)
class Romanised:
    """Latin tokens of a name, the honorifics among them and how they were made."""

    tokens: tuple[str, ...]
    weak: frozenset[str]
    via: str
    note: str = ""


def _table(name: str) -> list[dict[str, str]]:
    text = resources.files("safemekong.screening").joinpath(f"data/{name}").read_text()
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


def _latin_tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[^a-z0-9]+", anyascii(text).lower()) if t]


# -- Thai -----------------------------------------------------------------------------------
_SAE: Final = "แซ่"


@cache
def _thai_romanize() -> object:
    from pythainlp.transliterate import romanize  # offline engine; import takes ~2 s

    return romanize


def warm_up() -> None:
    """Load pythainlp's engine now (about 2 s) rather than on the first Thai name screened."""
    _thai_romanize()


def thai(name: str) -> Romanised:
    """RTGS tokens of a Thai name (แซ่โจว → saechou, as Thai-Chinese surnames are written)."""
    romanize = _thai_romanize()
    tokens = []
    for word in name.split():
        prefix = ""
        if word.startswith(_SAE) and len(word) > len(_SAE):
            prefix, word = "sae", word[len(_SAE) :]
        latin = "".join(_latin_tokens(romanize(word, engine="royin")))  # type: ignore[operator]
        if latin:
            tokens.append(prefix + latin)
    return Romanised(tuple(tokens), frozenset(), "thai-rtgs")


# -- Burmese --------------------------------------------------------------------------------
_CONSONANT = "\u1000-\u1021\u1023-\u102a\u103f\u104c-\u104f"
# A syllable starts at a consonant that carries no asat (U+103A, possibly after the dot below
# U+1037) or stacking virama (U+1039) and is not itself stacked under the previous one.
_SYLLABLE_START: Final = re.compile(rf"(?<!\u1039)(?=[{_CONSONANT}](?!\u1037?[\u103a\u1039]))")


@cache
def _burmese_table() -> tuple[dict[str, str], frozenset[str]]:
    rows = _table("burmese_syllables.csv")
    spelled = {r["burmese"]: r["latin"] for r in rows}
    honorifics = frozenset(r["latin"] for r in rows if r["role"] == "honorific")
    return spelled, honorifics


@cache
def _zawgyi() -> object:
    from myanmartools import ZawgyiDetector

    return ZawgyiDetector()


def from_zawgyi(text: str) -> tuple[str, bool]:
    """Unicode Burmese for ``text``, converting legacy Zawgyi when it is detected."""
    probability = _zawgyi().get_zawgyi_probability(text)  # type: ignore[attr-defined]
    if probability < 0.95:
        return text, False
    import myanmar.converter

    return str(myanmar.converter.convert(text, "zawgyi", "unicode")), True


def burmese_syllables(text: str) -> list[str]:
    """Split Unicode Burmese into syllables (no spaces are needed between them)."""
    out: list[str] = []
    for word in text.split():
        out.extend(s for s in _SYLLABLE_START.split(word) if s)
    return out


def burmese(name: str) -> Romanised:
    """Latin tokens of a Burmese name, one per syllable; leading honorifics are weak."""
    text, converted = from_zawgyi(name)
    spelled, honorifics = _burmese_table()
    tokens: list[str] = []
    unknown = 0
    for syllable in burmese_syllables(text):
        latin = spelled.get(syllable)
        if latin is None:
            unknown += 1
            latin = "".join(_latin_tokens(syllable))
        if latin:
            tokens.append(latin)
    weak = set()
    for token in tokens[:-1]:  # honorifics come first; a name is never only honorifics
        if token not in honorifics:
            break
        weak.add(token)
    note = "converted from Zawgyi" if converted else ""
    if unknown:
        note = (note + "; " if note else "") + f"{unknown} syllable(s) not in the table"
    return Romanised(tuple(tokens), frozenset(weak), "burmese-table", note)


# -- Khmer and Lao --------------------------------------------------------------------------
@cache
def _khmer_table() -> dict[str, str]:
    return {r["khmer"]: r["latin"] for r in _table("khmer_words.csv")}


def khmer(name: str) -> Romanised:
    """Latin tokens of a Khmer name: table spelling per word, anyascii otherwise."""
    table = _khmer_table()
    tokens, unknown = [], 0
    for word in re.split(r"[\s\u200b]+", name):
        if not word:
            continue
        if word in table:
            tokens.append(table[word])
        else:
            unknown += 1
            tokens.extend(_latin_tokens(word))
    note = f"{unknown} word(s) not in the table" if unknown else ""
    return Romanised(tuple(tokens), frozenset(), "khmer-table", note)


_ARTICLE: Final = "\u0627\u0644"  # ال


def arabic(name: str) -> Romanised:
    """Consonant skeletons of an Arabic-script name: the script writes no short vowels, so
    only consonants are compared (محمد → mhmd ~ Mohamed); the article al- is dropped."""
    tokens = []
    for word in name.split():
        if word.startswith(_ARTICLE) and len(word) > 3:
            word = word[2:]
        latin = "".join(_latin_tokens(word))
        if latin:
            tokens.append(latin[0] + re.sub(r"[aeiouwy]", "", latin[1:]))
    return Romanised(tuple(tokens), frozenset(), "arabic-consonants")


def hangul(name: str) -> Romanised:
    """Korean names: the family name is the first syllable of the first word."""
    words = name.split()
    if len(words) == 1 and len(words[0]) > 1:
        words = [words[0][0], words[0][1:]]
    return Romanised(
        tuple(t for w in words for t in ["".join(_latin_tokens(w))] if t), frozenset(), "anyascii"
    )


def generic(name: str, via: str = "anyascii") -> Romanised:
    """Any other script through anyascii's tables (Lao, Hangul, Cyrillic, Arabic ...)."""
    return Romanised(tuple(_latin_tokens(name)), frozenset(), via)

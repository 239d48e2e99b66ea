"""The name model: every name becomes one or more comparable Latin forms, by script.

A :class:`NameForm` is a tuple of lower-case ASCII tokens plus how it was made (``via``), so a
hit can say "赵伟 read as pinyin 'zhao wei' matched 'WEI, Zhao'". Order is kept but matching
ignores it (family-name-first and last-name-first both occur); honorific tokens are ``weak``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from anyascii import anyascii

from safemekong.screening import han, mainland
from safemekong.screening.scripts import detect_script

#: Titles and honorifics of the region that say little about who a person is.
WEAK_TOKENS: Final = frozenset(
    {
        "u",
        "daw",
        "maung",
        "mg",
        "naw",
        "mahn",
        "nang",
        "khun",
        "nai",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "haji",
        "hajji",
        "hj",
        "bin",
        "binti",
        "bte",
        "al",
        "el",
        "sheikh",
        "shaykh",
        "sri",
        "datuk",
        "dato",
        "tan",
        "phra",
        "jr",
        "sr",
        "ii",
        "iii",
    }
)
# "tan" (Datuk/Tan Sri title) is also the commonest Hokkien surname: weak tokens still count,
# only less, so the surname is not lost.

#: Legal-form and filler words of organisation names, mapped to one spelling; they are weak.
ORG_TERMS: Final[dict[str, str]] = {
    "limited": "ltd",
    "ltd": "ltd",
    "company": "co",
    "co": "co",
    "corporation": "corp",
    "corp": "corp",
    "incorporated": "inc",
    "inc": "inc",
    "llc": "llc",
    "jsc": "jsc",
    "ojsc": "jsc",
    "oao": "jsc",
    "pjsc": "jsc",
    "ao": "jsc",
    "ooo": "llc",
    "gmbh": "gmbh",
    "ag": "ag",
    "aktiengesellschaft": "ag",
    "srl": "srl",
    "sa": "sa",
    "plc": "plc",
    "pte": "pte",
    "sdn": "sdn",
    "bhd": "bhd",
    "the": "the",
    "of": "of",
    "and": "and",
    "group": "group",
    "holdings": "holdings",
    "int": "intl",
    "intl": "intl",
    "international": "intl",
}

_SPLIT: Final = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class NameForm:
    """One comparable spelling of a name."""

    tokens: tuple[str, ...]
    via: str
    script: str
    weak: frozenset[str] = field(default_factory=frozenset)
    note: str = ""

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


def latin_tokens(name: str) -> tuple[str, ...]:
    """Lower-case ASCII tokens: diacritics folded (Nguyễn → nguyen, Đức → duc), apostrophes
    of Wade-Giles and O'Brien dropped, hyphens and commas split."""
    text = (name if name.isascii() else anyascii(name)).lower().replace("'", "").replace("`", "")
    return tuple(t for t in _SPLIT.split(text) if t and not t.isdigit())


def _latin_form(name: str, script: str) -> NameForm:
    tokens = tuple(ORG_TERMS.get(t, t) for t in latin_tokens(name))
    weak = (WEAK_TOKENS | ORG_TERMS.keys() | set(ORG_TERMS.values())) & set(tokens)
    if len(weak) == len(set(tokens)):  # a name made only of weak words keeps them all strong
        weak = frozenset()
    return NameForm(tokens, "latin" if script == "latin" else script, script, frozenset(weak))


@lru_cache(maxsize=200_000)
def name_forms(name: str) -> tuple[NameForm, ...]:
    """All comparable forms of ``name`` (empty when nothing readable is left)."""
    script = detect_script(name)
    forms: list[NameForm] = []
    if script in ("latin", "vietnamese"):
        forms.append(_latin_form(name, script))
    elif script == "han":
        for reading in han.han_readings(name):
            tokens = tuple(t for t in (reading.surname, *reading.given.split()) if t)
            forms.append(NameForm(tokens, reading.via, script))
    else:
        romanised = {
            "thai": mainland.thai,
            "burmese": mainland.burmese,
            "khmer": mainland.khmer,
            "arabic": mainland.arabic,
            "hangul": mainland.hangul,
        }.get(script, mainland.generic)(name)
        forms.append(
            NameForm(romanised.tokens, romanised.via, script, romanised.weak, romanised.note)
        )
    return tuple(f for f in forms if f.tokens)

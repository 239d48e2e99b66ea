"""Comparing two name forms: token alignment, order-free, tolerant of spelling and spacing.

The similarity of two tokens is the normalised Levenshtein similarity of the tokens, or of
their *loose* spellings (th → t, ph → p, doubled letters single ...) when that is higher, so
the region's common non-standard romanisations meet (Somchai / Somchay, Thanh / Tan). Two
forms are aligned one token to one token, best pairs first; unmatched tokens count against
the score, honorifics only a little. Split and merged tokens (Sae-Chou / Saechou,
Hsiao-ping / Xiaoping's Wade-Giles) are caught by also comparing the joined spellings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from rapidfuzz.distance import OSA

from safemekong.screening.names import NameForm

#: Tuning, as data.
TOKEN_MIN: Final = 0.70  # token pairs less similar than this do not align
WEAK_WEIGHT: Final = 0.3  # weight of an honorific next to a name token's 1.0
INITIAL_SIM: Final = 0.75  # "J" against "John"
INITIAL_WEIGHT: Final = 0.5
EXTRA_TOKEN: Final = 0.3  # a token one name has and the other lacks (a middle name)
CONFLICT: Final = 1.6  # a token where the other name has a different one, per side
LONE_MATCH_EXTRA: Final = 1.0  # a missing token when only one token agrees
HAN_NEAR_MISS: Final = 0.85  # factor on imperfect token agreement when a name is Han
SKELETON_MIN_LENGTH: Final = 5  # shorter tokens are too often different names (Wei / Wu)
SKELETON_FACTOR: Final = 0.88  # consonants alone agreeing counts this much
JOINED_FACTOR: Final = 0.97
PREFIX_MIN_LENGTH: Final = 4  # a token starting another of at least this length ...
PREFIX_SIM: Final = (
    0.75  # ... agrees this much  # joined-spelling agreement counts slightly below token agreement
)

#: Loose spelling: common alternations of the region's romanisations (one pass, longest first).
LOOSE_SPELLINGS: Final[dict[str, str]] = {
    "ph": "p",
    "th": "t",
    "kh": "k",
    "gh": "g",
    "dh": "d",
    "ck": "k",
    "ee": "i",
    "oo": "u",
    "ou": "u",
    "oe": "u",  # old Indonesian spelling: Soeharto / Suharto
    "dj": "j",
    "tj": "c",
    "q": "k",
    "x": "ks",
    "w": "v",
    "y": "i",
}
_LOOSE_PATTERN: Final = re.compile("|".join(sorted(LOOSE_SPELLINGS, key=len, reverse=True)))
_DOUBLED: Final = re.compile(r"(.)\1+")
_SILENT_H: Final = re.compile(r"(?<=[aeiou])h(?=[^aeiou]|$)")


@lru_cache(maxsize=500_000)
def loose(token: str) -> str:
    """The loose spelling used to forgive romanisation variants (Somchay → somchai)."""
    token = _LOOSE_PATTERN.sub(lambda m: LOOSE_SPELLINGS[m.group(0)], token)
    return _SILENT_H.sub("", _DOUBLED.sub(r"\1", token))


CONSONANTAL: Final = "arabic-consonants"  # forms written without vowels
_NON_INITIAL_VOWELS: Final = re.compile(r"(?<=.)[aeiouyvw]")


@lru_cache(maxsize=500_000)
def skeleton(token: str) -> str:
    """First letter and consonants of the loose spelling (Salih / Saleh → slh)."""
    return _NON_INITIAL_VOWELS.sub("", loose(token))


def _trivial(a: str, b: str) -> float | None:
    """The similarity of equal tokens and of initials, None for the rest."""
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return INITIAL_SIM if a[0] == b[0] else 0.0
    return None


@lru_cache(maxsize=500_000)
def consonant_similarity(a: str, b: str) -> float:
    """Similarity of a consonant-only token (from Arabic script) to any token."""
    if (known := _trivial(a, b)) is not None:
        return known
    return SKELETON_FACTOR * OSA.normalized_similarity(skeleton(a), skeleton(b)) + (
        1 - SKELETON_FACTOR
    ) * (skeleton(a) == skeleton(b))


@lru_cache(maxsize=500_000)
def token_similarity(a: str, b: str) -> float:
    """Similarity of two tokens in [0, 1]."""
    if (known := _trivial(a, b)) is not None:
        return known
    sim = OSA.normalized_similarity(a, b)
    short, long = sorted((a, b), key=len)
    if len(short) >= PREFIX_MIN_LENGTH and long.startswith(short):
        sim = max(sim, PREFIX_SIM)  # Salah / Salahdin, Nazari / Nazarikolehjoub
    la, lb = loose(a), loose(b)
    if la == lb:
        return max(sim, 0.95)
    sim = max(sim, 0.9 * OSA.normalized_similarity(la, lb))
    if min(len(a), len(b)) >= SKELETON_MIN_LENGTH:  # vowels vary most between romanisations
        sim = max(sim, SKELETON_FACTOR * OSA.normalized_similarity(skeleton(a), skeleton(b)))
    return sim


@lru_cache(maxsize=500_000)
def syllable_similarity(a: str, b: str) -> float:
    """Token similarity for romanised Han names: a letter more or less is another character
    (Cheng / Chen, Wen / Wei), so near misses count less than in other names."""
    sim = token_similarity(a, b)
    return sim if sim >= 0.95 else sim * HAN_NEAR_MISS


@dataclass(frozen=True)
class FormMatch:
    """How two forms compare: the score and the token pairs that produced it."""

    score: float
    pairs: tuple[tuple[str, str, float], ...]
    joined: bool = False


def _weight(token: str, weak: frozenset[str]) -> float:
    if token in weak:
        return WEAK_WEIGHT
    return INITIAL_WEIGHT if len(token) == 1 else 1.0


def compare_forms(query: NameForm, entry: NameForm) -> FormMatch:
    """Similarity of a query form to an entry form in [0, 1]."""
    qt, et = query.tokens, entry.tokens
    similarity = consonant_similarity if CONSONANTAL in (query.via, entry.via) else token_similarity
    candidates = sorted(
        ((similarity(a, b), i, j) for i, a in enumerate(qt) for j, b in enumerate(et)),
        reverse=True,
    )
    used_q: set[int] = set()
    used_e: set[int] = set()
    pairs = []
    gained = 0.0
    for sim, i, j in candidates:
        if sim < TOKEN_MIN:
            break
        if i in used_q or j in used_e:
            continue
        used_q.add(i)
        used_e.add(j)
        pairs.append((qt[i], et[j], round(sim, 3)))
        gained += sim * (_weight(qt[i], query.weak) + _weight(et[j], entry.weak))
    total = sum(_weight(qt[i], query.weak) for i in used_q) + sum(
        _weight(et[j], entry.weak) for j in used_e
    )
    left_q = sorted(
        (_weight(t, query.weak) for i, t in enumerate(qt) if i not in used_q), reverse=True
    )
    left_e = sorted(
        (_weight(t, entry.weak) for j, t in enumerate(et) if j not in used_e), reverse=True
    )
    conflicts = min(len(left_q), len(left_e))
    # Tokens left on both sides disagree (Orbán / Orbach); tokens left on one side are missing,
    # which is cheap unless a single token is all that agrees (SONA is not Sona Kolář).
    extra = EXTRA_TOKEN if len(pairs) > 1 else LONE_MATCH_EXTRA
    total += CONFLICT * sum(left_q[:conflicts]) + CONFLICT * sum(left_e[:conflicts])
    total += extra * (sum(left_q[conflicts:]) + sum(left_e[conflicts:]))
    token_score = gained / total if total else 0.0
    best = FormMatch(token_score, tuple(pairs))
    if len(_strong(query)) != len(_strong(entry)):  # split or merged tokens
        joined = _joined_similarity(query, entry) * JOINED_FACTOR
        if joined > best.score:
            best = FormMatch(joined, (("".join(qt), "".join(et), round(joined, 3)),), True)
    return best


def _strong(form: NameForm) -> tuple[str, ...]:
    return tuple(t for t in form.tokens if t not in form.weak) or form.tokens


def _joined_similarity(query: NameForm, entry: NameForm) -> float:
    """Agreement of the names written without spaces (in given order, reversed and sorted),
    with and without their weak tokens (Abd al-Rahman / Abdulrahman)."""
    best = 0.0
    for q, e in ((_strong(query), _strong(entry)), (query.tokens, entry.tokens)):
        qj = loose("".join(q))
        for order in (e, e[::-1], tuple(sorted(e))):
            best = max(best, OSA.normalized_similarity(qj, loose("".join(order))))
        if len(q) > 1:
            joined_sorted = loose("".join(sorted(q)))
            best = max(best, OSA.normalized_similarity(joined_sorted, loose("".join(sorted(e)))))
    return best

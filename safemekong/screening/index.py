"""Candidate retrieval: an in-memory inverted index from name keys to entries.

Every form of every name of an entry is indexed under, per token, its loose spelling and its
consonant skeleton (so Donlad finds Donald), and under the whole name written without spaces
(so Sae Chou finds SAECHOU). A query collects the entries sharing keys with it, weighting each
key by its rarity (IDF), and the best few go on to full scoring.
"""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from safemekong.screening.compare import loose
from safemekong.screening.names import NameForm, name_forms

#: Bumped whenever the pickled form of the index changes (its cache is then rebuilt).
INDEX_FORMAT: Final = 2
#: Keys shared by more entries than this are skipped when the query has rarer ones.
COMMON_KEY: Final = 20_000
_VOWELS: Final = re.compile(r"[aeiou0-9]")


@dataclass(slots=True)
class IndexedEntry:
    """What screening needs of an entry (names first, weak aliases last)."""

    row_id: int
    list_name: str
    kind: str
    external_id: str
    schema: str
    names: tuple[str, ...]
    strong_names: int
    birth_dates: tuple[str, ...]
    nationalities: tuple[str, ...]
    gender: str | None
    documents: tuple[str, ...]
    agency_id: int | None
    scope_id: int
    identifiers: tuple[str, ...] = ()  # canonical keys (phone:+66…, wallet:btc:…)


def form_keys(form: NameForm) -> set[str]:
    """Index keys of one name form."""
    keys = set()
    for token in form.tokens:
        if token in form.weak:
            continue
        base = loose(token)
        keys.add(base)
        skeleton = base[0] + _VOWELS.sub("", base[1:])
        if len(skeleton) >= 3:
            keys.add("~" + skeleton)
    strong = [t for t in form.tokens if t not in form.weak]
    if len(strong) > 1:
        keys.add("=" + loose("".join(strong)))
    return keys


def query_keys(forms: Sequence[NameForm]) -> set[str]:
    """Keys to look up for a query: its forms' keys, joined both ways round."""
    keys: set[str] = set()
    for form in forms:
        keys |= form_keys(form)
        strong = [t for t in form.tokens if t not in form.weak]
        if len(strong) > 1:
            keys.add("=" + loose("".join(reversed(strong))))
    return keys


class ScreeningIndex:
    """Entries plus the inverted index over their names; immutable once built."""

    def __init__(self, entries: Iterable[IndexedEntry]) -> None:
        self.entries: list[IndexedEntry] = []
        building: dict[str, array[int]] = {}
        for position, entry in enumerate(entries):
            self.entries.append(entry)
            keys: set[str] = set()
            for name in entry.names:
                for form in name_forms(name):
                    keys |= form_keys(form)
            for key in keys:
                posting = building.get(key)
                if posting is None:
                    posting = building[key] = array("i")
                posting.append(position)
        self.postings: dict[str, npt.NDArray[np.int32]] = {
            key: np.frombuffer(posting, dtype=np.int32) for key, posting in building.items()
        }
        self.size = len(self.entries)
        self.lists = sorted({e.list_name for e in self.entries})
        list_ids = {name: i for i, name in enumerate(self.lists)}
        self.list_of = np.array([list_ids[e.list_name] for e in self.entries], dtype=np.int16)
        self.agency_of = np.array(
            [e.agency_id if e.agency_id is not None else -1 for e in self.entries], dtype=np.int64
        )
        self.scope_of = np.array([e.scope_id for e in self.entries], dtype=np.int64)

    def idf(self, key: str) -> float:
        posting = self.postings.get(key)
        return math.log(1 + self.size / len(posting)) if posting is not None else 0.0

    def memory_bytes(self) -> int:
        """Bytes held by the postings arrays (the entries' Python objects not included)."""
        return sum(p.nbytes for p in self.postings.values())

    def candidates(
        self,
        forms: Sequence[NameForm],
        limit: int,
        allowed: npt.NDArray[np.bool_] | None = None,
    ) -> list[int]:
        """Positions of the ``limit`` entries sharing the rarest keys with the query forms."""
        found = [(k, self.postings[k]) for k in query_keys(forms) if k in self.postings]
        if not found:
            return []
        rare = [(k, p) for k, p in found if len(p) <= COMMON_KEY]
        if rare:
            found = rare
        ids = np.concatenate([p for _, p in found])
        weights = np.concatenate([np.full(len(p), self.idf(k)) for k, p in found])
        unique, inverse = np.unique(ids, return_inverse=True)
        totals = np.bincount(inverse, weights=weights)
        if allowed is not None:
            totals = np.where(allowed[unique], totals, -1.0)
        count = min(limit, len(unique))
        top = (
            np.argpartition(-totals, count - 1)[:count]
            if count < len(unique)
            else np.arange(len(unique))
        )
        top = top[np.argsort(-totals[top], kind="stable")]
        return [int(unique[i]) for i in top if totals[i] > 0]

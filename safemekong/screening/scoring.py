"""Scoring a candidate: the best name agreement, then features declared as data.

Like nomenklatura's matching algorithms, each :class:`Feature` is a function with a weight;
the score is the name similarity plus the weighted feature values, clipped to [0, 1], and the
explanation lists every feature that applied with its contribution. Document numbers are
strong evidence; dates of birth, nationality and gender confirm or count against a name.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

import numpy as np
from rapidfuzz import fuzz

from safemekong.screening.compare import CONSONANTAL, FormMatch, compare_forms, skeleton
from safemekong.screening.index import IndexedEntry
from safemekong.screening.names import NameForm, name_forms

#: Matches at or above this (calibrated) score are reported; see docs/screening.md.
DEFAULT_THRESHOLD: Final = 0.80


@cache
def _calibration() -> tuple[list[float], list[float]]:
    text = resources.files("safemekong.screening").joinpath("data/calibration.csv").read_text()
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    return [float(r["raw"]) for r in rows], [float(r["calibrated"]) for r in rows]


def calibrate(raw: float) -> float:
    """The raw score read as a match probability (table fitted by the benchmark)."""
    xs, ys = _calibration()
    return float(np.interp(raw, xs, ys))


@dataclass(frozen=True)
class Query:
    """Who is being screened."""

    name: str
    birth_date: str | None = None
    nationality: str | None = None
    gender: str | None = None
    documents: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()  # canonical keys: the traveller's phone, wallet …
    schema: str = "Person"  # travellers and suspects are people


@dataclass(frozen=True)
class NameMatch:
    """The best agreement between the query's names and one entry's names."""

    score: float
    query_form: NameForm
    entry_name: str
    entry_form: NameForm
    detail: FormMatch
    weak_alias: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "query_form": self.query_form.text,
            "query_via": self.query_form.via,
            "entry_name": self.entry_name,
            "entry_form": self.entry_form.text,
            "entry_via": self.entry_form.via,
            "similarity": round(self.score, 4),
            "tokens": [list(p) for p in self.detail.pairs],
            "joined": self.detail.joined,
            "weak_alias": self.weak_alias,
            "notes": [n for n in (self.query_form.note, self.entry_form.note) if n],
        }


#: Pairs of forms whose token-set agreement (rapidfuzz, 0-100) is below this are not compared
#: in full: such pairs never reach a reported score, and most candidates are such pairs.
PREFILTER_CUTOFF: Final = 60


def _worth_comparing(query_form: NameForm, entry_form: NameForm) -> bool:
    if CONSONANTAL in (query_form.via, entry_form.via):  # compare consonants with consonants
        query_text = " ".join(map(skeleton, query_form.tokens))
        entry_text = " ".join(map(skeleton, entry_form.tokens))
        return fuzz.token_set_ratio(query_text, entry_text) >= PREFILTER_CUTOFF
    return fuzz.token_set_ratio(query_form.text, entry_form.text) >= PREFILTER_CUTOFF


def best_name_match(query_forms: tuple[NameForm, ...], entry: IndexedEntry) -> NameMatch | None:
    """The query form and entry name that agree best."""
    best: NameMatch | None = None
    for position, name in enumerate(entry.names):
        for entry_form in name_forms(name):
            for query_form in query_forms:
                if not _worth_comparing(query_form, entry_form):
                    continue
                detail = compare_forms(query_form, entry_form)
                if best is None or detail.score > best.score:
                    weak = position >= entry.strong_names
                    best = NameMatch(detail.score, query_form, name, entry_form, detail, weak)
                    if detail.score >= 1.0 and not weak:
                        return best
    return best


@dataclass(frozen=True)
class Evidence:
    value: float  # in [0, 1]; features that do not apply return None instead
    detail: str


@dataclass(frozen=True)
class Feature:
    name: str
    weight: float
    compute: Callable[[Query, IndexedEntry, NameMatch], Evidence | None]
    description: str


def _years(dates: tuple[str, ...]) -> set[int]:
    return {int(d[:4]) for d in dates if d[:4].isdigit()}


def _dob_match(query: Query, entry: IndexedEntry, _: NameMatch) -> Evidence | None:
    if not query.birth_date or not entry.birth_dates:
        return None
    q = query.birth_date
    if any(d == q for d in entry.birth_dates) and len(q) == 10:
        return Evidence(1.0, f"same date of birth {q}")
    if any(d.startswith(q) or q.startswith(d) for d in entry.birth_dates):
        return Evidence(0.5, f"{q} agrees with listed {', '.join(entry.birth_dates)}")
    return None


def _dob_mismatch(query: Query, entry: IndexedEntry, _: NameMatch) -> Evidence | None:
    if not query.birth_date or not entry.birth_dates:
        return None
    year = int(query.birth_date[:4])
    if all(abs(year - y) > 1 for y in _years(entry.birth_dates)):
        return Evidence(1.0, f"born {query.birth_date}, listed {', '.join(entry.birth_dates)}")
    return None


def _nationality_match(query: Query, entry: IndexedEntry, _: NameMatch) -> Evidence | None:
    if query.nationality and query.nationality in entry.nationalities:
        return Evidence(1.0, f"nationality {query.nationality} listed")
    return None


def _nationality_mismatch(query: Query, entry: IndexedEntry, _: NameMatch) -> Evidence | None:
    if query.nationality and entry.nationalities and query.nationality not in entry.nationalities:
        listed = ", ".join(entry.nationalities)
        return Evidence(1.0, f"nationality {query.nationality}, listed {listed}")
    return None


def _gender_mismatch(query: Query, entry: IndexedEntry, _: NameMatch) -> Evidence | None:
    if query.gender and entry.gender and query.gender != entry.gender:
        return Evidence(1.0, f"{query.gender}, listed {entry.gender}")
    return None


def _document_match(query: Query, entry: IndexedEntry, _: NameMatch) -> Evidence | None:
    shared = sorted(set(query.documents) & set(entry.documents))
    if shared:
        return Evidence(1.0, f"document number {', '.join(shared)} listed")
    return None


def _identifier_match(query: Query, entry: IndexedEntry, _: NameMatch) -> Evidence | None:
    shared = sorted(set(query.identifiers) & set(entry.identifiers))
    if shared:
        return Evidence(1.0, f"linked identifier {', '.join(shared)} listed")
    return None


def _not_a_person(query: Query, entry: IndexedEntry, _: NameMatch) -> Evidence | None:
    if query.schema == "Person" and entry.schema != "Person":
        return Evidence(1.0, f"a person screened against a listed {entry.schema.lower()}")
    return None


def _weak_alias(_: Query, __: IndexedEntry, name: NameMatch) -> Evidence | None:
    if name.weak_alias:
        return Evidence(1.0, f"matched the weak alias {name.entry_name!r}")
    return None


#: The features and their weights, as data.
FEATURES: Final[tuple[Feature, ...]] = (
    Feature("birth_date_match", 0.06, _dob_match, "date of birth agrees"),
    Feature("birth_date_mismatch", -0.25, _dob_mismatch, "years of birth differ by more than one"),
    Feature("nationality_match", 0.03, _nationality_match, "nationality is listed"),
    Feature("nationality_mismatch", -0.08, _nationality_mismatch, "nationality not listed"),
    Feature("gender_mismatch", -0.15, _gender_mismatch, "gender differs"),
    Feature("document_match", 0.50, _document_match, "a document number is listed (strong)"),
    Feature("identifier_match", 0.30, _identifier_match, "a phone, wallet, e-mail … is listed"),
    Feature("weak_alias", -0.08, _weak_alias, "only a weak alias (nickname, short form) agrees"),
    Feature(
        "not_a_person", -0.30, _not_a_person, "the entry is an organisation, vessel or aircraft"
    ),
)


@dataclass(frozen=True)
class Scored:
    score: float
    raw: float
    name: NameMatch
    features: tuple[tuple[Feature, Evidence], ...]

    def explanation(self) -> dict[str, Any]:
        return {
            "raw_score": round(self.raw, 4),
            "name": self.name.to_json(),
            "features": [
                {
                    "feature": feature.name,
                    "value": evidence.value,
                    "weight": feature.weight,
                    "contribution": round(feature.weight * evidence.value, 4),
                    "detail": evidence.detail,
                }
                for feature, evidence in self.features
            ],
        }


def score_entry(
    query: Query, query_forms: tuple[NameForm, ...], entry: IndexedEntry
) -> Scored | None:
    """The calibrated score of ``entry`` for ``query`` with its breakdown."""
    name = best_name_match(query_forms, entry)
    if name is None:
        return None
    applied = []
    total = name.score
    for feature in FEATURES:
        evidence = feature.compute(query, entry, name)
        if evidence is not None:
            applied.append((feature, evidence))
            total += feature.weight * evidence.value
    raw = max(0.0, min(1.0, total))
    return Scored(calibrate(raw), raw, name, tuple(applied))

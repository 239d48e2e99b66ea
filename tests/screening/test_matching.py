"""Matching across scripts, and the regional pairs set at the default threshold."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from safemekong.screening.compare import compare_forms, loose
from safemekong.screening.names import name_forms
from safemekong.screening.scoring import DEFAULT_THRESHOLD

REGIONAL = Path(__file__).resolve().parents[1] / "data" / "screening" / "regional_pairs.csv"


def score(a: str, b: str) -> float:
    return max(
        (compare_forms(f, g).score for f in name_forms(a) for g in name_forms(b)), default=0.0
    )


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("赵伟", "WEI, Zhao"),
        ("趙偉", "WEI, Chao"),
        ("စောချစ်သူ", "Saw Chit Thu"),
        ("ហ៊ុន សែន", "Hun Sen"),
        ("ธัญชัย แซ่โจว", "SAECHOU, Thanchai"),
        ("Sae-Chou Thanchai", "SAECHOU, Thanchai"),
        ("Nguyễn Văn Đức", "NGUYEN, Van Duc"),
        ("Donlad Trump", "Donald Trump"),
        ("Soeharto", "Suharto"),
    ],
)
def test_names_match_across_scripts_and_spellings(query: str, listed: str) -> None:
    assert score(query, listed) >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("赵伟", "Zhao Wen"),
        ("Viktor Orbach", "Viktor Orban"),
        ("Alice Guo", "Alice Tan"),
        ("ហ៊ុន សែន", "Hun Manet"),
    ],
)
def test_different_given_names_do_not_match(query: str, listed: str) -> None:
    assert score(query, listed) < DEFAULT_THRESHOLD


def test_order_of_family_and_given_name_does_not_matter() -> None:
    assert score("Zhao Wei", "Wei Zhao") == 1.0


def test_a_missing_middle_name_costs_less_than_a_different_one() -> None:
    missing = score("Sergey Lavrov", "Sergey Viktorovich Lavrov")
    different = score("Sergey Petrov Lavrov", "Sergey Viktorovich Lavrov")
    assert missing > different


def test_loose_spelling_forgives_regional_romanisation_variants() -> None:
    assert loose("somchay") == loose("somchai")
    assert loose("thanh") == loose("tanh")


def test_regional_pairs_reach_ninety_percent_per_script() -> None:
    lines = [line for line in REGIONAL.read_text().splitlines() if not line.startswith("#")]
    outcomes: dict[str, list[bool]] = defaultdict(list)
    for row in csv.DictReader(lines):
        predicted = score(row["name1"], row["name2"]) >= DEFAULT_THRESHOLD
        outcomes[row["script"]].append(predicted == (row["is_match"] == "true"))
    for script in ("burmese", "khmer", "han", "vietnamese"):
        results = outcomes[script]
        assert sum(results) / len(results) >= 0.9, script

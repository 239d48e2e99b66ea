"""The cross-script name-pair benchmark: labelled pairs from real alias groups and variants.

Built deterministically from ../shared/data/screening/ (see its SOURCES.md for licences) and
tests/data/screening/regional_pairs.csv:

- ``ofac-alias``: an OFAC SDN individual's name against each of its aliases (alt.csv) — real
  alias groups (Wade-Giles, Cantonese and Thai aliases of Chinese names among them).
- ``ofac-same-surname``: two different OFAC individuals with the same surname (hard negatives).
- ``un-original-script``: a UN-listed person's name against the name in original script.
- ``name-bench``: OpenSanctions' name_bench cases (both labels).
- ``regional-curated``: public figures of the region in Burmese, Khmer, Thai, Han, Vietnamese.
- ``variant-anyascii``: yente's synthetic Han and Thai names against anyascii's romanisation,
  a method independent of the matcher's own (pypinyin, pythainlp) — reported separately.
- ``variant-typo``: yente's Latin names against a copy with one edit and maybe reordered.
- ``yente-random`` / ``yente-same-surname``: pairs of different synthetic persons (negatives).
"""

from __future__ import annotations

import csv
import random
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from anyascii import anyascii

from safemekong.screening.scripts import detect_script

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "screening"
REGIONAL = ROOT / "tests" / "data" / "screening" / "regional_pairs.csv"
PAIRS_CSV = ROOT / "bench" / "out" / "screening_pairs.csv"
FIELDS: Final = ("name1", "name2", "is_match", "source", "script")
SEED = 11

Pair = dict[str, str]


def _pair(a: str, b: str, match: bool, source: str) -> Pair:
    scripts = {detect_script(a), detect_script(b)}
    script = next((s for s in sorted(scripts) if s != "latin"), "latin")
    return {
        "name1": a,
        "name2": b,
        "is_match": str(match).lower(),
        "source": source,
        "script": script,
    }


def _ofac(rng: random.Random) -> Iterator[Pair]:
    people: dict[str, str] = {}
    with (DATA / "ofac_sdn_2024-05-03.csv").open(encoding="utf-8", errors="replace") as handle:
        for row in csv.reader(handle):
            if len(row) >= 3 and row[2].strip() == "individual":
                people[row[0].strip()] = row[1].strip()
    aliases: dict[str, list[str]] = defaultdict(list)
    with (DATA / "ofac_alt_2025-08-11.csv").open(encoding="utf-8", errors="replace") as handle:
        for row in csv.reader(handle):
            if len(row) >= 4 and row[0].strip() in people and row[3].strip() not in ("", "-0-"):
                aliases[row[0].strip()].append(row[3].strip())
    positives = [(people[k], a) for k in sorted(aliases) for a in aliases[k]]
    for a, b in rng.sample(positives, min(3000, len(positives))):
        yield _pair(a, b, True, "ofac-alias")
    by_surname: dict[str, list[str]] = defaultdict(list)
    for name in people.values():
        if "," in name:
            by_surname[name.split(",")[0].strip().lower()].append(name)
    hard = [
        (names[i], names[j])
        for names in by_surname.values()
        for i in range(len(names))
        for j in range(i + 1, min(len(names), i + 4))
        if names[i].split(",")[1].split()[:1] != names[j].split(",")[1].split()[:1]
    ]
    for a, b in rng.sample(hard, min(1500, len(hard))):
        yield _pair(a, b, False, "ofac-same-surname")


def _un() -> Iterator[Pair]:
    for _event, element in ET.iterparse(DATA / "un_sc_consolidated_2018-10-29.xml"):
        if element.tag == "INDIVIDUAL":
            original = (element.findtext("NAME_ORIGINAL_SCRIPT") or "").strip()
            parts = [
                (element.findtext(t) or "").strip()
                for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME")
            ]
            name = " ".join(" ".join(p.split()) for p in parts if p)
            if original and name:
                yield _pair(original, name, True, "un-original-script")
            element.clear()


def _name_bench() -> Iterator[Pair]:
    with (DATA / "opensanctions_name_bench_cases.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield _pair(row["name1"], row["name2"], row["is_match"] == "true", "name-bench")


def _regional() -> Iterator[Pair]:
    lines = [line for line in REGIONAL.read_text().splitlines() if not line.startswith("#")]
    for row in csv.DictReader(lines):
        yield _pair(row["name1"], row["name2"], row["is_match"] == "true", "regional-curated")


def _typo(rng: random.Random, name: str) -> str:
    tokens = name.split()
    i = rng.randrange(len(tokens))
    token = tokens[i]
    if len(token) > 3:
        j = rng.randrange(1, len(token) - 1)
        edit = rng.choice(("delete", "swap", "double"))
        if edit == "delete":
            token = token[:j] + token[j + 1 :]
        elif edit == "swap":
            token = token[: j - 1] + token[j] + token[j - 1] + token[j + 1 :]
        else:
            token = token[:j] + token[j] + token[j:]
    tokens[i] = token
    if len(tokens) > 1 and rng.random() < 0.3:
        tokens = tokens[-1:] + tokens[:-1]
    return " ".join(tokens)


def _yente(rng: random.Random) -> Iterator[Pair]:
    with (DATA / "yente_negatives_global_50k.csv").open(encoding="utf-8") as handle:
        people = list(csv.DictReader(handle))
    by_script: dict[str, list[dict[str, str]]] = defaultdict(list)
    for person in people:
        by_script[detect_script(person["full_name"])].append(person)
    # anyascii romanises Han as pinyin; its Thai output is letter-by-letter ("smchay") that no
    # passport uses, so Thai variants come from the curated set instead.
    for script, count in (("han", 1300),):
        for person in rng.sample(by_script[script], count):
            latin = " ".join(anyascii(part).lower() for part in person["full_name"].split())
            yield _pair(person["full_name"], latin, True, "variant-anyascii")
    for person in rng.sample(by_script["latin"], 1000):
        yield _pair(person["full_name"], _typo(rng, person["full_name"]), True, "variant-typo")
    for _ in range(1500):
        script = rng.choice(("latin", "latin", "han", "arabic", "thai", "hangul"))
        a, b = rng.sample(by_script[script], 2)
        yield _pair(a["full_name"], b["full_name"], False, "yente-random")
    by_last: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for person in people:
        if person["last_name"]:
            by_last[(detect_script(person["full_name"]), person["last_name"])].append(person)
    groups = [g for g in by_last.values() if len(g) > 1]
    made = 0
    while made < 1500:
        group = rng.choice(groups)
        a, b = rng.sample(group, 2)
        if a["first_name"] != b["first_name"]:
            made += 1
            yield _pair(a["full_name"], b["full_name"], False, "yente-same-surname")


def build_pairs() -> list[Pair]:
    rng = random.Random(SEED)
    pairs = [*_ofac(rng), *_un(), *_name_bench(), *_regional(), *_yente(rng)]
    return pairs


def load_pairs(rebuild: bool = False) -> list[Pair]:
    """The pairs file under bench/out/, built from ../shared/data when missing or ``rebuild``."""
    if rebuild or not PAIRS_CSV.exists():
        pairs = build_pairs()
        PAIRS_CSV.parent.mkdir(parents=True, exist_ok=True)
        with PAIRS_CSV.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=FIELDS)
            writer.writeheader()
            writer.writerows(pairs)
    with PAIRS_CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))

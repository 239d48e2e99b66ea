"""The synthetic region: reproducible, accepted by intake, realistic, streamed, with truth."""

from __future__ import annotations

import json
import re
import statistics
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

import pytest

from safemekong.identifiers import Identifier, parse
from safemekong.intel.intake import check_report
from safemekong.intel.vocabulary import ROLES, TYPOLOGIES
from safemekong.intel.warninglist import WarningList
from safemekong.policy.agencies import Agency
from safemekong.synth import AGENCIES, GENERATOR_VERSION, generate_world, write_world

COUNTRY = {a["code"]: a["country"] for a in AGENCIES}
REGION = {"CN", "TH", "PH", "MY", "ID", "VN", "KH", "MM", "LA", "SG"}
LANGUAGES = {"zh", "th", "vi", "id", "fil", "en", "ms", "km", "my", "lo"}
CURRENCIES = {"CNY", "THB", "PHP", "MYR", "IDR", "VND", "KHR", "MMK", "LAK", "SGD", "USD", "USDT"}
TLPS = {"CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"}
Pair = tuple[dict[str, Any], dict[str, Any]]


@pytest.fixture(scope="module")
def world_pairs() -> tuple[Any, list[Pair]]:
    world = generate_world(seed=11, scale=2500)
    return world, list(world.stream())


def parsed(report: dict[str, Any]) -> Iterator[tuple[dict[str, str], Identifier]]:
    """Each identifier of a report, parsed the way intake parses it."""
    region = COUNTRY[report["agency"]]
    for item in report["identifiers"]:
        yield item, parse(item.get("type", "auto"), item["value"], default_region=region)


def test_same_seed_and_scale_write_byte_identical_files(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    write_world(generate_world(seed=3, scale=400), first)
    write_world(generate_world(seed=3, scale=400), second)
    write_world(generate_world(seed=4, scale=400), other)
    names = ["agencies.json", "operations.json", "reports.jsonl", "truth.jsonl", "world.json"]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert (first / "reports.jsonl").read_bytes() != (other / "reports.jsonl").read_bytes()


def test_reports_and_truth_iterate_the_same_stream_every_time(world_pairs: Any) -> None:
    world, pairs = world_pairs
    assert list(islice(world.reports(), 50)) == [r for r, _ in pairs[:50]]
    assert list(islice(world.truth(), 50)) == [t for _, t in pairs[:50]]


def test_scale_is_the_number_of_reports(world_pairs: Any) -> None:
    world, pairs = world_pairs
    assert len(pairs) == world.scale == 2500


def test_every_identifier_parses_with_the_agency_country_as_default_region(
    world_pairs: Any,
) -> None:
    _, pairs = world_pairs
    kinds = Counter(identifier.type for report, _ in pairs for _, identifier in parsed(report))
    assert set(kinds) >= {"phone", "url", "domain", "handle", "bank", "wallet", "email", "image"}


def test_every_report_passes_intake_checks(world_pairs: Any) -> None:
    _, pairs = world_pairs
    agencies = {
        a["code"]: Agency(i, a["code"], a["country"], a["name"]) for i, a in enumerate(AGENCIES)
    }
    now = datetime.now(UTC)
    for report, _ in pairs:
        draft = check_report(report, agencies.__getitem__, now)
        assert draft.sightings


def test_fields_come_from_the_vocabularies(world_pairs: Any) -> None:
    _, pairs = world_pairs
    for report, _ in pairs:
        assert report["typology"] in TYPOLOGIES
        assert report["language"] in LANGUAGES
        assert report["tlp"] in TLPS
        assert report.get("currency", "USD") in CURRENCIES
        assert re.fullmatch(r"\d+\.\d{2}", report.get("amount_lost", "0.00"))
        assert datetime.fromisoformat(report["received_at"]).utcoffset() is not None
        assert {item["role"] for item in report["identifiers"]} <= set(ROLES)
    assert {r["language"] for r, _ in pairs} == LANGUAGES
    assert {r["typology"] for r, _ in pairs} == set(TYPOLOGIES)


def test_about_five_identifiers_per_report(world_pairs: Any) -> None:
    _, pairs = world_pairs
    assert 4.5 <= statistics.mean(len(r["identifiers"]) for r, _ in pairs) <= 5.5


def test_truth_covers_every_report_once(world_pairs: Any) -> None:
    world, pairs = world_pairs
    operation_ids = {op["id"] for op in world.operations}
    seen = set()
    for report, truth in pairs:
        assert (truth["agency"], truth["external_id"]) == (report["agency"], report["external_id"])
        assert truth["operation"] is None or truth["operation"] in operation_ids
        seen.add((report["agency"], report["external_id"]))
    assert len(seen) == len(pairs)  # external ids are unique per agency
    singletons = sum(t["operation"] is None for _, t in pairs)
    assert 0.02 * len(pairs) < singletons < 0.08 * len(pairs)


def test_agencies_of_ten_countries(world_pairs: Any) -> None:
    world, pairs = world_pairs
    assert {a["country"] for a in world.agencies} == REGION
    assert {"TH-CCIB", "TH-AOC", "CN-AFC", "PH-CICC", "PH-PNP-ACG", "MY-NSRC", "SG-SPF-ASC"} <= {
        a["code"] for a in world.agencies
    }
    assert {COUNTRY[r["agency"]] for r, _ in pairs} == REGION


def test_big_operations_are_reported_from_several_countries(world_pairs: Any) -> None:
    _, pairs = world_pairs
    countries: dict[str, set[str]] = defaultdict(set)
    for _, truth in pairs:
        if truth["operation"]:
            countries[truth["operation"]].add(COUNTRY[truth["agency"]])
    sizes = Counter(t["operation"] for _, t in pairs if t["operation"])
    biggest = [op for op, _ in sizes.most_common(5)]
    assert all(len(countries[op]) >= 3 for op in biggest)
    assert sum(len(c) > 1 for c in countries.values()) > 0.2 * len(countries)


def test_operation_sizes_are_heavy_tailed(world_pairs: Any) -> None:
    _, pairs = world_pairs
    sizes = sorted(Counter(t["operation"] for _, t in pairs if t["operation"]).values())
    top_tenth = sizes[-max(1, len(sizes) // 10) :]
    assert sum(top_tenth) > 0.4 * sum(sizes)
    assert statistics.median(sizes) < 0.2 * max(sizes)


def test_operations_run_from_compounds_with_coordinates(world_pairs: Any) -> None:
    world, _ = world_pairs
    for op in world.operations:
        compound = op["compound"]
        assert compound["country"] in {"MM", "KH", "LA", "PH"}
        assert 5 < compound["lat"] < 25 and 95 < compound["lon"] < 125
        assert set(op["typologies"]) <= set(TYPOLOGIES) and op["identifiers"]
    assert len({op["compound"]["name"] for op in world.operations}) >= 6


def test_mentions_belong_to_their_operation_except_typos(world_pairs: Any) -> None:
    world, pairs = world_pairs
    benign = WarningList.default()
    known: dict[str, set[str]] = {}
    for op in world.operations:
        identifiers = [parse("auto", value) for value in op["identifiers"]]
        known[op["id"]] = {i.key for i in identifiers} | {
            implied.key for i in identifiers for implied in i.implied()
        }
    misses: Counter[str] = Counter()
    for report, truth in pairs:
        if truth["operation"] is None:
            continue
        for _, identifier in parsed(report):
            keys = {identifier.key, *(i.key for i in identifier.implied())}
            if benign.match(identifier) is None and not keys & known[truth["operation"]]:
                misses[identifier.type] += 1
    handles = sum(
        identifier.type == "handle" for report, _ in pairs for _, identifier in parsed(report)
    )
    assert set(misses) <= {"handle"}  # handle typos: the truth is still the true operation
    assert 0 < misses["handle"] < 0.03 * handles


def test_no_identifier_links_two_operations(world_pairs: Any) -> None:
    _, pairs = world_pairs
    benign = WarningList.default()
    owners: dict[str, set[str]] = defaultdict(set)
    for report, truth in pairs:
        owner = truth["operation"] or f"single:{report['agency']}:{report['external_id']}"
        for _, identifier in parsed(report):
            for one in (identifier, *identifier.implied()):
                if benign.match(one) is None:
                    owners[one.key].add(owner)
    assert [key for key, found in owners.items() if len(found) > 1] == []


def test_benign_noise_comes_from_the_warning_list(world_pairs: Any) -> None:
    _, pairs = world_pairs
    benign = WarningList.default()
    lists = Counter(
        entry.list
        for report, _ in pairs
        for _, identifier in parsed(report)
        if (entry := benign.match(identifier)) is not None
    )
    assert lists["platform-roots"] > 50
    assert lists["bank-hotlines"] + lists["emergency-numbers"] + lists["government-hotlines"] > 20


def test_reports_carry_the_noise_of_real_reports(world_pairs: Any) -> None:
    _, pairs = world_pairs
    values = [item["value"] for report, _ in pairs for item in report["identifiers"]]
    patterns = {
        "thai local number": r"0[689]\d-\d{3}-\d{4}",
        "number with country code": r"\+66 \d",
        "country code without plus": r"66[689]\d{8}",
        "tracking parameters": r"utm_source=",
        "upper-case host": r"https?://[A-Z0-9.-]+\.[A-Z]{2,}",
        "plain http": r"http://",
        "fragment": r"#",
        "thai account with bank": r"(KBANK|SCB|KTB|BBL) \d{3}-",
        "unionpay card": r"62\d{2} \d{4} \d{4} \d{4}",
        "network-tagged wallet": r"(USDT-TRC20|TRC20:|ERC20:|BEP20) ",
    }
    for what, pattern in patterns.items():
        assert any(re.search(pattern, value) for value in values), what
    untyped = sum("type" not in item for r, _ in pairs for item in r["identifiers"])
    assert 0.1 * len(values) < untyped < 0.5 * len(values)


def test_operations_rotate_identifiers_over_time(world_pairs: Any) -> None:
    _, pairs = world_pairs
    sizes = Counter(t["operation"] for _, t in pairs if t["operation"])
    biggest = sizes.most_common(1)[0][0]
    phones = [
        {i.key for item, i in parsed(r) if i.type in ("phone", "bank")}
        for r, t in pairs
        if t["operation"] == biggest
    ]
    third = len(phones) // 3
    early, late = set().union(*phones[:third]), set().union(*phones[-third:])
    assert early - late and late - early


def test_write_world_writes_the_files_and_reports_progress(tmp_path: Path) -> None:
    advanced: list[int] = []
    world = generate_world(seed=5, scale=2300)
    summary = write_world(world, tmp_path, progress=advanced.append)
    assert sum(advanced) == 2300
    lines = (tmp_path / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    truth = (tmp_path / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(truth) == 2300
    assert json.loads(truth[0]) == next(world.truth())
    written = json.loads((tmp_path / "world.json").read_text())
    assert written == summary and written["generator"] == GENERATOR_VERSION
    assert written["counts"]["operations"] == len(
        json.loads((tmp_path / "operations.json").read_text())
    )
    assert json.loads((tmp_path / "agencies.json").read_text()) == AGENCIES


def test_generating_200000_reports_streams_in_constant_memory() -> None:
    world = generate_world(seed=1, scale=200_000)
    tracemalloc.start()
    try:
        sample = list(islice(world.reports(), 2000))
        holding_all = tracemalloc.get_traced_memory()[0] * 100  # what 200,000 would cost
        del sample
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        count = sum(1 for _ in world.reports())
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    assert count == 200_000
    assert peak < holding_all / 100  # under 1%: nothing is kept per report


def test_the_report_shown_in_the_docs_is_generated_as_shown() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "synth.md").read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)```", text, re.S)
    assert block is not None
    shown = json.loads(block.group(1))
    generated = {r["external_id"]: r for r in generate_world(seed=7, scale=3000).reports()}
    assert generated[shown["external_id"]] == shown

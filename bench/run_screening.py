"""Screening benchmarks: name-matching accuracy, screening recall and false alerts, speed.

python -m bench.run_screening                    # everything, writes docs/benchmarks.md
python -m bench.run_screening --scale 20000 --negatives 1000 --manifest 1000   # a quick look

Accuracy is measured on the pair benchmark (bench/out/screening_pairs.csv, see
bench/screening_pairs.py) and, side by side in the same run, against the frozen nomenklatura
logic-v2 scores of OpenSanctions' name_bench cases (../shared/data/screening/). Speed is
measured on one process (one core) against the OFAC and UN lists and a synthetic list.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import statistics
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import OUT, machine, sqlite_url, update_section
from bench.screening_calibration import isotonic_knots, write_table
from bench.screening_pairs import DATA, load_pairs
from safemekong.hub import Hub
from safemekong.policy import NODE_ADMIN
from safemekong.screening.compare import compare_forms
from safemekong.screening.importers import read_list
from safemekong.screening.index import IndexedEntry, ScreeningIndex
from safemekong.screening.model import Entry
from safemekong.screening.names import name_forms
from safemekong.screening.scoring import DEFAULT_THRESHOLD, _calibration, calibrate
from safemekong.screening.service import make_query, screen_one

V2_THRESHOLD = 0.70  # logic-v2's published default


def raw_name_score(a: str, b: str) -> float:
    """The name-only raw score the screener uses (best agreement over both names' forms)."""
    return max(
        (compare_forms(f, g).score for f in name_forms(a) for g in name_forms(b)), default=0.0
    )


def name_score(a: str, b: str) -> float:
    """The calibrated name-only score."""
    return calibrate(raw_name_score(a, b))


def fit_calibration(pairs: list[dict[str, str]]) -> None:
    """Fit the calibration table on the even rows of the pair benchmark."""
    scored = [(raw_name_score(p["name1"], p["name2"]), p["is_match"] == "true") for p in pairs[::2]]
    write_table(isotonic_knots(scored))
    _calibration.cache_clear()


def _prf(scored: Sequence[tuple[float, bool]], threshold: float) -> dict[str, float]:
    tp = sum(1 for s, m in scored if m and s >= threshold)
    fp = sum(1 for s, m in scored if not m and s >= threshold)
    fn = sum(1 for s, m in scored if m and s < threshold)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "n": len(scored)}


def _ece(scored: Sequence[tuple[float, bool]], bins: int = 10) -> float:
    """Expected calibration error of the score read as a match probability."""
    buckets: dict[int, list[tuple[float, bool]]] = defaultdict(list)
    for s, m in scored:
        buckets[min(int(s * bins), bins - 1)].append((s, m))
    total = len(scored)
    return sum(
        len(b) / total * abs(statistics.fmean(s for s, _ in b) - sum(m for _, m in b) / len(b))
        for b in buckets.values()
    )


def accuracy(pairs: list[dict[str, str]]) -> dict[str, Any]:
    started = time.perf_counter()
    scored = [(name_score(p["name1"], p["name2"]), p["is_match"] == "true", p) for p in pairs]
    seconds = time.perf_counter() - started
    plain = [(s, m) for s, m, _ in scored]
    held_out = plain[1::2]  # the calibration table is fitted on the even rows
    thresholds = {t: _prf(plain, t) for t in (0.70, 0.75, 0.80, 0.85, 0.90)}
    groups: dict[str, dict[str, list[tuple[float, bool]]]] = {"source": {}, "script": {}}
    for s, m, p in scored:
        groups["source"].setdefault(p["source"], []).append((s, m))
        groups["script"].setdefault(p["script"], []).append((s, m))
    return {
        "pairs": len(pairs),
        "seconds": seconds,
        "overall": thresholds,
        "ece": _ece(held_out),
        "by": {
            kind: {k: _prf(v, DEFAULT_THRESHOLD) for k, v in sorted(g.items())}
            for kind, g in groups.items()
        },
    }


def versus_logic_v2() -> dict[str, Any]:
    """Our score and logic-v2's frozen score on the same name_bench cases."""
    with (DATA / "opensanctions_name_bench_logicv2_frozen.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    ours = [(name_score(r["name1"], r["name2"]), r["is_match"] == "true") for r in rows]
    v2 = [(float(r["score"]), r["is_match"] == "true") for r in rows]
    non_latin = [
        i for i, r in enumerate(rows) if not (r["name1"] + r["name2"]).replace("’", "'").isascii()
    ]
    return {
        "cases": len(rows),
        "ours": {t: _prf(ours, t) for t in (V2_THRESHOLD, DEFAULT_THRESHOLD)},
        "v2": {t: _prf(v2, t) for t in (V2_THRESHOLD, DEFAULT_THRESHOLD)},
        "non_latin": {
            "n": len(non_latin),
            "ours": _prf([ours[i] for i in non_latin], DEFAULT_THRESHOLD),
            "v2": _prf([v2[i] for i in non_latin], V2_THRESHOLD),
        },
        "ece_ours": _ece(ours),
        "ece_v2": _ece(v2),
    }


def _indexed(entries: Iterable[Entry], list_name: str) -> Iterable[IndexedEntry]:
    for position, entry in enumerate(entries):
        strong = (entry.name, *[a for a in entry.aliases if a != entry.name])
        yield IndexedEntry(
            position,
            list_name,
            "subject",
            entry.external_id,
            entry.schema,
            strong + tuple(entry.weak_aliases),
            len(strong),
            tuple(entry.birth_dates),
            tuple(entry.nationalities),
            entry.gender,
            tuple(entry.documents),
            None,
            0,
        )


def _list_entries(path: Path, fmt: str) -> list[Entry]:
    return [item for _, item in read_list(path, fmt) if isinstance(item, Entry)]


def _yente(path: Path, limit: int | None = None) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return rows[:limit] if limit else rows


def _query(row: dict[str, str]) -> Any:
    try:
        return make_query(
            row["full_name"], row["date_of_birth"] or None, row["nationality"] or None
        )
    except Exception:
        return make_query(row["full_name"])


def _key(name: str) -> str:
    return " ".join(sorted(name.lower().replace(",", " ").split()))


def screening_quality(negatives: int) -> dict[str, Any]:
    """Recall on yente's UN positives (as given and with typos), alerts on its negatives."""
    un = _list_entries(DATA / "un_sc_consolidated_2018-10-29.xml", "un-xml")
    ofac = _list_entries(DATA / "ofac_sdn_2024-05-03.csv", "sdn-csv")
    un_index = ScreeningIndex(_indexed(un, "un-sc"))
    result: dict[str, Any] = {}
    untreated = _yente(DATA / "yente_positives_un_untreated.csv")
    treated = _yente(DATA / "yente_positives_un_treated.csv")
    for label, rows in (("untreated", untreated), ("treated", treated)):
        found = 0
        for row, truth in zip(rows, untreated, strict=True):
            matches = screen_one(un_index, _query(row), None)
            if any(_key(truth["full_name"]) in {_key(n) for n in m.entry.names} for m in matches):
                found += 1
        result[label] = {"queries": len(rows), "recall": found / len(rows)}
    index = ScreeningIndex([*_indexed(ofac, "ofac-sdn"), *_indexed(un, "un-sc")])
    people = _yente(DATA / "yente_negatives_global_50k.csv", negatives)
    times, alerted = [], 0
    for row in people:
        query = _query(row)
        start = time.perf_counter()
        if screen_one(index, query, None):
            alerted += 1
        times.append(time.perf_counter() - start)
    result["negatives"] = {
        "queries": len(people),
        "alert_rate": alerted / len(people),
        "entries": index.size,
        **_latency(times),
    }
    return result


def _latency(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "per_second": len(times) / sum(times),
        "p50_ms": ordered[len(ordered) // 2] * 1000,
        "p95_ms": ordered[int(len(ordered) * 0.95)] * 1000,
    }


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic_scale(size: int, queries: int) -> dict[str, Any]:
    """A synthetic list of ``size`` entries (about five names each) from yente's name parts."""
    rng = random.Random(5)
    people = _yente(DATA / "yente_negatives_global_50k.csv")
    firsts = [p["first_name"] for p in people if p["first_name"]]
    lasts = [p["last_name"] for p in people if p["last_name"]]

    def entries() -> Iterable[IndexedEntry]:
        for i in range(size):
            last = rng.choice(lasts)
            names = tuple(f"{rng.choice(firsts)} {last}" for _ in range(5))
            year = str(rng.randint(1950, 2000))
            yield IndexedEntry(
                i,
                "synthetic",
                "subject",
                str(i),
                "Person",
                names,
                5,
                (year,),
                (),
                None,
                (),
                None,
                0,
            )

    before = _rss_mb()
    start = time.perf_counter()
    index = ScreeningIndex(entries())
    build = time.perf_counter() - start
    memory = _rss_mb() - before
    sample = rng.sample(index.entries, queries // 2)
    names = [e.names[0] for e in sample] + [
        f"{rng.choice(firsts)} {rng.choice(lasts)}" for _ in range(queries - len(sample))
    ]
    times = []
    for name in names:
        query = make_query(name)
        begin = time.perf_counter()
        screen_one(index, query, None)
        times.append(time.perf_counter() - begin)
    return {
        "entries": size,
        "names": size * 5,
        "build_s": build,
        "postings_mb": index.memory_bytes() / 1e6,
        "rss_growth_mb": memory,
        "queries": queries,
        **_latency(times),
    }


def manifest_run(travellers: int) -> dict[str, Any]:
    """A manifest of yente's synthetic travellers through the CLI's code path on SQLite."""
    url = sqlite_url("screening-manifest")
    Path(url.removeprefix("sqlite:///") + ".screening-index").unlink(missing_ok=True)
    hub = Hub.open(url)
    try:
        hub.screening.import_file(
            NODE_ADMIN, DATA / "ofac_sdn_2024-05-03.csv", "sdn-csv", "ofac-sdn"
        )
        hub.screening.import_file(
            NODE_ADMIN, DATA / "un_sc_consolidated_2018-10-29.xml", "un-xml", "un-sc"
        )
        start = time.perf_counter()
        hub.screening.index()
        build = time.perf_counter() - start
        manifest = OUT / "screening-manifest.csv"
        rows = _yente(DATA / "yente_negatives_global_50k.csv")[-travellers:]
        with manifest.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        start = time.perf_counter()
        counts = hub.screening.screen_manifest(NODE_ADMIN, manifest, OUT / "screening-results.csv")
        return {
            "travellers": travellers,
            "seconds": time.perf_counter() - start,
            "index_build_s": build,
            **counts,
        }
    finally:
        hub.close()


def _pct(value: float) -> str:
    return f"{value:.3f}"


def render(results: dict[str, Any]) -> str:
    acc, v2, quality = results["accuracy"], results["v2"], results["quality"]
    scale, manifest = results["scale"], results["manifest"]
    neg = quality["negatives"]
    lines = [
        "## Screening",
        "",
        f"Measured {results['date']} on {results['machine']}, one process (one core), "
        "while other jobs shared the machine. Command: `python -m bench.run_screening "
        f"{results['args']}`.",
        "",
        f"### Name matching on the cross-script benchmark ({acc['pairs']:,} labelled pairs)",
        "",
        "Built by `bench/screening_pairs.py` into `bench/out/screening_pairs.csv`: OFAC alias "
        "groups, UN original-script names, name_bench cases, curated regional names, variants "
        "made by anyascii (independent of the matcher's pypinyin/pythainlp) and typos, and "
        "negatives from yente's synthetic persons and same-surname pairs.",
        "",
        "| threshold | precision | recall | F1 |",
        "|---|---|---|---|",
    ]
    for t, m in acc["overall"].items():
        mark = " (default)" if t == DEFAULT_THRESHOLD else ""
        lines.append(
            f"| {t:.2f}{mark} | {_pct(m['precision'])} | {_pct(m['recall'])} | {_pct(m['f1'])} |"
        )
    lines += [
        "",
        f"Expected calibration error (10 bins, on the half of the pairs the calibration table "
        f"was not fitted on): {acc['ece']:.3f}. "
        f"Scoring {acc['pairs']:,} pairs took {acc['seconds']:.1f} s.",
        "",
        f"At the default threshold {DEFAULT_THRESHOLD}, per source and per script "
        "(recall on positives; precision where the group has both labels):",
        "",
        "| group | pairs | precision | recall |",
        "|---|---|---|---|",
    ]
    for kind in ("source", "script"):
        for name, m in acc["by"][kind].items():
            recall = "–" if m["recall"] != m["recall"] else _pct(m["recall"])
            lines.append(f"| {kind}: {name} | {m['n']} | {_pct(m['precision'])} | {recall} |")
    lines += [
        "",
        "### Side by side with nomenklatura logic-v2 "
        f"(frozen scores, {v2['cases']} name_bench cases)",
        "",
        "| matcher | threshold | precision | recall | F1 |",
        "|---|---|---|---|---|",
    ]
    for who in ("ours", "v2"):
        for t, m in v2[who].items():
            label = "SafeMekong" if who == "ours" else "logic-v2"
            row = f"| {_pct(m['precision'])} | {_pct(m['recall'])} | {_pct(m['f1'])} |"
            lines.append(f"| {label} | {t:.2f} {row}")
    nl = v2["non_latin"]
    lines += [
        "",
        f"Cases with a non-Latin name ({nl['n']}): SafeMekong P {_pct(nl['ours']['precision'])} "
        f"R {_pct(nl['ours']['recall'])} at {DEFAULT_THRESHOLD}; logic-v2 P "
        f"{_pct(nl['v2']['precision'])} R {_pct(nl['v2']['recall'])} at {V2_THRESHOLD}. "
        f"Calibration error: SafeMekong {v2['ece_ours']:.3f}, logic-v2 {v2['ece_v2']:.3f}. "
        "logic-v1 was not run (nomenklatura is not installed here).",
        "",
        "### Screening whole records",
        "",
        f"- yente's UN positives screened against the UN list ({quality['untreated']['queries']} "
        f"people): recall {_pct(quality['untreated']['recall'])} as listed, "
        f"{_pct(quality['treated']['recall'])} with yente's typos and reordering.",
        f"- yente's synthetic non-listed persons against OFAC SDN + UN ({neg['entries']:,} "
        f"entries): {neg['queries']:,} screened, alert rate {_pct(neg['alert_rate'])}; "
        f"{neg['per_second']:.0f} screens/s, p50 {neg['p50_ms']:.1f} ms, "
        f"p95 {neg['p95_ms']:.1f} ms.",
        "",
        "### Speed at scale (synthetic list)",
        "",
        f"- {scale['entries']:,} entries ({scale['names']:,} names) built from yente's name parts: "
        f"index built in {scale['build_s']:.0f} s, postings {scale['postings_mb']:.0f} MB, "
        f"process grew {scale['rss_growth_mb']:.0f} MB.",
        f"- {scale['queries']:,} screens (half listed names, half not): {scale['per_second']:.0f} "
        f"screens/s on one core, p50 {scale['p50_ms']:.1f} ms, p95 {scale['p95_ms']:.1f} ms.",
        f"- Manifest of {manifest['travellers']:,} travellers through `Screening.screen_manifest` "
        f"(SQLite store, OFAC + UN): {manifest['seconds']:.1f} s ({manifest['hit']} hits, "
        f"{manifest['error']} unreadable rows); index build {manifest['index_build_s']:.1f} s.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=100_000, help="entries of the synthetic list")
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--negatives", type=int, default=5000)
    parser.add_argument("--manifest", type=int, default=10_000)
    parser.add_argument("--rebuild-pairs", action="store_true")
    parser.add_argument(
        "--fit-calibration", action="store_true", help="refit data/calibration.csv first"
    )
    parser.add_argument("--out", type=Path, default=None, help="write the section here instead")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "machine": machine(),
        "args": f"--scale {args.scale} --queries {args.queries} --negatives {args.negatives} "
        f"--manifest {args.manifest}",
    }
    pairs = load_pairs(args.rebuild_pairs)
    if args.fit_calibration:
        fit_calibration(pairs)
    results["accuracy"] = accuracy(pairs)
    results["v2"] = versus_logic_v2()
    print("accuracy done", flush=True)
    results["quality"] = screening_quality(args.negatives)
    print("quality done", flush=True)
    results["manifest"] = manifest_run(args.manifest)
    print("manifest done", flush=True)
    results["scale"] = synthetic_scale(args.scale, args.queries)
    markdown = render(results)
    if args.out:
        args.out.write_text(markdown + "\n")
    else:
        update_section("screening", markdown)
    print(markdown)


if __name__ == "__main__":
    main()

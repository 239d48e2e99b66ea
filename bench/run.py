"""Run the foundation's benchmarks and write their section of docs/benchmarks.md.

python -m bench.run                       # 100k and 1M reports, SQLite and PostgreSQL
python -m bench.run --scales 20000 --no-pg --out /tmp/b.md   # a quick look
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import (
    BENCHMARKS_MD,
    OUT,
    machine,
    pg_available,
    pg_schema_url,
    sqlite_url,
    update_section,
    world_dir,
)
from bench.intake import measure_import
from bench.lookup import measure_lookup
from bench.quality import measure_quality


def run(
    scales: list[int],
    quality_scale: int,
    use_pg: bool,
    lookups: int,
    save: Callable[[dict[str, Any]], None],
) -> None:
    """Run every measurement; ``save`` gets the results so far after each one."""
    results: dict[str, Any] = {"imports": [], "lookups": [], "quality": None}

    def record(section: str, row: dict[str, Any]) -> None:
        if section == "quality":
            results["quality"] = row
        else:
            results[section].append(row)
        save(results)

    largest = max(scales)
    for scale in sorted(scales):
        world = world_dir(scale)
        url = sqlite_url(f"import-{scale}")
        record("imports", {"store": "SQLite", "scale": scale, **measure_import(url, world)})
        if scale == quality_scale:
            nowl = sqlite_url(f"quality-nowl-{scale}")
            quality = measure_quality(url, nowl, world, already_imported=True)
            record("quality", {"scale": scale, **quality})
        if scale == largest:
            record("lookups", {"store": "SQLite", "scale": scale, **measure_lookup(url, lookups)})
        if use_pg:
            with pg_schema_url() as pg:
                row = measure_import(pg, world)
                record("imports", {"store": "PostgreSQL", "scale": scale, **row})
                if scale == largest:
                    row = measure_lookup(pg, lookups, port=8732)
                    record("lookups", {"store": "PostgreSQL", "scale": scale, **row})
    if results["quality"] is None:
        world = world_dir(quality_scale)
        quality = measure_quality(sqlite_url("quality-wl"), sqlite_url("quality-nowl"), world)
        record("quality", {"scale": quality_scale, **quality})


def render(results: dict[str, Any], when: str, host: str) -> str:
    lines = [
        "## Foundation: import, lookup, correlation quality",
        "",
        f"Measured {when} on {host}, by `make bench` (`python -m bench.run`). Synthetic worlds "
        "from `safemekong synth --seed 7` (about 5 identifiers per report). Targets from the "
        "foundation issue are in brackets.",
        "",
        "### Import (`safemekong import reports`, one process) [≥ 3,000 reports/s on SQLite, "
        "≤ 2 GB]",
        "",
        "| store | reports | sightings | seconds | reports/s | peak memory | store size | "
        "bytes per sighting |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results["imports"]:
        lines.append(
            f"| {r['store']} | {r['reports']:,} | {r['sightings']:,} | {r['seconds']:,.0f} | "
            f"{r['reports_per_s']:,.0f} | {r['peak_mb']:,.0f} MB | {r['store_mb']:,.0f} MB | "
            f"{r['bytes_per_sighting']:,.0f} |"
        )
    lines += [
        "",
        "Bytes per sighting is the whole store (reports with narratives, identifiers, indexes) "
        "divided by the sightings: flat from one scale to the next means linear growth. Since "
        "migration 0008 the store also keeps each operation's report tallies and each "
        "identifier's sighting set with an index on them (about 70 bytes per sighting), which "
        "lookups and operation summaries read instead of counting reports; a local import "
        "checks the next batches in a second process while it stores one.",
        "",
        "### Lookup [p95 ≤ 5 ms in-process, ≤ 20 ms over HTTP]",
        "",
        "Random stored identifiers, looked up by an agency analyst (visibility rule applied), "
        "sequentially; HTTP against `safemekong serve` in its own process, keep-alive.",
        "",
        "| store | reports | lookups | in-process p50 | in-process p95 | HTTP p50 | HTTP p95 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results["lookups"]:
        lines.append(
            f"| {r['store']} | {r['scale']:,} | {r['lookups']:,} | "
            f"{r['in_process']['p50_ms']:.2f} ms | {r['in_process']['p95_ms']:.2f} ms | "
            f"{r['http']['p50_ms']:.2f} ms | {r['http']['p95_ms']:.2f} ms |"
        )
    q = results["quality"]
    if q is None:
        return "\n".join([*lines, ""])
    lines += [
        "",
        f"### Correlation quality on the synthetic ground truth ({q['scale']:,} reports) "
        "[precision ≥ 0.99, recall ≥ 0.97]",
        "",
        "| warning list | pairwise precision | pairwise recall | true pairs | predicted pairs |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, key in (("shipped list", "with_warning_list"), ("none", "without_warning_list")):
        s = q[key]
        lines.append(
            f"| {label} | {s['precision']:.4f} | {s['recall']:.4f} | "
            f"{s['true_pairs']:,} | {s['predicted_pairs']:,} |"
        )
    lines += ["", "Raw results: `bench/out/results.json` after a run.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scales", default="100000,1000000", help="comma-separated report counts to import"
    )
    parser.add_argument("--quality-scale", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument("--no-pg", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--out", type=Path, default=BENCHMARKS_MD)
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    use_pg = not args.no_pg and pg_available()
    OUT.mkdir(parents=True, exist_ok=True)
    when, host = datetime.now(UTC).strftime("%Y-%m-%d"), machine()

    def save(results: dict[str, Any]) -> None:
        (OUT / "results.json").write_text(json.dumps(results, indent=2))
        update_section("foundation", render(results, when, host), args.out)

    run(scales, args.quality_scale, use_pg, args.lookups, save)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

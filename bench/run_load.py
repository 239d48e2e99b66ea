"""Load: mixed lookups, intake, screening and stream subscribers against one running hub.

python -m bench.run_load                                  # the 1,000,000-report world, 60 s
python -m bench.run_load --scale 100000 --seconds 30      # a quicker look

The world's store is built once with the real CLI import and kept under bench/out/ (reused
while the scale is the same). ``safemekong serve`` runs in its own process on 127.0.0.1; a
load generator in this process keeps ``--clients`` lookup clients busy in a closed loop (each
sends its next lookup when the last is answered), files reports at ``--intake-rate`` batches of
one per second, screens names at ``--screen-rate`` per second (against the OFAC SDN list when
``../shared/data/screening`` is present), and holds ``--subscribers`` open event streams. Both
the server and the generator share the machine's cores, so the figures are what one 2-core
machine does for both; the load average is reported.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bench.common import OUT, machine, served, update_section, world_dir
from bench.intake import measure_import
from bench.lookup import sample_keys
from bench.screening_pairs import DATA
from safemekong.hub import Hub
from safemekong.policy import NODE_ADMIN

SCREENING_LIST = DATA / "ofac_sdn_2024-05-03.csv"
#: Targets of the reliability issue for lookups over HTTP on 2 cores.
TARGET_LOOKUPS_PER_S = 1000
TARGET_P99_MS = 50.0


def world_store(scale: int) -> str:
    """The store of the ``scale`` world, imported once and then reused."""
    path = OUT / f"load-{scale}.db"
    done = OUT / f"load-{scale}.done"
    url = f"sqlite:///{path}"
    if not done.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        imported = measure_import(url, world_dir(scale))
        done.write_text(json.dumps(imported))
    return url


def prepare(url: str) -> dict[str, Any]:
    """API keys of two agencies, lookup values, names to screen and a watch list."""
    hub = Hub.open(url)
    try:
        codes = [a["code"] for a in hub.list_agencies(NODE_ADMIN)][:2]
        keys = [hub.create_key(NODE_ADMIN, code, "analyst", "load")["key"] for code in codes]
        values = sample_keys(hub, 5000)
        names: list[str] = []
        if SCREENING_LIST.exists():
            hub.screening.import_file(NODE_ADMIN, SCREENING_LIST, "sdn-csv", "ofac-sdn")
            names = [e["name"] for e in _some_entries(SCREENING_LIST, 500)]
    finally:
        hub.close()
    return {"codes": codes, "keys": keys, "values": values, "names": names}


def _some_entries(path: Path, count: int) -> list[dict[str, str]]:
    """Names from the SDN list's second column (individuals and entities alike)."""
    rows = []
    with path.open(encoding="latin-1") as handle:
        for line in handle:
            parts = line.split(",")
            if len(parts) > 2 and parts[1].strip('"'):
                rows.append({"name": parts[1].strip('"')})
            if len(rows) >= count:
                break
    return rows


class Recorder:
    """Latencies and errors per kind of request."""

    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}

    def add(self, kind: str, seconds: float, ok: bool) -> None:
        self.latencies.setdefault(kind, []).append(seconds)
        if not ok:
            self.errors[kind] = self.errors.get(kind, 0) + 1

    def summary(self, seconds: float) -> dict[str, dict[str, float]]:
        found = {}
        for kind, samples in self.latencies.items():
            ordered = sorted(samples)

            def cut(share: float, ordered: list[float] = ordered) -> float:
                return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

            found[kind] = {
                "requests": len(ordered),
                "per_s": len(ordered) / seconds,
                "p50_ms": cut(0.50),
                "p95_ms": cut(0.95),
                "p99_ms": cut(0.99),
                "errors": self.errors.get(kind, 0),
            }
        return found


async def _timed(client: httpx.AsyncClient, record: Recorder, kind: str, call: Any) -> None:
    start = time.perf_counter()
    try:
        response = await call
        ok = response.status_code < 400
    except httpx.HTTPError:
        ok = False
    record.add(kind, time.perf_counter() - start, ok)


async def _lookups(
    client: httpx.AsyncClient, values: list[str], record: Recorder, end: float
) -> None:
    rng = random.Random()
    while time.monotonic() < end:
        value = rng.choice(values)
        await _timed(
            client, record, "lookup", client.get("/api/v1/lookup", params={"value": value})
        )


async def _at_rate(rate: float, end: float, make: Any) -> None:
    """Call ``make()`` ``rate`` times a second until ``end`` (skipped when rate is 0)."""
    if rate <= 0:
        return
    tasks = []
    step = 1 / rate
    next_at = time.monotonic()
    while next_at < end:
        tasks.append(asyncio.ensure_future(make()))
        next_at += step
        await asyncio.sleep(max(0.0, next_at - time.monotonic()))
    await asyncio.gather(*tasks)


async def _subscriber(base: str, key: str, end: float, events: list[int]) -> None:
    async with (
        httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {key}"}) as client,
        client.stream("GET", "/api/v1/stream", timeout=None) as stream,
    ):
        async for line in stream.aiter_lines():
            if line.startswith("event:"):
                events[0] += 1
            if time.monotonic() > end:
                return


async def generate(base: str, setup: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    """Run every kind of traffic for ``args.seconds``; latencies per kind."""
    record = Recorder()
    events = [0]
    limits = httpx.Limits(max_connections=args.clients + 20)
    headers = {"Authorization": f"Bearer {setup['keys'][0]}"}
    async with httpx.AsyncClient(
        base_url=base, headers=headers, limits=limits, timeout=30
    ) as client:
        warm_end = time.monotonic() + 3
        await asyncio.gather(
            *(_lookups(client, setup["values"], Recorder(), warm_end) for _ in range(4))
        )
        start = time.monotonic()
        end = start + args.seconds
        counter = iter(range(10**9))

        def file_one() -> Any:
            report = {
                "external_id": f"load-{os.getpid()}-{next(counter)}",
                "typology": "investment",
                "tlp": "GREEN",
                "identifiers": [{"value": random.choice(setup["values"]), "role": "mentioned"}],
            }
            return _timed(client, record, "intake", client.post("/api/v1/reports", json=report))

        def screen_one() -> Any:
            name = random.choice(setup["names"])
            return _timed(
                client, record, "screen", client.post("/api/v1/screen", json={"name": name})
            )

        subscribers = [
            asyncio.ensure_future(_subscriber(base, setup["keys"][1], end, events))
            for _ in range(args.subscribers)
        ]
        await asyncio.gather(
            *(_lookups(client, setup["values"], record, end) for _ in range(args.clients)),
            _at_rate(args.intake_rate, end, file_one),
            _at_rate(args.screen_rate if setup["names"] else 0, end, screen_one),
        )
        for task in subscribers:
            task.cancel()
        seconds = time.monotonic() - start
    return {"kinds": record.summary(seconds), "stream_events": events[0], "seconds": seconds}


def render(result: dict[str, Any], args: argparse.Namespace, when: str) -> str:
    lookups = result["kinds"].get("lookup", {})
    met = (
        lookups.get("per_s", 0) >= TARGET_LOOKUPS_PER_S
        and lookups.get("p99_ms", 1e9) <= TARGET_P99_MS
    )
    rows = "\n".join(
        f"| {kind} | {k['requests']:,} | {k['per_s']:,.0f}/s | {k['p50_ms']:.1f} ms | "
        f"{k['p95_ms']:.1f} ms | {k['p99_ms']:.1f} ms | {k['errors']} |"
        for kind, k in sorted(result["kinds"].items())
    )
    scale_note = (
        ""
        if args.scale >= 1_000_000
        else (f" (measured on {args.scale:,} reports, not the 1,000,000 the target names)")
    )
    return "\n".join(
        [
            f"## Load: mixed traffic on one node [lookups ≥ {TARGET_LOOKUPS_PER_S:,}/s at "
            f"p99 ≤ {TARGET_P99_MS:.0f} ms]",
            "",
            f"Measured {when} on {machine()}, by `python -m bench.run_load --scale "
            f"{args.scale} --seconds {args.seconds:.0f}`: `safemekong serve` (one process, "
            f"SQLite) over the {args.scale:,}-report synthetic world; the load generator, in "
            f"another process on the same 2 cores, keeps {args.clients} lookup clients busy in "
            f"a closed loop, files {args.intake_rate:.0f} reports/s, screens "
            f"{args.screen_rate:.0f} names/s against the OFAC SDN list and holds "
            f"{args.subscribers} event streams open ({result['stream_events']:,} events "
            f"received). 1-minute load average at the end: {result['load_average']:.1f}.",
            "",
            "| request | count | throughput | p50 | p95 | p99 | errors |",
            "|---|---:|---:|---:|---:|---:|---:|",
            rows,
            "",
            f"Lookups ≥ {TARGET_LOOKUPS_PER_S:,}/s at p99 ≤ {TARGET_P99_MS:.0f} ms: "
            f"**{'met' if met else 'not met'}**{scale_note}.",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--intake-rate", type=float, default=20)
    parser.add_argument("--screen-rate", type=float, default=5)
    parser.add_argument("--subscribers", type=int, default=10)
    parser.add_argument("--port", type=int, default=8761)
    args = parser.parse_args()
    url = world_store(args.scale)
    setup = prepare(url)
    with served(url, args.port) as base:
        result = asyncio.run(generate(base, setup, args))
    result["load_average"] = os.getloadavg()[0]
    (OUT / "load.json").write_text(json.dumps(result, indent=2))
    update_section("load", render(result, args, datetime.now(UTC).strftime("%Y-%m-%d")))
    print(json.dumps(result["kinds"], indent=2))


if __name__ == "__main__":
    main()

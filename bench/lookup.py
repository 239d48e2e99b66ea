"""Claim: lookup p95 ≤ 5 ms in-process and ≤ 20 ms over HTTP at a million reports.

Values are drawn at random from the stored identifiers and looked up as an agency analyst
(so the visibility rule is applied), in-process through the hub and over HTTP against
`safemekong serve` in its own process.
"""

from __future__ import annotations

import random
import statistics
import time
from typing import Any

import httpx
from sqlalchemy import select

from bench.common import served
from safemekong.hub import Hub
from safemekong.policy import NODE_ADMIN
from safemekong.store import schema


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50 and p95 in milliseconds."""
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50_ms": cuts[49] * 1000, "p95_ms": cuts[94] * 1000}


def sample_keys(hub: Hub, count: int, seed: int = 1) -> list[str]:
    ids = schema.identifiers
    with hub.store.read() as conn:
        top = conn.execute(select(ids.c.id).order_by(ids.c.id.desc()).limit(1)).scalar_one()
        wanted = random.Random(seed).sample(range(1, top + 1), min(count, top))
        keys = []
        for start in range(0, len(wanted), 500):
            keys += conn.execute(
                select(ids.c.key).where(ids.c.id.in_(wanted[start : start + 500]))
            ).scalars()
    return keys


def measure_lookup(url: str, count: int = 2000, port: int = 8731) -> dict[str, Any]:
    hub = Hub.open(url)
    try:
        agency = hub.list_agencies(NODE_ADMIN)[0]["code"]
        api_key = hub.create_key(NODE_ADMIN, agency, "analyst", "bench")["key"]
        analyst = hub.authenticate(api_key)
        keys = sample_keys(hub, count)
        for key in keys[:50]:  # warm caches
            hub.lookup(analyst, key)
        in_process = []
        for key in keys:
            start = time.perf_counter()
            hub.lookup(analyst, key)
            in_process.append(time.perf_counter() - start)
    finally:
        hub.close()
    over_http = _http_latencies(url, api_key, keys, port)
    return {
        "lookups": len(keys),
        "in_process": percentiles(in_process),
        "http": percentiles(over_http),
    }


def _http_latencies(url: str, api_key: str, keys: list[str], port: int) -> list[float]:
    with (
        served(url, port) as base,
        httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {api_key}"}, timeout=30
        ) as client,
    ):
        for key in keys[:50]:
            client.get("/api/v1/lookup", params={"value": key})
        latencies = []
        for key in keys:
            start = time.perf_counter()
            response = client.get("/api/v1/lookup", params={"value": key})
            latencies.append(time.perf_counter() - start)
            response.raise_for_status()
        return latencies

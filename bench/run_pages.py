"""Web pages: server time of each main page on the synthetic world, and the link chart in a
real browser at 2,000 nodes.

python -m bench.run_pages                       # the 1,000,000-report world (built once)
python -m bench.run_pages --scale 100000        # a quicker look

The world's store is the one ``bench.run_load`` builds (kept under bench/out/), with the
demo's watch lists, ledger and evidence case added, and a web user of TH-CCIB. ``safemekong
serve`` runs in its own process; one signed-in client asks for each page ``--requests`` times
in turn (after two warm-up requests) and the time to the last byte is taken, so the figures
are server time plus a loopback round trip. The link chart is timed in Chromium (Playwright)
from navigation until Cytoscape has laid out an operation of 1,600 reports and 400 shared
identifiers, and for an operation too big to draw by report (clustered).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from bench.common import OUT, machine, served, update_section
from bench.lookup import sample_keys
from bench.run_load import world_store
from safemekong.demo import (
    DEMO_OWNER,
    load_demo_evidence,
    load_demo_ledger,
    load_demo_watchlists,
)
from safemekong.hub import Hub
from safemekong.policy import NODE_ADMIN
from safemekong.trail import synthetic

#: The issue's target for each main page's server time.
TARGET_P95_MS = 300.0
USER, PASSWORD = "bench.th", "bench pages password 2026"
CHROMIUM = Path("/usr/bin/chromium")


def prepare(url: str) -> dict[str, Any]:
    """A web user of TH-CCIB, the demo's lists, ledger and evidence (once), and what the
    pages are asked about: identifier values and operations of several sizes."""
    hub = Hub.open(url)
    try:
        if USER not in {u["username"] for u in hub.list_users(NODE_ADMIN)}:
            hub.add_user(NODE_ADMIN, USER, DEMO_OWNER, "analyst", PASSWORD)
        # Once per world (the load benchmark may have added a watch list of its own).
        if not hub.evidence.list_items(NODE_ADMIN, None, 0, 1):
            owner = hub.authenticate(hub.create_key(NODE_ADMIN, DEMO_OWNER, "analyst")["key"])
            if "CN-TH" not in {g["name"] for g in hub.list_groups(NODE_ADMIN)}:
                hub.create_group(NODE_ADMIN, "CN-TH", ["CN-AFC", DEMO_OWNER], "bench")
            ledger = synthetic.generate(seed=7, cases=12, ordinary=150)
            load_demo_watchlists(hub, owner)
            load_demo_ledger(hub, owner, ledger)
            load_demo_evidence(hub, owner, ledger)
        reader = hub.authenticate(hub.create_key(NODE_ADMIN, DEMO_OWNER, "read-only")["key"])
        operations = hub.list_operations(reader, limit=200, identifiers=False)
        values = sample_keys(hub, 500)
        item = hub.evidence.list_items(NODE_ADMIN, None, 0, 1)[0]["id"]
        report = hub.list_reports(NODE_ADMIN, limit=1)[0]["id"]
    finally:
        hub.close()
    sizes = sorted(operations, key=lambda o: o["reports"])
    return {
        "values": values,
        "largest": sizes[-1],
        "median_op": sizes[len(sizes) // 2],
        "item": item,
        "report": report,
    }


def sign_in(client: httpx.Client) -> None:
    token = _csrf(client.get("/login").text)
    answer = client.post(
        "/login", data={"username": USER, "password": PASSWORD, "csrf_token": token, "next": "/"}
    )
    if answer.status_code != 303:
        raise RuntimeError(f"sign-in answered {answer.status_code}")


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    if found is None:
        raise RuntimeError("no CSRF token on the page")
    return found.group(1)


def pages(setup: dict[str, Any]) -> dict[str, Callable[[], str]]:
    """Page name -> a function giving the path to ask for (varied where it takes a value)."""
    values = setup["values"]
    largest, median = setup["largest"]["id"], setup["median_op"]["id"]
    return {
        "dashboard `/`": lambda: "/",
        "search `/search?q=…`": lambda: "/search?" + urlencode({"q": random.choice(values)}),
        "operations `/operations`": lambda: "/operations",
        "median operation `/operations/{id}`": lambda: f"/operations/{median}",
        "largest operation `/operations/{id}`": lambda: f"/operations/{largest}",
        "largest operation's chart data `/operations/{id}/graph`": lambda: (
            f"/operations/{largest}/graph"
        ),
        "report `/reports/{id}`": lambda: f"/reports/{setup['report']}",
        "report form `/reports/new`": lambda: "/reports/new",
        "screening `/screening`": lambda: "/screening",
        "money trail `/trail`": lambda: "/trail",
        "detection `/detect`": lambda: "/detect",
        "evidence `/evidence`": lambda: "/evidence",
        "evidence item `/evidence/items/{id}`": lambda: f"/evidence/items/{setup['item']}",
        "administration `/admin`": lambda: "/admin",
    }


def time_pages(base: str, setup: dict[str, Any], requests: int) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    with httpx.Client(base_url=base, timeout=120) as client:
        sign_in(client)
        for name, path in pages(setup).items():
            for _ in range(2):
                client.get(path())
            times, errors = [], 0
            for _ in range(requests):
                start = time.perf_counter()
                answer = client.get(path())
                times.append((time.perf_counter() - start) * 1000)
                errors += answer.status_code >= 400
            times.sort()
            results[name] = {
                "p50_ms": statistics.median(times),
                "p95_ms": times[max(0, round(0.95 * len(times)) - 1)],
                "max_ms": times[-1],
                "errors": errors,
            }
            print(f"{name}: p95 {results[name]['p95_ms']:.0f} ms", flush=True)
    return results


def chart_store(folder: Path, reports: int, shared: int) -> tuple[str, int]:
    """A store with one operation of ``reports`` reports naming ``shared`` numbers, each named
    by several reports, so the chart has ``reports + shared`` nodes."""
    url = f"sqlite:///{folder / f'chart-{reports}.db'}"
    hub = Hub.open(url)
    hub.add_agency(NODE_ADMIN, "TH-CCIB", "TH", "Cyber Crime Investigation Bureau")
    hub.add_user(NODE_ADMIN, USER, "TH-CCIB", "analyst", PASSWORD)
    th = hub.authenticate(hub.create_key(NODE_ADMIN, "TH-CCIB", "analyst")["key"])
    filed = hub.file_reports(
        th,
        [
            {
                "external_id": f"chart-{n}",
                "tlp": "GREEN",
                "typology": ("loan", "investment", "romance")[n % 3],
                "identifiers": [
                    {"value": "+66812345678", "role": "caller"},
                    {"value": f"+6689{n % shared:07d}", "role": "caller"},
                ],
            }
            for n in range(reports)
        ],
    )
    operation = int(filed.accepted[0]["operation_id"])
    hub.close()
    return url, operation


def time_chart(url: str, operation: int, port: int, runs: int) -> dict[str, Any]:
    """Navigation to a drawn link chart in Chromium, ``runs`` times; nodes drawn."""
    from playwright.sync_api import sync_playwright

    with served(url, port) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        page = browser.new_context(
            base_url=base, viewport={"width": 1360, "height": 900}
        ).new_page()
        page.goto("/login")
        page.fill("#username", USER)
        page.fill("#password", PASSWORD)
        page.click("form.stacked button[type=submit]")
        page.wait_for_url(re.compile(r".*/$"))
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            page.goto(f"/operations/{operation}")
            page.wait_for_selector("#graph[data-ready=true]", timeout=120_000)
            times.append(time.perf_counter() - start)
        nodes = int(page.get_attribute("#graph", "data-nodes") or 0)
        start = time.perf_counter()
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
        frame_ms = (time.perf_counter() - start) * 1000
        browser.close()
    return {"nodes": nodes, "median_s": statistics.median(times), "frame_ms": frame_ms}


def render(result: dict[str, Any], args: argparse.Namespace, when: str) -> str:
    over = [
        name for name, p in result["pages"].items() if p["p95_ms"] > TARGET_P95_MS or p["errors"]
    ]
    verdict = "met" if not over else "not met (" + "; ".join(over) + ")"
    rows = "\n".join(
        f"| {name} | {p['p50_ms']:.0f} ms | {p['p95_ms']:.0f} ms | {p['max_ms']:.0f} ms | "
        f"{p['errors']} |"
        for name, p in result["pages"].items()
    )
    charts = "\n".join(
        f"| {name} | {c['nodes']:,} | {c['median_s']:.2f} s | {c['frame_ms']:.0f} ms |"
        for name, c in result["charts"].items()
    )
    setup = result["setup"]
    return "\n".join(
        [
            f"## Web pages: server time per page [p95 ≤ {TARGET_P95_MS:.0f} ms], link chart "
            "at 2,000 nodes",
            "",
            f"Measured {when} on {machine()}, by `python -m bench.run_pages --scale "
            f"{args.scale}`: `safemekong serve` (one process, SQLite) over the "
            f"{args.scale:,}-report synthetic world with the demo's watch lists, ledger and "
            f"evidence case; one signed-in client (TH-CCIB analyst) asks for each page "
            f"{args.requests} times after two warm-up requests. The largest operation it may "
            f"see has {setup['largest']['reports']:,} reports, the median one "
            f"{setup['median_op']['reports']:,}.",
            "",
            "| page | p50 | p95 | max | errors |",
            "|---|---:|---:|---:|---:|",
            rows,
            "",
            f"Every page p95 ≤ {TARGET_P95_MS:.0f} ms: **{verdict}**. The chart data is fetched by "
            "the operation page once it is shown.",
            "",
            "Link chart in Chromium (headless, Playwright), from navigation until Cytoscape.js "
            "has laid the chart out (median of 3), and the next animation frame after it:",
            "",
            "| operation | nodes drawn | page to drawn chart | next frame |",
            "|---|---:|---:|---:|",
            charts,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--port", type=int, default=8762)
    args = parser.parse_args()
    url = world_store(args.scale)
    setup = prepare(url)
    with served(url, args.port) as base:
        timings = time_pages(base, setup, args.requests)
    charts = {}
    with tempfile.TemporaryDirectory(prefix="safemekong-chart-") as folder:
        for name, reports, shared in (
            ("1,600 reports, 400 shared numbers", 1600, 399),
            ("5,000 reports (drawn as clusters)", 5000, 1000),
        ):
            chart_url, operation = chart_store(Path(folder), reports, shared)
            charts[name] = time_chart(chart_url, operation, args.port + 1, runs=3)
            print(name, charts[name], flush=True)
    result = {"pages": timings, "charts": charts, "setup": setup}
    (OUT / "pages.json").write_text(json.dumps(result, indent=2, default=str))
    update_section("pages", render(result, args, datetime.now(UTC).strftime("%Y-%m-%d")))


if __name__ == "__main__":
    main()

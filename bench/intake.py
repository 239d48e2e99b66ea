"""Claim: import ≥ 3,000 synthetic reports/s into SQLite on 2 cores within 2 GB, and into
PostgreSQL; storage per sighting stays flat from 100k to 1M reports.

The import runs `safemekong import reports` in a child process, which reports its own peak
memory, exactly as an administrator would run it.
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from bench.common import timed
from safemekong.cli.main import app
from safemekong.hub import Hub
from safemekong.policy import NODE_ADMIN
from safemekong.store import schema


def add_agencies(url: str, world: Path) -> None:
    hub = Hub.open(url)
    try:
        for agency in json.loads((world / "agencies.json").read_text()):
            hub.add_agency(NODE_ADMIN, agency["code"], agency["country"], agency["name"])
    finally:
        hub.close()


def storage_bytes(hub: Hub) -> int:
    """Bytes the store takes on disk (SQLite file and WAL, or the PostgreSQL schema's tables)."""
    if hub.store.dialect == "sqlite":
        database = Path(hub.store.engine.url.database or "")
        with hub.store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return sum(p.stat().st_size for p in database.parent.glob(database.name + "*"))
    with hub.store.read() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = current_schema() AND c.relkind = 'r'"
                )
            ).scalar()
            or 0
        )


def measure_import(url: str, world: Path) -> dict[str, Any]:
    """Import the world's reports into ``url``; speed, peak memory and storage per sighting."""
    add_agencies(url, world)
    with timed() as clock:
        summary, peak_kb = _run_child(url, world / "reports.jsonl")
    hub = Hub.open(url)
    try:
        with hub.store.read() as conn:
            sightings = conn.execute(
                select(func.count()).select_from(schema.sightings)
            ).scalar_one()
            reports = conn.execute(select(func.count()).select_from(schema.reports)).scalar_one()
        size = storage_bytes(hub)
    finally:
        hub.close()
    return {
        "reports": reports,
        "sightings": sightings,
        "rejected": summary["rejected_count"],
        "seconds": clock.seconds,
        "reports_per_s": reports / clock.seconds,
        "peak_mb": peak_kb / 1024,
        "bytes_per_sighting": size / max(sightings, 1),
        "store_mb": size / 1e6,
    }


def _run_child(url: str, reports: Path) -> tuple[dict[str, Any], int]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.intake", url, str(reports)],
        check=True,
        capture_output=True,
        text=True,
    )
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    return answer["summary"], answer["peak_kb"]


def _child(url: str, reports: str) -> None:
    """Child process: the real CLI import, then this process's peak resident memory."""
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        app(["import", "reports", reports, "--db", url, "--json"], standalone_mode=False)
    summary = json.loads(captured.getvalue())
    summary.pop("rejected")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"summary": summary, "peak_kb": peak}))


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2])

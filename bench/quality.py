"""Claim: operations match the synthetic ground truth with pairwise precision ≥ 0.99 and
recall ≥ 0.97; and what the warning list does to them.

The world is imported twice in-process, once with the shipped warning list and once with an
empty one, and each store's operations are scored against truth.jsonl.
"""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench.intake import add_agencies
from safemekong.hub import Hub
from safemekong.intel.quality import pairwise_scores
from safemekong.intel.warninglist import WarningList
from safemekong.policy import NODE_ADMIN
from safemekong.store import open_store, schema


def predicted_operations(hub: Hub) -> dict[tuple[str, str], int]:
    reports, agencies = schema.reports, schema.agencies
    with hub.store.read() as conn:
        rows = conn.execute(
            select(agencies.c.code, reports.c.external_id, reports.c.operation_id).join(
                agencies, agencies.c.id == reports.c.agency_id
            )
        )
        return {(code, external_id): op for code, external_id, op in rows}


def truth(world: Path) -> dict[tuple[str, str], str | None]:
    with (world / "truth.jsonl").open() as handle:
        return {(t["agency"], t["external_id"]): t["operation"] for t in map(json.loads, handle)}


def import_with(url: str, world: Path, warning_list: WarningList) -> Hub:
    add_agencies(url, world)
    hub = Hub(open_store(url), warning_list)
    with (world / "reports.jsonl").open() as handle:
        lines = map(json.loads, handle)
        while batch := list(islice(lines, 2000)):
            hub.file_reports(NODE_ADMIN, batch)
    return hub


def score(hub: Hub, world: Path) -> dict[str, Any]:
    scores = pairwise_scores(predicted_operations(hub), truth(world))
    return {
        "precision": scores.precision,
        "recall": scores.recall,
        "true_pairs": scores.true_pairs,
        "predicted_pairs": scores.predicted_pairs,
    }


def measure_quality(
    url_with: str, url_without: str, world: Path, already_imported: bool = False
) -> dict[str, Any]:
    """Scores with the shipped warning list (``url_with`` may already hold the world)."""
    with_list = (
        Hub.open(url_with)
        if already_imported
        else import_with(url_with, world, WarningList.default())
    )
    without_list = import_with(url_without, world, WarningList.empty())
    try:
        return {
            "with_warning_list": score(with_list, world),
            "without_warning_list": score(without_list, world),
        }
    finally:
        with_list.close()
        without_list.close()

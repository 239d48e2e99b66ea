"""Operations: the most active list, one operation's page (summary, timeline, link chart) and
its STIX and MISP downloads with the session instead of an API key."""

from __future__ import annotations

from collections import Counter
from typing import Any, Final

from fastapi import Query
from starlette.responses import JSONResponse, Response

from safemekong.sharing.service import Sharing
from safemekong.web.context import SignedIn, Visit, download, label, page_router
from safemekong.web.graph import (
    MAX_IDENTIFIERS,
    MAX_REPORT_NODES,
    cluster_graph,
    operation_graph,
)

router = page_router()

#: Reports listed on an operation's timeline (the newest; the summary counts them all).
TIMELINE_REPORTS: Final = 200
#: Reports whose page the chart links to (the most one list call returns).
MAX_LISTED: Final = 500
STIX_MEDIA_TYPE: Final = "application/stix+json;version=2.1"


#: Operations the list shows at first; "show more" doubles it up to MAX_LISTED_OPERATIONS.
LISTED_OPERATIONS: Final = 25
MAX_LISTED_OPERATIONS: Final = 200


@router.get("/operations")
def operations(
    visit: SignedIn, limit: int = Query(LISTED_OPERATIONS, ge=1, le=MAX_LISTED_OPERATIONS)
) -> Response:
    found = visit.hub.list_operations(visit.principal, limit, identifiers=False)
    more = min(2 * limit, MAX_LISTED_OPERATIONS) if len(found) == limit else None
    return visit.render("operations.html", operations=found, more=more)


def months(reports: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """Reports per month (``YYYY-MM``), oldest first, with empty months in between."""
    counts = Counter(str(r["received_at"])[:7] for r in reports if r.get("received_at"))
    if not counts:
        return []
    first, last = min(counts), max(counts)
    year, month = int(first[:4]), int(first[5:])
    found: list[tuple[str, int]] = []
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        found.append((key, counts.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


@router.get("/operations/{operation_id}")
def operation(operation_id: int, visit: SignedIn) -> Response:
    """NotFound (404) when the user may see nothing of it, exactly like the API."""
    summary = visit.hub.get_operation(visit.principal, operation_id)
    reports = visit.hub.list_reports(visit.principal, summary["id"], limit=TIMELINE_REPORTS)
    return visit.render(
        "operation.html",
        op=summary,
        reports=sorted(reports, key=lambda r: (r["received_at"] or "", r["id"])),
        months=months(reports),
    )


@router.get("/operations/{operation_id}/graph")
def graph(operation_id: int, visit: SignedIn) -> Response:
    """The link chart's elements (JSON for Cytoscape.js), from the operation's STIX bundle;
    past :data:`~safemekong.web.graph.MAX_REPORT_NODES` reports, as clusters."""
    clusters = visit.hub.operation_clusters(
        visit.principal, operation_id, MAX_IDENTIFIERS, above=MAX_REPORT_NODES
    )
    if clusters is not None:
        return visit.finish(JSONResponse(_labelled(visit, cluster_graph(clusters), {})))
    bundle = Sharing(visit.hub).export_operation_stix(visit.principal, operation_id)
    elements = operation_graph(bundle)
    listed = visit.hub.list_reports(visit.principal, operation_id, limit=MAX_LISTED)
    report_ids = {(r["agency"], r["external_id"]): r["id"] for r in listed}
    return visit.finish(JSONResponse(_labelled(visit, elements, report_ids)))


def _labelled(
    visit: Visit, elements: dict[str, Any], report_ids: dict[tuple[str, str], int]
) -> dict[str, Any]:
    """The chart's nodes with the reader's display names (and report pages to link to)."""
    with visit.active():
        for node in elements["nodes"]:
            data = node["data"]
            if data["group"] == "identifier":
                data["kind_label"] = label("type", data["kind"])
            else:
                data["typology_label"] = label("typology", data["typology"])
            if data["group"] == "report":
                data["report_id"] = report_ids.get((data["agency"], data["external_id"]))
    return elements


@router.get("/operations/{operation_id}/stix")
def stix(operation_id: int, visit: SignedIn) -> Response:
    """The same STIX 2.1 bundle as ``GET /api/v1/operations/{id}/stix`` (audited the same)."""
    bundle = Sharing(visit.hub).export_operation_stix(visit.principal, operation_id)
    return visit.finish(download(bundle, f"operation-{operation_id}.stix.json", STIX_MEDIA_TYPE))


@router.get("/operations/{operation_id}/misp")
def misp(operation_id: int, visit: SignedIn) -> Response:
    """The same MISP event as ``GET /api/v1/operations/{id}/misp``."""
    event = Sharing(visit.hub).export_operation_misp(visit.principal, operation_id)
    return visit.finish(download(event, f"operation-{operation_id}.misp.json", "application/json"))

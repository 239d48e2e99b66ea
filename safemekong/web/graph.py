"""An operation's link chart: its reports and their identifiers, from its STIX bundle.

The chart is drawn from the very bundle the STIX download gives (built by the sharing
capability through the visibility rule), so it can show nothing the export would not. Pure:
a bundle in, Cytoscape.js elements out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, Final

from safemekong.sharing.extensions import AGENCY, VICTIM_REPORT
from safemekong.sharing.observables import NotAnIdentifier, from_observable

#: Most identifier nodes drawn; beyond it only the most shared (by two reports or more) are.
MAX_IDENTIFIERS: Final = 400
#: Most reports drawn one node each (with the identifiers, at most 2,000 nodes); a bigger
#: operation is drawn as clusters, one per agency and typology (:func:`cluster_graph`).
MAX_REPORT_NODES: Final = 1600
#: Longest node label before it is shortened with an ellipsis.
MAX_LABEL: Final = 28


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def _extension(sdo: Mapping[str, Any], definition_id: str) -> Mapping[str, Any]:
    """A property extension of a STIX object (empty when absent)."""
    body = (sdo.get("extensions") or {}).get(definition_id)
    return body if isinstance(body, Mapping) else {}


def operation_graph(bundle: Mapping[str, Any]) -> dict[str, Any]:
    """Cytoscape elements: a node per report (``agency``, ``country``, ``typology``) and per
    identifier (``kind``, ``value``, ``reports``), an edge per report naming an identifier
    (``role``). Past :data:`MAX_IDENTIFIERS` identifiers only the most shared
    are drawn (``omitted`` counts the others)."""
    objects = {o["id"]: o for o in bundle.get("objects", []) if isinstance(o, Mapping)}
    agencies = {
        oid: _extension(o, AGENCY.id) for oid, o in objects.items() if o.get("type") == "identity"
    }
    reports = [o for o in objects.values() if o.get("type") == "report"]
    edges: dict[tuple[str, str], str] = {}
    for report in reports:
        for named in _extension(report, VICTIM_REPORT.id).get("identifiers", []):
            ref = named.get("ref")
            if ref in objects and (report["id"], ref) not in edges:
                edges[(report["id"], ref)] = str(named.get("role", ""))
    degree = Counter(ref for _, ref in edges)
    shown = set(degree)
    if len(shown) > MAX_IDENTIFIERS:
        ranked = sorted((r for r, n in degree.items() if n > 1), key=lambda r: (-degree[r], r))
        shown = set(ranked[:MAX_IDENTIFIERS])
    omitted = len(degree) - len(shown)
    nodes: list[dict[str, Any]] = []
    for report in reports:
        extension = _extension(report, VICTIM_REPORT.id)
        agency = agencies.get(report.get("created_by_ref", ""), {})
        nodes.append(
            {
                "data": {
                    "id": report["id"],
                    "group": "report",
                    "label": _short(str(extension.get("external_id") or report.get("name", ""))),
                    "external_id": str(extension.get("external_id", "")),
                    "agency": agency.get("code", ""),
                    "country": agency.get("country", ""),
                    "typology": extension.get("typology", ""),
                    "received": report.get("published", ""),
                }
            }
        )
    nodes.extend(_identifier_nodes(objects, shown, degree))
    drawn = {node["data"]["id"] for node in nodes}
    links = [
        {"data": {"id": f"{source}|{target}", "source": source, "target": target, "role": role}}
        for (source, target), role in edges.items()
        if source in drawn and target in drawn
    ]
    return {"nodes": nodes, "edges": links, "omitted": omitted, "clustered": False}


def _identifier_nodes(
    objects: Mapping[str, Any], shown: set[str], degree: Counter[str]
) -> list[dict[str, Any]]:
    nodes = []
    for ref in sorted(shown):
        try:
            kind, value = from_observable(objects[ref])
        except NotAnIdentifier:
            continue
        data = {
            "id": ref,
            "group": "identifier",
            "kind": kind,
            "value": value,
            "label": _short(value),
            "reports": degree[ref],
        }
        nodes.append({"data": data})
    return nodes


def cluster_graph(clusters: Mapping[str, Any]) -> dict[str, Any]:
    """Cytoscape elements of an operation too big to draw by report, from
    :meth:`~safemekong.hub.Hub.operation_clusters`: a node per agency and typology
    (``reports`` counts them), a node per most-shared identifier, and an edge where a
    cluster's reports name an identifier (``reports``: how many)."""
    nodes = []
    for cluster in clusters["clusters"]:
        data = {
            **cluster,
            "id": f"cluster:{cluster['agency']}:{cluster['typology']}",
            "group": "cluster",
            "label": f"{cluster['agency']} · {cluster['typology']} ({cluster['reports']})",
        }
        nodes.append({"data": data})
    for identifier in clusters["identifiers"]:
        kind, _, value = identifier["key"].partition(":")
        data = {
            "id": f"identifier:{identifier['id']}",
            "group": "identifier",
            "kind": kind,
            "value": value,
            "label": _short(value),
            "reports": identifier["reports"],
        }
        nodes.append({"data": data})
    edges = [
        {
            "data": {
                "id": f"cluster:{link['agency']}:{link['typology']}|{link['identifier']}",
                "source": f"cluster:{link['agency']}:{link['typology']}",
                "target": f"identifier:{link['identifier']}",
                "reports": link["reports"],
            }
        }
        for link in clusters["links"]
    ]
    return {"nodes": nodes, "edges": edges, "clustered": True}

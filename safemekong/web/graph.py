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

#: Most identifier nodes drawn; beyond it only identifiers shared by two reports or more are.
MAX_IDENTIFIERS: Final = 400
#: Most nodes drawn one per report; a bigger operation's reports are drawn as clusters, one
#: per agency and typology, linked to the identifiers they share.
MAX_NODES: Final = 2000
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
    (``role``). Identifiers named by one report only are left out past
    :data:`MAX_IDENTIFIERS` (``omitted`` counts them)."""
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
    omitted = 0
    if len(shown) > MAX_IDENTIFIERS:
        shown = {ref for ref, n in degree.items() if n > 1}
        omitted = len(degree) - len(shown)
    if len(reports) + len(shown) > MAX_NODES:
        return _clustered(objects, agencies, reports, edges, degree)
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


def _clustered(
    objects: Mapping[str, Any],
    agencies: Mapping[str, Mapping[str, Any]],
    reports: list[Mapping[str, Any]],
    edges: Mapping[tuple[str, str], str],
    degree: Counter[str],
) -> dict[str, Any]:
    """The chart of an operation too big to draw report by report: a node per agency and
    typology (``reports`` counts them) and the :data:`MAX_IDENTIFIERS` identifiers most
    shared (two reports or more), each cluster linked to the identifiers its reports name."""
    cluster_of: dict[str, str] = {}
    clusters: dict[str, dict[str, Any]] = {}
    for report in reports:
        agency = agencies.get(report.get("created_by_ref", ""), {})
        typology = str(_extension(report, VICTIM_REPORT.id).get("typology", ""))
        code = str(agency.get("code", ""))
        cluster_id = f"cluster:{code}:{typology}"
        cluster_of[report["id"]] = cluster_id
        data = clusters.setdefault(
            cluster_id,
            {
                "id": cluster_id,
                "group": "cluster",
                "agency": code,
                "country": agency.get("country", ""),
                "typology": typology,
                "reports": 0,
            },
        )
        data["reports"] += 1
    ranked = sorted((ref for ref, n in degree.items() if n > 1), key=lambda r: (-degree[r], r))
    shown = set(ranked[:MAX_IDENTIFIERS])
    weights = Counter((cluster_of[src], ref) for src, ref in edges if ref in shown)
    for data in clusters.values():
        data["label"] = f"{data['agency']} · {data['typology']} ({data['reports']})"
    nodes = [{"data": data} for data in clusters.values()]
    nodes.extend(_identifier_nodes(objects, shown, degree))
    links = [
        {"data": {"id": f"{src}|{ref}", "source": src, "target": ref, "reports": n}}
        for (src, ref), n in weights.items()
    ]
    return {
        "nodes": nodes,
        "edges": links,
        "omitted": len(degree) - len(shown),
        "clustered": True,
    }

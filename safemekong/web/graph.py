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
    for ref in sorted(shown):
        try:
            kind, value = from_observable(objects[ref])
        except NotAnIdentifier:
            continue
        nodes.append(
            {
                "data": {
                    "id": ref,
                    "group": "identifier",
                    "kind": kind,
                    "value": value,
                    "label": _short(value),
                    "reports": degree[ref],
                }
            }
        )
    drawn = {node["data"]["id"] for node in nodes}
    links = [
        {"data": {"id": f"{source}|{target}", "source": source, "target": target, "role": role}}
        for (source, target), role in edges.items()
        if source in drawn and target in drawn
    ]
    return {"nodes": nodes, "edges": links, "omitted": omitted}

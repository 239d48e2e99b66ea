"""CASE/UCO JSON-LD description of exported evidence: files, provenance, investigative actions.

Each item becomes a ``uco-observable:File`` (name, size, media type, SHA-256) with a
``case-investigation:ProvenanceRecord`` (its exhibit number); each custody event an
``case-investigation:InvestigativeAction`` performed by a person with a tool, on the file,
resulting in the provenance record. Node identifiers are UUIDv5 from the log origin, so the
same export always yields the same graph.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any, Final

CONTEXT: Final = {
    "case-investigation": "https://ontology.caseontology.org/case/investigation/",
    "kb": "http://safemekong.org/kb/",
    "uco-action": "https://ontology.unifiedcyberontology.org/uco/action/",
    "uco-core": "https://ontology.unifiedcyberontology.org/uco/core/",
    "uco-identity": "https://ontology.unifiedcyberontology.org/uco/identity/",
    "uco-observable": "https://ontology.unifiedcyberontology.org/uco/observable/",
    "uco-tool": "https://ontology.unifiedcyberontology.org/uco/tool/",
    "uco-types": "https://ontology.unifiedcyberontology.org/uco/types/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


class _Ids:
    def __init__(self, origin: str) -> None:
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"https://safemekong.org/{origin}")

    def __call__(self, kind: str, key: str) -> str:
        return f"kb:{kind}-{uuid.uuid5(self.namespace, f'{kind}/{key}')}"


def _typed(value: object, datatype: str) -> dict[str, object]:
    return {"@type": datatype, "@value": value}


def describe(
    origin: str, manifests: Sequence[dict[str, Any]], events: Sequence[Sequence[dict[str, Any]]]
) -> bytes:
    """The JSON-LD graph for items (``manifests``) and each item's custody ``events``."""
    ids = _Ids(origin)
    graph: list[dict[str, Any]] = []
    people: dict[str, str] = {}
    tools: dict[tuple[str, str], str] = {}
    cases: dict[str, list[dict[str, str]]] = {}

    def person(name: str, agency: str) -> dict[str, str]:
        key = f"{agency}/{name}"
        if key not in people:
            people[key] = ids("Person", key)
            graph.append(
                {
                    "@id": people[key],
                    "@type": "uco-identity:Person",
                    "uco-core:name": f"{name} ({agency})" if agency else name,
                }
            )
        return {"@id": people[key]}

    def tool(name: str, version: str) -> dict[str, str]:
        key = (name or "unrecorded", version)
        if key not in tools:
            tools[key] = ids("Tool", "/".join(key))
            node: dict[str, Any] = {"@id": tools[key], "@type": "uco-tool:Tool"}
            node["uco-core:name"] = key[0]
            if version:
                node["uco-tool:version"] = version
            graph.append(node)
        return {"@id": tools[key]}

    for manifest, chain in zip(manifests, events, strict=True):
        item = manifest["item"]
        file_id = ids("File", item)
        record_id = ids("ProvenanceRecord", item)
        graph.append(
            {
                "@id": file_id,
                "@type": "uco-observable:File",
                "uco-core:description": manifest["description"] or manifest["original_name"],
                "uco-core:hasFacet": [
                    {
                        "@id": ids("FileFacet", item),
                        "@type": "uco-observable:FileFacet",
                        "uco-observable:fileName": manifest["original_name"],
                        "uco-observable:sizeInBytes": _typed(manifest["size"], "xsd:integer"),
                    },
                    {
                        "@id": ids("ContentDataFacet", item),
                        "@type": "uco-observable:ContentDataFacet",
                        "uco-observable:mimeType": manifest["media_type"],
                        "uco-observable:hash": [
                            {
                                "@id": ids("Hash", item),
                                "@type": "uco-types:Hash",
                                "uco-types:hashMethod": "SHA256",
                                "uco-types:hashValue": _typed(
                                    manifest["sha256"].upper(), "xsd:hexBinary"
                                ),
                            }
                        ],
                    },
                ],
            }
        )
        graph.append(
            {
                "@id": record_id,
                "@type": "case-investigation:ProvenanceRecord",
                "case-investigation:exhibitNumber": manifest["exhibit"],
                "uco-core:description": f"{manifest['agency']} exhibit {manifest['exhibit']} "
                f"of case {manifest['case']}",
                "uco-core:object": [{"@id": file_id}],
            }
        )
        cases.setdefault(manifest["case"], []).append({"@id": record_id})
        for event in chain:
            graph.append(
                {
                    "@id": ids("InvestigativeAction", f"{item}/{event['seq']}"),
                    "@type": "case-investigation:InvestigativeAction",
                    "uco-core:name": event["action"],
                    "uco-core:description": event.get("purpose") or event["action"],
                    "uco-action:startTime": _typed(event["at"], "xsd:dateTime"),
                    "uco-action:performer": person(event["actor"], event["agency"]),
                    "uco-action:instrument": tool(event["tool"], event["tool_version"]),
                    "uco-action:object": [{"@id": file_id}],
                    "uco-action:result": [{"@id": record_id}],
                }
            )
    for case, provenance in cases.items():
        graph.append(
            {
                "@id": ids("Investigation", case),
                "@type": "case-investigation:Investigation",
                "uco-core:name": case,
                "uco-core:object": provenance,
            }
        )
    document = {"@context": CONTEXT, "@graph": graph}
    return json.dumps(document, ensure_ascii=False, indent=1).encode()

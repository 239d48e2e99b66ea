"""Freeze and recall requests from a trace: one package per holding institution.

A bank account's institution is its bank (``bank:TH:004``); a tagged wallet's is the actor
holding it (an exchange); an untagged USDT wallet's is Tether, the issuer that can freeze it.
Each package lists the accounts, the amounts traced into them, the transaction references,
the trace rule and parameters and the evidence (the traced transfers on the main paths).
Renderings: JSON, CSV, printable HTML and, for bank transfers, ISO 20022 camt.056 drafts.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from safemekong.csvcells import spreadsheet_safe
from safemekong.identifiers import IdentifierError, parse_key
from safemekong.trail.trace import TraceResult

CAMT056_NS = "urn:iso:std:iso:20022:tech:xsd:camt.056.001.08"
#: Endpoint reasons that name money someone can still freeze.
FREEZABLE = ("service", "holding", "hop-limit")


def institution_of(endpoint: dict[str, Any]) -> dict[str, Any]:
    """Who holds an endpoint account: its bank, the tagged actor, or the token issuer."""
    key: str = endpoint["key"]
    tag = endpoint.get("tag")
    if tag and tag.get("actor") and endpoint.get("reason") == "service":
        return {"id": f"actor:{tag['actor']}", "name": tag["actor"], "kind": tag["kind"]}
    if key.startswith("bank:"):
        parts = key.split(":")
        details: dict[str, Any] = {}
        with contextlib.suppress(IdentifierError):
            details = parse_key(key).details()
        return {
            "id": ":".join(parts[:3]),
            "name": details.get("bank_name") or ":".join(parts[1:3]),
            "kind": "bank",
            "bic": details.get("bic"),
        }
    if tag and tag.get("actor"):
        return {"id": f"actor:{tag['actor']}", "name": tag["actor"], "kind": tag["kind"]}
    if endpoint.get("currency") == "USDT":
        return {"id": "issuer:tether", "name": "Tether (USDT issuer)", "kind": "issuer"}
    chain = key.split(":")[1] if key.count(":") >= 2 else "unknown"
    return {"id": f"chain:{chain}", "name": f"{chain} (no custodian known)", "kind": "none"}


def build_requests(result: TraceResult, requesting_agency: str) -> dict[str, Any]:
    """One request package per institution holding traced money."""
    trace = result.to_json()
    evidence: dict[str, list[str]] = defaultdict(list)
    for path in trace["paths"]:
        for step in path["steps"]:
            if step["tx_id"] not in evidence[path["endpoint"]]:
                evidence[path["endpoint"]].append(step["tx_id"])
    steps = {t["tx_id"]: t for t in trace["transfers"]}
    grouped: dict[str, dict[str, Any]] = {}
    for endpoint in trace["endpoints"]:
        if endpoint["reason"] not in FREEZABLE:
            continue
        holder = institution_of(endpoint)
        package = grouped.setdefault(
            holder["id"],
            {
                "institution": holder,
                "action": "recall" if holder["kind"] == "bank" else "freeze",
                "accounts": [],
                "totals": defaultdict(float),
            },
        )
        package["accounts"].append(
            {
                "key": endpoint["key"],
                "amount_traced": endpoint["amount_traced"],
                "currency": endpoint["currency"],
                "first_time": endpoint["first_time"],
                "last_time": endpoint["last_time"],
                "transactions": [
                    {k: steps[tx][k] for k in ("tx_id", "time", "from", "amount", "traced")}
                    for tx in endpoint["transactions"]
                    if tx in steps
                ],
                "evidence": evidence.get(endpoint["key"], []),
            }
        )
        package["totals"][endpoint["currency"]] += endpoint["amount_traced"]
    created = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    requests = []
    for number, (holder_id, package) in enumerate(sorted(grouped.items()), start=1):
        requests.append(
            {
                "request_id": f"{requesting_agency}-{created[:10]}-{number:03d}",
                **package,
                "totals": {k: round(v, 6) for k, v in package["totals"].items()},
                "requesting_agency": requesting_agency,
                "created": created,
                "trace": {"rule": result.rule, "hops": result.hops, "seeds": result.seeds},
                "holder": holder_id,
            }
        )
    return {"requests": requests}


def to_csv(requests: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "request_id",
            "institution",
            "action",
            "account",
            "amount_traced",
            "currency",
            "transactions",
            "rule",
            "hops",
            "evidence",
        ]
    )
    for request in requests["requests"]:
        for account in request["accounts"]:
            writer.writerow(
                [
                    request["request_id"],
                    spreadsheet_safe(request["institution"]["name"]),
                    request["action"],
                    account["key"],
                    f"{account['amount_traced']:.6f}",
                    account["currency"],
                    " ".join(t["tx_id"] for t in account["transactions"]),
                    request["trace"]["rule"],
                    request["trace"]["hops"],
                    " ".join(account["evidence"]),
                ]
            )
    return out.getvalue()


def to_html(requests: dict[str, Any]) -> str:
    """A printable page: one section per institution."""
    e = html.escape
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><title>Freeze and recall requests"
        "</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;"
        "width:100%}td,th{border:1px solid #999;padding:4px;font-size:12px;text-align:left}"
        "section{page-break-after:always}</style></head><body>"
    ]
    for request in requests["requests"]:
        holder = request["institution"]
        parts.append(
            f"<section><h1>{e(request['action'].title())} request {e(request['request_id'])}</h1>"
            f"<p>To: <b>{e(holder['name'])}</b> ({e(holder['id'])})<br>From: "
            f"{e(request['requesting_agency'])}<br>Created: {e(request['created'])}<br>"
            f"Trace rule: {e(request['trace']['rule'])}, up to {request['trace']['hops']} hops, "
            f"seeds: {e(', '.join(request['trace']['seeds']))}</p>"
            "<table><tr><th>account</th><th>amount traced</th><th>transactions</th>"
            "<th>first / last</th><th>evidence (traced transfers)</th></tr>"
        )
        for account in request["accounts"]:
            refs = ", ".join(t["tx_id"] for t in account["transactions"])
            parts.append(
                f"<tr><td>{e(account['key'])}</td><td>{account['amount_traced']:,.2f} "
                f"{e(account['currency'])}</td><td>{e(refs)}</td><td>{e(account['first_time'])}"
                f" / {e(account['last_time'])}</td><td>{e(' → '.join(account['evidence']))}</td>"
                "</tr>"
            )
        totals = ", ".join(f"{v:,.2f} {e(k)}" for k, v in request["totals"].items())
        parts.append(f"</table><p>Total: {totals}</p></section>")
    parts.append("</body></html>")
    return "".join(parts)


def to_camt056(request: dict[str, Any]) -> str:
    """An ISO 20022 camt.056 (FI-to-FI payment cancellation) draft for a bank's transfers."""
    if request["institution"]["kind"] != "bank":
        raise ValueError("camt.056 drafts are for bank transfers only")
    ET.register_namespace("", CAMT056_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        node = ET.SubElement(parent, f"{{{CAMT056_NS}}}{tag}", attrs)
        if text is not None:
            node.text = text
        return node

    document = ET.Element(f"{{{CAMT056_NS}}}Document")
    body = sub(document, "FIToFIPmtCxlReq")
    assignment = sub(body, "Assgnmt")
    sub(assignment, "Id", request["request_id"])
    assigner = sub(sub(sub(assignment, "Assgnr"), "Agt"), "FinInstnId")
    sub(sub(assigner, "Othr"), "Id", request["requesting_agency"])
    assignee = sub(sub(sub(assignment, "Assgne"), "Agt"), "FinInstnId")
    if request["institution"].get("bic"):
        sub(assignee, "BICFI", request["institution"]["bic"])
    else:
        sub(sub(assignee, "Othr"), "Id", request["institution"]["id"])
    sub(assignment, "CreDtTm", request["created"])
    underlying = sub(body, "Undrlyg")
    number = 0
    for account in request["accounts"]:
        for tx in account["transactions"]:
            number += 1
            info = sub(underlying, "TxInf")
            sub(info, "CxlId", f"{request['request_id']}-{number}")
            sub(info, "OrgnlEndToEndId", tx["tx_id"])
            sub(info, "OrgnlIntrBkSttlmAmt", f"{tx['amount']:.2f}", Ccy=account["currency"])
            sub(info, "OrgnlIntrBkSttlmDt", tx["time"][:10])
            reason = sub(info, "CxlRsnInf")
            sub(sub(reason, "Rsn"), "Cd", "FRAD")
            sub(
                reason,
                "AddtlInf",
                f"Fraud proceeds: {tx['traced']:.2f} {account['currency']} traced "
                f"({request['trace']['rule']}) into {account['key']}"[:105],
            )
    ET.indent(document)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(document, encoding="unicode")

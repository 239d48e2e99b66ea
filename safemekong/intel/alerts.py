"""Alerts: an agency learns when new reports link to its operations or hit what it watches.

Rules (each alert goes only to an agency that may see the report it points at):
- ``operation-link``: a new report of agency A joined operation O, and O holds reports of
  another agency X. X is told (one alert per operation and batch, naming the new reports'
  agencies), and A is told which other agencies' visible reports it now shares O with.
- ``watch-hit``: a new report names an identifier that agency W watches.
- ``hit-without-disclosure``: agency X looked up a value that W holds in reports X may not
  see; W learns who searched (X was told to contact W, and nothing more).
Real-time delivery (stream, webhooks) comes with the sharing capability.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Connection, insert, select

from safemekong.intel.lookup import Contact
from safemekong.intel.members import members_of
from safemekong.policy.agencies import list_agencies
from safemekong.policy.principals import Principal
from safemekong.policy.scopes import audiences
from safemekong.store import iso, schema, utcnow

MAX_LIST = 500
#: What each alert says, in English; ``params["text"]`` names one, the rest of ``params``
#: fills it in, so front ends can word the same alert in their reader's language.
TEXTS: Final = {
    "partners-reported": "{count} new report(s) from {agencies} linked to operation {operation}",
    "linked-to-partners": "your new report(s) linked to operation {operation}, which holds "
    "reports of {agencies}",
    "watched-value-reported": "{key} you watch appears in a new report of {agency}",
    "hidden-value-looked-up": "{agency} looked up {key}, which your reports hold; they were "
    "told to contact you and saw none of your data",
}


def text_values(params: dict[str, Any]) -> dict[str, Any]:
    """An alert's ``params`` as the values its text is filled with (lists joined by commas)."""
    return {k: ", ".join(v) if isinstance(v, list) else v for k, v in params.items()}


def message(params: dict[str, Any]) -> str:
    """The English text of an alert from its ``params``."""
    return TEXTS[params["text"]].format(**text_values(params))


def _alert(
    agency_id: int,
    kind: str,
    report_id: int,
    operation_id: int | None,
    identifier_id: int | None,
    params: dict[str, Any],
) -> dict[str, Any]:
    return {
        "agency_id": agency_id,
        "kind": kind,
        "report_id": report_id,
        "operation_id": operation_id,
        "identifier_id": identifier_id,
        "message": message(params),
        "params": params,
    }


@dataclass(frozen=True)
class AlertCandidate:
    """A report just stored, with what alert rules need to know about it."""

    report_id: int
    agency_id: int
    agency_code: str
    scope_id: int
    operation_id: int
    identifier_ids: tuple[int, ...]


class _Reach:
    """Which agencies may see a record of an owner and scope (the visibility rule, in memory)."""

    def __init__(self, conn: Connection, scope_ids: set[int]) -> None:
        self.audience = audiences(conn, scope_ids)

    def sees(self, agency_id: int, owner_id: int, scope_id: int) -> bool:
        return agency_id == owner_id or agency_id in self.audience[scope_id]


def raise_alerts(conn: Connection, new: Sequence[AlertCandidate], now: datetime) -> int:
    """Create the alerts that a batch of new reports causes; return how many."""
    rows = _operation_alerts(conn, new) + _watch_alerts(conn, new)
    if rows:
        conn.execute(insert(schema.alerts), [{**row, "created_at": now} for row in rows])
    return len(rows)


def _operation_alerts(conn: Connection, new: Sequence[AlertCandidate]) -> list[dict[str, Any]]:
    by_operation: dict[int, list[AlertCandidate]] = defaultdict(list)
    for candidate in new:
        by_operation[candidate.operation_id].append(candidate)
    # Per operation: (agency, code, scope, reports) of every holder, the new reports included.
    codes = {agency.id: agency.code for agency in list_agencies(conn)}
    holdings = {
        op: [(agency_id, codes[agency_id], scope, n) for agency_id, scope, n in held]
        for op, held in members_of(conn, sorted(by_operation)).items()
    }
    reach = _Reach(conn, {scope for held in holdings.values() for _, _, scope, _ in held})

    alerts: list[dict[str, Any]] = []
    for op, arrivals in by_operation.items():
        new_count: dict[int, int] = defaultdict(int)
        for candidate in arrivals:
            new_count[candidate.agency_id] += 1
        members = {agency_id for agency_id, _, _, _ in holdings.get(op, [])}
        for member in sorted(members):
            incoming = [
                c
                for c in arrivals
                if c.agency_id != member and reach.sees(member, c.agency_id, c.scope_id)
            ]
            if incoming:
                senders = sorted({c.agency_code for c in incoming})
                params = {
                    "text": "partners-reported",
                    "count": len(incoming),
                    "agencies": senders,
                    "operation": op,
                }
                alerts.append(
                    _alert(member, "operation-link", incoming[0].report_id, op, None, params)
                )
            if new_count[member]:
                partners = sorted(
                    {
                        code
                        for agency_id, code, scope, _ in holdings.get(op, [])
                        if agency_id != member and reach.sees(member, agency_id, scope)
                    }
                    - set(c.agency_code for c in incoming)
                )
                own = next(c for c in arrivals if c.agency_id == member)
                if partners:
                    params = {"text": "linked-to-partners", "operation": op, "agencies": partners}
                    alerts.append(_alert(member, "operation-link", own.report_id, op, None, params))
    return alerts


def _watch_alerts(conn: Connection, new: Sequence[AlertCandidate]) -> list[dict[str, Any]]:
    by_identifier: dict[int, list[AlertCandidate]] = defaultdict(list)
    for candidate in new:
        for identifier_id in candidate.identifier_ids:
            by_identifier[identifier_id].append(candidate)
    watched = sorted(by_identifier)
    watches, identifiers = schema.watches, schema.identifiers
    reach = _Reach(conn, {c.scope_id for c in new})
    alerts: list[dict[str, Any]] = []
    for start in range(0, len(watched), 500):
        rows = conn.execute(
            select(watches.c.agency_id, watches.c.identifier_id, identifiers.c.key)
            .join(identifiers, identifiers.c.id == watches.c.identifier_id)
            .where(watches.c.identifier_id.in_(watched[start : start + 500]))
        )
        for agency_id, identifier_id, key in rows:
            for candidate in by_identifier[identifier_id]:
                if reach.sees(agency_id, candidate.agency_id, candidate.scope_id):
                    params = {
                        "text": "watched-value-reported",
                        "key": key,
                        "agency": candidate.agency_code,
                    }
                    alerts.append(
                        _alert(
                            agency_id,
                            "watch-hit",
                            candidate.report_id,
                            candidate.operation_id,
                            identifier_id,
                            params,
                        )
                    )
    return alerts


def notify_holders(
    conn: Connection, searcher: Principal, key: str, holders: Sequence[Contact]
) -> None:
    """Tell each holder of a hidden value that ``searcher``'s agency looked it up."""
    conn.execute(
        insert(schema.alerts),
        [
            {
                **_alert(
                    holder.agency_id,
                    "hit-without-disclosure",
                    holder.report_id,
                    None,
                    None,
                    {"text": "hidden-value-looked-up", "agency": searcher.agency_code, "key": key},
                ),
                "created_at": utcnow(),
            }
            for holder in holders
        ],
    )


def list_alerts(
    conn: Connection,
    principal: Principal,
    since_id: int = 0,
    limit: int = 100,
    oldest_first: bool = False,
) -> list[dict[str, Any]]:
    """The caller's agency's alerts after ``since_id``, newest first (or oldest first)."""
    alerts, agencies = schema.alerts, schema.agencies
    query = (
        select(alerts, agencies.c.code.label("agency"))
        .join(agencies, agencies.c.id == alerts.c.agency_id)
        .where(alerts.c.id > since_id)
        .order_by(alerts.c.id if oldest_first else alerts.c.id.desc())
        .limit(min(max(limit, 1), MAX_LIST))
    )
    if not principal.node_admin:
        query = query.where(alerts.c.agency_id == principal.agency_id)
    return [
        {
            "id": row.id,
            "agency": row.agency,
            "kind": row.kind,
            "report_id": row.report_id,
            "operation_id": row.operation_id,
            "identifier_id": row.identifier_id,
            "message": row.message,
            "params": row.params,
            "created_at": iso(row.created_at),
        }
        for row in conn.execute(query)
    ]

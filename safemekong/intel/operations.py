"""Operation summaries, computed over the reports the caller may see."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, select

from safemekong.errors import NotFound
from safemekong.policy.principals import Principal
from safemekong.policy.visibility import visible_clause
from safemekong.store import iso, schema


def resolve_operation(conn: Connection, operation_id: int) -> int | None:
    """The surviving operation for ``operation_id`` (merged ones redirect), or None."""
    ops = schema.operations
    row = conn.execute(select(ops.c.id, ops.c.merged_into).where(ops.c.id == operation_id)).first()
    if row is None:
        return None
    return int(row.merged_into or row.id)


def operation_summary(
    conn: Connection, principal: Principal, operation_id: int
) -> dict[str, Any] | None:
    """Reports, agencies, countries, typologies, losses, identifiers by type, first/last seen.

    Counts only what ``principal`` may see; None when it may see nothing of the operation, so
    that an invisible operation and a missing one look the same.
    """
    resolved = resolve_operation(conn, operation_id)
    if resolved is None:
        return None
    reports, agencies = schema.reports, schema.agencies
    visible = visible_clause(principal, reports)
    rows = conn.execute(
        select(
            agencies.c.code,
            agencies.c.country,
            reports.c.typology,
            reports.c.currency,
            func.count(),
            func.sum(reports.c.amount_lost),
            func.min(reports.c.received_at),
            func.max(reports.c.received_at),
        )
        .join(agencies, agencies.c.id == reports.c.agency_id)
        .where(reports.c.operation_id == resolved, visible)
        .group_by(agencies.c.code, agencies.c.country, reports.c.typology, reports.c.currency)
    ).all()
    if not rows:
        return None
    typologies: Counter[str] = Counter()
    losses: dict[str, Decimal] = {}
    for _code, _country, typology, currency, count, amount, _first, _last in rows:
        typologies[typology] += count
        if currency and amount is not None:
            losses[currency] = losses.get(currency, Decimal(0)) + Decimal(amount)
    sightings, identifiers = schema.sightings, schema.identifiers
    # The operation's own (linking) identifiers with at least one visible sighting: one index
    # probe per identifier instead of a join over every sighting of every report.
    seen_visibly = (
        select(sightings.c.id)
        .join(reports, reports.c.id == sightings.c.report_id)
        .where(sightings.c.identifier_id == identifiers.c.id, visible)
        .exists()
    )
    by_type = conn.execute(
        select(identifiers.c.type, func.count())
        .where(identifiers.c.operation_id == resolved, seen_visibly)
        .group_by(identifiers.c.type)
    ).all()
    summary: dict[str, Any] = {
        "id": resolved,
        "reports": sum(row[4] for row in rows),
        "agencies": sorted({row[0] for row in rows}),
        "countries": sorted({row[1] for row in rows}),
        "typologies": dict(typologies.most_common()),
        "losses": {cur: f"{amount:.2f}" for cur, amount in sorted(losses.items())},
        "identifiers": {kind: count for kind, count in sorted(by_type)},
        "first_seen": iso(min(row[6] for row in rows)),
        "last_seen": iso(max(row[7] for row in rows)),
    }
    if resolved != operation_id:
        summary["merged_from"] = operation_id
    return summary


def get_operation(conn: Connection, principal: Principal, operation_id: int) -> dict[str, Any]:
    """The summary of an operation, or NotFound (also when nothing of it is visible)."""
    summary = operation_summary(conn, principal, operation_id)
    if summary is None:
        raise NotFound(f"no operation {operation_id}")
    return summary


def list_operations(
    conn: Connection, principal: Principal, limit: int = 20
) -> list[dict[str, Any]]:
    """The most active operations the caller can see (by visible reports), largest first."""
    reports = schema.reports
    rows = conn.execute(
        select(reports.c.operation_id, func.count().label("n"))
        .where(visible_clause(principal, reports))
        .group_by(reports.c.operation_id)
        .order_by(func.count().desc(), reports.c.operation_id)
        .limit(max(1, min(limit, 200)))
    ).all()
    summaries = (operation_summary(conn, principal, row.operation_id) for row in rows)
    return [s for s in summaries if s is not None]

"""Operation summaries, computed over the reports the caller may see."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, bindparam, func, select

from safemekong.errors import NotFound
from safemekong.intel import opstats
from safemekong.policy.principals import Principal
from safemekong.policy.visibility import visible_clause
from safemekong.store import iso, schema

_OPERATION = select(schema.operations.c.id, schema.operations.c.merged_into).where(
    schema.operations.c.id == bindparam("operation_id")
)


def resolve_operation(conn: Connection, operation_id: int) -> int | None:
    """The surviving operation for ``operation_id`` (merged ones redirect), or None."""
    row = conn.execute(_OPERATION, {"operation_id": operation_id}).first()
    if row is None:
        return None
    return int(row.merged_into or row.id)


def operation_summary(
    conn: Connection, principal: Principal, operation_id: int, identifiers: bool = True
) -> dict[str, Any] | None:
    """Reports, agencies, countries, typologies, losses, identifiers by type (unless
    ``identifiers`` is False), first/last seen, from the tallies intake keeps (intel.opstats).

    Counts only what ``principal`` may see; None when it may see nothing of the operation, so
    that an invisible operation and a missing one look the same.
    """
    resolved = resolve_operation(conn, operation_id)
    if resolved is None:
        return None
    rows = opstats.report_rows(conn, principal, resolved)
    if not rows:
        return None
    typologies: Counter[str] = Counter()
    losses: dict[str, Decimal] = {}
    for _code, _country, typology, currency, count, amount, _first, _last in rows:
        typologies[typology] += count
        if currency and amount is not None:
            losses[currency] = losses.get(currency, Decimal(0)) + Decimal(amount)
    summary: dict[str, Any] = {
        "id": resolved,
        "reports": sum(row[4] for row in rows),
        "agencies": sorted({row[0] for row in rows}),
        "countries": sorted({row[1] for row in rows}),
        "typologies": dict(typologies.most_common()),
        "losses": {cur: f"{amount:.2f}" for cur, amount in sorted(losses.items())},
        "first_seen": iso(min(row[6] for row in rows)),
        "last_seen": iso(max(row[7] for row in rows)),
    }
    if identifiers:
        summary["identifiers"] = opstats.identifiers_by_type(conn, principal, resolved)
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
    conn: Connection, principal: Principal, limit: int = 20, identifiers: bool = True
) -> list[dict[str, Any]]:
    """The most active operations the caller can see (by visible reports), largest first.

    Ranked from the membership counts (a few rows per operation, see intel.members), not by
    counting reports, so the cost does not grow with the store."""
    members = schema.operation_members
    visible_reports = func.sum(members.c.reports)
    rows = conn.execute(
        select(members.c.operation_id)
        .where(visible_clause(principal, members))
        .group_by(members.c.operation_id)
        .order_by(visible_reports.desc(), members.c.operation_id)
        .limit(max(1, min(limit, 200)))
    ).all()
    summaries = (operation_summary(conn, principal, row.operation_id, identifiers) for row in rows)
    return [s for s in summaries if s is not None]


def visible_reports(conn: Connection, principal: Principal, operation_id: int) -> int:
    """How many of an operation's reports ``principal`` may see, from the membership counts
    (a few rows, whatever the operation's size)."""
    members = schema.operation_members
    count = conn.execute(
        select(func.coalesce(func.sum(members.c.reports), 0)).where(
            members.c.operation_id == operation_id, visible_clause(principal, members)
        )
    ).scalar_one()
    return int(count)


def operation_clusters(
    conn: Connection,
    principal: Principal,
    operation_id: int,
    max_identifiers: int,
    above: int = 0,
) -> dict[str, Any] | None:
    """An operation too big to chart report by report, as data for a clustered chart: its
    visible reports counted per agency and typology (``clusters``), the ``max_identifiers``
    identifiers named by most visible reports (two or more, ``identifiers``) and how many
    reports of each cluster name each of them (``links``). None when the caller sees no more
    than ``above`` of its reports (small enough to draw by report); NotFound when none."""
    resolved = resolve_operation(conn, operation_id)
    if resolved is None:
        raise NotFound(f"no operation {operation_id}")
    seen = visible_reports(conn, principal, resolved)
    if seen == 0:
        raise NotFound(f"no operation {operation_id}")
    if seen <= above:
        return None
    reports, agencies, sightings = schema.reports, schema.agencies, schema.sightings
    identifiers = schema.identifiers
    visible = visible_clause(principal, reports)
    in_operation = (reports.c.operation_id == resolved, visible)
    clusters = conn.execute(
        select(agencies.c.code, agencies.c.country, reports.c.typology, func.count())
        .join(agencies, agencies.c.id == reports.c.agency_id)
        .where(*in_operation)
        .group_by(agencies.c.code, agencies.c.country, reports.c.typology)
    ).all()
    # Reports naming each identifier, per cluster (a report is in one cluster, so an
    # identifier's clusters add up to its reports); only the most shared leave the database.
    named = (
        select(
            agencies.c.code.label("agency"),
            reports.c.typology,
            sightings.c.identifier_id,
            func.count(func.distinct(sightings.c.report_id)).label("reports"),
        )
        .join(reports, reports.c.id == sightings.c.report_id)
        .join(agencies, agencies.c.id == reports.c.agency_id)
        .where(*in_operation)
        .group_by(agencies.c.code, reports.c.typology, sightings.c.identifier_id)
        .cte("named")
    )
    degree = func.sum(named.c.reports)
    top = (
        select(named.c.identifier_id, degree.label("degree"))
        .group_by(named.c.identifier_id)
        .having(degree > 1)
        .order_by(degree.desc(), named.c.identifier_id)
        .limit(max_identifiers)
        .cte("top")
    )
    links = conn.execute(
        select(named, top.c.degree, identifiers.c.key)
        .join(top, top.c.identifier_id == named.c.identifier_id)
        .join(identifiers, identifiers.c.id == named.c.identifier_id)
        .order_by(top.c.degree.desc(), named.c.identifier_id)
    ).all()
    shared = {row.identifier_id: (row.key, int(row.degree)) for row in links}
    return {
        "id": resolved,
        "clusters": [
            {"agency": code, "country": country, "typology": typology, "reports": n}
            for code, country, typology, n in clusters
        ],
        "identifiers": [{"id": i, "key": key, "reports": n} for i, (key, n) in shared.items()],
        "links": [
            {
                "agency": row.agency,
                "typology": row.typology,
                "identifier": row.identifier_id,
                "reports": row.reports,
            }
            for row in links
        ],
    }

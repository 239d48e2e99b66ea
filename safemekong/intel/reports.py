"""Reading stored reports back, through the visibility rule."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, select

from safemekong.errors import NotFound
from safemekong.policy.principals import Permission, Principal, require
from safemekong.policy.visibility import visible_clause
from safemekong.store import iso, schema

MAX_LIST = 500


def _report_query(principal: Principal, use_indexes: bool = True) -> Any:
    reports, agencies, scopes = schema.reports, schema.agencies, schema.scopes
    return (
        select(
            reports,
            agencies.c.code.label("agency"),
            agencies.c.country,
            scopes.c.groups,
            scopes.c.recipients,
            scopes.c.domestic,
        )
        .join(agencies, agencies.c.id == reports.c.agency_id)
        .join(scopes, scopes.c.id == reports.c.scope_id)
        .where(visible_clause(principal, reports, use_indexes))
    )


def _report_json(row: Row[Any], identifiers: list[dict[str, Any]] | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": row.id,
        "external_id": row.external_id,
        "agency": row.agency,
        "country": row.country,
        "received_at": iso(row.received_at),
        "typology": row.typology,
        "narrative": row.narrative,
        "language": row.language,
        "amount_lost": None if row.amount_lost is None else f"{row.amount_lost:.2f}",
        "currency": row.currency,
        "tlp": row.tlp,
        "sharing_groups": row.groups,
        "recipients": row.recipients,
        "domestic_only": row.domestic,
        "purpose": row.purpose,
        "legal_basis": row.legal_basis,
        "retain_until": iso(row.retain_until),
        "approval_ref": row.approval_ref,
        "operation_id": row.operation_id,
    }
    if identifiers is not None:
        body["identifiers"] = identifiers
    return body


def get_report(conn: Connection, principal: Principal, report_id: int) -> dict[str, Any]:
    """One report with its identifiers; NotFound when missing or not visible to the caller."""
    require(principal, Permission.READ)
    row = conn.execute(_report_query(principal).where(schema.reports.c.id == report_id)).first()
    if row is None:
        raise NotFound(f"no report {report_id}")
    sightings, ids = schema.sightings, schema.identifiers
    identifiers = [
        {"key": s.key, "type": s.type, "role": s.role, "raw": s.raw, "derived": s.derived}
        for s in conn.execute(
            select(ids.c.key, ids.c.type, sightings.c.role, sightings.c.raw, sightings.c.derived)
            .join(ids, ids.c.id == sightings.c.identifier_id)
            .where(sightings.c.report_id == report_id)
            .order_by(sightings.c.id)
        )
    ]
    return _report_json(row, identifiers)


def list_reports(
    conn: Connection,
    principal: Principal,
    operation_id: int | None = None,
    limit: int = 50,
    before_id: int | None = None,
) -> list[dict[str, Any]]:
    """Visible reports, newest first; of one operation when ``operation_id`` is given."""
    require(principal, Permission.READ)
    reports = schema.reports
    # The newest of the whole store: walk down the ids (see visible_clause).
    query = (
        _report_query(principal, use_indexes=operation_id is not None)
        .order_by(reports.c.id.desc())
        .limit(max(1, min(limit, MAX_LIST)))
    )
    if operation_id is not None:
        query = query.where(reports.c.operation_id == operation_id)
    if before_id is not None:
        query = query.where(reports.c.id < before_id)
    return [_report_json(row, None) for row in conn.execute(query)]


def list_reports_after(
    conn: Connection, principal: Principal, after_id: int, limit: int = 200
) -> list[dict[str, Any]]:
    """Visible reports filed after report ``after_id``, oldest first (for feeds and sync).

    Walks the primary key up from ``after_id``: a feed at the head of a large store looks at
    the few newest rows instead of every report of the caller's agency."""
    require(principal, Permission.READ)
    reports = schema.reports
    query = (
        _report_query(principal, use_indexes=False)
        .where(reports.c.id > after_id)
        .order_by(reports.c.id)
        .limit(max(1, min(limit, MAX_LIST)))
    )
    return [_report_json(row, None) for row in conn.execute(query)]

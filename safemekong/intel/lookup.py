""" "What do we know about this value?": the identifier, its visible sightings, its operation."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from safemekong.identifiers import Identifier
from safemekong.intel.operations import operation_summary
from safemekong.intel.warninglist import WarningList
from safemekong.policy.principals import Permission, Principal, require
from safemekong.policy.visibility import report_visible_clause
from safemekong.store import iso, schema

#: Sightings listed per lookup (the total is always given).
MAX_SIGHTINGS = 100


def lookup(
    conn: Connection,
    principal: Principal,
    identifier: Identifier,
    warning_list: WarningList,
    limit: int = MAX_SIGHTINGS,
) -> dict[str, Any]:
    """Lookup result in the API's JSON shape: ``identifier``, ``sightings``, ``operation``.

    Only sightings in reports the caller may see are counted or listed; a value seen only in
    reports hidden from the caller answers exactly like an unknown value.
    """
    require(principal, Permission.READ)
    ids, sightings, reports, agencies = (
        schema.identifiers,
        schema.sightings,
        schema.reports,
        schema.agencies,
    )
    row = conn.execute(
        select(ids.c.id, ids.c.operation_id).where(ids.c.key == identifier.key)
    ).first()
    warning = warning_list.match(identifier)
    described: dict[str, Any] = {
        **identifier.to_json(),
        "warning_list": None
        if warning is None
        else {"list": warning.list, "reason": warning.reason},
    }
    empty = {
        "identifier": {**described, "known": False},
        "sightings": [],
        "sightings_total": 0,
        "operation": None,
    }
    if row is None:
        return empty
    visible = report_visible_clause(principal, reports)
    base = (
        select(
            reports.c.id,
            reports.c.external_id,
            reports.c.received_at,
            reports.c.typology,
            reports.c.tlp,
            reports.c.operation_id,
            agencies.c.code,
            agencies.c.country,
            sightings.c.role,
            sightings.c.raw,
            sightings.c.derived,
        )
        .join(reports, reports.c.id == sightings.c.report_id)
        .join(agencies, agencies.c.id == reports.c.agency_id)
        .where(sightings.c.identifier_id == row.id, visible)
    )
    total = conn.execute(select(func.count()).select_from(base.subquery())).scalar_one()
    if total == 0:
        return empty
    listed = conn.execute(
        base.order_by(reports.c.received_at.desc(), reports.c.id.desc()).limit(max(0, limit))
    ).all()
    operation = None
    if row.operation_id is not None:
        operation = operation_summary(conn, principal, row.operation_id)
    return {
        "identifier": {**described, "known": True},
        "sightings": [
            {
                "report_id": s.id,
                "external_id": s.external_id,
                "agency": s.code,
                "country": s.country,
                "received_at": iso(s.received_at),
                "typology": s.typology,
                "tlp": s.tlp,
                "role": s.role,
                "raw": s.raw,
                "derived": s.derived,
                "operation_id": s.operation_id,
            }
            for s in listed
        ],
        "sightings_total": total,
        "operation": operation,
    }

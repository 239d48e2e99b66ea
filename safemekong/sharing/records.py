"""Reading what an export needs from the store, through the visibility rule.

Every query filters reports with :func:`visible_clause` (sharing scopes) for the caller, so
an export holds exactly what the caller could read through the API, and an invisible report
or operation is indistinguishable from a missing one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select

from safemekong.errors import NotFound, TooLarge
from safemekong.intel.ingest import chunked
from safemekong.intel.operations import operation_summary
from safemekong.policy.principals import Permission, Principal, require
from safemekong.policy.visibility import visible_clause
from safemekong.store import schema

#: Most reports one export holds (larger operations are refused, not cut silently).
MAX_EXPORT_REPORTS = 20_000


@dataclass(frozen=True)
class SightingRecord:
    key: str
    type: str
    role: str
    raw: str
    derived: bool


@dataclass(frozen=True)
class AgencyRecord:
    code: str
    country: str
    name: str


@dataclass
class ReportRecord:
    """A stored report as an export sees it."""

    id: int
    agency: AgencyRecord
    external_id: str
    received_at: datetime
    typology: str
    narrative: str
    language: str | None
    amount_lost: Decimal | None
    currency: str | None
    tlp: str
    operation_id: int
    #: When this node stored it (TAXII's ``date_added``).
    added_at: datetime | None = None
    sharing_groups: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    purpose: str = ""
    legal_basis: str = ""
    retain_until: datetime | None = None
    approval_ref: str | None = None
    sightings: list[SightingRecord] = field(default_factory=list)


@dataclass
class OperationRecord:
    """An operation's summary (as the caller may see it) and its visible reports."""

    id: int
    summary: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    reports: list[ReportRecord]


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _reports(conn: Connection, principal: Principal, where: Any) -> list[ReportRecord]:
    found = select_reports(conn, principal, where, MAX_EXPORT_REPORTS + 1)
    if len(found) > MAX_EXPORT_REPORTS:
        raise TooLarge(f"an export holds at most {MAX_EXPORT_REPORTS} reports")
    return found


def select_reports(
    conn: Connection, principal: Principal, where: Any, limit: int, by_arrival: bool = False
) -> list[ReportRecord]:
    """At most ``limit`` visible reports matching ``where`` with their sightings, in id order
    or (``by_arrival``) in the order this node stored them."""
    reports, agencies, scopes = schema.reports, schema.agencies, schema.scopes
    order = (reports.c.created_at, reports.c.id) if by_arrival else (reports.c.id,)
    rows = conn.execute(
        select(
            reports.c.id,
            reports.c.external_id,
            reports.c.received_at,
            reports.c.typology,
            reports.c.narrative,
            reports.c.language,
            reports.c.amount_lost,
            reports.c.currency,
            reports.c.tlp,
            reports.c.operation_id,
            agencies.c.code,
            agencies.c.country,
            agencies.c.name,
            scopes.c.groups,
            scopes.c.recipients,
            reports.c.purpose,
            reports.c.legal_basis,
            reports.c.retain_until,
            reports.c.approval_ref,
            reports.c.created_at,
        )
        .join(agencies, agencies.c.id == reports.c.agency_id)
        .join(scopes, scopes.c.id == reports.c.scope_id)
        .where(where, visible_clause(principal, reports))
        .order_by(*order)
        .limit(limit)
    ).all()
    found = {
        row.id: ReportRecord(
            id=row.id,
            agency=AgencyRecord(row.code, row.country, row.name),
            external_id=row.external_id,
            received_at=_utc(row.received_at),
            typology=row.typology,
            narrative=row.narrative or "",
            language=row.language,
            amount_lost=None if row.amount_lost is None else Decimal(row.amount_lost),
            currency=row.currency,
            tlp=row.tlp,
            operation_id=row.operation_id,
            added_at=_utc(row.created_at),
            sharing_groups=list(row.groups or []),
            recipients=list(row.recipients or []),
            purpose=row.purpose,
            legal_basis=row.legal_basis,
            retain_until=_utc(row.retain_until),
            approval_ref=row.approval_ref,
        )
        for row in rows
    }
    _attach_sightings(conn, found)
    return list(found.values())


def _attach_sightings(conn: Connection, found: dict[int, ReportRecord]) -> None:
    sightings, ids = schema.sightings, schema.identifiers
    for chunk in chunked(sorted(found)):
        rows = conn.execute(
            select(
                sightings.c.report_id,
                ids.c.key,
                ids.c.type,
                sightings.c.role,
                sightings.c.raw,
                sightings.c.derived,
            )
            .join(ids, ids.c.id == sightings.c.identifier_id)
            .where(sightings.c.report_id.in_(chunk))
            .order_by(sightings.c.id)
        )
        for row in rows:
            found[row.report_id].sightings.append(
                SightingRecord(row.key, row.type, row.role, row.raw, bool(row.derived))
            )


def read_reports(
    conn: Connection, principal: Principal, report_ids: Sequence[int]
) -> list[ReportRecord]:
    """The visible reports among ``report_ids``; NotFound when one is missing or invisible."""
    require(principal, Permission.READ)
    wanted = sorted(set(report_ids))
    found: list[ReportRecord] = []
    for chunk in chunked(wanted):
        found.extend(_reports(conn, principal, schema.reports.c.id.in_(chunk)))
    missing = sorted(set(wanted) - {r.id for r in found})
    if missing:
        raise NotFound(f"no report {missing[0]}")
    return found


def read_operation(
    conn: Connection, principal: Principal, operation_id: int, with_reports: bool = True
) -> OperationRecord:
    """An operation with its visible reports (or only its summary and dates when
    ``with_reports`` is False); NotFound when nothing of it is visible."""
    require(principal, Permission.READ)
    summary = operation_summary(conn, principal, operation_id)
    if summary is None:
        raise NotFound(f"no operation {operation_id}")
    resolved = int(summary["id"])
    ops = schema.operations
    row = conn.execute(select(ops.c.created_at, ops.c.updated_at).where(ops.c.id == resolved)).one()
    reports = (
        _reports(conn, principal, schema.reports.c.operation_id == resolved) if with_reports else []
    )
    return OperationRecord(resolved, summary, _utc(row.created_at), _utc(row.updated_at), reports)

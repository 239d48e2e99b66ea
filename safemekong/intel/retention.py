"""Retention: reports past their ``retain_until`` deadline are purged with what hangs on them.

A purge removes the reports, their sightings, the alerts that point at them, and identifiers
left with no sighting and no watch; operation sizes and memberships shrink accordingly (an
operation is not split even if the purge removed the report that joined two halves).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, delete, select, update

from safemekong.intel import opstats
from safemekong.intel.members import MemberKey, update_members
from safemekong.store import schema

_CHUNK = 500


@dataclass(frozen=True)
class PurgeResult:
    reports: int
    sightings: int
    identifiers: int

    def to_json(self) -> dict[str, int]:
        return {
            "reports": self.reports,
            "sightings": self.sightings,
            "identifiers": self.identifiers,
        }


def purge_expired(conn: Connection, now: datetime) -> PurgeResult:
    """Delete every report whose retention deadline has passed (see module doc)."""
    return delete_reports(conn, schema.reports.c.retain_until <= now)


def delete_reports(conn: Connection, where: ColumnElement[bool]) -> PurgeResult:
    """Delete the reports matching ``where`` with their sightings, alerts and orphaned
    identifiers, shrinking their operations (see module doc)."""
    reports, sightings, ids = schema.reports, schema.sightings, schema.identifiers
    expired = conn.execute(
        select(reports.c.id, reports.c.operation_id, reports.c.agency_id, reports.c.scope_id)
        .where(where)
        .order_by(reports.c.id)
    ).all()
    removed_sightings, removed_identifiers = 0, 0
    shrink: Counter[MemberKey] = Counter()
    sizes: Counter[int] = Counter()
    for start in range(0, len(expired), _CHUNK):
        chunk = expired[start : start + _CHUNK]
        report_ids = [row.id for row in chunk]
        touched = sorted(
            set(
                conn.execute(
                    select(sightings.c.identifier_id).where(sightings.c.report_id.in_(report_ids))
                ).scalars()
            )
        )
        conn.execute(delete(schema.alerts).where(schema.alerts.c.report_id.in_(report_ids)))
        removed_sightings += conn.execute(
            delete(sightings).where(sightings.c.report_id.in_(report_ids))
        ).rowcount
        conn.execute(delete(reports).where(reports.c.id.in_(report_ids)))
        orphaned = (
            delete(ids)
            .where(ids.c.id.in_(touched))
            .where(~select(sightings.c.id).where(sightings.c.identifier_id == ids.c.id).exists())
            .where(
                ~select(schema.watches.c.id)
                .where(schema.watches.c.identifier_id == ids.c.id)
                .exists()
            )
            .where(
                ~select(schema.alerts.c.id)
                .where(schema.alerts.c.identifier_id == ids.c.id)
                .exists()
            )
        )
        removed_identifiers += conn.execute(orphaned).rowcount
        for row in chunk:
            shrink[(row.operation_id, row.agency_id, row.scope_id)] -= 1
            sizes[row.operation_id] += 1
    if expired:
        update_members(conn, {}, shrink)
        opstats.rebuild(conn, list(sizes))
        ops = schema.operations
        for op, n in sizes.items():
            conn.execute(update(ops).where(ops.c.id == op).values(size=ops.c.size - n))
    return PurgeResult(len(expired), removed_sightings, removed_identifiers)

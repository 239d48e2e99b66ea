""" "What do we know about this value?": the identifier, its visible sightings, its operation."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, bindparam, case, func, select

from safemekong.identifiers import Identifier
from safemekong.intel.operations import operation_summary
from safemekong.intel.warninglist import WarningList
from safemekong.policy.principals import Permission, Principal, require
from safemekong.policy.scopes import DISCOVERABLE_TLPS
from safemekong.policy.visibility import viewer_clause, viewer_params
from safemekong.store import iso, schema

#: Sightings listed per lookup (the total is always given).
MAX_SIGHTINGS = 100


@dataclass(frozen=True)
class Contact:
    """An agency holding hidden, discoverable sightings of a searched value."""

    agency_id: int
    code: str
    country: str
    name: str
    report_id: int  # one of its reports, for the notice to the holder (never shown to searcher)

    def to_json(self) -> dict[str, str]:
        return {"agency": self.code, "country": self.country, "name": self.name}


@dataclass(frozen=True)
class LookupResult:
    """The answer in the API's JSON shape, and whom it names without disclosure."""

    body: dict[str, Any]
    contacts: list[Contact]


def lookup(
    conn: Connection,
    principal: Principal,
    identifier: Identifier,
    warning_list: WarningList,
    limit: int = MAX_SIGHTINGS,
) -> LookupResult:
    """Lookup result in the API's JSON shape: ``identifier``, ``sightings``, ``operation``.

    Only sightings in reports the caller may see are counted or listed; a value seen only in
    reports hidden from the caller answers exactly like an unknown value, except that holders
    of AMBER reports are named in ``contacts`` (hit without disclosure: whom to ask, not what
    they hold). RED holders are never named.
    """
    require(principal, Permission.READ)
    row = conn.execute(_BY_KEY, {"key": identifier.key}).first()
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
        "contacts": [],
    }
    if row is None:
        return LookupResult(empty, [])
    statements = _statements(principal.node_admin)
    params = {**viewer_params(principal), "identifier_id": row.id}
    # One pass over the identifier's sightings counts the visible and the hidden ones; holders
    # of hidden ones are looked for only when there are any.
    total, hidden = conn.execute(statements.counts, params).one()
    contacts = (
        [Contact(*found) for found in conn.execute(statements.contacts, params)] if hidden else []
    )
    named = [c.to_json() for c in contacts]
    if total == 0:
        return LookupResult({**empty, "contacts": named}, contacts)
    listed = conn.execute(statements.listing, {**params, "limit": max(0, limit)}).all()
    operation = None
    if row.operation_id is not None:
        operation = operation_summary(conn, principal, row.operation_id)
    body = {
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
        "contacts": named,
    }
    return LookupResult(body, contacts)


_BY_KEY = select(schema.identifiers.c.id, schema.identifiers.c.operation_id).where(
    schema.identifiers.c.key == bindparam("key")
)


@dataclass(frozen=True)
class _Statements:
    """A lookup's queries, built once per kind of caller (node administrator or agency) and
    run with the identifier and the caller as bound parameters."""

    counts: Select[Any]
    contacts: Select[Any]
    listing: Select[Any]


@cache
def _statements(node_admin: bool) -> _Statements:
    sightings, reports, agencies, scopes = (
        schema.sightings,
        schema.reports,
        schema.agencies,
        schema.scopes,
    )
    visible = viewer_clause(reports, node_admin)
    of_identifier = sightings.c.identifier_id == bindparam("identifier_id")
    counts = (
        select(
            func.coalesce(func.sum(case((visible, 1), else_=0)), 0),
            func.coalesce(func.sum(case((visible, 0), else_=1)), 0),
        )
        .select_from(sightings)
        .join(reports, reports.c.id == sightings.c.report_id)
        .where(of_identifier)
    )
    # Agencies holding hidden, discoverable sightings (no data, just whom to ask).
    contacts = (
        select(
            agencies.c.id,
            agencies.c.code,
            agencies.c.country,
            agencies.c.name,
            func.min(reports.c.id),
        )
        .select_from(sightings)
        .join(reports, reports.c.id == sightings.c.report_id)
        .join(scopes, scopes.c.id == reports.c.scope_id)
        .join(agencies, agencies.c.id == reports.c.agency_id)
        .where(
            of_identifier,
            ~visible,
            scopes.c.tlp.in_(sorted(t.value for t in DISCOVERABLE_TLPS)),
        )
        .group_by(agencies.c.id, agencies.c.code, agencies.c.country, agencies.c.name)
        .order_by(agencies.c.code)
    )
    listing = (
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
        .where(of_identifier, visible)
        .order_by(reports.c.received_at.desc(), reports.c.id.desc())
        .limit(bindparam("limit"))
    )
    return _Statements(counts, contacts, listing)

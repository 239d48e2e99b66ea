"""Sharing groups (named sets of agencies) and export rules; both change who scopes reach."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from safemekong.errors import Conflict, InvalidInput, NotFound
from safemekong.policy.agencies import check_country, get_agency
from safemekong.policy.scopes import refresh_audiences
from safemekong.store import schema, utcnow

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.+-]{0,63}$")


def _group_id(conn: Connection, name: str) -> int:
    groups = schema.sharing_groups
    found = conn.execute(select(groups.c.id).where(groups.c.name == name)).scalar()
    if found is None:
        raise NotFound(f"no sharing group named {name!r}")
    return int(found)


def create_group(
    conn: Connection, name: str, agency_codes: Sequence[str], description: str = ""
) -> dict[str, Any]:
    """Create a sharing group of existing agencies, e.g. ``CN-TH`` of CN-MPS and TH-CCIB."""
    name = name.strip()
    if not _NAME.match(name):
        raise InvalidInput("name", "use 1-64 letters, digits, space or . _ + -, e.g. CN-TH")
    groups = schema.sharing_groups
    if conn.execute(select(groups.c.id).where(groups.c.name == name)).first():
        raise Conflict(f"sharing group {name} already exists")
    members = [get_agency(conn, code, "agencies") for code in agency_codes if code.strip()]
    if not members:
        raise InvalidInput("agencies", "name at least one agency code")
    group_id = conn.execute(
        insert(groups).values(name=name, description=description.strip(), created_at=utcnow())
    ).inserted_primary_key[0]  # type: ignore[index]
    conn.execute(
        insert(schema.sharing_group_members),
        [{"group_id": group_id, "agency_id": a.id} for a in {m.id: m for m in members}.values()],
    )
    refresh_audiences(conn)
    return get_group(conn, name)


def set_membership(conn: Connection, name: str, agency_code: str, member: bool) -> dict[str, Any]:
    """Add an agency to a group (``member=True``) or remove it; scopes follow at once."""
    group_id = _group_id(conn, name)
    agency = get_agency(conn, agency_code)
    table = schema.sharing_group_members
    conn.execute(delete(table).where(table.c.group_id == group_id, table.c.agency_id == agency.id))
    if member:
        conn.execute(insert(table).values(group_id=group_id, agency_id=agency.id))
    refresh_audiences(conn)
    return get_group(conn, name)


def group_names(conn: Connection) -> set[str]:
    return set(conn.execute(select(schema.sharing_groups.c.name)).scalars())


def get_group(conn: Connection, name: str) -> dict[str, Any]:
    """A group with its member agency codes."""
    return next(g for g in list_groups(conn, [_group_id(conn, name)]))


def list_groups(conn: Connection, ids: Sequence[int] | None = None) -> list[dict[str, Any]]:
    """Every sharing group (or those with ``ids``) with its member agency codes."""
    groups, members, agencies = (
        schema.sharing_groups,
        schema.sharing_group_members,
        schema.agencies,
    )
    query = select(groups).order_by(groups.c.name)
    if ids is not None:
        query = query.where(groups.c.id.in_(ids))
    found = {
        row.id: {"name": row.name, "description": row.description, "agencies": []}
        for row in conn.execute(query)
    }
    for group_id, code in conn.execute(
        select(members.c.group_id, agencies.c.code)
        .join(agencies, agencies.c.id == members.c.agency_id)
        .where(members.c.group_id.in_(sorted(found)))
        .order_by(agencies.c.code)
    ):
        found[group_id]["agencies"].append(code)
    return list(found.values())


def add_export_rule(conn: Connection, country: str, law: str) -> dict[str, str]:
    """Keep data of ``country``'s agencies in the country unless a report records an approval.

    Applies to records filed after the rule is added.
    """
    country = check_country(country)
    if not law.strip():
        raise InvalidInput("law", "name the law, e.g. 'PIPL Art. 41'")
    rules = schema.export_rules
    if conn.execute(select(rules.c.country).where(rules.c.country == country)).first():
        raise Conflict(f"an export rule for {country} already exists")
    conn.execute(insert(rules).values(country=country, law=law.strip(), created_at=utcnow()))
    return {"country": country, "law": law.strip()}


def list_export_rules(conn: Connection) -> list[dict[str, str]]:
    rules = schema.export_rules
    return [
        {"country": row.country, "law": row.law}
        for row in conn.execute(select(rules).order_by(rules.c.country))
    ]

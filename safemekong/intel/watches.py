"""Watched identifiers: an agency asks to be alerted when a value appears in a new report."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, insert, select

from safemekong.errors import InvalidInput, NotFound
from safemekong.identifiers import Identifier
from safemekong.intel.warninglist import WarningList
from safemekong.policy.principals import Permission, Principal, require
from safemekong.store import iso, schema, utcnow


def _own_agency(principal: Principal) -> int:
    if principal.agency_id is None:
        raise InvalidInput(
            "agency", "the node administrator watches on behalf of an agency: use an agency key"
        )
    return principal.agency_id


def add_watch(
    conn: Connection,
    principal: Principal,
    identifier: Identifier,
    warning_list: WarningList,
    note: str = "",
) -> dict[str, Any]:
    """Watch ``identifier`` for the caller's agency (idempotent)."""
    require(principal, Permission.READ)
    agency_id = _own_agency(principal)
    ids = schema.identifiers
    identifier_id = conn.execute(select(ids.c.id).where(ids.c.key == identifier.key)).scalar()
    if identifier_id is None:
        identifier_id = conn.execute(
            insert(ids).values(
                key=identifier.key,
                type=identifier.type,
                details=identifier.details(),
                benign=warning_list.match(identifier) is not None,
                operation_id=None,
                created_at=utcnow(),
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    watches = schema.watches
    existing = conn.execute(
        select(watches).where(
            watches.c.agency_id == agency_id, watches.c.identifier_id == identifier_id
        )
    ).first()
    if existing is None:
        conn.execute(
            insert(watches).values(
                agency_id=agency_id,
                identifier_id=identifier_id,
                note=note[:500],
                created_at=utcnow(),
            )
        )
    return {"key": identifier.key, "note": note[:500] if existing is None else existing.note}


def list_watches(
    conn: Connection, principal: Principal, after: str = "", limit: int | None = None
) -> list[dict[str, Any]]:
    """The caller's agency's watched identifiers by key: at most ``limit`` after ``after``."""
    require(principal, Permission.READ)
    watches, ids = schema.watches, schema.identifiers
    rows = conn.execute(
        select(ids.c.key, watches.c.note, watches.c.created_at)
        .join(ids, ids.c.id == watches.c.identifier_id)
        .where(watches.c.agency_id == _own_agency(principal), ids.c.key > after)
        .order_by(ids.c.key)
        .limit(limit)
    )
    return [{"key": r.key, "note": r.note, "created_at": iso(r.created_at)} for r in rows]


def remove_watch(conn: Connection, principal: Principal, identifier: Identifier) -> None:
    """Stop watching ``identifier``; NotFound when the agency did not watch it."""
    require(principal, Permission.READ)
    watches, ids = schema.watches, schema.identifiers
    identifier_id = conn.execute(select(ids.c.id).where(ids.c.key == identifier.key)).scalar()
    removed = conn.execute(
        delete(watches).where(
            watches.c.agency_id == _own_agency(principal), watches.c.identifier_id == identifier_id
        )
    ).rowcount
    if not removed:
        raise NotFound(f"{identifier.key} is not watched by your agency")

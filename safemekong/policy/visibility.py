"""The one function that decides which records a principal may see.

Every read path (lookup, reports, operation summaries, counts, alerts, exports) filters
through :func:`visible_clause` in SQL, or :func:`visible_scope_ids` with :func:`is_visible`
(:func:`any_visible` for a set of records) in Python; all apply the same rule: the node
administrator sees everything; an agency sees its own records and those whose sharing scope
reaches it (see :mod:`safemekong.policy.scopes`). Any table with an owner ``agency_id`` and a
``scope_id`` can be filtered this way.
"""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Set as AbstractSet
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, bindparam, or_, select, true

from safemekong.policy.principals import Principal
from safemekong.store import schema


def visible_clause(
    principal: Principal, table: Table, use_indexes: bool = True
) -> ColumnElement[bool]:
    """SQL condition on a table with ``agency_id`` and ``scope_id``: rows ``principal`` may see.

    ``use_indexes=False`` keeps the database from answering through the owner and scope
    indexes, for "the newest N" listings: a walk down the primary key that stops after N
    visible rows beats collecting (and sorting) every visible row of a large store.
    """
    if principal.node_admin:
        return true()
    owner: ColumnElement[Any] = table.c.agency_id
    scope: ColumnElement[Any] = table.c.scope_id
    if not use_indexes:
        owner, scope = owner + 0, scope + 0  # an expression, not a column, uses no index
    return _seen_by(owner, scope, principal.agency_id)


def _seen_by(
    owner: ColumnElement[Any], scope: ColumnElement[Any], viewer: Any
) -> ColumnElement[bool]:
    """The rule itself: the viewer's own records, and those whose scope reaches the viewer."""
    audience = schema.scope_audience
    reached = select(audience.c.scope_id).where(audience.c.agency_id == viewer)
    return or_(owner == viewer, scope.in_(reached))


#: Name of the bound parameter :func:`viewer_clause` compares owners and audiences with.
VIEWER = "viewer_agency_id"
# The scopes that reach the viewer's agency.
_REACHED = select(schema.scope_audience.c.scope_id).where(
    schema.scope_audience.c.agency_id == bindparam(VIEWER)
)


def viewer_clause(table: Table, node_admin: bool) -> ColumnElement[bool]:
    """:func:`visible_clause` for a statement built once and run for any caller: the caller's
    agency is the bound parameter :data:`VIEWER` (see :func:`viewer_params`). Build one
    statement for ``node_admin`` True and one for False; the caller's flag picks."""
    if node_admin:
        return true()
    return _seen_by(table.c.agency_id, table.c.scope_id, bindparam(VIEWER))


def viewer_params(principal: Principal) -> dict[str, int]:
    """The bound parameters of :func:`viewer_clause` for ``principal``."""
    return {VIEWER: principal.agency_id or 0}


def visible_scope_ids(conn: Connection, principal: Principal) -> frozenset[int] | None:
    """Scopes that reach ``principal``'s agency; None for the node administrator (all)."""
    if principal.node_admin:
        return None
    return frozenset(conn.execute(_REACHED, viewer_params(principal)).scalars())


def is_visible(
    principal: Principal, agency_id: int, scope_id: int, reached: Collection[int] | None
) -> bool:
    """Python twin of :func:`visible_clause`; ``reached`` from :func:`visible_scope_ids`."""
    return reached is None or agency_id == principal.agency_id or scope_id in reached


def any_visible(
    principal: Principal,
    agency_ids: AbstractSet[int],
    scope_ids: AbstractSet[int],
    reached: frozenset[int] | None,
) -> bool:
    """True when one of a set of records is visible, knowing only their owners and their scopes
    (the rule is a disjunction over owner and scope, so the pairs are not needed)."""
    return reached is None or principal.agency_id in agency_ids or not reached.isdisjoint(scope_ids)

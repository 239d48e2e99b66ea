"""Operation membership: how many reports each agency holds in an operation, per sharing scope.

Kept incrementally on intake and on merges (a few rows per operation), so that deciding whom
a new link concerns costs the same for an operation of ten reports as for one of a million.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import Connection, delete, insert, select

from safemekong.store import schema

MemberKey = tuple[int, int, int]  # (operation, agency, scope)
_CHUNK = 500


def _load(conn: Connection, op_ids: Sequence[int]) -> Counter[MemberKey]:
    members = schema.operation_members
    found: Counter[MemberKey] = Counter()
    for start in range(0, len(op_ids), _CHUNK):
        rows = conn.execute(
            select(members).where(members.c.operation_id.in_(op_ids[start : start + _CHUNK]))
        )
        for row in rows:
            found[(row.operation_id, row.agency_id, row.scope_id)] += row.reports
    return found


def _replace(conn: Connection, op_ids: Sequence[int], counts: Counter[MemberKey]) -> None:
    members = schema.operation_members
    for start in range(0, len(op_ids), _CHUNK):
        conn.execute(
            delete(members).where(members.c.operation_id.in_(op_ids[start : start + _CHUNK]))
        )
    rows = [
        {"operation_id": op, "agency_id": agency, "scope_id": scope, "reports": n}
        for (op, agency, scope), n in counts.items()
        if n
    ]
    if rows:
        conn.execute(insert(members), rows)


def update_members(
    conn: Connection,
    merges: Mapping[int, Iterable[int]],
    added: Counter[MemberKey],
) -> None:
    """Fold merged operations into their survivor, then count added (negative: removed) reports."""
    roots = {op for op, _, _ in added} | set(merges)
    touched = sorted(roots | {loser for losers in merges.values() for loser in losers})
    counts = _load(conn, touched)
    redirect = {loser: root for root, losers in merges.items() for loser in losers}
    folded: Counter[MemberKey] = Counter()
    for (op, agency, scope), n in (counts + added).items():
        folded[(redirect.get(op, op), agency, scope)] += n
    _replace(conn, touched, folded)


def members_of(conn: Connection, op_ids: Sequence[int]) -> dict[int, list[tuple[int, int, int]]]:
    """Per operation: (agency id, scope id, reports) of every agency holding reports in it."""
    found: dict[int, list[tuple[int, int, int]]] = {}
    for (op, agency, scope), n in _load(conn, op_ids).items():
        found.setdefault(op, []).append((agency, scope, n))
    return found

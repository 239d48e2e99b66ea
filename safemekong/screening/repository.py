"""Watch lists in the hub's SQL store: saving an import, reading entries, screening alerts."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from safemekong.errors import InvalidInput
from safemekong.policy.principals import Principal
from safemekong.policy.visibility import visible_clause
from safemekong.screening.index import IndexedEntry
from safemekong.screening.model import Entry, ListKind, identifier_key
from safemekong.store import iso, utcnow
from safemekong.store.screening_schema import screening_alerts, watchlist_entries, watchlists

CHUNK = 1000


def save_list(
    conn: Connection,
    name: str,
    kind: ListKind,
    agency_id: int | None,
    tlp: str,
    scope_id: int,
    source_format: str,
    entries: Sequence[Entry],
) -> int:
    """Replace the list ``name`` with ``entries`` (an import is a snapshot); its id."""
    now = utcnow()
    list_id = conn.execute(select(watchlists.c.id).where(watchlists.c.name == name)).scalar()
    values = {
        "kind": kind.value,
        "agency_id": agency_id,
        "tlp": tlp,
        "scope_id": scope_id,
        "source_format": source_format,
    }
    if list_id is None:
        list_id = conn.execute(
            insert(watchlists).values(
                name=name, revision=1, created_at=now, updated_at=now, **values
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    else:
        conn.execute(
            update(watchlists)
            .where(watchlists.c.id == list_id)
            .values(revision=watchlists.c.revision + 1, updated_at=now, **values)
        )
        conn.execute(delete(watchlist_entries).where(watchlist_entries.c.list_id == list_id))
    rows = [
        {
            **e.to_row(),
            "list_id": list_id,
            "agency_id": agency_id,
            "scope_id": scope_id,
            "created_at": now,
        }
        for e in entries
    ]
    for start in range(0, len(rows), CHUNK):
        conn.execute(insert(watchlist_entries), rows[start : start + CHUNK])
    return int(list_id)


def revision(conn: Connection) -> tuple[int, int, str]:
    """Changes whenever any list is imported: (number of lists, sum of their revisions, time
    of the latest import); the time tells a recreated store from the one an index was built on."""
    row = conn.execute(
        select(
            func.count(),
            func.coalesce(func.sum(watchlists.c.revision), 0),
            func.max(watchlists.c.updated_at),
        )
    ).one()
    return int(row[0]), int(row[1]), str(iso(row[2]))


def load_entries(conn: Connection) -> Iterator[IndexedEntry]:
    """Every entry of every list (the index filters by visibility per query)."""
    e, w = watchlist_entries, watchlists
    query = select(
        e.c.id,
        w.c.name,
        w.c.kind,
        e.c.external_id,
        e.c.schema,
        e.c.name.label("entry_name"),
        e.c.aliases,
        e.c.weak_aliases,
        e.c.birth_dates,
        e.c.nationalities,
        e.c.gender,
        e.c.documents,
        e.c.agency_id,
        e.c.scope_id,
        e.c.identifiers,
    ).join(w, w.c.id == e.c.list_id)
    for row in conn.execute(query.order_by(e.c.id)):
        strong = (row.entry_name, *row.aliases)
        yield IndexedEntry(
            row_id=row.id,
            list_name=row.name,
            kind=row.kind,
            external_id=row.external_id,
            schema=row.schema,
            names=strong + tuple(row.weak_aliases),
            strong_names=len(strong),
            birth_dates=tuple(row.birth_dates),
            nationalities=tuple(row.nationalities),
            gender=row.gender,
            documents=tuple(row.documents),
            agency_id=row.agency_id,
            scope_id=row.scope_id,
            identifiers=tuple(_keys(row.identifiers)),
        )


def _keys(raw: list[str]) -> Iterator[str]:
    """Canonical keys of an entry's linked identifiers; unreadable ones are left out."""
    for value in raw:
        with contextlib.suppress(InvalidInput):
            yield identifier_key(value)


def list_watchlists(conn: Connection, principal: Principal) -> list[dict[str, Any]]:
    """The lists with entries ``principal`` may see, and how many."""
    e, w = watchlist_entries, watchlists
    query = (
        select(w.c.name, w.c.kind, w.c.source_format, w.c.updated_at, func.count(e.c.id))
        .join(e, e.c.list_id == w.c.id)
        .where(visible_clause(principal, e))
        .group_by(w.c.id, w.c.name, w.c.kind, w.c.source_format, w.c.updated_at)
        .order_by(w.c.name)
    )
    return [
        {"name": r[0], "kind": r[1], "format": r[2], "updated_at": iso(r[3]), "entries": r[4]}
        for r in conn.execute(query)
    ]


def add_alerts(conn: Connection, alerts: Sequence[dict[str, Any]]) -> None:
    if alerts:
        now = utcnow()
        conn.execute(insert(screening_alerts), [{**a, "created_at": now} for a in alerts])


def list_alerts(
    conn: Connection, principal: Principal, since_id: int = 0, limit: int = 100
) -> list[dict[str, Any]]:
    """Hits on the caller's agency's entries (all of them for the node administrator)."""
    a = screening_alerts
    query = select(a).where(a.c.id > since_id).order_by(a.c.id).limit(limit)
    if not principal.node_admin:
        query = query.where(a.c.agency_id == principal.agency_id)
    return [
        {
            "id": r.id,
            "list": r.list_name,
            "entity_id": r.entity_id,
            "name": r.entry_name,
            "kind": r.kind,
            "query": r.query,
            "score": r.score,
            "created_at": iso(r.created_at),
        }
        for r in conn.execute(query)
    ]

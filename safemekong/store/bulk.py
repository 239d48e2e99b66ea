"""Inserting many rows and learning their new ids, in a few statements on every backend."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select


def insert_returning_ids(
    conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]
) -> list[int]:
    """Insert ``rows`` into ``table`` (integer primary key ``id``); their ids, in row order.

    SQLite cannot tie the ids RETURNING gives to the rows that got them, so SQLAlchemy would
    send one INSERT per row there; instead the ids are given here, after the largest one in
    use, which is safe because the caller holds SQLite's write lock (one writer at a time, see
    ``Store.write``). Other backends number the rows themselves, in batches.
    """
    if not rows:
        return []
    if conn.dialect.name != "sqlite":
        ordered = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(conn.execute(ordered, rows).scalars())
    first = int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1
    ids = list(range(first, first + len(rows)))
    conn.execute(insert(table), [{**row, "id": n} for row, n in zip(rows, ids, strict=True)])
    return ids

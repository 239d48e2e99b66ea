"""Inserting many rows and learning their new ids, in a few statements on every backend."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select


def insert_returning_ids(
    conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]
) -> list[int]:
    """Insert ``rows`` into ``table`` (integer primary key ``id``); their ids, in row order.

    The ids are given here and the rows inserted with them in one batch. SQLite cannot tie
    the ids RETURNING gives to the rows that got them, so SQLAlchemy would send one INSERT per
    row there; the ids follow the largest one in use, which is safe because the caller holds
    SQLite's write lock (one writer at a time, see ``Store.write``). PostgreSQL's ordered
    RETURNING works but costs about 300 µs a row; its ids are taken from the table's sequence,
    which never hands one out twice.
    """
    if not rows:
        return []
    if conn.dialect.name == "postgresql":
        # Reserve the ids from the table's sequence in one query.
        sequence = func.pg_get_serial_sequence(table.name, "id")
        ids = list(
            conn.execute(
                select(func.nextval(sequence)).select_from(func.generate_series(1, len(rows)))
            ).scalars()
        )
    else:
        first = int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1
        ids = list(range(first, first + len(rows)))
    conn.execute(insert(table), [{**row, "id": n} for row, n in zip(rows, ids, strict=True)])
    return ids

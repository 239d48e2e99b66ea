"""Many rows in, their ids out, each id the one its row got (SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import delete, select

from safemekong.store import open_store, schema, utcnow
from safemekong.store.bulk import insert_returning_ids


def test_ids_come_back_in_row_order_and_follow_the_largest(db_url: str) -> None:
    store = open_store(db_url)
    ops = schema.operations
    try:
        now = utcnow()
        with store.write() as conn:
            first = insert_returning_ids(
                conn, ops, [{"size": n, "created_at": now, "updated_at": now} for n in range(5)]
            )
            conn.execute(delete(ops).where(ops.c.id == first[2]))
            second = insert_returning_ids(
                conn,
                ops,
                [{"size": 10 + n, "created_at": now, "updated_at": now} for n in range(3)],
            )
            assert insert_returning_ids(conn, ops, []) == []
            sizes = dict(conn.execute(select(ops.c.id, ops.c.size)).all())
    finally:
        store.dispose()
    assert len(set(first + second)) == 8
    assert min(second) > max(first)
    assert [sizes[i] for i in first if i != first[2]] == [0, 1, 3, 4]
    assert [sizes[i] for i in second] == [10, 11, 12]

"""Group commit: concurrent small writes share transactions, each caller returns committed."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import Connection, text

from safemekong.errors import StoreError
from safemekong.store import Store, open_store


@pytest.fixture
def store(db_url: str) -> Any:
    opened = open_store(db_url)
    with opened.write() as conn:
        conn.execute(text("DROP TABLE IF EXISTS grouped_test"))
        conn.execute(text("CREATE TABLE grouped_test (n INTEGER PRIMARY KEY, txn INTEGER)"))
    yield opened
    with opened.write() as conn:
        conn.execute(text("DROP TABLE grouped_test"))
    opened.dispose()


class Recorder:
    """Writes items as rows tagged with the transaction that wrote them; the first
    transaction is held until ``release`` so that the other callers pile up behind it."""

    def __init__(self) -> None:
        self.transactions = 0
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(self, conn: Connection, items: list[int]) -> None:
        self.transactions += 1
        for n in items:
            if n < 0:
                raise StoreError(f"database error: item {n} refused")
            conn.execute(
                text("INSERT INTO grouped_test VALUES (:n, :t)"), {"n": n, "t": self.transactions}
            )
        self.started.set()
        self.release.wait(10)


def _committed(store: Store) -> dict[int, int]:
    with store.read() as conn:
        return {n: t for n, t in conn.execute(text("SELECT n, txn FROM grouped_test"))}


def test_concurrent_items_share_transactions_and_return_committed(store: Store) -> None:
    record = Recorder()
    seen_after: dict[int, bool] = {}

    def submit(n: int) -> None:
        store.write_grouped(record, n)
        seen_after[n] = n in _committed(store)  # committed by the time submit returns

    with ThreadPoolExecutor(32) as pool:
        first = pool.submit(submit, 0)
        assert record.started.wait(10)
        rest = [pool.submit(submit, n) for n in range(1, 32)]
        record.release.set()
        for future in [first, *rest]:
            future.result(timeout=30)
    rows = _committed(store)
    assert sorted(rows) == list(range(32))
    assert all(seen_after.values()) and len(seen_after) == 32
    assert rows[0] == 1 and record.transactions <= 3  # 31 waiting callers, one or two groups


def test_a_failed_group_is_reported_to_each_of_its_callers_and_nothing_is_kept(
    store: Store,
) -> None:
    record = Recorder()
    record.release.set()
    errors: dict[int, str] = {}
    gate = threading.Barrier(2)

    def submit(n: int) -> None:
        gate.wait()
        try:
            store.write_grouped(record, n)
        except StoreError as exc:
            errors[n] = exc.detail

    threads = [threading.Thread(target=submit, args=(n,)) for n in (5, -1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    committed = _committed(store)
    # Whether the two shared a transaction or not, the refused item is never kept, its
    # caller always hears why, and a good item is kept exactly when its caller heard nothing.
    assert -1 not in committed and errors[-1] == "database error: item -1 refused"
    assert (5 in committed) == (5 not in errors)
    store.write_grouped(record, 6)  # the group commit works on after a failure
    assert 6 in _committed(store)


class _Interrupted(BaseException):
    """Stands for KeyboardInterrupt or SystemExit in the thread that writes a group."""


def test_an_interrupted_writer_leaves_nobody_waiting(store: Store) -> None:
    """The group of items 2 and 3 is written by one of their two callers and interrupted
    there: that caller sees the interruption, the other a StoreError, and neither hangs."""
    started, release = threading.Event(), threading.Event()

    def apply(conn: Connection, items: list[int]) -> None:
        if 0 in items:  # the first group holds the others back until they have queued
            started.set()
            release.wait(10)
        elif 2 in items:
            raise _Interrupted

    outcomes: dict[int, str] = {}

    def submit(n: int) -> None:
        try:
            store.write_grouped(apply, n)
            outcomes[n] = "committed"
        except _Interrupted:
            outcomes[n] = "interrupted"
        except StoreError as exc:
            outcomes[n] = exc.detail

    threads = [threading.Thread(target=submit, args=(n,)) for n in (0, 2, 3)]
    threads[0].start()
    assert started.wait(10)
    for thread in threads[1:]:
        thread.start()
    time.sleep(0.2)  # 2 and 3 wait together for the next group
    release.set()
    for thread in threads:
        thread.join(10)
    assert not any(thread.is_alive() for thread in threads)
    assert outcomes[0] == "committed"
    assert sorted([outcomes[2], outcomes[3]]) == ["interrupted", "the write was interrupted"]
    record = Recorder()
    record.release.set()
    store.write_grouped(record, 7)
    assert 7 in _committed(store)

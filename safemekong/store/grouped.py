"""Group commit: small writes of concurrent callers share one write transaction.

A caller hands in one item (an audit entry, say) and returns once it is committed, as if it
had written it alone; but while one transaction is being written and synced, the items of the
callers that arrive meanwhile wait together and go into the next transaction, so a hundred
concurrent readers cost a few commits instead of a hundred.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection

from safemekong.errors import StoreError

Item = TypeVar("Item")
Apply = Callable[[Connection, list[Any]], None]


@dataclass
class _Waiting(Generic[Item]):
    item: Item
    done: bool = False
    error: Exception | None = None


class GroupCommit:
    """The items waiting for ``apply`` and whether one caller is writing them."""

    def __init__(self, write: Callable[[], AbstractContextManager[Connection]], apply: Apply):
        self._write = write
        self._apply = apply
        self._changed = threading.Condition()
        self._waiting: list[_Waiting[Any]] = []
        self._writing = False

    def submit(self, item: object) -> None:
        """Return once ``item`` is committed (raise what the transaction that held it raised).

        The first caller to find nobody writing writes every item waiting, its own with them;
        the others wait for it, and one of those left over writes the next group.
        """
        mine = _Waiting(item)
        with self._changed:
            self._waiting.append(mine)
            while not mine.done:
                if self._writing:
                    self._changed.wait()
                    continue
                group, self._waiting, self._writing = self._waiting, [], True
                error: Exception | None = StoreError("the write was interrupted")
                try:
                    with _released(self._changed):
                        error = self._commit(group)
                finally:  # even when this thread is interrupted, nobody waits forever
                    for waiting in group:
                        waiting.done, waiting.error = True, error
                    self._writing = False
                    self._changed.notify_all()
        if mine.error is not None:
            raise mine.error

    def _commit(self, group: list[_Waiting[Any]]) -> Exception | None:
        try:
            with self._write() as conn:
                self._apply(conn, [waiting.item for waiting in group])
        except Exception as exc:  # every caller of the group learns it
            return exc
        return None


@contextmanager
def _released(lock: threading.Condition) -> Iterator[None]:
    """The held ``lock`` let go for the duration (others queue up while a group is written)."""
    lock.release()
    try:
        yield
    finally:
        lock.acquire()

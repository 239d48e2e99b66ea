"""Bulk filing on two cores: the next batches are checked in a second process while this one
stores the current batch.

Checking (identifier parsing above all) and storing each take about half of an import's time
and need nothing from each other, so overlapping them nearly halves a large import. Results come
back in input order, one per batch, exactly as :func:`safemekong.intel.ingest.file_reports`
would give them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

from safemekong.errors import StoreError
from safemekong.intel.ingest import (
    BatchResult,
    CheckedBatch,
    check_batch,
    check_batch_size,
    store_batch,
)
from safemekong.intel.warninglist import WarningList
from safemekong.policy.agencies import list_agencies
from safemekong.policy.principals import Permission, Principal, require
from safemekong.store import Store, utcnow

#: Batches checked ahead of the one being stored (each is a few MB at most).
LOOKAHEAD = 2


def file_batches(
    store: Store,
    principal: Principal,
    batches: Iterable[Sequence[object]],
    warning_list: WarningList,
) -> Iterator[BatchResult]:
    """File ``batches`` in order, checking the next ones in a second process meanwhile.

    A single batch is checked in this process (starting a second one would cost more than it
    saves). Agencies are read once, at the start: one created during the import is not known
    to it.
    """
    require(principal, Permission.WRITE)
    with store.read() as conn:
        agencies = list_agencies(conn)
    source = iter(batches)
    first = next(source, None)
    if first is None:
        return
    second = next(source, None)
    if second is None:
        yield store_batch(store, check_batch(first, agencies, principal, utcnow()), warning_list)
        return
    queued: deque[Sequence[object]] = deque([first, second])
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as checker:
        pending: deque[Future[CheckedBatch]] = deque()

        def check_ahead() -> None:
            while len(pending) < LOOKAHEAD:
                batch = queued.popleft() if queued else next(source, None)
                if batch is None:
                    return
                check_batch_size(batch)  # here: the checker's own errors do not travel back
                pending.append(
                    checker.submit(check_batch, list(batch), agencies, principal, utcnow())
                )

        check_ahead()
        while pending:
            checked = _checked(pending.popleft())
            check_ahead()
            yield store_batch(store, checked, warning_list)


def _checked(future: Future[CheckedBatch]) -> CheckedBatch:
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise StoreError(f"the process checking reports stopped: {exc}") from exc

"""Filing many batches fast: a worker process checks the next batch while this one is stored.

Checking (parsing every identifier) is about half the work of filing and needs no store, so on
two cores a bulk import runs the checks of batch N+1 in a worker process while batch N is
written. Results come back in batch order, exactly as :func:`ingest.file_reports` gives them.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from safemekong.intel.ingest import BatchResult, CheckedBatch, check_batch, store_batch
from safemekong.intel.warninglist import WarningList
from safemekong.policy.agencies import list_agencies
from safemekong.policy.principals import Principal
from safemekong.store import Store, utcnow


def file_batches(
    store: Store,
    principal: Principal,
    batches: Iterable[Sequence[object]],
    warning_list: WarningList,
) -> Iterator[BatchResult]:
    """File ``batches`` in order, checking one batch ahead in a worker process.

    A single batch is filed in this process: a worker would only add its start-up time.
    """
    with store.read() as conn:
        agencies = list_agencies(conn)
    stream = iter(batches)
    first = next(stream, None)
    second = next(stream, None)
    if first is None:
        return
    if second is None:
        yield store_batch(store, check_batch(first, agencies, principal, utcnow()), warning_list)
        return
    # spawn, not fork: the parent may run threads (progress display, store pool).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as worker:
        ahead: deque[Future[CheckedBatch]] = deque()
        for batch in itertools.chain((first, second), stream):
            ahead.append(worker.submit(check_batch, list(batch), agencies, principal, utcnow()))
            if len(ahead) > 1:
                yield store_batch(store, ahead.popleft().result(), warning_list)
        while ahead:
            yield store_batch(store, ahead.popleft().result(), warning_list)

"""Periodic background work of a running hub (webhook delivery, retention purge)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

_log = logging.getLogger("safemekong.background")


class Periodic:
    """Runs ``task`` every ``interval`` seconds in a daemon thread until stopped.

    A failing round is logged and retried at the next interval: a store that is briefly down
    must not end the work for good.
    """

    def __init__(self, name: str, interval: float, task: Callable[[], object]) -> None:
        self.name = name
        self.interval = interval
        self.task = task
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.task()
            except Exception:
                _log.exception("%s: round failed; retrying in %.0f s", self.name, self.interval)
            self._stop.wait(self.interval)

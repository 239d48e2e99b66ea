"""Work a page starts and its user watches: a passenger manifest is screened in a background
thread while the page polls the job's progress.

Jobs live in memory (a restart forgets them), each with a temporary folder for its files. A
user sees only their own jobs; each user keeps at most :data:`PER_USER` of them (the oldest
finished one makes room) for at most :data:`KEEP` seconds, and at most :data:`RUNNING` jobs
work at once across all users (the others wait their turn).
"""

from __future__ import annotations

import logging
import secrets
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

from safemekong.errors import Conflict, NotFound, SafeMekongError

#: Jobs one user keeps (running or finished).
PER_USER: Final = 5
#: Jobs working at once, across users.
RUNNING: Final = 2
#: Seconds a job and its files are kept after it started (a working shift).
KEEP: Final = 10 * 3600
log = logging.getLogger("safemekong.web")


class State(StrEnum):
    WAITING = "waiting"
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"


@dataclass
class Job:
    """One piece of background work: its progress (``done`` of about ``total``) and outcome."""

    owner: str
    title: str
    total: int
    id: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    state: State = State.WAITING
    done: int = 0
    result: Any = None
    #: Why the job failed, as the capability said it (None: an unexpected error, logged).
    problem: str | None = None
    started: float = field(default_factory=time.time)
    folder: tempfile.TemporaryDirectory[str] = field(
        default_factory=lambda: tempfile.TemporaryDirectory(prefix="safemekong-job-")
    )

    @property
    def path(self) -> Path:
        """The job's own folder (removed with the job)."""
        return Path(self.folder.name)

    @property
    def started_at(self) -> datetime:
        return datetime.fromtimestamp(self.started, UTC)

    @property
    def over(self) -> bool:
        return self.state in (State.FINISHED, State.FAILED)

    def advance(self, done: int) -> None:
        self.done = done
        self.total = max(self.total, done)

    def snapshot(self) -> Job:
        """A copy that stays as it is while a page is drawn from it: the job's thread may
        finish meanwhile, and a page must not show "running" in one place and "over" in
        another. (The thread sets ``result`` and ``problem`` before ``state``.)"""
        return replace(self)


class Jobs:
    """The jobs of every user of one web front door."""

    def __init__(self, per_user: int = PER_USER, running: int = RUNNING, keep: float = KEEP):
        self.per_user = per_user
        self.keep = keep
        self._slots = threading.BoundedSemaphore(running)
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(self, job: Job, work: Callable[[Job], Any]) -> Job:
        """Run ``work(job)`` in a thread; its return value becomes ``job.result``. Conflict when
        the owner already has as many unfinished jobs as they may keep."""
        with self._lock:
            self._expire()
            mine = sorted(self._of(job.owner), key=lambda j: j.started)
            while len(mine) >= self.per_user:
                oldest = next((j for j in mine if j.over), None)
                if oldest is None:
                    job.folder.cleanup()
                    raise Conflict(
                        f"{len(mine)} of your jobs are still running: wait for one to finish"
                    )
                self._drop(oldest)
                mine.remove(oldest)
            self._jobs[job.id] = job
        threading.Thread(target=self._run, args=(job, work), daemon=True).start()
        return job

    def get(self, owner: str, job_id: str) -> Job:
        """A snapshot of ``owner``'s job ``job_id``; NotFound for anyone else's, as for one
        that never was."""
        with self._lock:
            self._expire()
            job = self._jobs.get(job_id)
        if job is None or job.owner != owner:
            raise NotFound(f"job {job_id}")
        return job.snapshot()

    def of(self, owner: str) -> list[Job]:
        """Snapshots of ``owner``'s jobs, newest first."""
        with self._lock:
            self._expire()
            return sorted((j.snapshot() for j in self._of(owner)), key=lambda j: -j.started)

    def _run(self, job: Job, work: Callable[[Job], Any]) -> None:
        with self._slots:
            job.state = State.RUNNING
            try:
                job.result = work(job)
            except SafeMekongError as error:
                job.problem = error.detail
                job.state = State.FAILED
            except Exception:
                log.exception("job %s of %s failed", job.title, job.owner)
                job.state = State.FAILED
            else:
                job.state = State.FINISHED

    def _of(self, owner: str) -> list[Job]:
        return [job for job in self._jobs.values() if job.owner == owner]

    def _expire(self) -> None:
        old = time.time() - self.keep
        for job in [j for j in self._jobs.values() if j.over and j.started < old]:
            self._drop(job)

    def _drop(self, job: Job) -> None:
        del self._jobs[job.id]
        job.folder.cleanup()

"""Crash consistency: a real server SIGKILLed under concurrent writers keeps what it acknowledged.

The rounds are bench/run_crash.py's (50 runs per database there, three here).
"""

from __future__ import annotations

from pathlib import Path

from bench.run_crash import CrashSession
from tests.conftest import free_port

RUNS = 3


def test_sigkilled_server_keeps_every_acknowledged_write_and_verifies(
    db_url: str, tmp_path: Path
) -> None:
    """After each kill and restart: nothing acknowledged is lost, store, audit and log verify."""
    with CrashSession(db_url, tmp_path, free_port(), seed=11) as session:
        results = [session.run(max_delay=1.0) for _ in range(RUNS)]
    assert [r.problems() for r in results] == [{}] * RUNS
    assert session.acked.reports and session.acked.items and session.acked.keys
    assert session.acked.checkpoint is not None

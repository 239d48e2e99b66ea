"""Shared fixtures: stores on SQLite and PostgreSQL, a hub with agencies and keys, a server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import pytest
import uvicorn

from safemekong.hub import Hub
from safemekong.intel.warninglist import WarningList
from safemekong.policy import NODE_ADMIN
from safemekong.store import open_store
from safemekong.store.scratch import scratch_schema

PG_URL = os.environ.get("SAFEMEKONG_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _pg_reason() -> str | None:
    try:
        psycopg.connect(PG_URL.replace("+psycopg", ""), connect_timeout=3).close()
    except psycopg.Error as exc:
        return f"no PostgreSQL reachable at {PG_URL}: {exc}"
    return None


_PG_SKIP = _pg_reason()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    if _PG_SKIP:
        pytest.skip(_PG_SKIP)
    with scratch_schema(PG_URL, "test") as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each store test runs on the embedded SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hub.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'hub.db'}"


@dataclass
class Members:
    """A hub with three agencies (TH, CN, PH) and an analyst key for each."""

    hub: Hub
    keys: dict[str, str]

    def principal(self, code: str):  # type: ignore[no-untyped-def]
        return self.hub.authenticate(self.keys[code])


AGENCIES = (
    ("TH-CCIB", "TH", "Cyber Crime Investigation Bureau"),
    ("CN-AFC", "CN", "National Anti-Fraud Centre"),
    ("PH-CICC", "PH", "Cybercrime Investigation and Coordinating Center"),
)


def make_members(url: str) -> Members:
    hub = Hub(open_store(url), WarningList.default())
    keys = {}
    for code, country, name in AGENCIES:
        hub.add_agency(NODE_ADMIN, code, country, name)
        keys[code] = hub.create_key(NODE_ADMIN, code, "analyst")["key"]
    return Members(hub, keys)


@pytest.fixture
def members(db_url: str) -> Iterator[Members]:
    m = make_members(db_url)
    yield m
    m.hub.close()


@pytest.fixture
def sqlite_members(sqlite_url: str) -> Iterator[Members]:
    m = make_members(sqlite_url)
    yield m
    m.hub.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(config: uvicorn.Config) -> Iterator[str]:
    """Run a uvicorn server with ``config`` in a thread; yields its base URL."""
    config.timeout_graceful_shutdown = 1  # open event streams must not hold the test up
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://{config.host}:{config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def start_server(db: str, port: int) -> subprocess.Popen[bytes]:
    """``safemekong serve`` over ``db`` in its own process (to be killed by the test), once
    it answers on ``port``."""
    process = subprocess.Popen(
        [sys.executable, "-m", "safemekong", "serve", "--db", db, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/taxii2/", timeout=1)
            return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("server did not start")


@pytest.fixture
def live_server(sqlite_members: Members) -> Iterator[tuple[str, Members]]:
    """A real uvicorn server on 127.0.0.1 over the members' hub; yields its base URL."""
    from safemekong.api import create_app

    app = create_app(sqlite_members.hub, max_body=2_000_000)
    config = uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning")
    with serving(config) as url:
        yield url, sqlite_members

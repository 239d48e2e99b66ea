"""What every benchmark needs: the machine, cached synthetic worlds, stores, timing."""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import create_engine

from safemekong.store.scratch import scratch_schema
from safemekong.synth import generate_world, write_world

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
PG_URL = os.environ.get("SAFEMEKONG_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SEED = 7
BENCHMARKS_MD = ROOT / "docs" / "benchmarks.md"


def update_section(name: str, body: str, path: Path = BENCHMARKS_MD) -> None:
    """Replace (or append) the section ``name`` of the results page, keeping the others.

    Each capability's benchmark owns one section, delimited by HTML comments, so benchmarks
    run one at a time never overwrite each other's numbers.
    """
    begin, end = f"<!-- section:{name} -->", f"<!-- /section:{name} -->"
    block = f"{begin}\n{body.strip()}\n{end}"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)


def machine() -> str:
    """CPU model, cores and memory of this machine, for the results page."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{mem_kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        memory = "?"
    return f"{cpu}, {os.cpu_count()} cores, {memory} RAM, Python {platform.python_version()}"


def world_dir(scale: int) -> Path:
    """A synthetic world of ``scale`` reports, generated once and cached under bench/out/."""
    path = OUT / f"world-{SEED}-{scale}"
    if not (path / "world.json").exists():
        write_world(generate_world(seed=SEED, scale=scale), path)
    return path


@dataclass
class Timed:
    seconds: float = 0.0


@contextmanager
def timed() -> Iterator[Timed]:
    result = Timed()
    start = time.perf_counter()
    yield result
    result.seconds = time.perf_counter() - start


def sqlite_url(name: str) -> str:
    path = OUT / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


@contextmanager
def pg_schema_url() -> Iterator[str]:
    """A fresh PostgreSQL schema for one benchmark, dropped afterwards."""
    with scratch_schema(PG_URL, "bench") as url:
        yield url


def pg_available() -> bool:
    try:
        create_engine(PG_URL).connect().close()
    except Exception:
        return False
    return True


@contextmanager
def served(url: str, port: int, *options: str) -> Iterator[str]:
    """``safemekong serve`` over the store at ``url`` in its own process, with extra serve
    ``options`` (log in bench/out/serve-<port>.log); yields its base URL once healthy."""
    OUT.mkdir(parents=True, exist_ok=True)
    log = (OUT / f"serve-{port}.log").open("w")
    argv = ["serve", "--db", url, "--port", str(port), *options]
    server = subprocess.Popen([sys.executable, "-m", "safemekong", *argv], stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while server.poll() is None:
            try:
                httpx.get(f"{base}/api/v1/health", timeout=5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        else:
            raise RuntimeError(f"server on port {port} exited; see {log.name}")
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()

"""API fuzzing at scale: schemathesis cases against a served hub, failures counted per check.

python -m bench.run_api_fuzz                 # 100,000 cases, or what 40 minutes allow
python -m bench.run_api_fuzz --cases 5000    # a quick look

The hub of ``tests/reliability/test_api_fuzz.py`` (three agencies, a group, reports in an
operation, a webhook, an evidence item) is served by uvicorn in its own process on 127.0.0.1,
with the background jobs off so that fuzzed webhook URLs are never called. The cases are shared
out between the operations of its OpenAPI document in rounds (an operation whose inputs run out
gives its share to the others), valid and invalid requests alike, each with the key of an
analyst, an agency admin or a read-only user; a tenth are steps of stateful runs that follow the
document's links with the admin key. Fuzzing processes (``--workers``, 2 by default) share the
operations out between them. Every answer goes through every check.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import requests
import schemathesis
import uvicorn
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from schemathesis.core.failures import FailureGroup

from bench.common import OUT, machine, sqlite_url, update_section
from safemekong.api import create_app
from safemekong.hub import Hub
from safemekong.store import open_store
from tests.conftest import free_port
from tests.reliability.test_api_fuzz import (
    CHECKS,
    MAX_BODY,
    QUICK,
    ROLES,
    UNFUZZED,
    bearer,
    load_schema,
    seed,
    state_machine,
)

#: The claim: no check fails in this many cases.
TARGET = 100_000
STATEFUL_SHARE = 0.1
STEPS = 8
#: Most cases an operation gets in one round, so each gets its turn before a deadline.
ROUND = 500
#: Distinct failures kept for the results (operation, check, status), with one example each.
KEEP = 20


@dataclass
class Tally:
    """Cases run and failures per check, per operation, with an example of each failure."""

    cases: int = 0
    stateful: int = 0
    by_operation: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    examples: dict[str, str] = field(default_factory=dict)

    def check(self, response: schemathesis.Response, case: schemathesis.Case) -> None:
        """Run every check on one answer and count what failed (nothing is raised)."""
        self.cases += 1
        self.by_operation[case.operation.label] += 1
        for check in CHECKS:
            try:
                case.validate_response(response, checks=[check])
            except FailureGroup as group:
                self.failures[check.__name__] += 1
                key = f"{case.operation.label} {check.__name__} {response.status_code}"
                if key not in self.examples and len(self.examples) < KEEP:
                    self.examples[key] = str(group.exceptions[0])[:500]
                    print(f"failure: {key}", flush=True)

    def add(self, other: Tally) -> None:
        self.cases += other.cases
        self.stateful += other.stateful
        self.by_operation.update(other.by_operation)
        self.failures.update(other.failures)
        self.errors += other.errors
        for key, text in other.examples.items():
            self.examples.setdefault(key, text)


@dataclass(frozen=True)
class Job:
    """One worker's share: these operations (None: stateful runs), this many cases, and the
    wall-clock time (``time.time()``) after which it stops whatever it has run."""

    base: str
    keys: dict[str, str]
    labels: tuple[str, ...] | None
    cases: int
    deadline: float


def _serve(url: str, port: int) -> None:
    uvicorn.run(
        create_app(Hub.open(url), max_body=MAX_BODY, background=False),
        host="127.0.0.1",
        port=port,
        log_level="warning",
    )


def _wait(base: str, server: multiprocessing.process.BaseProcess) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{base}/api/v1/health", timeout=5)
            return
        except httpx.TransportError:
            if not server.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the fuzzed server did not start") from None
            time.sleep(0.2)


def work(job: Job) -> Tally:
    """Run one worker's share against the server; the document is the same without data."""
    schema = load_schema(Hub(open_store("sqlite://")))
    tally = Tally()
    session = requests.Session()

    def send(case: schemathesis.Case, role: str) -> schemathesis.Response:
        try:
            return case.call(base_url=job.base, session=session, headers=bearer(job.keys[role]))
        except requests.RequestException:
            tally.errors += 1
            raise

    if job.labels is None:
        kwargs = {"base_url": job.base, "session": session, "headers": bearer(job.keys["admin"])}
        machine = state_machine(schema, kwargs, tally.check)
        while tally.cases < job.cases and time.time() < job.deadline:
            runs = min(50, max(1, (job.cases - tally.cases) // STEPS))
            machine.run(settings=settings(QUICK, max_examples=runs, stateful_step_count=STEPS))
        tally.stateful = tally.cases
        return tally
    operations = [op.ok() for op in schema.get_all_operations() if op.ok().label in job.labels]
    fuzz_operations(operations, job, send, tally)
    return tally


def fuzz_operations(operations: list[Any], job: Job, send: Any, tally: Tally) -> None:
    """Share the job's cases between ``operations`` in rounds (a share at most ``ROUND``) until
    they are spent, the deadline has passed or every operation's inputs have run out."""
    open_ = list(operations)
    while open_ and tally.cases < job.cases and time.time() < job.deadline:
        share = min(ROUND, max(1, (job.cases - tally.cases) // len(open_)))
        for operation in list(open_):
            before = tally.cases
            _fuzz_one(operation, share, send, tally, job.deadline)
            if tally.cases - before < share and time.time() < job.deadline:
                open_.remove(operation)  # hypothesis found no more distinct inputs


def _fuzz_one(operation: Any, examples: int, send: Any, tally: Tally, deadline: float) -> None:
    strategies = [operation.as_strategy(mode) for mode in schemathesis.GenerationMode]

    @given(case=st.one_of(strategies), role=st.sampled_from(ROLES))
    @settings(QUICK, max_examples=examples, phases=[Phase.generate])
    def run(case: schemathesis.Case, role: str) -> None:
        if time.time() < deadline:
            tally.check(send(case, role), case)

    run()


def fuzz(cases: int, workers: int, minutes: float) -> dict[str, Any]:
    """Seed and serve a hub, run the workers' shares against it, add up their tallies."""
    url = sqlite_url("api-fuzz")
    fuzzed = seed(url)
    labels = sorted(op.ok().label for op in load_schema(fuzzed.hub).get_all_operations())
    fuzzed.hub.close()
    port = free_port()
    context = multiprocessing.get_context("spawn")
    server = context.Process(target=_serve, args=(url, port))
    server.start()
    base = f"http://127.0.0.1:{port}"
    stateful = int(cases * STATEFUL_SHARE)
    share = (cases - stateful) // workers
    deadline = time.time() + minutes * 60
    jobs = [
        Job(base, fuzzed.keys, tuple(labels[i::workers]), share, deadline) for i in range(workers)
    ]
    jobs.append(Job(base, fuzzed.keys, None, stateful, deadline))
    tally = Tally()
    started = time.perf_counter()
    try:
        _wait(base, server)
        with context.Pool(len(jobs)) as pool:
            for done in pool.imap_unordered(work, jobs):
                tally.add(done)
                print(f"a worker finished: {tally.cases:,} cases so far", flush=True)
    finally:
        server.terminate()
        server.join(timeout=30)
    seconds = time.perf_counter() - started
    return {
        "cases": tally.cases,
        "stateful_steps": tally.stateful,
        "workers": workers,
        "operations": len(tally.by_operation),
        "fewest_per_operation": min(tally.by_operation.values(), default=0),
        "most_per_operation": max(tally.by_operation.values(), default=0),
        "failures": {check.__name__: tally.failures[check.__name__] for check in CHECKS},
        "transport_errors": tally.errors,
        "examples": tally.examples,
        "seconds": round(seconds, 1),
        "rate": round(tally.cases / seconds, 1),
        "minutes": minutes,
    }


def section(result: dict[str, Any], asked: int) -> str:
    failed = sum(result["failures"].values()) + result["transport_errors"]
    verdict = "met" if failed == 0 and result["cases"] >= TARGET else "NOT met"
    short = "" if asked >= TARGET else f" (this run asked for {asked:,} cases only)"
    if result["cases"] < asked:
        needed = TARGET / result["rate"] / 60
        short += (
            f". The run stopped at its {result['minutes']:g}-minute limit after"
            f" {result['cases']:,} of {asked:,} cases: at {result['rate']} cases/s on this"
            f" (shared) machine, {TARGET:,} would take about {needed:.0f} minutes"
        )
    rows = "\n".join(
        f"| `{name}` | {result['cases']:,} | {count} |"
        for name, count in result["failures"].items()
    )
    examples = "".join(f"\n- {key}: {text}" for key, text in result["examples"].items())
    spread = f"{result['fewest_per_operation']:,} to {result['most_per_operation']:,}"
    return f"""## API fuzzing (schemathesis)

Target: **0 failures in ≥ 100,000 cases** — {verdict}{short}.

Machine: {machine()}. Date: {datetime.now(UTC):%Y-%m-%d}. `python -m bench.run_api_fuzz`
(schemathesis {schemathesis.__version__}, {result["workers"]} fuzzing processes) against the
hub served by uvicorn in its own process over HTTP on 127.0.0.1 (background jobs off).

{result["cases"]:,} cases over {result["operations"]} operations ({spread} each: operations
with few possible inputs run out early), {result["stateful_steps"]:,} of them steps of stateful
runs following the document's links; valid and invalid requests, with keys of an analyst, an
agency admin and a read-only user. `{UNFUZZED}` is left out: the event stream never ends.
{result["seconds"]:,.0f} s, {result["rate"]} cases/s; transport errors:
{result["transport_errors"]}.

| check | cases | failures |
| --- | ---: | ---: |
{rows}
{examples}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=TARGET)
    parser.add_argument("--workers", type=int, default=2, help="fuzzing processes")
    parser.add_argument("--minutes", type=float, default=40, help="stop after this long")
    args = parser.parse_args()
    result = fuzz(args.cases, args.workers, args.minutes)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "api-fuzz.json").write_text(json.dumps(result, indent=2))
    update_section("api-fuzz", section(result, args.cases))
    print(json.dumps({k: v for k, v in result.items() if k != "examples"}, indent=2))
    for key, text in result["examples"].items():
        print(f"{key}: {text}")


if __name__ == "__main__":
    main()

"""Crash consistency: ``safemekong serve`` under concurrent writers, SIGKILLed at a random moment.

python -m bench.run_crash             # 50 runs on SQLite and 50 on PostgreSQL
python -m bench.run_crash --runs 5    # a quick look

Each database gets one store and one evidence directory, set up through the Hub API (two
agencies, an analyst key each, an agency admin key, the node's signing key). One run: while the
server process works, writer threads file reports, register evidence files and seal some of
them, create API keys (an audited admin action) and fetch signed checkpoints, all over HTTP; the
process is SIGKILLed at a random moment once every writer had an answer and started again over
the same store. Then every write a client saw acknowledged (a 2xx answer) in this or an earlier
run must be there, the database must pass its integrity checks, the audit chain must verify and
still hold the head seen after the previous run, and the evidence log must verify and prove,
through the restarted server, that it extends the last checkpoint a client was given. The runs
of one database follow each other on the same store, so later runs also recover from earlier
crashes.

tests/reliability/test_crash.py runs the same :class:`CrashSession`, three runs per database.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
from rich.progress import Progress
from sqlalchemy import Connection, MetaData, Table, and_, exists, func, select, text
from sqlalchemy.sql.schema import ForeignKeyConstraint

from bench.common import (
    OUT,
    PG_URL,
    ROOT,
    machine,
    pg_available,
    pg_schema_url,
    sqlite_url,
    update_section,
)
from safemekong.errors import NotAuthenticated
from safemekong.evidence.locker import EVIDENCE_DIR_ENV, Locker
from safemekong.evidence.verify import (
    Checkpoint,
    Note,
    VerificationError,
    VerifierKey,
    parse_consistency_bundle,
    verify_consistency,
)
from safemekong.hub import Hub
from safemekong.policy import NODE_ADMIN, audit
from safemekong.store import schema
from safemekong.store.evidence_schema import evidence_custody, evidence_items

AGENCIES = (("TH-A", "TH"), ("CN-A", "CN"))
#: Caller phone numbers are drawn from this many, so reports correlate into operations.
PHONES = 200
TARGET_RUNS = 50


@dataclass
class Acknowledged:
    """What clients were told is stored (2xx answers), over all runs of a session."""

    reports: set[tuple[str, str]] = field(default_factory=set)  # (agency, external id)
    items: dict[int, str] = field(default_factory=dict)  # evidence item id: SHA-256
    custody: set[tuple[int, int]] = field(default_factory=set)  # (item id, log index)
    keys: set[str] = field(default_factory=set)  # API keys created over the API
    #: The newest signed checkpoint a client was given.
    checkpoint: Checkpoint | None = None

    def count(self) -> int:
        return len(self.reports) + len(self.items) + len(self.custody) + len(self.keys)


@dataclass
class RunResult:
    """One kill and restart: acknowledged writes of the run and the problems found after it."""

    killed_after: float
    acknowledged: int
    lost: list[str] = field(default_factory=list)
    integrity: list[str] = field(default_factory=list)
    audit: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    #: Answers other than 2xx to a writer before the kill (none are expected).
    errors: list[str] = field(default_factory=list)

    def problems(self) -> dict[str, list[str]]:
        """The failed checks, by kind (empty when the run passed)."""
        kinds = ("lost", "integrity", "audit", "evidence", "errors")
        return {kind: getattr(self, kind) for kind in kinds if getattr(self, kind)}


@dataclass(frozen=True)
class _Keys:
    analysts: dict[str, str]
    admin: str
    log: VerifierKey


def prepare(url: str, evidence_dir: Path) -> _Keys:
    """The store's agencies and keys, and the node's signing key (pinned by the clients)."""
    hub = Hub.open(url)
    try:
        for code, country in AGENCIES:
            hub.add_agency(NODE_ADMIN, code, country, code)
        analysts = {
            code: hub.create_key(NODE_ADMIN, code, "analyst")["key"] for code, _ in AGENCIES
        }
        admin = hub.create_key(NODE_ADMIN, AGENCIES[0][0], "admin")["key"]
        return _Keys(analysts, admin, Locker(hub.store, evidence_dir).signer.verifier())
    finally:
        hub.close()


class CrashSession:
    """One store under repeated crashes: the server starts on entry; each :meth:`run` kills it
    mid-write, restarts it and checks the store."""

    def __init__(self, url: str, workdir: Path, port: int, seed: int = 7) -> None:
        self.url, self.port = url, port
        self.base = f"http://127.0.0.1:{port}"
        self.evidence_dir = workdir / "evidence"
        self.log_path = workdir / "serve.log"
        self.rng = random.Random(seed)
        self.keys = prepare(url, self.evidence_dir)
        self.acked = Acknowledged()
        self.serial = itertools.count()
        self.lock = threading.Lock()
        self.audit_head: str | None = None
        self.runs = 0
        self.errors: list[str] = []
        self.server: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> CrashSession:
        self.server = self._start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=30)

    def _start(self) -> subprocess.Popen[bytes]:
        """``safemekong serve`` over the store (recovering it after a crash), once it answers.

        Started here rather than with bench.common.served: the run needs the process to kill
        it, and the evidence directory in its environment (PostgreSQL stores have no file).
        """
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "safemekong", "serve", "--db", self.url,
                 "--port", str(self.port)],
                stdout=log, stderr=subprocess.STDOUT,
                env={**os.environ, EVIDENCE_DIR_ENV: str(self.evidence_dir)},
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while server.poll() is None:
            if self._serves_this_store():
                return server
            if time.monotonic() > deadline:
                server.kill()
                server.wait()
                raise RuntimeError(f"the server did not answer; see {self.log_path}")
            time.sleep(0.1)
        raise RuntimeError(f"the server exited with {server.returncode}; see {self.log_path}")

    def _serves_this_store(self) -> bool:
        """True once the port answers with this store (not another server on that port)."""
        try:
            answer = httpx.get(f"{self.base}/api/v1/whoami", headers=self._reader(), timeout=5)
        except httpx.TransportError:
            return False
        return answer.status_code == 200

    def _reader(self) -> dict[str, str]:
        return _bearer(self.keys.analysts[AGENCIES[0][0]])

    # -- one run -------------------------------------------------------------------------------
    def run(self, max_delay: float = 3.0) -> RunResult:
        """Write concurrently, SIGKILL the server at a random moment once every writer had an
        answer, restart it, check."""
        assert self.server is not None, "use the session as a context manager"
        self.runs += 1
        self.errors = []
        before = self.acked.count()
        delay = self.rng.uniform(0, max_delay)
        stop = threading.Event()
        analysts = self.keys.analysts
        writers: list[tuple[str, Callable[[httpx.Client, random.Random], None]]] = [
            *((key, self._file_reports) for key in analysts.values()),
            (analysts[AGENCIES[0][0]], self._add_evidence),
            (self.keys.admin, self._create_key),
            (analysts[AGENCIES[1][0]], self._fetch_checkpoint),
        ]
        answered = [threading.Event() for _ in writers]
        threads = [
            threading.Thread(target=self._write, args=(stop, done, key, step, self.rng.random()))
            for done, (key, step) in zip(answered, writers, strict=True)
        ]
        for thread in threads:
            thread.start()
        for done in answered:  # the kill lands while every kind of write is flowing
            done.wait(timeout=60)
        time.sleep(delay)
        self.server.send_signal(signal.SIGKILL)
        self.server.wait()
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        self.server = self._start()
        result = RunResult(delay, self.acked.count() - before, errors=self.errors)
        self._check(result)
        return result

    def _write(
        self,
        stop: threading.Event,
        answered: threading.Event,
        key: str,
        step: Callable[[httpx.Client, random.Random], None],
        seed: float,
    ) -> None:
        """Repeat ``step`` until the run stops or the server is gone; ``answered`` once it
        had an answer."""
        rng = random.Random(seed)
        with httpx.Client(base_url=self.base, headers=_bearer(key), timeout=60) as client:
            while not stop.is_set():
                try:
                    step(client, rng)
                    answered.set()
                except httpx.TransportError:
                    return  # killed: whatever was in flight is unacknowledged

    def _answered(self, response: httpx.Response) -> bool:
        """True for a 2xx answer; anything else is noted as an error of the run."""
        if not response.is_success:
            self.errors.append(
                f"{response.request.method} {response.request.url.path}: "
                f"{response.status_code} {response.text[:300]}"
            )
        return response.is_success

    def _file_reports(self, client: httpx.Client, rng: random.Random) -> None:
        items = [self._report(next(self.serial), rng) for _ in range(rng.randint(1, 4))]
        response = client.post("/api/v1/reports", json=items)
        if self._answered(response):
            with self.lock:
                self.acked.reports.update(
                    (a["agency"], a["external_id"]) for a in response.json()["accepted"]
                )

    @staticmethod
    def _report(n: int, rng: random.Random) -> dict[str, Any]:
        return {
            "external_id": f"crash-{n}",
            "received_at": "2026-11-20T10:00:00+07:00",
            "typology": "investment",
            "narrative": "met on a dating app, then invested in a fake trading platform",
            "language": "en",
            "amount_lost": "50000.00",
            "currency": "THB",
            "tlp": "GREEN",
            "identifiers": [
                {"value": f"+6681{rng.randrange(PHONES):07d}", "role": "caller"},
                {"value": f"KBANK {n:010d}", "type": "bank", "role": "receiving-account"},
            ],
        }

    def _add_evidence(self, client: httpx.Client, rng: random.Random) -> None:
        """Register a file (one in five the same bytes: deduplicated); seal half of them."""
        n = next(self.serial)
        params = {
            "case": f"CRASH-{self.runs}",
            "exhibit": f"E{n}",
            "acquired_by": "Pol. Lt. Somchai",
            "legal_basis": "Criminal Procedure Code s. 132",
            "original_name": f"screenshot-{n}.png",
        }
        content = b"same screenshot" if rng.random() < 0.2 else rng.randbytes(rng.randrange(65536))
        response = client.post(
            "/api/v1/evidence/items",
            params=params,
            content=content,
            headers={"Content-Type": "image/png"},
        )
        if not self._answered(response):
            return
        item = response.json()
        with self.lock:
            self.acked.items[item["id"]] = item["sha256"]
        if rng.random() < 0.5:
            sealed = client.post(
                f"/api/v1/evidence/items/{item['id']}/custody", json={"action": "sealed"}
            )
            if self._answered(sealed):
                with self.lock:
                    self.acked.custody.add((item["id"], sealed.json()["log_index"]))

    def _create_key(self, client: httpx.Client, rng: random.Random) -> None:
        body = {"agency": AGENCIES[0][0], "role": "analyst", "label": f"crash {next(self.serial)}"}
        response = client.post("/api/v1/keys", json=body)
        if self._answered(response):
            with self.lock:
                self.acked.keys.add(response.json()["key"])
        time.sleep(rng.uniform(0, 0.05))

    def _fetch_checkpoint(self, client: httpx.Client, rng: random.Random) -> None:
        """Take the newest signed checkpoint, as a witness or a court would."""
        response = client.get("/api/v1/evidence/checkpoint")
        if self._answered(response):
            try:
                note = Note.parse(response.text)
                checkpoint = Checkpoint.parse(note.text)
            except VerificationError as exc:
                self.errors.append(f"a malformed checkpoint was served: {exc}")
                return
            if not note.signed_by(self.keys.log):
                self.errors.append("a checkpoint was served without the node's signature")
                return
            with self.lock:
                latest = self.acked.checkpoint
                if latest is None or checkpoint.size >= latest.size:
                    self.acked.checkpoint = checkpoint
        time.sleep(rng.uniform(0.05, 0.15))

    # -- checks after the restart ------------------------------------------------------------
    def _check(self, result: RunResult) -> None:
        hub = Hub.open(self.url)
        try:
            locker = Locker(hub.store, self.evidence_dir)
            with hub.store.read() as conn:
                result.lost = self._lost(conn, hub, locker)
                result.integrity = integrity_problems(conn) + _count_problems(conn)
                result.audit = self._audit(conn)
                result.evidence = _custody_problems(conn)
            result.evidence += locker.audit() + self._consistency()
        finally:
            hub.close()

    def _lost(self, conn: Connection, hub: Hub, locker: Locker) -> list[str]:
        """Acknowledged writes that are not in the store (or whose file is gone)."""
        acked = self.acked
        stored = select(schema.agencies.c.code, schema.reports.c.external_id).join(
            schema.agencies, schema.agencies.c.id == schema.reports.c.agency_id
        )
        reports = {(agency, ref) for agency, ref in conn.execute(stored)}
        lost = [f"report {agency} {ref}" for agency, ref in sorted(acked.reports - reports)]
        items = {
            i: sha for i, sha in conn.execute(select(evidence_items.c.id, evidence_items.c.sha256))
        }
        for item_id, sha256 in sorted(acked.items.items()):
            if items.get(item_id) != sha256:
                lost.append(f"evidence item {item_id}")
            elif not locker.blobs.verify(sha256):
                lost.append(f"the file of evidence item {item_id}")
        custody = select(evidence_custody.c.item_id, evidence_custody.c.leaf_index)
        events = {(item_id, index) for item_id, index in conn.execute(custody)}
        lost += [f"custody event {i} at log index {n}" for i, n in sorted(acked.custody - events)]
        for key in sorted(acked.keys):
            try:
                hub.authenticate(key)
            except NotAuthenticated:
                lost.append(f"API key {key.split('_')[1]}")
        return lost

    def _audit(self, conn: Connection) -> list[str]:
        """The chain verifies and holds the previous run's head; every new key is audited."""
        check = audit.verify(conn, self.audit_head)
        problems = [] if check.ok else [f"audit chain: {check.problem}"]
        self.audit_head = check.head
        log = schema.audit_log
        audited = {
            detail["prefix"]
            for detail in conn.execute(select(log.c.detail).where(log.c.action == "key:create"))
            .scalars()
            .all()
        }
        problems += [
            f"key {prefix} has no audit entry"
            for prefix in sorted(key.split("_")[1] for key in self.acked.keys)
            if prefix not in audited
        ]
        return problems

    def _consistency(self) -> list[str]:
        """The restarted server proves its log extends the last checkpoint a client was given."""
        published = self.acked.checkpoint
        if published is None:
            return []
        response = httpx.get(
            f"{self.base}/api/v1/evidence/consistency",
            params={"from": published.size},
            headers=self._reader(),
            timeout=60,
        )
        if not response.is_success:
            return [f"no proof from published size {published.size}: {response.text[:300]}"]
        try:
            old, proof, raw = parse_consistency_bundle(response.text)
            note = Note.parse(raw)
            current = Checkpoint.parse(note.text)
        except VerificationError as exc:
            return [f"consistency bundle: {exc}"]
        if not note.signed_by(self.keys.log) or old != published.size:
            return ["consistency bundle: wrong signature or starting size"]
        if not verify_consistency(old, current.size, published.root, current.root, proof):
            return [f"the log of size {current.size} does not extend published size {old}"]
        return []


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def integrity_problems(conn: Connection) -> list[str]:
    """What the database's own checks find, and rows whose foreign keys point nowhere."""
    problems: list[str] = []
    if conn.dialect.name == "sqlite":
        verdict = conn.exec_driver_sql("PRAGMA integrity_check").scalars().all()
        if verdict != ["ok"]:
            problems += [f"integrity_check: {line}" for line in verdict]
        problems += [
            f"foreign_key_check: {tuple(row)}"
            for row in conn.exec_driver_sql("PRAGMA foreign_key_check")
        ]
    else:
        invalid = text(
            "SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class c "
            "ON c.oid = i.indexrelid WHERE c.relnamespace = current_schema()::regnamespace "
            "AND NOT (i.indisvalid AND i.indisready)"
        )
        problems += [f"index {name} is not valid" for name in conn.execute(invalid).scalars()]
    metadata = MetaData()
    metadata.reflect(conn)
    for table in metadata.sorted_tables:
        conn.execute(select(func.count()).select_from(table)).scalar_one()  # readable
        for constraint in table.foreign_key_constraints:
            orphans = _orphans(conn, table, constraint)
            if orphans:
                problems.append(f"{orphans} rows of {table.name} point nowhere ({constraint.name})")
    return problems


def _orphans(conn: Connection, table: Table, constraint: ForeignKeyConstraint) -> int:
    parent = constraint.referred_table.alias()
    pairs = [(fk.parent, parent.c[fk.column.name]) for fk in constraint.elements]
    query = (
        select(func.count())
        .select_from(table)
        .where(
            *(child.is_not(None) for child, _ in pairs),
            ~exists().where(and_(*(child == ref for child, ref in pairs))),
        )
    )
    return int(conn.execute(query).scalar_one())


def _count_problems(conn: Connection) -> list[str]:
    """Counts kept beside the reports (operation sizes, members) that no longer match them."""
    reports, operations = schema.reports, schema.operations
    group = (reports.c.operation_id, reports.c.agency_id, reports.c.scope_id)
    held = {(op, agency, scope): n for op, agency, scope, n in
            conn.execute(select(*group, func.count()).group_by(*group))}  # fmt: skip
    kept = {(row.operation_id, row.agency_id, row.scope_id): row.reports
            for row in conn.execute(select(schema.operation_members))}  # fmt: skip
    per_operation: Counter[int] = Counter()
    for (operation, _, _), n in held.items():
        per_operation[operation] += n
    live = select(operations.c.id, operations.c.size).where(operations.c.merged_into.is_(None))
    sizes = {operation: size for operation, size in conn.execute(live)}
    problems = [
        f"operation {op} has size {size} but {per_operation[op]} reports"
        for op, size in sizes.items()
        if size != per_operation[op]
    ]
    problems += [
        f"{n} reports point at operation {op}, which is merged or missing"
        for op, n in per_operation.items()
        if op not in sizes
    ]
    if held != kept:
        wrong = sum(held.get(key) != kept.get(key) for key in held.keys() | kept.keys())
        problems.append(f"operation members disagree with the reports on {wrong} rows")
    return problems


def _custody_problems(conn: Connection) -> list[str]:
    """Items registered without their 'acquired' and 'registered' events (a torn write)."""
    table = evidence_custody
    complete = select(table.c.item_id).where(table.c.seq < 2).group_by(table.c.item_id)
    complete = complete.having(func.count() == 2)
    torn = conn.execute(
        select(evidence_items.c.id).where(evidence_items.c.id.not_in(complete))
    ).scalars()
    return [f"evidence item {item_id} lacks its first custody events" for item_id in torn]


# -- the benchmark -----------------------------------------------------------------------------

DATABASES = ("SQLite", "PostgreSQL")


@contextmanager
def _store(database: str) -> Iterator[str]:
    if database == "SQLite":
        yield sqlite_url("crash")
    else:
        with pg_schema_url() as url:
            yield url


def bench(
    database: str, runs: int, port: int, max_delay: float, progress: Progress
) -> list[RunResult]:
    """``runs`` kill runs on a fresh store of ``database``."""
    workdir = OUT / f"crash-{database.lower()}"
    shutil.rmtree(workdir, ignore_errors=True)
    task = progress.add_task(f"{database}: SIGKILL runs", total=runs)
    results: list[RunResult] = []
    with _store(database) as url, CrashSession(url, workdir, port) as session:
        for _ in range(runs):
            results.append(session.run(max_delay))
            for kind, problems in results[-1].problems().items():
                progress.console.print(f"{database} run {len(results)} {kind}: {problems[:5]}")
            progress.advance(task)
    return results


def render(results: dict[str, list[RunResult]], max_delay: float, when: str, host: str) -> str:
    """The "crash" section of docs/benchmarks.md."""
    rows = []
    for database in DATABASES:
        runs = results.get(database)
        if runs is None:
            rows.append(f"| {database} | not run: no server at {PG_URL} | | | | | | |")
            continue
        lost = sum(len(r.lost) for r in runs)
        failing = [
            sum(bool(getattr(r, k)) for r in runs) for k in ("integrity", "audit", "evidence")
        ]
        met = "met" if lost == 0 and len(runs) >= TARGET_RUNS else "MISSED"
        rows.append(
            f"| {database} | {len(runs)} | {sum(r.acknowledged for r in runs):,} | {lost} | "
            + " | ".join(str(n) for n in failing)
            + f" | {met} |"
        )
    errors = sum(len(r.errors) for runs in results.values() for r in runs)
    return "\n".join(
        [
            "## Crash consistency: SIGKILL under concurrent writers",
            "",
            f"Measured {when} on {host}, by `python -m bench.run_crash`.",
            "",
            "| database | runs | acknowledged writes | lost | integrity failures | "
            "audit failures | evidence-log failures | target: 0 lost in ≥ 50 runs |",
            "|---|---:|---:|---:|---:|---:|---:|---|",
            *rows,
            "",
            "Each run: a real `safemekong serve` process takes concurrent HTTP writes (two "
            "agencies filing reports, evidence files registered and sealed, an agency admin "
            "creating API keys, a client fetching signed checkpoints), is killed with SIGKILL "
            f"0–{max_delay:g} s (at random) after every writer had its first answer and is "
            "started again over the same store; the runs of a database follow each other. After "
            "each restart: every write acknowledged with a 2xx answer in any run so far is "
            "present (reports, evidence items and their files, custody events, keys that still "
            "authenticate); SQLite `PRAGMA integrity_check` and `foreign_key_check` pass "
            "(PostgreSQL: every index valid), every table is readable, no foreign key points "
            "nowhere and operation sizes and member counts match the reports; the audit chain "
            "verifies, still holds the head seen after the previous run and has an entry for "
            "every key created; the evidence log re-derives every subtree and checkpoint, every "
            "item has its first custody events, and the restarted server proves with a signed "
            "consistency proof that its tree extends the last checkpoint a client was given. "
            "Failures count runs, lost counts writes. Answers other than 2xx during the runs: "
            f"{errors}.",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=TARGET_RUNS, help="kill runs per database")
    parser.add_argument(
        "--max-delay",
        type=float,
        default=3.0,
        help="latest kill, seconds after every writer's first answer",
    )
    parser.add_argument("--port", type=int, default=8771, help="the server's port")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    databases = DATABASES if pg_available() else DATABASES[:1]
    with Progress() as progress:
        results = {
            database: bench(database, args.runs, args.port, args.max_delay, progress)
            for database in databases
        }
    (OUT / "crash.json").write_text(
        json.dumps({db: [asdict(r) for r in runs] for db, runs in results.items()}, indent=2)
    )
    when, host = datetime.now(UTC).strftime("%Y-%m-%d"), machine()
    update_section("crash", render(results, args.max_delay, when, host), args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

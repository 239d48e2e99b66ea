"""Backing a node up into one file and restoring it, on SQLite and PostgreSQL, while it serves.

The world: three agencies with keys, a user, reports, an evidence item, the trail's hand-checked
case (tests/trail/data/case.csv) and the audit entries all of that wrote. The restored node must
answer every agency's key as the original did.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from safemekong.cli.backup import hub_parts
from safemekong.cli.main import app
from safemekong.errors import Conflict, InvalidInput, StoreError
from safemekong.hub import Hub
from safemekong.policy import NODE_ADMIN
from safemekong.store.backup import create_backup, restore_backup
from safemekong.store.scratch import scratch_schema
from tests.conftest import PG_URL, Members, free_port, start_server
from tests.evidence.conftest import item
from tests.intel.test_ingest import report
from tests.sharing.support import full_report
from tests.trail.support import DATA

PHONE = "+66 81 234 5678"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def fresh_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """A second store of the same backend, holding nothing yet, to restore into."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored' / 'hub.db'}"
    else:
        with scratch_schema(PG_URL, "test") as url:
            yield url


def move_to(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Work in ``folder``: a PostgreSQL node keeps its ledger and evidence under the cwd."""
    folder.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(folder)


def release_ledger(hub: Hub) -> None:
    """Close the hub's trail ledger: DuckDB lets one owner at a time open the file."""
    if "trail" in hub.__dict__:
        hub.trail.ledger.close()
        del hub.trail


def build_world(m: Members) -> None:
    hub = m.hub
    th, cn = m.principal("TH-CCIB"), m.principal("CN-AFC")
    hub.add_user(NODE_ADMIN, "somchai", "TH-CCIB", "analyst", PASSWORD)
    assert not hub.file_reports(th, [full_report("TH-1", tlp="AMBER")]).rejected
    assert not hub.file_reports(cn, [report("CN-1", (PHONE, "caller"))]).rejected
    hub.lookup(th, PHONE)  # discloses CN's report to TH: an audit entry
    hub.evidence.add(th, item(b"screenshot of the fake platform's withdrawal page"))
    hub.trail.import_file(th, DATA / "case.csv", "csv")
    release_ledger(hub)


def observe(hub: Hub, keys: dict[str, str]) -> dict[str, Any]:
    """What each agency's key is answered: a lookup, its reports, its evidence; and a trace."""
    seen: dict[str, Any] = {}
    for code, key in keys.items():
        who = hub.authenticate(key)
        seen[code] = {
            "lookup": hub.lookup(who, PHONE),
            "reports": hub.list_reports(who),
            "evidence": hub.evidence.list_items(who),
        }
    seen["trace"] = hub.trail.trace(hub.authenticate(keys["TH-CCIB"]), ["tx:t1"]).to_json()
    seen["login"] = hub.login("somchai", PASSWORD).agency_code
    release_ledger(hub)
    return seen


def test_restored_node_answers_every_agency_as_the_original(
    members: Members,
    db_url: str,
    fresh_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    move_to(monkeypatch, tmp_path / "source")
    build_world(members)
    head = members.hub.verify_audit(NODE_ADMIN).head
    made = create_backup(hub_parts(db_url), tmp_path / "node.tar")
    expected = observe(members.hub, members.keys)
    assert expected["CN-AFC"]["evidence"] == []  # TH's item is AMBER
    assert len(expected["TH-CCIB"]["evidence"]) == 1
    assert expected["trace"]["endpoints"]

    move_to(monkeypatch, tmp_path / "restored")
    restored = restore_backup(tmp_path / "node.tar", hub_parts(fresh_url))
    assert restored["rows"]["reports"] == 2
    assert restored["trail"]["transfers"] == 6
    assert restored["evidence_files"] == made["evidence_files"] >= 2  # the file and the node key
    assert restored["replaced"] == [] and not restored["migrated"]
    hub = Hub.open(fresh_url)
    try:
        audit = hub.verify_audit(NODE_ADMIN)
        assert audit.ok and audit.head == head
        assert hub.evidence.audit() == []
        assert observe(hub, members.keys) == expected
        th = hub.authenticate(members.keys["TH-CCIB"])
        new = hub.file_reports(th, [report("TH-2", ("+66 89 999 0000", "caller"))]).accepted[0]
        assert new["id"] > max(r["id"] for r in expected["TH-CCIB"]["reports"])  # sequences too
    finally:
        hub.close()
    th = members.hub.authenticate(members.keys["TH-CCIB"])
    assert len(members.hub.list_reports(th)) == 2  # the original store is untouched


def test_restoring_over_a_store_with_data_needs_force(
    members: Members, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    move_to(monkeypatch, tmp_path / "node")
    th = members.principal("TH-CCIB")
    members.hub.file_reports(th, [report("TH-1", (PHONE, "caller"))])
    create_backup(hub_parts(db_url), tmp_path / "node.tar")
    members.hub.file_reports(th, [report("TH-2", ("+66 89 999 0000", "caller"))])

    with pytest.raises(Conflict, match=r"already holds data \(.* rows in .* tables"):
        restore_backup(tmp_path / "node.tar", hub_parts(db_url))
    assert {r["external_id"] for r in members.hub.list_reports(th)} == {"TH-1", "TH-2"}

    members.hub.close()
    restored = restore_backup(tmp_path / "node.tar", hub_parts(db_url), force=True)
    assert restored["replaced"]
    hub = Hub.open(db_url)
    try:
        assert [
            r["external_id"] for r in hub.list_reports(hub.authenticate(members.keys["TH-CCIB"]))
        ] == ["TH-1"]
        assert hub.verify_audit(NODE_ADMIN).ok
    finally:
        hub.close()


def test_a_changed_byte_is_refused_naming_the_member(
    sqlite_members: Members, sqlite_url: str, tmp_path: Path
) -> None:
    build_world(sqlite_members)
    archive = tmp_path / "node.tar"
    create_backup(hub_parts(sqlite_url), archive)
    with tarfile.open(archive) as tar:
        blob = next(m for m in tar.getmembers() if m.name.startswith("evidence/blobs/"))
    with archive.open("r+b") as handle:
        handle.seek(blob.offset_data + 3)
        byte = handle.read(1)
        handle.seek(blob.offset_data + 3)
        handle.write(bytes([byte[0] ^ 0x01]))

    target = tmp_path / "restored" / "hub.db"
    with pytest.raises(InvalidInput, match=f"member {blob.name} is damaged"):
        restore_backup(archive, hub_parts(f"sqlite:///{target}"))
    assert not target.exists()
    assert not (target.parent / "evidence").exists()


def cli(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m safemekong`` as an administrator would, the store named in the env."""
    env = {**os.environ, "SAFEMEKONG_DB": db}
    command = [sys.executable, "-m", "safemekong", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def test_cli_backup_while_the_server_files_reports_then_restore(
    sqlite_members: Members, sqlite_url: str, tmp_path: Path
) -> None:
    """A real `safemekong serve` files reports without pause while `safemekong backup` runs."""
    port = free_port()
    server = start_server(sqlite_url, port)
    build_world(sqlite_members)
    sqlite_members.hub.close()
    stop, filed, started = threading.Event(), [0], threading.Event()

    def file_reports() -> None:
        headers = {"Authorization": f"Bearer {sqlite_members.keys['TH-CCIB']}"}
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers) as client:
            while not stop.is_set():
                n = filed[0]
                body = [report(f"LIVE-{n}", (f"+66 81 234 {n:04d}", "caller"))]
                assert client.post("/api/v1/reports", json=body, timeout=30).status_code == 200
                filed[0] += 1
                if n == 3:
                    started.set()
                time.sleep(0.02)  # a steady stream, leaving the shared CPUs to the backup

    archive = tmp_path / "node.tar"
    writer = threading.Thread(target=file_reports, daemon=True)
    writer.start()
    try:
        assert started.wait(30)
        before = filed[0]
        made = cli("backup", str(archive), "--json", db=sqlite_url)
        during = filed[0]
        while filed[0] < during + 3 and writer.is_alive():  # the hub kept serving
            time.sleep(0.01)
    finally:
        stop.set()
        writer.join(30)
        server.kill()
        server.wait()
    assert made.returncode == 0, made.stderr
    assert filed[0] >= during + 3, "the server stopped answering"
    summary = json.loads(made.stdout)
    live = summary["rows"]["reports"] - 2  # TH-1 and CN-1 came first
    assert before <= live <= during + 1  # the report in flight may be in

    target = f"sqlite:///{tmp_path / 'restored' / 'hub.db'}"
    back = cli("restore", str(archive), "--db", target, db=sqlite_url)
    assert back.returncode == 0, back.stderr
    assert "checked: migrations current, audit chain intact" in back.stdout
    hub = Hub.open(target)
    try:
        th = hub.authenticate(sqlite_members.keys["TH-CCIB"])
        assert sorted(r["external_id"] for r in hub.list_reports(th, limit=1000)) == sorted(
            ["CN-1", "TH-1", *(f"LIVE-{n}" for n in range(live))]
        )
        assert hub.trail.trace(th, ["tx:t1"]).to_json()["endpoints"]
        assert len(hub.evidence.list_items(th)) == 1
        release_ledger(hub)
    finally:
        hub.close()

    again = CliRunner().invoke(app, ["restore", str(archive), "--db", target])
    assert again.exit_code == 1
    assert "already holds data" in again.output and "--force" in again.output


def test_backup_refuses_another_backend_and_names_a_missing_tool(
    sqlite_members: Members,
    sqlite_url: str,
    pg_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    archive = tmp_path / "node.tar"
    assert create_backup(hub_parts(sqlite_url), archive)["backend"] == "sqlite"
    with pytest.raises(InvalidInput, match="holds a sqlite store but --db names a postgresql"):
        restore_backup(archive, hub_parts(pg_url))

    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(StoreError, match="pg_dump was not found on PATH"):
        create_backup(hub_parts(pg_url), tmp_path / "pg.tar")

"""Federation between real nodes on 127.0.0.1, each with its own database.

Node TH hosts the Thai agency TH-CCIB, node CN the Chinese CN-AFC, node PH the Philippine
PH-CICC; every node knows every agency and the sharing groups CN-TH and MEKONG. Each link is
a key one node issued to the other's agency.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlalchemy import select
from typer.testing import CliRunner

from safemekong.api import create_app
from safemekong.cli.main import app
from safemekong.hub import Hub
from safemekong.intel.warninglist import WarningList
from safemekong.policy import NODE_ADMIN
from safemekong.policy.principals import Principal
from safemekong.sharing import federation
from safemekong.sharing.extensions import derived_id
from safemekong.sharing.federation import Federation
from safemekong.store import open_store, schema
from tests.conftest import AGENCIES, free_port, start_server
from tests.sharing.support import full_report

HOME = {"TH": "TH-CCIB", "CN": "CN-AFC", "PH": "PH-CICC"}


@dataclass
class Node:
    """A hub with its own database, served by a real uvicorn server."""

    name: str
    hub: Hub
    url: str = ""
    keys: dict[str, str] = field(default_factory=dict)
    server: uvicorn.Server | None = None
    thread: threading.Thread | None = None

    def principal(self, code: str) -> Principal:
        return self.hub.authenticate(self.keys[code])

    def file(self, code: str, *items: dict[str, Any]) -> None:
        result = self.hub.file_reports(self.principal(code), list(items))
        assert not result.rejected, result.rejected

    def seen_by(self, code: str) -> set[str]:
        """External ids of the reports agency ``code`` can read on this node."""
        return {r["external_id"] for r in self.hub.list_reports(self.principal(code), limit=500)}

    def link(self, other: Node, agencies: list[str] | None = None) -> None:
        """Peer ``other`` with the key ``other`` issued to this node's home agency."""
        key = other.keys[HOME[self.name]]
        pushes = [HOME[other.name]] if agencies is None else agencies
        Federation(self.hub).add_peer(NODE_ADMIN, other.name.lower(), other.url, key, pushes)

    def sync(self, peer: str | None = None) -> list[federation.SyncResult]:
        results = Federation(self.hub).sync(peer)
        for result in results:
            assert result.error is None, result.error
        return results


def _prepare(hub: Hub) -> dict[str, str]:
    keys = {}
    for code, country, name in AGENCIES:
        hub.add_agency(NODE_ADMIN, code, country, name)
        keys[code] = hub.create_key(NODE_ADMIN, code, "analyst")["key"]
    hub.create_group(NODE_ADMIN, "CN-TH", ["CN-AFC", "TH-CCIB"])
    hub.create_group(NODE_ADMIN, "MEKONG", ["CN-AFC", "TH-CCIB", "PH-CICC"])
    return keys


def _serve(node: Node) -> None:
    port = free_port()
    config = uvicorn.Config(
        create_app(node.hub, background=False), host="127.0.0.1", port=port, log_level="warning"
    )
    node.server = uvicorn.Server(config)
    node.thread = threading.Thread(target=node.server.run, daemon=True)
    node.thread.start()
    deadline = time.monotonic() + 10
    while not node.server.started:
        assert time.monotonic() < deadline, "node did not start"
        time.sleep(0.02)
    node.url = f"http://127.0.0.1:{port}"


@pytest.fixture
def nodes(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[dict[str, Node]]:
    """Three nodes; CN's database is PostgreSQL when one is reachable."""
    urls = {name: f"sqlite:///{tmp_path / f'{name}.db'}" for name in HOME}
    if "postgres" in request.keywords:
        urls["CN"] = str(request.getfixturevalue("pg_url"))
    found = {}
    for name, url in urls.items():
        hub = Hub(open_store(url), WarningList.default())
        found[name] = Node(name, hub, keys=_prepare(hub))
        _serve(found[name])
    yield found
    for node in found.values():
        assert node.server is not None and node.thread is not None
        node.server.should_exit = True
        node.thread.join(timeout=10)
        node.hub.close()


def _shared(external_id: str, **fields: Any) -> dict[str, Any]:
    """A report naming every identifier type, valid whichever country files it."""
    body = full_report(external_id, **fields)
    body["identifiers"][0]["value"] = "+66 81 234 5678"
    return body


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("pg", marks=pytest.mark.postgres)])
def test_a_bilateral_share_reaches_the_partner_node_with_its_markings(
    nodes: dict[str, Node], backend: str
) -> None:
    th, cn = nodes["TH"], nodes["CN"]
    th.link(cn)
    th.file(
        "TH-CCIB",
        _shared(
            "TH-1",
            tlp="AMBER",
            sharing_groups=["CN-TH"],
            purpose="investigation of a pig-butchering ring",
            legal_basis="CN-TH MoU on telecom fraud 2024",
        ),
        _shared("TH-RED", tlp="RED", recipients=["PH-CICC"]),
        _shared("TH-OWN", tlp="AMBER+STRICT"),
    )
    [result] = th.sync()
    assert result.pushed_reports == 1 and not result.push_refused
    assert cn.seen_by("CN-AFC") == {"TH-1"}
    assert cn.seen_by("PH-CICC") == set()  # AMBER for CN-TH stays in CN-TH on the receiver
    there = cn.hub.list_reports(cn.principal("CN-AFC"), limit=5)[0]
    here = th.hub.list_reports(th.principal("TH-CCIB"), limit=5)
    original = next(r for r in here if r["external_id"] == "TH-1")
    for name in ("tlp", "sharing_groups", "purpose", "legal_basis", "retain_until", "agency"):
        assert there[name] == original[name], name
    # The RED report for PH and the TH-only report never left node TH.
    assert "TH-RED" not in cn.seen_by("TH-CCIB") and "TH-OWN" not in cn.seen_by("TH-CCIB")


def test_pull_brings_what_the_partner_shares_and_nothing_it_does_not(
    nodes: dict[str, Node],
) -> None:
    th, cn = nodes["TH"], nodes["CN"]
    cn.file(
        "CN-AFC",
        _shared("CN-GROUP", tlp="AMBER", sharing_groups=["CN-TH"]),
        _shared("CN-GREEN", tlp="GREEN"),
        _shared("CN-RED-TH", tlp="RED", recipients=["TH-CCIB"]),
        _shared("CN-RED-PH", tlp="RED", recipients=["PH-CICC"]),
        _shared("CN-HOME", tlp="AMBER"),
    )
    th.link(cn, agencies=[])  # pull only
    [result] = th.sync()
    assert result.created == 3 and result.pushed_reports == 0
    assert th.seen_by("TH-CCIB") == {"CN-GROUP", "CN-GREEN", "CN-RED-TH"}
    # On node TH the sender's markings still rule: PH sees only the community (GREEN) one.
    assert th.seen_by("PH-CICC") == {"CN-GREEN"}


def test_sync_is_incremental_and_idempotent(nodes: dict[str, Node]) -> None:
    th, cn = nodes["TH"], nodes["CN"]
    th.link(cn, agencies=[])
    cn.file("CN-AFC", *(_shared(f"CN-{i}", tlp="GREEN") for i in range(5)))
    [first] = th.sync()
    assert first.created == 5
    [again] = th.sync()
    assert again.pulled_objects == 0 and again.created == 0
    cn.file("CN-AFC", _shared("CN-NEW", tlp="GREEN"))
    [later] = th.sync()
    assert later.created == 1 and later.unchanged == 0
    assert len(th.seen_by("TH-CCIB")) == 6
    # Forgetting the cursor refiles nothing twice.
    with th.hub.store.write() as conn:
        conn.execute(federation.federation_schema.peers.update().values(pull_after=None))
    [replay] = th.sync()
    assert replay.created == 0 and replay.unchanged == 6


def test_three_nodes_relay_only_what_each_hop_may_see(nodes: dict[str, Node]) -> None:
    th, cn, ph = nodes["TH"], nodes["CN"], nodes["PH"]
    th.link(cn)  # TH pushes to CN
    ph.link(cn, agencies=[])  # PH pulls from CN
    th.file(
        "TH-CCIB",
        _shared("TH-MEKONG", tlp="AMBER", sharing_groups=["MEKONG"]),
        _shared("TH-CN", tlp="AMBER", sharing_groups=["CN-TH"]),
    )
    th.sync()
    ph.sync()
    assert ph.seen_by("PH-CICC") == {"TH-MEKONG"}
    # What PH received keeps its author: TH-CCIB, not the relaying node's agency.
    [report] = ph.hub.list_reports(ph.principal("PH-CICC"), limit=5)
    assert report["agency"] == "TH-CCIB"


def test_a_receiver_refuses_reports_its_key_may_not_file(nodes: dict[str, Node]) -> None:
    th, cn = nodes["TH"], nodes["CN"]
    # A peer entry holding CN-AFC's key on CN: node TH would push as CN-AFC, which it is not.
    key = cn.keys["CN-AFC"]
    Federation(th.hub).add_peer(NODE_ADMIN, "cn", cn.url, key, ["CN-AFC"])
    th.file("TH-CCIB", _shared("TH-1", tlp="GREEN"))
    [result] = th.sync()
    assert result.pushed_reports == 0  # only CN-AFC's own reports go over this key: none here
    assert cn.seen_by("CN-AFC") == set()


def test_a_peer_may_not_file_reports_of_an_agency_working_here(nodes: dict[str, Node]) -> None:
    th, cn = nodes["TH"], nodes["CN"]
    cn.hub.add_user(NODE_ADMIN, "maria", "PH-CICC", "analyst", "a long passphrase 42")
    # Node TH holds a report in PH-CICC's name (its administrator filed it): node CN, where
    # PH-CICC's people work, refuses it from the peer.
    th.hub.file_reports(NODE_ADMIN, [{**_shared("PH-1", tlp="GREEN"), "agency": "PH-CICC"}])
    th.file("TH-CCIB", _shared("TH-1", tlp="GREEN"))
    cn.link(th, agencies=[])
    [result] = cn.sync()
    assert [r["source"] for r in result.refused] == [derived_id("report", "PH-CICC/PH-1")]
    assert cn.seen_by("CN-AFC") == {"TH-1"}


def test_own_reports_do_not_come_back(nodes: dict[str, Node]) -> None:
    th, cn = nodes["TH"], nodes["CN"]
    th.link(cn)
    cn.link(th)
    th.file("TH-CCIB", _shared("TH-1", tlp="AMBER", sharing_groups=["CN-TH"]))
    th.sync()  # pushed to CN as TH-CCIB's
    [back] = th.sync()  # TH pulls CN's "shared" collection: TH-CCIB's own are not in it
    assert back.pulled_objects == 0
    [pulled] = cn.sync()  # CN pulls TH's shared collection: the report, already there
    assert pulled.created == 0 and pulled.unchanged == 1


def test_peer_administration_and_bad_input(nodes: dict[str, Node]) -> None:
    th, cn = nodes["TH"], nodes["CN"]
    fed = Federation(th.hub)
    with pytest.raises(Exception, match="url"):
        fed.add_peer(NODE_ADMIN, "x", "ftp://nowhere", "k", [])
    fed.add_peer(NODE_ADMIN, "cn", cn.url, "wrong-key", [])
    [result] = fed.sync()
    assert result.error is not None and "401" in result.error
    assert fed.list_peers(NODE_ADMIN)[0]["last_error"] == result.error
    assert "wrong-key" not in str(fed.list_peers(NODE_ADMIN))
    with pytest.raises(Exception, match="node administrator"):
        fed.list_peers(th.principal("TH-CCIB"))
    fed.remove_peer(NODE_ADMIN, "cn")
    assert fed.list_peers(NODE_ADMIN) == []


# -- a node killed mid-sync ---------------------------------------------------------------------


def _distinct(number: int) -> dict[str, Any]:
    """A GREEN report with identifiers of its own (so pages hold few reports)."""
    body = _shared(f"CN-{number}", tlp="GREEN")
    body["identifiers"] = [
        {"value": f"+66 81 234 {number:04d}", "type": "phone", "role": "caller"},
        {"value": f"https://shop-{number}.example.com/pay", "type": "url", "role": "website"},
        {"value": f"line:seller.{number}", "type": "handle", "role": "chat-contact"},
    ]
    return body


def _external_ids(hub: Hub) -> list[str]:
    """Every report's external id in the node's store (duplicates would show twice)."""
    with hub.store.read() as conn:
        return list(conn.execute(select(schema.reports.c.external_id)).scalars())


def _cli(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "safemekong", *args, "--db", db],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_sync_resumes_after_the_sending_node_is_killed_mid_sync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Node CN (its own process) is SIGKILLed while node TH pulls from it page by page."""
    cn_db = f"sqlite:///{tmp_path / 'cn.db'}"
    cn_hub = Hub(open_store(cn_db), WarningList.default())
    cn_keys = _prepare(cn_hub)
    total = 120
    for start in range(0, total, 40):
        items = [_shared(f"CN-{i}", tlp="GREEN") for i in range(start, start + 40)]
        assert not cn_hub.file_reports(cn_hub.authenticate(cn_keys["CN-AFC"]), items).rejected
    cn_hub.close()
    th_hub = Hub(open_store(f"sqlite:///{tmp_path / 'th.db'}"), WarningList.default())
    _prepare(th_hub)
    port = free_port()
    cn_url = f"http://127.0.0.1:{port}"
    Federation(th_hub).add_peer(NODE_ADMIN, "cn", cn_url, cn_keys["TH-CCIB"], [])
    monkeypatch.setattr(federation, "PULL_PAGE", 40)  # objects per page: many pages

    server = start_server(cn_db, port)
    pages = 0

    def kill_after_three_pages(_: str, __: int) -> None:
        nonlocal pages
        pages += 1
        if pages == 3:
            server.send_signal(signal.SIGKILL)
            server.wait()

    try:
        [stopped] = Federation(th_hub).sync(progress=kill_after_three_pages)
        assert stopped.error is not None  # the peer vanished mid-sync
        partial = stopped.created
        assert 0 < partial < total
        peer = Federation(th_hub).list_peers(NODE_ADMIN)[0]
        assert peer["last_error"] == stopped.error
        server = start_server(cn_db, port)
        [resumed] = Federation(th_hub).sync()
        assert resumed.error is None
        assert resumed.created == total - partial  # resumed where it stopped, nothing twice
        assert sorted(_external_ids(th_hub)) == sorted(f"CN-{i}" for i in range(total))
    finally:
        server.kill()
        server.wait()
        th_hub.close()


def test_the_receiving_node_killed_mid_sync_resumes_with_the_cli(tmp_path: Path) -> None:
    """`safemekong sync` is SIGKILLed partway through; the next one completes the pull."""
    cn_db = f"sqlite:///{tmp_path / 'cn.db'}"
    th_db = f"sqlite:///{tmp_path / 'th.db'}"
    cn_hub = Hub(open_store(cn_db), WarningList.default())
    cn_keys = _prepare(cn_hub)
    total = 600
    for start in range(0, total, 200):
        items = [_distinct(i) for i in range(start, start + 200)]
        assert not cn_hub.file_reports(cn_hub.authenticate(cn_keys["CN-AFC"]), items).rejected
    cn_hub.close()
    th_hub = Hub(open_store(th_db), WarningList.default())
    _prepare(th_hub)
    th_hub.close()
    port = free_port()
    server = start_server(cn_db, port)
    try:
        added = _cli(
            th_db, "peer", "add", "cn", f"http://127.0.0.1:{port}", "--api-key", cn_keys["TH-CCIB"]
        )
        assert added.returncode == 0, added.stderr
        env = {**os.environ, "COLUMNS": "200"}
        sync = subprocess.Popen(
            [sys.executable, "-m", "safemekong", "sync", "--db", th_db],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        th_hub = Hub(open_store(th_db), WarningList.default())
        deadline = time.monotonic() + 120
        while not _external_ids(th_hub) and time.monotonic() < deadline:
            time.sleep(0.05)  # wait for the first page to be filed, then kill
        sync.send_signal(signal.SIGKILL)
        sync.wait()
        assert 0 < len(_external_ids(th_hub)) < total  # killed midway
        th_hub.close()
        finished = _cli(th_db, "sync", "--json")
        assert finished.returncode == 0, finished.stderr
        th_hub = Hub(open_store(th_db), WarningList.default())
        assert sorted(_external_ids(th_hub)) == sorted(f"CN-{i}" for i in range(total))
        th_hub.close()
    finally:
        server.kill()
        server.wait()


def test_peer_add_asks_for_the_key_instead_of_taking_it_on_the_command_line(
    tmp_path: Path,
) -> None:
    db = f"sqlite:///{tmp_path / 'th.db'}"
    runner = CliRunner()
    added = runner.invoke(
        app, ["peer", "add", "cn", "https://hub.cn.example", "--db", db], input="s3cret-key\n"
    )
    assert added.exit_code == 0, added.output
    assert "s3cret-key" not in added.output
    hub = Hub(open_store(db), WarningList.default())
    try:
        with hub.store.read() as conn:
            assert federation.get_peer(conn, "cn").api_key == "s3cret-key"
    finally:
        hub.close()

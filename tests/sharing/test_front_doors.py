"""The sharing API over a real server on 127.0.0.1, and the CLI on a local store and remotely."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from typer.testing import CliRunner

from safemekong.cli.main import app
from tests.conftest import Members
from tests.intel.test_ingest import WALLET, report
from tests.sharing.support import full_report
from tests.sharing.test_misp import misp_event

Server = tuple[str, Members]
runner = CliRunner()


def client(server: Server, agency: str) -> httpx.Client:
    url, members = server
    return httpx.Client(
        base_url=url, headers={"Authorization": f"Bearer {members.keys[agency]}"}, timeout=60
    )


def _file(server: Server, agency: str, item: dict[str, object]) -> dict[str, object]:
    with client(server, agency) as http:
        response = http.post("/api/v1/reports", json=item)
    assert response.status_code == 200, response.text
    accepted: dict[str, object] = response.json()["accepted"][0]
    return accepted


def test_report_and_operation_export_as_stix_media_type(live_server: Server) -> None:
    accepted = _file(live_server, "TH-CCIB", full_report("TH-1", tlp="AMBER"))
    with client(live_server, "TH-CCIB") as http:
        one = http.get(f"/api/v1/reports/{accepted['id']}/stix")
        whole = http.get(f"/api/v1/operations/{accepted['operation_id']}/stix")
        event = http.get(f"/api/v1/operations/{accepted['operation_id']}/misp")
    assert one.status_code == whole.status_code == event.status_code == 200
    assert one.headers["content-type"] == "application/stix+json;version=2.1"
    assert one.json()["type"] == "bundle"
    assert any(o["type"] == "campaign" for o in whole.json()["objects"])
    assert event.json()["Event"]["Tag"][0]["name"] == "tlp:amber"


def test_exports_of_what_the_caller_may_not_see_are_404(live_server: Server) -> None:
    accepted = _file(live_server, "TH-CCIB", report("TH-1", (WALLET, "wallet"), tlp="AMBER"))
    with client(live_server, "CN-AFC") as http:
        for path in (
            f"/api/v1/reports/{accepted['id']}/stix",
            f"/api/v1/operations/{accepted['operation_id']}/stix",
            f"/api/v1/operations/{accepted['operation_id']}/misp",
        ):
            response = http.get(path)
            assert response.status_code == 404, path
            assert response.headers["content-type"] == "application/problem+json"


def test_import_of_a_bundle_and_of_misp_events_over_http(live_server: Server) -> None:
    accepted = _file(live_server, "TH-CCIB", full_report("TH-1"))
    with client(live_server, "TH-CCIB") as http:
        bundle = http.get(f"/api/v1/reports/{accepted['id']}/stix").json()
        again = http.post("/api/v1/import/stix", content=json.dumps(bundle))
        misp = http.post("/api/v1/import/misp", json=misp_event())
        broken = http.post("/api/v1/import/stix", content=b'{"type": "indicator"}')
    assert again.status_code == 200 and again.json()["unchanged"] == 1
    assert misp.status_code == 200 and misp.json()["created"] == 1
    assert broken.status_code == 422
    assert broken.json()["errors"][0]["field"] == "bundle"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_exports_validates_and_imports_into_another_store(tmp_path: Path) -> None:
    source, target = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    for db in (source, target):
        code, _, err = run(
            "agency", "add", "TH-CCIB", "--country", "TH", "--name", "CCIB", "--db", db
        )
        assert code == 0, err
    reports = tmp_path / "report.json"
    reports.write_text(json.dumps(full_report("TH-1", agency="TH-CCIB")))
    assert run("report", "add", str(reports), "--db", source)[0] == 0

    bundle, event = tmp_path / "op.json", tmp_path / "op.misp.json"
    code, _, err = run(
        "export", "stix", "--operation", "1", "-o", str(bundle), "--validate", "--db", source
    )
    assert code == 0, err
    assert "valid STIX 2.1" in err
    code, _, err = run("export", "misp", "--operation", "1", "-o", str(event), "--db", source)
    assert code == 0, err

    code, out, err = run("import", "stix", str(bundle), "--json", "--db", target)
    assert code == 0, err
    assert json.loads(out)["created"] == 1
    code, out, err = run("import", "misp", str(event), "--agency", "TH-CCIB", "--db", target)
    assert code == 0, err
    assert out.startswith("created 1,")


def test_cli_import_of_a_file_with_nothing_to_file_exits_2(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.db'}"
    empty = tmp_path / "empty.json"
    empty.write_text(
        json.dumps(
            {"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": []}
        )
    )
    assert run("import", "stix", str(empty), "--db", db)[0] == 2
    code, _, err = run("import", "stix", str(tmp_path / "missing.json"), "--db", db)
    assert code == 2 and "does not exist" in err
    code, _, err = run("export", "stix", "--db", db)
    assert code == 2 and "--operation" in err


def test_cli_acts_on_a_remote_hub_with_an_api_key(live_server: Server, tmp_path: Path) -> None:
    url, members = live_server
    accepted = _file(live_server, "TH-CCIB", full_report("TH-1"))
    key = members.keys["TH-CCIB"]
    bundle = tmp_path / "remote.json"
    code, _, err = run(
        "export",
        "stix",
        "--report",
        str(accepted["id"]),
        "-o",
        str(bundle),
        "--url",
        url,
        "--api-key",
        key,
    )
    assert code == 0, err
    code, out, err = run("import", "stix", str(bundle), "--json", "--url", url, "--api-key", key)
    assert code == 0, err
    assert json.loads(out)["unchanged"] == 1

"""The screening CLI on a local store and the HTTP API on a real server."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import httpx
import pytest

from tests.cli.test_cli import run
from tests.conftest import Members

LIST = (
    "id,name,aliases,birth_date,nationality,gender,document_numbers,notes\n"
    "s-1,WEI Zhao,趙偉;SAECHOU Thanchai,1952-09-16,CN,male,MA0269785,TCO\n"
    ",nameless,,,,,,\n"
    "s-2,Hun To,ហ៊ុន តូ,1983,KH,male,,\n"
)


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    path = tmp_path / "list.csv"
    path.write_text(LIST)
    code, out, err = run(
        "watchlist", "import", str(path), "--format", "csv", "--list", "tco", "--db", url
    )
    assert code == 0, err
    assert "2 entries imported, 1 rejected" in out
    assert "line 3: id: is required" in err
    return url


def test_screen_json_has_the_promised_fields(db: str) -> None:
    code, out, err = run("screen", "ธัญชัย แซ่โจว", "--json", "--db", db)
    assert code == 0, err
    data = json.loads(out)
    assert data["query"]["name"] == "ธัญชัย แซ่โจว"
    match = data["matches"][0]
    assert set(match) >= {"entity_id", "name", "score", "list", "kind", "explanation"}
    assert (match["entity_id"], match["list"], match["kind"]) == ("s-1", "tco", "subject")
    assert match["explanation"]["name"]["query_via"] == "thai-rtgs"


def test_screen_table_and_options(db: str) -> None:
    code, out, _ = run(
        "screen", "ហ៊ុន តូ", "--dob", "1983", "--nationality", "KH", "--list", "tco", "--db", db
    )
    assert code == 0 and "Hun To" in out
    code, out, _ = run("screen", "Nobody Here", "--db", db)
    assert code == 0 and "no match" in out


def test_screen_with_a_bad_date_exits_2_naming_the_option(db: str) -> None:
    code, _, err = run("screen", "Zhao Wei", "--dob", "someday", "--db", db)
    assert code == 2 and "dob" in err


def test_manifest_writes_one_result_row_per_traveller(db: str, tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("name,dob,nationality\n赵伟,1952,CN\nJane Roe,1990,PH\n")
    out_file = tmp_path / "results.csv"
    code, out, err = run("screen", "--manifest", str(manifest), "--out", str(out_file), "--db", db)
    assert code == 0, err
    assert "hit 1" in out
    rows = list(csv.DictReader(out_file.open()))
    assert [(r["name"], r["status"]) for r in rows] == [("赵伟", "hit"), ("Jane Roe", "clear")]


def test_manifest_needs_out(db: str, tmp_path: Path) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text("name\nX\n")
    code, _, err = run("screen", "--manifest", str(manifest), "--db", db)
    assert code == 2 and "--out" in err


def test_watchlist_list_shows_counts(db: str) -> None:
    code, out, _ = run("watchlist", "list", "--json", "--db", db)
    assert code == 0
    assert [(x["name"], x["entries"]) for x in json.loads(out)] == [("tco", 2)]


Server = tuple[str, Members]


def _client(server: Server, agency: str) -> httpx.Client:
    url, members = server
    return httpx.Client(
        base_url=url, headers={"Authorization": f"Bearer {members.keys[agency]}"}, timeout=60
    )


def test_api_screen_and_batch(live_server: Server, tmp_path: Path) -> None:
    _, members = live_server
    path = tmp_path / "list.csv"
    path.write_text(LIST)
    members.hub.screening.import_file(members.principal("TH-CCIB"), path, "csv", "tco", tlp="AMBER")
    with _client(live_server, "TH-CCIB") as th, _client(live_server, "CN-AFC") as cn:
        response = th.post(
            "/api/v1/screen", json={"name": "趙偉", "dob": "1952", "nationality": "CN"}
        )
        assert response.status_code == 200, response.text
        assert response.json()["matches"][0]["entity_id"] == "s-1"
        # AMBER: another agency does not see the entry.
        assert cn.post("/api/v1/screen", json={"name": "趙偉"}).json()["matches"] == []
        batch = th.post(
            "/api/v1/screen/batch",
            json={"items": [{"name": "Zhao Wei"}, {"name": "Someone Else"}], "threshold": 0.9},
        )
        assert batch.status_code == 200
        assert [len(r["matches"]) for r in batch.json()] == [1, 0]
        bad = th.post("/api/v1/screen", json={"name": "Zhao Wei", "dob": "soon"})
        assert bad.status_code == 422
        assert bad.json()["errors"][0]["field"] == "dob"
        assert [w["name"] for w in th.get("/api/v1/watchlists").json()] == ["tco"]
        assert cn.get("/api/v1/watchlists").json() == []

"""The evidence API over real HTTP: upload, read (recorded), download, export, access rules."""

from __future__ import annotations

import hashlib
from pathlib import Path

import httpx

from safemekong.evidence.verify import VerifierKey, verify_package
from tests.conftest import Members

PARAMS = {
    "case": "TH-2026-0042",
    "exhibit": "E1",
    "acquired_by": "Pol. Lt. Somchai",
    "legal_basis": "Criminal Procedure Code s. 132",
    "acquisition_tool": "ADB screencap",
    "original_name": "withdrawal.png",
}


def _client(base: str, members: Members, code: str) -> httpx.Client:
    return httpx.Client(
        base_url=base, headers={"Authorization": f"Bearer {members.keys[code]}"}, timeout=30
    )


def test_upload_read_download_and_export_over_http(
    live_server: tuple[str, Members], tmp_path: Path
) -> None:
    base, members = live_server
    content = b"\x89PNG fake screenshot" * 1000
    with _client(base, members, "TH-CCIB") as th:
        created = th.post(
            "/api/v1/evidence/items",
            params=PARAMS,
            content=content,
            headers={"Content-Type": "image/png"},
        )
        assert created.status_code == 201, created.text
        item = created.json()
        assert item["sha256"] == hashlib.sha256(content).hexdigest()
        assert item["media_type"] == "image/png"
        shown = th.get(f"/api/v1/evidence/items/{item['id']}", params={"purpose": "review"})
        assert shown.json()["custody"][-1]["action"] == "viewed"
        last = shown.json()["custody"][-1]
        assert (last["agency"], last["actor"]) == ("TH-CCIB", members.principal("TH-CCIB").name)
        download = th.get(f"/api/v1/evidence/items/{item['id']}/content")
        assert download.content == content
        assert download.headers["digest"] == f"sha-256={item['sha256']}"
        actions = [
            e["action"] for e in th.get(f"/api/v1/evidence/items/{item['id']}/custody").json()
        ]
        assert actions == ["acquired", "registered", "viewed", "copied"]
        package = th.post(
            "/api/v1/evidence/exports", json={"targets": ["TH-2026-0042"], "purpose": "court"}
        )
        assert package.status_code == 200, package.text
        key = VerifierKey.parse(th.get("/api/v1/evidence/key").text)
    path = tmp_path / "pkg.zip"
    path.write_bytes(package.content)
    report = verify_package(path, [key])
    assert report.ok, report.failures


def test_other_agencies_get_404_problems_and_bad_uploads_name_the_field(
    live_server: tuple[str, Members],
) -> None:
    base, members = live_server
    with _client(base, members, "TH-CCIB") as th, _client(base, members, "CN-AFC") as cn:
        item = th.post("/api/v1/evidence/items", params=PARAMS, content=b"x").json()
        hidden = cn.get(f"/api/v1/evidence/items/{item['id']}")
        assert hidden.status_code == 404
        assert hidden.headers["content-type"].startswith("application/problem+json")
        assert cn.get(f"/api/v1/evidence/items/{item['id']}/content").status_code == 404
        bad = th.post(
            "/api/v1/evidence/items", params={**PARAMS, "acquired_at": "soon"}, content=b"y"
        )
        assert bad.status_code == 422
        assert bad.json()["errors"][0]["field"] == "acquired_at"
        moved = th.post(
            f"/api/v1/evidence/items/{item['id']}/custody",
            json={"action": "transferred", "to": "CN-AFC", "purpose": "MLA"},
        )
        assert moved.status_code == 201
        assert cn.get(f"/api/v1/evidence/items/{item['id']}").status_code == 200
        assert httpx.get(f"{base}/api/v1/evidence/items").status_code == 401


def test_consistency_and_requests_over_http(live_server: tuple[str, Members]) -> None:
    base, members = live_server
    with _client(base, members, "TH-CCIB") as th:
        th.post("/api/v1/evidence/items", params=PARAMS, content=b"x")
        bundle = th.get("/api/v1/evidence/consistency", params={"from": 1})
        assert bundle.text.startswith("safemekong.org/consistency-proof@v1\nold 1\n")
        request = {
            "case": "TH-2026-0042",
            "requesting_authority": "Office of the Attorney General, Thailand",
            "offence": "public fraud",
            "facts": "investment app scam run from Cambodia",
            "data_sought": "subscriber data of +855 12 345 678",
            "link_to_offence": "the number contacted victims",
            "custodian": "Cellcard",
            "necessity": "records are deleted after 90 days",
            "intended_assistance": "MLA request to Cambodia",
        }
        created = th.post("/api/v1/evidence/requests", json=request)
        assert created.status_code == 201, created.text
        assert created.json()["status"] == "open"
        listed = th.get("/api/v1/evidence/requests", params={"due_within": 61}).json()
        assert [r["id"] for r in listed] == [created.json()["id"]]
        missing = th.post("/api/v1/evidence/requests", json={**request, "necessity": ""})
        assert missing.status_code == 422
        assert missing.json()["errors"][0]["field"] == "necessity"

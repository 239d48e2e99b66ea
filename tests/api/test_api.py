"""The HTTP API over a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

import httpx
import pytest

from safemekong.policy import NODE_ADMIN
from tests.conftest import Members
from tests.intel.test_ingest import WALLET, report

Server = tuple[str, Members]


def client(server: Server, agency: str | None = "TH-CCIB") -> httpx.Client:
    url, members = server
    headers = {"Authorization": f"Bearer {members.keys[agency]}"} if agency else {}
    return httpx.Client(base_url=url, headers=headers, timeout=30)


def test_every_call_needs_an_api_key(live_server: Server) -> None:
    with client(live_server, None) as anonymous:
        response = anonymous.get("/api/v1/lookup", params={"value": "+66812345678"})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "urn:safemekong:problem:not-authenticated"
    with httpx.Client(base_url=live_server[0], headers={"Authorization": "Bearer smk_x_y"}) as bad:
        assert bad.get("/api/v1/alerts").status_code == 401


def test_post_batch_then_lookup_answers_with_identifier_sightings_and_operation(
    live_server: Server,
) -> None:
    with client(live_server, "CN-AFC") as cn, client(live_server) as th:
        first = cn.post(
            "/api/v1/reports",
            json=report("CN-1", ("+66 81 234 5678", "caller"), (WALLET, "wallet")),
        )
        assert first.status_code == 200, first.text
        batch = th.post(
            "/api/v1/reports",
            json=[
                report("TH-1", ("081-234-5678", "caller")),
                report("TH-2", ("not a number", "caller"), typology="bogus"),
            ],
        )
        body = batch.json()
        assert [a["external_id"] for a in body["accepted"]] == ["TH-1"]
        assert body["rejected"][0]["index"] == 1
        assert {e["field"] for e in body["rejected"][0]["errors"]} == {
            "identifiers[0].value",
            "typology",
        }

        found = th.get("/api/v1/lookup", params={"value": "+66 81 234 5678"}).json()
    assert found["identifier"]["key"] == "phone:+66812345678"
    assert len(found["sightings"]) == 2
    assert found["operation"]["id"] == first.json()["accepted"][0]["operation_id"]
    assert found["operation"]["reports"] == 2


def test_batch_with_no_good_item_is_a_422_problem_listing_each_item(live_server: Server) -> None:
    with client(live_server) as th:
        response = th.post("/api/v1/reports", json=[{"external_id": "x", "tlp": "PURPLE"}])
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"] == "urn:safemekong:problem:batch-rejected"
    assert problem["rejected"][0]["errors"][0]["field"] == "tlp"


def test_broken_json_body_names_the_position(live_server: Server) -> None:
    with client(live_server) as th:
        response = th.post(
            "/api/v1/reports",
            content=b'{"external_id": ',
            headers={"content-type": "application/json"},
        )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body"
    assert "line 1" in response.json()["detail"]


def test_oversized_body_is_refused_before_it_is_read(live_server: Server) -> None:
    with client(live_server) as th:
        response = th.post(
            "/api/v1/reports",
            content=b"[" + b" " * 2_100_000 + b"]",
            headers={"content-type": "application/json"},
        )
    assert response.status_code == 413
    assert response.json()["type"] == "urn:safemekong:problem:too-large"


def test_report_of_another_agency_at_amber_is_not_found(live_server: Server) -> None:
    with client(live_server) as th, client(live_server, "CN-AFC") as cn:
        created = th.post("/api/v1/reports", json=report("t", (WALLET, "wallet"), tlp="AMBER"))
        report_id = created.json()["accepted"][0]["id"]
        assert th.get(f"/api/v1/reports/{report_id}").status_code == 200
        hidden = cn.get(f"/api/v1/reports/{report_id}")
        missing = cn.get("/api/v1/reports/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["detail"] == f"no report {report_id}"


def test_alerts_and_operations_endpoints(live_server: Server) -> None:
    with client(live_server) as th, client(live_server, "CN-AFC") as cn:
        cn.post("/api/v1/reports", json=report("c", (WALLET, "wallet")))
        op_id = th.post("/api/v1/reports", json=report("t", (WALLET, "wallet"))).json()["accepted"][
            0
        ]["operation_id"]
        alerts = cn.get("/api/v1/alerts").json()
        operation = cn.get(f"/api/v1/operations/{op_id}").json()
        top = cn.get("/api/v1/operations", params={"limit": 1}).json()
    assert alerts[0]["kind"] == "operation-link" and alerts[0]["operation_id"] == op_id
    assert operation["agencies"] == ["CN-AFC", "TH-CCIB"]
    assert top[0]["id"] == op_id


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"value": "12"}, "value"),
        ({"value": "+66812345678", "type": "spaceship"}, "value"),
    ],
)
def test_lookup_of_invalid_value_is_a_422_naming_the_field(
    live_server: Server, params: dict[str, str], field: str
) -> None:
    with client(live_server) as th:
        response = th.get("/api/v1/lookup", params=params)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_openapi_document_and_docs_are_served(live_server: Server) -> None:
    with client(live_server) as th:
        spec = th.get("/openapi.json").json()
        docs = th.get("/docs")
    assert "/api/v1/lookup" in spec["paths"]
    assert "ReportIn" in spec["components"]["schemas"]
    assert docs.status_code == 200


def test_agency_admin_creates_keys_only_for_its_own_agency(live_server: Server) -> None:
    url, members = live_server
    admin_key = members.hub.create_key(NODE_ADMIN, "TH-CCIB", "admin")["key"]
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {admin_key}"}) as admin:
        own = admin.post("/api/v1/keys", json={"agency": "TH-CCIB", "role": "read-only"})
        other = admin.post("/api/v1/keys", json={"agency": "CN-AFC", "role": "admin"})
    assert own.status_code == 201 and own.json()["key"].startswith("smk_")
    assert other.status_code == 403
    with client(live_server) as analyst:
        assert (
            analyst.post("/api/v1/keys", json={"agency": "TH-CCIB", "role": "admin"}).status_code
            == 403
        )


def test_agency_admin_lists_its_own_keys_and_audit_entries(live_server: Server) -> None:
    url, members = live_server
    admin_key = members.hub.create_key(NODE_ADMIN, "TH-CCIB", "admin", "desk")["key"]
    members.hub.create_key(NODE_ADMIN, "CN-AFC", "analyst", "beijing")
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {admin_key}"}) as admin:
        listed = admin.get("/api/v1/keys").json()
        entries = admin.get("/api/v1/audit", params={"limit": 1000}).json()
        check = admin.get("/api/v1/audit/verify").json()
        bad_head = admin.get("/api/v1/audit/verify", params={"expect_head": "xyz"})
    assert {k["agency"] for k in listed} == {"TH-CCIB"}
    assert "desk" in {k["label"] for k in listed} and all("key" not in k for k in listed)
    assert {"key:create"} <= {e["action"] for e in entries}
    assert all(
        e["actor"].startswith("TH-CCIB:")
        or e["detail"].get("agency") == "TH-CCIB"
        or "TH-CCIB" in e["detail"].get("owners", [])
        for e in entries
    )
    assert check["ok"] is True and len(check["head"]) == 64
    assert bad_head.status_code == 422
    with client(live_server) as analyst:
        assert analyst.get("/api/v1/keys").status_code == 403
        assert analyst.get("/api/v1/audit").status_code == 403


def test_agency_admin_creates_and_leaves_a_group_over_http(
    live_server: tuple[str, Members],
) -> None:
    base, members = live_server
    key = members.hub.create_key(NODE_ADMIN, "TH-CCIB", "admin")["key"]
    auth = {"Authorization": f"Bearer {key}"}
    created = httpx.post(
        f"{base}/api/v1/groups",
        json={"name": "TH-PH", "agencies": ["TH-CCIB", "PH-CICC"]},
        headers=auth,
    )
    assert created.status_code == 201, created.text
    bad = httpx.post(
        f"{base}/api/v1/groups", json={"name": "X", "agencies": ["NOPE"]}, headers=auth
    )
    assert bad.status_code == 403
    left = httpx.delete(f"{base}/api/v1/groups/TH-PH/agencies/TH-CCIB", headers=auth)
    assert left.status_code == 200 and left.json()["agencies"] == ["PH-CICC"]
    gone = httpx.put(f"{base}/api/v1/groups/TH-PH/agencies/TH-CCIB", headers=auth)
    assert gone.status_code == 404

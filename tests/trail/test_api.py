"""The money trail over HTTP: a real server, agencies' keys, problem+json errors."""

from __future__ import annotations

import httpx

from tests.conftest import Members
from tests.trail.support import DATA


def _client(live_server: tuple[str, Members], code: str = "TH-CCIB") -> httpx.Client:
    url, members = live_server
    return httpx.Client(
        base_url=url, headers={"Authorization": f"Bearer {members.keys[code]}"}, timeout=30
    )


def _import_case(client: httpx.Client) -> None:
    response = client.post(
        "/api/v1/trail/import",
        params={"format": "csv", "filename": "case.csv"},
        content=(DATA / "case.csv").read_bytes(),
    )
    assert response.status_code == 200, response.text
    assert response.json()["accepted"] == 6
    tags = client.post(
        "/api/v1/trail/tags",
        params={"format": "csv"},
        content=(DATA / "case_tags.csv").read_bytes(),
    )
    assert tags.json()["accepted"] == 2


def test_import_trace_mules_and_requests_over_http(live_server: tuple[str, Members]) -> None:
    with _client(live_server) as client:
        _import_case(client)
        trace = client.post("/api/v1/trail/trace", json={"seeds": ["tx:t1"], "hops": 5}).json()
        assert {e["key"]: e["amount_traced"] for e in trace["endpoints"]} == {
            "bank:TH:006:4000000002": 700.0,
            "bank:TH:004:2000000001": 200.0,
            "bank:TH:014:5000000001": 100.0,
        }
        page = client.post(
            "/api/v1/trail/trace", params={"format": "html"}, json={"seeds": ["tx:t1"]}
        )
        assert page.headers["content-type"].startswith("text/html")
        assert "<svg" in page.text
        ranked = client.get("/api/v1/trail/mules", params={"top": 3}).json()
        assert len(ranked) == 3 and "breakdown" in ranked[0]
        requests = client.post("/api/v1/trail/requests", json={"seeds": ["tx:t1"]}).json()
        assert len(requests["requests"]) == 3
        drafts = client.post("/api/v1/trail/requests/camt056", json={"seeds": ["tx:t1"]}).json()
        assert len(drafts) == 2 and drafts[0]["xml"].startswith("<?xml")


def test_bad_rows_come_back_with_line_and_reason(live_server: tuple[str, Members]) -> None:
    body = (
        b"tx_id,timestamp,from,to,amount,currency\nx,2026-01-01,bank:TH:004:1,bank:TH:004:2,1,THB\n"
    )
    with _client(live_server) as client:
        result = client.post("/api/v1/trail/import", content=body).json()
    assert result["accepted"] == 0
    assert result["errors"][0]["line"] == 2
    assert result["errors"][0]["reason"].startswith("from: bank")


def test_invalid_rule_is_a_problem_document(live_server: tuple[str, Members]) -> None:
    with _client(live_server) as client:
        _import_case(client)
        response = client.post("/api/v1/trail/trace", json={"seeds": ["tx:t1"], "rule": "lofi"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "rule" in response.json()["detail"]


def test_other_agency_cannot_trace_amber_transfers(live_server: tuple[str, Members]) -> None:
    with _client(live_server) as client:
        _import_case(client)
    with _client(live_server, "CN-AFC") as client:
        response = client.post("/api/v1/trail/trace", json={"seeds": ["tx:t1"]})
    assert response.status_code == 404


def test_no_key_no_trail(live_server: tuple[str, Members]) -> None:
    url, _ = live_server
    assert httpx.get(f"{url}/api/v1/trail/mules").status_code == 401

"""The CLI (``safemekong detect ...``) and the HTTP API (``POST /api/v1/detect/...``)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from typer.testing import CliRunner

from safemekong.cli.main import app
from tests.conftest import Members

runner = CliRunner()


def test_cli_domain_json_has_label_score_reasons() -> None:
    result = runner.invoke(app, ["detect", "domain", "new-vietcombank.com", "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["label"] == "scam" and data["reasons"][0]["detail"]["brand"] == "vietcombank"


def test_cli_url_and_message_print_label_then_reasons() -> None:
    result = runner.invoke(app, ["detect", "url", "https://paypa1.com/signin"])
    assert result.exit_code == 0
    first, *reasons = result.stdout.splitlines()
    assert first.startswith("scam ") and any("paypal" in line for line in reasons)
    result = runner.invoke(
        app, ["detect", "message", "Your verification code is 552901. Do not share it."]
    )
    assert result.exit_code == 0 and result.stdout.startswith("benign")


def test_cli_page_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>[KUBET] University news</title></head><body><p>Graduation is on "
        "Friday.</p><a href='https://kubet88.vip'>nhà cái kubet</a></body></html>"
    )
    result = runner.invoke(app, ["detect", "page", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["label"] == "seo-injection"


def test_cli_bad_input_exits_2_naming_it(tmp_path: Path) -> None:
    result = runner.invoke(app, ["detect", "domain", "not a domain"])
    assert result.exit_code == 2 and "input" in result.stderr
    result = runner.invoke(app, ["detect", "page", str(tmp_path / "missing.html")])
    assert result.exit_code == 2 and "INPUT" in result.stderr


def test_cli_hub_option_uses_the_local_store(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    result = runner.invoke(app, ["detect", "domain", "google.com", "--hub", "--db", db, "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["hub"] == {"sightings": 0, "operation_id": None}


def test_api_detects_each_kind_and_refuses_bad_input(live_server: tuple[str, Members]) -> None:
    url, members = live_server
    headers = {"Authorization": f"Bearer {members.keys['TH-CCIB']}"}
    with httpx.Client(base_url=url, headers=headers, timeout=30) as http:
        domain = http.post("/api/v1/detect/domain", json={"value": "sacombank.vn-ne.top"}).json()
        assert domain["label"] == "scam" and domain["reasons"][0]["detail"]["brand"] == "sacombank"
        assert (
            http.post("/api/v1/detect/url", json={"value": "https://google.com/"}).json()["label"]
            == "benign"
        )
        message = http.post("/api/v1/detect/message", json={"text": "Mẹ ơi con về muộn nhé"}).json()
        assert message["label"] == "benign" and message["language"]["code"] == "vi"
        page = http.post(
            "/api/v1/detect/page",
            json={
                "html": "<title>【开云体育】新闻</title><a href='https://33kaiyun.vip'>开云体育</a>"
            },
        ).json()
        assert page["label"] == "seo-injection"
        bad = http.post("/api/v1/detect/domain", json={"value": "no such host"})
        assert bad.status_code == 422
        assert bad.headers["content-type"] == "application/problem+json"
        assert http.post("/api/v1/detect/message", json={"text": "x" * 20_000}).status_code == 422
    anonymous = httpx.post(f"{url}/api/v1/detect/domain", json={"value": "google.com"})
    assert anonymous.status_code == 401

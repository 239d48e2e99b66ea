"""Limits and abuse: rate limits, security headers, connection limits, revoked and rotated keys,
constant-time checks of secrets, secrets from files, body and page size caps."""

from __future__ import annotations

import base64
import hmac
import json
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from starlette.testclient import TestClient
from typer.testing import CliRunner

from safemekong.api import create_app
from safemekong.api import stream as stream_api
from safemekong.api.ratelimit import Buckets, Limit, RateLimit, claimed_caller
from safemekong.cli.main import app as cli
from safemekong.cli.server import Connections, server_config
from safemekong.config import AUTH_FAILURE_BURST, RATE_BURST, RATE_LIMIT, resolve_db_url
from safemekong.errors import NotAuthenticated
from safemekong.policy import NODE_ADMIN
from safemekong.policy.keys import get_key, key_prefix
from safemekong.sharing.taxii import MAX_LIMIT, parse_filters
from safemekong.sharing.webhooks import sign, verify_signature
from tests.conftest import Members, free_port, serving

SECURE = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-resource-policy": "same-origin",
}
CSP = "default-src 'none'; frame-ancestors 'none'"
#: Listing routes without a ``limit``, and why their length is bounded anyway.
BOUNDED_BY_NATURE = {
    "/api/v1/agencies": "member agencies, registered by the node administrator",
    "/api/v1/users": "the agency's users, added by its administrators",
    "/api/v1/groups": "the sharing groups the agency is in",
    "/api/v1/webhooks": "the agency's endpoints, set by its administrators",
    "/api/v1/watchlists": "watch lists loaded by the node administrator",
    "/api/v1/evidence/items/{item_id}/custody": "one item's chain of custody, read whole",
}


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.fixture
def api(sqlite_members: Members) -> Iterator[tuple[TestClient, Members]]:
    """The hub's app in-process, with the default limits and a 10 kB body cap."""
    app = create_app(sqlite_members.hub, max_body=10_000, background=False)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, sqlite_members


@contextmanager
def live(members: Members, connections: Connections | None = None, **options: Any) -> Iterator[str]:
    """A real server as ``safemekong serve`` configures it, over the members' hub."""
    app = create_app(members.hub, background=False, **options)
    port = free_port()
    with serving(server_config(app, "127.0.0.1", port, connections or Connections())) as url:
        yield url


# -- rate limits -------------------------------------------------------------------------------


def test_a_key_past_its_burst_is_answered_429_with_retry_after(sqlite_members: Members) -> None:
    th = bearer(sqlite_members.keys["TH-CCIB"])
    with live(sqlite_members, rate_limit=0.2, rate_burst=3) as url, httpx.Client() as http:
        answers = [http.get(f"{url}/api/v1/whoami", headers=th) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert refused.headers["content-type"] == "application/problem+json"
    body = refused.json()
    assert body["type"] == "urn:safemekong:problem:rate-limited"
    assert body["limit"] == "0.2 requests a second, 3 at once"
    assert 1 <= int(refused.headers["retry-after"]) == body["retry_after"] <= 5
    assert refused.headers["cache-control"] == "no-store"
    assert all(refused.headers[name] == value for name, value in SECURE.items())


def test_one_key_throttled_throttles_no_other_key_nor_address(sqlite_members: Members) -> None:
    keys = sqlite_members.keys
    with live(sqlite_members, rate_limit=0.2, rate_burst=2) as url, httpx.Client() as http:
        th = [http.get(f"{url}/api/v1/whoami", headers=bearer(keys["TH-CCIB"])) for _ in range(3)]
        cn = http.get(f"{url}/api/v1/whoami", headers=bearer(keys["CN-AFC"]))
        anonymous = http.get(f"{url}/api/v1/health")
    assert [a.status_code for a in th] == [200, 200, 429]
    assert cn.status_code == 200 and cn.json()["agency"] == "CN-AFC"
    assert anonymous.status_code == 200


def test_under_taxii2_a_throttled_caller_gets_a_taxii_error(sqlite_members: Members) -> None:
    th = bearer(sqlite_members.keys["TH-CCIB"])
    with live(sqlite_members, rate_limit=0.2, rate_burst=1) as url, httpx.Client() as http:
        assert http.get(f"{url}/taxii2/", headers=th).status_code == 200
        refused = http.get(f"{url}/taxii2/api/collections/", headers=th)
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/taxii+json;version=2.1"
    assert refused.json()["http_status"] == "429"
    assert int(refused.headers["retry-after"]) >= 1


def test_an_address_that_keeps_failing_authentication_is_held_back(
    sqlite_members: Members,
) -> None:
    keys = sqlite_members.keys
    forged = bearer(f"smk_{key_prefix(keys['CN-AFC'])}_guessed")
    proxy = Connections(forwarded_allow_ips="127.0.0.1")
    with live(sqlite_members, proxy) as url, httpx.Client(base_url=url) as http:
        guesser, neighbour = {"X-Forwarded-For": "198.51.100.7"}, {"X-Forwarded-For": "192.0.2.1"}
        failed = [
            http.get("/api/v1/whoami", headers={**forged, **guesser}).status_code
            for _ in range(AUTH_FAILURE_BURST)
        ]
        refused = http.get("/api/v1/whoami", headers={**bearer(keys["TH-CCIB"]), **guesser})
        with_cookie = http.post("/login", headers={**guesser, "Cookie": "sm_session=x"})
        # Requests without credentials cost no check: they are not held back.
        anonymous = http.get("/api/v1/health", headers=guesser)
        elsewhere = http.get("/api/v1/whoami", headers={**bearer(keys["CN-AFC"]), **neighbour})
    assert failed == [401] * AUTH_FAILURE_BURST
    assert (refused.status_code, with_cookie.status_code) == (429, 429)
    assert (anonymous.status_code, elsewhere.status_code) == (200, 200)
    assert refused.json()["limit"] == "1 failed authentications a second, 30 at once"
    assert refused.json()["detail"].startswith("address:198.51.100.7 is over its limit")


def test_buckets_refill_at_their_rate_up_to_the_burst() -> None:
    now = [0.0]
    buckets = Buckets(Limit(2, 4), clock=lambda: now[0])
    assert [buckets.take("key:a") for _ in range(5)] == [0, 0, 0, 0, 1]
    assert buckets.wait("key:a") == 1
    assert buckets.take("key:b") == 0
    now[0] += 0.5  # one token back
    assert (buckets.take("key:a"), buckets.take("key:a")) == (0, 1)
    now[0] += 60  # long idle: full again (and forgotten)
    assert [buckets.take("key:a") for _ in range(5)] == [0, 0, 0, 0, 1]


def test_callers_are_named_by_the_credentials_they_present() -> None:
    key = "smk_0123456789ab_se_cr_et"
    assert claimed_caller(f"Bearer {key}") == "key:0123456789ab"
    assert claimed_caller(basic("Alice ", "a long password")) == "user:alice"
    assert claimed_caller(basic("anyone", key)) == "key:0123456789ab"
    for unnamed in ("", "Bearer not-a-key", "Basic !!!", basic("", ""), "Digest x"):
        assert claimed_caller(unnamed) is None


def test_rate_limit_zero_turns_limiting_off(sqlite_members: Members) -> None:
    def rate_limits(app: FastAPI) -> list[Any]:
        return [m.kwargs["limit"] for m in app.user_middleware if m.cls is RateLimit]

    assert rate_limits(create_app(sqlite_members.hub, background=False)) == [
        Limit(RATE_LIMIT, RATE_BURST)
    ]
    assert rate_limits(create_app(sqlite_members.hub, rate_limit=0, background=False)) == []


# -- security headers --------------------------------------------------------------------------


def test_security_headers_are_on_api_taxii_and_error_answers(
    api: tuple[TestClient, Members],
) -> None:
    client, members = api

    def boom() -> None:
        raise RuntimeError("unexpected")

    app = client.app
    assert isinstance(app, FastAPI)
    app.add_api_route("/api/v1/boom", boom)
    th = bearer(members.keys["TH-CCIB"])
    answers = {
        "api": client.get("/api/v1/whoami", headers=th),
        "taxii": client.get("/taxii2/", headers=th),
        "401": client.get("/api/v1/whoami"),
        "taxii 404": client.get("/taxii2/api/collections/nope/", headers=th),
        "404": client.get("/api/v1/nowhere", headers=th),
        "422": client.get("/api/v1/operations", params={"limit": 0}, headers=th),
        "413": client.post("/api/v1/reports", content=b"x" * 20_000, headers=th),
        "500": client.get("/api/v1/boom", headers=th),
    }
    assert {name: a.status_code for name, a in answers.items()} == {
        "api": 200,
        "taxii": 200,
        "401": 401,
        "taxii 404": 404,
        "404": 404,
        "422": 422,
        "413": 413,
        "500": 500,
    }
    for name, answer in answers.items():
        for header, value in {**SECURE, "cache-control": "no-store"}.items():
            assert answer.headers.get(header) == value, (name, header)
        assert answer.headers.get("content-security-policy") == CSP, name
        assert "strict-transport-security" not in answer.headers, name


def test_html_pages_keep_their_own_content_security_policy(
    api: tuple[TestClient, Members],
) -> None:
    client, _ = api
    page = client.get("/docs")
    assert page.headers["content-type"].startswith("text/html")
    assert "content-security-policy" not in page.headers
    assert "cache-control" not in page.headers
    assert all(page.headers[name] == value for name, value in SECURE.items())


def test_hsts_is_sent_only_over_https(sqlite_members: Members) -> None:
    app = create_app(sqlite_members.hub, background=False)
    with TestClient(app, base_url="https://hub.example") as https:
        assert https.get("/api/v1/health").headers["strict-transport-security"] == (
            "max-age=31536000"
        )
    with TestClient(app) as plain:
        assert "strict-transport-security" not in plain.get("/api/v1/health").headers


def test_forwarded_headers_are_believed_only_from_named_proxies(sqlite_members: Members) -> None:
    def health(url: str, client_ip: str) -> httpx.Response:
        headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": client_ip}
        return httpx.get(f"{url}/api/v1/health", headers=headers)

    with live(sqlite_members, rate_limit=0.2, rate_burst=1) as url:
        first, other_ip = health(url, "203.0.113.1"), health(url, "203.0.113.2")
    assert "strict-transport-security" not in first.headers
    assert other_ip.status_code == 429  # the same address: the forwarded one is not believed

    proxy = Connections(forwarded_allow_ips="127.0.0.1")
    with live(sqlite_members, proxy, rate_limit=0.2, rate_burst=1) as url:
        first, other_ip = health(url, "203.0.113.1"), health(url, "203.0.113.2")
        again = health(url, "203.0.113.1")
    assert first.headers["strict-transport-security"] == "max-age=31536000"
    assert (other_ip.status_code, again.status_code) == (200, 429)


# -- connections -------------------------------------------------------------------------------


def test_serve_passes_its_limits_to_the_server_and_the_app(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[uvicorn.Config] = []
    monkeypatch.setattr(
        uvicorn.Server, "run", lambda server, sockets=None: started.append(server.config)
    )
    options = ["--rate-limit", "5", "--rate-burst", "7", "--max-body", "4096"]
    options += ["--max-connections", "9", "--backlog", "64", "--keep-alive", "3"]
    options += ["--max-header-size", "4096", "--forwarded-allow-ips", "10.0.0.1"]
    result = CliRunner().invoke(cli, ["serve", "--db", sqlite_url, *options])
    assert result.exit_code == 0, result.output
    config = started[0]
    assert (config.http, config.h11_max_incomplete_event_size) == ("h11", 4096)
    assert (config.limit_concurrency, config.backlog, config.timeout_keep_alive) == (9, 64, 3)
    assert (config.proxy_headers, config.forwarded_allow_ips) == (True, "10.0.0.1")
    middleware = {m.cls.__name__: m.kwargs for m in config.app.user_middleware}
    assert middleware["RateLimit"]["limit"] == Limit(5, 7)
    assert middleware["BodySizeLimit"]["max_body"] == 4096


def test_by_default_serve_believes_no_forwarded_headers() -> None:
    config = server_config(FastAPI(), "127.0.0.1", 8000, Connections())
    assert config.proxy_headers is False
    assert config.limit_concurrency == 500 and config.h11_max_incomplete_event_size == 16384


def test_request_headers_over_the_size_limit_are_refused(sqlite_members: Members) -> None:
    with live(sqlite_members, Connections(max_header_size=4096)) as url:
        small = httpx.get(f"{url}/api/v1/health", headers={"X-Pad": "a" * 1000})
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: hub\r\nX-Pad: " + b"a" * 8000)
            answer = sock.recv(100)  # the headers never end: refused without waiting for them
    assert small.status_code == 200
    assert answer.startswith(b"HTTP/1.1 400 ")


def test_connections_over_the_limit_are_answered_503(sqlite_members: Members) -> None:
    th = bearer(sqlite_members.keys["TH-CCIB"])
    with live(sqlite_members, Connections(max_connections=2)) as url, httpx.Client() as held:
        with held.stream("GET", f"{url}/api/v1/stream", headers=th) as events:
            assert events.status_code == 200
            busy = httpx.get(f"{url}/api/v1/health")
        assert busy.status_code == 503
        deadline = time.monotonic() + 5  # the closed stream's connection is let go
        while httpx.get(f"{url}/api/v1/health").status_code == 503:
            assert time.monotonic() < deadline
            time.sleep(0.05)


# -- keys --------------------------------------------------------------------------------------


def _actions(members: Members) -> list[tuple[str, dict[str, Any]]]:
    return [(e["action"], e["detail"]) for e in members.hub.audit_entries(NODE_ADMIN)]


def test_a_revoked_key_answers_401_at_once_and_the_revocation_is_audited(
    api: tuple[TestClient, Members], sqlite_url: str
) -> None:
    client, members = api
    key = members.keys["TH-CCIB"]
    prefix = key_prefix(key)
    assert prefix is not None
    assert client.get("/api/v1/whoami", headers=bearer(key)).status_code == 200
    result = CliRunner().invoke(cli, ["key", "revoke", prefix, "--db", sqlite_url])
    assert result.exit_code == 0, result.output
    assert client.get("/api/v1/whoami", headers=bearer(key)).status_code == 401
    revoked = {"prefix": prefix, "agency": "TH-CCIB", "role": "analyst", "label": ""}
    assert ("key:revoke", revoked) in _actions(members)
    again = CliRunner().invoke(cli, ["key", "revoke", prefix, "--db", sqlite_url])
    assert again.exit_code == 1 and "no active API key" in again.stderr


def test_a_rotated_key_is_replaced_by_one_with_the_same_agency_role_and_label(
    api: tuple[TestClient, Members], sqlite_url: str
) -> None:
    client, members = api
    old = members.hub.create_key(NODE_ADMIN, "TH-CCIB", "read-only", "nightly export")
    result = CliRunner().invoke(cli, ["key", "rotate", old["prefix"], "--json", "--db", sqlite_url])
    assert result.exit_code == 0, result.output
    new = json.loads(result.stdout)
    assert client.get("/api/v1/whoami", headers=bearer(old["key"])).status_code == 401
    whoami = client.get("/api/v1/whoami", headers=bearer(new["key"])).json()
    assert (whoami["agency"], whoami["role"]) == ("TH-CCIB", "read-only")
    with members.hub.store.read() as conn:
        assert get_key(conn, new["prefix"]).label == "nightly export"
    action, detail = _actions(members)[-1]
    assert (action, detail["prefix"], detail["new_prefix"]) == (
        "key:rotate",
        old["prefix"],
        new["prefix"],
    )


def test_agency_admins_revoke_and_rotate_their_own_agency_keys_only(
    api: tuple[TestClient, Members],
) -> None:
    client, members = api
    admin = bearer(members.hub.create_key(NODE_ADMIN, "TH-CCIB", "admin")["key"])
    th, cn = members.keys["TH-CCIB"], members.keys["CN-AFC"]

    def revoke(key: str, who: dict[str, str]) -> int:
        return client.delete(f"/api/v1/keys/{key_prefix(key)}", headers=who).status_code

    assert revoke(cn, admin) == 404  # another agency's key is none of its business
    assert revoke(th, bearer(cn)) == 403  # an analyst manages no keys
    assert client.delete("/api/v1/keys/0000000000ff", headers=admin).status_code == 404
    assert client.delete("/api/v1/keys/NOT-HEX", headers=admin).status_code == 422
    rotated = client.post(f"/api/v1/keys/{key_prefix(th)}/rotate", headers=admin)
    assert rotated.status_code == 201 and rotated.json()["role"] == "analyst"
    assert revoke(th, admin) == 404  # rotation revoked it already
    assert revoke(rotated.json()["key"], admin) == 204
    for gone in (th, rotated.json()["key"]):
        assert client.get("/api/v1/whoami", headers=bearer(gone)).status_code == 401
    assert client.get("/api/v1/whoami", headers=bearer(cn)).status_code == 200


def test_the_event_stream_of_a_revoked_key_ends(
    sqlite_members: Members, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream_api, "KEEP_ALIVE", 0.3)
    key = sqlite_members.keys["TH-CCIB"]
    with live(sqlite_members) as url, httpx.Client(base_url=url, timeout=10) as http:
        with http.stream("GET", "/api/v1/stream", headers=bearer(key)) as events:
            lines = events.iter_lines()
            assert next(lines).startswith("retry:")
            sqlite_members.hub.revoke_key(NODE_ADMIN, str(key_prefix(key)))
            started = time.monotonic()
            list(lines)  # returns when the server ends the stream
        assert time.monotonic() - started < 5
        assert http.get("/api/v1/stream", headers=bearer(key)).status_code == 401


# -- secrets -----------------------------------------------------------------------------------


def test_secrets_are_compared_in_constant_time(
    sqlite_members: Members, monkeypatch: pytest.MonkeyPatch
) -> None:
    compared: list[tuple[str, str]] = []
    real = hmac.compare_digest

    def spy(a: Any, b: Any) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    hub, key = sqlite_members.hub, sqlite_members.keys["TH-CCIB"]
    for wrong in (key[:-1], key + "x", key[:-1] + ("A" if key[-1] != "A" else "B")):
        with pytest.raises(NotAuthenticated):
            hub.authenticate(wrong)
    assert hub.authenticate(key).agency_code == "TH-CCIB"
    assert len(compared) == 4  # every secret reaching the store is checked by compare_digest

    body, now = b'{"alert": 1}', int(time.time())
    header = sign("webhook secret", now, body)
    assert verify_signature("webhook secret", header, body)
    assert not verify_signature("another secret", header, body)
    assert not verify_signature("webhook secret", header, body + b" ")
    tampered = header[:-1] + ("1" if header.endswith("0") else "0")
    assert not verify_signature("webhook secret", tampered, body)
    assert len(compared) == 8


def test_secret_environment_variables_can_name_a_file(
    live_server: tuple[str, Members], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, members = live_server
    secret = tmp_path / "api-key"
    secret.write_text(members.keys["TH-CCIB"] + "\n")
    env = {"SAFEMEKONG_API_KEY": None, "SAFEMEKONG_API_KEY_FILE": str(secret)}
    found = CliRunner().invoke(cli, ["lookup", "+66812345678", "--url", url], env=env)
    assert found.exit_code == 0, found.output
    env["SAFEMEKONG_API_KEY_FILE"] = str(tmp_path / "missing")
    missing = CliRunner().invoke(cli, ["lookup", "+66812345678", "--url", url], env=env)
    assert missing.exit_code == 2 and "SAFEMEKONG_API_KEY_FILE" in missing.output

    (tmp_path / "db-url").write_text("sqlite:///from-a-file.db\n")
    monkeypatch.delenv("SAFEMEKONG_DB", raising=False)
    monkeypatch.setenv("SAFEMEKONG_DB_FILE", str(tmp_path / "db-url"))
    assert resolve_db_url(None) == "sqlite:///from-a-file.db"


# -- sizes -------------------------------------------------------------------------------------


def test_the_body_size_cap_still_holds(api: tuple[TestClient, Members]) -> None:
    client, members = api
    th = bearer(members.keys["TH-CCIB"])

    def chunks() -> Iterator[bytes]:
        yield from (b"x" * 4000 for _ in range(5))

    declared = client.post("/api/v1/reports", content=b"[]" + b" " * 20_000, headers=th)
    streamed = client.post("/api/v1/reports", content=chunks(), headers=th)
    taxii = client.post(
        "/taxii2/api/collections/shared/objects/",
        content=b" " * 20_000,
        headers={**th, "Content-Type": "application/taxii+json;version=2.1"},
    )
    assert (declared.status_code, streamed.status_code, taxii.status_code) == (413, 413, 413)
    assert declared.json()["type"] == streamed.json()["type"] == "urn:safemekong:problem:too-large"
    assert taxii.json()["http_status"] == "413"


def test_every_listing_route_caps_its_page(api: tuple[TestClient, Members]) -> None:
    client, members = api
    th = bearer(members.keys["TH-CCIB"])
    schema = client.get("/openapi.json").json()
    checked = []
    for path, operations in schema["paths"].items():
        answer = operations.get("get", {}).get("responses", {}).get("200", {})
        if (
            answer.get("content", {}).get("application/json", {}).get("schema", {}).get("type")
            != "array"
        ):
            continue
        if path in BOUNDED_BY_NATURE:
            continue
        sizes = [
            p
            for p in operations["get"].get("parameters", [])
            if p["in"] == "query" and p["name"] in ("limit", "top")
        ]
        assert sizes, f"{path} lists without a limit"
        size = sizes[0]
        most = size["schema"]["maximum"]
        concrete = path.replace("{webhook_id}", "1")
        refused = client.get(concrete, params={size["name"]: most + 1}, headers=th)
        assert refused.status_code == 422, path
        assert refused.json()["errors"][0]["field"] == size["name"]
        checked.append(path)
    assert "/api/v1/watches" in checked and "/api/v1/evidence/items" in checked
    # TAXII clamps: a client asking for more gets at most MAX_LIMIT objects a page.
    assert parse_filters({"limit": str(MAX_LIMIT * 100)}).limit == MAX_LIMIT

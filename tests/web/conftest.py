"""A hub with agencies, web users and a little intelligence, and clients signed in to it.

Users' passwords are Argon2id hashes that take about half a second each, so the world and
each user's session are made once per test module and shared: tests that change the world
(file a report, add a user) must not break the others.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from safemekong.api import create_app
from safemekong.hub import Hub
from safemekong.policy import NODE_ADMIN
from safemekong.web.session import COOKIE
from tests.conftest import Members, free_port, make_members, serving

PASSWORD = "correct horse battery staple"
#: Web users of the test hub: name -> (agency, role).
USERS = {
    "th.analyst": ("TH-CCIB", "analyst"),
    "cn.analyst": ("CN-AFC", "analyst"),
    "ph.analyst": ("PH-CICC", "analyst"),
    "th.admin": ("TH-CCIB", "admin"),
    "th.viewer": ("TH-CCIB", "read-only"),
}
#: A Chinese scammer's number that CN-AFC reported (GREEN: every agency may see it).
SHARED_PHONE = "+8613800138000"
#: A number only PH-CICC may see (RED with no recipients).
PH_SECRET_PHONE = "+639171234567"


@dataclass
class World:
    """The test hub and what it holds: the operation ids of the CN and the PH report."""

    hub: Hub
    cn_operation: int
    ph_operation: int


def populate(members: Members) -> World:
    hub = members.hub
    for name, (agency, role) in USERS.items():
        hub.add_user(NODE_ADMIN, name, agency, role, PASSWORD)
    if "CN-TH" not in {group["name"] for group in hub.list_groups(NODE_ADMIN)}:
        hub.create_group(NODE_ADMIN, "CN-TH", ["CN-AFC", "TH-CCIB"], "bilateral")
    cn = hub.file_reports(
        members.principal("CN-AFC"),
        [
            {
                "external_id": "AFC-1",
                "received_at": "2026-10-01T10:00:00+08:00",
                "typology": "pig-butchering",
                "amount_lost": "52000",
                "currency": "CNY",
                "tlp": "GREEN",
                "narrative": "一个网友推荐了投资平台。",
                "identifiers": [
                    {"value": SHARED_PHONE, "role": "caller"},
                    {"value": "https://invest-usdt-pro.com/login", "role": "website"},
                ],
            }
        ],
    )
    ph = hub.file_reports(
        members.principal("PH-CICC"),
        [
            {
                "external_id": "CICC-1",
                "received_at": "2026-10-02T10:00:00+08:00",
                "typology": "loan",
                "tlp": "RED",
                "identifiers": [{"value": PH_SECRET_PHONE, "role": "sms-sender"}],
            }
        ],
    )
    return World(hub, cn.accepted[0]["operation_id"], ph.accepted[0]["operation_id"])


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    members = make_members(f"sqlite:///{tmp_path_factory.mktemp('web') / 'hub.db'}")
    yield populate(members)
    members.hub.close()


@pytest.fixture(scope="module")
def web_app(world: World) -> FastAPI:
    return create_app(world.hub, background=False, rate_limit=0)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Sign ``client`` in through the form; returns the new session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    answer = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return csrf_of(client.get("/search").text)


@pytest.fixture(scope="module")
def _sessions() -> dict[str, str]:
    return {}


@pytest.fixture
def client_for(web_app: FastAPI, _sessions: dict[str, str]) -> Callable[[str | None], TestClient]:
    """``client_for("th.analyst")``: a TestClient signed in as that user (None: signed out);
    each user signs in through the form once per module, later clients reuse the cookie."""

    def make(username: str | None) -> TestClient:
        client = TestClient(web_app, base_url="http://testserver")
        if username in _sessions:
            client.cookies.set(COOKIE, _sessions[username])
        elif username is not None:
            sign_in(client, username)
            _sessions[username] = str(client.cookies.get(COOKIE))
        return client

    return make


@pytest.fixture(scope="module")
def web_server(web_app: FastAPI) -> Iterator[str]:
    """A real uvicorn server on 127.0.0.1 serving the module's world; yields its base URL."""
    config = uvicorn.Config(web_app, host="127.0.0.1", port=free_port(), log_level="warning")
    with serving(config) as url:
        yield url

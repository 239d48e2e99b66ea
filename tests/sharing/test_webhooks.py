"""Webhooks against a real receiver on 127.0.0.1: signed, retried with backoff, dead-lettered."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from safemekong.policy import NODE_ADMIN
from safemekong.sharing.webhooks import SIGNATURE_HEADER, Dispatcher, verify_signature
from tests.conftest import Members


class Receiver:
    """An HTTP endpoint that fails the first ``failures`` requests, then answers 204."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                receiver.received.append((dict(self.headers), body))
                failing = len(receiver.received) <= receiver.failures
                self.send_response(500 if failing else 204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver(request: pytest.FixtureRequest) -> Iterator[Receiver]:
    r = Receiver(getattr(request, "param", 0))
    yield r
    r.server.shutdown()


def _link_reports(members: Members) -> None:
    """Two agencies report the same number: each gets an operation-link alert."""
    for agency in ("TH-CCIB", "CN-AFC"):
        item = {
            "external_id": f"{agency}-1",
            "tlp": "GREEN",
            "identifiers": [{"value": "+66812345678", "type": "phone"}],
        }
        members.hub.file_reports(members.principal(agency), [item])


def _run_until(dispatcher: Dispatcher, done: Any, rounds: int = 40) -> None:
    for _ in range(rounds):
        dispatcher.run_once()
        if done():
            return
        time.sleep(0.06)


@pytest.mark.parametrize("receiver", [2], indirect=True)
def test_failed_deliveries_are_retried_until_the_receiver_accepts(
    members: Members, receiver: Receiver
) -> None:
    hook = members.hub.add_webhook(NODE_ADMIN, receiver.url, "TH-CCIB")
    _link_reports(members)
    dispatcher = Dispatcher(members.hub.store, backoff=(0.05, 0.05, 0.05))
    _run_until(dispatcher, lambda: len(receiver.received) >= 3)
    assert len(receiver.received) == 3
    headers, body = receiver.received[-1]
    assert verify_signature(hook["secret"], headers[SIGNATURE_HEADER], body)
    assert not verify_signature("another secret", headers[SIGNATURE_HEADER], body)
    assert json.loads(body)["alert"]["kind"] == "operation-link"
    [delivery] = members.hub.webhook_deliveries(NODE_ADMIN, hook["id"])
    assert (delivery["status"], delivery["attempts"]) == ("delivered", 3)


@pytest.mark.parametrize("receiver", [100], indirect=True)
def test_a_delivery_is_dead_after_its_last_try(members: Members, receiver: Receiver) -> None:
    hook = members.hub.add_webhook(NODE_ADMIN, receiver.url, "TH-CCIB")
    _link_reports(members)
    dispatcher = Dispatcher(members.hub.store, backoff=(0.05, 0.05))
    dead = lambda: members.hub.webhook_deliveries(NODE_ADMIN, hook["id"], "dead")  # noqa: E731
    _run_until(dispatcher, dead)
    [letter] = dead()
    assert letter["attempts"] == 3 and letter["last_error"] == "HTTP 500"
    assert len(receiver.received) == 3


def test_registered_over_the_api_alerts_arrive_from_the_running_server(
    live_server: tuple[str, Members], receiver: Receiver
) -> None:
    base, members = live_server
    admin_key = members.hub.create_key(NODE_ADMIN, "TH-CCIB", "admin")["key"]
    auth = {"Authorization": f"Bearer {admin_key}"}
    created = httpx.post(f"{base}/api/v1/webhooks", json={"url": receiver.url}, headers=auth)
    assert created.status_code == 201 and created.json()["secret"]
    bad = httpx.post(f"{base}/api/v1/webhooks", json={"url": "ftp://x"}, headers=auth)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "url"
    _link_reports(members)
    deadline = time.monotonic() + 10
    while not receiver.received and time.monotonic() < deadline:
        time.sleep(0.05)
    assert receiver.received, "no webhook delivery within 10 s"
    other = members.hub.create_key(NODE_ADMIN, "CN-AFC", "admin")["key"]
    hook_id = created.json()["id"]
    foreign = httpx.get(
        f"{base}/api/v1/webhooks/{hook_id}/deliveries",
        headers={"Authorization": f"Bearer {other}"},
    )
    assert foreign.status_code == 404  # another agency cannot even learn it exists

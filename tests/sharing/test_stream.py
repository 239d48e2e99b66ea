"""The server-sent-events feed over a real server: policy-filtered, ordered, resumable."""

from __future__ import annotations

import contextlib
import json
import queue
import threading
from typing import Any

import httpx

from tests.conftest import Members


def _listen(base: str, key: str, out: queue.Queue[dict[str, Any]], **headers: str) -> None:
    """Read events from the feed into ``out`` until the server closes or the test ends."""
    with contextlib.suppress(httpx.HTTPError):  # the server stops at the end of each test
        _read_events(base, key, out, **headers)


def _read_events(base: str, key: str, out: queue.Queue[dict[str, Any]], **headers: str) -> None:
    auth = {"Authorization": f"Bearer {key}", **headers}
    with (
        httpx.Client(timeout=httpx.Timeout(30, read=30)) as client,
        client.stream("GET", f"{base}/api/v1/stream", headers=auth) as response,
    ):
        out.put({"status": response.status_code})
        event: dict[str, Any] = {}
        for line in response.iter_lines():
            if line.startswith("id: "):
                event["id"] = line[4:]
            elif line.startswith("event: "):
                event["event"] = line[7:]
            elif line.startswith("data: "):
                event["data"] = json.loads(line[6:])
            elif line == "" and "event" in event:
                out.put(event)
                event = {}
            elif line == "":
                event = {}


def _subscribe(base: str, key: str, **headers: str) -> queue.Queue[dict[str, Any]]:
    events: queue.Queue[dict[str, Any]] = queue.Queue()
    threading.Thread(target=_listen, args=(base, key, events), kwargs=headers, daemon=True).start()
    assert events.get(timeout=10) == {"status": 200}
    return events


def _file(base: str, key: str, external_id: str, **marking: Any) -> None:
    report = {
        "external_id": external_id,
        "identifiers": [{"value": "+66 81 234 5678", "type": "phone", "role": "caller"}],
        **marking,
    }
    response = httpx.post(
        f"{base}/api/v1/reports", json=report, headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code in (200, 201), response.text


def test_partner_sees_a_shared_report_and_an_alert_within_seconds(
    live_server: tuple[str, Members],
) -> None:
    base, members = live_server
    th = _subscribe(base, members.keys["TH-CCIB"])
    _file(base, members.keys["TH-CCIB"], "th-1", tlp="GREEN")
    _file(base, members.keys["CN-AFC"], "cn-1", tlp="GREEN")
    kinds = {}
    for _ in range(2):
        event = th.get(timeout=10)
        kinds[event["event"]] = event["data"]
    assert kinds["report"]["external_id"] == "cn-1"  # its own th-1 is not echoed
    assert kinds["alert"]["kind"] == "operation-link"


def test_feed_never_carries_what_policy_hides(live_server: tuple[str, Members]) -> None:
    base, members = live_server
    ph = _subscribe(base, members.keys["PH-CICC"])
    _file(base, members.keys["CN-AFC"], "cn-red", tlp="RED", recipients=["TH-CCIB"])
    _file(base, members.keys["CN-AFC"], "cn-clear", tlp="CLEAR")
    event = ph.get(timeout=10)
    assert event["data"]["external_id"] == "cn-clear"
    assert ph.empty()


def test_reconnecting_with_last_event_id_resumes_without_gaps_or_repeats(
    live_server: tuple[str, Members],
) -> None:
    base, members = live_server
    th = _subscribe(base, members.keys["TH-CCIB"])
    _file(base, members.keys["CN-AFC"], "cn-a", tlp="GREEN")
    first = th.get(timeout=10)
    _file(base, members.keys["CN-AFC"], "cn-b", tlp="GREEN")
    _file(base, members.keys["CN-AFC"], "cn-c", tlp="GREEN")
    resumed = _subscribe(base, members.keys["TH-CCIB"], **{"Last-Event-ID": first["id"]})
    seen = [resumed.get(timeout=10)["data"].get("external_id") for _ in range(2)]
    assert seen == ["cn-b", "cn-c"]


def test_a_malformed_resume_position_is_a_clear_error(live_server: tuple[str, Members]) -> None:
    base, members = live_server
    response = httpx.get(
        f"{base}/api/v1/stream",
        headers={"Authorization": f"Bearer {members.keys['TH-CCIB']}", "Last-Event-ID": "x"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Last-Event-ID"

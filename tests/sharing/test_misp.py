"""MISP events in (files and feeds, parsed by pymisp) and operations out (loaded back by pymisp)."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path
from typing import Any

import pytest
from pymisp import MISPEvent

from safemekong.errors import InvalidInput, NotFound
from safemekong.policy import NODE_ADMIN
from safemekong.sharing.misp import events_of, fetch_feed, read_events
from safemekong.sharing.service import Sharing
from tests.conftest import Members, make_members
from tests.intel.test_ingest import file_one
from tests.sharing.support import full_report

EVENT_UUID = "5f3e1c2a-7b7d-4f5e-9c1a-0d2b3c4d5e6f"


def _attribute(kind: str, value: str, **more: Any) -> dict[str, Any]:
    return {"type": kind, "value": value, "category": "Financial fraud", "to_ids": True, **more}


def _object(name: str, **attributes: str) -> dict[str, Any]:
    return {
        "name": name,
        "meta-category": "financial",
        "Attribute": [
            {"object_relation": relation.replace("_", "-"), "type": "text", "value": value}
            for relation, value in attributes.items()
        ],
    }


def misp_event(uuid: str = EVENT_UUID, **more: Any) -> dict[str, Any]:
    """A MISP event as MISP exports it, with the attribute types and objects scams use."""
    event = {
        "uuid": uuid,
        "info": "Fake USDT investment platform reported by victims in Bangkok",
        "date": "2026-10-30",
        "threat_level_id": "2",
        "analysis": "1",
        "distribution": "1",
        "Orgc": {"name": "TH-CCIB", "uuid": "11111111-2222-4333-8444-555555555555"},
        "Tag": [{"name": "tlp:amber+strict"}, {"name": 'safemekong:typology="investment"'}],
        "Attribute": [
            _attribute("phone-number", "+66 81 234 5678"),
            _attribute("iban", "DE89 3704 0044 0532 0130 00"),
            _attribute("btc", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"),
            _attribute("url", "https://usdt-invest.example.com/register?fbclid=abc"),
            _attribute("domain", "usdt-invest.example.net"),
            _attribute("email-src", "support@usdt-invest.example.com"),
            _attribute(
                "xmr",
                "4AdUndXHHZ6cfufTMvppY6JwXNouMBzSkbLYfpAV5Usx3skxNgYeYTRj5UzqtReoS44qo9mtmXCqY45DJ852K5Jv2684Rge",
            ),
            _attribute("phone-number", "12"),
        ],
        "Object": [
            _object("bank-account", account="123-4-56789-0", institution_name="Kasikornbank"),
            _object(
                "coin-address", address_crypto="TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", symbol="TRX"
            ),
            _object("telegram-account", username="kenny_trade", phone="+66 81 234 5679"),
            _object("user-account", username="kenny.trade", account_type="LINE"),
        ],
    }
    event.update(more)
    return {"Event": event}


def _keys(members: Members, report_id: int) -> set[str]:
    stored = members.hub.get_report(NODE_ADMIN, report_id)
    return {i["key"] for i in stored["identifiers"] if not i["derived"]}


def test_misp_event_becomes_a_report_with_scam_identifiers(members: Members) -> None:
    result = Sharing(members.hub).import_misp(members.principal("TH-CCIB"), [misp_event()])
    assert result["created"] == 1, result
    stored = members.hub.get_report(NODE_ADMIN, result["accepted"][0]["id"])
    assert stored["external_id"] == f"misp:{EVENT_UUID}"
    assert (stored["typology"], stored["tlp"], stored["received_at"][:10]) == (
        "investment",
        "AMBER+STRICT",
        "2026-10-30",
    )
    assert _keys(members, stored["id"]) == {
        "phone:+66812345678",
        "phone:+66812345679",
        "bank:DE:iban:DE89370400440532013000",
        "bank:TH:004:1234567890",
        "wallet:btc:1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
        "wallet:tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
        "url:https://usdt-invest.example.com/register",
        "domain:example.net",
        "email:support@usdt-invest.example.com",
        "handle:telegram:kenny_trade",
        "handle:line:kenny.trade",
    }
    roles = {i["key"]: i["role"] for i in stored["identifiers"]}
    assert roles["bank:TH:004:1234567890"] == "receiving-account"
    assert roles["handle:telegram:kenny_trade"] == "chat-contact"
    reasons = " | ".join(s["reason"] for s in result["skipped"])
    assert "'xmr'" in reasons and "phone '12'" in reasons


def test_feed_directory_imports_each_event_and_keeps_good_ones(
    members: Members, tmp_path: Path
) -> None:
    feed = tmp_path / "feed"
    feed.mkdir()
    second = "6a4f2d3b-8c8e-4a6f-8d2b-1e3c4d5e6f70"
    broken = "7b5a3e4c-9d9f-4b7a-9e3c-2f4d5e6f7081"
    (feed / f"{EVENT_UUID}.json").write_text(json.dumps(misp_event()))
    (feed / f"{second}.json").write_text(json.dumps(misp_event(second, date="2026-10-31")))
    (feed / f"{broken}.json").write_text(json.dumps({"Event": {"Attribute": "not a list"}}))
    manifest = {
        uuid: {"info": "x", "Orgc": {"name": "TH-CCIB"}} for uuid in (EVENT_UUID, second, broken)
    }
    (feed / "manifest.json").write_text(json.dumps(manifest))

    events = read_events(feed)
    result = Sharing(members.hub).import_misp(members.principal("TH-CCIB"), events)
    assert result["created"] == 2
    assert [i["index"] for i in result["invalid"]] == [2]
    again = Sharing(members.hub).import_misp(members.principal("TH-CCIB"), read_events(feed))
    assert (again["created"], again["unchanged"]) == (0, 2)


def test_misp_files_hold_one_event_a_list_or_a_search_response() -> None:
    one = misp_event()
    assert events_of(one) == [one]
    assert events_of([one, one]) == [one, one]
    assert events_of({"response": [one]}) == [one]


def test_operation_exports_as_a_misp_event_pymisp_loads_back_and_reimports(
    members: Members, tmp_path: Path
) -> None:
    accepted = file_one(members, "TH-CCIB", full_report("TH-1", tlp="AMBER"))
    exported = Sharing(members.hub).export_operation_misp(NODE_ADMIN, accepted["operation_id"])

    again = Sharing(members.hub).export_operation_misp(NODE_ADMIN, accepted["operation_id"])
    uuids = [a["uuid"] for a in exported["Event"]["Attribute"] + exported["Event"]["Object"]]
    assert uuids == [a["uuid"] for a in again["Event"]["Attribute"] + again["Event"]["Object"]]
    assert exported["Event"]["uuid"] == again["Event"]["uuid"] and len(set(uuids)) == len(uuids)

    loaded = MISPEvent()
    loaded.load(json.dumps(exported))
    assert loaded.info.startswith(f"SafeMekong operation {accepted['operation_id']}")
    assert {tag.name for tag in loaded.tags} >= {
        "tlp:amber",
        'safemekong:typology="pig-butchering"',
    }
    assert {a.type for a in loaded.attributes} >= {"phone-number", "url", "btc", "passport-number"}
    assert {o.name for o in loaded.objects} >= {
        "bank-account",
        "coin-address",
        "user-account",
        "file",
    }

    other = make_members(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        result = Sharing(other.hub).import_misp(NODE_ADMIN, [exported], "TH-CCIB")
        assert result["created"] == 1 and result["skipped"] == [], result
        assert _keys(other, result["accepted"][0]["id"]) == _keys(members, accepted["id"])
        stored = other.hub.get_report(NODE_ADMIN, result["accepted"][0]["id"])
        assert stored["tlp"] == "AMBER"
    finally:
        other.hub.close()


def test_misp_export_of_an_invisible_operation_is_not_found(members: Members) -> None:
    accepted = file_one(members, "TH-CCIB", full_report("TH-1", tlp="RED"))
    with pytest.raises(NotFound):
        Sharing(members.hub).export_operation_misp(
            members.principal("CN-AFC"), accepted["operation_id"]
        )


def test_feed_served_over_http_is_fetched_and_imported(members: Members, tmp_path: Path) -> None:
    """A real HTTP server on 127.0.0.1 serves the feed, as a MISP instance or CDN would."""
    feed = tmp_path / "feed"
    feed.mkdir()
    (feed / f"{EVENT_UUID}.json").write_text(json.dumps(misp_event()))
    (feed / "manifest.json").write_text(json.dumps({EVENT_UUID: {"info": "x"}}))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(feed))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        events = fetch_feed(url)
        with pytest.raises(InvalidInput, match="HTTP 404"):
            fetch_feed(url + "missing/")
    finally:
        server.shutdown()
        thread.join(timeout=10)
    result = Sharing(members.hub).import_misp(members.principal("TH-CCIB"), events)
    assert result["created"] == 1

"""Tracing over the ledger: endpoints, hops, paths and who may trace what.

The case (tests/trail/data/case.csv): the victim pays 1,000 THB (t1) into mule M1, which held
500 clean THB (t0) and pays 600 to M2 (t2) and 700 to M3 (t3); M2 pays 600 to an exchange's
deposit account (t4). Under FIFO, t2 carries 100 traced THB, t3 700, and 200 stay in M1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from safemekong.errors import InvalidInput, NotFound
from safemekong.policy import NODE_ADMIN
from safemekong.trail.service import Trail
from tests.conftest import Members
from tests.trail.support import write_csv

M1, M2, M3 = "bank:TH:004:2000000001", "bank:TH:006:4000000001", "bank:TH:006:4000000002"
EXCHANGE = "bank:TH:014:5000000001"


def _endpoints(result: dict) -> dict[str, tuple[str, float, int]]:  # type: ignore[type-arg]
    return {e["key"]: (e["reason"], e["amount_traced"], e["hops"]) for e in result["endpoints"]}


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (
            "fifo",
            {M1: ("holding", 200.0, 1), M3: ("holding", 700.0, 2), EXCHANGE: ("service", 100.0, 3)},
        ),
        ("lifo", {M3: ("holding", 400.0, 2), EXCHANGE: ("service", 600.0, 3)}),
        (
            "haircut",
            {
                M1: ("holding", 133.333333, 1),
                M3: ("holding", 466.666667, 2),
                EXCHANGE: ("service", 400.0, 3),
            },
        ),
        ("poison", {M3: ("holding", 700.0, 2), EXCHANGE: ("service", 600.0, 3)}),
    ],
)
def test_victim_payment_reaches_the_endpoints_worked_out_by_hand(
    case: Members, rule: str, expected: dict[str, tuple[str, float, int]]
) -> None:
    th = case.principal("TH-CCIB")
    result = case.hub.trail.trace(th, ["tx:t1"], rule=rule).to_json()
    assert _endpoints(result) == expected


def test_exchange_endpoint_carries_its_tag_and_times(case: Members) -> None:
    result = case.hub.trail.trace(case.principal("TH-CCIB"), ["tx:t1"]).to_json()
    exchange = next(e for e in result["endpoints"] if e["key"] == EXCHANGE)
    assert exchange["tag"] == {
        "kind": "exchange",
        "label": "Exchange fiat deposit account",
        "actor": "bitkub",
    }
    assert exchange["first_time"] == exchange["last_time"] == "2026-03-01T06:00:00Z"
    assert exchange["transactions"] == ["t4"]


def test_every_hop_of_a_path_is_explained(case: Members) -> None:
    result = case.hub.trail.trace(case.principal("TH-CCIB"), ["tx:t1"]).to_json()
    path = next(p for p in result["paths"] if p["endpoint"] == EXCHANGE)
    assert [s["tx_id"] for s in path["steps"]] == ["t1", "t2", "t4"]
    assert [s["hop"] for s in path["steps"]] == [1, 2, 3]
    assert path["steps"][1]["explanation"] == (
        f"fifo: 100.00 of 600.00 THB traced, from traced inflow(s) t1 (100.00) into {M1}"
    )


def test_hop_limit_stops_the_trace_and_says_so(case: Members) -> None:
    result = case.hub.trail.trace(case.principal("TH-CCIB"), ["tx:t1"], hops=2).to_json()
    assert _endpoints(result) == {
        M1: ("holding", 200.0, 1),
        M2: ("hop-limit", 100.0, 2),
        M3: ("hop-limit", 700.0, 2),
    }


def test_an_account_seed_traces_all_of_its_outgoing_funds(case: Members) -> None:
    result = case.hub.trail.trace(case.principal("TH-CCIB"), [M2]).to_json()
    assert _endpoints(result) == {EXCHANGE: ("service", 600.0, 1)}
    assert result["seeded"] == {"THB": 600.0}


def test_a_hub_is_reported_not_exploded(trail: Trail, tmp_path: Path) -> None:
    hub = "bank:TH:014:7000000001"
    rows = [
        "v1,2026-03-01T00:00:00Z,bank:TH:002:1000000001,bank:TH:004:2000000001,100,THB",
        f"v2,2026-03-01T01:00:00Z,bank:TH:004:2000000001,{hub},100,THB",
    ]
    rows += [f"h{i},2026-03-01T02:00:00Z,{hub},bank:TH:006:40000{i:05d},1,THB" for i in range(30)]
    trail.import_file(NODE_ADMIN, write_csv(tmp_path / "hub.csv", rows), "csv")
    result = trail.trace(NODE_ADMIN, ["tx:v1"], hub_limit=20).to_json()
    assert _endpoints(result) == {hub: ("hub", 100.0, 2)}


def test_later_traced_money_into_an_account_is_counted_once(trail: Trail, tmp_path: Path) -> None:
    # Two victims pay the same mule at different hops; the mule's outflow is recomputed.
    v1, v2, mule, out = (
        "bank:TH:002:1000000001",
        "bank:TH:002:1000000002",
        "bank:TH:004:2000000001",
        "bank:TH:006:4000000001",
    )
    rows = [
        f"a,2026-03-01T00:00:00Z,{v1},{mule},100,THB",
        f"b,2026-03-01T00:30:00Z,{v2},bank:TH:004:2000000009,50,THB",
        f"c,2026-03-01T00:40:00Z,bank:TH:004:2000000009,{mule},50,THB",
        f"d,2026-03-01T01:00:00Z,{mule},{out},150,THB",
    ]
    trail.import_file(NODE_ADMIN, write_csv(tmp_path / "two.csv", rows), "csv")
    result = trail.trace(NODE_ADMIN, ["tx:a", "tx:b"]).to_json()
    assert _endpoints(result) == {out: ("holding", 150.0, 2)}
    assert result["seeded"] == {"THB": 150.0}


def test_another_agencys_amber_transfers_are_invisible(case: Members) -> None:
    with pytest.raises(NotFound):
        case.hub.trail.trace(case.principal("CN-AFC"), ["tx:t1"])


def test_green_transfers_are_shared_with_every_member(sqlite_members: Members) -> None:
    from tests.trail.support import DATA

    trail = sqlite_members.hub.trail
    trail.import_file(sqlite_members.principal("TH-CCIB"), DATA / "case.csv", "csv", tlp="GREEN")
    result = trail.trace(sqlite_members.principal("CN-AFC"), ["tx:t1"]).to_json()
    assert {e["key"] for e in result["endpoints"]} == {M1, M3, EXCHANGE}  # untagged for CN


def test_bad_rule_hops_and_seed_are_invalid_input(case: Members) -> None:
    th = case.principal("TH-CCIB")
    with pytest.raises(InvalidInput, match="rule"):
        case.hub.trail.trace(th, ["tx:t1"], rule="lofi")
    with pytest.raises(InvalidInput, match="hops"):
        case.hub.trail.trace(th, ["tx:t1"], hops=0)
    with pytest.raises(InvalidInput, match="seed"):
        case.hub.trail.trace(th, ["not an account"])


def test_amber_transfers_shared_with_a_named_recipient_reach_only_that_agency(
    sqlite_members: Members,
) -> None:
    from tests.trail.support import DATA

    trail = sqlite_members.hub.trail
    th = sqlite_members.principal("TH-CCIB")
    trail.import_file(th, DATA / "case.csv", "csv", tlp="AMBER", recipients=["CN-AFC"])
    assert trail.trace(sqlite_members.principal("CN-AFC"), ["tx:t1"]).endpoints
    with pytest.raises(NotFound):
        trail.trace(sqlite_members.principal("PH-CICC"), ["tx:t1"])


def test_sharing_scopes_resolve_in_either_store(
    members: Members, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the ledger lives in ./safemekong-data/; scopes come from the SQL store."""
    from tests.trail.support import DATA

    monkeypatch.chdir(tmp_path)
    trail = members.hub.trail
    trail.import_file(
        members.principal("TH-CCIB"), DATA / "case.csv", "csv", recipients=["PH-CICC"]
    )
    assert trail.trace(members.principal("PH-CICC"), ["tx:t1"]).endpoints
    with pytest.raises(NotFound):
        trail.trace(members.principal("CN-AFC"), ["tx:t1"])


def test_endpoints_named_in_victim_reports_say_so(case: Members) -> None:
    th = case.principal("TH-CCIB")
    report = {
        "external_id": "TH-9",
        "typology": "investment",
        "identifiers": [{"value": M3, "type": "bank", "role": "receiving-account"}],
    }
    assert case.hub.file_reports(th, [report]).accepted
    result = case.hub.trail.trace(th, ["tx:t1"]).to_json()
    assert {e["key"]: e["reported"] for e in result["endpoints"]} == {
        M1: False,
        M3: True,
        EXCHANGE: False,
    }

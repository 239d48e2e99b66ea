"""Where a new user may start a trace, and what the ledger holds: only what they may see."""

from __future__ import annotations

import pytest

from safemekong.errors import InvalidInput
from safemekong.trail.service import Trail
from tests.conftest import Members
from tests.trail.support import DATA


def test_an_empty_ledger_offers_no_starting_point(trail: Trail, sqlite_members: Members) -> None:
    th = sqlite_members.principal("TH-CCIB")
    assert trail.starting_points(th) == {"accounts": [], "transfers": []}
    assert trail.stats(th) == {"transfers": 0, "first": None, "last": None}


def test_without_mule_tags_the_latest_transfers_are_offered(
    trail: Trail, sqlite_members: Members
) -> None:
    th = sqlite_members.principal("TH-CCIB")
    trail.import_file(th, DATA / "case.csv", "csv")
    found = trail.starting_points(th, limit=2)
    assert found["accounts"] == []
    assert [t["seed"] for t in found["transfers"]] == ["tx:t4", "tx:t3"]
    assert found["transfers"][0] == {
        "seed": "tx:t4",
        "tx_id": "t4",
        "time": "2026-03-01T06:00:00Z",
        "from": "bank:TH:006:4000000001",
        "to": "bank:TH:014:5000000001",
        "amount": 600.0,
        "currency": "THB",
    }


def test_a_tagged_mule_account_and_the_money_paid_into_it_are_offered(case: Members) -> None:
    th = case.principal("TH-CCIB")
    found = case.hub.trail.starting_points(th)
    assert found["accounts"] == [
        {"key": "bank:TH:004:2000000001", "kind": "mule", "label": "Rented account"}
    ]
    # The victim's payment (the newest) and the clean funds before it, both into the mule.
    assert [t["seed"] for t in found["transfers"]] == ["tx:t1", "tx:t0"]
    traced = case.hub.trail.trace(th, [found["transfers"][0]["seed"]]).to_json()
    assert traced["transfers"], "an offered seed starts a trace"


def test_another_agency_is_offered_nothing_of_amber_transfers(case: Members) -> None:
    cn = case.principal("CN-AFC")
    assert case.hub.trail.starting_points(cn) == {"accounts": [], "transfers": []}
    assert case.hub.trail.stats(cn)["transfers"] == 0


def test_stats_count_the_visible_transfers_and_their_time_span(case: Members) -> None:
    assert case.hub.trail.stats(case.principal("TH-CCIB")) == {
        "transfers": 6,
        "first": "2026-03-01T01:00:00Z",
        "last": "2026-03-01T06:00:00Z",
    }


def test_the_number_of_starting_points_is_bounded(case: Members) -> None:
    with pytest.raises(InvalidInput, match="limit"):
        case.hub.trail.starting_points(case.principal("TH-CCIB"), limit=0)

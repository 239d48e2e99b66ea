"""Crossing rails: baht into an OTC desk's bank account, USDT out of the same desk's wallet."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from safemekong.policy import NODE_ADMIN
from safemekong.trail.conversion import Rate, RateTable, match_conversions
from safemekong.trail.rules import Move
from safemekong.trail.service import Trail
from tests.trail.support import tron_address, write_csv

MULE, OTC_BANK = "bank:TH:006:4000000002", "bank:TH:014:6000000001"
OTC_WALLET, PAYEE, EXCHANGE = (f"wallet:tron:{tron_address(n)}" for n in (61, 62, 63))
MIN = 60_000_000


def _setup(trail: Trail, tmp_path: Path, usdt_out: str = "20.00") -> None:
    rows = [
        f"v,2026-03-01T05:00:00Z,bank:TH:002:1000000001,{MULE},700.00,THB",
        f"o1,2026-03-01T05:30:00Z,{MULE},{OTC_BANK},700.00,THB",
        f"u0,2026-03-01T05:35:00Z,{OTC_WALLET},wallet:tron:{tron_address(64)},50.00,USDT",
        f"u1,2026-03-01T05:40:00Z,{OTC_WALLET},{PAYEE},{usdt_out},USDT",
        f"u2,2026-03-01T06:00:00Z,{PAYEE},{EXCHANGE},{usdt_out},USDT",
    ]
    trail.import_file(NODE_ADMIN, write_csv(tmp_path / "otc.csv", rows), "csv")
    tags = tmp_path / "tags.csv"
    tags.write_text(
        "key,kind,label,actor,source\n"
        f"{OTC_BANK},otc-desk,Sun OTC baht account,sun-otc,case file\n"
        f"{OTC_WALLET},otc-desk,Sun OTC USDT wallet,sun-otc,case file\n"
        f"{EXCHANGE},exchange,Exchange deposit address,binance,case file\n"
    )
    trail.import_tags(NODE_ADMIN, tags)
    rates = tmp_path / "rates.csv"
    rates.write_text("date,base,quote,rate\n2026-02-28,USDT,THB,35.0\n2026-03-02,USDT,THB,99\n")
    assert trail.import_rates(NODE_ADMIN, rates)["accepted"] == 2


def test_baht_into_an_otc_desk_continues_as_usdt_to_the_exchange(
    trail: Trail, tmp_path: Path
) -> None:
    _setup(trail, tmp_path)
    result = trail.trace(NODE_ADMIN, ["tx:v"]).to_json()
    assert [
        (e["key"], e["reason"], e["amount_traced"], e["currency"]) for e in result["endpoints"]
    ] == [(EXCHANGE, "service", 20.0, "USDT")]
    path = result["paths"][0]
    assert [s["tx_id"] for s in path["steps"]] == ["v", "o1", "u1", "u2"]
    hop = path["steps"][2]
    assert hop["conversion"] is True
    # 700 THB at 35 THB per USDT (the rate of 2026-02-28, the latest on or before the day) = 20.
    assert "at 0.0285714 THB→USDT (rates table, 2026-02-28)" in hop["explanation"]
    assert "5 min" not in hop["explanation"] and "10 min later" in hop["explanation"]


def test_an_amount_outside_the_tolerance_is_not_a_conversion(trail: Trail, tmp_path: Path) -> None:
    _setup(trail, tmp_path, usdt_out="25.00")
    result = trail.trace(NODE_ADMIN, ["tx:v"]).to_json()
    # Neither payout (50 and 25 USDT for 20 expected) matches: the money stops at the desk.
    assert [(e["key"], e["reason"], e["amount_traced"]) for e in result["endpoints"]] == [
        (OTC_BANK, "service", 700.0)
    ]


def test_match_takes_the_first_payout_in_the_window_and_respects_time() -> None:
    rates = RateTable([Rate(date(1970, 1, 1), "USDT", "THB", 35.0)])  # times below are 1970
    inflow = Move(1, 100 * MIN, "in", MULE, OTC_BANK, 3500.0, "THB")
    early = Move(2, 90 * MIN, "early", OTC_WALLET, PAYEE, 100.0, "USDT")
    late = Move(3, 100 * MIN + 7 * 60 * MIN, "late", OTC_WALLET, PAYEE, 100.0, "USDT")
    good = Move(4, 130 * MIN, "good", OTC_WALLET, PAYEE, 99.0, "USDT")
    matched = match_conversions([(inflow, 1750.0)], [early, late, good], rates)
    assert [(c.outflow.tx_id, round(c.traced, 6)) for c in matched] == [("good", 49.5)]


def test_rates_file_lists_bad_lines(trail: Trail, tmp_path: Path) -> None:
    path = tmp_path / "rates.csv"
    path.write_text(
        "date,base,quote,rate\n2026-03-01,USDT,THB,35\n03/01/2026,USDT,THB,1\n2026-03-01,USDT,THB,-1\n"
    )
    result = trail.import_rates(NODE_ADMIN, path)
    assert result["accepted"] == 1
    assert [(e["line"], e["reason"]) for e in result["errors"]] == [
        (3, "date: '03/01/2026' is not an ISO date"),
        (4, "rate: must be positive"),
    ]


@pytest.mark.parametrize(("window", "tolerance"), [(0, 0.03), (6, 1.5)])
def test_window_and_tolerance_are_checked(trail: Trail, window: float, tolerance: float) -> None:
    from safemekong.errors import InvalidInput

    with pytest.raises(InvalidInput):
        trail.trace(
            NODE_ADMIN, ["bank:TH:004:2000000001"], window_hours=window, tolerance=tolerance
        )

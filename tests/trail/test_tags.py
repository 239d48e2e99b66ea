"""Tags from analysts' CSV, GraphSense TagPacks and OFAC lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from safemekong.errors import InvalidInput
from safemekong.trail.tags import read_csv_tags, read_ofac, read_tagpack, read_tags
from tests.trail.support import DATA, SHARED, tron_address

PACKS = SHARED / "graphsense-tagpacks"


def test_analyst_csv_keeps_good_tags_and_lists_bad_lines() -> None:
    result = read_tags(DATA / "case_tags.csv")
    assert [(r.key, r.kind, r.actor) for r in result.rows] == [
        ("bank:TH:014:5000000001", "exchange", "bitkub"),
        ("bank:TH:004:2000000001", "mule", None),
    ]
    assert result.errors == [
        {
            "line": 4,
            "reason": "key: bank 'bank:TH:004:999': a TH account number has 10 or 12 digits, not 3",
        }
    ]


def test_unknown_kind_is_reported_with_the_choices() -> None:
    result = read_csv_tags("key,kind,label\nbank:TH:004:2000000001,casino,x\n", "x.csv")
    assert result.errors[0]["line"] == 2
    assert "kind 'casino' is not one of exchange" in result.errors[0]["reason"]


def test_tagpack_yaml_maps_category_actor_and_chain() -> None:
    address = tron_address(9)
    text = f"""title: Test exchange
category: exchange
actor: testex
tags:
- address: '{address}'
  currency: TRX
  label: testex hot wallet
- address: 'not-an-address'
  currency: TRX
"""
    result = read_tagpack(text, "pack.yaml")
    assert [(r.key, r.kind, r.label, r.actor) for r in result.rows] == [
        (f"wallet:tron:{address}", "exchange", "testex hot wallet", "testex")
    ]
    assert result.errors[0]["line"] == "tags[1]"


def test_ofac_list_tags_each_address_sanctioned() -> None:
    result = read_ofac(f"{tron_address(3)}\n\nbadaddr\n", "sanctioned_addresses_TRX.txt")
    assert [r.kind for r in result.rows] == ["sanctioned"]
    assert result.errors[0]["line"] == 3


def test_a_yaml_without_tags_is_not_a_tagpack(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("title: nothing\n")
    with pytest.raises(InvalidInput, match="TagPack"):
        read_tags(path)


@pytest.mark.skipif(not PACKS.exists(), reason="GraphSense TagPacks absent")
def test_binance_tagpack_yields_tron_exchange_wallets() -> None:
    result = read_tags(PACKS / "exchange-wallets-binance.yaml")
    tron = [r for r in result.rows if r.key.startswith("wallet:tron:")]
    assert tron and all(r.kind == "exchange" and r.actor == "binance" for r in tron)
    assert "wallet:tron:TMuA6YqfCeX8EhbfYEg5y7S4DqzSJireY9" in {r.key for r in tron}

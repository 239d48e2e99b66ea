"""The demo world that `make demo` serves: agencies, keys, a bilateral group, linked reports."""

from __future__ import annotations

import json
from pathlib import Path

from safemekong.demo import DEMO_KEY_AGENCIES, load_demo
from safemekong.hub import Hub
from safemekong.policy import NODE_ADMIN


def test_demo_world_gives_working_keys_and_a_cn_th_group(sqlite_url: str, tmp_path: Path) -> None:
    hub = Hub.open(sqlite_url)
    keys_file = tmp_path / "demo-keys.json"
    keys = load_demo(hub, keys_file, scale=300)
    assert set(DEMO_KEY_AGENCIES) <= set(keys)
    assert json.loads(keys_file.read_text()) == keys
    assert {
        "name": "CN-TH",
        "description": "demo bilateral group",
        "agencies": ["CN-AFC", "TH-CCIB"],
    } in hub.list_groups(NODE_ADMIN)
    analyst = hub.authenticate(keys["TH-CCIB"])
    assert hub.list_operations(analyst, limit=3)
    # Loading again leaves the store as it is and hands back the same keys.
    assert load_demo(hub, keys_file, scale=300) == keys
    hub.close()

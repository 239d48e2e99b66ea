"""Leak matrix: random agencies' groups, markings and reports; every read path against an oracle.

Hypothesis draws sharing groups, an optional export rule and reports with random markings
over a small pool of shared values (so reports link into operations). For every agency, each
read path must show exactly what an independent statement of the TLP rules allows: no object,
no count and no existence bit more or less. ``SAFEMEKONG_LEAK_EXAMPLES`` raises the number of
drawn worlds (the benchmark runs enough for well over 10,000 checked cases).
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safemekong.errors import NotFound
from safemekong.hub import Hub
from safemekong.intel.warninglist import WarningList
from safemekong.policy import NODE_ADMIN
from safemekong.policy.principals import Principal
from safemekong.sharing.extensions import derived_id
from safemekong.sharing.federation import Peer, reports_to_push
from safemekong.sharing.taxii import MAX_LIMIT, VISIBLE, Filters, Taxii
from safemekong.store import open_store

AGENCIES = {"TH-A": "TH", "TH-B": "TH", "CN-A": "CN", "PH-A": "PH", "MM-A": "MM"}
CODES = sorted(AGENCIES)
VALUES = ["+66812345671", "+66812345672", "+66812345673", "+66812345674"]
TLPS = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]
EXAMPLES = int(os.environ.get("SAFEMEKONG_LEAK_EXAMPLES", "25"))
CASES_OUT = os.environ.get("SAFEMEKONG_LEAK_CASES_OUT")


@dataclass(frozen=True)
class Drawn:
    owner: str
    tlp: str
    groups: tuple[str, ...]
    recipients: tuple[str, ...]
    approved: bool
    values: tuple[str, ...]


reports_strategy = st.lists(
    st.builds(
        Drawn,
        owner=st.sampled_from(CODES),
        tlp=st.sampled_from(TLPS),
        groups=st.lists(st.sampled_from(["G1", "G2"]), max_size=2, unique=True).map(tuple),
        recipients=st.lists(st.sampled_from(CODES), max_size=2, unique=True).map(tuple),
        approved=st.booleans(),
        values=st.lists(st.sampled_from(VALUES), min_size=1, max_size=2, unique=True).map(tuple),
    ),
    min_size=1,
    max_size=8,
)
groups_strategy = st.fixed_dictionaries(
    {
        "G1": st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True),
        "G2": st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True),
    }
)


def reaches(report: Drawn, viewer: str, groups: dict[str, list[str]], restricted: bool) -> bool:
    """The TLP 2.0 rules of docs/sharing.md, stated independently of the implementation."""
    if viewer == report.owner:
        return True
    kept_home = restricted and AGENCIES[report.owner] == "CN" and not report.approved
    if kept_home and AGENCIES[viewer] != "CN":
        return False
    in_groups = any(viewer in groups[g] for g in report.groups)
    named = viewer in report.recipients
    if report.tlp == "CLEAR":
        return True
    if report.tlp == "GREEN":
        return in_groups or named if (report.groups or report.recipients) else True
    if report.tlp == "RED":
        return named
    return in_groups or named


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A migrated store with the agencies and their keys, copied for every drawn world."""
    path = tmp_path_factory.mktemp("leaks") / "template.db"
    hub = Hub(open_store(f"sqlite:///{path}"), WarningList.default())
    keys = {}
    for code, country in AGENCIES.items():
        hub.add_agency(NODE_ADMIN, code, country, code)
        keys[code] = hub.create_key(NODE_ADMIN, code, "analyst")["key"]
    hub.close()
    return path, keys


CASES: Counter[str] = Counter()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=reports_strategy, groups=groups_strategy, restricted=st.booleans())
def test_no_read_path_discloses_more_or_less_than_policy_allows(
    template: tuple[Path, dict[str, str]],
    tmp_path: Path,
    drawn: list[Drawn],
    groups: dict[str, list[str]],
    restricted: bool,
) -> None:
    path, keys = template
    world = tmp_path / f"world-{os.getpid()}-{len(CASES)}-{sum(CASES.values())}.db"
    shutil.copy(path, world)
    hub = Hub(open_store(f"sqlite:///{world}"), WarningList.default())
    try:
        _check_world(hub, keys, drawn, groups, restricted)
    finally:
        hub.close()
        world.unlink()
    if CASES_OUT:
        Path(CASES_OUT).write_text(json.dumps(dict(CASES)))


def _check_world(
    hub: Hub,
    keys: dict[str, str],
    drawn: list[Drawn],
    groups: dict[str, list[str]],
    restricted: bool,
) -> None:
    for name, codes in groups.items():
        hub.create_group(NODE_ADMIN, name, codes)
    # An agency shares only with groups it is in (others are refused as unknown).
    drawn = [replace(d, groups=tuple(g for g in d.groups if d.owner in groups[g])) for d in drawn]
    if restricted:
        hub.add_export_rule(NODE_ADMIN, "CN", "PIPL Art. 41")
    ids: list[int] = []
    for index, report in enumerate(drawn):
        item: dict[str, Any] = {
            "external_id": f"r{index}",
            "tlp": report.tlp,
            "recipients": list(report.recipients),
            "identifiers": [{"value": v, "type": "phone"} for v in report.values],
        }
        if report.tlp != "RED":
            item["sharing_groups"] = list(report.groups)
        if report.approved:
            item["approval_ref"] = "APPROVAL-1"
        result = hub.file_reports(hub.authenticate(keys[report.owner]), [item]).to_json()
        assert not result["rejected"], result
        ids.append(int(result["accepted"][0]["id"]))
    drawn = [
        d if d.tlp != "RED" else Drawn(d.owner, d.tlp, (), d.recipients, d.approved, d.values)
        for d in drawn
    ]
    operation_of = {r["id"]: r["operation_id"] for r in hub.list_reports(NODE_ADMIN, limit=500)}

    for viewer in CODES:
        principal = hub.authenticate(keys[viewer])
        allowed = {
            rid for rid, d in zip(ids, drawn, strict=True) if reaches(d, viewer, groups, restricted)
        }
        for rid in ids:  # one report at a time
            try:
                hub.get_report(principal, rid)
                seen = True
            except NotFound:
                seen = False
            assert seen == (rid in allowed), (viewer, rid)
            CASES["get_report"] += 1
        listed = {r["id"] for r in hub.list_reports(principal, limit=500)}
        assert listed == allowed
        CASES["list_reports"] += len(ids)
        for value in VALUES:  # lookups, with counts and contacts
            holders = [(rid, d) for rid, d in zip(ids, drawn, strict=True) if value in d.values]
            answer = hub.lookup(principal, value)
            shown = {s["report_id"] for s in answer["sightings"]}
            assert shown == {rid for rid, _ in holders if rid in allowed}
            assert answer["sightings_total"] == len(shown)
            assert answer["identifier"]["known"] == bool(shown)
            hidden_amber = {
                d.owner
                for rid, d in holders
                if rid not in allowed and d.tlp in ("AMBER", "AMBER+STRICT")
            }
            assert {c["agency"] for c in answer["contacts"]} == hidden_amber
            if answer["operation"] is not None:
                op = answer["operation"]["id"]
                assert answer["operation"]["reports"] == sum(
                    1 for rid in allowed if operation_of[rid] == op
                )
            CASES["lookup"] += len(holders) or 1
        visible_ops = Counter(operation_of[rid] for rid in allowed)
        for op in set(operation_of.values()):  # operation summaries: counts and existence
            try:
                summary = hub.get_operation(principal, op)
                assert summary["reports"] == visible_ops[op]
            except NotFound:
                assert visible_ops[op] == 0
            CASES["get_operation"] += 1
        listed_ops = {s["id"]: s["reports"] for s in hub.list_operations(principal, limit=200)}
        assert listed_ops == dict(visible_ops)
        CASES["list_operations"] += len(set(operation_of.values()))
        for alert in hub.list_alerts(principal, limit=500):  # alerts point only at visible data
            assert alert["agency"] == viewer
            if alert["kind"] != "hit-without-disclosure":
                assert alert["report_id"] in allowed
            else:
                assert alert["report_id"] in {
                    rid for rid, d in zip(ids, drawn, strict=True) if d.owner == viewer
                }
            CASES["alerts"] += 1
        _check_taxii_and_sync(hub, principal, viewer, ids, drawn, allowed)


def _check_taxii_and_sync(
    hub: Hub,
    principal: Principal,
    viewer: str,
    ids: list[int],
    drawn: list[Drawn],
    allowed: set[int],
) -> None:
    """TAXII (objects, manifest, one object, group collections) and what a sync pushes."""
    stix_id = {
        rid: derived_id("report", f"{d.owner}/r{index}")
        for index, (rid, d) in enumerate(zip(ids, drawn, strict=True))
    }
    wanted = {stix_id[rid] for rid in allowed}
    taxii = Taxii(hub)
    everything = Filters(limit=MAX_LIMIT)
    for collection in taxii.collections(principal):
        page = taxii.objects(principal, collection["id"], everything)
        served = {e.obj["id"] for e in page.entries if e.obj["type"] == "report"}
        assert served <= wanted if collection["alias"] != "visible" else served == wanted
        CASES["taxii_objects"] += len(ids)
    for rid in ids:
        try:
            taxii.get_object(principal, VISIBLE.id, stix_id[rid], everything)
            seen = True
        except NotFound:
            seen = False
        assert seen == (rid in allowed), (viewer, rid)
        CASES["taxii_object"] += 1
    with hub.store.read() as conn:  # a sync pushes the owner's reports the peer's agency sees
        for owner in CODES:
            peer = Peer(viewer.lower(), "http://peer", "k", (viewer,), None, None, None, None, None)
            pushed = {r.id for r in reports_to_push(conn, owner, peer, limit=500)}
            own = {rid for rid, d in zip(ids, drawn, strict=True) if d.owner == owner}
            assert pushed == own & allowed if owner != viewer else pushed == own
            CASES["sync_push"] += len(own)

"""Sharing scopes end to end: groups, recipients, export rules, hit without disclosure."""

from __future__ import annotations

from typing import Any

import pytest

from safemekong.errors import Forbidden, NotAuthenticated, NotFound
from safemekong.policy import NODE_ADMIN
from tests.conftest import Members

PHONE = "+66 81 234 5678"


def _file(members: Members, agency: str, external_id: str, **marking: Any) -> int:
    report = {
        "external_id": external_id,
        "typology": "investment",
        "identifiers": [{"value": PHONE, "type": "phone", "role": "caller"}],
        **marking,
    }
    result = members.hub.file_reports(members.principal(agency), [report]).to_json()
    assert not result["rejected"], result["rejected"]
    return int(result["accepted"][0]["id"])


def _sees(members: Members, agency: str, report_id: int) -> bool:
    try:
        members.hub.get_report(members.principal(agency), report_id)
    except NotFound:
        return False
    return True


@pytest.fixture
def bilateral(members: Members) -> Members:
    members.hub.create_group(NODE_ADMIN, "CN-TH", ["CN-AFC", "TH-CCIB"])
    return members


def test_amber_report_shared_with_a_bilateral_group_reaches_only_its_members(
    bilateral: Members,
) -> None:
    report = _file(bilateral, "CN-AFC", "cn-1", tlp="AMBER", sharing_groups=["CN-TH"])
    assert _sees(bilateral, "TH-CCIB", report)
    assert not _sees(bilateral, "PH-CICC", report)
    shared = bilateral.hub.get_report(bilateral.principal("TH-CCIB"), report)
    assert shared["sharing_groups"] == ["CN-TH"]
    assert shared["purpose"] and shared["legal_basis"] and shared["retain_until"]


def test_green_with_a_group_is_not_community_wide(bilateral: Members) -> None:
    report = _file(bilateral, "CN-AFC", "cn-g", tlp="GREEN", sharing_groups=["CN-TH"])
    assert _sees(bilateral, "TH-CCIB", report)
    assert not _sees(bilateral, "PH-CICC", report)
    everyone = _file(bilateral, "CN-AFC", "cn-g2", tlp="GREEN")
    assert _sees(bilateral, "PH-CICC", everyone)


def test_red_reaches_only_named_recipients(members: Members) -> None:
    report = _file(members, "CN-AFC", "cn-red", tlp="RED", recipients=["PH-CICC"])
    assert _sees(members, "PH-CICC", report)
    assert not _sees(members, "TH-CCIB", report)


def test_red_naming_a_group_is_rejected_with_the_field(bilateral: Members) -> None:
    bad = {"external_id": "x", "tlp": "RED", "sharing_groups": ["CN-TH"]}
    result = bilateral.hub.file_reports(bilateral.principal("CN-AFC"), [bad]).to_json()
    assert result["rejected"][0]["errors"][0]["field"] == "sharing_groups"


def test_unknown_group_or_recipient_is_rejected_and_good_items_kept(members: Members) -> None:
    items = [
        {"external_id": "a", "sharing_groups": ["NOPE"]},
        {"external_id": "b", "recipients": ["XX-NONE"]},
        {"external_id": "c"},
    ]
    result = members.hub.file_reports(members.principal("TH-CCIB"), items).to_json()
    fields = [r["errors"][0]["field"] for r in result["rejected"]]
    assert fields == ["sharing_groups", "recipients"]
    assert [a["external_id"] for a in result["accepted"]] == ["c"]


def test_leaving_a_group_revokes_what_it_was_shared(bilateral: Members) -> None:
    report = _file(bilateral, "CN-AFC", "cn-2", sharing_groups=["CN-TH"])
    assert _sees(bilateral, "TH-CCIB", report)
    bilateral.hub.set_group_membership(NODE_ADMIN, "CN-TH", "TH-CCIB", False)
    assert not _sees(bilateral, "TH-CCIB", report)
    bilateral.hub.set_group_membership(NODE_ADMIN, "CN-TH", "PH-CICC", True)
    assert _sees(bilateral, "PH-CICC", report)


def test_export_rule_keeps_data_home_without_an_approval(bilateral: Members) -> None:
    hub = bilateral.hub
    hub.add_export_rule(NODE_ADMIN, "CN", "PIPL Art. 41")
    hub.add_agency(NODE_ADMIN, "CN-SH", "CN", "Shanghai PSB")
    bilateral.keys["CN-SH"] = hub.create_key(NODE_ADMIN, "CN-SH", "analyst")["key"]
    held = _file(bilateral, "CN-AFC", "cn-3", tlp="GREEN")
    assert not _sees(bilateral, "TH-CCIB", held)
    assert _sees(bilateral, "CN-SH", held)
    approved = _file(
        bilateral, "CN-AFC", "cn-4", sharing_groups=["CN-TH"], approval_ref="CAC-2026-0193"
    )
    assert _sees(bilateral, "TH-CCIB", approved)
    assert hub.get_report(NODE_ADMIN, held)["domestic_only"] == "CN"


def test_hidden_amber_holder_is_named_and_told_who_searched(members: Members) -> None:
    _file(members, "CN-AFC", "cn-5", tlp="AMBER")
    answer = members.hub.lookup(members.principal("TH-CCIB"), PHONE)
    assert answer["sightings"] == [] and answer["sightings_total"] == 0
    assert answer["identifier"]["known"] is False
    assert [c["agency"] for c in answer["contacts"]] == ["CN-AFC"]
    told = members.hub.list_alerts(members.principal("CN-AFC"))
    assert told[0]["kind"] == "hit-without-disclosure"
    assert "TH-CCIB" in told[0]["message"]


def test_red_holders_are_never_named(members: Members) -> None:
    _file(members, "CN-AFC", "cn-6", tlp="RED")
    answer = members.hub.lookup(members.principal("TH-CCIB"), PHONE)
    assert answer["contacts"] == [] and answer["identifier"]["known"] is False
    assert members.hub.list_alerts(members.principal("CN-AFC")) == []


def test_agency_admin_manages_only_its_own_users(members: Members) -> None:
    hub = members.hub
    admin_key = hub.create_key(NODE_ADMIN, "TH-CCIB", "admin")["key"]
    admin = hub.authenticate(admin_key)
    hub.add_user(admin, "somchai", "TH-CCIB", "analyst", "correct horse battery")
    with pytest.raises(Forbidden):
        hub.add_user(admin, "li.wei", "CN-AFC", "admin", "correct horse battery")
    with pytest.raises(Forbidden):
        hub.create_key(admin, "CN-AFC", "admin")
    user = hub.login("somchai", "correct horse battery")
    assert (user.agency_code, user.role) == ("TH-CCIB", "analyst")
    other = hub.authenticate(hub.create_key(NODE_ADMIN, "CN-AFC", "admin")["key"])
    with pytest.raises(Forbidden):
        hub.disable_user(other, "somchai")
    hub.disable_user(admin, "Somchai")  # names are case-insensitive
    with pytest.raises(NotAuthenticated):
        hub.login("somchai", "correct horse battery")


def test_agency_admins_manage_groups_they_are_in_and_nothing_else(members: Members) -> None:
    hub = members.hub
    admin = {
        code: hub.authenticate(hub.create_key(NODE_ADMIN, code, "admin")["key"])
        for code in ("TH-CCIB", "CN-AFC", "PH-CICC")
    }
    with pytest.raises(Forbidden):
        hub.create_group(admin["TH-CCIB"], "CN-PH", ["CN-AFC", "PH-CICC"])
    group = hub.create_group(admin["TH-CCIB"], "TH-PH", ["TH-CCIB", "PH-CICC"])
    assert group["agencies"] == ["PH-CICC", "TH-CCIB"]
    with pytest.raises(NotFound):  # not a member: the group answers as missing
        hub.set_group_membership(admin["CN-AFC"], "TH-PH", "CN-AFC", True)
    hub.set_group_membership(admin["PH-CICC"], "TH-PH", "CN-AFC", True)
    with pytest.raises(Forbidden):
        hub.set_group_membership(admin["CN-AFC"], "TH-PH", "TH-CCIB", False)
    left = hub.set_group_membership(admin["CN-AFC"], "TH-PH", "CN-AFC", False)
    assert left["agencies"] == ["PH-CICC", "TH-CCIB"]
    with pytest.raises(Forbidden):  # analysts do not manage groups
        hub.create_group(members.principal("TH-CCIB"), "TH-X", ["TH-CCIB"])

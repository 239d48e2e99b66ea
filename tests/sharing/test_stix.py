"""STIX 2.1 export and import through the hub, on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from sqlalchemy import select

from safemekong.errors import InvalidInput, NotFound
from safemekong.policy import NODE_ADMIN
from safemekong.policy.tlp import TLP
from safemekong.sharing.extensions import VICTIM_REPORT
from safemekong.sharing.markings import TLP2_MARKINGS
from safemekong.sharing.service import Sharing
from safemekong.sharing.validate import validate_bundle
from safemekong.store import schema
from tests.conftest import Members, make_members
from tests.intel.test_ingest import WALLET, file_one, report
from tests.sharing.support import by_type, full_report


def _export_one(
    m: Members, agency: str, item: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    accepted = file_one(m, agency, item)
    bundle = Sharing(m.hub).export_reports_stix(m.principal(agency), [accepted["id"]])
    return accepted, bundle


def test_report_export_passes_the_stix_validator_with_our_schemas(members: Members) -> None:
    _, bundle = _export_one(members, "TH-CCIB", full_report("TH-1", tlp="AMBER+STRICT"))
    verdict = validate_bundle(bundle)
    assert verdict.valid, verdict.errors
    (stix_report,) = by_type(bundle, "report")
    assert stix_report["object_marking_refs"] == [TLP2_MARKINGS[TLP.AMBER_STRICT]]
    types = {obj["type"] for obj in bundle["objects"]}
    assert {"phone-number", "bank-account", "crypto-wallet", "chat-handle", "id-document"} <= types
    assert {
        "url",
        "domain-name",
        "email-addr",
        "file",
        "observed-data",
        "sighting",
        "campaign",
    } <= types


@pytest.mark.parametrize("language", ["km", "my", "lo", "zh-Hans", "fil"])
def test_reports_in_the_regions_languages_export_valid_stix(
    sqlite_members: Members, language: str
) -> None:
    _, bundle = _export_one(sqlite_members, "TH-CCIB", full_report("TH-1", language=language))
    assert validate_bundle(bundle).valid
    (stix_report,) = by_type(bundle, "report")
    assert stix_report["extensions"][VICTIM_REPORT.id]["language"] == language


def test_report_export_carries_every_field_of_the_report(members: Members) -> None:
    _, bundle = _export_one(members, "TH-CCIB", full_report("TH-1", language="th"))
    (stix_report,) = by_type(bundle, "report")
    extension = stix_report["extensions"][VICTIM_REPORT.id]
    assert extension["external_id"] == "TH-1"
    assert (extension["typology"], extension["amount_lost"], extension["currency"]) == (
        "pig-butchering",
        "50000.00",
        "THB",
    )
    assert stix_report["published"] == "2026-11-20T03:00:00Z"
    assert extension["language"] == "th" and "lang" not in stix_report
    roles = {entry["role"] for entry in extension["identifiers"]}
    assert {"caller", "receiving-account", "wallet", "website", "profile-image"} <= roles
    derived = [entry for entry in extension["identifiers"] if entry.get("derived")]
    assert [e["raw"] for e in derived] == ["https://trade-ken.example.com/login?utm_source=x"]
    (sighting,) = by_type(bundle, "sighting")
    (campaign,) = by_type(bundle, "campaign")
    (identity,) = [i for i in by_type(bundle, "identity") if i["name"] != "SafeMekong"]
    assert sighting["sighting_of_ref"] == campaign["id"]
    assert sighting["where_sighted_refs"] == [identity["id"]] == [stix_report["created_by_ref"]]


def test_same_identifier_from_two_agencies_is_one_object_with_one_id(members: Members) -> None:
    th = file_one(members, "TH-CCIB", report("TH-1", ("081-234-5678", "caller")))
    cn = file_one(members, "CN-AFC", report("CN-1", ("+66 81 234 5678", "caller"), tlp="GREEN"))
    bundle = Sharing(members.hub).export_reports_stix(NODE_ADMIN, [th["id"], cn["id"]])
    phones = by_type(bundle, "phone-number")
    assert len(phones) == 1 and phones[0]["value"] == "+66812345678"
    refs = [r["object_refs"] for r in by_type(bundle, "observed-data")]
    assert refs[0] == refs[1] == [phones[0]["id"]]


def test_observable_is_marked_with_the_strictest_report_that_names_it(members: Members) -> None:
    a = file_one(members, "TH-CCIB", report("TH-1", (WALLET, "wallet"), tlp="CLEAR"))
    b = file_one(members, "TH-CCIB", report("TH-2", (WALLET, "wallet"), tlp="RED"))
    bundle = Sharing(members.hub).export_reports_stix(NODE_ADMIN, [a["id"], b["id"]])
    (wallet,) = by_type(bundle, "crypto-wallet")
    assert wallet["object_marking_refs"] == [TLP2_MARKINGS[TLP.RED]]
    assert {m["name"] for m in by_type(bundle, "marking-definition")} == {"TLP:CLEAR", "TLP:RED"}


def test_another_agencys_amber_report_cannot_be_exported(members: Members) -> None:
    th = file_one(members, "TH-CCIB", report("TH-1", (WALLET, "wallet"), tlp="AMBER"))
    with pytest.raises(NotFound):
        Sharing(members.hub).export_reports_stix(members.principal("CN-AFC"), [th["id"]])


def test_operation_export_holds_only_what_the_caller_may_see(members: Members) -> None:
    secret = file_one(
        members, "TH-CCIB", report("TH-1", (WALLET, "wallet"), narrative="secret", tlp="AMBER")
    )
    file_one(members, "CN-AFC", report("CN-1", (WALLET, "wallet"), tlp="GREEN"))
    sharing = Sharing(members.hub)
    bundle = sharing.export_operation_stix(members.principal("CN-AFC"), secret["operation_id"])
    names = [r["name"] for r in by_type(bundle, "report")]
    assert names == ["CN-AFC CN-1"]
    assert "secret" not in json.dumps(bundle)
    (campaign,) = by_type(bundle, "campaign")
    assert campaign["extensions"]
    assert next(iter(campaign["extensions"].values()))["reports"] == 1
    full = sharing.export_operation_stix(members.principal("TH-CCIB"), secret["operation_id"])
    assert len(by_type(full, "report")) == 2
    assert validate_bundle(full).valid


def test_import_of_an_export_recreates_the_report_on_another_node(
    members: Members, tmp_path: Any
) -> None:
    _, bundle = _export_one(members, "TH-CCIB", full_report("TH-1", tlp="AMBER"))
    other = make_members(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        result = Sharing(other.hub).import_stix(NODE_ADMIN, bundle)
        assert (result["created"], result["rejected"], result["invalid"]) == (1, [], [])
        assert result["skipped"] == []
        stored = other.hub.get_report(NODE_ADMIN, result["accepted"][0]["id"])
        original = members.hub.get_report(NODE_ADMIN, 1)
        for field in ("external_id", "agency", "received_at", "typology", "narrative", "tlp"):
            assert stored[field] == original[field], field
        assert stored["amount_lost"] == original["amount_lost"]
        assert sorted((i["key"], i["role"], i["raw"]) for i in stored["identifiers"]) == sorted(
            (i["key"], i["role"], i["raw"]) for i in original["identifiers"]
        )
        again = Sharing(other.hub).import_stix(NODE_ADMIN, json.dumps(bundle))
        assert (again["created"], again["unchanged"]) == (0, 1)
    finally:
        other.hub.close()


def test_null_lists_in_an_imported_report_read_as_empty(members: Members, tmp_path: Any) -> None:
    _, bundle = _export_one(members, "TH-CCIB", full_report("TH-NULL", tlp="GREEN"))
    stix_report = next(o for o in bundle["objects"] if o["type"] == "report")
    stix_report["extensions"][VICTIM_REPORT.id]["identifiers"] = None
    stix_report["labels"] = None
    other = make_members(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        result = Sharing(other.hub).import_stix(NODE_ADMIN, bundle)
        assert result["created"] == 1, result
    finally:
        other.hub.close()


def test_agency_importing_another_agencys_bundle_is_refused_per_report(members: Members) -> None:
    _, bundle = _export_one(members, "TH-CCIB", report("TH-1", (WALLET, "wallet")))
    result = Sharing(members.hub).import_stix(members.principal("CN-AFC"), bundle)
    assert result["created"] == 0
    (rejected,) = result["rejected"]
    assert rejected["errors"][0]["field"] == "agency"


FOREIGN = {
    "type": "bundle",
    "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
    "objects": [
        {
            "type": "report",
            "spec_version": "2.1",
            "id": "report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3",
            "created": "2026-11-01T10:00:00.000Z",
            "modified": "2026-11-01T10:00:00.000Z",
            "name": "Fake trading site and its Telegram contact",
            "published": "2026-11-01T10:00:00Z",
            "report_types": ["threat-report"],
            "labels": ["investment"],
            "object_refs": [
                "observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",
                "indicator--26ffb872-1dd9-446e-b6f5-d58527e5b5d2",
            ],
            "object_marking_refs": ["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"],
        },
        {
            "type": "observed-data",
            "spec_version": "2.1",
            "id": "observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",
            "created": "2026-11-01T10:00:00.000Z",
            "modified": "2026-11-01T10:00:00.000Z",
            "first_observed": "2026-11-01T09:00:00Z",
            "last_observed": "2026-11-01T09:00:00Z",
            "number_observed": 1,
            "object_refs": [
                "url--c1477287-23ac-5971-a010-5c287877fa60",
                "user-account--0d5b424b-93b8-5cd8-ac36-306e1789d63c",
                "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd",
            ],
        },
        {
            "type": "url",
            "spec_version": "2.1",
            "id": "url--c1477287-23ac-5971-a010-5c287877fa60",
            "value": "HTTPS://Trade-Ken.example.com/app",
        },
        {
            "type": "user-account",
            "spec_version": "2.1",
            "id": "user-account--0d5b424b-93b8-5cd8-ac36-306e1789d63c",
            "account_type": "telegram",
            "account_login": "kenny_trade",
        },
        {
            "type": "ipv4-addr",
            "spec_version": "2.1",
            "id": "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd",
            "value": "198.51.100.7",
        },
        {
            "type": "indicator",
            "spec_version": "2.1",
            "id": "indicator--26ffb872-1dd9-446e-b6f5-d58527e5b5d2",
            "created": "2026-11-01T10:00:00.000Z",
            "modified": "2026-11-01T10:00:00.000Z",
            "pattern": "[url:value = 'https://trade-ken.example.com/app']",
            "pattern_type": "stix",
            "valid_from": "2026-11-01T10:00:00Z",
        },
        {"type": "report", "id": "report--not-a-uuid", "spec_version": "2.1"},
    ],
}


def test_foreign_bundle_imports_what_maps_and_names_what_does_not(members: Members) -> None:
    result = Sharing(members.hub).import_stix(members.principal("TH-CCIB"), copy.deepcopy(FOREIGN))
    assert result["created"] == 1, result
    stored = members.hub.get_report(NODE_ADMIN, result["accepted"][0]["id"])
    assert stored["external_id"] == "report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3"
    assert (stored["typology"], stored["tlp"], stored["agency"]) == (
        "investment",
        "GREEN",
        "TH-CCIB",
    )
    keys = {i["key"] for i in stored["identifiers"]}
    assert keys == {
        "url:https://trade-ken.example.com/app",
        "domain:example.com",
        "handle:telegram:kenny_trade",
    }
    reasons = " ".join(s["reason"] for s in result["skipped"])
    assert "ipv4-addr" in reasons and "indicator" in reasons
    (invalid,) = result["invalid"]
    assert invalid["id"] == "report--not-a-uuid"


def test_a_bad_observable_is_skipped_and_its_report_kept(members: Members) -> None:
    bundle = copy.deepcopy(FOREIGN)
    bundle["objects"][2]["value"] = "ftp://example.com/file"
    result = Sharing(members.hub).import_stix(members.principal("TH-CCIB"), bundle)
    assert result["created"] == 1
    assert any("only http and https" in s["reason"] for s in result["skipped"])


def test_not_a_bundle_is_invalid_input_naming_the_field(members: Members) -> None:
    sharing = Sharing(members.hub)
    with pytest.raises(InvalidInput, match="bundle"):
        sharing.import_stix(NODE_ADMIN, b"{not json")
    with pytest.raises(InvalidInput, match="bundle"):
        sharing.import_stix(NODE_ADMIN, {"type": "report"})


def test_exporting_another_agencys_report_is_written_to_the_audit_chain(
    members: Members,
) -> None:
    th = file_one(members, "TH-CCIB", report("TH-1", (WALLET, "wallet"), tlp="GREEN"))
    own = file_one(members, "CN-AFC", report("CN-1", (WALLET, "wallet"), tlp="GREEN"))
    sharing = Sharing(members.hub)
    sharing.export_reports_stix(members.principal("CN-AFC"), [own["id"]])
    exports = select(schema.audit_log).where(schema.audit_log.c.action.like("export:%"))
    with members.hub.store.read() as conn:
        assert conn.execute(exports).all() == []  # its own report: nothing disclosed
    sharing.export_operation_stix(members.principal("CN-AFC"), th["operation_id"])
    with members.hub.store.read() as conn:
        entry = conn.execute(exports).one()
    assert (entry.action, entry.detail["owners"], entry.detail["reports"]) == (
        "export:stix",
        ["TH-CCIB"],
        [th["id"]],
    )


def test_grouping_of_observables_is_imported_as_a_report(members: Members) -> None:
    bundle = copy.deepcopy(FOREIGN)
    grouping = {
        "type": "grouping",
        "spec_version": "2.1",
        "id": "grouping--7c1d3c84-2b5f-4f4e-9a77-3f2d2f0b8e11",
        "created": "2026-11-02T08:00:00.000Z",
        "modified": "2026-11-02T08:00:00.000Z",
        "name": "Accounts seen in the same chat",
        "context": "suspicious-activity",
        "object_refs": ["user-account--0d5b424b-93b8-5cd8-ac36-306e1789d63c"],
    }
    bundle["objects"] = [*bundle["objects"][2:6], grouping]
    result = Sharing(members.hub).import_stix(members.principal("TH-CCIB"), bundle)
    assert result["created"] == 1, result
    stored = members.hub.get_report(NODE_ADMIN, result["accepted"][0]["id"])
    assert stored["external_id"] == grouping["id"]
    assert stored["narrative"] == "Accounts seen in the same chat"
    assert [i["key"] for i in stored["identifiers"]] == ["handle:telegram:kenny_trade"]

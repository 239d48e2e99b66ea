"""Filing reports: storage, correlation into operations, idempotence, rejection, alerts.

Runs on SQLite and on PostgreSQL (the ``members`` fixture is parametrised over both).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from safemekong.hub import Hub
from safemekong.intel.warninglist import WarningList
from safemekong.policy import NODE_ADMIN
from safemekong.store import schema
from tests.conftest import Members

WALLET = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"


def report(external_id: str, *identifiers: tuple[str, str], **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "external_id": external_id,
        "received_at": "2026-11-20T10:00:00+07:00",
        "typology": "pig-butchering",
        "narrative": "met on a dating app, then invested in a fake platform",
        "language": "en",
        "amount_lost": "50000.00",
        "currency": "THB",
        "tlp": "GREEN",
        "identifiers": [{"value": v, "role": r} for v, r in identifiers],
    }
    body.update(fields)
    return body


def file_one(m: Members, agency: str, item: dict[str, Any]) -> dict[str, Any]:
    result = m.hub.file_reports(m.principal(agency), [item])
    assert not result.rejected, result.rejected
    return result.accepted[0]


def test_report_from_thai_agency_links_to_chinese_operation(members: Members) -> None:
    cn = file_one(
        members,
        "CN-AFC",
        report("CN-1", ("+66 81 234 5678", "caller"), (WALLET, "wallet"), currency="CNY"),
    )
    th = file_one(
        members,
        "TH-CCIB",
        report("TH-1", ("081-234-5678", "caller"), ("KBANK 123-4-56789-0", "receiving-account")),
    )
    assert th["operation_id"] == cn["operation_id"]

    found = members.hub.lookup(members.principal("TH-CCIB"), "+66 81 234 5678")
    assert found["identifier"]["key"] == "phone:+66812345678"
    assert {s["agency"] for s in found["sightings"]} == {"CN-AFC", "TH-CCIB"}
    op = found["operation"]
    assert op["id"] == cn["operation_id"]
    assert op["reports"] == 2
    assert op["countries"] == ["CN", "TH"]
    assert op["losses"] == {"CNY": "50000.00", "THB": "50000.00"}
    assert op["identifiers"]["phone"] == 1 and op["identifiers"]["bank"] == 1


def test_identifier_is_stored_once_whatever_form_it_was_reported_in(members: Members) -> None:
    file_one(members, "TH-CCIB", report("TH-1", ("081-234-5678", "caller")))
    file_one(members, "TH-CCIB", report("TH-2", ("+66812345678", "caller")))
    file_one(members, "TH-CCIB", report("TH-3", ("phone:+66812345678", "sms-sender")))
    with members.hub.store.read() as conn:
        keys = conn.execute(select(schema.identifiers.c.key)).scalars().all()
        sightings = conn.execute(select(func.count()).select_from(schema.sightings)).scalar()
    assert keys == ["phone:+66812345678"]
    assert sightings == 3


def test_bridging_report_merges_two_operations_and_old_id_redirects(members: Members) -> None:
    first = file_one(members, "TH-CCIB", report("A", ("081-234-5678", "caller")))
    second = file_one(members, "CN-AFC", report("B", (WALLET, "wallet")))
    file_one(members, "CN-AFC", report("C", (WALLET, "wallet")))
    assert first["operation_id"] != second["operation_id"]
    bridge = file_one(
        members, "PH-CICC", report("D", ("+66812345678", "caller"), (WALLET, "wallet"))
    )
    # The larger operation (two reports) survives; the other redirects to it.
    assert bridge["operation_id"] == second["operation_id"]
    summary = members.hub.get_operation(NODE_ADMIN, first["operation_id"])
    assert summary["id"] == second["operation_id"]
    assert summary["merged_from"] == first["operation_id"]
    assert summary["reports"] == 4


def test_warning_list_identifiers_never_link_reports(db_url: str, tmp_path: Path) -> None:
    listed = tmp_path / "warninglist.csv"
    listed.write_text("key,list,reason\nphone:+6628888888,bank-hotlines,KBank contact centre\n")
    hub = Hub.open(db_url)
    hub.warning_list = WarningList.from_csv(listed)
    hub.add_agency(NODE_ADMIN, "TH-CCIB", "TH", "CCIB")
    items = [
        report("A", ("02-888-8888", "caller"), ("081-234-5678", "caller"), agency="TH-CCIB"),
        report("B", ("02 888 8888", "caller"), (WALLET, "wallet"), agency="TH-CCIB"),
    ]
    result = hub.file_reports(NODE_ADMIN, items)
    assert len({a["operation_id"] for a in result.accepted}) == 2
    found = hub.lookup(NODE_ADMIN, "02-888-8888", region="TH")
    assert found["operation"] is None
    assert found["identifier"]["warning_list"]["list"] == "bank-hotlines"
    assert found["sightings_total"] == 2
    hub.close()


def test_resubmission_with_same_external_id_is_idempotent(members: Members) -> None:
    item = report("TH-9", ("081-234-5678", "caller"))
    first = file_one(members, "TH-CCIB", item)
    again = file_one(members, "TH-CCIB", item)
    assert again["status"] == "unchanged" and again["id"] == first["id"]
    with members.hub.store.read() as conn:
        assert conn.execute(select(func.count()).select_from(schema.reports)).scalar() == 1


def test_resubmission_with_other_content_is_rejected_and_keeps_the_original(
    members: Members,
) -> None:
    file_one(members, "TH-CCIB", report("TH-9", ("081-234-5678", "caller")))
    result = members.hub.file_reports(
        members.principal("TH-CCIB"), [report("TH-9", ("0899999999", "caller"))]
    )
    assert result.rejected[0]["errors"][0]["field"] == "external_id"
    found = members.hub.lookup(NODE_ADMIN, "081-234-5678", region="TH")
    assert found["sightings_total"] == 1


def test_bad_items_are_rejected_one_by_one_and_good_ones_kept(members: Members) -> None:
    items = [
        report("ok-1", ("081-234-5678", "caller")),
        report("bad-1", ("12", "caller"), typology="unicorn"),
        "not an object",
        report("ok-2", (WALLET, "wallet"), amount_lost="-5"),
        report("ok-3", (WALLET, "wallet")),
    ]
    result = members.hub.file_reports(members.principal("TH-CCIB"), items)
    assert [a["index"] for a in result.accepted] == [0, 4]
    rejected = {r["index"]: {e["field"] for e in r["errors"]} for r in result.rejected}
    assert rejected[1] == {"identifiers[0].value", "typology"}
    assert rejected[2] == {""}
    assert rejected[3] == {"amount_lost"}


def test_agency_cannot_file_reports_in_another_agencys_name(members: Members) -> None:
    result = members.hub.file_reports(
        members.principal("TH-CCIB"), [report("x", ("081-234-5678", "caller"), agency="CN-AFC")]
    )
    assert not result.accepted
    assert result.rejected[0]["errors"][0]["field"] == "agency"


def test_amber_report_is_invisible_to_other_agencies_even_by_count(members: Members) -> None:
    file_one(members, "TH-CCIB", report("secret", ("081-234-5678", "caller"), tlp="AMBER"))
    outsider = members.hub.lookup(members.principal("CN-AFC"), "+66812345678")
    never_seen = members.hub.lookup(members.principal("CN-AFC"), "+66899999999")
    assert outsider["sightings"] == [] and outsider["operation"] is None
    assert outsider["identifier"]["known"] is False
    assert outsider.keys() == never_seen.keys()
    assert outsider["sightings_total"] == never_seen["sightings_total"] == 0
    owner = members.hub.lookup(members.principal("TH-CCIB"), "+66812345678")
    assert owner["sightings_total"] == 1


def test_operation_summary_counts_only_what_the_caller_may_see(members: Members) -> None:
    file_one(
        members, "TH-CCIB", report("t", ("081-234-5678", "caller"), (WALLET, "wallet"), tlp="RED")
    )
    file_one(
        members, "CN-AFC", report("c", ("+66812345678", "caller"), tlp="GREEN", currency="CNY")
    )
    seen_by_ph = members.hub.lookup(members.principal("PH-CICC"), "+66812345678")
    assert seen_by_ph["operation"]["reports"] == 1
    assert seen_by_ph["operation"]["agencies"] == ["CN-AFC"]
    assert seen_by_ph["operation"]["losses"] == {"CNY": "50000.00"}
    assert seen_by_ph["operation"]["identifiers"] == {"phone": 1}
    seen_by_th = members.hub.lookup(members.principal("TH-CCIB"), "+66812345678")
    assert seen_by_th["operation"]["identifiers"] == {"phone": 1, "wallet": 1}


def test_link_to_another_agencys_operation_alerts_both_agencies(members: Members) -> None:
    file_one(members, "CN-AFC", report("c", (WALLET, "wallet")))
    file_one(members, "TH-CCIB", report("t", (WALLET, "wallet")))
    cn_alerts = members.hub.list_alerts(members.principal("CN-AFC"))
    th_alerts = members.hub.list_alerts(members.principal("TH-CCIB"))
    assert [a["kind"] for a in cn_alerts] == ["operation-link"]
    assert "TH-CCIB" in cn_alerts[0]["message"]
    assert [a["kind"] for a in th_alerts] == ["operation-link"]
    assert "CN-AFC" in th_alerts[0]["message"]
    assert members.hub.list_alerts(members.principal("PH-CICC")) == []


def test_no_alert_points_at_a_report_the_agency_may_not_see(members: Members) -> None:
    file_one(members, "CN-AFC", report("c", (WALLET, "wallet")))
    file_one(members, "TH-CCIB", report("t", (WALLET, "wallet"), tlp="AMBER"))
    assert members.hub.list_alerts(members.principal("CN-AFC")) == []


def test_watched_identifier_in_a_new_report_alerts_the_watcher(members: Members) -> None:
    members.hub.watch(members.principal("PH-CICC"), WALLET, note="drainer wallet")
    file_one(members, "TH-CCIB", report("t", (WALLET, "wallet")))
    hits = [
        a for a in members.hub.list_alerts(members.principal("PH-CICC")) if a["kind"] == "watch-hit"
    ]
    assert len(hits) == 1 and WALLET in hits[0]["message"]


def test_url_report_also_links_through_its_domain(members: Members) -> None:
    a = file_one(
        members,
        "TH-CCIB",
        report("a", ("https://kbank-secure-th.com/login?utm_source=sms", "website")),
    )
    b = file_one(members, "CN-AFC", report("b", ("http://KBANK-SECURE-TH.com/app", "website")))
    assert a["operation_id"] == b["operation_id"]


def test_operation_membership_matches_the_reports_after_merges(members: Members) -> None:
    file_one(members, "TH-CCIB", report("a", ("081-234-5678", "caller")))
    file_one(members, "CN-AFC", report("b", (WALLET, "wallet"), tlp="AMBER"))
    file_one(members, "CN-AFC", report("c", (WALLET, "wallet")))
    members.hub.file_reports(
        members.principal("PH-CICC"),
        [
            report("d", ("+66812345678", "caller"), (WALLET, "wallet")),
            report("e", (WALLET, "wallet")),
        ],
    )
    reports, held = schema.reports, schema.operation_members
    with members.hub.store.read() as conn:
        expected = conn.execute(
            select(
                reports.c.operation_id, reports.c.agency_id, reports.c.scope_id, func.count()
            ).group_by(reports.c.operation_id, reports.c.agency_id, reports.c.scope_id)
        ).all()
        kept = conn.execute(
            select(held.c.operation_id, held.c.agency_id, held.c.scope_id, held.c.reports)
        ).all()
    assert sorted(map(tuple, kept)) == sorted(map(tuple, expected))
    assert len({row[0] for row in kept}) == 1

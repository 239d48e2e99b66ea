"""Detection with the hub's intelligence, filtered by policy, on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.conftest import Members
from tests.intel.test_ingest import file_one, report


def test_domain_linked_to_an_operation_is_scam_with_the_operation_named(members: Members) -> None:
    site = ("https://harmless-looking-garden.com/invest", "website")
    first = file_one(members, "CN-AFC", report("CN-1", ("+66 81 234 5678", "caller"), site))
    file_one(members, "TH-CCIB", report("TH-1", ("081-234-5678", "caller")))
    verdict = members.hub.detect.host(members.principal("PH-CICC"), "harmless-looking-garden.com")
    assert verdict.label == "scam"
    known = next(r for r in verdict.reasons if r.code == "known-operation")
    assert known.detail["operation_id"] == first["operation_id"]
    assert verdict.extra["hub"]["operation_id"] == first["operation_id"]


def test_domain_seen_only_in_a_hidden_report_adds_nothing(members: Members) -> None:
    site = ("https://quiet-bamboo-garden.com/", "website")
    file_one(members, "CN-AFC", report("CN-2", site, tlp="AMBER"))
    hidden = members.hub.detect.host(members.principal("TH-CCIB"), "quiet-bamboo-garden.com")
    assert not {r.code for r in hidden.reasons} & {"known-operation", "reported"}
    assert hidden.extra["hub"] == {"sightings": 0, "operation_id": None}
    own = members.hub.detect.host(members.principal("CN-AFC"), "quiet-bamboo-garden.com")
    assert {r.code for r in own.reasons} & {"known-operation", "reported"}


def test_message_links_are_checked_as_hosts(members: Members) -> None:
    file_one(members, "TH-CCIB", report("TH-3", ("https://lucky-orchid-garden.com/", "website")))
    verdict = members.hub.detect.message(
        members.principal("TH-CCIB"), "Hi, please look at lucky-orchid-garden.com when you can"
    )
    assert verdict.label == "scam"
    assert any(r.code == "link-scam" for r in verdict.reasons)

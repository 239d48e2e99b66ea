"""Retention: reports past their deadline are purged with what hangs on them, and logged."""

from __future__ import annotations

from datetime import timedelta

import pytest

from safemekong.errors import NotFound
from safemekong.policy import NODE_ADMIN
from safemekong.store import utcnow
from tests.conftest import Members


def _report(external_id: str, retain_until: str | None, *values: str) -> dict[str, object]:
    item: dict[str, object] = {
        "external_id": external_id,
        "tlp": "GREEN",
        "identifiers": [{"value": v, "type": "phone"} for v in values],
    }
    if retain_until:
        item["retain_until"] = retain_until
    return item


def test_expired_report_is_purged_and_the_kept_one_stays_linked(members: Members) -> None:
    hub = members.hub
    soon = (utcnow() + timedelta(days=30)).date().isoformat()
    filed = hub.file_reports(
        members.principal("TH-CCIB"),
        [
            _report("short", soon, "+66811111111", "+66822222222"),
            _report("long", None, "+66822222222"),
        ],
    ).to_json()
    short_id, long_id = (a["id"] for a in filed["accepted"])
    result = hub.purge_expired(NODE_ADMIN, now=utcnow() + timedelta(days=31))
    assert (result.reports, result.sightings, result.identifiers) == (1, 2, 1)
    with pytest.raises(NotFound):
        hub.get_report(NODE_ADMIN, short_id)
    assert hub.lookup(NODE_ADMIN, "+66811111111")["identifier"]["known"] is False
    kept = hub.lookup(NODE_ADMIN, "+66822222222")
    assert [s["report_id"] for s in kept["sightings"]] == [long_id]
    assert kept["operation"]["reports"] == 1
    purges = [e for e in hub.audit_entries(NODE_ADMIN, limit=500) if e["action"] == "purge"]
    assert purges[-1]["detail"] == {"reports": 1, "sightings": 2, "identifiers": 1}


def test_nothing_is_purged_before_the_deadline(members: Members) -> None:
    hub = members.hub
    hub.file_reports(members.principal("TH-CCIB"), [_report("r", None, "+66811111111")])
    assert hub.purge_expired(NODE_ADMIN).reports == 0
    assert hub.lookup(NODE_ADMIN, "+66811111111")["sightings_total"] == 1


def test_a_retention_deadline_in_the_past_is_refused(members: Members) -> None:
    result = members.hub.file_reports(
        members.principal("TH-CCIB"), [_report("old", "2020-01-01", "+66811111111")]
    ).to_json()
    assert result["rejected"][0]["errors"][0]["field"] == "retain_until"

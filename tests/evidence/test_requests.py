"""Preservation and MLA requests: Art. 29 fields required, deadlines tracked, owner decides."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from safemekong.errors import Forbidden, InvalidInput, NotFound
from tests.evidence.conftest import Setup

REQUEST: dict[str, Any] = {
    "requesting_authority": "Office of the Attorney General, Thailand",
    "offence": "public fraud",
    "facts": "investment-app scam run from Cambodia",
    "data_sought": "subscriber data of +855 12 345 678",
    "link_to_offence": "the number contacted the victims",
    "location": "Phnom Penh data centre",
    "necessity": "records are deleted after 90 days",
    "intended_assistance": "MLA request to Cambodia",
}


def test_preservation_lasts_sixty_days_unless_a_deadline_is_given(sqlite_setup: Setup) -> None:
    th = sqlite_setup.principal("TH-CCIB")
    default = sqlite_setup.locker.add_request(th, "TH-2026-0042", REQUEST)
    assert default["kind"] == "preservation"
    assert default["days_left"] in (59, 60)
    soon = (datetime.now(UTC) + timedelta(days=3)).date().isoformat()
    urgent = sqlite_setup.locker.add_request(th, "TH-2026-0042", {**REQUEST, "deadline": soon})
    due = sqlite_setup.locker.list_requests(th, due_within_days=7)
    assert [r["id"] for r in due] == [urgent["id"]]
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    late = sqlite_setup.locker.add_request(th, "TH-2026-0043", {**REQUEST, "deadline": past})
    assert late["overdue"] is True


def test_every_missing_article_29_field_is_named(sqlite_setup: Setup) -> None:
    th = sqlite_setup.principal("TH-CCIB")
    with pytest.raises(InvalidInput) as caught:
        sqlite_setup.locker.add_request(
            th, "TH-2026-0042", {"offence": "fraud", "kind": "subpoena"}
        )
    fields = {e["field"] for e in caught.value.errors}
    assert {"kind", "requesting_authority", "facts", "data_sought", "link_to_offence"} <= fields
    assert {"necessity", "intended_assistance", "custodian"} <= fields


def test_only_the_requesting_agency_changes_the_status_and_others_do_not_see_it(
    sqlite_setup: Setup,
) -> None:
    th, cn = sqlite_setup.principal("TH-CCIB"), sqlite_setup.principal("CN-AFC")
    made = sqlite_setup.locker.add_request(th, "TH-2026-0042", REQUEST)
    assert sqlite_setup.locker.list_requests(cn) == []
    with pytest.raises(NotFound):
        sqlite_setup.locker.set_request_status(cn, made["id"], "refused")
    shared = sqlite_setup.locker.add_request(th, "TH-2026-0042", REQUEST, tlp="CLEAR")
    with pytest.raises(Forbidden):
        sqlite_setup.locker.set_request_status(cn, shared["id"], "refused")
    assert sqlite_setup.locker.set_request_status(th, made["id"], "fulfilled")["status"] == (
        "fulfilled"
    )
    with pytest.raises(InvalidInput, match="status"):
        sqlite_setup.locker.set_request_status(th, made["id"], "lost")

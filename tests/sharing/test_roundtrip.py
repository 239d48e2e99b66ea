"""Property: STIX → hub → STIX loses nothing, for reports of every identifier type."""

from __future__ import annotations

import itertools
import string
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safemekong.intel.intake import DEFAULT_RETENTION
from safemekong.intel.vocabulary import ROLES, TYPOLOGIES
from safemekong.policy import NODE_ADMIN
from safemekong.policy.groups import create_group
from safemekong.policy.tlp import TLP
from safemekong.sharing.service import Sharing
from tests.conftest import Members, make_members
from tests.sharing.support import EVERY_TYPE

_COUNTER = itertools.count()
#: Reports older than the default retention are already due for purging and refused on import.
_EARLIEST = (datetime.now() - DEFAULT_RETENTION + timedelta(days=30)).replace(microsecond=0)
_HEX = "0123456789abcdef"
_LOWER = string.ascii_lowercase

phones = st.builds(
    lambda d: ("+66 81 " + d, "phone"), st.text("0123456789", min_size=7, max_size=7)
)
urls = st.builds(
    lambda host, path: (f"https://{host}.example.com/{path}", "url"),
    st.text(_LOWER, min_size=3, max_size=10),
    st.text(_LOWER + "0123456789-", max_size=12),
)
emails = st.builds(
    lambda local: (f"{local}@mail.example.org", "email"), st.text(_LOWER, min_size=1, max_size=12)
)
images = st.builds(lambda h: (f"sha256:{h}", "image"), st.text(_HEX, min_size=64, max_size=64))
handles = st.builds(
    lambda platform, name: (f"{platform}:{name}", "handle"),
    st.sampled_from(["telegram", "line", "wechat", "instagram", "tiktok"]),
    st.builds(
        lambda a, b: a + b,
        st.sampled_from(_LOWER),
        st.text(_LOWER + "0123456789_", min_size=5, max_size=12),
    ),
)
accounts = st.builds(
    lambda digits: (f"TH:004:{digits}", "bank"), st.text("0123456789", min_size=10, max_size=10)
)
# Local phone numbers read differently per agency country: the generated ones are international.
fixed = st.sampled_from([(value, kind) for value, kind, _ in EVERY_TYPE if kind != "phone"])
identifiers = st.lists(
    st.tuples(
        st.one_of(phones, urls, emails, images, handles, accounts, fixed),
        st.sampled_from(list(ROLES)),
    ),
    min_size=0,
    max_size=8,
)
AGENCY_CODES = ["TH-CCIB", "CN-AFC", "PH-CICC"]
GROUP = "CN-TH"
GROUP_MEMBERS = ("CN-AFC", "TH-CCIB")
words = st.text(_LOWER + " -", min_size=1, max_size=40).map(str.strip).filter(bool)
text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=120)
reports = st.fixed_dictionaries(
    {
        "received_at": st.datetimes(_EARLIEST, datetime(2026, 11, 1), timezones=st.just(UTC)),
        "typology": st.sampled_from(list(TYPOLOGIES)),
        "narrative": text,
        "language": st.sampled_from([None, "th", "zh-Hans", "vi", "km"]),
        "amount": st.one_of(st.none(), st.decimals(0, 10**9, places=2)),
        "tlp": st.sampled_from([t.value for t in TLP]),
        "identifiers": identifiers,
        "agency": st.sampled_from(AGENCY_CODES),
        "groups": st.lists(st.just(GROUP), max_size=1),
        "recipients": st.lists(st.sampled_from(AGENCY_CODES), max_size=2, unique=True),
        "purpose": st.one_of(st.none(), words),
        "legal_basis": st.one_of(st.none(), words),
        "approval_ref": st.one_of(st.none(), words),
    }
)


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Members, Members]]:
    root = tmp_path_factory.mktemp("roundtrip")
    a, b = make_members(f"sqlite:///{root / 'a.db'}"), make_members(f"sqlite:///{root / 'b.db'}")
    for node in (a, b):
        with node.hub.store.write() as conn:
            create_group(conn, GROUP, list(GROUP_MEMBERS))
    yield a, b
    a.hub.close()
    b.hub.close()


def _item(drawn: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "external_id": f"R-{next(_COUNTER)}",
        "agency": drawn["agency"],
        "received_at": drawn["received_at"].isoformat(),
        "typology": drawn["typology"],
        "narrative": drawn["narrative"],
        "tlp": drawn["tlp"],
        "identifiers": [
            {"value": value, "type": kind, "role": role}
            for (value, kind), role in drawn["identifiers"]
        ],
    }
    if drawn["groups"] and drawn["tlp"] != "RED" and drawn["agency"] in GROUP_MEMBERS:
        item["sharing_groups"] = drawn["groups"]  # an agency shares only with its own groups
    if drawn["recipients"]:
        item["recipients"] = drawn["recipients"]
    for field in ("purpose", "legal_basis", "approval_ref"):
        if drawn[field]:
            item[field] = drawn[field]
    if drawn["language"]:
        item["language"] = drawn["language"]
    if drawn["amount"] is not None:
        item["amount_lost"] = str(drawn["amount"])
        item["currency"] = "THB"
    return item


def _comparable(bundle: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Objects by id, without what is node-local: campaigns number operations per node."""
    found = {}
    for obj in bundle["objects"]:
        if obj["type"] == "campaign":
            continue
        obj = dict(obj)
        obj.pop("sighting_of_ref", None)
        found[obj["id"]] = obj
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=reports)
def test_stix_to_hub_to_stix_is_lossless(
    nodes: tuple[Members, Members], drawn: dict[str, Any]
) -> None:
    a, b = nodes
    filed = a.hub.file_reports(NODE_ADMIN, [_item(drawn)])
    assert not filed.rejected, filed.rejected
    original = Sharing(a.hub).export_reports_stix(NODE_ADMIN, [filed.accepted[0]["id"]])

    imported = Sharing(b.hub).import_stix(NODE_ADMIN, original)
    assert imported["rejected"] == [] and imported["skipped"] == [], imported
    again = Sharing(b.hub).export_reports_stix(NODE_ADMIN, [imported["accepted"][0]["id"]])

    assert _comparable(again) == _comparable(original)

"""The OASIS TAXII 2.1 client library (taxii2-client) against the real server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from taxii2client.v21 import ApiRoot, Collection, Server, as_pages

from safemekong.policy import NODE_ADMIN
from safemekong.sharing.service import Sharing
from tests.conftest import Members, make_members
from tests.intel.test_ingest import WALLET, report
from tests.sharing.support import full_report

ServerUnderTest = tuple[str, Members]
TAXII = "application/taxii+json;version=2.1"
PASSWORD = "correct horse battery"


@pytest.fixture
def remote(tmp_path: Path) -> Iterator[Members]:
    """Another hub whose TH-CCIB exports a report that TH-CCIB here adds over TAXII."""
    other = make_members(f"sqlite:///{tmp_path / 'remote.db'}")
    yield other
    other.hub.close()


def _visible(api_root: ApiRoot) -> Collection:
    [found] = [c for c in api_root.collections if c.alias == "visible"]
    return found


def _all_objects(collection: Collection, per_request: int) -> list[list[dict[str, Any]]]:
    return [page.get("objects", []) for page in as_pages(collection.get_objects, per_request)]


def test_the_oasis_client_discovers_reads_adds_and_deletes(
    live_server: ServerUnderTest, remote: Members
) -> None:
    url, members = live_server
    hub = members.hub
    hub.add_user(NODE_ADMIN, "somchai", "TH-CCIB", "analyst", PASSWORD)
    hub.create_group(NODE_ADMIN, "CN-TH", ["CN-AFC", "TH-CCIB"])
    for item in (full_report("TH-1"), full_report("TH-2"), report("TH-3", (WALLET, "wallet"))):
        assert not hub.file_reports(members.principal("TH-CCIB"), [item]).rejected

    # Discovery and the API root, with a user's name and password over HTTP Basic.
    server = Server(f"{url}/taxii2/", user="somchai", password=PASSWORD)
    assert server.title == "SafeMekong"
    assert [root.url for root in server.api_roots] == [server.default.url]
    api_root = server.default
    assert TAXII in api_root.versions
    assert api_root.max_content_length == 2_000_000  # the live server's body limit
    assert {c.alias for c in api_root.collections} == {"visible", "shared", "group-cn-th"}
    collection = _visible(api_root)
    assert collection.can_read and collection.can_write

    # Every object, paged five at a time, is what one unpaged request returns.
    whole = collection.get_objects()
    assert whole["more"] is False
    paged = _all_objects(collection, 5)
    assert len(paged) > 3
    assert all(1 <= len(page) <= 5 for page in paged)
    assert {o["id"] for page in paged for o in page} == {o["id"] for o in whole["objects"]}
    manifest = [r for page in as_pages(collection.get_manifest, 5) for r in page["objects"]]
    assert [r["id"] for r in manifest] == [o["id"] for page in paged for o in page]

    # A bundle that TH-CCIB exported on another hub, added here and read back.
    [accepted] = remote.hub.file_reports(
        remote.principal("TH-CCIB"), [full_report("TH-REMOTE")]
    ).accepted
    bundle = Sharing(remote.hub).export_reports_stix(remote.principal("TH-CCIB"), [accepted["id"]])
    status = collection.add_objects(
        {"objects": bundle["objects"]}, wait_for_completion=True, poll_interval=0.1, timeout=10
    )
    assert status.status == "complete"
    assert status.total_count == status.success_count == len(bundle["objects"])
    assert status.failure_count == status.pending_count == 0
    again = api_root.get_status(status.id)
    assert again.id == status.id and again.success_count == status.success_count

    [stix_report] = [o for o in bundle["objects"] if o["type"] == "report"]
    found = collection.get_objects(type="report", id=stix_report["id"])
    assert [o["id"] for o in found["objects"]] == [stix_report["id"]]
    one = collection.get_object(stix_report["id"])
    assert one["objects"][0]["object_refs"] == stix_report["object_refs"]
    versions = collection.object_versions(stix_report["id"])
    [record] = collection.get_manifest(id=stix_report["id"])["objects"]
    assert versions["versions"] == [record["version"]]
    assert record["media_type"] == "application/stix+json;version=2.1"

    # CN-AFC, with its API key as the Basic password, sees the GREEN report TH-CCIB added.
    cn = _visible(ApiRoot(api_root.url, user="cn-afc", password=members.keys["CN-AFC"]))
    assert cn.get_object(stix_report["id"])["objects"][0]["id"] == stix_report["id"]

    # Deleting it: gone for both.
    collection.delete_object(stix_report["id"])
    for reader in (collection, cn):
        with pytest.raises(requests.HTTPError) as missing:
            reader.get_object(stix_report["id"])
        assert missing.value.response.status_code == 404
        assert missing.value.response.headers["Content-Type"] == TAXII

"""The TAXII 2.1 server against the MUST statements of OASIS TAXII Version 2.1 (2021).

Sections cited are the specification's: 4.1 discovery, 4.2 API root, 4.3 status, 5.1 and 5.2
collections, 5.3 manifest, 5.4 objects, 5.5 add objects, 5.6 get an object, 5.7 delete an
object, 5.8 object versions; plus its common parts on media types and content negotiation,
authentication, filtering, pagination and the error message resource.
"""

from __future__ import annotations

import base64
import json
import uuid
import warnings
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from safemekong.api import create_app
from safemekong.errors import NotFound
from safemekong.policy import NODE_ADMIN
from safemekong.sharing.service import Sharing
from tests.conftest import Members, make_members
from tests.intel.test_ingest import WALLET, report
from tests.sharing.support import full_report

with warnings.catch_warnings():
    # Starlette would rather use httpx2; the httpx pinned here is still supported.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TAXII = "application/taxii+json;version=2.1"
STIX = "application/stix+json;version=2.1"
ROOT = "/taxii2/"
API = "/taxii2/api/"
#: Object types every export carries whatever the report: not secrets of any one report.
SHARED_DEFINITIONS = ("marking-definition", "extension-definition")
#: The object types that stand for one victim report.
REPORT_TYPES = ("report", "observed-data", "sighting")


# -- helpers ----------------------------------------------------------------------------------


def door(m: Members, max_body: int | None = None) -> TestClient:
    """A TAXII client over the hub's app (no background jobs)."""
    if max_body is None:
        return TestClient(create_app(m.hub, background=False))
    return TestClient(create_app(m.hub, max_body=max_body, background=False))


def auth(m: Members, agency: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {m.keys[agency]}", "Accept": TAXII}


def basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}", "Accept": TAXII}


def posting(headers: dict[str, str]) -> dict[str, str]:
    return {**headers, "Content-Type": TAXII}


def file(m: Members, agency: str, *items: dict[str, Any]) -> list[int]:
    """File reports as ``agency``; their hub ids."""
    result = m.hub.file_reports(m.principal(agency), list(items))
    assert not result.rejected, result.rejected
    return [int(a["id"]) for a in result.accepted]


def bundle_of(m: Members, agency: str, report_id: int) -> dict[str, Any]:
    """The STIX export of one report, as its filing agency sees it."""
    return Sharing(m.hub).export_reports_stix(m.principal(agency), [report_id])


def report_object(bundle: dict[str, Any]) -> dict[str, Any]:
    [found] = [o for o in bundle["objects"] if o["type"] == "report"]
    return found


def ids_of(bundle: dict[str, Any]) -> set[str]:
    return {o["id"] for o in bundle["objects"] if o["type"] not in SHARED_DEFINITIONS}


def collections(http: TestClient, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The caller's collections by alias."""
    response = http.get(API + "collections/", headers=headers)
    assert response.status_code == 200, response.text
    return {c["alias"]: c for c in response.json()["collections"]}


def objects_url(http: TestClient, headers: dict[str, str], alias: str = "visible") -> str:
    return f"{API}collections/{collections(http, headers)[alias]['id']}/objects/"


def manifest_url(http: TestClient, headers: dict[str, str], alias: str = "visible") -> str:
    return f"{API}collections/{collections(http, headers)[alias]['id']}/manifest/"


def pages(
    http: TestClient, url: str, headers: dict[str, str], **params: str
) -> list[httpx.Response]:
    """Every page of a listing, following ``next`` while ``more`` is true."""
    found: list[httpx.Response] = []
    query = dict(params)
    for _ in range(500):
        response = http.get(url, headers=headers, params=query)
        assert response.status_code == 200, response.text
        found.append(response)
        body = response.json()
        if not body.get("more"):
            return found
        query = {**params, "next": body["next"]}
    raise AssertionError("paging never ended")


def listed(responses: list[httpx.Response]) -> list[dict[str, Any]]:
    return [item for r in responses for item in r.json().get("objects", [])]


def moment(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def assert_taxii_error(response: httpx.Response, status: int) -> None:
    """A TAXII error message resource: title, and http_status as a string."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == TAXII
    body = response.json()
    assert body["title"]
    assert body["http_status"] == str(status)


@pytest.fixture
def hub(sqlite_members: Members) -> Members:
    """The three agencies with a sharing group CN-TH (CN-AFC and TH-CCIB, not PH-CICC)."""
    sqlite_members.hub.create_group(NODE_ADMIN, "CN-TH", ["CN-AFC", "TH-CCIB"])
    return sqlite_members


@pytest.fixture
def http(hub: Members) -> Iterator[TestClient]:
    with door(hub) as client:
        yield client


@pytest.fixture
def remote(tmp_path: Path) -> Iterator[Members]:
    """Another hub with the same agencies, whose exports are added over TAXII."""
    other = make_members(f"sqlite:///{tmp_path / 'remote.db'}")
    yield other
    other.hub.close()


# -- discovery, API root, collections ---------------------------------------------------------


def test_discovery_and_api_root_resources(hub: Members, http: TestClient) -> None:
    """4.1: title and api_roots; default is one of them. 4.2: title, versions (with
    TAXII 2.1) and max_content_length."""
    headers = auth(hub, "TH-CCIB")
    found = http.get(ROOT, headers=headers)
    assert found.status_code == 200
    assert found.headers["content-type"] == TAXII
    discovery = found.json()
    assert isinstance(discovery["title"], str) and discovery["title"]
    assert discovery["default"] in discovery["api_roots"]

    root = http.get(httpx.URL(discovery["default"]).path, headers=headers)
    assert root.status_code == 200
    assert root.headers["content-type"] == TAXII
    resource = root.json()
    assert resource["title"]
    assert TAXII in resource["versions"]
    assert isinstance(resource["max_content_length"], int)


def test_max_content_length_is_the_limit_the_server_enforces(hub: Members) -> None:
    """4.2: max_content_length is the largest body the API root accepts: a client that keeps
    under it is not refused, one that goes over it is (413)."""
    with door(hub, max_body=60_000) as http:
        headers = auth(hub, "TH-CCIB")
        limit = http.get(API, headers=headers).json()["max_content_length"]
        assert limit == 60_000
        url = objects_url(http, headers)
        filler = {"type": "note", "padding": "x" * (limit - 200)}
        under = http.post(url, headers=posting(headers), content=json.dumps({"objects": [filler]}))
        assert under.status_code == 202, under.text
        filler["padding"] = "x" * limit
        too_big = http.post(
            url, headers=posting(headers), content=json.dumps({"objects": [filler]})
        )
        assert too_big.status_code == 413
        assert too_big.headers["content-type"] == TAXII
        assert too_big.json()["http_status"] == "413" and too_big.json()["title"]


def test_unknown_paths_and_methods_under_taxii2_answer_taxii_errors(
    hub: Members, http: TestClient
) -> None:
    headers = auth(hub, "TH-CCIB")
    for response in (
        http.get(f"{API}no-such-thing/", headers=headers),
        http.put(API, headers=headers),
    ):
        assert response.status_code in (404, 405)
        assert response.headers["content-type"] == TAXII
        assert response.json()["http_status"] == str(response.status_code)


def test_collections_list_and_one_collection(hub: Members, http: TestClient) -> None:
    """5.1 and 5.2: each collection has id, title, can_read, can_write, media_types; the
    caller's agency sees the visible collection, the read-only shared one (other agencies'
    reports) and one per sharing group it is in."""
    th = collections(http, auth(hub, "TH-CCIB"))
    assert set(th) == {"visible", "shared", "group-cn-th"}
    for entry in th.values():
        uuid.UUID(entry["id"])
        assert entry["title"]
        assert entry["can_read"] is True
        assert entry["can_write"] is (entry["alias"] != "shared")
        assert STIX in entry["media_types"]
        one = http.get(f"{API}collections/{entry['id']}/", headers=auth(hub, "TH-CCIB"))
        assert one.status_code == 200
        assert one.headers["content-type"] == TAXII
        assert one.json() == entry
    assert set(collections(http, auth(hub, "PH-CICC"))) == {"visible", "shared"}
    assert th["visible"]["id"] != th["group-cn-th"]["id"]


def test_the_shared_collection_holds_only_other_agencies_reports_and_is_read_only(
    hub: Members, http: TestClient
) -> None:
    file(hub, "TH-CCIB", full_report("TH-OWN", tlp="GREEN"))
    file(hub, "CN-AFC", report("CN-1", (WALLET, "wallet")))
    headers = auth(hub, "TH-CCIB")
    url = objects_url(http, headers, "shared")
    names = {
        o["name"] for o in http.get(url, headers=headers).json()["objects"] if o["type"] == "report"
    }
    assert names == {"CN-AFC CN-1"}
    added = http.post(url, headers=posting(headers), content=json.dumps({"objects": []}))
    assert added.status_code == 403 and added.json()["http_status"] == "403"


def test_a_group_collection_of_another_agency_is_404_like_a_missing_one(
    hub: Members, http: TestClient
) -> None:
    """A collection the caller may not read answers exactly as one that does not exist."""
    group = collections(http, auth(hub, "TH-CCIB"))["group-cn-th"]["id"]
    missing = str(uuid.uuid4())
    ph = auth(hub, "PH-CICC")
    for suffix in ("", "objects/", "manifest/", f"objects/report--{uuid.uuid4()}/"):
        hidden = http.get(f"{API}collections/{group}/{suffix}", headers=ph)
        absent = http.get(f"{API}collections/{missing}/{suffix}", headers=ph)
        assert_taxii_error(hidden, 404)
        assert_taxii_error(absent, 404)
        assert hidden.json()["title"] == absent.json()["title"]
        assert hidden.json()["description"].replace(group, missing) == absent.json()["description"]
    added = http.post(
        f"{API}collections/{group}/objects/",
        headers=posting(ph),
        content=json.dumps({"objects": []}),
    )
    assert_taxii_error(added, 404)


def test_every_answer_has_the_taxii_media_type(hub: Members, http: TestClient) -> None:
    """TAXII resources and error messages are application/taxii+json;version=2.1."""
    [report_id] = file(hub, "TH-CCIB", full_report("TH-1"))
    stix_id = report_object(bundle_of(hub, "TH-CCIB", report_id))["id"]
    headers = auth(hub, "TH-CCIB")
    objects = objects_url(http, headers)
    status = http.post(objects, headers=posting(headers), content=json.dumps({"objects": []}))
    paths = [
        ROOT,
        API,
        API + "collections/",
        objects.removesuffix("objects/"),
        objects,
        objects.replace("/objects/", "/manifest/"),
        f"{objects}{stix_id}/",
        f"{objects}{stix_id}/versions/",
        f"{API}status/{status.json()['id']}/",
        f"{objects}report--{uuid.uuid4()}/",  # 404
        objects + "?limit=0",  # 400
    ]
    for path in paths:
        response = http.get(path, headers=headers)
        assert response.headers["content-type"] == TAXII, path
    assert status.headers["content-type"] == TAXII
    assert http.get(API, headers={"Accept": TAXII}).headers["content-type"] == TAXII


# -- objects, paging and filters --------------------------------------------------------------


def test_paging_with_a_small_limit_returns_every_object(hub: Members, http: TestClient) -> None:
    """5.4 and pagination: never more than ``limit`` objects a page; ``more`` and ``next``
    lead through every object; pages come in date_added order, and the date-added headers
    are the first and last date_added of each page."""
    file(hub, "TH-CCIB", full_report("TH-1"), full_report("TH-2"))
    file(hub, "CN-AFC", report("CN-1", (WALLET, "wallet"), currency="CNY"))
    headers = auth(hub, "TH-CCIB")
    url = objects_url(http, headers)
    whole = http.get(url, headers=headers).json()
    assert whole["more"] is False and "next" not in whole

    paged = pages(http, url, headers, limit="4")
    assert len(paged) > 3
    for response in paged[:-1]:
        body = response.json()
        assert 1 <= len(body["objects"]) <= 4
        assert body["more"] is True and body["next"]
    assert 1 <= len(paged[-1].json()["objects"]) <= 4
    assert paged[-1].json()["more"] is False and "next" not in paged[-1].json()
    assert {o["id"] for o in listed(paged)} == {o["id"] for o in whole["objects"]}

    manifests = pages(http, url.replace("/objects/", "/manifest/"), headers, limit="4")
    assert [[r["id"] for r in m.json()["objects"]] for m in manifests] == [
        [o["id"] for o in p.json()["objects"]] for p in paged
    ]
    previous = None
    for objects, manifest in zip(paged, manifests, strict=True):
        added = sorted(moment(r["date_added"]) for r in manifest.json()["objects"])
        for response in (objects, manifest):
            assert moment(response.headers["X-TAXII-Date-Added-First"]) == added[0]
            assert moment(response.headers["X-TAXII-Date-Added-Last"]) == added[-1]
        if previous is not None:
            assert previous <= added[0]
        previous = added[-1]


def test_paging_through_a_type_filter(hub: Members, http: TestClient) -> None:
    """Filters hold on every page: one report a page with limit=1."""
    ids = file(hub, "TH-CCIB", *(full_report(f"TH-{n}") for n in range(3)))
    expected = [report_object(bundle_of(hub, "TH-CCIB", i))["id"] for i in ids]
    headers = auth(hub, "TH-CCIB")
    paged = pages(http, objects_url(http, headers), headers, limit="1", **{"match[type]": "report"})
    assert [[o["id"] for o in p.json()["objects"]] for p in paged] == [[i] for i in expected]


def test_added_after_is_strictly_after(hub: Members, http: TestClient) -> None:
    """added_after: only objects added after the timestamp, never at it."""
    [first] = file(hub, "TH-CCIB", full_report("TH-1"))
    [second] = file(hub, "TH-CCIB", report("TH-2", ("086-123-4567", "caller")))
    first_id = report_object(bundle_of(hub, "TH-CCIB", first))["id"]
    second_id = report_object(bundle_of(hub, "TH-CCIB", second))["id"]
    headers = auth(hub, "TH-CCIB")
    url = objects_url(http, headers)
    manifest = http.get(url.replace("/objects/", "/manifest/"), headers=headers).json()
    added = {r["id"]: r["date_added"] for r in manifest["objects"]}

    after_first = http.get(url, headers=headers, params={"added_after": added[first_id]})
    ids = {o["id"] for o in after_first.json()["objects"]}
    assert second_id in ids and first_id not in ids
    assert moment(after_first.headers["X-TAXII-Date-Added-First"]) > moment(added[first_id])

    just_before = stamp(moment(added[first_id]) - timedelta(microseconds=1))
    again = http.get(url, headers=headers, params={"added_after": just_before}).json()
    assert {first_id, second_id} <= {o["id"] for o in again["objects"]}

    nothing = http.get(url, headers=headers, params={"added_after": added[second_id]})
    assert nothing.status_code == 200
    assert nothing.json().get("objects", []) == []
    assert "X-TAXII-Date-Added-First" not in nothing.headers


def test_match_filters_on_objects_and_manifest(hub: Members, http: TestClient) -> None:
    """match[id], match[type], match[version] and match[spec_version], alone and as lists."""
    [report_id] = file(hub, "TH-CCIB", full_report("TH-1"))
    bundle = bundle_of(hub, "TH-CCIB", report_id)
    stix_report = report_object(bundle)
    [sighting] = [o for o in bundle["objects"] if o["type"] == "sighting"]
    headers = auth(hub, "TH-CCIB")
    url = objects_url(http, headers)

    def ids(**params: str) -> list[str]:
        found = []
        for listing in (url, url.replace("/objects/", "/manifest/")):
            response = http.get(listing, headers=headers, params=params)
            assert response.status_code == 200, response.text
            found.append([o["id"] for o in response.json().get("objects", [])])
        assert found[0] == found[1]
        return found[0]

    both = {stix_report["id"], sighting["id"]}
    assert sorted(ids(**{"match[id]": ",".join(sorted(both))})) == sorted(both)
    assert ids(**{"match[id]": f"report--{uuid.uuid4()}"}) == []
    typed = ids(**{"match[type]": "report,sighting"})
    assert sorted(typed) == sorted([stix_report["id"], sighting["id"]])
    assert ids(**{"match[type]": "indicator"}) == []

    exact = stix_report["modified"]
    later = stamp(moment(exact) + timedelta(milliseconds=1))
    one = {"match[id]": stix_report["id"]}
    assert ids(**one, **{"match[version]": exact}) == [stix_report["id"]]
    assert ids(**one, **{"match[version]": later}) == []
    assert ids(**one, **{"match[version]": f"{later},{exact}"}) == [stix_report["id"]]
    for keyword in ("first", "last", "all"):
        assert ids(**one, **{"match[version]": keyword}) == [stix_report["id"]]

    everything = ids()
    assert ids(**{"match[spec_version]": "2.1"}) == everything
    assert ids(**{"match[spec_version]": "2.0"}) == []


def test_manifest_records(hub: Members, http: TestClient) -> None:
    """5.3: each record has id, date_added, version and media_type; the version of an object
    is its modified timestamp."""
    [report_id] = file(hub, "TH-CCIB", full_report("TH-1"))
    headers = auth(hub, "TH-CCIB")
    url = objects_url(http, headers)
    objects = {o["id"]: o for o in http.get(url, headers=headers).json()["objects"]}
    manifest = http.get(url.replace("/objects/", "/manifest/"), headers=headers)
    assert manifest.status_code == 200
    body = manifest.json()
    assert body["more"] is False
    assert [r["id"] for r in body["objects"]] == list(objects)
    for record in body["objects"]:
        assert {"id", "date_added", "version", "media_type"} <= set(record)
        assert record["media_type"] == STIX
        moment(record["date_added"])
        obj = objects[record["id"]]
        if "modified" in obj:
            assert moment(record["version"]) == moment(obj["modified"])
    stix_report = report_object(bundle_of(hub, "TH-CCIB", report_id))
    assert stix_report["id"] in objects


def test_get_an_object_and_its_versions(hub: Members, http: TestClient) -> None:
    """5.6 and 5.8: the object in an envelope; its versions; date-added headers; 404 for an
    object that is not there."""
    [report_id] = file(hub, "TH-CCIB", full_report("TH-1"))
    stix_report = report_object(bundle_of(hub, "TH-CCIB", report_id))
    headers = auth(hub, "TH-CCIB")
    url = objects_url(http, headers)
    [record] = http.get(
        url.replace("/objects/", "/manifest/"),
        headers=headers,
        params={"match[id]": stix_report["id"]},
    ).json()["objects"]

    one = http.get(f"{url}{stix_report['id']}/", headers=headers)
    assert one.status_code == 200
    assert [o["id"] for o in one.json()["objects"]] == [stix_report["id"]]
    assert one.json()["objects"][0]["modified"] == stix_report["modified"]
    assert one.headers["X-TAXII-Date-Added-First"] == record["date_added"]
    assert one.headers["X-TAXII-Date-Added-Last"] == record["date_added"]

    versions = http.get(f"{url}{stix_report['id']}/versions/", headers=headers)
    assert versions.status_code == 200
    assert versions.json()["versions"] == [record["version"]]
    assert versions.json()["more"] is False
    assert versions.headers["X-TAXII-Date-Added-Last"] == record["date_added"]

    wrong_version = stamp(moment(stix_report["modified"]) + timedelta(seconds=1))
    assert_taxii_error(
        http.get(
            f"{url}{stix_report['id']}/", headers=headers, params={"match[version]": wrong_version}
        ),
        404,
    )
    for missing in (f"report--{uuid.uuid4()}", f"indicator--{uuid.uuid4()}"):
        assert_taxii_error(http.get(f"{url}{missing}/", headers=headers), 404)
        assert_taxii_error(http.get(f"{url}{missing}/versions/", headers=headers), 404)


# -- adding objects and the status resource ---------------------------------------------------


def _status_adds_up(status: dict[str, Any], sent: int) -> None:
    """4.3.1: the required fields; total is the objects sent, and is what the parts add to."""
    uuid.UUID(status["id"])
    assert status["status"] in ("complete", "pending")
    assert status["total_count"] == sent
    assert (
        status["success_count"] + status["failure_count"] + status["pending_count"]
        == status["total_count"]
    )
    assert len(status.get("successes", [])) == status["success_count"]
    assert len(status.get("failures", [])) == status["failure_count"]
    assert len(status.get("pendings", [])) == status["pending_count"]
    for detail in status.get("successes", []) + status.get("failures", []):
        assert detail["id"] and detail["version"]
    for failure in status.get("failures", []):
        assert failure["message"]


def test_add_objects_files_the_report_and_answers_with_a_status(
    hub: Members, remote: Members, http: TestClient
) -> None:
    """5.5: 202 with a status resource; 4.3: the agency that added gets it back, others 404."""
    [remote_id] = file(remote, "TH-CCIB", full_report("TH-REMOTE"))
    bundle = bundle_of(remote, "TH-CCIB", remote_id)
    headers = auth(hub, "TH-CCIB")
    url = objects_url(http, headers)
    added = http.post(
        url, headers=posting(headers), content=json.dumps({"objects": bundle["objects"]})
    )
    assert added.status_code == 202, added.text
    assert added.headers["content-type"] == TAXII
    status = added.json()
    _status_adds_up(status, len(bundle["objects"]))
    assert status["failure_count"] == 0
    assert {s["id"] for s in status["successes"]} == {o["id"] for o in bundle["objects"]}

    stix_id = report_object(bundle)["id"]
    back = http.get(f"{url}{stix_id}/", headers=headers)
    assert back.status_code == 200
    assert back.json()["objects"][0]["id"] == stix_id

    mine = http.get(f"{API}status/{status['id']}/", headers=headers)
    assert mine.status_code == 200
    assert mine.json() == status
    assert_taxii_error(http.get(f"{API}status/{status['id']}/", headers=auth(hub, "CN-AFC")), 404)
    assert_taxii_error(http.get(f"{API}status/{uuid.uuid4()}/", headers=headers), 404)


def test_status_counts_add_up_for_an_imperfect_envelope(
    hub: Members, remote: Members, http: TestClient
) -> None:
    """Every object sent is counted once, as a success or a failure: broken objects,
    an object sent twice, a report another agency may not file, a report naming an
    observable the envelope does not carry."""
    [remote_id] = file(remote, "TH-CCIB", full_report("TH-REMOTE"))
    bundle = bundle_of(remote, "TH-CCIB", remote_id)
    [partial_id] = file(remote, "TH-CCIB", report("TH-PARTIAL", ("086-123-4567", "caller")))
    partial = [
        o
        for o in bundle_of(remote, "TH-CCIB", partial_id)["objects"]
        if o["type"] != "phone-number"
    ]
    envelope = [*bundle["objects"], bundle["objects"][0], 7, {"type": "indicator"}, *partial]
    headers = auth(hub, "CN-AFC")  # TH-CCIB's report is not CN-AFC's to file
    added = http.post(
        objects_url(http, headers),
        headers=posting(headers),
        content=json.dumps({"objects": envelope}),
    )
    assert added.status_code == 202, added.text
    status = added.json()
    _status_adds_up(status, len(envelope))
    failed = {f["id"] for f in status["failures"]}
    standing = {o["id"] for o in bundle["objects"] if o["type"] in REPORT_TYPES}
    assert standing <= failed  # neither the report nor what stands for it was stored
    after = len(bundle["objects"])  # then the repeated object, 7 and the typeless indicator
    assert {f"object #{after + 1}", f"object #{after + 2}"} <= failed
    assert not standing & {s["id"] for s in status["successes"]}


def test_add_objects_needs_the_taxii_content_type(
    hub: Members, remote: Members, http: TestClient
) -> None:
    """Content negotiation: a body that is not application/taxii+json is 415, and nothing
    of it is filed."""
    [remote_id] = file(remote, "TH-CCIB", full_report("TH-REMOTE"))
    bundle = bundle_of(remote, "TH-CCIB", remote_id)
    headers = auth(hub, "TH-CCIB")
    url = objects_url(http, headers)
    body = json.dumps({"objects": bundle["objects"]})
    for content_type in ("application/json", "application/taxii+json;version=2.0", STIX):
        refused = http.post(url, headers={**headers, "Content-Type": content_type}, content=body)
        assert_taxii_error(refused, 415)
    assert_taxii_error(http.get(f"{url}{report_object(bundle)['id']}/", headers=headers), 404)
    assert http.post(url, headers=posting(headers), content=body).status_code == 202
    assert http.get(f"{url}{report_object(bundle)['id']}/", headers=headers).status_code == 200


def test_accept_of_another_taxii_version_is_406(hub: Members, http: TestClient) -> None:
    """Content negotiation: a client that accepts only TAXII 2.0 (or plain JSON) gets 406;
    one that accepts TAXII without a version gets 2.1."""
    headers = auth(hub, "TH-CCIB")
    url = objects_url(http, headers)
    for path in (ROOT, API, API + "collections/", url, url.replace("/objects/", "/manifest/")):
        for accept in ("application/taxii+json;version=2.0", "application/json"):
            assert_taxii_error(http.get(path, headers={**headers, "Accept": accept}), 406)
        plain = http.get(path, headers={**headers, "Accept": "application/taxii+json"})
        assert plain.status_code == 200
        assert plain.headers["content-type"] == TAXII
    refused = http.post(
        url,
        headers={**posting(headers), "Accept": "application/taxii+json;version=2.0"},
        content=json.dumps({"objects": []}),
    )
    assert_taxii_error(refused, 406)


# -- authentication and authorisation ---------------------------------------------------------


def test_without_valid_credentials_is_401_with_a_challenge(hub: Members, http: TestClient) -> None:
    """Authentication: 401 with WWW-Authenticate naming HTTP Basic."""
    hub.hub.add_user(NODE_ADMIN, "somchai", "TH-CCIB", "analyst", "correct horse battery")
    for headers in (
        {"Accept": TAXII},
        {"Accept": TAXII, "Authorization": "Bearer not-a-key"},
        basic("somchai", "wrong horse battery"),
        {"Accept": TAXII, "Authorization": "Basic !!!"},
    ):
        for path in (ROOT, API, API + "collections/"):
            refused = http.get(path, headers=headers)
            assert_taxii_error(refused, 401)
            assert "basic" in refused.headers["WWW-Authenticate"].lower()


def test_basic_authentication_with_a_user_or_an_api_key(hub: Members, http: TestClient) -> None:
    """HTTP Basic with a user's name and password, or with an agency key as the password."""
    hub.hub.add_user(NODE_ADMIN, "somchai", "TH-CCIB", "analyst", "correct horse battery")
    key = hub.keys["TH-CCIB"]
    for headers in (
        basic("somchai", "correct horse battery"),
        basic("", key),
        basic("taxii-client", key),
    ):
        found = collections(http, headers)
        assert set(found) == {"visible", "shared", "group-cn-th"}


def test_a_read_only_role_reads_but_may_not_add_or_delete(hub: Members, http: TestClient) -> None:
    """can_write is false for a read-only role, and adding or deleting is 403."""
    [report_id] = file(hub, "TH-CCIB", full_report("TH-1"))
    stix_id = report_object(bundle_of(hub, "TH-CCIB", report_id))["id"]
    reader_key = hub.hub.create_key(NODE_ADMIN, "TH-CCIB", "read-only")["key"]
    hub.hub.add_user(NODE_ADMIN, "observer", "TH-CCIB", "read-only", "correct horse battery")
    bundle = json.dumps({"objects": bundle_of(hub, "TH-CCIB", report_id)["objects"]})
    for headers in (
        {"Authorization": f"Bearer {reader_key}", "Accept": TAXII},
        basic("observer", "correct horse battery"),
    ):
        visible = collections(http, headers)["visible"]
        assert visible["can_read"] is True and visible["can_write"] is False
        url = f"{API}collections/{visible['id']}/objects/"
        assert http.get(f"{url}{stix_id}/", headers=headers).status_code == 200
        assert_taxii_error(http.post(url, headers=posting(headers), content=bundle), 403)
        assert_taxii_error(http.delete(f"{url}{stix_id}/", headers=headers), 403)
    assert http.get(f"{url}{stix_id}/", headers=auth(hub, "TH-CCIB")).status_code == 200


# -- deleting ---------------------------------------------------------------------------------


def test_delete_an_object(hub: Members, http: TestClient) -> None:
    """5.7: the caller's own report goes, with every object standing for it; another agency's
    report is 403; one the caller cannot see is 404, as if missing."""
    [own] = file(hub, "TH-CCIB", full_report("TH-1"))
    [other] = file(hub, "CN-AFC", report("CN-1", (WALLET, "wallet"), currency="CNY"))
    [secret] = file(
        hub, "PH-CICC", report("PH-1", (WALLET, "wallet"), tlp="RED", recipients=["CN-AFC"])
    )
    headers = auth(hub, "TH-CCIB")
    url = objects_url(http, headers)
    own_bundle = bundle_of(hub, "TH-CCIB", own)
    own_report = report_object(own_bundle)["id"]
    standing = [
        o["id"] for o in own_bundle["objects"] if o["type"] in ("observed-data", "sighting")
    ]

    deleted = http.delete(f"{url}{own_report}/", headers=headers)
    assert deleted.status_code == 200, deleted.text
    for gone in (own_report, *standing):
        assert_taxii_error(http.get(f"{url}{gone}/", headers=headers), 404)
    with pytest.raises(NotFound):
        hub.hub.get_report(NODE_ADMIN, own)
    assert_taxii_error(http.delete(f"{url}{own_report}/", headers=headers), 404)

    others = report_object(bundle_of(hub, "CN-AFC", other))["id"]
    assert_taxii_error(http.delete(f"{url}{others}/", headers=headers), 403)
    assert http.get(f"{url}{others}/", headers=headers).status_code == 200

    hidden = report_object(bundle_of(hub, "PH-CICC", secret))["id"]
    refused = http.delete(f"{url}{hidden}/", headers=headers)
    missing = http.delete(f"{url}report--{uuid.uuid4()}/", headers=headers)
    assert_taxii_error(refused, 404)
    assert_taxii_error(missing, 404)
    assert refused.json()["title"] == missing.json()["title"]
    assert hub.hub.get_report(NODE_ADMIN, secret)["external_id"] == "PH-1"

    identity = next(
        o["id"] for o in bundle_of(hub, "CN-AFC", other)["objects"] if o["type"] == "identity"
    )
    assert_taxii_error(http.delete(f"{url}{identity}/", headers=headers), 403)


# -- bad requests -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "0"},
        {"limit": "-3"},
        {"limit": "ten"},
        {"added_after": "garbage"},
        {"added_after": ""},
        {"next": "garbage"},
        {"next": base64.urlsafe_b64encode(b'{"a": 1}').decode()},
        {"match[version]": "yesterday"},
        {"match[type]": ""},
    ],
)
def test_bad_filter_values_are_400_error_messages(
    hub: Members, http: TestClient, params: dict[str, str]
) -> None:
    """Filtering: a malformed filter is 400 with a TAXII error message."""
    file(hub, "TH-CCIB", full_report("TH-1"))
    headers = auth(hub, "TH-CCIB")
    url = objects_url(http, headers)
    for listing in (url, url.replace("/objects/", "/manifest/")):
        assert_taxii_error(http.get(listing, headers=headers, params=params), 400)


def test_a_body_that_is_not_an_envelope_is_400(hub: Members, http: TestClient) -> None:
    headers = auth(hub, "TH-CCIB")
    url = objects_url(http, headers)
    for body in (b"{not json", b"[]", b'{"objects": {}}'):
        assert_taxii_error(http.post(url, headers=posting(headers), content=body), 400)


# -- visibility, on SQLite and PostgreSQL ------------------------------------------------------


@pytest.fixture
def shared(members: Members) -> dict[str, dict[str, Any]]:
    """TH-CCIB's reports: one for everyone, one for the group CN-TH (TLP:AMBER), one for
    PH-CICC only (TLP:RED); each bundle keyed by name."""
    members.hub.create_group(NODE_ADMIN, "CN-TH", ["CN-AFC", "TH-CCIB"])
    open_, amber, red = file(
        members,
        "TH-CCIB",
        report("TH-OPEN", ("081-234-5678", "caller"), tlp="GREEN"),
        report("TH-AMBER", ("082-345-6789", "caller"), tlp="AMBER", sharing_groups=["CN-TH"]),
        report("TH-RED", ("083-456-7890", "caller"), tlp="RED", recipients=["PH-CICC"]),
    )
    return {
        name: bundle_of(members, "TH-CCIB", report_id)
        for name, report_id in (("open", open_), ("amber", amber), ("red", red))
    }


VIEWS = {"CN-AFC": ("open", "amber"), "PH-CICC": ("open", "red")}


@pytest.mark.parametrize("viewer", sorted(VIEWS))
def test_an_agency_never_receives_objects_of_a_report_it_may_not_see(
    members: Members, shared: dict[str, dict[str, Any]], viewer: str
) -> None:
    """Through objects (paged), manifest, match[id], get an object and versions, in every
    collection of the viewer: nothing of a report it may not see."""
    seen = set().union(*(ids_of(shared[name]) for name in VIEWS[viewer]))
    [unseen_name] = set(shared) - set(VIEWS[viewer])
    hidden = ids_of(shared[unseen_name]) - seen
    hidden_report = report_object(shared[unseen_name])["id"]
    assert hidden_report in hidden and len(hidden) >= 4  # report, observed-data, sighting, phone
    headers = auth(members, viewer)
    with door(members) as http:
        mine = collections(http, headers)
        for collection in mine.values():
            url = f"{API}collections/{collection['id']}/objects/"
            received = {o["id"] for o in listed(pages(http, url, headers, limit="5"))}
            manifest = url.replace("/objects/", "/manifest/")
            received |= {r["id"] for r in listed(pages(http, manifest, headers, limit="5"))}
            assert not received & hidden, (collection["alias"], received & hidden)
            asked = {"match[id]": ",".join(sorted(hidden))}
            for listing in (url, manifest):
                assert (
                    http.get(listing, headers=headers, params=asked).json().get("objects", []) == []
                )
            for object_id in hidden:
                assert_taxii_error(http.get(f"{url}{object_id}/", headers=headers), 404)
                assert_taxii_error(http.get(f"{url}{object_id}/versions/", headers=headers), 404)
        # What the viewer may see does come through (so the test above can fail).
        everything = {o["id"] for o in listed(pages(http, objects_url(http, headers), headers))}
        for name in VIEWS[viewer]:
            assert report_object(shared[name])["id"] in everything
        th = auth(members, "TH-CCIB")
        assert hidden <= {o["id"] for o in listed(pages(http, objects_url(http, th), th))}


def test_a_group_collection_holds_what_is_shared_with_the_group(
    members: Members, shared: dict[str, dict[str, Any]]
) -> None:
    """The group collection: the group's reports only; PH-CICC, not in the group, gets 404."""
    with door(members) as http:
        cn = auth(members, "CN-AFC")
        group = collections(http, cn)["group-cn-th"]
        url = f"{API}collections/{group['id']}/objects/"
        reports = http.get(url, headers=cn, params={"match[type]": "report"}).json()
        assert [o["id"] for o in reports["objects"]] == [report_object(shared["amber"])["id"]]
        assert_taxii_error(http.get(url, headers=auth(members, "PH-CICC")), 404)


def test_objects_added_to_a_group_collection_are_shared_with_that_group_only(
    members: Members, tmp_path: Path
) -> None:
    """5.5 into a group collection: the report reaches the group's agencies, not others."""
    members.hub.create_group(NODE_ADMIN, "CN-TH", ["CN-AFC", "TH-CCIB"])
    remote = make_members(f"sqlite:///{tmp_path / 'remote.db'}")
    try:
        [remote_id] = file(remote, "TH-CCIB", report("TH-GROUP", ("089-876-5432", "caller")))
        bundle = bundle_of(remote, "TH-CCIB", remote_id)
    finally:
        remote.hub.close()
    stix_id = report_object(bundle)["id"]
    with door(members) as http:
        th = auth(members, "TH-CCIB")
        added = http.post(
            objects_url(http, th, "group-cn-th"),
            headers=posting(th),
            content=json.dumps({"objects": bundle["objects"]}),
        )
        assert added.status_code == 202, added.text
        assert added.json()["failure_count"] == 0
        for viewer, alias, found in (
            ("CN-AFC", "group-cn-th", 200),
            ("CN-AFC", "visible", 200),
            ("PH-CICC", "visible", 404),
        ):
            headers = auth(members, viewer)
            response = http.get(f"{objects_url(http, headers, alias)}{stix_id}/", headers=headers)
            assert response.status_code == found, (viewer, alias)

"""Object-level authorisation: every route that reads or writes an object, tried on objects the
caller may not touch.

TH-CCIB is the caller. CN-AFC and PH-CICC hold objects TH may not see: AMBER kept to their own
agency, AMBER shared with a group TH is not in (CN-PH), RED to CN only; CN-TH is a group TH is in,
so what CN shares there TH may see but not change. Each pattern is one table-driven test whose
cases name the route: invisible objects answer 404 exactly as missing ones do (their existence is
not disclosed), objects the caller may know about answer 403, roles without the permission answer
403, lists and searches never show a hidden object, and no refused write changes anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from safemekong.api import create_app
from safemekong.policy import NODE_ADMIN
from safemekong.sharing.taxii import SHARED, VISIBLE, collection_id
from tests.conftest import make_members
from tests.intel.test_ingest import report

TH, CN, PH = "TH-CCIB", "CN-AFC", "PH-CICC"
TAXII = "/taxii2/api/collections"
#: Values that only hidden reports name, and one that a report shared with TH names.
HIDDEN_IN_GROUP, HIDDEN_RED, HIDDEN_OWN = "+8613800000001", "+639170000002", "+8613800000003"
SHARED_WITH_TH = "+8613800000004"
HIDDEN_DOMAIN = "cn-hidden-scam-7f3a.com"
LEDGER = (
    "tx_id,timestamp,from,to,amount,currency\n"
    "cn-t1,2026-11-01T10:00:00,bank:TH:004:1000000001,bank:TH:006:4000000002,900,THB\n"
    "cn-t2,2026-11-01T11:00:00,bank:TH:006:4000000002,bank:TH:014:5000000001,800,THB\n"
)
SCREENING_LIST = "id,name,dob,nationality\ncn-s1,Zhao Wei,1970,CN\n"
#: A preservation request's required fields.
REQUEST = {
    "case": "TH-1",
    "requesting_authority": "CCIB",
    "offence": "fraud",
    "facts": "f",
    "data_sought": "d",
    "link_to_offence": "l",
    "necessity": "n",
    "intended_assistance": "i",
    "custodian": "Bank of China",
}


@dataclass
class World:
    """The hub's app, every agency's keys by role, and the ids of the objects made."""

    app: Any
    keys: dict[str, str]
    ids: dict[str, Any] = field(default_factory=dict)

    def client(self, who: str) -> TestClient:
        """A client with the key ``who`` ("TH-CCIB admin", "CN-AFC analyst" …)."""
        return TestClient(self.app, headers={"Authorization": f"Bearer {self.keys[who]}"})


def _made(answer: Any) -> Any:
    assert answer.status_code < 300, answer.text
    return answer.json()


def _stix_report_id(client: TestClient, report_id: int) -> str:
    bundle = _made(client.get(f"/api/v1/reports/{report_id}/stix"))
    return next(o["id"] for o in bundle["objects"] if o["type"] == "report")


def build(url: str, tmp: Path) -> World:
    members = make_members(url)
    hub = members.hub
    hub.create_group(NODE_ADMIN, "CN-TH", [CN, TH])
    hub.create_group(NODE_ADMIN, "CN-PH", [CN, PH])
    keys = {f"{code} analyst": members.keys[code] for code in (TH, CN, PH)}
    for who in (f"{TH} admin", f"{TH} read-only", f"{TH} immigration", f"{CN} admin"):
        code, role = who.split(" ")
        keys[who] = hub.create_key(NODE_ADMIN, code, role)["key"]
    world = World(create_app(hub, background=False), keys)
    ids = world.ids
    with world.client(f"{CN} analyst") as cn, world.client(f"{PH} analyst") as ph:
        filed = _made(
            cn.post(
                "/api/v1/reports",
                json=[
                    report(
                        "cn-group",
                        (HIDDEN_IN_GROUP, "caller"),
                        tlp="AMBER",
                        sharing_groups=["CN-PH"],
                    ),
                    report(
                        "cn-own",
                        (HIDDEN_OWN, "caller"),
                        (f"https://{HIDDEN_DOMAIN}/login", "website"),
                        tlp="AMBER",
                    ),
                    report(
                        "cn-th", (SHARED_WITH_TH, "caller"), tlp="AMBER", sharing_groups=["CN-TH"]
                    ),
                ],
            )
        )["accepted"]
        ids["cn_group"], ids["cn_own"], ids["cn_th"] = (a["id"] for a in filed)
        ids["op_group"], ids["op_own"], ids["op_th"] = (a["operation_id"] for a in filed)
        red = _made(
            ph.post(
                "/api/v1/reports",
                json=report("ph-red", (HIDDEN_RED, "caller"), tlp="RED", recipients=[CN]),
            )
        )["accepted"][0]
        ids["ph_red"], ids["op_red"] = red["id"], red["operation_id"]
        for name in ("cn_group", "cn_own", "cn_th"):
            ids[f"stix_{name}"] = _stix_report_id(cn, ids[name])
        ids["stix_ph_red"] = _stix_report_id(ph, ids["ph_red"])
        _made(cn.post("/api/v1/watches", json={"value": HIDDEN_OWN}))
        status = cn.post(
            f"{TAXII}/{collection_id('group/CN-PH')}/objects/",
            json={"objects": []},
            headers={"Content-Type": "application/taxii+json;version=2.1"},
        )
        ids["cn_status"] = _made(status)["id"]
        _made(cn.post("/api/v1/trail/import", params={"tlp": "AMBER"}, content=LEDGER))
        item = cn.post(
            "/api/v1/evidence/items",
            params={
                "case": "CN-2026-7",
                "exhibit": "E1",
                "acquired_by": "Insp. Li",
                "legal_basis": "CPL art. 52",
                "tlp": "AMBER",
            },
            content=b"chat export",
        )
        ids["cn_item"] = _made(item)["id"]
        shared = cn.post(
            "/api/v1/evidence/items",
            params={
                "case": "CN-2026-8",
                "exhibit": "E1",
                "acquired_by": "Insp. Li",
                "legal_basis": "CPL art. 52",
                "tlp": "AMBER",
                "sharing_groups": ["CN-TH"],
            },
            content=b"bank statement",
        )
        ids["cn_item_th"] = _made(shared)["id"]
        _made(
            cn.post(
                "/api/v1/evidence/requests",
                json={**REQUEST, "case": "CN-2026-7", "requesting_authority": "AFC"},
            )
        )
    with world.client(f"{CN} admin") as cn_admin:
        ids["cn_hook"] = _made(
            cn_admin.post("/api/v1/webhooks", json={"url": "https://afc.example.cn/hook"})
        )["id"]
        ids["cn_key_prefix"] = keys[f"{CN} analyst"].split("_")[1]
        ids["th_key_prefix"] = keys[f"{TH} admin"].split("_")[1]
        _made(
            cn_admin.post(
                "/api/v1/users",
                json={
                    "username": "li.officer",
                    "agency": CN,
                    "role": "analyst",
                    "password": "a long enough password",
                },
            )
        )
    lists = tmp / "cn-private.csv"
    lists.write_text(SCREENING_LIST)
    hub.screening.import_file(members.principal(CN), lists, "csv", "cn-private", tlp="AMBER")
    return world


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp("authz")
    built = build(f"sqlite:///{tmp / 'hub.db'}", tmp)
    yield built
    built.app.state.hub.close()


@dataclass(frozen=True)
class Case:
    """One request by ``who``; ``path``, ``json`` and ``params`` name world ids as
    ``{name}``."""

    route: str
    who: str
    method: str
    path: str
    json: Any = None
    params: dict[str, Any] | None = None
    taxii: bool = False
    content: bytes | None = None

    def send(self, world: World) -> Any:
        fill = _filler(world.ids)
        headers = {"Content-Type": "application/taxii+json;version=2.1"} if self.taxii else {}
        with world.client(self.who) as client:
            return client.request(
                self.method,
                fill(self.path),
                json=fill(self.json),
                params=fill(self.params),
                headers=headers,
                content=self.content,
            )

    def __str__(self) -> str:
        return f"{self.route} as {self.who}"


def _filler(ids: dict[str, Any]) -> Callable[[Any], Any]:
    def fill(value: Any) -> Any:
        if isinstance(value, str):
            return value.format(**ids)
        if isinstance(value, list):
            return [fill(v) for v in value]
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        return value

    return fill


ANALYST, ADMIN = f"{TH} analyst", f"{TH} admin"
GROUP_PH, GROUP_TH = collection_id("group/CN-PH"), collection_id("group/CN-TH")
TRACE = {"seeds": ["tx:cn-t1"], "hops": 3}
HIDDEN_REPORTS = ("cn_group", "cn_own", "ph_red")
HIDDEN_OPERATIONS = ("op_group", "op_own", "op_red")

#: Objects TH may not see, read or written through every route that names one: 404 as for an
#: object that does not exist. "A/B" cases authorise one object and act on another.
INVISIBLE = [
    *(
        Case(f"GET /reports/{{id}} ({r})", ANALYST, "GET", f"/api/v1/reports/{{{r}}}")
        for r in HIDDEN_REPORTS
    ),
    *(
        Case(f"GET /reports/{{id}}/stix ({r})", ADMIN, "GET", f"/api/v1/reports/{{{r}}}/stix")
        for r in HIDDEN_REPORTS
    ),
    *(
        Case(
            f"GET /operations/{{id}}{suffix} ({op})",
            ANALYST,
            "GET",
            f"/api/v1/operations/{{{op}}}{suffix}",
        )
        for op in HIDDEN_OPERATIONS
        for suffix in ("", "/stix", "/misp")
    ),
    Case(
        "DELETE /watches (CN's watch)",
        ANALYST,
        "DELETE",
        "/api/v1/watches",
        params={"value": HIDDEN_OWN},
    ),
    Case("DELETE /webhooks/{id} (CN's)", ADMIN, "DELETE", "/api/v1/webhooks/{cn_hook}"),
    Case(
        "GET /webhooks/{id}/deliveries (CN's)",
        ADMIN,
        "GET",
        "/api/v1/webhooks/{cn_hook}/deliveries",
    ),
    Case("DELETE /keys/{prefix} (CN's key)", ADMIN, "DELETE", "/api/v1/keys/{cn_key_prefix}"),
    Case(
        "POST /keys/{prefix}/rotate (CN's key)",
        ADMIN,
        "POST",
        "/api/v1/keys/{cn_key_prefix}/rotate",
    ),
    Case(
        "PUT /groups/CN-PH/agencies/TH-CCIB (join a group TH is not in)",
        ADMIN,
        "PUT",
        f"/api/v1/groups/CN-PH/agencies/{TH}",
    ),
    Case(
        "DELETE /groups/CN-PH/agencies/CN-AFC",
        ADMIN,
        "DELETE",
        f"/api/v1/groups/CN-PH/agencies/{CN}",
    ),
    Case("POST /trail/trace (CN's transfer)", ANALYST, "POST", "/api/v1/trail/trace", json=TRACE),
    Case(
        "POST /trail/trace A/B (own key, CN's transfer)",
        ANALYST,
        "POST",
        "/api/v1/trail/trace",
        json={"seeds": ["bank:TH:004:1000000009", "tx:cn-t2"]},
    ),
    Case(
        "POST /trail/requests (CN's transfer)", ADMIN, "POST", "/api/v1/trail/requests", json=TRACE
    ),
    Case(
        "POST /trail/requests/camt056 (CN's transfer)",
        ADMIN,
        "POST",
        "/api/v1/trail/requests/camt056",
        json=TRACE,
    ),
    *(
        Case(
            f"{method} /evidence/items/{{id}}{suffix}",
            ADMIN,
            method,
            f"/api/v1/evidence/items/{{cn_item}}{suffix}",
            json=body,
        )
        for method, suffix, body in (
            ("GET", "", None),
            ("GET", "/content", None),
            ("GET", "/custody", None),
            ("POST", "/custody", {"action": "sealed"}),
        )
    ),
    Case(
        "POST /evidence/exports (CN's item)",
        ADMIN,
        "POST",
        "/api/v1/evidence/exports",
        json={"targets": ["{cn_item}"]},
    ),
    Case(
        "POST /evidence/exports (CN's case)",
        ADMIN,
        "POST",
        "/api/v1/evidence/exports",
        json={"targets": ["CN-2026-7"]},
    ),
    Case(
        "POST /evidence/exports A/B (shared item, hidden item)",
        ADMIN,
        "POST",
        "/api/v1/evidence/exports",
        json={"targets": ["{cn_item_th}", "{cn_item}"]},
    ),
    Case("GET /taxii2/.../status/{id} (CN's)", ANALYST, "GET", "/taxii2/api/status/{cn_status}/"),
    *(
        Case(
            f"{method} /taxii2/.../collections/{{CN-PH}}/{suffix}",
            ANALYST,
            method,
            f"{TAXII}/{GROUP_PH}/{suffix}",
            json=body,
            taxii=method == "POST",
        )
        for method, suffix, body in (
            ("GET", "", None),
            ("GET", "manifest/", None),
            ("GET", "objects/", None),
            ("POST", "objects/", {"objects": []}),
            ("GET", "objects/{stix_cn_group}/", None),
            ("GET", "objects/{stix_cn_group}/versions/", None),
            ("DELETE", "objects/{stix_cn_group}/", None),
        )
    ),
    *(
        Case(
            f"{method} /taxii2/.../collections/{{{alias}}}/objects/{{{r}}}/",
            ANALYST,
            method,
            f"{TAXII}/{cid}/objects/{{stix_{r}}}/{suffix}",
        )
        for alias, cid in (("visible", VISIBLE.id), ("shared", SHARED.id), ("CN-TH", GROUP_TH))
        for r in HIDDEN_REPORTS
        for method, suffix in (("GET", ""), ("GET", "versions/"), ("DELETE", ""))
    ),
]


@pytest.mark.parametrize("case", INVISIBLE, ids=str)
def test_an_invisible_object_is_not_found_as_if_it_did_not_exist(world: World, case: Case) -> None:
    answer = case.send(world)
    assert answer.status_code == 404, answer.text


#: Objects TH may know about (shared with it, or an agency's public code) but not change: 403.
KNOWN = [
    Case(
        "DELETE /taxii2/.../objects/{id} (CN's report shared with TH)",
        ANALYST,
        "DELETE",
        f"{TAXII}/{GROUP_TH}/objects/{{stix_cn_th}}/",
    ),
    Case(
        "DELETE /taxii2/.../objects/{id} via visible (CN's report shared with TH)",
        ANALYST,
        "DELETE",
        f"{TAXII}/{VISIBLE.id}/objects/{{stix_cn_th}}/",
    ),
    Case(
        "DELETE /groups/CN-TH/agencies/CN-AFC (remove a fellow member)",
        ADMIN,
        "DELETE",
        f"/api/v1/groups/CN-TH/agencies/{CN}",
    ),
    Case(
        "POST /keys for CN-AFC", ADMIN, "POST", "/api/v1/keys", json={"agency": CN, "role": "admin"}
    ),
    Case(
        "POST /users for CN-AFC",
        ADMIN,
        "POST",
        "/api/v1/users",
        json={
            "username": "th.intruder",
            "agency": CN,
            "role": "admin",
            "password": "a long enough password",
        },
    ),
    Case(
        "POST /groups without TH-CCIB",
        ADMIN,
        "POST",
        "/api/v1/groups",
        json={"name": "CN-PH-2", "agencies": [CN, PH]},
    ),
    Case(
        "POST /taxii2/.../collections/{shared}/objects/ (read-only)",
        ANALYST,
        "POST",
        f"{TAXII}/{SHARED.id}/objects/",
        json={"objects": []},
        taxii=True,
    ),
]


@pytest.mark.parametrize("case", KNOWN, ids=str)
def test_an_object_the_caller_may_know_but_not_change_is_forbidden(
    world: World, case: Case
) -> None:
    answer = case.send(world)
    assert answer.status_code == 403, answer.text


ADMIN_ONLY = [
    Case("POST /keys", "", "POST", "/api/v1/keys", json={"agency": TH, "role": "admin"}),
    Case(
        "POST /users",
        "",
        "POST",
        "/api/v1/users",
        json={
            "username": "th.new",
            "agency": TH,
            "role": "admin",
            "password": "a long enough password",
        },
    ),
    Case("GET /users", "", "GET", "/api/v1/users"),
    Case(
        "POST /groups", "", "POST", "/api/v1/groups", json={"name": "TH-PH", "agencies": [TH, PH]}
    ),
    Case("PUT /groups/CN-TH/agencies/PH-CICC", "", "PUT", f"/api/v1/groups/CN-TH/agencies/{PH}"),
    Case(
        "DELETE /groups/CN-TH/agencies/TH-CCIB", "", "DELETE", f"/api/v1/groups/CN-TH/agencies/{TH}"
    ),
    Case("POST /webhooks", "", "POST", "/api/v1/webhooks", json={"url": "https://x.example/h"}),
    Case("GET /webhooks", "", "GET", "/api/v1/webhooks"),
    Case("DELETE /keys/{prefix} (own agency's key)", "", "DELETE", "/api/v1/keys/{th_key_prefix}"),
    Case(
        "POST /keys/{prefix}/rotate (own agency's key)",
        "",
        "POST",
        "/api/v1/keys/{th_key_prefix}/rotate",
    ),
]
WRITES = [
    Case("POST /reports", "", "POST", "/api/v1/reports", json=report("ro-1")),
    Case(
        "POST /import/stix",
        "",
        "POST",
        "/api/v1/import/stix",
        json={
            "type": "bundle",
            "id": "bundle--6f6f0ad4-6a3c-4bd4-9d7e-d3c2a5a0a001",
            "objects": [],
        },
    ),
    Case("POST /import/misp", "", "POST", "/api/v1/import/misp", json=[]),
    Case("POST /trail/import", "", "POST", "/api/v1/trail/import", content=LEDGER.encode()),
    Case(
        "POST /evidence/items/{id}/custody (shared item)",
        "",
        "POST",
        "/api/v1/evidence/items/{cn_item_th}/custody",
        json={"action": "received"},
    ),
    Case(
        "POST /evidence/exports (shared item)",
        "",
        "POST",
        "/api/v1/evidence/exports",
        json={"targets": ["{cn_item_th}"]},
    ),
    Case("POST /evidence/requests", "", "POST", "/api/v1/evidence/requests", json=REQUEST),
    Case(
        "POST /taxii2/.../collections/{visible}/objects/",
        "",
        "POST",
        f"{TAXII}/{VISIBLE.id}/objects/",
        json={"objects": []},
        taxii=True,
    ),
    Case(
        "DELETE /taxii2/.../objects/{id} (CN's report shared with TH)",
        "",
        "DELETE",
        f"{TAXII}/{GROUP_TH}/objects/{{stix_cn_th}}/",
    ),
]
ESCALATIONS = [
    *(
        replace(c, who=f"{TH} {role}")
        for role in ("analyst", "read-only", "immigration")
        for c in ADMIN_ONLY
    ),
    *(replace(c, who=f"{TH} {role}") for role in ("read-only", "immigration") for c in WRITES),
]


@pytest.mark.parametrize("case", ESCALATIONS, ids=str)
def test_a_role_without_the_permission_is_forbidden(world: World, case: Case) -> None:
    answer = case.send(world)
    assert answer.status_code == 403, answer.text


#: Lists and searches, with what of the hidden objects must never appear in their answer.
HIDDEN_MARKS = ("cn-group", "cn-own", "ph-red", HIDDEN_IN_GROUP, HIDDEN_RED, HIDDEN_OWN)
LISTS = [
    (Case("GET /reports", ANALYST, "GET", "/api/v1/reports"), HIDDEN_MARKS),
    *(
        (
            Case(
                f"GET /reports?operation_id={{{op}}}",
                ANALYST,
                "GET",
                "/api/v1/reports",
                params={"operation_id": f"{{{op}}}"},
            ),
            HIDDEN_MARKS,
        )
        for op in HIDDEN_OPERATIONS
    ),
    (
        Case("GET /operations", ANALYST, "GET", "/api/v1/operations"),
        tuple(f'"id":{{{op}}},' for op in HIDDEN_OPERATIONS),
    ),
    (
        Case(
            "GET /lookup (value in a CN-PH report)",
            ANALYST,
            "GET",
            "/api/v1/lookup",
            params={"value": HIDDEN_IN_GROUP},
        ),
        ("cn-group", '"report_id"'),
    ),
    (
        Case(
            "GET /lookup (value in a RED report to CN)",
            ANALYST,
            "GET",
            "/api/v1/lookup",
            params={"value": HIDDEN_RED},
        ),
        ("ph-red", '"report_id"', PH),
    ),
    (
        Case(
            "GET /lookup (value in CN's own AMBER report)",
            ANALYST,
            "GET",
            "/api/v1/lookup",
            params={"value": HIDDEN_OWN},
        ),
        ("cn-own", '"report_id"'),
    ),
    (Case("GET /alerts", ANALYST, "GET", "/api/v1/alerts"), (CN, PH)),
    (Case("GET /watches", ANALYST, "GET", "/api/v1/watches"), (HIDDEN_OWN,)),
    (Case("GET /webhooks", ADMIN, "GET", "/api/v1/webhooks"), ("afc.example.cn",)),
    (Case("GET /users", ADMIN, "GET", "/api/v1/users"), ("li.officer",)),
    (Case("GET /groups", ANALYST, "GET", "/api/v1/groups"), ("CN-PH",)),
    (Case("GET /evidence/items", ADMIN, "GET", "/api/v1/evidence/items"), ("CN-2026-7",)),
    (
        Case(
            "GET /evidence/items?case=CN-2026-7",
            ADMIN,
            "GET",
            "/api/v1/evidence/items",
            params={"case": "CN-2026-7"},
        ),
        ("CN-2026-7",),
    ),
    (Case("GET /evidence/requests", ADMIN, "GET", "/api/v1/evidence/requests"), ("CN-2026-7",)),
    (Case("GET /trail/mules", ANALYST, "GET", "/api/v1/trail/mules"), ("1000000001", "4000000002")),
    (
        Case(
            "POST /screen (CN's private list)",
            ANALYST,
            "POST",
            "/api/v1/screen",
            json={"name": "Zhao Wei", "list": "cn-private"},
        ),
        ("cn-s1",),
    ),
    (
        Case("POST /screen", ANALYST, "POST", "/api/v1/screen", json={"name": "Zhao Wei"}),
        ("cn-s1",),
    ),
    (
        Case(
            "POST /screen/batch",
            ANALYST,
            "POST",
            "/api/v1/screen/batch",
            json={"items": [{"name": "Zhao Wei"}]},
        ),
        ("cn-s1",),
    ),
    (Case("GET /watchlists", ANALYST, "GET", "/api/v1/watchlists"), ("cn-private",)),
    (Case("GET /screen/alerts", ANALYST, "GET", "/api/v1/screen/alerts"), ("cn-s1",)),
    (
        Case(
            "POST /detect/url (domain only in a hidden report)",
            ANALYST,
            "POST",
            "/api/v1/detect/url",
            json={"value": f"https://{HIDDEN_DOMAIN}/login"},
        ),
        ("known-operation", '"reported"'),
    ),
    (Case("GET /taxii2/.../collections/", ANALYST, "GET", f"{TAXII}/"), (GROUP_PH,)),
    *(
        (
            Case(
                f"GET /taxii2/.../collections/{{{alias}}}/{kind}/",
                ANALYST,
                "GET",
                f"{TAXII}/{cid}/{kind}/",
            ),
            tuple(f"{{stix_{r}}}" for r in HIDDEN_REPORTS),
        )
        for alias, cid in (("visible", VISIBLE.id), ("shared", SHARED.id), ("CN-TH", GROUP_TH))
        for kind in ("objects", "manifest")
    ),
]


@pytest.mark.parametrize(("case", "marks"), LISTS, ids=[str(case) for case, _ in LISTS])
def test_a_list_or_search_never_shows_a_hidden_object(
    world: World, case: Case, marks: tuple[str, ...]
) -> None:
    answer = case.send(world)
    assert answer.status_code == 200, answer.text
    fill = _filler(world.ids)
    assert not [mark for mark in marks if fill(mark) in answer.text], answer.text


def _state(world: World) -> dict[str, Any]:
    """What the refused writes could change, as the node administrator sees it."""
    hub = world.app.state.hub
    cn = hub.authenticate(world.keys[f"{CN} admin"])
    th = hub.authenticate(world.keys[f"{TH} admin"])
    return {
        "reports": hub.list_reports(NODE_ADMIN, limit=500),
        "groups": hub.list_groups(NODE_ADMIN),
        "webhooks": hub.list_webhooks(cn) + hub.list_webhooks(th),
        "users": hub.list_users(cn) + hub.list_users(th),
        "watches": hub.list_watches(cn) + hub.list_watches(th),
        "keys": [hub.authenticate(key).name for key in world.keys.values()],
        "evidence": [
            hub.evidence.custody(NODE_ADMIN, world.ids[i]) for i in ("cn_item", "cn_item_th")
        ],
        "requests": hub.evidence.list_requests(NODE_ADMIN),
    }


#: Writes that name another agency in the body, where the caller's own agency is the only one
#: it may act for (refused with 403, or with 422 naming the field).
AS_ANOTHER = [
    Case(
        "POST /reports as CN-AFC",
        ANALYST,
        "POST",
        "/api/v1/reports",
        json=report("th-as-cn", agency=CN),
    ),
    Case(
        "POST /evidence/items/{id}/custody transfer of a hidden item",
        ADMIN,
        "POST",
        "/api/v1/evidence/items/{cn_item}/custody",
        json={"action": "transferred", "to": TH},
    ),
]
REFUSED_WRITES = [
    *AS_ANOTHER,
    *(c for c in (*INVISIBLE, *KNOWN, *ESCALATIONS) if c.method != "GET"),
]


@pytest.mark.parametrize("case", REFUSED_WRITES, ids=str)
def test_a_refused_write_changes_nothing(world: World, case: Case) -> None:
    before = _state(world)
    answer = case.send(world)
    assert answer.status_code in (403, 404, 422), answer.text
    assert _state(world) == before


#: Markings that name a sharing group the caller's agency is not in: refused exactly like an
#: unknown group, so the answer tells nothing of which groups exist and no data lands there.
GROUP_MARKINGS = [
    Case(
        "POST /reports shared with CN-PH",
        ANALYST,
        "POST",
        "/api/v1/reports",
        json=report("th-to-cn-ph", ("+66812345670", "caller"), sharing_groups=["CN-PH"]),
    ),
    Case(
        "POST /evidence/items shared with CN-PH",
        ANALYST,
        "POST",
        "/api/v1/evidence/items",
        params={
            "case": "TH-9",
            "exhibit": "E9",
            "acquired_by": "Pol. Lt. Somchai",
            "legal_basis": "CPC s. 132",
            "sharing_groups": ["CN-PH"],
        },
        content=b"x",
    ),
    Case(
        "POST /trail/import shared with CN-PH",
        ANALYST,
        "POST",
        "/api/v1/trail/import",
        params={"groups": ["CN-PH"]},
        content=LEDGER.replace("cn-", "th-").encode(),
    ),
]


@pytest.mark.parametrize("case", GROUP_MARKINGS, ids=str)
def test_a_group_the_caller_is_not_in_answers_as_unknown(world: World, case: Case) -> None:
    before = _state(world)
    answer = case.send(world)
    assert answer.status_code == 422, answer.text
    assert "unknown sharing group(s): CN-PH" in answer.text
    assert _state(world) == before

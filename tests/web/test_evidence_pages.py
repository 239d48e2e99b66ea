"""The evidence pages without a browser: items by case, an item's custody (views and copies
recorded), hand-overs, new items, court packages and their verification, and that a page
shows nothing the API would refuse."""

from __future__ import annotations

import hashlib
import io
import re
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from safemekong.evidence import records
from safemekong.evidence.locker import NewItem
from safemekong.evidence.verify import verify_package
from safemekong.hub import Hub
from safemekong.web import labels
from tests.web.conftest import World, csrf_of
from tests.web.test_trail_pages import principal

Client = Callable[[str | None], TestClient]
CASE = "TH-CCIB-2026-0100"
CN_CASE = "CN-AFC-2026-0007"
CHAT = "สวัสดีค่ะ โอนเงินค่าธรรมเนียมก่อนนะคะ\n".encode()


@dataclass
class Items:
    """The module's items: TH-CCIB's (shared with CN-TH) and CN-AFC's (shared with no one)."""

    chat: int
    statement: int
    spare: int
    cn_secret: int


def new_item(exhibit: str, content: bytes, case: str = CASE, **marking: object) -> NewItem:
    metadata = {
        "case": case,
        "exhibit": exhibit,
        "description": f"Exhibit {exhibit}",
        "source": "victim's phone",
        "acquired_by": "Pol. Lt. Somchai",
        "legal_basis": "Criminal Procedure Code s. 132",
        "tlp": "AMBER",
        **marking,
    }
    return NewItem(io.BytesIO(content), metadata, f"{exhibit.lower()}.txt")


@pytest.fixture(scope="module")
def items(world: World) -> Items:
    hub = world.hub
    th = hub.evidence.add_many(
        principal(hub, "TH-CCIB"),
        [
            new_item(exhibit, content, sharing_groups=["CN-TH"])
            for exhibit, content in (("E1", CHAT), ("E2", b"tx_id,amount\n1,500\n"), ("E3", b"x"))
        ],
    )
    cn = hub.evidence.add(principal(hub, "CN-AFC"), new_item("E1", b"secret", case=CN_CASE))
    return Items(th[0]["id"], th[1]["id"], th[2]["id"], cn["id"])


def post(client: TestClient, url: str, **fields: str) -> object:
    token = csrf_of(client.get("/evidence").text)
    return client.post(url, data={"csrf_token": token, **fields}, follow_redirects=False)


def actions(hub: Hub, item_id: int) -> list[str]:
    return [e["action"] for e in hub.evidence.custody(principal(hub, "TH-CCIB"), item_id)]


def finished_export(client: TestClient, answer: object) -> str:
    """The page of the export job ``answer`` redirected to, once the package is written."""
    assert answer.status_code == 303, answer.text  # type: ignore[attr-defined]
    job = answer.headers["location"]  # type: ignore[attr-defined]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        page = client.get(job).text
        if "Writing the package" not in page:
            return page
        time.sleep(0.2)
    raise AssertionError("the export did not finish")


def test_every_custody_action_has_a_label() -> None:
    assert set(labels.CUSTODY_ACTIONS) == set(records.ACTIONS)


def test_the_list_shows_the_items_by_case(client_for: Client, items: Items) -> None:
    page = client_for("th.analyst").get("/evidence").text
    assert f"Case {CASE}" in page
    assert f'href="/evidence/items/{items.chat}"' in page
    assert hashlib.sha256(CHAT).hexdigest()[:16] in page
    one_case = client_for("th.analyst").get(f"/evidence?case={CASE}").text
    assert one_case.count("/evidence/items/") == 3


def test_an_amber_item_of_another_agency_is_neither_listed_nor_shown(
    client_for: Client, items: Items
) -> None:
    assert client_for("cn.analyst").get(f"/evidence/items/{items.cn_secret}").status_code == 200
    for user in ("th.analyst", "ph.analyst"):
        client = client_for(user)
        assert CN_CASE not in client.get("/evidence").text
        answer = client.get(f"/evidence/items/{items.cn_secret}")
        assert answer.status_code == 404
        assert "secret" not in answer.text and CN_CASE not in answer.text
        assert post(client, f"/evidence/items/{items.cn_secret}/copy").status_code == 404
    # Shared with the CN-TH group: CN-AFC sees TH-CCIB's items, PH-CICC does not.
    assert CASE in client_for("cn.analyst").get("/evidence").text
    assert client_for("ph.analyst").get(f"/evidence/items/{items.chat}").status_code == 404


def test_the_item_page_shows_the_custody_timeline_and_records_the_view(
    client_for: Client, items: Items, world: World
) -> None:
    before = actions(world.hub, items.statement)
    page = client_for("cn.analyst").get(f"/evidence/items/{items.statement}").text
    assert actions(world.hub, items.statement) == [*before, "viewed"]
    timeline = page.split('id="custody-title"')[1]
    assert timeline.index("Acquired from its source") < timeline.index("Registered in the locker")
    assert "Viewed" in timeline and "cn.analyst (CN-AFC)" in timeline
    assert hashlib.sha256(b"tx_id,amount\n1,500\n").hexdigest() in page
    assert "tlp-amber" in page and "CN-TH" in page
    # The notice after a post names only a custody action, never text from the address.
    forged = client_for("cn.analyst").get(f"/evidence/items/{items.statement}?recorded=call+us")
    assert "Recorded in the chain of custody" not in forged.text


def test_downloading_a_copy_is_recorded_with_its_purpose(
    client_for: Client, items: Items, world: World
) -> None:
    answer = post(client_for("th.analyst"), f"/evidence/items/{items.chat}/copy", purpose="MLA")
    assert answer.status_code == 200
    assert answer.content == CHAT  # type: ignore[attr-defined]
    assert 'filename="e1.txt"' in answer.headers["content-disposition"]  # type: ignore[attr-defined]
    last = world.hub.evidence.custody(principal(world.hub, "TH-CCIB"), items.chat)[-1]
    assert (last["action"], last["purpose"], last["actor"]) == ("copied", "MLA", "th.analyst")


def test_recording_a_transfer_adds_it_to_the_chain_and_shares_the_item(
    client_for: Client, items: Items, world: World
) -> None:
    client = client_for("th.analyst")
    url = f"/evidence/items/{items.spare}/custody"
    answer = post(client, url, action="transferred", to="PH-CICC", purpose="joint operation")
    assert answer.status_code == 303
    page = client.get(answer.headers["location"]).text  # type: ignore[attr-defined]
    assert "Recorded in the chain of custody: Custody handed over." in page
    assert "→ PH-CICC" in page
    event = world.hub.evidence.custody(principal(world.hub, "TH-CCIB"), items.spare)[-2]
    assert (event["action"], event["details"], event["purpose"]) == (
        "transferred",
        {"to": "PH-CICC"},
        "joint operation",
    )
    assert client_for("ph.analyst").get(f"/evidence/items/{items.spare}").status_code == 200


@pytest.mark.parametrize(
    ("fields", "named"),
    [({"action": "transferred"}, "to"), ({"action": "viewed"}, "action")],
)
def test_a_bad_custody_record_is_422_naming_the_field(
    client_for: Client, items: Items, fields: dict[str, str], named: str
) -> None:
    answer = post(client_for("th.analyst"), f"/evidence/items/{items.spare}/custody", **fields)
    assert answer.status_code == 422
    assert f"Nothing was recorded: {named}:" in answer.text  # type: ignore[attr-defined]


def test_a_read_only_user_can_neither_record_custody_nor_upload(
    client_for: Client, items: Items, world: World
) -> None:
    client = client_for("th.viewer")
    page = client.get(f"/evidence/items/{items.statement}").text
    assert "Record custody" not in page and "Register an item" not in client.get("/evidence").text
    before = actions(world.hub, items.statement)
    url = f"/evidence/items/{items.statement}/custody"
    assert post(client, url, action="sealed").status_code == 403
    assert post(client, "/evidence/exports", targets=CASE).status_code == 403
    assert client.get("/evidence/new").status_code == 403
    token = csrf_of(client.get("/evidence").text)
    upload = client.post(
        "/evidence/items",
        data={"csrf_token": token, "case": CASE, "exhibit": "V1"},
        files={"file": ("v.txt", b"v", "text/plain")},
    )
    assert upload.status_code == 403
    assert actions(world.hub, items.statement) == before


def test_registering_an_uploaded_file(client_for: Client, items: Items, world: World) -> None:
    client = client_for("th.analyst")
    assert 'enctype="multipart/form-data"' in client.get("/evidence/new").text
    token = csrf_of(client.get("/evidence/new").text)
    content = b"\x89PNG fake screenshot"
    answer = client.post(
        "/evidence/items",
        data={
            "csrf_token": token,
            "case": CASE,
            "exhibit": "E9",
            "description": "Screenshot of the withdrawal page",
            "acquired_by": "Pol. Lt. Somchai",
            "acquired_at": "2026-11-20T08:30",
            "legal_basis": "Criminal Procedure Code s. 132",
            "tlp": "AMBER",
            "sharing_groups": "CN-TH",
        },
        files={"file": ("withdrawal.png", content, "image/png")},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    page = client.get(answer.headers["location"]).text
    assert hashlib.sha256(content).hexdigest() in page
    assert "withdrawal.png (image/png)" in page
    # The wall-clock time was the user's own (Bangkok, UTC+7).
    assert 'datetime="2026-11-20T01:30:00+00:00"' in page
    assert "E9" in client_for("cn.analyst").get(f"/evidence?case={CASE}").text


def test_a_bad_upload_comes_back_naming_every_field(client_for: Client, items: Items) -> None:
    client = client_for("th.analyst")
    token = csrf_of(client.get("/evidence/new").text)
    answer = client.post(
        "/evidence/items",
        data={"csrf_token": token, "case": CASE, "exhibit": "E1", "acquired_by": "x"},
        files={"file": ("a.txt", b"a", "text/plain")},
    )
    assert answer.status_code == 422
    assert "legal_basis: is required" in answer.text
    without_file = client.post(
        "/evidence/items",
        data={"csrf_token": token, "case": CASE},
        files={"other": ("", b"", "application/octet-stream")},
    )
    assert without_file.status_code == 422 and "file: choose a file" in without_file.text
    taken = client.post(
        "/evidence/items",
        data={"csrf_token": token, "case": CASE, "exhibit": "E1", "acquired_by": "x",
              "legal_basis": "s. 132"},
        files={"file": ("a.txt", b"a", "text/plain")},
    )  # fmt: skip
    assert taken.status_code == 422 and "exhibit: TH-CCIB already has exhibit E1" in taken.text


def test_a_case_package_is_exported_and_verifies(
    client_for: Client, items: Items, world: World, tmp_path: Path
) -> None:
    client = client_for("th.analyst")
    page = finished_export(client, post(client, "/evidence/exports", targets=CASE, purpose="court"))
    main = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.split("<main", 1)[-1]))
    assert "Verified: the files match their signed manifests" in page, main[:2000]
    assert ": VERIFIED" in page and "0 failed" in page
    link = re.search(r'href="(/evidence/exports/[^"]+/package\.zip)"', page)
    assert link
    package = client.get(link.group(1))
    assert package.headers["content-type"] == "application/zip"
    path = tmp_path / "package.zip"
    path.write_bytes(package.content)
    report = verify_package(path, [world.hub.evidence.signer.verifier()])
    assert report.ok, report.failures
    with zipfile.ZipFile(path) as zf:
        assert CHAT in [zf.read(n) for n in zf.namelist()]
    assert actions(world.hub, items.chat)[-1] == "exported"
    # The job and its package are the exporter's alone.
    assert client_for("th.admin").get(link.group(1)).status_code == 404


def test_a_tampered_package_upload_shows_the_failure(
    client_for: Client, items: Items, tmp_path: Path
) -> None:
    client = client_for("th.analyst")
    page = finished_export(client, post(client, "/evidence/exports", targets=f"#{items.chat}"))
    link = re.search(r'href="(/evidence/exports/[^"]+/package\.zip)"', page)
    assert link
    original = zipfile.ZipFile(io.BytesIO(client.get(link.group(1)).content))
    tampered = io.BytesIO()
    with zipfile.ZipFile(tampered, "w") as zf:
        for info in original.infolist():
            data = original.read(info)
            zf.writestr(info, data.replace("ค่าธรรมเนียม".encode(), "ค่าบริการ".encode()))
    token = csrf_of(client.get("/evidence").text)
    for name, body, verdict in (
        ("intact.zip", client.get(link.group(1)).content, "VERIFIED"),
        ("tampered.zip", tampered.getvalue(), "FAILED"),
    ):
        answer = client.post(
            "/evidence/verify",
            data={"csrf_token": token},
            files={"package": (name, body, "application/zip")},
        )
        assert answer.status_code == 200
        assert f"{name}: {verdict}" in answer.text
    assert "Failed: the package is not as this node exported it." in answer.text
    assert "does not match the SHA-256 in its manifest" in answer.text


@pytest.mark.parametrize(
    ("targets", "status", "named"),
    [("", 422, "targets"), ("NO-SUCH-CASE", 404, "NO-SUCH-CASE"), (CN_CASE, 404, CN_CASE)],
)
def test_exporting_nothing_or_an_invisible_case_is_refused(
    client_for: Client, items: Items, targets: str, status: int, named: str
) -> None:
    answer = post(client_for("th.analyst"), "/evidence/exports", targets=targets)
    assert answer.status_code == status
    assert "The package was not exported:" in answer.text and named in answer.text  # type: ignore[attr-defined]


@pytest.mark.parametrize("after", ["soon", "-1", str(2**64)])
def test_bad_list_input_is_422_naming_the_field(
    client_for: Client, items: Items, after: str
) -> None:
    answer = client_for("th.analyst").get(f"/evidence?after={after}")
    assert answer.status_code == 422 and "after: must be" in answer.text


def test_posts_need_the_csrf_token(client_for: Client, items: Items) -> None:
    client = client_for("th.analyst")
    for url in (f"/evidence/items/{items.chat}/custody", f"/evidence/items/{items.chat}/copy",
                "/evidence/exports"):  # fmt: skip
        assert client.post(url, data={"action": "sealed", "targets": CASE}).status_code == 403
    for url in ("/evidence/verify", "/evidence/items"):
        answer = client.post(url, data={"case": CASE}, files={"package": ("p.zip", b"PK")})
        assert answer.status_code == 403


@pytest.mark.parametrize(
    "path", ["/evidence", "/evidence/items/1", "/evidence/new", "/evidence/exports/x"]
)
def test_evidence_pages_send_a_signed_out_visitor_to_sign_in(client_for: Client, path: str) -> None:
    answer = client_for(None).get(path, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login?next=")


def test_the_node_key_is_offered_for_the_court(client_for: Client, world: World) -> None:
    answer = client_for("th.analyst").get("/evidence/key")
    assert answer.text.strip() == world.hub.evidence.signer.verifier().encode()
    assert "attachment" in answer.headers["content-disposition"]

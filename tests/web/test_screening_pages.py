"""The screening pages without a browser: one person, a manifest in the background, access."""

from __future__ import annotations

import csv
import html
import io
import re
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from safemekong.errors import Conflict, NotFound
from safemekong.policy import NODE_ADMIN
from safemekong.screening.model import ListKind
from safemekong.screening.scoring import FEATURES
from safemekong.web import labels
from safemekong.web.jobs import Job, Jobs, State
from safemekong.web.pages.screening import MAX_MANIFEST_BYTES, STATUS_ORDER
from tests.web.conftest import World, csrf_of

Client = Callable[[str | None], TestClient]
HEADER = "id,name,aliases,birth_date,nationality,gender,document_numbers,notes\n"
#: TH's subject list and CN's missing-person list are GREEN; CN's own list is AMBER, unshared.
LISTS = {
    "Regional subjects": (
        "TH-CCIB",
        "subject",
        "GREEN",
        "th-zhao,Zhao Wei,WEI Zhao;CHIO Wai,1952,CN,male,E01234567,casino in the SEZ\n",
    ),
    "Missing persons": (
        "CN-AFC",
        "missing-person",
        "GREEN",
        "cn-li-mei,李梅,Li Mei,2001-05-04,CN,female,,answered an overseas job advert\n",
    ),
    "AFC internal": (
        "CN-AFC",
        "subject",
        "AMBER",
        "cn-chen,陈金龙,Chen Jinlong,1980,CN,male,,under investigation\n",
    ),
}
MANIFEST = (
    "name,dob,nationality,gender,passport\n"
    "Zhao Wei,1952-06-23,CN,male,E01234567\n"
    "Li Mei,2001-05-04,CN,female,\n"
    ",1990,TH,,\n"
    "John Smith,1970-01-01,GB,male,123456789\n"
)


@pytest.fixture(scope="module", autouse=True)
def lists(world: World, tmp_path_factory: pytest.TempPathFactory) -> World:
    folder = tmp_path_factory.mktemp("lists")
    for name, (agency, kind, tlp, rows) in LISTS.items():
        path = folder / f"{agency}-{kind}.csv"
        path.write_text(HEADER + rows, encoding="utf-8")
        world.hub.screening.import_file(
            NODE_ADMIN, path, "csv", name, kind=kind, agency_code=agency, tlp=tlp
        )
    return world


def screen(client: TestClient, **fields: str) -> Any:
    token = csrf_of(client.get("/screening").text)
    return client.post("/screening", data={"csrf_token": token, **fields})


def upload(client: TestClient, content: bytes, **fields: str) -> Any:
    token = csrf_of(client.get("/screening").text)
    return client.post(
        "/screening/manifests",
        data={"csrf_token": token, **fields},
        files={"manifest": ("arrivals.csv", content, "text/csv")},
        follow_redirects=False,
    )


def poll(client: TestClient, path: str, until: Callable[[str], bool]) -> str:
    """The job's part of the page, as htmx polls it, once ``until`` holds."""
    for _ in range(200):
        text = client.get(path, headers={"HX-Request": "true"}).text
        if until(text):
            return text
        time.sleep(0.05)
    raise AssertionError(f"{path} never got there: {text}")


def text_of(page: str) -> str:
    """The page's text as a reader sees it, on one line."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


# -- access -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/screening", "/screening/sample.csv", "/screening/jobs/abc", "/detect"]
)
def test_pages_send_a_signed_out_visitor_to_sign_in(client_for: Client, path: str) -> None:
    answer = client_for(None).get(path, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/login?next={path}"


@pytest.mark.parametrize("path", ["/screening", "/screening/manifests"])
def test_posts_without_this_sessions_csrf_token_are_refused(client_for: Client, path: str) -> None:
    client = client_for("th.analyst")
    other = csrf_of(client_for("cn.analyst").get("/screening").text)
    for token in ("", other):
        files = (
            {"manifest": ("m.csv", MANIFEST.encode(), "text/csv")} if "manifests" in path else None
        )
        answer = client.post(path, data={"csrf_token": token, "name": "Zhao Wei"}, files=files)
        assert answer.status_code == 403
        assert "The form expired or came from another site" in answer.text


def test_an_amber_list_is_hidden_from_agencies_it_was_not_shared_with(client_for: Client) -> None:
    owner, partner = client_for("cn.analyst"), client_for("th.analyst")
    assert "AFC internal" in owner.get("/screening").text
    assert "AFC internal" not in partner.get("/screening").text
    assert "陈金龙" in text_of(screen(owner, name="Chen Jinlong").text)
    missed = screen(partner, name="Chen Jinlong")
    assert missed.status_code == 200 and "0 matches for Chen Jinlong" in text_of(missed.text)
    chosen = screen(partner, name="Chen Jinlong", list="AFC internal")
    assert chosen.status_code == 422
    assert "Watch list: no watch list named 'AFC internal'" in text_of(chosen.text)


# -- one person -------------------------------------------------------------------------------


def test_a_chinese_name_matches_the_latin_entry_and_says_how(client_for: Client) -> None:
    answer = screen(client_for("th.analyst"), name="趙偉", dob="1952", nationality="CN")
    assert answer.status_code == 200
    page = text_of(answer.text)
    assert "1 match for 趙偉" in page
    assert 'class="match match-hit"' in answer.text
    assert "Watch-list subject Zhao Wei" in page and "th-zhao" in page
    assert "Possible subject: hold the traveller and refer to the listing agency." in page
    assert "Screened name, read as zhao wei (Mandarin pinyin)" in page
    assert "Listed name Zhao Wei — read as zhao wei (as written)" in page
    assert "zhao ↔ zhao (1)" in page and "wei ↔ wei (1)" in page
    assert "Date of birth agrees 0.06 1952 agrees with listed 1952" in page
    assert "Nationality is listed 0.03 nationality CN listed" in page
    # The form keeps what was typed.
    assert 'value="趙偉"' in answer.text and '<option value="CN" selected>' in answer.text


def test_a_missing_person_hit_is_a_possible_victim_not_a_subject(client_for: Client) -> None:
    answer = screen(client_for("ph.analyst"), name="Li Mei", dob="2001-05-04")
    page = text_of(answer.text)
    assert 'class="match match-victim"' in answer.text and "match-hit" not in answer.text
    assert "Possible trafficking victim 李梅" in page
    assert "refer to victim protection. Do not arrest." in page
    assert "hold the traveller" not in page


def test_a_name_in_no_list_comes_back_clear(client_for: Client) -> None:
    page = text_of(screen(client_for("th.analyst"), name="Somsak Jaidee").text)
    assert "0 matches for Somsak Jaidee" in page
    assert "No entry of the lists you may see scores 0.8 or more." in page


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "  "}, "name", "Name: is required"),
        ({"name": "Zhao Wei", "dob": "yesterday"}, "dob", "Date of birth: not a date"),
        ({"name": "Zhao Wei", "nationality": "Atlantis"}, "nationality", "Nationality: unknown"),
        ({"name": "Zhao Wei", "gender": "robot"}, "gender", "Gender: use male, female"),
        ({"name": "Zhao Wei", "threshold": "2"}, "threshold", "Threshold: must be between 0"),
        ({"name": "Zhao Wei", "threshold": "high"}, "threshold", "Threshold: must be a number"),
        ({"name": "x" * 501}, "name", "Name: longer than 500 characters"),
    ],
)
def test_bad_input_answers_422_naming_the_field(
    client_for: Client, fields: dict[str, str], field: str, message: str
) -> None:
    answer = screen(client_for("th.analyst"), **fields)
    assert answer.status_code == 422
    assert f"Not screened. {message}" in text_of(answer.text)
    assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', answer.text)
    assert 'id="matches"' not in answer.text


# -- manifests --------------------------------------------------------------------------------


def test_a_manifest_is_screened_in_the_background_then_downloaded(
    client_for: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    screen_manifest = world.hub.screening.screen_manifest

    def held(*args: Any, progress: Callable[[int], None], **options: Any) -> dict[str, int]:
        progress(1)
        release.wait(10)
        return screen_manifest(*args, progress=progress, **options)

    monkeypatch.setattr(world.hub.screening, "screen_manifest", held)
    client = client_for("th.analyst")
    started = upload(client, MANIFEST.encode(), threshold="0.8")
    assert started.status_code == 303
    job = started.headers["location"]
    assert re.fullmatch(r"/screening/jobs/[\w-]{20,}", job)

    running = poll(client, job, lambda text: "1 of 4 travellers screened" in text)
    assert (
        'hx-trigger="every 1s"' in running
        and '<progress id="job-progress" max="4" value="1">' in running
    )
    assert client.get(f"{job}/results.csv").status_code == 409
    assert "arrivals.csv" in client.get("/screening").text  # listed among the user's manifests

    release.set()
    done = poll(client, job, lambda text: "aria-busy" not in text)
    page = text_of(done)
    assert "4 travellers screened." in page and "hx-trigger" not in done
    assert "1 Possible victim 1 Hit 1 Not screened 1 Clear" in page
    # Possible victims come first, then hits, rows not screened and clear ones.
    rows = re.findall(r'<tr class="row-(\w+)">', done)
    assert rows == ["victim", "hit", "error", "clear"]
    assert "Li Mei 2001-05-04 CN Possible victim 李梅 Missing persons" in page
    assert "Zhao Wei 1952-06-23 CN Hit Zhao Wei Regional subjects" in page
    assert "zhao wei (as written) ↔ zhao wei (as written), similarity 1" in page
    assert "name: is required" in page
    full = client.get(job)  # the whole page, for a visitor without htmx
    assert full.status_code == 200 and "<h1>Manifest arrivals.csv</h1>" in full.text

    results = client.get(f"{job}/results.csv")
    assert results.status_code == 200 and results.headers["content-type"].startswith("text/csv")
    assert 'filename="arrivals-screened.csv"' in results.headers["content-disposition"]
    statuses = {row["name"]: row["status"] for row in csv.DictReader(io.StringIO(results.text))}
    assert statuses == {"Zhao Wei": "hit", "Li Mei": "victim", "": "error", "John Smith": "clear"}


def test_only_the_user_who_uploaded_a_manifest_sees_its_job(client_for: Client) -> None:
    job = upload(client_for("th.analyst"), MANIFEST.encode()).headers["location"]
    for username in ("th.viewer", "cn.analyst"):
        other = client_for(username)
        assert other.get(job).status_code == 404
        assert other.get(job, headers={"HX-Request": "true"}).status_code == 404
        assert other.get(f"{job}/results.csv").status_code == 404
        assert job not in other.get("/screening").text
    assert client_for("th.analyst").get(job).status_code == 200


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"x" * (MAX_MANIFEST_BYTES + 1), f"is larger than {MAX_MANIFEST_BYTES:,} bytes"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "needs a name column"),
        (b"passport,dob\nE01234567,1952\n", "needs a name column"),
        (b"name,dob\n", "lists no traveller"),
    ],
)
def test_a_manifest_that_is_too_large_or_no_manifest_is_refused(
    client_for: Client, content: bytes, reason: str
) -> None:
    answer = upload(client_for("th.analyst"), content)
    assert answer.status_code == 422
    assert f"Not screened. Manifest file: {reason}" in text_of(answer.text)
    assert re.search(r'id="manifest"[^>]*aria-invalid="true"', answer.text)


def test_a_manifest_form_without_a_file_or_with_a_bad_threshold_is_refused(
    client_for: Client,
) -> None:
    client = client_for("th.analyst")
    token = csrf_of(client.get("/screening").text)
    answer = client.post("/screening/manifests", data={"csrf_token": token})
    assert answer.status_code == 422
    assert "Manifest file: choose a file" in text_of(answer.text)
    answer = upload(client, MANIFEST.encode(), threshold="-1")
    assert answer.status_code == 422
    assert re.search(r'id="manifest-threshold"[^>]*aria-invalid="true"', answer.text)


def test_the_page_offers_a_sample_manifest(client_for: Client) -> None:
    client = client_for("th.analyst")
    assert 'href="/screening/sample.csv"' in client.get("/screening").text
    sample = client.get("/screening/sample.csv")
    assert sample.status_code == 200 and "attachment" in sample.headers["content-disposition"]
    assert sample.text.startswith("name,dob,nationality,gender,passport")


# -- jobs and labels --------------------------------------------------------------------------


@pytest.fixture
def gate() -> Iterator[threading.Event]:
    release = threading.Event()
    yield release
    release.set()


def wait_for(job: Job, state: State) -> None:
    for _ in range(200):
        if job.state is state:
            return
        time.sleep(0.01)
    raise AssertionError(f"{job.title} is {job.state}, not {state}")


def test_a_user_keeps_a_bounded_number_of_jobs_and_only_sees_their_own(
    gate: threading.Event,
) -> None:
    jobs = Jobs(per_user=2, running=1)
    first = jobs.start(Job("ann", "a.csv", 1), lambda job: gate.wait(10))
    second = jobs.start(Job("ann", "b.csv", 1), lambda job: "done")
    wait_for(first, State.RUNNING)
    assert second.state is State.WAITING  # one job works at a time
    with pytest.raises(Conflict):
        jobs.start(Job("ann", "c.csv", 1), lambda job: None)
    gate.set()
    wait_for(second, State.FINISHED)
    third = jobs.start(Job("ann", "c.csv", 1), lambda job: None)
    assert [j.title for j in jobs.of("ann")] == ["c.csv", "b.csv"]
    assert not first.path.exists()  # the oldest finished job made room, with its files
    assert jobs.of("bob") == []
    with pytest.raises(NotFound):
        jobs.get("bob", third.id)


def test_a_failing_job_says_why() -> None:
    jobs = Jobs()

    def fails(job: Job) -> None:
        raise Conflict("the list changed")

    job = jobs.start(Job("ann", "a.csv", 1), fails)
    wait_for(job, State.FAILED)
    assert job.problem == "the list changed"


def test_a_page_draws_from_a_job_as_it_was_when_asked(gate: threading.Event) -> None:
    """A job that finishes while its page is drawn must not look running in one place and
    failed in another: pages get a snapshot."""
    jobs = Jobs()
    job = jobs.start(Job("ann", "case.zip", 1), lambda job: gate.wait(10) and "written")
    wait_for(job, State.RUNNING)
    seen = jobs.get("ann", job.id)
    gate.set()
    wait_for(job, State.FINISHED)
    assert (seen.state, seen.over, seen.result) == (State.RUNNING, False, None)
    now = jobs.get("ann", job.id)
    assert (now.state, now.over, now.result) == (State.FINISHED, True, "written")
    assert now.path == job.path


def test_every_code_the_screening_pages_show_has_a_label() -> None:
    assert set(labels.LIST_KINDS) == set(labels.MATCH_KINDS) == {k.value for k in ListKind}
    assert set(labels.MATCH_ACTIONS) == {k.value for k in ListKind}
    assert set(labels.SCREENING_FEATURES) == {f.name for f in FEATURES}
    assert set(labels.SCREENING_STATUSES) == set(STATUS_ORDER)
    assert set(labels.JOB_STATES) == {s.value for s in State}


def test_the_screening_page_lists_the_lists_the_user_may_see(client_for: Client) -> None:
    page = text_of(client_for("th.analyst").get("/screening").text)
    assert "Regional subjects — Subjects, 1 entry" in page
    assert "Missing persons — Missing persons, 1 entry" in page

"""Screening: one person against the watch lists the user may see, each match with its
explanation; and a passenger manifest, screened in the background while the page shows its
progress, then its results and their CSV (all through ``hub.screening``)."""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Final

import pycountry
from starlette.datastructures import UploadFile
from starlette.responses import FileResponse, Response

from safemekong.errors import Conflict, InvalidInput
from safemekong.screening import manifest as manifest_io
from safemekong.screening.scoring import DEFAULT_THRESHOLD
from safemekong.screening.service import make_query
from safemekong.web.context import Posted, SignedIn, Uploaded, Visit, page_router
from safemekong.web.forms import Form
from safemekong.web.jobs import Job, State

router = page_router()

#: Largest manifest accepted (about 100,000 travellers).
MAX_MANIFEST_BYTES: Final = 8 * 1024 * 1024
#: Travellers the results table shows (the CSV has them all), those needing action first.
ROWS_SHOWN: Final = 500
STATUS_ORDER: Final = ("victim", "hit", "error", "clear")
#: The fields of the one-person form, named as the API's (so its errors name them too).
PERSON_FIELDS: Final = ("name", "dob", "nationality", "gender", "document")
SAMPLE: Final = resources.files("safemekong.synth") / "data" / "demo_manifest.csv"
#: The files of a manifest's job, in its folder.
UPLOADED: Final = "manifest.csv"
RESULTS: Final = "results.csv"


@dataclass(frozen=True)
class Filled:
    """One of the page's forms as it was posted: its values, and the problem with a field."""

    values: dict[str, str] = field(default_factory=lambda: {"threshold": str(DEFAULT_THRESHOLD)})
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def failed(cls, values: dict[str, str], error: InvalidInput) -> Filled:
        return cls(values, {error.field: error.reason})


@dataclass(frozen=True)
class Options:
    """Where and how strictly to screen: one watch list (None: every list) and the threshold."""

    list_name: str | None
    threshold: float


@dataclass(frozen=True)
class ManifestResult:
    """A screened manifest as the page shows it: counts by status, and the first rows."""

    counts: dict[str, int]
    rows: list[dict[str, Any]]


def _options(form: Form, lists: list[dict[str, Any]]) -> Options:
    """The chosen list (one the user may see) and threshold; InvalidInput naming the field."""
    list_name = form.get("list").strip() or None
    if list_name is not None and list_name not in {w["name"] for w in lists}:
        raise InvalidInput("list", f"no watch list named {list_name!r}")
    raw = form.get("threshold").strip()
    try:
        threshold = float(raw) if raw else DEFAULT_THRESHOLD
    except ValueError:
        raise InvalidInput("threshold", "must be a number between 0 and 1") from None
    if not 0.0 <= threshold <= 1.0:  # also refuses nan
        raise InvalidInput("threshold", "must be between 0 and 1")
    return Options(list_name, threshold)


def _page(
    visit: Visit,
    lists: list[dict[str, Any]],
    status: int = 200,
    person: Filled | None = None,
    manifest: Filled | None = None,
    result: dict[str, Any] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> Response:
    principal = visit.principal
    return visit.render(
        "screening.html",
        status=status,
        lists=lists,
        person=person or Filled(),
        manifest=manifest or Filled(),
        result=result,
        threshold=threshold,
        member_countries=sorted({a["country"] for a in visit.hub.list_agencies(principal)}),
        countries=sorted((c.alpha_2 for c in pycountry.countries), key=visit.fmt.country),
        jobs=visit.pages.jobs.of(principal.name),
        max_manifest_mb=MAX_MANIFEST_BYTES // 1024**2,
    )


@router.get("/screening")
def screening(visit: SignedIn) -> Response:
    return _page(visit, visit.hub.screening.list_watchlists(visit.principal))


@router.post("/screening")
def screen_person(visit: SignedIn, form: Posted) -> Response:
    """Screen one person; the matches come back with the form as it was filled in."""
    principal = visit.principal
    lists = visit.hub.screening.list_watchlists(principal)
    values = {name: form.get(name) for name in (*PERSON_FIELDS, "list", "threshold")}
    try:
        options = _options(form, lists)
        query = make_query(
            values["name"],
            values["dob"],
            values["nationality"],
            values["gender"],
            [values["document"]],
        )
        result = visit.hub.screening.screen(principal, query, options.list_name, options.threshold)
    except InvalidInput as error:
        return _page(visit, lists, 422, person=Filled.failed(values, error))
    return _page(visit, lists, person=Filled(values), result=result, threshold=options.threshold)


@router.post("/screening/manifests")
def screen_manifest(visit: SignedIn, upload: Uploaded) -> Response:
    """Start screening an uploaded manifest, then show its progress."""
    principal = visit.principal
    lists = visit.hub.screening.list_watchlists(principal)
    values = {"list": upload.form.get("list"), "threshold": upload.form.get("threshold")}
    try:
        options = _options(upload.form, lists)
        job = _received(principal.name, upload.file("manifest", MAX_MANIFEST_BYTES))
    except InvalidInput as error:
        return _page(visit, lists, 422, manifest=Filled.failed(values, error))

    hub = visit.hub

    def work(job: Job) -> ManifestResult:
        out = job.path / RESULTS
        counts = hub.screening.screen_manifest(
            principal,
            job.path / UPLOADED,
            out,
            options.list_name,
            options.threshold,
            progress=job.advance,
        )
        return ManifestResult(counts, _rows_shown(out))

    visit.pages.jobs.start(job, work)
    return visit.redirect(f"/screening/jobs/{job.id}")


def _received(owner: str, file: UploadFile) -> Job:
    """A job holding the uploaded manifest, not started; InvalidInput naming ``manifest`` when
    the file is no manifest."""
    job = Job(owner, Path(file.filename or UPLOADED).name[:200], 0)
    try:
        with (job.path / UPLOADED).open("wb") as target:
            shutil.copyfileobj(file.file, target)
        job.total = _travellers(job.path / UPLOADED)
    except InvalidInput:
        job.folder.cleanup()
        raise
    return job


def _travellers(path: Path) -> int:
    """How many travellers the manifest at ``path`` lists; InvalidInput naming ``manifest``
    when it is none (no name column, unreadable, empty)."""
    try:
        with path.open(newline="", encoding="utf-8-sig", errors="replace") as handle:
            if next(manifest_io.read_manifest(handle, make_query), None) is None:
                raise InvalidInput("manifest", "lists no traveller")
    except csv.Error as error:
        raise InvalidInput("manifest", f"is not a readable CSV file: {error}") from None
    return manifest_io.count_rows(path)


def _rows_shown(results: Path) -> list[dict[str, Any]]:
    """The results' first :data:`ROWS_SHOWN` rows, possible victims first, then hits, rows
    that could not be screened and clear ones; a match's reason read back into its parts."""
    with results.open(newline="", encoding="utf-8") as handle:
        rows = sorted(
            csv.DictReader(handle),
            key=lambda row: (STATUS_ORDER.index(row["status"]), int(row["row"])),
        )[:ROWS_SHOWN]
    for row in rows:
        row["match"] = json.loads(row["reason"]) if row["status"] in ("victim", "hit") else None
    return rows


def _job(visit: Visit, job_id: str) -> Job:
    return visit.pages.jobs.get(visit.principal.name, job_id)


@router.get("/screening/jobs/{job_id}")
def manifest_job(job_id: str, visit: SignedIn) -> Response:
    """A manifest's progress, then its results; htmx polls the part that changes."""
    job = _job(visit, job_id)
    polled = visit.request.headers.get("hx-request")
    return visit.render("partials/screening_job.html" if polled else "screening_job.html", job=job)


@router.get("/screening/jobs/{job_id}/results.csv")
def manifest_results(job_id: str, visit: SignedIn) -> Response:
    """The results CSV of a finished manifest (one row per traveller)."""
    job = _job(visit, job_id)
    if job.state is not State.FINISHED:
        raise Conflict(f"the screening of {job.title} has not finished")
    name = f"{Path(job.title).stem}-screened.csv"
    return visit.finish(FileResponse(job.path / RESULTS, media_type="text/csv", filename=name))


@router.get("/screening/sample.csv")
def sample_manifest(visit: SignedIn) -> Response:
    """A sample manifest: the columns a manifest may have, ten travellers of the demo."""
    disposition = {"Content-Disposition": 'attachment; filename="manifest.csv"'}
    return visit.finish(Response(SAMPLE.read_bytes(), media_type="text/csv", headers=disposition))

"""Evidence: the items a user may see, by case; an item's manifest and chain of custody (each
view and copy is itself recorded); custody hand-overs; new items; and court packages with the
verification a court runs offline (``safemekong-verify``), all through hub.evidence."""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from starlette.responses import FileResponse, Response, StreamingResponse

from safemekong.api.models import MAX_ID, ObjectId
from safemekong.errors import InvalidInput, NotFound
from safemekong.evidence import records
from safemekong.evidence.locker import NewItem
from safemekong.evidence.verify import render, verify_package
from safemekong.hub import Hub
from safemekong.policy.principals import Permission, Principal, require
from safemekong.policy.tlp import TLP
from safemekong.web.context import (
    Posted,
    SignedIn,
    Uploaded,
    Visit,
    download,
    page_router,
    saved_as,
)
from safemekong.web.forms import Form, number, wall_clock
from safemekong.web.jobs import Job, State

router = page_router()

#: Items listed a page at a time.
PAGE: Final = 100
#: Largest file a page takes (an item, or a package to verify); the hub's body limit may be
#: lower (``safemekong serve --max-body``). Larger ones go through the API or the CLI.
MAX_FILE_BYTES: Final = 1024**3
#: The package file in an export job's folder.
PACKAGE: Final = "package.zip"


# -- the list -------------------------------------------------------------------------------


@router.get("/evidence")
def evidence(visit: SignedIn) -> Response:
    """The items the user may see, grouped by case, a page at a time."""
    return _list_page(visit)


def _list_page(
    visit: Visit,
    status: int = 200,
    problem: InvalidInput | NotFound | None = None,
    form: Form | None = None,
) -> Response:
    values = visit.request.query_params
    case = values.get("case", "").strip()
    after = number(values.get("after"), "after", 0)
    if not 0 <= after <= MAX_ID:
        raise InvalidInput("after", f"must be between 0 and {MAX_ID}")
    found = visit.hub.evidence.list_items(visit.principal, case or None, after, PAGE + 1)
    items = found[:PAGE]
    cases: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        cases.setdefault(item["case"], []).append(item)
    return visit.render(
        "evidence.html",
        status=status,
        case=case,
        cases=cases,
        after=items[-1]["id"] if len(found) > PAGE else None,
        problem=problem,
        targets=form.get("targets") if form else case,
        purpose=form.get("purpose") if form else "",
    )


# -- one item -------------------------------------------------------------------------------


@router.get("/evidence/items/{item_id}")
def item(item_id: ObjectId, visit: SignedIn) -> Response:
    """An item's manifest and chain of custody; the page view is recorded as 'viewed'."""
    return _item_page(visit, item_id)


def _item_page(
    visit: Visit, item_id: int, status: int = 200, problem: InvalidInput | None = None
) -> Response:
    shown = visit.hub.evidence.show(visit.principal, item_id)
    return visit.render(
        "evidence_item.html",
        status=status,
        item=shown,
        manifest=shown["manifest"],
        problem=problem,
        actions=[a for a in records.ACTIONS if a in records.MANUAL_ACTIONS],
        agencies=visit.partners(),
        recorded=_known(visit.request.query_params.get("recorded")),
    )


def _known(action: str | None) -> str | None:
    """A custody action named in an address, when it is one (the page's notice says it)."""
    return action if action in records.ACTIONS else None


@router.post("/evidence/items/{item_id}/copy")
def copy(item_id: ObjectId, visit: SignedIn, form: Posted) -> Response:
    """The item's file, recorded as a copy (with the purpose given) before it is sent."""
    summary, stream = visit.hub.evidence.open_copy(
        visit.principal, item_id, purpose=form.get("purpose").strip()
    )

    def chunks() -> Iterator[bytes]:
        with stream:
            yield from iter(lambda: stream.read(1 << 20), b"")

    name = summary["original_name"] or f"item-{item_id}"
    response = StreamingResponse(chunks(), media_type=summary["media_type"])
    response.headers["Content-Disposition"] = saved_as(name)
    return visit.finish(response)


@router.post("/evidence/items/{item_id}/custody")
def record(item_id: ObjectId, visit: SignedIn, form: Posted) -> Response:
    """Record a hand-over, a receipt or a seal (roles that may write)."""
    action = form.get("action")
    try:
        visit.hub.evidence.record(
            visit.principal,
            item_id,
            action,
            purpose=form.get("purpose").strip(),
            to=form.get("to").strip() or None,
        )
    except InvalidInput as error:
        return _item_page(visit, item_id, status=error.status, problem=error)
    return visit.redirect(f"/evidence/items/{item_id}?recorded={action}")


# -- new items ------------------------------------------------------------------------------


@router.get("/evidence/new")
def new_item(visit: SignedIn) -> Response:
    require(visit.principal, Permission.WRITE)
    return _new_page(visit, {"tlp": "AMBER", "acquired_by": visit.principal.name})


def _new_page(
    visit: Visit, values: dict[str, Any], errors: dict[str, str] | None = None, status: int = 200
) -> Response:
    return visit.render(
        "evidence_new.html",
        status=status,
        values=values,
        errors=errors or {},
        groups=visit.hub.list_groups(visit.principal),
        agencies=visit.partners(),
        tlps=[t.value for t in TLP],
        max_bytes=MAX_FILE_BYTES,
    )


@router.post("/evidence/items")
def add_item(visit: SignedIn, upload: Uploaded) -> Response:
    """Register the uploaded file with its metadata ('acquired' and 'registered' events)."""
    require(visit.principal, Permission.WRITE)
    form = upload.form
    values: dict[str, Any] = {name: form.get(name) for name in records.FIELDS}
    values.update(
        acquired_at=form.get("acquired_at"),
        tlp=form.get("tlp") or "AMBER",
        sharing_groups=form.getlist("sharing_groups"),
        recipients=form.getlist("recipients"),
    )
    try:
        file = upload.file("file", MAX_FILE_BYTES)
        typed = (file.content_type or "").split(";")[0].strip()
        metadata = {
            **values,
            "acquired_at": wall_clock(values["acquired_at"], visit.fmt.zone),
            "media_type": values["media_type"]
            or ("" if typed == "application/octet-stream" else typed),
            "sharing_groups": values["sharing_groups"] or None,
            "recipients": values["recipients"] or None,
        }
        added = visit.hub.evidence.add(visit.principal, NewItem(file.file, metadata, file.filename))
    except InvalidInput as error:
        errors = {e["field"]: e["reason"] for e in reversed(error.errors)}
        return _new_page(visit, values, errors, status=error.status)
    return visit.redirect(f"/evidence/items/{added['id']}?recorded=registered")


# -- court packages ---------------------------------------------------------------------------


@router.post("/evidence/exports")
def export(visit: SignedIn, form: Posted) -> Response:
    """Start writing a court package of the cases and items named (a background job whose page
    shows its progress, then the package's verification)."""
    require(visit.principal, Permission.WRITE)
    principal = visit.principal
    targets = [t.strip() for value in form.getlist("targets") for t in value.splitlines()]
    targets = [t for t in targets if t]
    try:
        total = visit.hub.evidence.count_targets(principal, targets)
    except (InvalidInput, NotFound) as error:
        return _list_page(visit, status=error.status, problem=error, form=form)
    hub, purpose = visit.hub, form.get("purpose").strip()
    job = Job(owner=principal.name, title=", ".join(targets)[:200], total=total)
    visit.pages.jobs.start(job, lambda running: _export(hub, principal, targets, purpose, running))
    return visit.redirect(f"/evidence/exports/{job.id}")


def _export(
    hub: Hub, principal: Principal, targets: list[str], purpose: str, job: Job
) -> dict[str, Any]:
    path = job.path / PACKAGE
    written = hub.evidence.export(
        principal, targets, path, purpose=purpose, progress=lambda done, _: job.advance(done)
    )
    return {**written, "check": _verification(hub, path, _package_name(written))}


def _package_name(written: dict[str, Any]) -> str:
    return f"evidence-{written['package']}.zip"


def _verification(hub: Hub, path: Path, name: str) -> dict[str, Any]:
    """``path`` checked as a court checks it, with this node's key as the trusted one; the
    text is safemekong-verify's report."""
    report = verify_package(path, [hub.evidence.signer.verifier()])
    text = io.StringIO()
    render(report, Path(name), text, verbose=True)
    return {
        "ok": report.ok,
        "passed": len(report.passed),
        "failed": len(report.failures),
        "text": text.getvalue(),
    }


@router.get("/evidence/exports/{job_id}")
def export_job(job_id: str, visit: SignedIn) -> Response:
    """The export's progress (the page polls it), then its verification and download."""
    job = visit.pages.jobs.get(visit.principal.name, job_id)
    return visit.render(
        "evidence_export.html",
        job=job,
        finished=job.state == State.FINISHED,
        keep_hours=round(visit.pages.jobs.keep / 3600),
    )


@router.get("/evidence/exports/{job_id}/package.zip")
def export_file(job_id: str, visit: SignedIn) -> Response:
    job = visit.pages.jobs.get(visit.principal.name, job_id)
    if job.state != State.FINISHED:
        raise NotFound("the package is not written yet")
    name = _package_name(job.result)
    return visit.finish(
        FileResponse(job.path / PACKAGE, media_type="application/zip", filename=name)
    )


@router.post("/evidence/verify")
def verify(visit: SignedIn, upload: Uploaded) -> Response:
    """Verify an uploaded package offline, as a court would, against this node's key."""
    file = upload.file("package", MAX_FILE_BYTES)
    with tempfile.TemporaryDirectory(prefix="safemekong-verify-") as folder:
        path = Path(folder) / PACKAGE
        with path.open("wb") as out:
            shutil.copyfileobj(file.file, out)
        check = _verification(visit.hub, path, file.filename or PACKAGE)
    return visit.render("evidence_verify.html", check=check, name=file.filename)


@router.get("/evidence/key")
def key(visit: SignedIn) -> Response:
    """The node's verifier key, for the court to pass to ``safemekong-verify --trust``."""
    text = visit.hub.evidence.signer.verifier().encode() + "\n"
    return visit.finish(download(text, "node.vkey", "text/plain"))

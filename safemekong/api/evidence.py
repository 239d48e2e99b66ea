"""Evidence locker: ``/api/v1/evidence/…`` (items, custody, packages, log, requests).

Uploads are the raw file as the request body with the metadata as query parameters, spooled
to disk as they stream in. Reading an item, downloading its file and exporting a package are
each recorded as custody events of the calling agency.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, PlainTextResponse, StreamingResponse
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask

from safemekong.api.deps import Caller, HubDep
from safemekong.api.models import FILE_BODY, MAX_ID, ObjectId
from safemekong.api.problems import error_responses
from safemekong.evidence.locker import NewItem

router = APIRouter(prefix="/api/v1/evidence", tags=["evidence"])

_SPOOL = 8 * 1024 * 1024
#: No item (or case) by that reference that the caller may see.
_ITEM_ERRORS = error_responses(404)


class CustodyIn(BaseModel):
    action: str = Field(description="transferred, received or sealed")
    to: str | None = Field(None, description="Receiving agency code (transferred)")
    purpose: str = ""


class ExportIn(BaseModel):
    targets: list[str] = Field(description="Case references and/or item numbers", min_length=1)
    purpose: str = ""


class RequestIn(BaseModel):
    """A preservation or MLA request (Budapest Convention Art. 29(2) fields)."""

    case: str
    kind: str = "preservation"
    requesting_authority: str
    offence: str
    facts: str
    data_sought: str
    link_to_offence: str
    custodian: str = ""
    location: str = ""
    necessity: str
    intended_assistance: str
    deadline: str | None = None
    tlp: str = "AMBER"


@router.post(
    "/items",
    status_code=201,
    summary="Register a file (raw request body) with its metadata as query parameters",
    openapi_extra=FILE_BODY,
    responses=error_responses(403),
)
async def add_item(
    request: Request,
    hub: HubDep,
    caller: Caller,
    case: str,
    exhibit: str,
    acquired_by: str,
    legal_basis: str,
    description: str = "",
    source: str = "",
    acquisition_method: str = "",
    acquisition_tool: str = "",
    acquired_at: str | None = None,
    original_name: str = "",
    media_type: str = "",
    tlp: str = "AMBER",
    sharing_groups: Annotated[list[str] | None, Query()] = None,
    recipients: Annotated[list[str] | None, Query()] = None,
) -> dict[str, Any]:
    metadata = {
        "case": case,
        "exhibit": exhibit,
        "acquired_by": acquired_by,
        "legal_basis": legal_basis,
        "description": description,
        "source": source,
        "acquisition_method": acquisition_method,
        "acquisition_tool": acquisition_tool,
        "acquired_at": acquired_at,
        "original_name": original_name,
        "media_type": media_type or _content_type(request),
        "tlp": tlp,
        "sharing_groups": sharing_groups,
        "recipients": recipients,
    }
    with tempfile.SpooledTemporaryFile(_SPOOL) as spool:
        async for chunk in request.stream():
            spool.write(chunk)
        spool.seek(0)
        return await run_in_threadpool(
            hub.evidence.add,
            caller,
            NewItem(spool, metadata, original_name or None),  # type: ignore[arg-type]
        )


def _content_type(request: Request) -> str:
    value = request.headers.get("content-type", "").split(";")[0].strip()
    return "" if value in ("", "application/octet-stream") else value


@router.get("/items", summary="Evidence items visible to the caller, by id")
def list_items(
    hub: HubDep,
    caller: Caller,
    case: str | None = None,
    after_id: int = Query(0, ge=0, le=MAX_ID, description="Resume after this item id"),
    limit: int = Query(100, ge=1, le=500),
) -> list[dict[str, Any]]:
    return hub.evidence.list_items(caller, case, after_id, limit)


@router.get(
    "/items/{item_id}",
    summary="An item's manifest and custody (recorded as viewed)",
    responses=_ITEM_ERRORS,
)
def show_item(hub: HubDep, caller: Caller, item_id: ObjectId, purpose: str = "") -> dict[str, Any]:
    return hub.evidence.show(caller, item_id, purpose=purpose)


@router.get(
    "/items/{item_id}/content",
    summary="Download the file (recorded as a copy)",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}},
        **_ITEM_ERRORS,
    },
)
def download_item(
    hub: HubDep, caller: Caller, item_id: ObjectId, purpose: str = ""
) -> StreamingResponse:
    summary, stream = hub.evidence.open_copy(caller, item_id, purpose=purpose)

    def chunks() -> Iterator[bytes]:
        with stream:
            yield from iter(lambda: stream.read(1 << 20), b"")

    return StreamingResponse(
        chunks(),
        media_type=summary["media_type"],
        headers={
            "Digest": f"sha-256={summary['sha256']}",
            "Content-Disposition": f'attachment; filename="item-{item_id}"',
        },
    )


@router.get(
    "/items/{item_id}/custody", summary="The item's chain of custody", responses=_ITEM_ERRORS
)
def custody(hub: HubDep, caller: Caller, item_id: ObjectId) -> list[dict[str, Any]]:
    return hub.evidence.custody(caller, item_id)


@router.post(
    "/items/{item_id}/custody",
    status_code=201,
    summary="Record a transfer, receipt or seal",
    responses=error_responses(403, 404),
)
def record_custody(
    hub: HubDep, caller: Caller, item_id: ObjectId, body: CustodyIn
) -> dict[str, Any]:
    return hub.evidence.record(caller, item_id, body.action, purpose=body.purpose, to=body.to)


@router.post(
    "/exports",
    summary="Export a court package (zip) of cases and/or items",
    response_class=FileResponse,
    responses={
        200: {"content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}},
        **error_responses(403, 404),
    },
)
def export(hub: HubDep, caller: Caller, body: ExportIn) -> FileResponse:
    workdir = Path(tempfile.mkdtemp(prefix="safemekong-export-"))
    path = workdir / "package.zip"
    try:
        result = hub.evidence.export(caller, body.targets, path, purpose=body.purpose)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    return FileResponse(
        path,
        media_type="application/zip",
        filename=f"evidence-{result['package']}.zip",
        background=BackgroundTask(shutil.rmtree, workdir, ignore_errors=True),
    )


@router.get("/key", summary="The node's verifier key", response_class=PlainTextResponse)
def key(hub: HubDep, caller: Caller) -> str:
    return hub.evidence.signer.verifier().encode() + "\n"


@router.get("/checkpoint", summary="The newest signed checkpoint", response_class=PlainTextResponse)
def checkpoint(hub: HubDep, caller: Caller) -> str:
    return hub.evidence.checkpoint().note


@router.get(
    "/consistency",
    summary="The newest checkpoint with a consistency proof from an older tree size",
    response_class=PlainTextResponse,
)
def consistency(
    hub: HubDep, caller: Caller, from_size: Annotated[int, Query(alias="from", ge=0, le=MAX_ID)]
) -> str:
    return hub.evidence.consistency(from_size)


@router.post(
    "/requests",
    status_code=201,
    summary="Record a preservation or MLA request",
    responses=error_responses(403),
)
def add_request(hub: HubDep, caller: Caller, body: RequestIn) -> dict[str, Any]:
    details = body.model_dump(exclude={"case", "tlp"})
    return hub.evidence.add_request(caller, body.case, details, tlp=body.tlp)


@router.get("/requests", summary="Requests visible to the caller, soonest deadline first")
def list_requests(
    hub: HubDep,
    caller: Caller,
    due_within: int | None = Query(
        None, ge=0, le=36_500, description="Only open requests due within this many days"
    ),
    limit: int = Query(100, ge=1, le=500),
) -> list[dict[str, Any]]:
    return hub.evidence.list_requests(caller, due_within, limit)

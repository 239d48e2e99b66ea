"""Money trail: ``/api/v1/trail/...`` (import, tags, trace, mule scores, freeze requests)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from safemekong.api.deps import Caller, HubDep
from safemekong.api.models import FILE_BODY
from safemekong.api.problems import error_responses
from safemekong.errors import InvalidInput
from safemekong.hub import Hub
from safemekong.policy.principals import Principal
from safemekong.trail import freeze
from safemekong.trail.conversion import DEFAULT_TOLERANCE, DEFAULT_WINDOW_HOURS
from safemekong.trail.formats import FORMATS
from safemekong.trail.report import trace_html
from safemekong.trail.rules import RULES
from safemekong.trail.service import MAX_SEEDS
from safemekong.trail.trace import DEFAULT_HOPS, MAX_HOPS

router = APIRouter(prefix="/api/v1/trail", tags=["money trail"])

#: A role that may not write, a file that is empty or not in the format it says.
_IMPORT_ERRORS = error_responses(403, 422)
#: Seeds that name no transfer the caller may see.
_TRACE_ERRORS = error_responses(404)


def _also(*media_types: str) -> dict[int | str, dict[str, Any]]:
    """A 200 answer that, besides JSON, comes as these text media types (``format=``)."""
    content = {media_type: {"schema": {"type": "string"}} for media_type in media_types}
    return {200: {"content": content}}


class TraceIn(BaseModel):
    seeds: list[str] = Field(min_length=1, max_length=MAX_SEEDS, description="tx:ID or keys")
    rule: str = Field("fifo", description=", ".join(RULES))
    hops: int = Field(DEFAULT_HOPS, ge=1, le=MAX_HOPS)
    window_hours: float = Field(DEFAULT_WINDOW_HOURS, gt=0, le=720)
    tolerance: float = Field(DEFAULT_TOLERANCE, ge=0, lt=1)


async def _with_body_file(request: Request, suffix: str, work: Any) -> Any:
    """Write the request body to a temporary file and run ``work(path)`` in a thread."""
    body = await request.body()
    if not body:
        raise InvalidInput("body", "is empty: send the file's bytes")
    with tempfile.TemporaryDirectory(prefix="safemekong-trail-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(body)
        return await run_in_threadpool(work, path)


@router.post(
    "/import",
    openapi_extra=FILE_BODY,
    summary="Import a ledger file (the body)",
    responses=_IMPORT_ERRORS,
)
async def import_ledger(
    request: Request,
    hub: HubDep,
    caller: Caller,
    format: str = Query("csv", description=", ".join(FORMATS)),
    tlp: str = Query("AMBER"),
    groups: list[str] = Query([], description="Sharing groups the rows are shared with"),
    recipients: list[str] = Query([], description="Agencies the rows are shared with"),
    filename: str = Query("upload", max_length=200, description="Recorded as the source"),
) -> dict[str, Any]:
    """Good rows are kept; bad rows are listed with line and reason."""
    suffix = ".json" if format == "tron-json" else ".csv.gz" if filename.endswith(".gz") else ".csv"

    def work(path: Path) -> dict[str, Any]:
        return hub.trail.import_file(
            caller, path, format, tlp, name=filename, groups=groups, recipients=recipients
        ).to_json()

    result: dict[str, Any] = await _with_body_file(request, suffix, work)
    return result


@router.post(
    "/tags", openapi_extra=FILE_BODY, summary="Import tags (the body)", responses=_IMPORT_ERRORS
)
async def import_tags(
    request: Request,
    hub: HubDep,
    caller: Caller,
    format: str = Query("csv", description="csv, tagpack or ofac"),
    tlp: str = Query("AMBER"),
    groups: list[str] = Query([]),
    recipients: list[str] = Query([]),
) -> dict[str, Any]:
    result: dict[str, Any] = await _with_body_file(
        request,
        ".txt",
        lambda path: hub.trail.import_tags(caller, path, format, tlp, groups, recipients),
    )
    return result


@router.post(
    "/rates",
    openapi_extra=FILE_BODY,
    summary="Import exchange rates (CSV body)",
    responses=_IMPORT_ERRORS,
)
async def import_rates(request: Request, hub: HubDep, caller: Caller) -> dict[str, Any]:
    result: dict[str, Any] = await _with_body_file(
        request, ".csv", lambda path: hub.trail.import_rates(caller, path)
    )
    return result


@router.post(
    "/trace",
    summary="Trace money from seeds to where it stops",
    responses={**_also("text/html"), **_TRACE_ERRORS},
)
def trace(
    body: TraceIn,
    hub: HubDep,
    caller: Caller,
    format: str = Query("json", description="json or html"),
) -> Any:
    result = hub.trail.trace(
        caller,
        body.seeds,
        body.rule,
        body.hops,
        window_hours=body.window_hours,
        tolerance=body.tolerance,
    ).to_json()
    if format == "html":
        return Response(trace_html(result), media_type="text/html")
    return result


@router.get("/mules", summary="Accounts most like mule accounts, with breakdowns")
def mules(
    hub: HubDep, caller: Caller, top: int = Query(20, ge=1, le=10_000)
) -> list[dict[str, Any]]:
    return hub.trail.mules(caller, top)


@router.post(
    "/requests",
    summary="Freeze and recall requests from a trace",
    responses={**_also("text/csv", "text/html"), **_TRACE_ERRORS},
)
def requests(
    body: TraceIn,
    hub: HubDep,
    caller: Caller,
    format: str = Query("json", description="json, csv or html"),
) -> Any:
    result = _requests(hub, caller, body)
    if format == "csv":
        return Response(freeze.to_csv(result), media_type="text/csv")
    if format == "html":
        return Response(freeze.to_html(result), media_type="text/html")
    return result


@router.post(
    "/requests/camt056",
    summary="camt.056 drafts of the bank recall requests",
    responses=_TRACE_ERRORS,
)
def camt056(body: TraceIn, hub: HubDep, caller: Caller) -> list[dict[str, str]]:
    result = _requests(hub, caller, body)
    return [
        {"request_id": r["request_id"], "xml": freeze.to_camt056(r)}
        for r in result["requests"]
        if r["institution"]["kind"] == "bank"
    ]


def _requests(hub: Hub, caller: Principal, body: TraceIn) -> dict[str, Any]:
    result: dict[str, Any] = hub.trail.requests(
        caller,
        body.seeds,
        body.rule,
        body.hops,
        window_hours=body.window_hours,
        tolerance=body.tolerance,
    )
    return result

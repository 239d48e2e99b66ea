"""STIX 2.1 and MISP export and import: ``/api/v1/.../stix``, ``/api/v1/import/...``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from safemekong.api.deps import Caller, HubDep
from safemekong.api.models import ObjectId, request_body
from safemekong.api.problems import error_responses
from safemekong.api.reports import parse_json_body
from safemekong.sharing.misp import events_of
from safemekong.sharing.service import Sharing

router = APIRouter(prefix="/api/v1", tags=["sharing"])

#: The STIX 2.1 media type (as TAXII 2.1 uses it).
STIX_MEDIA_TYPE = "application/stix+json;version=2.1"
#: Errors of an export: nothing visible by that id, or more reports than one export holds.
_EXPORT_ERRORS = error_responses(404, 413)
#: Errors of an import: a role that may not write, a document that is not what it should be.
_IMPORT_ERRORS = error_responses(403, 422)


class StixResponse(JSONResponse):
    """A STIX 2.1 bundle."""

    media_type = STIX_MEDIA_TYPE


@router.get(
    "/reports/{report_id}/stix",
    summary="One report as a STIX 2.1 bundle",
    response_class=StixResponse,
    responses=_EXPORT_ERRORS,
)
def report_stix(report_id: ObjectId, hub: HubDep, caller: Caller) -> StixResponse:
    return StixResponse(Sharing(hub).export_reports_stix(caller, [report_id]))


@router.get(
    "/operations/{operation_id}/stix",
    summary="An operation (campaign) and the reports the caller may see, as a STIX 2.1 bundle",
    response_class=StixResponse,
    responses=_EXPORT_ERRORS,
)
def operation_stix(operation_id: ObjectId, hub: HubDep, caller: Caller) -> StixResponse:
    return StixResponse(Sharing(hub).export_operation_stix(caller, operation_id))


@router.get(
    "/operations/{operation_id}/misp",
    summary="An operation as a MISP event",
    responses=_EXPORT_ERRORS,
)
def operation_misp(operation_id: ObjectId, hub: HubDep, caller: Caller) -> dict[str, Any]:
    return Sharing(hub).export_operation_misp(caller, operation_id)


@router.post(
    "/import/stix",
    summary="File the reports and observed data of a STIX 2.1 bundle",
    openapi_extra=request_body(
        "application/json", {"type": "object", "description": "A STIX 2.1 bundle"}
    ),
    responses=_IMPORT_ERRORS,
)
async def import_stix(request: Request, hub: HubDep, caller: Caller) -> dict[str, Any]:
    """Reports are filed through the ordinary intake as the caller's agency; objects that are
    skipped or invalid are listed with the reason."""
    body = await request.body()
    return await run_in_threadpool(Sharing(hub).import_stix, caller, body)


@router.post(
    "/import/misp",
    summary="File MISP events (one, a list, or a search response)",
    openapi_extra=request_body(
        "application/json",
        {"oneOf": [{"type": "object"}, {"type": "array", "items": {"type": "object"}}]},
    ),
    responses=_IMPORT_ERRORS,
)
async def import_misp(request: Request, hub: HubDep, caller: Caller) -> dict[str, Any]:
    events = events_of(parse_json_body(await request.body()))
    return await run_in_threadpool(Sharing(hub).import_misp, caller, events)

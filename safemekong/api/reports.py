"""Report intake and reading: ``/api/v1/reports``."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool

from safemekong import limits
from safemekong.api.deps import Caller, HubDep
from safemekong.api.models import MAX_ID, BatchOut, ObjectId, request_body
from safemekong.api.problems import error_responses
from safemekong.errors import BatchRejected, InvalidInput

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])

_BODY_SCHEMA = request_body(
    "application/json",
    {
        "oneOf": [
            {"$ref": "#/components/schemas/ReportIn"},
            {"type": "array", "items": {"$ref": "#/components/schemas/ReportIn"}},
        ]
    },
)


def parse_json_body(raw: bytes) -> Any:
    """The decoded JSON body, or InvalidInput saying where it is broken."""
    try:
        return limits.loads(raw)
    except UnicodeDecodeError:
        raise InvalidInput("body", "is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            "body", f"is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None


@router.post(
    "",
    response_model=BatchOut,
    openapi_extra=_BODY_SCHEMA,
    responses=error_responses(403, 422),
    summary="File one report or a list of reports",
)
async def post_reports(request: Request, hub: HubDep, caller: Caller) -> dict[str, Any]:
    """Good items are stored and correlated; bad items are listed with field and reason.

    Answers 422 only when no item was accepted.
    """
    payload = parse_json_body(await request.body())
    items = payload if isinstance(payload, list) else [payload]
    result = await run_in_threadpool(hub.file_reports, caller, items)
    if result.rejected and not result.accepted:
        raise BatchRejected(result.rejected)
    return result.to_json()


@router.get(
    "/{report_id}", summary="One report with its identifiers", responses=error_responses(404)
)
def get_report(report_id: ObjectId, hub: HubDep, caller: Caller) -> dict[str, Any]:
    return hub.get_report(caller, report_id)


@router.get("", summary="Reports the caller may see, newest first")
def list_reports(
    hub: HubDep,
    caller: Caller,
    operation_id: int | None = Query(None, ge=1, le=MAX_ID),
    limit: int = Query(50, ge=1, le=500),
    before_id: int | None = Query(None, ge=1, le=MAX_ID),
) -> list[dict[str, Any]]:
    return hub.list_reports(caller, operation_id, limit, before_id)

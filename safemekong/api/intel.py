"""Lookup, normalisation, operations, alerts and watches: ``/api/v1/...``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Response

from safemekong.api.deps import Caller, HubDep
from safemekong.api.models import (
    MAX_ID,
    AlertOut,
    LookupOut,
    ObjectId,
    OperationOut,
    WatchIn,
    WatchOut,
)
from safemekong.api.problems import error_responses

router = APIRouter(prefix="/api/v1", tags=["intelligence"])


@router.get("/lookup", response_model=LookupOut, summary="What do we know about this value?")
def lookup(
    hub: HubDep,
    caller: Caller,
    value: str = Query(max_length=1000, description="Any phone, URL, handle, account, wallet …"),
    type: str | None = Query(None, description="Identifier type; guessed when absent"),
    region: str | None = Query(
        None,
        min_length=2,
        max_length=2,
        description="Default region for local numbers; the caller's country when absent",
    ),
) -> dict[str, Any]:
    return hub.lookup(caller, value, type, region)


@router.get("/normalize", summary="Canonical form of a value")
def normalize(
    hub: HubDep,
    caller: Caller,
    value: str = Query(max_length=1000),
    type: str | None = None,
    region: str | None = Query(None, min_length=2, max_length=2),
) -> dict[str, Any]:
    return hub.normalize(value, type, region)


@router.get("/operations", response_model=list[OperationOut], summary="Most active operations")
def list_operations(
    hub: HubDep, caller: Caller, limit: int = Query(20, ge=1, le=200)
) -> list[dict[str, Any]]:
    return hub.list_operations(caller, limit)


@router.get(
    "/operations/{operation_id}",
    response_model=OperationOut,
    summary="Summary of an operation",
    responses=error_responses(404),
)
def get_operation(operation_id: ObjectId, hub: HubDep, caller: Caller) -> dict[str, Any]:
    return hub.get_operation(caller, operation_id)


@router.get("/alerts", response_model=list[AlertOut], summary="The caller's agency's alerts")
def list_alerts(
    hub: HubDep,
    caller: Caller,
    since_id: int = Query(0, ge=0, le=MAX_ID),
    limit: int = Query(100, ge=1, le=500),
) -> list[dict[str, Any]]:
    return hub.list_alerts(caller, since_id, limit)


@router.get(
    "/watches", response_model=list[WatchOut], summary="Identifiers the agency watches, by key"
)
def list_watches(
    hub: HubDep,
    caller: Caller,
    after: str = Query("", max_length=1000, description="Resume after this key"),
    limit: int = Query(100, ge=1, le=500),
) -> list[dict[str, Any]]:
    return hub.list_watches(caller, after, limit)


@router.post("/watches", response_model=WatchOut, status_code=201, summary="Watch an identifier")
def add_watch(body: WatchIn, hub: HubDep, caller: Caller) -> dict[str, Any]:
    return hub.watch(caller, body.value, body.type, body.note)


@router.delete(
    "/watches",
    status_code=204,
    summary="Stop watching an identifier",
    responses=error_responses(404),
)
def remove_watch(
    hub: HubDep, caller: Caller, value: str = Query(max_length=1000), type: str | None = None
) -> Response:
    hub.unwatch(caller, value, type)
    return Response(status_code=204)

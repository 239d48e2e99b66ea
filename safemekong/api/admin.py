"""Agencies and API keys: ``/api/v1/agencies``, ``/api/v1/keys``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from safemekong.api.deps import Caller, HubDep
from safemekong.api.models import AgencyOut, KeyIn, KeyOut

router = APIRouter(prefix="/api/v1", tags=["administration"])


@router.get("/agencies", response_model=list[AgencyOut], summary="Member agencies")
def list_agencies(hub: HubDep, caller: Caller) -> list[dict[str, Any]]:
    return hub.list_agencies(caller)


@router.post(
    "/keys",
    response_model=KeyOut,
    status_code=201,
    summary="Create an API key for the caller's agency (agency admins)",
)
def create_key(body: KeyIn, hub: HubDep, caller: Caller) -> dict[str, str]:
    return hub.create_key(caller, body.agency, body.role, body.label)

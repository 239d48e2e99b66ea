"""Agencies, API keys, users and sharing groups: ``/api/v1/agencies``, ``/keys``, ``/users``,
``/groups``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from safemekong.api.deps import Caller, HubDep
from safemekong.api.models import AgencyOut, GroupIn, GroupOut, KeyIn, KeyOut, UserIn, UserOut

router = APIRouter(prefix="/api/v1", tags=["administration"])


@router.get("/whoami", summary="The caller: agency, role and name (partner nodes use it)")
def whoami(caller: Caller) -> dict[str, str]:
    return {"agency": caller.agency_code, "role": caller.role, "name": caller.name}


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


@router.post(
    "/users",
    response_model=UserOut,
    status_code=201,
    summary="Add a user to the caller's agency (agency admins)",
)
def add_user(body: UserIn, hub: HubDep, caller: Caller) -> dict[str, Any]:
    return hub.add_user(caller, body.username, body.agency, body.role, body.password)


@router.get("/users", response_model=list[UserOut], summary="Users of the caller's agency")
def list_users(hub: HubDep, caller: Caller) -> list[dict[str, Any]]:
    return hub.list_users(caller)


@router.get(
    "/groups", response_model=list[GroupOut], summary="Sharing groups the caller's agency is in"
)
def list_groups(hub: HubDep, caller: Caller) -> list[dict[str, Any]]:
    return hub.list_groups(caller)


@router.post(
    "/groups",
    response_model=GroupOut,
    status_code=201,
    summary="Create a sharing group that includes the caller's agency (agency admins)",
)
def create_group(body: GroupIn, hub: HubDep, caller: Caller) -> dict[str, Any]:
    return hub.create_group(caller, body.name, body.agencies, body.description)


@router.put(
    "/groups/{name}/agencies/{code}",
    response_model=GroupOut,
    summary="Add an agency to a group the caller's agency is in (agency admins)",
)
def add_group_member(name: str, code: str, hub: HubDep, caller: Caller) -> dict[str, Any]:
    return hub.set_group_membership(caller, name, code, True)


@router.delete(
    "/groups/{name}/agencies/{code}",
    response_model=GroupOut,
    summary="Leave a group (agency admins remove their own agency only)",
)
def remove_group_member(name: str, code: str, hub: HubDep, caller: Caller) -> dict[str, Any]:
    return hub.set_group_membership(caller, name, code, False)

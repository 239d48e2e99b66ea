"""Agencies, API keys (create, revoke, rotate), users, sharing groups and the audit log:
``/api/v1/agencies``, ``/keys``, ``/users``, ``/groups``, ``/audit``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from safemekong.api.deps import Caller, HubDep
from safemekong.api.models import (
    MAX_ID,
    AgencyOut,
    GroupIn,
    GroupOut,
    KeyIn,
    KeyOut,
    UserIn,
    UserOut,
)
from safemekong.api.problems import error_responses

router = APIRouter(prefix="/api/v1", tags=["administration"])
#: A key's public name: the part between ``smk_`` and the secret.
KeyPrefix = Annotated[str, Path(max_length=16, pattern="^[0-9a-f]+$")]


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
    responses=error_responses(403),
)
def create_key(body: KeyIn, hub: HubDep, caller: Caller) -> dict[str, str]:
    return hub.create_key(caller, body.agency, body.role, body.label)


@router.get(
    "/keys",
    summary="Active API keys of the caller's agency, newest first, without secrets (agency admins)",
    responses=error_responses(403),
)
def list_keys(
    hub: HubDep, caller: Caller, limit: int = Query(100, ge=1, le=1000)
) -> list[dict[str, Any]]:
    return hub.list_keys(caller, limit)


@router.delete(
    "/keys/{prefix}",
    status_code=204,
    summary="Revoke a key of the caller's agency at once: it answers 401 from then on "
    "(agency admins)",
    responses=error_responses(403, 404),
)
def revoke_key(prefix: KeyPrefix, hub: HubDep, caller: Caller) -> Response:
    hub.revoke_key(caller, prefix)
    return Response(status_code=204)


@router.post(
    "/keys/{prefix}/rotate",
    response_model=KeyOut,
    status_code=201,
    summary="Replace a key of the caller's agency: a new one with the same role and label, "
    "shown only now; the old one is revoked (agency admins)",
    responses=error_responses(403, 404),
)
def rotate_key(prefix: KeyPrefix, hub: HubDep, caller: Caller) -> dict[str, str]:
    return hub.rotate_key(caller, prefix)


@router.post(
    "/users",
    response_model=UserOut,
    status_code=201,
    summary="Add a user to the caller's agency (agency admins)",
    responses=error_responses(403, 409),
)
def add_user(body: UserIn, hub: HubDep, caller: Caller) -> dict[str, Any]:
    return hub.add_user(caller, body.username, body.agency, body.role, body.password)


@router.get(
    "/users",
    response_model=list[UserOut],
    summary="Users of the caller's agency",
    responses=error_responses(403),
)
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
    responses=error_responses(403, 409),
)
def create_group(body: GroupIn, hub: HubDep, caller: Caller) -> dict[str, Any]:
    return hub.create_group(caller, body.name, body.agencies, body.description)


@router.put(
    "/groups/{name}/agencies/{code}",
    response_model=GroupOut,
    summary="Add an agency to a group the caller's agency is in (agency admins)",
    responses=error_responses(403, 404),
)
def add_group_member(name: str, code: str, hub: HubDep, caller: Caller) -> dict[str, Any]:
    return hub.set_group_membership(caller, name, code, True)


@router.delete(
    "/groups/{name}/agencies/{code}",
    response_model=GroupOut,
    summary="Leave a group (agency admins remove their own agency only)",
    responses=error_responses(403, 404),
)
def remove_group_member(name: str, code: str, hub: HubDep, caller: Caller) -> dict[str, Any]:
    return hub.set_group_membership(caller, name, code, False)


@router.get(
    "/audit",
    summary="Audit entries in order: for an agency admin those of its own users and keys and "
    "the reads of its data by others; everything for the node",
    responses=error_responses(403),
)
def audit_entries(
    hub: HubDep,
    caller: Caller,
    after_id: int = Query(0, ge=0, le=MAX_ID, description="Resume after this entry id"),
    limit: int = Query(100, ge=1, le=1000),
) -> list[dict[str, Any]]:
    return hub.audit_entries(caller, after_id, limit)


@router.get(
    "/audit/verify",
    summary="Recompute the audit log's hash chain (agency admins)",
    responses=error_responses(403),
)
def verify_audit(
    hub: HubDep,
    caller: Caller,
    expect_head: str | None = Query(
        None, pattern="^[0-9a-f]{64}$", description="A head hash noted earlier: must still be in"
    ),
) -> dict[str, Any]:
    return hub.verify_audit(caller, expect_head).to_json()

"""Administration: member agencies, the users of the caller's agency, sharing groups, and the
audit log's verification; each action is the hub's, with its permission checks."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from safemekong.errors import Forbidden, InvalidInput
from safemekong.policy.principals import ROLES, Permission
from safemekong.web.context import Posted, SignedIn, Visit, page_router

router = page_router()


#: Audit entries the administration page shows (the newest; the API pages through all).
AUDIT_SHOWN = 50


def _page(
    visit: Visit,
    status: int = 200,
    notice: str | None = None,
    problem: str | None = None,
    audit: dict[str, Any] | None = None,
    new_user: dict[str, str] | None = None,
    new_key: dict[str, str] | None = None,
) -> Response:
    principal = visit.principal
    manages = visit.can(Permission.MANAGE_AGENCY)
    hub = visit.hub
    return visit.render(
        "admin.html",
        status=status,
        agencies=hub.list_agencies(principal),
        groups=hub.list_groups(principal),
        users=hub.list_users(principal) if manages else None,
        keys=hub.list_keys(principal) if manages else None,
        partners=visit.partners() if manages else [],
        audit_log=hub.audit_entries(principal, limit=AUDIT_SHOWN, newest_first=True)
        if manages
        else None,
        manages=manages,
        roles=list(ROLES),
        notice=notice,
        problem=problem,
        audit=audit,
        new_user=new_user or {},
        new_key=new_key,
    )


@router.get("/admin")
def admin(visit: SignedIn) -> Response:
    return _page(visit)


@router.post("/admin/users")
def add_user(visit: SignedIn, form: Posted) -> Response:
    """Add a user to the caller's own agency (agency administrators)."""
    user = visit.user
    assert user is not None
    wanted = {"username": form.get("username").strip(), "role": form.get("role")}
    try:
        visit.hub.add_user(
            visit.principal,
            wanted["username"],
            user.agency_code,
            wanted["role"],
            form.get("password"),
        )
    except (InvalidInput, Forbidden) as error:
        status = error.status
        return _page(visit, status=status, problem=str(error.detail), new_user=wanted)
    return visit.redirect("/admin?added=" + wanted["username"])


@router.post("/admin/users/{username}/disable")
def disable_user(username: str, visit: SignedIn, form: Posted) -> Response:
    visit.hub.disable_user(visit.principal, username)
    return visit.redirect("/admin")


@router.post("/admin/keys")
def create_key(visit: SignedIn, form: Posted) -> Response:
    """A new API key of the caller's agency, shown once on the page that answers."""
    try:
        key = visit.hub.create_key(
            visit.principal, visit.principal.agency_code, form.get("role"), form.get("label")
        )
    except (InvalidInput, Forbidden) as error:
        return _page(visit, status=error.status, problem=str(error.detail))
    return _page(visit, status=201, new_key=key)


@router.post("/admin/keys/{prefix}/rotate")
def rotate_key(prefix: str, visit: SignedIn, form: Posted) -> Response:
    """Replace a key of the caller's agency; the new one is shown once."""
    return _page(visit, status=201, new_key=visit.hub.rotate_key(visit.principal, prefix))


@router.post("/admin/keys/{prefix}/revoke")
def revoke_key(prefix: str, visit: SignedIn, form: Posted) -> Response:
    visit.hub.revoke_key(visit.principal, prefix)
    return visit.redirect("/admin")


@router.post("/admin/groups")
def create_group(visit: SignedIn, form: Posted) -> Response:
    """A sharing group of the caller's agency and the partners ticked (agency administrators)."""
    own = visit.principal.agency_code
    try:
        visit.hub.create_group(
            visit.principal,
            form.get("name").strip(),
            [own, *form.getlist("agencies")],
            form.get("description").strip(),
        )
    except (InvalidInput, Forbidden) as error:
        return _page(visit, status=error.status, problem=str(error.detail))
    return visit.redirect("/admin")


@router.post("/admin/groups/{name}/agencies")
def add_group_member(name: str, visit: SignedIn, form: Posted) -> Response:
    """Add a partner agency to one of the caller's agency's groups."""
    try:
        visit.hub.set_group_membership(visit.principal, name, form.get("agency"), True)
    except InvalidInput as error:
        return _page(visit, status=error.status, problem=str(error.detail))
    return visit.redirect("/admin")


@router.post("/admin/groups/{name}/leave")
def leave_group(name: str, visit: SignedIn, form: Posted) -> Response:
    """Take the caller's agency out of a group (what it shared there is no longer shared)."""
    visit.hub.set_group_membership(visit.principal, name, visit.principal.agency_code, False)
    return visit.redirect("/admin")


@router.post("/admin/audit")
def verify_audit(visit: SignedIn, form: Posted) -> Response:
    """Recompute the audit log's hash chain (as ``safemekong audit verify`` does)."""
    return _page(visit, audit=visit.hub.verify_audit(visit.principal).to_json())

"""Administration: member agencies, the users of the caller's agency, sharing groups, and the
audit log's verification; each action is the hub's, with its permission checks."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from safemekong.errors import Forbidden, InvalidInput
from safemekong.policy.principals import ROLES, Permission
from safemekong.web.context import Posted, SignedIn, Visit, page_router

router = page_router()


def _page(
    visit: Visit,
    status: int = 200,
    notice: str | None = None,
    problem: str | None = None,
    audit: dict[str, Any] | None = None,
    new_user: dict[str, str] | None = None,
) -> Response:
    principal = visit.principal
    manages = visit.can(Permission.MANAGE_AGENCY)
    return visit.render(
        "admin.html",
        status=status,
        agencies=visit.hub.list_agencies(principal),
        groups=visit.hub.list_groups(principal),
        users=visit.hub.list_users(principal) if manages else None,
        manages=manages,
        roles=list(ROLES),
        notice=notice,
        problem=problem,
        audit=audit,
        new_user=new_user or {},
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


@router.post("/admin/audit")
def verify_audit(visit: SignedIn, form: Posted) -> Response:
    """Recompute the audit log's hash chain (as ``safemekong audit verify`` does)."""
    try:
        check = visit.hub.verify_audit(visit.principal)
    except Forbidden:
        return _page(
            visit,
            status=403,
            problem=visit.gettext("Only the node administrator may verify the audit log."),
        )
    return _page(visit, audit=check.to_json())

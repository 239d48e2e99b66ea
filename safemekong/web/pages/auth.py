"""Signing in and out, and choosing the language."""

from __future__ import annotations

from fastapi import Query
from starlette.responses import Response

from safemekong.errors import NotAuthenticated
from safemekong.web import i18n
from safemekong.web.context import Posted, Visitor, page_router
from safemekong.web.forms import local_path
from safemekong.web.session import Session, User

router = page_router()
#: A year: how long the browser remembers the chosen language.
LANGUAGE_MAX_AGE = 365 * 24 * 3600


@router.get("/login")
def login_page(visit: Visitor, next: str = Query("/", max_length=2000)) -> Response:
    if visit.user is not None:
        return visit.redirect(local_path(next))
    return visit.render("login.html", next=local_path(next), failed=False, username="")


@router.post("/login")
def login(visit: Visitor, form: Posted) -> Response:
    """Check the password through the hub; a new session (and CSRF token) on success."""
    username = form.get("username")[:200]
    target = local_path(form.get("next"))
    try:
        principal = visit.hub.login(username, form.get("password")[:1000])
    except NotAuthenticated:
        return visit.render("login.html", status=401, next=target, failed=True, username=username)
    if principal.agency_id is None:  # users always belong to an agency; keys of none sign in
        raise NotAuthenticated("unknown user or wrong password")
    agencies = {a["code"]: a for a in visit.hub.list_agencies(principal)}
    user = User(
        username=principal.name,
        agency_id=principal.agency_id,
        agency_code=principal.agency_code,
        role=principal.role,
        country=str(agencies[principal.agency_code]["country"]),
    )
    return visit.redirect(target, Session.new(user))


@router.post("/logout")
def logout(visit: Visitor, form: Posted) -> Response:
    return visit.redirect("/login", Session.new())


@router.post("/language")
def choose_language(visit: Visitor, form: Posted) -> Response:
    """Remember the chosen language in a cookie and go back to the page it was chosen on."""
    chosen = form.get("language")
    response = visit.redirect(local_path(form.get("next")))
    if chosen in i18n.LANGUAGES:
        response.set_cookie(
            i18n.COOKIE,
            chosen,
            max_age=LANGUAGE_MAX_AGE,
            path="/",
            secure=visit.request.url.scheme == "https",
            httponly=True,
            samesite="lax",
        )
    return response

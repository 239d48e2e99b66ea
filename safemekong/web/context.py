"""What every page handler is given: the visit (session, language, formats) and the hub.

Handlers declare what they need as annotated dependencies, where a reviewer sees them:
``Visitor`` (anyone), ``SignedIn`` (a signed-in user, else a redirect to the sign-in page),
``Posted`` (a form whose CSRF token matches the session's) and ``Uploaded`` (the same, for a
form with files). Errors of the capabilities become HTML pages with the same status the API
answers (see :class:`PageRoute`).
"""

from __future__ import annotations

import gettext as gettext_module
import json
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, Final, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse, RedirectResponse, Response

from safemekong import __version__
from safemekong.detect.verdict import TEXTS as REASON_SENTENCES
from safemekong.errors import Forbidden, NotFound, SafeMekongError
from safemekong.hub import Hub
from safemekong.intel.alerts import text_values
from safemekong.policy.principals import Permission, Principal
from safemekong.web import assets, i18n, labels
from safemekong.web.forms import Form, Upload, read_form, read_upload
from safemekong.web.jobs import Jobs
from safemekong.web.session import Session, SessionCookie, User

R = TypeVar("R", bound=Response)
TEMPLATES: Final = assets.PACKAGE / "templates"
#: Content Security Policy of every page: nothing from elsewhere, no inline script or style.
CSP: Final = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)
#: Headers of every page; the hub adds those of every answer (nosniff, DENY, no-referrer …,
#: see safemekong.api.headers).
PAGE_HEADERS: Final = {"Content-Security-Policy": CSP, "Cache-Control": "no-store"}
#: The translations used while a template renders (see :func:`_gettext`).
_active: ContextVar[gettext_module.NullTranslations | None] = ContextVar(
    "safemekong_web_translations", default=None
)
_ENGLISH: Final = gettext_module.NullTranslations()


def _gettext(message: str) -> str:
    return (_active.get() or _ENGLISH).gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return (_active.get() or _ENGLISH).ngettext(singular, plural, n)


def label(table: str, code: str | None) -> str:
    """The translated display name of a code (``label("typology", "loan")``), else the code."""
    if code is None:
        return ""
    message = labels.TABLES[table].get(code)
    return _gettext(message) if message else code


def alert_text(alert: dict[str, Any]) -> str:
    """An alert's text in the reader's language (its stored English text for alerts older
    than their ``params``)."""
    params = alert.get("params") or {}
    message = labels.ALERT_TEXTS.get(params.get("text", ""))
    if message is None:
        return str(alert["message"])
    return _gettext(message) % text_values(params)


def reason_text(reason: dict[str, Any]) -> str:
    """A detection reason (as JSON) in the reader's language, the verdict it names by its
    label (its English text when it names no known sentence)."""
    message = REASON_SENTENCES.get(reason.get("template", ""))
    if message is None:
        return str(reason["text"])
    values = dict(reason["params"])
    if "label" in values and values["label"] in labels.VERDICTS:
        values["label"] = label("verdict", values["label"])
    return _gettext(message) % values


def environment() -> Environment:
    """The Jinja2 environment: autoescaped HTML, gettext (new style) from the active visit."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(("html",), default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        label=label,
        alert_text=alert_text,
        reason_text=reason_text,
        languages=i18n.LANGUAGES,
        html_lang=i18n.HTML_LANG,
        vendor=assets.vendor_available,
        static=assets.static_url,
        version=__version__,
        Permission=Permission,
        hidden_fields=labels.HIDDEN_FIELDS,
        country_fields=labels.COUNTRY_FIELDS,
    )
    return env


class Pages:
    """The web front door's state: the hub, the templates and the session cookie."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.templates = environment()
        self.cookie = SessionCookie(hub.store)
        self.jobs = Jobs()


class LoginRequired(Exception):
    """The page needs a signed-in user (turned into a redirect to the sign-in page)."""


class CsrfRejected(Forbidden):
    """A form came without this session's CSRF token (another site, or an old page)."""


@dataclass
class Visit:
    """One request as the pages see it: who, in which language, and how to answer."""

    request: Request
    pages: Pages
    session: Session
    language: str

    @property
    def hub(self) -> Hub:
        return self.pages.hub

    @property
    def user(self) -> User | None:
        return self.session.user

    @property
    def principal(self) -> Principal:
        if self.session.user is None:
            raise LoginRequired
        return self.session.user.principal

    def still_signed_in(self) -> bool:
        """The session has a user, and that user has not been disabled since signing in."""
        user = self.session.user
        return user is not None and self.hub.user_active(user.principal.name)

    def can(self, permission: Permission) -> bool:
        return self.session.user is not None and self.principal.can(permission)

    def partners(self) -> list[dict[str, Any]]:
        """The member agencies besides the user's own (recipients of a share or a hand-over)."""
        own = self.principal.agency_code
        return [a for a in self.hub.list_agencies(self.principal) if a["code"] != own]

    @cached_property
    def fmt(self) -> i18n.Formats:
        country = self.session.user.country if self.session.user else None
        return i18n.Formats(self.language, i18n.zone_of(country))

    @contextmanager
    def active(self) -> Iterator[None]:
        """Make this visit's language the one ``gettext`` and :func:`label` use."""
        token = _active.set(i18n.translations(self.language))
        try:
            yield
        finally:
            _active.reset(token)

    @property
    def here(self) -> str:
        """This page's path and query (where the language switch comes back to)."""
        query = self.request.url.query
        return self.request.url.path + (f"?{query}" if query else "")

    def gettext(self, message: str) -> str:
        return i18n.translations(self.language).gettext(message)

    def fragment(self, template: str, **context: Any) -> str:
        """A template rendered in the visitor's language, as text."""
        with self.active():
            return self.pages.templates.get_template(template).render(
                visit=self,
                user=self.session.user,
                csrf=self.session.csrf,
                fmt=self.fmt,
                language=self.language,
                path=self.request.url.path,
                here=self.here,
                **context,
            )

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        """A page (or an htmx fragment) rendered in the visitor's language."""
        return self.finish(HTMLResponse(self.fragment(template, **context), status_code=status))

    def redirect(self, target: str, session: Session | None = None) -> Response:
        """303 See Other (after a POST), writing ``session`` when it changed."""
        return self.finish(RedirectResponse(target, status_code=303), session)

    def finish(self, response: R, session: Session | None = None) -> R:
        """Write the session cookie when it is new or replaced; add the security headers."""
        chosen = session or self.session
        if session is not None or chosen.fresh:
            self.pages.cookie.write(self.request, response, chosen)
        response.headers.update(PAGE_HEADERS)
        return response


def get_visit(request: Request) -> Visit:
    pages: Pages = request.app.state.web
    found = getattr(request.state, "web_visit", None)
    if isinstance(found, Visit):
        return found
    visit = Visit(
        request=request,
        pages=pages,
        session=pages.cookie.read(request),
        language=i18n.choose(
            request.cookies.get(i18n.COOKIE), request.headers.get("accept-language")
        ),
    )
    request.state.web_visit = visit
    return visit


def require_user(visit: Annotated[Visit, Depends(get_visit)]) -> Visit:
    """The visit of a signed-in user whose account is still active (a disabled user's session
    ends at its next request)."""
    if visit.session.user is None or not visit.still_signed_in():
        raise LoginRequired
    return visit


async def posted_form(request: Request, visit: Annotated[Visit, Depends(get_visit)]) -> Form:
    """The posted form, once its CSRF token (field or ``X-CSRF-Token`` header) is checked."""
    form = await read_form(request)
    _check_csrf(visit, form)
    return form


async def posted_upload(
    request: Request, visit: Annotated[Visit, Depends(get_visit)]
) -> AsyncIterator[Upload]:
    """A posted form with files, once its CSRF token is checked; the files are removed after
    the answer."""
    upload = await read_upload(request)
    try:
        _check_csrf(visit, upload.form)
        yield upload
    finally:
        await upload.close()


def _check_csrf(visit: Visit, form: Form) -> None:
    token = form.get("csrf_token") or visit.request.headers.get("x-csrf-token")
    if visit.session.fresh or not visit.session.accepts(token):
        raise CsrfRejected("the form expired or came from another site: reload it and try again")


Visitor = Annotated[Visit, Depends(get_visit)]
SignedIn = Annotated[Visit, Depends(require_user)]
Posted = Annotated[Form, Depends(posted_form)]
Uploaded = Annotated[Upload, Depends(posted_upload)]


class PageRoute(APIRoute):
    """A page route: capability errors become HTML error pages (the API's status code), and a
    missing sign-in a redirect to ``/login`` (htmx requests get ``HX-Redirect``)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def page(request: Request) -> Response:
            try:
                return await handle(request)
            except LoginRequired:
                return login_redirect(request)
            except SafeMekongError as error:
                return error_page(get_visit(request), error)
            except RequestValidationError:
                # A malformed address (/operations/abc) is one that leads nowhere.
                return error_page(get_visit(request), NotFound(request.url.path))

        return page


def login_redirect(request: Request) -> Response:
    wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    target = "/login" if wanted == "/" else f"/login?next={quote(wanted, safe='/')}"
    visit = get_visit(request)
    if request.headers.get("hx-request") or request.method != "GET":
        response = Response(status_code=401, headers={"HX-Redirect": target})
        return visit.finish(response)
    return visit.finish(RedirectResponse(target, status_code=303))


def error_page(visit: Visit, error: SafeMekongError) -> Response:
    """The error as a page (or a fragment for htmx) with the status the API would answer."""
    template = "partials/error.html" if visit.request.headers.get("hx-request") else "error.html"
    expired = isinstance(error, CsrfRejected)
    return visit.render(template, status=error.status, error=error, expired=expired)


def download(body: Any, name: str, media_type: str) -> Response:
    """A file to save (an export), named ``name``: text or bytes as given, else JSON."""
    if not isinstance(body, str | bytes):
        body = json.dumps(body, ensure_ascii=False, indent=1)
    return Response(body, media_type=media_type, headers={"Content-Disposition": saved_as(name)})


def saved_as(name: str) -> str:
    """The Content-Disposition of a download named ``name`` (RFC 6266; any Unicode name)."""
    plain = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name)
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


def page_router() -> APIRouter:
    """A router whose routes answer as pages (:class:`PageRoute`), outside the OpenAPI document."""
    return APIRouter(route_class=PageRoute, include_in_schema=False)

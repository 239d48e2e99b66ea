"""The TAXII 2.1 server at ``/taxii2/``: discovery, one API root, collections, objects, status.

Authentication goes through the hub's security model: an agency API key as
``Authorization: Bearer KEY`` (or as the password of HTTP Basic), or a user's name and password
over HTTP Basic, which TAXII clients use. Errors are TAXII error messages
(``application/taxii+json;version=2.1``), never problem+json.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from safemekong import limits
from safemekong.api.deps import HubDep, basic_credentials
from safemekong.api.limits import BodySizeLimit
from safemekong.api.models import request_body
from safemekong.api.problems import error_responses
from safemekong.config import DEFAULT_MAX_BODY
from safemekong.errors import InvalidInput, NotAuthenticated, SafeMekongError
from safemekong.hub import Hub
from safemekong.policy.principals import Principal
from safemekong.sharing.taxii import (
    TAXII_MEDIA_TYPE,
    Page,
    Taxii,
    parse_filters,
)

ROOT = "/taxii2/"
API_ROOT = "/taxii2/api/"
_TAXII_TYPES = ("application/taxii+json", "application/taxii+json;version=2.1")


def _media(value: str) -> str:
    return value.replace(" ", "").lower()


def check_accept(request: Request) -> None:
    """406 unless the client accepts TAXII 2.1 JSON (a missing Accept header accepts all)."""
    accept = request.headers.get("accept")
    if accept is None:
        return
    offered = [_media(part) for part in accept.split(",")]
    wanted = [m.split(";q=")[0] for m in offered]
    if any(m in _TAXII_TYPES or m in ("*/*", "application/*") for m in wanted):
        return
    raise _NotAcceptable()


class _NotAcceptable(SafeMekongError):
    slug = "not-acceptable"
    status = 406
    title = "Not acceptable"

    def __init__(self) -> None:
        super().__init__(f"this server answers with {TAXII_MEDIA_TYPE}")


class _UnsupportedMediaType(SafeMekongError):
    slug = "unsupported-media-type"
    status = 415
    title = "Unsupported media type"

    def __init__(self) -> None:
        super().__init__(f"send objects as {TAXII_MEDIA_TYPE}")


def taxii_principal(request: Request, hub: HubDep) -> Principal:
    """The caller from a Bearer API key or HTTP Basic (user and password, or a key)."""
    header = request.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() == "bearer" and credentials:
        return hub.authenticate(credentials.strip())
    if scheme.lower() == "basic" and credentials:
        user, password = basic_credentials(credentials)
        if user and password:
            try:
                return hub.login(user, password)
            except NotAuthenticated:
                return hub.authenticate(password)
        if password:
            return hub.authenticate(password)
    raise NotAuthenticated("authenticate with HTTP Basic (user and password) or a Bearer API key")


class TaxiiResponse(JSONResponse):
    """A TAXII 2.1 resource."""

    media_type = TAXII_MEDIA_TYPE


Caller = Annotated[Principal, Depends(taxii_principal)]
router = APIRouter(
    tags=["taxii"],
    dependencies=[Depends(check_accept)],
    default_response_class=TaxiiResponse,
    responses=error_responses(406, taxii=True),
)
#: Errors of routes that read one collection or object, and of those that also filter.
_MISSING = error_responses(404, taxii=True)
_FILTERED = error_responses(400, 404, taxii=True)


def _taxii(
    body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None
) -> JSONResponse:
    return TaxiiResponse(body, status_code=status, headers=headers)


def _page_response(page: Page, body: dict[str, Any]) -> JSONResponse:
    return _taxii(body, headers=page.headers())


@router.get(ROOT, summary="TAXII 2.1 discovery")
def discovery(request: Request, caller: Caller) -> JSONResponse:
    root = str(request.url_for("api_root"))
    return _taxii(
        {
            "title": "SafeMekong",
            "description": "Cross-border anti-scam intelligence: victim reports and the "
            "identifiers they name, as STIX 2.1, under each agency's sharing rules.",
            "default": root,
            "api_roots": [root],
        }
    )


def max_content_length(request: Request) -> int:
    """The largest request body this app accepts: its :class:`BodySizeLimit`'s ``max_body``.

    TAXII 2.1 section 4.2: an API root advertises the size a client must keep a request under,
    so it has to be the limit the server enforces, not the default one.
    """
    for middleware in request.app.user_middleware:
        if middleware.cls is BodySizeLimit:
            return int(middleware.kwargs.get("max_body", DEFAULT_MAX_BODY))
    return DEFAULT_MAX_BODY


@router.get(API_ROOT, summary="The TAXII API root")
def api_root(request: Request, caller: Caller) -> JSONResponse:
    return _taxii(
        {
            "title": "SafeMekong intelligence",
            "description": "Collections map to sharing scopes: everything you may see, and one "
            "per sharing group your agency belongs to.",
            "versions": [TAXII_MEDIA_TYPE],
            "max_content_length": max_content_length(request),
        }
    )


@router.get(
    API_ROOT + "status/{status_id}/",
    summary="The status of an add-objects request",
    responses=_MISSING,
)
def status(status_id: str, hub: HubDep, caller: Caller) -> JSONResponse:
    return _taxii(Taxii(hub).status(caller, status_id))


@router.get(API_ROOT + "collections/", summary="The collections you may read")
def collections(hub: HubDep, caller: Caller) -> JSONResponse:
    found = Taxii(hub).collections(caller)
    return _taxii({"collections": found} if found else {})


@router.get(API_ROOT + "collections/{collection_id}/", summary="One collection", responses=_MISSING)
def collection(collection_id: str, hub: HubDep, caller: Caller) -> JSONResponse:
    return _taxii(Taxii(hub).collection(caller, collection_id))


@router.get(
    API_ROOT + "collections/{collection_id}/manifest/",
    summary="Objects' manifest",
    responses=_FILTERED,
)
def manifest(collection_id: str, request: Request, hub: HubDep, caller: Caller) -> JSONResponse:
    page = Taxii(hub).objects(caller, collection_id, parse_filters(request.query_params))
    body: dict[str, Any] = {}
    if page.entries:
        body = {"more": page.more, "objects": [e.manifest() for e in page.entries]}
        if page.next is not None:
            body["next"] = page.next.token()
    return _page_response(page, body)


@router.get(
    API_ROOT + "collections/{collection_id}/objects/",
    summary="Objects, oldest first",
    responses=_FILTERED,
)
def get_objects(collection_id: str, request: Request, hub: HubDep, caller: Caller) -> JSONResponse:
    page = Taxii(hub).objects(caller, collection_id, parse_filters(request.query_params))
    return _page_response(page, page.envelope())


@router.post(
    API_ROOT + "collections/{collection_id}/objects/",
    summary="Add objects: the reports they hold are filed as your agency's",
    status_code=202,
    openapi_extra=request_body(
        TAXII_MEDIA_TYPE,
        {
            "type": "object",
            "properties": {"objects": {"type": "array", "items": {"type": "object"}}},
        },
    ),
    responses=error_responses(400, 403, 404, 415, taxii=True),
)
async def add_objects(
    collection_id: str, request: Request, hub: HubDep, caller: Caller
) -> JSONResponse:
    if _media(request.headers.get("content-type", "")) not in _TAXII_TYPES:
        raise _UnsupportedMediaType()
    try:
        envelope = limits.loads(await request.body())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput("envelope", f"is not valid JSON ({exc})") from None
    found = await run_in_threadpool(Taxii(hub).add, caller, collection_id, envelope)
    return _taxii(found, status=202)


def _object_page(
    hub: Hub, caller: Principal, collection_id: str, object_id: str, request: Request
) -> Page:
    filters = parse_filters(request.query_params)
    return Page(Taxii(hub).get_object(caller, collection_id, object_id, filters))


@router.get(
    API_ROOT + "collections/{collection_id}/objects/{object_id}/",
    summary="One object",
    responses=_FILTERED,
)
def get_object(
    collection_id: str, object_id: str, request: Request, hub: HubDep, caller: Caller
) -> JSONResponse:
    page = _object_page(hub, caller, collection_id, object_id, request)
    return _page_response(page, page.envelope())


@router.delete(
    API_ROOT + "collections/{collection_id}/objects/{object_id}/",
    summary="Delete the victim report an object stands for (your agency's own only)",
    response_class=Response,
    responses=error_responses(403, 404, taxii=True),
)
def delete_object(collection_id: str, object_id: str, hub: HubDep, caller: Caller) -> Response:
    Taxii(hub).delete(caller, collection_id, object_id)
    return Response(status_code=200)


@router.get(
    API_ROOT + "collections/{collection_id}/objects/{object_id}/versions/",
    summary="The versions of one object",
    responses=_FILTERED,
)
def versions(
    collection_id: str, object_id: str, request: Request, hub: HubDep, caller: Caller
) -> JSONResponse:
    page = _object_page(hub, caller, collection_id, object_id, request)
    return _page_response(page, {"more": False, "versions": [e.version for e in page.entries]})

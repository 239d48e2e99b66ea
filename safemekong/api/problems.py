"""RFC 9457 problem+json responses for every error, with a stable ``type`` per error class
(TAXII 2.1 error messages under ``/taxii2/``)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from safemekong.api.headers import secure
from safemekong.api.models import FieldError, Rejected
from safemekong.errors import InvalidInput, SafeMekongError
from safemekong.sharing.taxii import TAXII_MEDIA_TYPE

PROBLEM_TYPE_BASE = "urn:safemekong:problem:"
MEDIA_TYPE = "application/problem+json"
#: Under this path, errors are TAXII 2.1 error messages instead.
TAXII_PREFIX = "/taxii2/"
log = logging.getLogger("safemekong.api")


class Problem(BaseModel, extra="allow"):
    """An RFC 9457 problem document: the body of every error outside ``/taxii2/``."""

    type: str = Field(examples=[PROBLEM_TYPE_BASE + "not-found"])
    title: str
    status: int
    detail: str
    instance: str
    errors: list[FieldError] | None = Field(None, description="Each invalid field and why")
    rejected: list[Rejected] | None = Field(None, description="Each item of a rejected batch")


class TaxiiError(BaseModel):
    """A TAXII 2.1 error message: the body of every error under ``/taxii2/``."""

    title: str
    description: str | None = None
    http_status: str


#: Why the hub answers each error status, for the OpenAPI document.
MEANINGS: dict[int, str] = {
    400: "Bad request (TAXII's answer to invalid input)",
    401: "No API key, or an unknown or revoked one",
    403: "The caller's role or agency may not do this",
    404: "No such object, or none the caller may see",
    406: "The Accept header rules out the only media type answered",
    409: "Conflicts with an existing object",
    413: "The request body, or what it asks for, is larger than the hub takes",
    415: "The request body's media type is not the one this route reads",
    422: "Invalid input: each error names the field and the reason",
    429: "Over the caller's rate limit: Retry-After says in how many seconds to try again",
    503: "The store could not be reached",
}
#: Errors every route of the hub may answer: a missing or bad key, a body over the limit, a
#: caller over its rate limit, a store that is down.
COMMON_ERRORS = (401, 413, 429, 503)


def error_responses(*statuses: int, taxii: bool = False) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for errors with these statuses, as problem+json (or, with
    ``taxii``, as TAXII error messages)."""
    model, media_type = (TaxiiError, TAXII_MEDIA_TYPE) if taxii else (Problem, MEDIA_TYPE)
    content = {media_type: {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}
    return {status: {"description": MEANINGS[status], "content": content} for status in statuses}


def document(schema: dict[str, Any]) -> None:
    """Make the OpenAPI document ``schema`` say what :func:`install` answers for invalid input:
    a 422 problem instead of FastAPI's own shape, and under ``/taxii2/`` a 400 (declared by
    those routes) instead of any 422."""
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.get("responses", {})
            if path.startswith(TAXII_PREFIX):
                responses.pop("422", None)
            elif "422" in responses:
                responses["422"] = error_responses(422)[422]
    components = schema.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)


def error_document(
    status: int, slug: str, title: str, detail: str, instance: str, **extra: Any
) -> tuple[dict[str, Any], str]:
    """The body and media type of an error at path ``instance``: RFC 9457 problem+json, or a
    TAXII error message under ``/taxii2/``."""
    if instance.startswith(TAXII_PREFIX):
        return {"title": title, "description": detail, "http_status": str(status)}, (
            TAXII_MEDIA_TYPE
        )
    body = {
        "type": PROBLEM_TYPE_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
        **extra,
    }
    return body, MEDIA_TYPE


def problem(
    status: int,
    slug: str,
    title: str,
    detail: str,
    instance: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    taxii = instance.startswith(TAXII_PREFIX)
    if taxii and status == 422:  # TAXII 2.1 calls invalid input a bad request
        status, title = 400, "Bad request"
    body, media_type = error_document(status, slug, title, detail, instance, **extra)
    if status == 401:
        challenge = 'Basic realm="SafeMekong TAXII", Bearer' if taxii else "Bearer"
        headers = {"WWW-Authenticate": challenge, **(headers or {})}
    return JSONResponse(body, status_code=status, media_type=media_type, headers=headers)


def error_response(exc: SafeMekongError, instance: str) -> JSONResponse:
    """The answer to ``exc`` at path ``instance``, with the headers it asks for."""
    return problem(
        exc.status, exc.slug, exc.title, exc.detail, instance, exc.headers(), **exc.extra()
    )


def install(app: FastAPI) -> None:
    """Map SafeMekong's errors, request validation and anything unexpected to problems."""

    @app.exception_handler(SafeMekongError)
    async def _ours(request: Request, exc: SafeMekongError) -> JSONResponse:
        return error_response(exc, request.url.path)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {
                "field": ".".join(
                    str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")
                ),
                "reason": err.get("msg", "invalid"),
            }
            for err in exc.errors()
        ]
        detail = "; ".join(f"{e['field']}: {e['reason']}" for e in errors)
        return problem(
            422, "invalid-input", "Invalid input", detail, request.url.path, errors=errors
        )

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        if exc.status_code == 400:  # FastAPI could not decode a JSON body: invalid, as elsewhere
            return error_response(InvalidInput("body", "is not UTF-8 JSON"), request.url.path)
        slug = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        return problem(exc.status_code, slug, str(exc.detail), str(exc.detail), request.url.path)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        response = problem(
            500,
            "internal-error",
            "Internal error",
            "the hub failed to answer; the error was logged",
            request.url.path,
        )
        # Starlette answers this outside the app's middleware, so the headers are added here.
        secure(request.scope, response.headers)
        return response

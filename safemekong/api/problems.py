"""RFC 9457 problem+json responses for every error, with a stable ``type`` per error class
(TAXII 2.1 error messages under ``/taxii2/``)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from safemekong.errors import SafeMekongError
from safemekong.sharing.taxii import TAXII_MEDIA_TYPE

PROBLEM_TYPE_BASE = "urn:safemekong:problem:"
MEDIA_TYPE = "application/problem+json"
#: Under this path, errors are TAXII 2.1 error messages instead.
TAXII_PREFIX = "/taxii2/"
log = logging.getLogger("safemekong.api")


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
    status: int, slug: str, title: str, detail: str, instance: str, **extra: Any
) -> JSONResponse:
    body, media_type = error_document(status, slug, title, detail, instance, **extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=media_type, headers=headers)


def install(app: FastAPI) -> None:
    """Map SafeMekong's errors, request validation and anything unexpected to problems."""

    @app.exception_handler(SafeMekongError)
    async def _ours(request: Request, exc: SafeMekongError) -> JSONResponse:
        return problem(exc.status, exc.slug, exc.title, exc.detail, request.url.path, **exc.extra())

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
        slug = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        return problem(exc.status_code, slug, str(exc.detail), str(exc.detail), request.url.path)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return problem(
            500,
            "internal-error",
            "Internal error",
            "the hub failed to answer; the error was logged",
            request.url.path,
        )

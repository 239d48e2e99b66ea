"""The FastAPI application: routers, problem+json errors, body size and rate limits, security
headers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel

from safemekong import __version__
from safemekong.api import (
    admin,
    detect,
    evidence,
    intel,
    problems,
    reports,
    screening,
    sharing,
    stream,
    taxii,
    trail,
    webhooks,
)
from safemekong.api.headers import SecurityHeaders
from safemekong.api.limits import BodySizeLimit
from safemekong.api.models import ReportIn
from safemekong.api.ratelimit import Limit, RateLimit
from safemekong.background import Periodic
from safemekong.config import (
    AUTH_FAILURE_BURST,
    AUTH_FAILURE_RATE,
    DEFAULT_MAX_BODY,
    RATE_BURST,
    RATE_LIMIT,
    SYNC_INTERVAL,
)
from safemekong.hub import Hub
from safemekong.policy import NODE_ADMIN
from safemekong.sharing.federation import Federation
from safemekong.sharing.webhooks import Dispatcher
from safemekong.web import install as install_pages

#: Seconds between webhook rounds and between retention purges of a running hub.
WEBHOOK_INTERVAL = 0.5
PURGE_INTERVAL = 6 * 3600.0


def create_app(
    hub: Hub,
    max_body: int = DEFAULT_MAX_BODY,
    background: bool = True,
    sync_interval: float = SYNC_INTERVAL,
    rate_limit: float = RATE_LIMIT,
    rate_burst: int = RATE_BURST,
) -> FastAPI:
    """The hub's HTTP API over ``hub``; OpenAPI docs at ``/docs``; TAXII 2.1 at ``/taxii2/``.

    While it runs (and ``background`` is on), threads deliver webhooks, sync with partner nodes
    every ``sync_interval`` seconds, and purge reports past their retention deadline (at start,
    then every six hours). Each caller may make ``rate_limit`` requests a second, ``rate_burst``
    at once (no limit when ``rate_limit`` is 0; see :mod:`safemekong.api.ratelimit`).
    """

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        jobs = [
            Periodic("webhooks", WEBHOOK_INTERVAL, Dispatcher(hub.store).run_once),
            Periodic("sync", sync_interval, Federation(hub).sync),
            Periodic("purge", PURGE_INTERVAL, lambda: hub.purge_expired(NODE_ADMIN)),
        ]
        for job in jobs if background else []:
            job.start()
        yield
        for job in jobs if background else []:
            job.stop()

    app = FastAPI(
        lifespan=lifespan,
        title="SafeMekong",
        version=__version__,
        description="Cross-border anti-scam intelligence hub. Authenticate every call with "
        "`Authorization: Bearer KEY` (an agency API key). Errors are RFC 9457 problem+json.",
    )
    app.state.hub = hub
    problems.install(app)
    # The last added runs first: headers go on every answer, 429s come before bodies are read.
    app.add_middleware(BodySizeLimit, max_body=max_body)
    if rate_limit > 0:
        failures = Limit(AUTH_FAILURE_RATE, AUTH_FAILURE_BURST, "failed authentications")
        app.add_middleware(RateLimit, limit=Limit(rate_limit, rate_burst), failures=failures)
    app.add_middleware(SecurityHeaders)
    #: One router module per capability.
    routers = (
        reports,
        intel,
        admin,
        stream,
        webhooks,
        sharing,
        trail,
        evidence,
        detect,
        screening,
        taxii,
    )
    for module in routers:
        errors = problems.error_responses(*problems.COMMON_ERRORS, taxii=module is taxii)
        app.include_router(module.router, responses=errors)
    # The analyst pages (signed-in users, session cookie) and their static files: /, /login …
    install_pages(app, hub)

    @app.get(
        "/api/v1/health",
        tags=["health"],
        summary="Liveness and store backend",
        responses=problems.error_responses(413, 429),
    )
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__, "store": hub.store.dialect}

    _complete_openapi(app, ReportIn, problems.Problem, problems.TaxiiError)
    return app


def _complete_openapi(app: FastAPI, *models: type[BaseModel]) -> None:
    """Add models referenced by hand (bodies parsed by hand, error documents) to the OpenAPI
    components, and document errors as the hub answers them (see :func:`problems.document`)."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = original()  # also caches it in app.openapi_schema
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for model in models:
                definition = model.model_json_schema(ref_template="#/components/schemas/{model}")
                for name, sub in definition.pop("$defs", {}).items():
                    components.setdefault(name, sub)
                components[model.__name__] = definition
            problems.document(schema)
            return schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

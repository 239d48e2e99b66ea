"""The FastAPI application: routers, problem+json errors, body size limit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

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
from safemekong.api.limits import DEFAULT_MAX_BODY, BodySizeLimit
from safemekong.api.models import ReportIn
from safemekong.background import Periodic
from safemekong.config import SYNC_INTERVAL
from safemekong.hub import Hub
from safemekong.policy import NODE_ADMIN
from safemekong.sharing.federation import Federation
from safemekong.sharing.webhooks import Dispatcher

#: Seconds between webhook rounds and between retention purges of a running hub.
WEBHOOK_INTERVAL = 0.5
PURGE_INTERVAL = 6 * 3600.0


def create_app(
    hub: Hub,
    max_body: int = DEFAULT_MAX_BODY,
    background: bool = True,
    sync_interval: float = SYNC_INTERVAL,
) -> FastAPI:
    """The hub's HTTP API over ``hub``; OpenAPI docs at ``/docs``; TAXII 2.1 at ``/taxii2/``.

    While it runs (and ``background`` is on), threads deliver webhooks, sync with partner nodes
    every ``sync_interval`` seconds, and purge reports past their retention deadline (at start,
    then every six hours).
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
    app.add_middleware(BodySizeLimit, max_body=max_body)
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
    for router in (module.router for module in routers):
        app.include_router(router)

    @app.get("/api/v1/health", tags=["health"], summary="Liveness and store backend")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__, "store": hub.store.dialect}

    _register_schema(app, ReportIn)
    return app


def _register_schema(app: FastAPI, model: type[ReportIn]) -> None:
    """Add a model to the OpenAPI components for bodies parsed by hand (see reports router)."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = original()  # also caches it in app.openapi_schema
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            definition = model.model_json_schema(ref_template="#/components/schemas/{model}")
            for name, sub in definition.pop("$defs", {}).items():
                components.setdefault(name, sub)
            components[model.__name__] = definition
            return schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

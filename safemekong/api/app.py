"""The FastAPI application: routers, problem+json errors, body size limit."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from safemekong import __version__
from safemekong.api import admin, intel, problems, reports, screening, stream
from safemekong.api.limits import DEFAULT_MAX_BODY, BodySizeLimit
from safemekong.api.models import ReportIn
from safemekong.hub import Hub


def create_app(hub: Hub, max_body: int = DEFAULT_MAX_BODY) -> FastAPI:
    """The hub's HTTP API over ``hub``; OpenAPI docs at ``/docs``."""
    app = FastAPI(
        title="SafeMekong",
        version=__version__,
        description="Cross-border anti-scam intelligence hub. Authenticate every call with "
        "`Authorization: Bearer KEY` (an agency API key). Errors are RFC 9457 problem+json.",
    )
    app.state.hub = hub
    problems.install(app)
    app.add_middleware(BodySizeLimit, max_body=max_body)
    for router in (reports.router, intel.router, admin.router, stream.router, screening.router):
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

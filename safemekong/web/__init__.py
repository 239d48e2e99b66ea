"""The analyst web pages: server-rendered (Jinja2), enhanced with htmx, in English, 简体中文
and ไทย. Pages act through the same :class:`~safemekong.hub.Hub` methods as the API, for the
signed-in user's principal, so a page shows nothing the API would refuse.

:func:`install` adds the pages (``/``, ``/login``, ``/search``, ``/operations/…``,
``/reports/…``, ``/screening/…``, ``/trail/…``, ``/detect``, ``/evidence/…``, ``/admin``)
and ``/static`` to an application; see docs/ui.md.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from safemekong.hub import Hub
from safemekong.web import assets
from safemekong.web.context import PageRoute, Pages
from safemekong.web.pages import (
    admin,
    auth,
    dashboard,
    detection,
    evidence,
    operations,
    reports,
    screening,
    search,
    trail,
)

#: The parts of the site, one module each.
PARTS = (
    auth,
    dashboard,
    search,
    operations,
    reports,
    screening,
    trail,
    detection,
    evidence,
    admin,
)


def router() -> APIRouter:
    """Every page (kept out of the OpenAPI document)."""
    pages = APIRouter(route_class=PageRoute, include_in_schema=False)
    for module in PARTS:
        pages.include_router(module.router)
    return pages


def install(app: FastAPI, hub: Hub) -> None:
    """Serve the pages of ``hub`` and their static files from ``app``."""
    app.state.web = Pages(hub)
    app.include_router(router())
    app.mount("/static", StaticFiles(directory=assets.STATIC, check_dir=False), name="static")

"""The dashboard (alerts as they happen, recent reports, active operations, the region's map)
and its event stream, which the browser opens with its session cookie."""

from __future__ import annotations

import json
from typing import Final

from fastapi import Query
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response, StreamingResponse

from safemekong.api.stream import event_lines
from safemekong.sharing.stream import Cursor, Event
from safemekong.web.context import SignedIn, Visit, page_router
from safemekong.web.regionmap import region_map

router = page_router()

#: Reports the map and the recent list are drawn from (the newest the reader may see).
MAP_REPORTS: Final = 500
RECENT_REPORTS: Final = 8
ACTIVE_OPERATIONS: Final = 8
RECENT_ALERTS: Final = 10
#: Seconds before a page's stream ends (the browser then reconnects with Last-Event-ID, and
#: the session is checked again).
STREAM_LIFETIME: Final = 300.0


@router.get("/")
def dashboard(visit: SignedIn) -> Response:
    principal = visit.principal
    hub = visit.hub
    head = hub.feed_head(principal)
    reports = hub.list_reports(principal, limit=MAP_REPORTS)
    return visit.render(
        "dashboard.html",
        since=str(head),
        alerts=hub.list_alerts(principal, limit=RECENT_ALERTS),
        reports=reports[:RECENT_REPORTS],
        operations=hub.list_operations(principal, ACTIVE_OPERATIONS, identifiers=False),
        region=region_map(reports),
        map_reports=len(reports),
    )


def _fragment(visit: Visit, event: Event) -> str:
    """One event as the dashboard shows it: a list item rendered in the reader's language."""
    template = "partials/alert.html" if event.kind == "alert" else "partials/report_item.html"
    context = {"alert": event.data} if event.kind == "alert" else {"report": event.data}
    return json.dumps({"html": visit.fragment(template, **context)}, ensure_ascii=False)


@router.get("/stream")
async def stream(visit: SignedIn, since: str | None = Query(None, max_length=64)) -> Response:
    """Server-sent events for the signed-in user: ``alert`` and ``report``, each an HTML
    fragment; resumable from ``Last-Event-ID`` (or ``since``), like ``/api/v1/stream``."""
    principal = visit.principal
    resume = visit.request.headers.get("last-event-id") or since
    if resume:
        start = Cursor.parse(resume, "Last-Event-ID" if since is None else "since")
    else:
        start = await run_in_threadpool(visit.hub.feed_head, principal)

    async def session_still_open() -> bool:
        return bool(await run_in_threadpool(visit.still_signed_in))

    response = StreamingResponse(
        event_lines(
            visit.hub,
            principal,
            start,
            visit.request,
            lambda event: _fragment(visit, event),
            session_still_open,
            STREAM_LIFETIME,
        ),
        media_type="text/event-stream",
        headers={"X-Accel-Buffering": "no"},
    )
    return visit.finish(response)

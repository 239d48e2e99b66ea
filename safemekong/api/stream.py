"""The real-time feed as server-sent events: ``GET /api/v1/stream``."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from safemekong.api.deps import Caller, HubDep
from safemekong.sharing.stream import Cursor

router = APIRouter(prefix="/api/v1", tags=["real-time"])

#: Seconds between looks at the store when nothing is waiting, and between keep-alives.
POLL_INTERVAL = 0.2
KEEP_ALIVE = 15.0


@router.get(
    "/stream",
    summary="Server-sent events: your alerts and newly shared reports, as they happen",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def stream(
    request: Request,
    hub: HubDep,
    caller: Caller,
    since: str | None = Query(
        None, description="Resume after this event id (same as the Last-Event-ID header)"
    ),
) -> StreamingResponse:
    """Events are ``alert`` and ``report``, each with a JSON ``data`` line and an ``id`` to
    resume from; only what the caller may see is sent, and never its own reports."""
    resume = request.headers.get("last-event-id") or since
    if resume:
        start = Cursor.parse(resume, "Last-Event-ID" if since is None else "since")
    else:
        start = await run_in_threadpool(hub.feed_head, caller)

    async def events() -> AsyncIterator[str]:
        position, idle = start, 0.0
        yield f"retry: 2000\nid: {position}\n: connected\n\n"
        while not await request.is_disconnected():
            found, position = await run_in_threadpool(hub.feed_poll, caller, position)
            for event in found:
                data = json.dumps(event.data, ensure_ascii=False)
                yield f"id: {event.cursor}\nevent: {event.kind}\ndata: {data}\n\n"
            if found:
                idle = 0.0
                continue
            await asyncio.sleep(POLL_INTERVAL)
            idle += POLL_INTERVAL
            if idle >= KEEP_ALIVE:
                idle = 0.0
                yield ": keep-alive\n\n"

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )

"""The real-time feed as server-sent events: ``GET /api/v1/stream``."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from safemekong.api.deps import ApiKey, Caller, HubDep
from safemekong.errors import NotAuthenticated
from safemekong.hub import Hub
from safemekong.policy.principals import Principal
from safemekong.sharing.stream import Cursor, Event

router = APIRouter(prefix="/api/v1", tags=["real-time"])

#: Seconds between looks at the store when nothing is waiting, and between keep-alives; the
#: key is checked again every keep-alive interval, so a revoked key's stream ends within it.
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
    key: ApiKey,
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

    async def key_still_valid() -> bool:
        try:
            await run_in_threadpool(hub.authenticate, key)
        except NotAuthenticated:
            return False  # revoked: the client's reconnection is answered 401
        return True

    def as_json(event: Event) -> str:
        return json.dumps(event.data, ensure_ascii=False)

    return StreamingResponse(
        event_lines(hub, caller, start, request, as_json, key_still_valid),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


async def event_lines(
    hub: Hub,
    principal: Principal,
    start: Cursor,
    request: Request,
    render: Callable[[Event], str],
    still_allowed: Callable[[], Awaitable[bool]],
    lifetime: float | None = None,
) -> AsyncIterator[str]:
    """The server-sent-event lines of ``principal``'s feed from ``start``: each event's data
    as ``render`` makes it, keep-alives, and an end when the client leaves, when
    ``still_allowed`` (asked every keep-alive interval) says no, or after ``lifetime`` seconds
    (the browser then reconnects from the last id)."""
    position, idle, checked = start, 0.0, time.monotonic()
    ends = None if lifetime is None else time.monotonic() + lifetime
    yield f"retry: 2000\nid: {position}\n: connected\n\n"
    while not await request.is_disconnected():
        if ends is not None and time.monotonic() >= ends:
            return
        if time.monotonic() - checked >= KEEP_ALIVE:
            checked = time.monotonic()
            if not await still_allowed():
                return
        found, position = await run_in_threadpool(hub.feed_poll, principal, position)
        for event in found:
            yield f"id: {event.cursor}\nevent: {event.kind}\ndata: {render(event)}\n\n"
        if found:
            idle = 0.0
            continue
        await asyncio.sleep(POLL_INTERVAL)
        idle += POLL_INTERVAL
        if idle >= KEEP_ALIVE:
            idle = 0.0
            yield ": keep-alive\n\n"

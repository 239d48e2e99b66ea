"""Request body size limit, enforced before the body is read into memory."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from safemekong.api.problems import error_response
from safemekong.config import DEFAULT_MAX_BODY
from safemekong.errors import TooLarge


class BodySizeLimit:
    """ASGI middleware answering 413 problem+json when a body exceeds ``max_body`` bytes."""

    def __init__(self, app: ASGIApp, max_body: int = DEFAULT_MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await error_response(self._too_large(), scope["path"])(scope, receive, send)
            return
        seen = 0

        async def limited_receive() -> Message:
            # A body without Content-Length (chunked) is counted as it streams in; the
            # TooLarge raised here reaches the route and becomes a 413 problem.
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise self._too_large()
            return message

        await self.app(scope, limited_receive, send)

    def _too_large(self) -> TooLarge:
        return TooLarge(f"request body is larger than {self.max_body} bytes")

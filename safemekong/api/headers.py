"""Security headers on every response of the hub, as data: which header, on which answers.

Headers a route sets itself are kept (the web pages set their own Content-Security-Policy),
except ``Cache-Control`` under ``/api/`` and ``/taxii2/``: intelligence is never stored by a
cache. Strict-Transport-Security goes only on answers to requests that came over https: TLS
at the server, or a proxy whose ``X-Forwarded-Proto`` the server trusts
(``safemekong serve --forwarded-allow-ips``).
"""

from __future__ import annotations

from typing import Final

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: On every answer.
EVERYWHERE: Final = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}
#: On every answer that is not an HTML page: API answers load nothing and are framed by nobody.
NOT_HTML: Final = {"Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'"}
#: On every answer to a request that came over https: one year, this host only.
HTTPS: Final = {"Strict-Transport-Security": "max-age=31536000"}
#: Under these paths, replacing what the route set.
NO_STORE_UNDER: Final = ("/api/", "/taxii2/")
NO_STORE: Final = {"Cache-Control": "no-store"}


def secure(scope: Scope, headers: MutableHeaders) -> None:
    """Add the security headers of an answer to the request ``scope`` to its ``headers``."""
    wanted = dict(EVERYWHERE)
    if not headers.get("content-type", "").startswith("text/html"):
        wanted |= NOT_HTML
    if scope.get("scheme") == "https":
        wanted |= HTTPS
    for name, value in wanted.items():
        headers.setdefault(name, value)
    if scope["path"].startswith(NO_STORE_UNDER):
        headers.update(NO_STORE)


class SecurityHeaders:
    """ASGI middleware adding :func:`secure`'s headers to every HTTP answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                secure(scope, MutableHeaders(scope=message))
            await send(message)

        await self.app(scope, receive, send_secured)

"""Per-caller rate limits: a token bucket per API key, user or client address; 429 beyond it.

A caller is named by the credentials it presents, before they are checked (checking costs a
store read, or an Argon2id hash for a password): ``key:<prefix>`` for an API key (Bearer, or
the password of HTTP Basic), ``user:<name>`` for a user, ``address:<ip>`` otherwise (web pages
too). So that naming made-up keys or users, or guessing passwords on the login page, buys
nothing, a request that presents credentials (an ``Authorization`` header, or cookies: the web
login needs its session's) and is answered 401 also takes a token from its client address's
failure bucket; while that one is empty, requests with credentials from the address are
refused before they are checked. Requests without any cost no check and are not held back.

Buckets live in this process's memory: a hub behind several server processes limits each.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from cachetools import TTLCache
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from safemekong.api.deps import basic_credentials
from safemekong.api.problems import error_response
from safemekong.errors import NotAuthenticated, RateLimited
from safemekong.policy.keys import key_prefix

#: The most callers remembered at once; a caller forgotten early gets a full bucket back.
MAX_CALLERS = 100_000


@dataclass(frozen=True)
class Limit:
    """``rate`` tokens a second, up to ``burst`` at once."""

    rate: float
    burst: int
    what: str = "requests"

    def __str__(self) -> str:
        return f"{self.rate:g} {self.what} a second, {self.burst} at once"


class Buckets:
    """A token bucket per name, filled at ``limit.rate`` up to ``limit.burst``.

    A bucket left alone for ``burst / rate`` seconds is full again, the same as a new one, so
    it is forgotten then; and at most :data:`MAX_CALLERS` are kept, however many names are made
    up.
    """

    def __init__(self, limit: Limit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        self._buckets: TTLCache[str, tuple[float, float]] = TTLCache(
            MAX_CALLERS, ttl=limit.burst / limit.rate, timer=clock
        )

    def _tokens(self, name: str) -> tuple[float, float]:
        now = self._clock()
        tokens, then = self._buckets.get(name, (self.limit.burst, now))
        return min(self.limit.burst, tokens + (now - then) * self.limit.rate), now

    def _wait(self, tokens: float) -> int:
        return max(1, math.ceil((1 - tokens) / self.limit.rate))

    def take(self, name: str) -> int:
        """Take a token from ``name``'s bucket: 0 when there was one, else the whole seconds
        until there is (nothing is taken then)."""
        tokens, now = self._tokens(name)
        if tokens < 1:
            return self._wait(tokens)
        self._buckets[name] = (tokens - 1, now)
        return 0

    def wait(self, name: str) -> int:
        """Seconds until ``name``'s bucket holds a token (0: it does now), taking none."""
        tokens, _ = self._tokens(name)
        return 0 if tokens >= 1 else self._wait(tokens)


def claimed_caller(authorization: str) -> str | None:
    """Who an ``Authorization`` header says the caller is (unchecked), or None."""
    scheme, _, credentials = authorization.partition(" ")
    scheme, credentials = scheme.lower(), credentials.strip()
    if scheme == "bearer" and (prefix := key_prefix(credentials)):
        return f"key:{prefix}"
    if scheme != "basic" or not credentials:
        return None
    try:
        user, password = basic_credentials(credentials)
    except NotAuthenticated:
        return None
    if prefix := key_prefix(password):
        return f"key:{prefix}"
    return f"user:{user.strip().lower()}" if user.strip() and password else None


class RateLimit:
    """ASGI middleware answering 429 (problem+json, or a TAXII error under ``/taxii2/``) with
    ``Retry-After`` when a caller is over ``limit`` or its address over ``failures``."""

    def __init__(self, app: ASGIApp, limit: Limit, failures: Limit) -> None:
        self.app = app
        self.requests = Buckets(limit)
        self.failures = Buckets(failures)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        address = f"address:{scope['client'][0] if scope.get('client') else 'unknown'}"
        headers = dict(scope.get("headers") or [])
        authorization = headers.get(b"authorization", b"").decode("latin-1")
        caller = claimed_caller(authorization) or address
        credentials = bool(authorization or headers.get(b"cookie"))
        refusal = self._refusal(address, caller, credentials)
        if refusal is not None:
            await error_response(refusal, scope["path"])(scope, receive, send)
            return

        async def count_failures(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 401:
                self.failures.take(address)
            await send(message)

        await self.app(scope, receive, count_failures if credentials else send)

    def _refusal(self, address: str, caller: str, credentials: bool) -> RateLimited | None:
        """Why a request from ``address`` by ``caller`` (presenting ``credentials`` or not) is
        refused, or None once its token is taken."""
        if credentials and (wait := self.failures.wait(address)):
            return _over(self.failures.limit, address, wait)
        if wait := self.requests.take(caller):
            return _over(self.requests.limit, caller, wait)
        return None


def _over(limit: Limit, name: str, wait: int) -> RateLimited:
    return RateLimited(f"{name} is over its limit of {limit}", str(limit), wait)

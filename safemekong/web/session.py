"""The browser session: a signed cookie holding the signed-in user and a CSRF token.

Why a cookie signed with ``itsdangerous`` and not Starlette's ``SessionMiddleware``: the
middleware wraps the whole application (API and TAXII requests would carry and re-sign a
cookie they never use), fixes the ``Secure`` flag when it is constructed, and cannot rotate
keys. Here the cookie is read and written only by the web pages, is ``Secure`` whenever the
request came over HTTPS, ``HttpOnly`` and ``SameSite=Strict``, expires after a working shift,
and is verified against a list of keys (newest first) so a key can be rotated without
signing everyone out.

The cookie is signed, not encrypted: it holds the user name, agency and role (nothing the
user does not know) and the CSRF token, which is compared with :func:`hmac.compare_digest`.
Every visitor gets a session with a token before signing in, so the sign-in form and the
language switch are protected too; signing in issues a new session (and token).
"""

from __future__ import annotations

import hmac
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.engine import make_url
from starlette.requests import Request
from starlette.responses import Response

from safemekong.config import DEFAULT_DATA_DIR
from safemekong.policy.principals import Principal
from safemekong.store import Store

COOKIE: Final = "sm_session"
#: Seconds a session lasts from sign-in (a working shift); the browser forgets it then too.
MAX_AGE: Final = 10 * 3600
#: Environment variable with the signing keys, comma-separated, newest first.
SECRET_ENV: Final = "SAFEMEKONG_WEB_SECRET"
SECRET_FILE: Final = "web-secret"
_SALT: Final = "safemekong.web.session"
log = logging.getLogger("safemekong.web")


@dataclass(frozen=True)
class User:
    """Who is signed in: enough to act as their :class:`Principal` and to format for them."""

    username: str
    agency_id: int
    agency_code: str
    role: str
    country: str

    @property
    def principal(self) -> Principal:
        return Principal(
            agency_id=self.agency_id,
            agency_code=self.agency_code,
            role=self.role,
            name=self.username,
        )


@dataclass(frozen=True)
class Session:
    """The contents of the session cookie; ``fresh`` when it was just created."""

    csrf: str
    user: User | None = None
    fresh: bool = False

    @classmethod
    def new(cls, user: User | None = None) -> Session:
        return cls(csrf=secrets.token_urlsafe(32), user=user, fresh=True)

    def accepts(self, token: str | None) -> bool:
        """True when a form's CSRF token is this session's (constant-time comparison)."""
        return bool(token) and hmac.compare_digest(str(token).encode(), self.csrf.encode())

    def to_json(self) -> dict[str, Any]:
        user = self.user
        return {
            "csrf": self.csrf,
            "user": None
            if user is None
            else [user.username, user.agency_id, user.agency_code, user.role, user.country],
        }

    @classmethod
    def from_json(cls, data: Any) -> Session | None:
        try:
            user = data["user"]
            return cls(
                csrf=str(data["csrf"]),
                user=None
                if user is None
                else User(str(user[0]), int(user[1]), str(user[2]), str(user[3]), str(user[4])),
            )
        except (KeyError, IndexError, TypeError, ValueError):
            return None


def secret_file(store: Store) -> Path:
    """Where the generated signing key lives: beside a SQLite store, else in the data dir."""
    url = make_url(store.engine.url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).parent / SECRET_FILE
    return DEFAULT_DATA_DIR / SECRET_FILE


def load_secrets(store: Store) -> list[str]:
    """Signing keys: ``$SAFEMEKONG_WEB_SECRET`` (comma-separated, newest first), else a key
    generated once and kept in :func:`secret_file` (readable by the owner only)."""
    configured = [k.strip() for k in os.environ.get(SECRET_ENV, "").split(",") if k.strip()]
    if configured:
        return configured
    path = secret_file(store)
    try:
        if path.exists():
            return [path.read_text().strip()]
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return [key]
    except FileExistsError:  # another process wrote it first
        return [path.read_text().strip()]
    except OSError as exc:
        log.warning("cannot keep a web session key at %s (%s): sessions end on restart", path, exc)
        return [secrets.token_urlsafe(48)]


class SessionCookie:
    """Reads and writes the session cookie with keys from :func:`load_secrets` (loaded on
    first use, so an application that never serves a page writes no key file)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._serializer: URLSafeTimedSerializer | None = None

    @property
    def serializer(self) -> URLSafeTimedSerializer:
        if self._serializer is None:
            self._serializer = URLSafeTimedSerializer(load_secrets(self._store), salt=_SALT)
        return self._serializer

    def read(self, request: Request) -> Session:
        """The request's session, or a fresh anonymous one (missing, forged or expired)."""
        raw = request.cookies.get(COOKIE)
        if raw:
            try:
                found = Session.from_json(self.serializer.loads(raw, max_age=MAX_AGE))
            except BadSignature:
                found = None
            if found is not None:
                return found
        return Session.new()

    def write(self, request: Request, response: Response, session: Session) -> None:
        response.set_cookie(
            COOKIE,
            self.serializer.dumps(session.to_json()),
            max_age=MAX_AGE,
            path="/",
            secure=request.url.scheme == "https",
            httponly=True,
            samesite="strict",
        )

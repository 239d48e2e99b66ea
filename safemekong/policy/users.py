"""Agency users: a login name, a role, and a password kept only as an Argon2id hash."""

from __future__ import annotations

import re
import secrets
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, insert, select, update

from safemekong.errors import Conflict, InvalidInput, NotAuthenticated, NotFound
from safemekong.policy.agencies import get_agency
from safemekong.policy.keys import check_role
from safemekong.policy.principals import Principal
from safemekong.store import iso, schema, utcnow

MIN_PASSWORD = 12
MAX_PASSWORD = 1_000
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
# RFC 9106's second recommended option (memory-constrained): Argon2id, t=3, m=64 MiB, p=4.
_HASHER = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=4)
# Compared against when the user is unknown, so timing does not tell which names exist.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


def generate_password() -> str:
    """A random password of about 120 bits, printable and easy to paste."""
    return secrets.token_urlsafe(15)


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput("password", f"must be at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InvalidInput("password", f"must be at most {MAX_PASSWORD} characters")
    return password


def add_user(
    conn: Connection, username: str, agency_code: str, role: str, password: str
) -> dict[str, Any]:
    """Create a user of an agency with a role; the password is hashed with Argon2id."""
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise InvalidInput("username", "use 2-64 lower-case letters, digits, '.', '_' or '-'")
    agency = get_agency(conn, agency_code)
    check_role(role)
    check_password(password)
    users = schema.users
    if conn.execute(select(users.c.id).where(users.c.username == username)).first():
        raise Conflict(f"user {username} already exists")
    conn.execute(
        insert(users).values(
            username=username,
            agency_id=agency.id,
            role=role,
            password_hash=_HASHER.hash(password),
            created_at=utcnow(),
        )
    )
    return {"username": username, "agency": agency.code, "role": role}


def login(conn: Connection, username: str, password: str) -> Principal:
    """The principal of a user whose password matches; one answer for every failure."""
    users, agencies = schema.users, schema.agencies
    failure = NotAuthenticated("unknown user or wrong password")
    row = conn.execute(
        select(
            users.c.password_hash, users.c.role, users.c.disabled_at, agencies.c.id, agencies.c.code
        )
        .join(agencies, agencies.c.id == users.c.agency_id)
        .where(users.c.username == username.strip().lower())
    ).first()
    try:
        _HASHER.verify(row.password_hash if row is not None else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        raise failure from None
    if row is None or row.disabled_at is not None:
        raise failure
    return Principal(
        agency_id=row.id, agency_code=row.code, role=row.role, name=username.strip().lower()
    )


def is_active(conn: Connection, username: str) -> bool:
    """True while the user exists and is not disabled (a session is only as good as this)."""
    users = schema.users
    row = conn.execute(
        select(users.c.disabled_at).where(users.c.username == username.strip().lower())
    ).first()
    return row is not None and row.disabled_at is None


def agency_of(conn: Connection, username: str) -> str:
    """The agency code of an existing user, or NotFound."""
    users, agencies = schema.users, schema.agencies
    code = conn.execute(
        select(agencies.c.code)
        .join(users, users.c.agency_id == agencies.c.id)
        .where(users.c.username == username.strip().lower())
    ).scalar()
    if code is None:
        raise NotFound(f"no user {username}")
    return str(code)


def disable_user(conn: Connection, username: str) -> None:
    users = schema.users
    done = conn.execute(
        update(users)
        .where(users.c.username == username.strip().lower(), users.c.disabled_at.is_(None))
        .values(disabled_at=utcnow())
    )
    if done.rowcount == 0:
        raise NotFound(f"no active user {username}")


def list_users(conn: Connection, agency_id: int | None = None) -> list[dict[str, Any]]:
    """Users (of one agency when ``agency_id`` is given), without their hashes."""
    users, agencies = schema.users, schema.agencies
    query = (
        select(users, agencies.c.code)
        .join(agencies, agencies.c.id == users.c.agency_id)
        .order_by(users.c.username)
    )
    if agency_id is not None:
        query = query.where(users.c.agency_id == agency_id)
    return [
        {
            "username": row.username,
            "agency": row.code,
            "role": row.role,
            "created_at": iso(row.created_at),
            "disabled": row.disabled_at is not None,
        }
        for row in conn.execute(query)
    ]

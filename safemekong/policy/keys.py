"""API keys: created once, shown once, stored as a SHA-256 of their random secret."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select

from safemekong.errors import InvalidInput, NotAuthenticated
from safemekong.policy.agencies import get_agency
from safemekong.policy.principals import ROLES, Principal
from safemekong.store import schema, utcnow

KEY_PREFIX = "smk"


@dataclass(frozen=True)
class NewKey:
    key: str
    agency: str
    role: str
    prefix: str

    def to_json(self) -> dict[str, str]:
        return {"key": self.key, "agency": self.agency, "role": self.role, "prefix": self.prefix}


def _digest(secret: str) -> str:
    # Keys are 256-bit random secrets, so a fast hash is safe here (unlike passwords).
    return hashlib.sha256(secret.encode()).hexdigest()


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput("role", f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    return role


def create_key(conn: Connection, agency_code: str, role: str, label: str = "") -> NewKey:
    """Create an API key for an agency; the returned key is never stored in clear."""
    agency = get_agency(conn, agency_code)
    check_role(role)
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    conn.execute(
        insert(schema.api_keys).values(
            agency_id=agency.id,
            role=role,
            prefix=prefix,
            secret_hash=_digest(secret),
            label=label,
            created_at=utcnow(),
        )
    )
    return NewKey(f"{KEY_PREFIX}_{prefix}_{secret}", agency.code, role, prefix)


def authenticate(conn: Connection, key: str) -> Principal:
    """The principal holding ``key``, or NotAuthenticated (same answer for every failure)."""
    parts = key.strip().split("_", 2)
    failure = NotAuthenticated("invalid or revoked API key")
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        raise failure
    _, prefix, secret = parts
    row = conn.execute(
        select(
            schema.api_keys.c.secret_hash,
            schema.api_keys.c.role,
            schema.api_keys.c.revoked_at,
            schema.agencies.c.id,
            schema.agencies.c.code,
        )
        .join(schema.agencies, schema.agencies.c.id == schema.api_keys.c.agency_id)
        .where(schema.api_keys.c.prefix == prefix)
    ).first()
    if row is None or row.revoked_at is not None:
        raise failure
    if not hmac.compare_digest(row.secret_hash, _digest(secret)):
        raise failure
    return Principal(agency_id=row.id, agency_code=row.code, role=row.role, name=f"key:{prefix}")

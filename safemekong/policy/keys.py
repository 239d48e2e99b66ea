"""API keys: created once, shown once, stored as a SHA-256 of their random secret; revoked
(never deleted) so the audit log's ``key:<prefix>`` actors stay traceable."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from safemekong.errors import InvalidInput, NotAuthenticated, NotFound
from safemekong.policy.agencies import get_agency
from safemekong.policy.principals import ROLES, Principal
from safemekong.store import iso, schema, utcnow

KEY_PREFIX = "smk"


@dataclass(frozen=True)
class NewKey:
    key: str
    agency: str
    role: str
    prefix: str

    def to_json(self) -> dict[str, str]:
        return {"key": self.key, "agency": self.agency, "role": self.role, "prefix": self.prefix}


@dataclass(frozen=True)
class Key:
    """An active API key as the store knows it: everything but its secret."""

    prefix: str
    agency: str
    role: str
    label: str

    def to_json(self) -> dict[str, str]:
        return {
            "prefix": self.prefix,
            "agency": self.agency,
            "role": self.role,
            "label": self.label,
        }


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


def _split(key: str) -> tuple[str, str] | None:
    """The prefix and secret of a key shaped ``smk_<prefix>_<secret>``, else None."""
    parts = key.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


def key_prefix(key: str) -> str | None:
    """The public prefix that names a key shaped like one of ours (checked or not), else None."""
    parts = _split(key)
    return parts[0] if parts else None


def get_key(conn: Connection, prefix: str, agency_code: str | None = None) -> Key:
    """The active key named ``prefix`` (of the agency ``agency_code`` when given), or
    NotFound."""
    keys, agencies = schema.api_keys, schema.agencies
    query = (
        select(keys.c.prefix, keys.c.role, keys.c.label, agencies.c.code)
        .join(agencies, agencies.c.id == keys.c.agency_id)
        .where(keys.c.prefix == prefix.strip(), keys.c.revoked_at.is_(None))
    )
    if agency_code is not None:
        query = query.where(agencies.c.code == agency_code)
    row = conn.execute(query).first()
    if row is None:
        raise NotFound(f"no active API key {prefix.strip()}")
    return Key(row.prefix, row.code, row.role, row.label)


def list_keys(
    conn: Connection, agency_code: str | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """The newest ``limit`` active keys (of ``agency_code`` when given), without secrets."""
    keys, agencies = schema.api_keys, schema.agencies
    query = (
        select(keys.c.prefix, keys.c.role, keys.c.label, keys.c.created_at, agencies.c.code)
        .join(agencies, agencies.c.id == keys.c.agency_id)
        .where(keys.c.revoked_at.is_(None))
        .order_by(keys.c.id.desc())
        .limit(limit)
    )
    if agency_code is not None:
        query = query.where(agencies.c.code == agency_code)
    return [
        {
            **Key(row.prefix, row.code, row.role, row.label).to_json(),
            "created_at": iso(row.created_at),
        }
        for row in conn.execute(query)
    ]


def revoke_key(conn: Connection, prefix: str) -> None:
    """Revoke the key named ``prefix``: from the next request on it answers 401."""
    keys = schema.api_keys
    conn.execute(update(keys).where(keys.c.prefix == prefix).values(revoked_at=utcnow()))


def authenticate(conn: Connection, key: str) -> Principal:
    """The principal holding ``key``, or NotAuthenticated (same answer for every failure)."""
    parts = _split(key)
    failure = NotAuthenticated("invalid or revoked API key")
    if parts is None:
        raise failure
    prefix, secret = parts
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

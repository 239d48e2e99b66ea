"""Signed webhooks: each agency's alerts POSTed to its endpoints, retried, dead-lettered.

Every new alert of an agency becomes one delivery per active webhook of that agency. A delivery
is a JSON POST signed with HMAC-SHA256 over ``"{timestamp}.{body}"`` with the webhook's secret
(header ``X-SafeMekong-Signature: t=<unix time>,v1=<hex>``), retried on any non-2xx answer or
network error after the delays in :data:`BACKOFF`, and marked ``dead`` after the last one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final
from urllib.parse import urlsplit

import httpx
from sqlalchemy import Connection, func, insert, select, update

from safemekong.errors import InvalidInput, NotFound
from safemekong.intel.alerts import list_alerts
from safemekong.policy.agencies import get_agency
from safemekong.policy.principals import Permission, Principal, require
from safemekong.store import Store, iso, schema, utcnow

#: Seconds to wait before each retry; a delivery is dead after ``len(BACKOFF) + 1`` attempts.
BACKOFF: Final = (1, 5, 30, 120, 600, 1800, 3600)
MAX_ATTEMPTS: Final = len(BACKOFF) + 1
SIGNATURE_HEADER: Final = "X-SafeMekong-Signature"
TIMEOUT: Final = 5.0
_BATCH = 200


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header value for ``body`` sent at ``timestamp`` (Unix seconds)."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify_signature(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    """Receiver side: True when ``header`` signs ``body`` and is at most ``tolerance`` s old."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    if not parts.get("t", "").isdigit() or "v1" not in parts:
        return False
    timestamp = int(parts["t"])
    expected = sign(secret, timestamp, body).rsplit("v1=", 1)[1]
    fresh = abs(time.time() - timestamp) <= tolerance
    return fresh and hmac.compare_digest(expected, parts["v1"])


def check_url(raw: str) -> str:
    url = raw.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput("url", "must be an http:// or https:// URL with a host")
    if len(url) > 2000:
        raise InvalidInput("url", "is longer than 2000 characters")
    return url


def register(
    conn: Connection, principal: Principal, url: str, agency_code: str | None = None
) -> dict[str, Any]:
    """A new webhook for the caller's agency (the node administrator names one); its secret
    is shown only in this answer."""
    require(principal, Permission.MANAGE_AGENCY)
    agency_id = principal.agency_id
    if principal.node_admin and agency_code:
        agency_id = get_agency(conn, agency_code).id
    if agency_id is None:
        raise InvalidInput("agency", "name the agency the webhook belongs to")
    url = check_url(url)
    secret = secrets.token_urlsafe(32)
    alerts = schema.alerts
    last = conn.execute(select(func.coalesce(func.max(alerts.c.id), 0))).scalar_one()
    new_id = conn.execute(
        insert(schema.webhooks).values(
            agency_id=agency_id,
            url=url,
            secret=secret,
            last_alert_id=last,
            created_at=utcnow(),
        )
    ).inserted_primary_key[0]  # type: ignore[index]
    return {"id": int(new_id), "url": url, "secret": secret}


def _owned(conn: Connection, principal: Principal, webhook_id: int) -> Any:
    hooks = schema.webhooks
    row = conn.execute(
        select(hooks).where(hooks.c.id == webhook_id, hooks.c.disabled_at.is_(None))
    ).first()
    if row is None or (not principal.node_admin and row.agency_id != principal.agency_id):
        raise NotFound(f"no webhook {webhook_id}")
    return row


def remove(conn: Connection, principal: Principal, webhook_id: int) -> None:
    require(principal, Permission.MANAGE_AGENCY)
    _owned(conn, principal, webhook_id)
    hooks = schema.webhooks
    conn.execute(update(hooks).where(hooks.c.id == webhook_id).values(disabled_at=utcnow()))


def list_webhooks(conn: Connection, principal: Principal) -> list[dict[str, Any]]:
    """The caller's agency's active webhooks (secrets are never shown again)."""
    require(principal, Permission.MANAGE_AGENCY)
    hooks = schema.webhooks
    query = select(hooks).where(hooks.c.disabled_at.is_(None)).order_by(hooks.c.id)
    if not principal.node_admin:
        query = query.where(hooks.c.agency_id == principal.agency_id)
    return [
        {"id": row.id, "url": row.url, "created_at": iso(row.created_at)}
        for row in conn.execute(query)
    ]


def list_deliveries(
    conn: Connection, principal: Principal, webhook_id: int, status: str | None, limit: int = 100
) -> list[dict[str, Any]]:
    """A webhook's deliveries, newest first; ``status="dead"`` lists the dead letters."""
    require(principal, Permission.MANAGE_AGENCY)
    _owned(conn, principal, webhook_id)
    table = schema.webhook_deliveries
    query = (
        select(table)
        .where(table.c.webhook_id == webhook_id)
        .order_by(table.c.id.desc())
        .limit(max(1, min(limit, 500)))
    )
    if status is not None:
        if status not in ("pending", "delivered", "dead"):
            raise InvalidInput("status", "use pending, delivered or dead")
        query = query.where(table.c.status == status)
    return [
        {
            "id": row.id,
            "event": row.event,
            "status": row.status,
            "attempts": row.attempts,
            "last_error": row.last_error,
            "next_attempt_at": iso(row.next_attempt_at),
            "delivered_at": iso(row.delivered_at),
            "payload": row.payload,
        }
        for row in conn.execute(query)
    ]


def has_new_alerts(conn: Connection) -> bool:
    """True when an active webhook's agency has alerts not yet queued for it."""
    hooks, alerts = schema.webhooks, schema.alerts
    waiting = (
        select(alerts.c.id)
        .join(hooks, hooks.c.agency_id == alerts.c.agency_id)
        .where(hooks.c.disabled_at.is_(None), alerts.c.id > hooks.c.last_alert_id)
        .limit(1)
    )
    return conn.execute(waiting).first() is not None


def enqueue(conn: Connection, now: datetime) -> int:
    """Queue one delivery per new alert and active webhook of its agency; return how many."""
    hooks, table = schema.webhooks, schema.webhook_deliveries
    queued = 0
    for hook in conn.execute(select(hooks).where(hooks.c.disabled_at.is_(None))).all():
        owner = Principal(agency_id=hook.agency_id, agency_code="", role="read-only")
        fresh = list_alerts(conn, owner, hook.last_alert_id, _BATCH, oldest_first=True)
        if not fresh:
            continue
        conn.execute(
            insert(table),
            [
                {
                    "webhook_id": hook.id,
                    "event": "alert",
                    "payload": {"event": "alert", "alert": alert},
                    "status": "pending",
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                }
                for alert in fresh
            ],
        )
        conn.execute(
            update(hooks).where(hooks.c.id == hook.id).values(last_alert_id=fresh[-1]["id"])
        )
        queued += len(fresh)
    return queued


@dataclass(frozen=True)
class Delivery:
    id: int
    url: str
    secret: str
    attempts: int
    payload: dict[str, Any]


def due(conn: Connection, now: datetime, limit: int = _BATCH) -> list[Delivery]:
    table, hooks = schema.webhook_deliveries, schema.webhooks
    rows = conn.execute(
        select(table.c.id, hooks.c.url, hooks.c.secret, table.c.attempts, table.c.payload)
        .join(hooks, hooks.c.id == table.c.webhook_id)
        .where(
            table.c.status == "pending",
            table.c.next_attempt_at <= now,
            hooks.c.disabled_at.is_(None),
        )
        .order_by(table.c.id)
        .limit(limit)
    )
    return [Delivery(*row) for row in rows]


def attempt(client: httpx.Client, delivery: Delivery) -> str | None:
    """POST one delivery; None on a 2xx answer, else the reason it failed."""
    body = json.dumps({**delivery.payload, "delivery": delivery.id}, ensure_ascii=False).encode()
    headers = {
        "content-type": "application/json",
        SIGNATURE_HEADER: sign(delivery.secret, int(time.time()), body),
        "X-SafeMekong-Delivery": str(delivery.id),
    }
    try:
        response = client.post(delivery.url, content=body, headers=headers, timeout=TIMEOUT)
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}: {exc}"[:500]
    return None if 200 <= response.status_code < 300 else f"HTTP {response.status_code}"


def record(
    conn: Connection,
    delivery: Delivery,
    error: str | None,
    now: datetime,
    backoff: Sequence[float] = BACKOFF,
) -> None:
    """Store the outcome: delivered, retried after the next backoff delay, or dead."""
    table = schema.webhook_deliveries
    attempts = delivery.attempts + 1
    if error is None:
        values: dict[str, Any] = {"status": "delivered", "attempts": attempts, "delivered_at": now}
    elif attempts > len(backoff):
        values = {"status": "dead", "attempts": attempts, "last_error": error}
    else:
        retry_at = now + timedelta(seconds=backoff[attempts - 1])
        values = {"attempts": attempts, "last_error": error, "next_attempt_at": retry_at}
    conn.execute(update(table).where(table.c.id == delivery.id).values(**values))


class Dispatcher:
    """Queues and sends deliveries; ``run_once`` does one round (a server runs it periodically)."""

    def __init__(self, store: Store, backoff: Sequence[float] = BACKOFF) -> None:
        self.store = store
        self.backoff = backoff

    def run_once(self) -> int:
        """Queue new alerts and attempt every due delivery; return how many were attempted.

        An idle round only reads: the write lock is taken when there is something to queue.
        """
        with self.store.read() as conn:
            queue = has_new_alerts(conn)
        if queue:
            with self.store.write() as conn:
                enqueue(conn, utcnow())
        with self.store.read() as conn:
            waiting = due(conn, utcnow())
        if not waiting:
            return 0
        with httpx.Client() as client:
            outcomes = [(d, attempt(client, d)) for d in waiting]
        with self.store.write() as conn:
            for delivery, error in outcomes:
                record(conn, delivery, error, utcnow(), self.backoff)
        return len(outcomes)

"""Preservation and mutual-legal-assistance requests, with their deadlines.

A preservation request carries the fields the Budapest Convention lists in Art. 29(2):
the requesting authority, the offence and a brief summary of the facts, the stored data to be
preserved and its link to the offence, the custodian or location of the data, the necessity
of preservation, and that a mutual-assistance request will follow. Preservation lasts at
least 60 days (Art. 29(7)); the deadline defaults to that and is tracked.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from sqlalchemy import Connection, insert, select, update

from safemekong.errors import Forbidden, InvalidInput, NotFound
from safemekong.policy.agencies import Agency
from safemekong.policy.principals import Principal
from safemekong.policy.scopes import resolve_scope
from safemekong.policy.visibility import visible_clause
from safemekong.store import iso, utcnow
from safemekong.store.evidence_schema import evidence_requests

KINDS: Final = ("preservation", "mla")
STATUSES: Final = ("open", "fulfilled", "refused", "withdrawn")
#: Budapest Convention Art. 29(2) a-f, as (field, limit, required).
FIELDS: Final[tuple[tuple[str, int, bool], ...]] = (
    ("requesting_authority", 300, True),
    ("offence", 500, True),
    ("facts", 4000, True),
    ("data_sought", 2000, True),
    ("link_to_offence", 2000, True),
    ("custodian", 300, False),
    ("location", 300, False),
    ("necessity", 2000, True),
    ("intended_assistance", 1000, True),
)
#: Art. 29(7): preservation for a period not less than sixty days.
DEFAULT_DAYS: Final = 60


def check_request(raw: dict[str, Any]) -> tuple[str, dict[str, str], datetime]:
    """Kind, Art. 29 details and deadline of a request from user input."""
    errors: list[dict[str, str]] = []
    kind = str(raw.get("kind") or "preservation").strip().lower()
    if kind not in KINDS:
        errors.append({"field": "kind", "reason": f"use one of {', '.join(KINDS)}"})
    details: dict[str, str] = {}
    for name, limit, required in FIELDS:
        value = raw.get(name)
        text = value.strip() if isinstance(value, str) else ""
        if value is not None and not isinstance(value, str):
            errors.append({"field": name, "reason": "must be text"})
        elif required and not text:
            errors.append({"field": name, "reason": "is required (Budapest Convention Art. 29)"})
        elif len(text) > limit:
            errors.append({"field": name, "reason": f"is longer than {limit} characters"})
        details[name] = text
    if not (details["custodian"] or details["location"]):
        errors.append({"field": "custodian", "reason": "name the custodian or the location"})
    deadline = datetime.now(UTC) + timedelta(days=DEFAULT_DAYS)
    if raw.get("deadline"):
        try:
            deadline = datetime.fromisoformat(str(raw["deadline"]).replace("Z", "+00:00"))
        except ValueError:
            errors.append({"field": "deadline", "reason": "not an ISO 8601 date or time"})
        if deadline.tzinfo is None:
            deadline = deadline.replace(tzinfo=UTC)
    if errors:
        raise InvalidInput.of(errors)
    return kind, details, deadline


def add_request(
    conn: Connection, owner: Agency, case: str, raw: dict[str, Any], tlp: str = "AMBER"
) -> dict[str, Any]:
    """Record a request of ``owner`` for ``case``."""
    if not case.strip() or len(case) > 100:
        raise InvalidInput("case", "is required (at most 100 characters)")
    kind, details, deadline = check_request(raw)
    scope_id = resolve_scope(conn, tlp, owner=owner)
    new_id = conn.execute(
        insert(evidence_requests).values(
            agency_id=owner.id,
            scope_id=scope_id,
            kind=kind,
            case_ref=case.strip(),
            details=json.dumps(details, ensure_ascii=False, sort_keys=True),
            deadline=deadline,
            status="open",
            created_at=utcnow(),
        )
    ).inserted_primary_key[0]  # type: ignore[index]
    return get_request(conn, None, int(new_id))


def _json(row: Any, now: datetime) -> dict[str, Any]:
    deadline = row.deadline if row.deadline.tzinfo else row.deadline.replace(tzinfo=UTC)
    return {
        "id": row.id,
        "kind": row.kind,
        "case": row.case_ref,
        **json.loads(row.details),
        "deadline": iso(row.deadline),
        "status": row.status,
        "overdue": row.status == "open" and deadline < now,
        "days_left": (deadline - now).days,
        "created_at": iso(row.created_at),
    }


def get_request(conn: Connection, principal: Principal | None, request_id: int) -> dict[str, Any]:
    query = select(evidence_requests).where(evidence_requests.c.id == request_id)
    if principal is not None:
        query = query.where(visible_clause(principal, evidence_requests))
    row = conn.execute(query).first()
    if row is None:
        raise NotFound(f"no request {request_id} visible to you")
    return _json(row, datetime.now(UTC))


def list_requests(
    conn: Connection,
    principal: Principal,
    due_within_days: int | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Requests ``principal`` may see, soonest deadline first (optionally only those due; at
    most ``limit``)."""
    query = select(evidence_requests).where(visible_clause(principal, evidence_requests))
    if due_within_days is not None:
        due = datetime.now(UTC) + timedelta(days=due_within_days)
        query = query.where(
            evidence_requests.c.status == "open", evidence_requests.c.deadline <= due
        )
    now = datetime.now(UTC)
    query = query.order_by(evidence_requests.c.deadline, evidence_requests.c.id).limit(limit)
    return [_json(r, now) for r in conn.execute(query)]


def set_status(
    conn: Connection, principal: Principal, request_id: int, status: str
) -> dict[str, Any]:
    if status not in STATUSES:
        raise InvalidInput("status", f"use one of {', '.join(STATUSES)}")
    current = get_request(conn, principal, request_id)
    owner = conn.execute(
        select(evidence_requests.c.agency_id).where(evidence_requests.c.id == request_id)
    ).scalar()
    if not principal.node_admin and owner != principal.agency_id:
        raise Forbidden("only the requesting agency may change a request's status")
    conn.execute(
        update(evidence_requests)
        .where(evidence_requests.c.id == current["id"])
        .values(status=status)
    )
    return get_request(conn, principal, request_id)


def for_cases(conn: Connection, principal: Principal, cases: Sequence[str]) -> list[dict[str, Any]]:
    """The visible requests of the given cases (for packages)."""
    query = select(evidence_requests).where(
        visible_clause(principal, evidence_requests), evidence_requests.c.case_ref.in_(list(cases))
    )
    now = datetime.now(UTC)
    return [_json(r, now) for r in conn.execute(query.order_by(evidence_requests.c.id))]

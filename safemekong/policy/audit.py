"""The audit log: append-only and hash-chained, so any edit, deletion or reordering shows.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's own canonical JSON
(id, time, actor, action, detail). :func:`verify` recomputes the chain from the first entry;
the head hash it reports can be written down elsewhere (a ticket, a partner node) so that
cutting entries off the end is detected too (``safemekong audit verify --expect-head``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import Connection, Row, Text, cast, insert, or_, select

from safemekong.policy.agencies import Agency
from safemekong.policy.principals import Principal
from safemekong.store import Store, schema, utcnow

GENESIS: Final = "0" * 64
_BATCH = 5_000


def _stamp(moment: datetime) -> str:
    if moment.tzinfo is None:  # SQLite hands back naive UTC values
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


def entry_hash(prev_hash: str, entry: dict[str, Any]) -> str:
    """The chained hash of one entry (``id``, ``at``, ``actor``, ``action``, ``detail``)."""
    body = json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def actor_name(principal: Principal) -> str:
    if principal.node_admin:
        return principal.name or "node-admin"
    return f"{principal.agency_code}:{principal.name or principal.role}"


def append(conn: Connection, principal: Principal, action: str, detail: dict[str, Any]) -> str:
    """Add one entry inside the caller's write transaction; returns its hash."""
    last = conn.execute(_LAST_ENTRY).first()
    entry_id = 1 if last is None else last.id + 1
    prev = GENESIS if last is None else last.hash
    at = utcnow()
    actor = actor_name(principal)
    digest = entry_hash(
        prev,
        {"id": entry_id, "at": _stamp(at), "actor": actor, "action": action, "detail": detail},
    )
    conn.execute(
        _INSERT_ENTRY,
        {
            "id": entry_id,
            "at": at,
            "actor": actor,
            "actor_agency_id": principal.agency_id,
            "action": action,
            "detail": detail,
            "prev_hash": prev,
            "hash": digest,
        },
    )
    return digest


_LAST_ENTRY = (
    select(schema.audit_log.c.id, schema.audit_log.c.hash)
    .order_by(schema.audit_log.c.id.desc())
    .limit(1)
)
_INSERT_ENTRY = insert(schema.audit_log)


def record_read(
    store: Store, principal: Principal, action: str, owners: set[str], detail: dict[str, Any]
) -> None:
    """Log a read that disclosed data of agencies other than the caller's (else nothing);
    returns once the entry is committed, with those of concurrent reads (group commit)."""
    if owners - {principal.agency_code}:
        store.write_grouped(
            _append_reads, (principal, action, {**detail, "owners": sorted(owners)})
        )


def _append_reads(conn: Connection, entries: list[tuple[Principal, str, dict[str, Any]]]) -> None:
    for principal, action, detail in entries:
        append(conn, principal, action, detail)


@dataclass(frozen=True)
class AuditCheck:
    """Outcome of :func:`verify`: ``ok``, entries checked, the head hash, the first problem."""

    ok: bool
    entries: int
    head: str
    problem: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "entries": self.entries, "head": self.head, "problem": self.problem}


def verify(conn: Connection, expect_head: str | None = None) -> AuditCheck:
    """Recompute the whole chain; report the first entry that was edited, removed or moved."""
    log = schema.audit_log
    prev, expected_id, count, after = GENESIS, 1, 0, 0
    while True:
        rows = conn.execute(
            select(log).where(log.c.id > after).order_by(log.c.id).limit(_BATCH)
        ).all()
        if not rows:
            break
        for row in rows:
            if row.id != expected_id:
                return AuditCheck(False, count, prev, f"entry {expected_id} is missing")
            if row.prev_hash != prev:
                return AuditCheck(
                    False, count, prev, f"entry {row.id} does not follow its predecessor"
                )
            if entry_hash(prev, _body(row)) != row.hash:
                return AuditCheck(False, count, prev, f"entry {row.id} was altered")
            prev, expected_id, count = row.hash, row.id + 1, count + 1
        after = rows[-1].id
    if expect_head is not None and expect_head != prev and not _holds(conn, expect_head):
        return AuditCheck(False, count, prev, f"head {expect_head} is no longer in the log")
    return AuditCheck(True, count, prev)


def _holds(conn: Connection, digest: str) -> bool:
    log = schema.audit_log
    return conn.execute(select(log.c.id).where(log.c.hash == digest)).first() is not None


def entries(
    conn: Connection,
    after_id: int = 0,
    limit: int = 100,
    agency: Agency | None = None,
    newest_first: bool = False,
) -> list[dict[str, Any]]:
    """Audit entries after ``after_id`` in order (or, ``newest_first``, the newest ones going
    back); with ``agency``, only those that concern it (see :func:`_concerns`)."""
    log = schema.audit_log
    query = select(log).order_by(log.c.id.desc() if newest_first else log.c.id).limit(limit)
    if agency is not None:
        # The text match only narrows the scan; _concerns() decides, so a value that merely
        # contains the code never shows another agency's entry.
        query = query.where(
            or_(
                log.c.actor_agency_id == agency.id,
                cast(log.c.detail, Text).like(f'%"{agency.code}"%'),
            )
        )
    found: list[dict[str, Any]] = []
    cursor: int | None = None if newest_first else after_id
    while len(found) < limit:
        page = query
        if cursor is not None:
            page = query.where(log.c.id < cursor if newest_first else log.c.id > cursor)
        rows = conn.execute(page).all()
        found += [_entry(row, agency) for row in rows if agency is None or _concerns(row, agency)]
        if len(rows) < limit:
            break
        cursor = rows[-1].id
    return found[:limit]


def _concerns(row: Row[Any], agency: Agency) -> bool:
    """An act of the agency, an act on it (its keys, users, memberships), or a read of its
    data."""
    detail = row.detail if isinstance(row.detail, dict) else {}
    return (
        row.actor_agency_id == agency.id
        or detail.get("agency") == agency.code
        or agency.code in (detail.get("owners") or ())
    )


def _body(row: Row[Any]) -> dict[str, Any]:
    """What an entry's hash covers."""
    return {
        "id": row.id,
        "at": _stamp(row.at),
        "actor": row.actor,
        "action": row.action,
        "detail": row.detail,
    }


def _entry(row: Row[Any], reader: Agency | None = None) -> dict[str, Any]:
    """An entry for review; an agency reading it sees another agency's actor by agency only
    (that agency reviews its own people)."""
    entry = {**_body(row), "hash": row.hash}
    if reader is not None and row.actor_agency_id not in (None, reader.id):
        entry["actor"] = row.actor.split(":", 1)[0]
    return entry

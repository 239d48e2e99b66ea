"""Filing reports: check each item, store the good ones, link them into operations, raise alerts.

One call handles a batch in one write transaction. Bad items are rejected one by one with the
field and the reason; good items of the same batch are kept. Re-submitting a report under the
same ``external_id`` with the same content is idempotent (status ``unchanged``); with other
content it is rejected, so nothing already accepted is silently overwritten.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, bindparam, insert, select, update

from safemekong.errors import InvalidInput
from safemekong.identifiers import Identifier
from safemekong.intel import opstats
from safemekong.intel.alerts import AlertCandidate, raise_alerts
from safemekong.intel.correlation import LinkPlan, plan_links
from safemekong.intel.intake import ReportDraft, check_report
from safemekong.intel.members import update_members
from safemekong.intel.warninglist import WarningList
from safemekong.policy.agencies import Agency, list_agencies
from safemekong.policy.principals import Permission, Principal, require
from safemekong.policy.scopes import ScopeResolver
from safemekong.store import Store, schema, utcnow
from safemekong.store.bulk import insert_returning_ids

#: Most items one call accepts (the API and importers cut larger inputs into batches).
MAX_BATCH = 10_000
_IN_CHUNK = 500

T = TypeVar("T")


def chunked(items: Sequence[T], size: int = _IN_CHUNK) -> Iterator[Sequence[T]]:
    """Slices of ``items`` small enough for one SQL ``IN (...)`` list."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class BatchResult:
    """Outcome of one batch: what was accepted (created or unchanged) and what was rejected."""

    accepted: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    alerts: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "rejected": self.rejected, "alerts": self.alerts}


@dataclass
class _Pending:
    index: int
    draft: ReportDraft
    linking: list[str]


class _Agencies:
    """Agency lookup for one batch, with the caller's restrictions."""

    def __init__(self, agencies: Sequence[Agency], principal: Principal) -> None:
        self.by_code = {a.code: a for a in agencies}
        self.principal = principal

    def resolve(self, code: str) -> Agency:
        agency = self.by_code.get(code.strip().upper())
        if agency is None:
            raise InvalidInput("agency", f"unknown agency {code!r}")
        if not self.principal.node_admin and agency.id != self.principal.agency_id:
            raise InvalidInput(
                "agency",
                f"you may only file reports for your own agency {self.principal.agency_code}",
            )
        return agency

    def own(self) -> Agency | None:
        return None if self.principal.node_admin else self.by_code[self.principal.agency_code]


@dataclass
class CheckedBatch:
    """A batch after the pure checks: drafts by item index, and the items rejected so far."""

    drafts: list[tuple[int, ReportDraft]]
    rejected: list[dict[str, Any]]


def check_batch_size(items: Sequence[object]) -> None:
    """InvalidInput when ``items`` is more than one batch may hold."""
    if len(items) > MAX_BATCH:
        raise InvalidInput(
            "reports", f"a batch holds at most {MAX_BATCH} reports, got {len(items)}"
        )


def check_batch(
    items: Sequence[object],
    agencies: Sequence[Agency],
    principal: Principal,
    now: datetime,
) -> CheckedBatch:
    """Check every item of a batch without touching the store (no lock is held meanwhile)."""
    require(principal, Permission.WRITE)
    check_batch_size(items)
    known = _Agencies(agencies, principal)
    checked = CheckedBatch([], [])
    for index, item in enumerate(items):
        try:
            draft = check_report(item, known.resolve, now, known.own())
            draft.content_hash  # noqa: B018 - computed here, where checks may run in another process
            checked.drafts.append((index, draft))
        except InvalidInput as exc:
            checked.rejected.append(_rejection(index, item, exc.errors))
    return checked


def file_reports(
    store: Store,
    principal: Principal,
    items: Sequence[object],
    warning_list: WarningList,
    now: datetime | None = None,
) -> BatchResult:
    """Check, store and correlate a batch of reports in the JSON contract."""
    require(principal, Permission.WRITE)
    with store.read() as conn:
        agencies = list_agencies(conn)
    checked = check_batch(items, agencies, principal, now or utcnow())
    return store_batch(store, checked, warning_list)


def store_batch(store: Store, checked: CheckedBatch, warning_list: WarningList) -> BatchResult:
    """Store the good drafts of a checked batch in one write transaction, correlate, alert."""
    result = BatchResult(rejected=list(checked.rejected))
    with store.write() as conn:
        resolver = ScopeResolver(conn)
        drafts: list[tuple[int, ReportDraft]] = []
        scope_of: dict[int, int] = {}
        for index, draft in checked.drafts:
            try:
                scope_of[index] = resolver.resolve(draft.marking, draft.agency, draft.approval_ref)
            except InvalidInput as exc:
                result.rejected.append(
                    {"index": index, "external_id": draft.external_id, "errors": exc.errors}
                )
                continue
            drafts.append((index, draft))
        fresh = _skip_known(conn, drafts, result)
        if fresh:
            # Stamped under the write lock: storage times follow commit order, which lets
            # readers page by time without missing a late commit (TAXII, federation).
            _store_new(conn, fresh, scope_of, warning_list, utcnow(), result)
    result.accepted.sort(key=lambda a: int(a["index"]))
    result.rejected.sort(key=lambda r: int(r["index"]))
    return result


def _rejection(index: int, item: object, errors: list[dict[str, str]]) -> dict[str, Any]:
    external_id = item.get("external_id") if isinstance(item, dict) else None
    return {"index": index, "external_id": external_id, "errors": errors}


def _skip_known(
    conn: Connection, drafts: list[tuple[int, ReportDraft]], result: BatchResult
) -> list[tuple[int, ReportDraft]]:
    """Answer re-submissions from the store (and repeats within the batch); return the rest."""
    reports = schema.reports
    stored: dict[tuple[int, str], Any] = {}
    by_agency: dict[int, set[str]] = {}
    for _, draft in drafts:
        by_agency.setdefault(draft.agency.id, set()).add(draft.external_id)
    for agency_id, external_ids in by_agency.items():
        for chunk in chunked(sorted(external_ids)):
            rows = conn.execute(
                select(
                    reports.c.id,
                    reports.c.agency_id,
                    reports.c.external_id,
                    reports.c.content_hash,
                    reports.c.operation_id,
                ).where(reports.c.agency_id == agency_id, reports.c.external_id.in_(chunk))
            )
            stored.update({(row.agency_id, row.external_id): row for row in rows})
    fresh: list[tuple[int, ReportDraft]] = []
    seen: dict[tuple[int, str], str] = {}
    for index, draft in drafts:
        ident = (draft.agency.id, draft.external_id)
        previous = stored.get(ident)
        if previous is not None or ident in seen:
            earlier_hash = previous.content_hash if previous is not None else seen[ident]
            if earlier_hash != draft.content_hash:
                reason = "already filed by this agency with different content"
                result.rejected.append(
                    {
                        "index": index,
                        "external_id": draft.external_id,
                        "errors": [{"field": "external_id", "reason": reason}],
                    }
                )
            elif previous is not None:
                result.accepted.append(
                    _accepted(index, draft, previous.id, previous.operation_id, "unchanged")
                )
            else:
                result.accepted.append(
                    {
                        "index": index,
                        "external_id": draft.external_id,
                        "agency": draft.agency.code,
                        "status": "duplicate-in-batch",
                    }
                )
            continue
        seen[ident] = draft.content_hash
        fresh.append((index, draft))
    return fresh


def _accepted(
    index: int, draft: ReportDraft, report_id: int, operation_id: int, status: str
) -> dict[str, Any]:
    return {
        "index": index,
        "id": report_id,
        "external_id": draft.external_id,
        "agency": draft.agency.code,
        "operation_id": operation_id,
        "status": status,
    }


def _identifier_rows(conn: Connection, keys: Sequence[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    ids = schema.identifiers
    for chunk in chunked(keys):
        rows = conn.execute(
            select(ids.c.id, ids.c.key, ids.c.operation_id, ids.c.benign, ids.c.sighted_in).where(
                ids.c.key.in_(chunk)
            )
        )
        found.update({row.key: row for row in rows})
    return found


def _store_new(
    conn: Connection,
    fresh: list[tuple[int, ReportDraft]],
    scope_of: dict[int, int],
    warning_list: WarningList,
    now: datetime,
    result: BatchResult,
) -> None:
    identifiers: dict[str, Identifier] = {
        s.identifier.key: s.identifier for _, d in fresh for s in d.sightings
    }
    known = _identifier_rows(conn, sorted(identifiers))
    benign = {
        key: (known[key].benign if key in known else warning_list.match(ident) is not None)
        for key, ident in identifiers.items()
    }
    pending = [
        _Pending(
            index,
            draft,
            sorted({s.identifier.key for s in draft.sightings if not benign[s.identifier.key]}),
        )
        for index, draft in fresh
    ]
    known_ops = {key: row.operation_id for key, row in known.items() if not row.benign}
    sizes = _operation_sizes(conn, {op for op in known_ops.values() if op is not None})
    plan = plan_links([p.linking for p in pending], known_ops, sizes)

    operation_ids = _apply_operations(conn, plan, sizes, now)
    batch_pairs: dict[str, set[opstats.Pair]] = {}
    for p in pending:
        for key in p.linking:
            batch_pairs.setdefault(key, set()).add((p.draft.agency.id, scope_of[p.index]))
    sighted_in = opstats.new_sighting_sets(
        batch_pairs, {key: known[key].sighted_in for key in batch_pairs if key in known}
    )
    identifier_ids = {key: row.id for key, row in known.items()}
    new_keys = [key for key in identifiers if key not in known]
    if new_keys:
        rows = [
            {
                "key": key,
                "type": identifiers[key].type,
                "details": identifiers[key].details(),
                "benign": benign[key],
                "operation_id": (
                    None if benign[key] else operation_ids[plan.identifier_operations[key]]
                ),
                "created_at": now,
                "sighted_in": sighted_in.get(key),
            }
            for key in new_keys
        ]
        inserted = insert_returning_ids(conn, schema.identifiers, rows)
        identifier_ids.update(zip(new_keys, inserted, strict=True))
    # Stored identifiers that belonged to no operation yet (e.g. only watched) join one now.
    orphans = [
        {"k": key, "op": operation_ids[plan.identifier_operations[key]]}
        for key, op in known_ops.items()
        if op is None and key in plan.identifier_operations
    ]
    if orphans:
        conn.execute(
            update(schema.identifiers)
            .where(schema.identifiers.c.key == bindparam("k"))
            .values(operation_id=bindparam("op")),
            orphans,
        )

    report_rows = [
        {
            "agency_id": p.draft.agency.id,
            "external_id": p.draft.external_id,
            "received_at": p.draft.received_at,
            "typology": p.draft.typology,
            "narrative": p.draft.narrative,
            "language": p.draft.language,
            "amount_lost": p.draft.amount_lost,
            "currency": p.draft.currency,
            "tlp": p.draft.tlp.value,
            "scope_id": scope_of[p.index],
            "purpose": p.draft.purpose,
            "legal_basis": p.draft.legal_basis,
            "retain_until": p.draft.retain_until,
            "approval_ref": p.draft.approval_ref,
            "content_hash": p.draft.content_hash,
            "operation_id": operation_ids[handle],
            "created_at": now,
        }
        for p, handle in zip(pending, plan.report_operations, strict=True)
    ]
    report_ids = insert_returning_ids(conn, schema.reports, report_rows)
    sighting_rows = [
        {
            "report_id": report_id,
            "identifier_id": identifier_ids[s.identifier.key],
            "role": s.role,
            "raw": s.raw,
            "derived": s.derived,
        }
        for p, report_id in zip(pending, report_ids, strict=True)
        for s in p.draft.sightings
    ]
    if sighting_rows:
        conn.execute(insert(schema.sightings), sighting_rows)

    candidates = []
    for p, report_id, handle in zip(pending, report_ids, plan.report_operations, strict=True):
        operation_id = operation_ids[handle]
        result.accepted.append(_accepted(p.index, p.draft, report_id, operation_id, "created"))
        candidates.append(
            AlertCandidate(
                report_id=report_id,
                agency_id=p.draft.agency.id,
                agency_code=p.draft.agency.code,
                scope_id=scope_of[p.index],
                operation_id=operation_id,
                identifier_ids=tuple(identifier_ids[s.identifier.key] for s in p.draft.sightings),
            )
        )
    merged: dict[int, list[int]] = {}
    for loser, root in plan.merges.items():
        merged.setdefault(root, []).append(loser)
    update_members(
        conn, merged, Counter((c.operation_id, c.agency_id, c.scope_id) for c in candidates)
    )
    opstats.set_sighted_in(
        conn, {known[key].id: text for key, text in sighted_in.items() if key in known}
    )
    report_stats: dict[opstats.ReportKey, opstats.ReportStat] = {}
    for p, c in zip(pending, candidates, strict=True):
        stat_key = (
            c.operation_id,
            c.agency_id,
            c.scope_id,
            p.draft.typology,
            p.draft.currency or "",
        )
        stat = opstats.ReportStat.one(p.draft.amount_lost, p.draft.received_at)
        opstats.add_stat(report_stats, stat_key, stat)
    opstats.record(conn, merged, report_stats)
    result.alerts = raise_alerts(conn, candidates, now)


def _operation_sizes(conn: Connection, op_ids: set[int]) -> dict[int, int]:
    sizes: dict[int, int] = {}
    ops = schema.operations
    for chunk in chunked(sorted(op_ids)):
        rows = conn.execute(select(ops.c.id, ops.c.size).where(ops.c.id.in_(chunk)))
        sizes.update({row.id: row.size for row in rows})
    return sizes


def _apply_operations(
    conn: Connection, plan: LinkPlan, sizes: dict[int, int], now: datetime
) -> dict[int, int]:
    """Create and merge operations as planned; map every plan handle to a stored id."""
    ops = schema.operations
    resolved: dict[int, int] = {}
    new_handles = sorted(plan.new_operations, reverse=True)
    if new_handles:
        created = insert_returning_ids(
            conn,
            ops,
            [
                {"size": plan.new_operations[h], "created_at": now, "updated_at": now}
                for h in new_handles
            ],
        )
        resolved.update(zip(new_handles, created, strict=True))

    losers_by_root: dict[int, list[int]] = {}
    for loser, root in plan.merges.items():
        losers_by_root.setdefault(root, []).append(loser)
    for root, losers in losers_by_root.items():
        for table in (schema.reports, schema.identifiers):
            conn.execute(
                update(table).where(table.c.operation_id.in_(losers)).values(operation_id=root)
            )
        conn.execute(
            update(ops)
            .where(ops.c.id.in_(losers) | ops.c.merged_into.in_(losers))
            .values(merged_into=root, updated_at=now)
        )
    growth = dict(plan.added)
    for root, losers in losers_by_root.items():
        growth[root] = growth.get(root, 0) + sum(sizes.get(loser, 0) for loser in losers)
    for root, delta in growth.items():
        conn.execute(
            update(ops).where(ops.c.id == root).values(size=ops.c.size + delta, updated_at=now)
        )
    for handle in [*plan.identifier_operations.values(), *plan.report_operations]:
        resolved.setdefault(handle, handle)
    return resolved

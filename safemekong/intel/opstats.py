"""Operation tallies: what an operation summary counts, kept up to date as reports arrive.

A few rows per operation whatever its size, so that the summary of an operation of thirty
thousand reports costs what one of three reports does:

- ``operation_report_stats``: reports, losses and first/last received time per owner agency,
  sharing scope, typology and currency. What a caller may see depends only on (agency, scope),
  so the caller's share is these rows filtered by the visibility rule.
- ``operation_identifier_counts``: the operation's identifiers per type and per *sighting set*:
  the agencies and the scopes of the reports that sighted them (kept on each identifier as
  ``identifiers.sighted_in``). A caller sees an identifier when it may see one of those reports,
  that is when its agency is one of the set's agencies or one of the set's scopes reaches it;
  so the caller's count is the sum over the sets it sees. Few sets occur per operation.

Intake adds to them; a merge folds the merged operation's rows into the survivor's; retention,
which removes reports, rebuilds the operations it touched from the reports themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, Table, bindparam, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import ColumnElement

from safemekong.policy.principals import Principal
from safemekong.policy.visibility import (
    any_visible,
    viewer_clause,
    viewer_params,
    visible_scope_ids,
)
from safemekong.store import schema

Pair = tuple[int, int]  # (agency id, scope id) of a report
ReportKey = tuple[int, int, int, str, str]  # operation, agency, scope, typology, currency
SetKey = tuple[int, str, str]  # operation, identifier type, sighting set
_CHUNK = 500


@dataclass(frozen=True)
class ReportStat:
    """Reports of one (operation, agency, scope, typology, currency) and what they add up to."""

    reports: int
    amount_lost: Decimal | None
    first_seen: datetime
    last_seen: datetime

    @classmethod
    def one(cls, amount_lost: Decimal | None, received_at: datetime) -> ReportStat:
        return cls(1, amount_lost, received_at, received_at)

    def plus(self, other: ReportStat) -> ReportStat:
        amounts = [a for a in (self.amount_lost, other.amount_lost) if a is not None]
        return ReportStat(
            self.reports + other.reports,
            sum(amounts, Decimal(0)) if amounts else None,
            min(self.first_seen, other.first_seen),
            max(self.last_seen, other.last_seen),
        )


def add_stat(rows: dict[ReportKey, ReportStat], key: ReportKey, stat: ReportStat) -> None:
    """Add ``stat`` to the row ``key`` of ``rows`` (creating it)."""
    rows[key] = rows[key].plus(stat) if key in rows else stat


@dataclass(frozen=True)
class SightingSet:
    """The agencies and the sharing scopes of the reports that sighted an identifier."""

    agencies: frozenset[int]
    scopes: frozenset[int]

    @classmethod
    def parse(cls, text: str | None) -> SightingSet:
        """From :attr:`text` (empty for None or "")."""
        agencies, _, scopes = (text or "").partition("|")
        return cls(_ints(agencies), _ints(scopes))

    @property
    def text(self) -> str:
        """``"3,5|2,7"``: agency ids, then scope ids, each in order."""
        return "|".join(",".join(map(str, sorted(ids))) for ids in (self.agencies, self.scopes))

    def adding(self, pairs: Iterable[Pair]) -> SightingSet:
        """This set with the (agency, scope) pairs of more reports."""
        listed = list(pairs)
        return SightingSet(
            self.agencies | {agency for agency, _ in listed},
            self.scopes | {scope for _, scope in listed},
        )


def _ints(text: str) -> frozenset[int]:
    return frozenset(int(part) for part in text.split(",") if part)


# -- reading --------------------------------------------------------------------------------
def report_rows(conn: Connection, principal: Principal, operation_id: int) -> list[Any]:
    """Per (agency code, country, typology, currency) of the visible reports: count, summed
    losses, first and last received time."""
    params = {**viewer_params(principal), "operation_id": operation_id}
    return list(conn.execute(_report_rows_statement(principal.node_admin), params).all())


@cache
def _report_rows_statement(node_admin: bool) -> Select[Any]:
    stats, agencies = schema.operation_report_stats, schema.agencies
    return (
        select(
            agencies.c.code,
            agencies.c.country,
            stats.c.typology,
            stats.c.currency,
            func.sum(stats.c.reports),
            func.sum(stats.c.amount_lost),
            func.min(stats.c.first_seen),
            func.max(stats.c.last_seen),
        )
        .join(agencies, agencies.c.id == stats.c.agency_id)
        .where(
            stats.c.operation_id == bindparam("operation_id"),
            viewer_clause(stats, node_admin),
        )
        .group_by(agencies.c.code, agencies.c.country, stats.c.typology, stats.c.currency)
    )


_IDENTIFIER_SETS = select(
    schema.operation_identifier_counts.c.type,
    schema.operation_identifier_counts.c.sighted_in,
    schema.operation_identifier_counts.c.identifiers,
).where(schema.operation_identifier_counts.c.operation_id == bindparam("operation_id"))


def identifiers_by_type(
    conn: Connection, principal: Principal, operation_id: int
) -> dict[str, int]:
    """The operation's identifiers with at least one sighting ``principal`` may see, by type."""
    reached = visible_scope_ids(conn, principal)
    by_type: Counter[str] = Counter()
    rows = conn.execute(_IDENTIFIER_SETS, {"operation_id": operation_id})
    # The rule is "one of the agencies is the caller's, or one of the scopes reaches it": judge
    # each distinct scope list once (few), and an agency list only when its scopes did not do.
    by_scopes: dict[str, bool] = {}
    by_agencies: dict[str, bool] = {}
    nothing: frozenset[int] = frozenset()
    for kind, sighted_in, n in rows:
        agencies, _, scopes = sighted_in.partition("|")
        if scopes not in by_scopes:
            by_scopes[scopes] = any_visible(principal, nothing, _ints(scopes), reached)
        if not by_scopes[scopes]:
            if agencies not in by_agencies:
                by_agencies[agencies] = any_visible(principal, _ints(agencies), nothing, reached)
            if not by_agencies[agencies]:
                continue
        by_type[kind] += n
    return {kind: n for kind, n in sorted(by_type.items()) if n}


# -- keeping them up to date ---------------------------------------------------------------
def identifier_changes(
    batch_pairs: Mapping[str, set[Pair]],
    stored: Mapping[str, tuple[int | None, str | None]],
    operation_after: Mapping[str, int],
    types: Mapping[str, str],
) -> tuple[dict[str, str], Counter[SetKey]]:
    """What a batch does to the sighting sets of the identifiers it sighted.

    ``batch_pairs``: per identifier key, the (agency, scope) pairs of the batch's reports that
    sighted it; ``stored``: per key already stored, its operation and sighting set before the
    batch; ``operation_after``: its operation after. Returns the new sighting set text of
    every key whose set changed (or is new), and the change in identifiers per set.
    """
    texts: dict[str, str] = {}
    changes: Counter[SetKey] = Counter()
    for key, pairs in batch_pairs.items():
        op_before, text_before = stored.get(key, (None, None))
        text = SightingSet.parse(text_before).adding(pairs).text
        if text == text_before and op_before is not None:
            continue  # counted under the same set (a merge moves it with its operation)
        texts[key] = text
        if op_before is not None and text_before:
            changes[(op_before, types[key], text_before)] -= 1
        changes[(operation_after[key], types[key], text)] += 1
    return texts, changes


def record(
    conn: Connection,
    merges: Mapping[int, Iterable[int]],
    reports: Mapping[ReportKey, ReportStat],
    identifier_sets: Mapping[SetKey, int],
) -> None:
    """Fold merged operations into their survivor (``merges``: survivor -> merged ones), then
    add new reports and the change in identifiers per sighting set (keys may name merged
    operations: they count for the survivor)."""
    redirect = {loser: root for root, losers in merges.items() for loser in losers}
    if redirect:
        _fold(conn, redirect)
    report_rows: dict[ReportKey, ReportStat] = {}
    for (op, *rest), stat in reports.items():
        add_stat(report_rows, (redirect.get(op, op), *rest), stat)  # type: ignore[arg-type]
    set_rows: Counter[SetKey] = Counter()
    for (op, kind, sighted_in), n in identifier_sets.items():
        set_rows[(redirect.get(op, op), kind, sighted_in)] += n
    _add_reports(conn, report_rows)
    _add_identifiers(conn, set_rows)


def _fold(conn: Connection, redirect: Mapping[int, int]) -> None:
    """Move merged operations' rows to their survivor (adding to the rows already there)."""
    stats, counts = schema.operation_report_stats, schema.operation_identifier_counts
    losers = sorted(redirect)
    moved_reports: dict[ReportKey, ReportStat] = {}
    moved_sets: Counter[SetKey] = Counter()
    for start in range(0, len(losers), _CHUNK):
        chunk = losers[start : start + _CHUNK]
        for row in conn.execute(select(stats).where(stats.c.operation_id.in_(chunk))):
            key = (
                redirect[row.operation_id],
                row.agency_id,
                row.scope_id,
                row.typology,
                row.currency,
            )
            stat = ReportStat(row.reports, row.amount_lost, row.first_seen, row.last_seen)
            moved_reports[key] = moved_reports[key].plus(stat) if key in moved_reports else stat
        for row in conn.execute(select(counts).where(counts.c.operation_id.in_(chunk))):
            moved_sets[(redirect[row.operation_id], row.type, row.sighted_in)] += row.identifiers
        conn.execute(delete(stats).where(stats.c.operation_id.in_(chunk)))
        conn.execute(delete(counts).where(counts.c.operation_id.in_(chunk)))
    _add_reports(conn, moved_reports)
    _add_identifiers(conn, moved_sets)


def _add_reports(conn: Connection, rows: Mapping[ReportKey, ReportStat]) -> None:
    stats = schema.operation_report_stats
    _upsert(
        conn,
        stats,
        [
            {
                "operation_id": op,
                "agency_id": agency,
                "scope_id": scope,
                "typology": typology,
                "currency": currency,
                "reports": stat.reports,
                "amount_lost": stat.amount_lost,
                "first_seen": stat.first_seen,
                "last_seen": stat.last_seen,
            }
            for (op, agency, scope, typology, currency), stat in rows.items()
        ],
    )


def _add_identifiers(conn: Connection, rows: Mapping[SetKey, int]) -> None:
    counts = schema.operation_identifier_counts
    changed = [
        {"operation_id": op, "type": kind, "sighted_in": sighted_in, "identifiers": n}
        for (op, kind, sighted_in), n in rows.items()
        if n
    ]
    _upsert(conn, counts, changed)
    # Only a row that was decremented can have reached zero.
    emptied = [key for key, n in rows.items() if n < 0]
    if emptied:
        conn.execute(
            delete(counts).where(
                counts.c.operation_id == bindparam("op"),
                counts.c.type == bindparam("kind"),
                counts.c.sighted_in == bindparam("text"),
                counts.c.identifiers <= 0,
            ),
            [{"op": op, "kind": kind, "text": text} for op, kind, text in emptied],
        )


def _upsert(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows``; where a row with the same primary key exists, add to it."""
    if rows:
        conn.execute(_upsert_statement(_is_postgres(conn), table), list(rows))


@cache
def _upsert_statement(postgres: bool, table: Table) -> Any:
    """INSERT ... ON CONFLICT DO UPDATE that adds a tally row to the stored one (built once:
    building it costs more than running it)."""
    statement = (postgresql.insert if postgres else sqlite.insert)(table)
    new = statement.excluded
    merged: dict[str, ColumnElement[Any]]
    if table is schema.operation_report_stats:
        least, greatest = (func.least, func.greatest) if postgres else (func.min, func.max)
        old = table.c
        merged = {
            "reports": old.reports + new.reports,
            # The sum of the amounts given; null while none was.
            "amount_lost": func.coalesce(
                old.amount_lost + new.amount_lost, old.amount_lost, new.amount_lost
            ),
            "first_seen": least(old.first_seen, new.first_seen),
            "last_seen": greatest(old.last_seen, new.last_seen),
        }
    else:
        merged = {"identifiers": table.c.identifiers + new.identifiers}
    return statement.on_conflict_do_update(
        index_elements=[column.name for column in table.primary_key], set_=merged
    )


def set_sighted_in(conn: Connection, sets: Mapping[int, str]) -> None:
    """Store the sighting set text of each identifier id in ``sets``."""
    if sets:
        identifiers = schema.identifiers
        conn.execute(
            update(identifiers)
            .where(identifiers.c.id == bindparam("identifier_id"))
            .values(sighted_in=bindparam("new_sighted_in")),
            [{"identifier_id": i, "new_sighted_in": text} for i, text in sets.items()],
        )


def _is_postgres(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


# -- rebuilding from the reports ---------------------------------------------------------------
def rebuild(conn: Connection, operation_ids: Sequence[int] | None = None) -> None:
    """Recompute the tallies (and the identifiers' sighting sets) of ``operation_ids``, or of
    every operation, from the reports and sightings, a few hundred operations at a time."""
    if operation_ids is None:
        ops = schema.operations
        operation_ids = (
            conn.execute(select(ops.c.id).where(ops.c.merged_into.is_(None))).scalars().all()
        )
    ids = sorted(set(operation_ids))
    for start in range(0, len(ids), _CHUNK):
        _rebuild(conn, ids[start : start + _CHUNK])


def _rebuild(conn: Connection, op_ids: Sequence[int]) -> None:
    stats, counts = schema.operation_report_stats, schema.operation_identifier_counts
    reports, sightings, identifiers = schema.reports, schema.sightings, schema.identifiers

    conn.execute(delete(stats).where(stats.c.operation_id.in_(op_ids)))
    conn.execute(delete(counts).where(counts.c.operation_id.in_(op_ids)))
    grouped = conn.execute(
        select(
            reports.c.operation_id,
            reports.c.agency_id,
            reports.c.scope_id,
            reports.c.typology,
            reports.c.currency,
            func.count(),
            func.sum(reports.c.amount_lost),
            func.min(reports.c.received_at),
            func.max(reports.c.received_at),
        )
        .where(reports.c.operation_id.in_(op_ids))
        .group_by(
            reports.c.operation_id,
            reports.c.agency_id,
            reports.c.scope_id,
            reports.c.typology,
            reports.c.currency,
        )
    )
    found: dict[ReportKey, ReportStat] = {}
    for op, agency, scope, typology, currency, *counted in grouped:
        add_stat(found, (op, agency, scope, typology, currency or ""), ReportStat(*counted))
    _add_reports(conn, found)

    pairs: dict[int, set[Pair]] = {}
    typed: dict[int, tuple[int, str]] = {}
    seen = conn.execute(
        select(
            identifiers.c.id,
            identifiers.c.operation_id,
            identifiers.c.type,
            reports.c.agency_id,
            reports.c.scope_id,
        )
        .distinct()
        .join(sightings, sightings.c.identifier_id == identifiers.c.id)
        .join(reports, reports.c.id == sightings.c.report_id)
        .where(identifiers.c.operation_id.in_(op_ids))
    )
    for identifier_id, op, kind, agency, scope in seen:
        pairs.setdefault(identifier_id, set()).add((agency, scope))
        typed[identifier_id] = (op, kind)
    empty = SightingSet.parse(None)
    texts = {identifier_id: empty.adding(found).text for identifier_id, found in pairs.items()}
    conn.execute(
        update(identifiers).where(identifiers.c.operation_id.in_(op_ids)).values(sighted_in=None)
    )
    set_sighted_in(conn, texts)
    sets: Counter[SetKey] = Counter()
    for identifier_id, text in texts.items():
        op, kind = typed[identifier_id]
        sets[(op, kind, text)] += 1
    _add_identifiers(conn, sets)

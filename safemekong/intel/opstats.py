"""Operation tallies: what an operation summary counts, kept up to date as reports arrive.

Read from index-sized rows instead of an operation's reports, so that the summary of an
operation of forty thousand reports costs a few milliseconds:

- ``operation_report_stats``: reports, losses and first/last received time per owner agency,
  sharing scope, typology and currency. What a caller may see depends only on (agency, scope),
  so the caller's share is these rows filtered by the visibility rule.
- ``identifiers.sighted_in``: each identifier's *sighting set*, the agencies and the scopes
  of the reports that sighted it. A caller sees an identifier when it may see one of those
  reports, that is when its agency is one of the set's agencies or one of the set's scopes
  reaches it; so the identifiers by type are read from an index on (operation, type, set),
  without a join to the reports.

Intake adds to them; a merge folds the merged operation's rows into the survivor's (its
identifiers move with their operation id); retention, which removes reports, rebuilds the
operations it touched from the reports themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    Text,
    bindparam,
    column,
    delete,
    func,
    select,
    update,
    values,
)
from sqlalchemy.dialects import postgresql, sqlite

from safemekong.policy.principals import Principal
from safemekong.policy.visibility import (
    any_visible,
    viewer_clause,
    viewer_params,
    visible_scope_ids,
)
from safemekong.store import schema
from safemekong.store.schema import Id

Pair = tuple[int, int]  # (agency id, scope id) of a report
ReportKey = tuple[int, int, int, str, str]  # operation, agency, scope, typology, currency
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


_IDENTIFIER_SETS = (
    select(schema.identifiers.c.type, schema.identifiers.c.sighted_in, func.count())
    .where(
        schema.identifiers.c.operation_id == bindparam("operation_id"),
        schema.identifiers.c.sighted_in.is_not(None),
    )
    .group_by(schema.identifiers.c.type, schema.identifiers.c.sighted_in)
)


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
def new_sighting_sets(
    batch_pairs: Mapping[str, set[Pair]], stored: Mapping[str, str | None]
) -> dict[str, str]:
    """The sighting set text of every identifier key a batch sighted whose set it changed
    (or made): ``batch_pairs`` gives the (agency, scope) pairs of the batch's reports that
    sighted each key, ``stored`` the set of each key already stored."""
    texts: dict[str, str] = {}
    for key, pairs in batch_pairs.items():
        before = stored.get(key)
        text = SightingSet.parse(before).adding(pairs).text
        if text != before:
            texts[key] = text
    return texts


def record(
    conn: Connection, merges: Mapping[int, Iterable[int]], reports: Mapping[ReportKey, ReportStat]
) -> None:
    """Fold merged operations into their survivor (``merges``: survivor -> merged ones), then
    add new reports (keyed by the operations they ended in)."""
    redirect = {loser: root for root, losers in merges.items() for loser in losers}
    if redirect:
        _fold(conn, redirect)
    _add_reports(conn, reports)


def _fold(conn: Connection, redirect: Mapping[int, int]) -> None:
    """Move merged operations' rows to their survivor (adding to the rows already there)."""
    stats = schema.operation_report_stats
    losers = sorted(redirect)
    moved: dict[ReportKey, ReportStat] = {}
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
            add_stat(
                moved, key, ReportStat(row.reports, row.amount_lost, row.first_seen, row.last_seen)
            )
        conn.execute(delete(stats).where(stats.c.operation_id.in_(chunk)))
    _add_reports(conn, moved)


def _add_reports(conn: Connection, rows: Mapping[ReportKey, ReportStat]) -> None:
    """Insert ``rows``; where a row with the same key exists, add to it."""
    if rows:
        statement = _upsert_statement(_is_postgres(conn))
        conn.execute(
            statement,
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


@cache
def _upsert_statement(postgres: bool) -> Any:
    """INSERT ... ON CONFLICT DO UPDATE that adds a stats row to the stored one (built once:
    building it costs more than running it)."""
    stats = schema.operation_report_stats
    statement = (postgresql.insert if postgres else sqlite.insert)(stats)
    old, new = stats.c, statement.excluded
    least, greatest = (func.least, func.greatest) if postgres else (func.min, func.max)
    return statement.on_conflict_do_update(
        index_elements=[column.name for column in stats.primary_key],
        set_={
            "reports": old.reports + new.reports,
            # The sum of the amounts given; null while none was.
            "amount_lost": func.coalesce(
                old.amount_lost + new.amount_lost, old.amount_lost, new.amount_lost
            ),
            "first_seen": least(old.first_seen, new.first_seen),
            "last_seen": greatest(old.last_seen, new.last_seen),
        },
    )


def set_sighted_in(conn: Connection, sets: Mapping[int, str]) -> None:
    """Store the sighting set text of each identifier id in ``sets``. On PostgreSQL one
    UPDATE ... FROM (VALUES ...) per few hundred identifiers (one statement each would be a
    round trip each); SQLite, in-process, takes them one by one at no such cost and has no
    column names for VALUES."""
    identifiers = schema.identifiers
    items = sorted(sets.items())
    if not _is_postgres(conn):
        if items:
            conn.execute(
                update(identifiers)
                .where(identifiers.c.id == bindparam("identifier_id"))
                .values(sighted_in=bindparam("new_sighted_in")),
                [{"identifier_id": i, "new_sighted_in": text} for i, text in items],
            )
        return
    for start in range(0, len(items), _CHUNK):
        given = values(column("identifier_id", Id), column("sighted_in", Text), name="given").data(
            items[start : start + _CHUNK]
        )
        conn.execute(
            update(identifiers)
            .where(identifiers.c.id == given.c.identifier_id)
            .values(sighted_in=given.c.sighted_in)
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
    stats = schema.operation_report_stats
    reports, sightings, identifiers = schema.reports, schema.sightings, schema.identifiers

    conn.execute(delete(stats).where(stats.c.operation_id.in_(op_ids)))
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
    seen = conn.execute(
        select(identifiers.c.id, reports.c.agency_id, reports.c.scope_id)
        .distinct()
        .join(sightings, sightings.c.identifier_id == identifiers.c.id)
        .join(reports, reports.c.id == sightings.c.report_id)
        .where(identifiers.c.operation_id.in_(op_ids))
    )
    for identifier_id, agency, scope in seen:
        pairs.setdefault(identifier_id, set()).add((agency, scope))
    empty = SightingSet.parse(None)
    texts = {identifier_id: empty.adding(found).text for identifier_id, found in pairs.items()}
    conn.execute(
        update(identifiers).where(identifiers.c.operation_id.in_(op_ids)).values(sighted_in=None)
    )
    set_sighted_in(conn, texts)

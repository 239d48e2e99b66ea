"""The money trail's facade: imports, tags, traces, mule scores and freeze requests for a principal.

The hub exposes one :class:`Trail` over the ledger file beside its data; the API and the CLI
call these methods, which check permissions and apply the visibility rule to every read.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
from sqlalchemy import select

from safemekong.config import DEFAULT_DATA_DIR
from safemekong.errors import InvalidInput, NotFound
from safemekong.identifiers import IdentifierError, parse
from safemekong.policy import agencies
from safemekong.policy.principals import Permission, Principal, require
from safemekong.policy.scopes import check_marking, resolve_scope
from safemekong.policy.visibility import visible_clause, visible_scope_ids
from safemekong.store import Store, schema
from safemekong.trail import formats, freeze, mules
from safemekong.trail.adjacency import Adjacency, Visibility
from safemekong.trail.conversion import (
    DEFAULT_TOLERANCE,
    DEFAULT_WINDOW_HOURS,
    Rate,
    RateTable,
    match_conversions,
    read_rates,
)
from safemekong.trail.ledger import Ledger, ledger_path, visible_sql
from safemekong.trail.loading import ImportResult, Progress, load_staged
from safemekong.trail.rules import RULES, Move
from safemekong.trail.tags import read_tags
from safemekong.trail.trace import (
    DEFAULT_HOPS,
    DEFAULT_HUB_LIMIT,
    MAX_HOPS,
    Convert,
    Tag,
    TraceResult,
    iso_us,
    run_trace,
)

MAX_SEEDS = 1000
#: Tag kinds of accounts that hold scam money: where :meth:`Trail.starting_points` begins.
SEED_KINDS = ("mule", "scam")
_SQL_CHUNK = 500
_MOVE_COLUMNS = "seq, epoch_us(ts), tx_id, src, dst, CAST(amount AS DOUBLE), currency"


def _move(row: tuple[Any, ...]) -> Move:
    return Move(int(row[0]), int(row[1]), row[2], row[3], row[4], float(row[5]), row[6])


class Trail:
    """Money-trail operations over one ledger."""

    def __init__(self, ledger: Ledger, store: Store | None = None) -> None:
        self.ledger = ledger
        self.store = store
        self._index: Adjacency | None = None
        self._tags: tuple[int, dict[str, list[tuple[Tag, int | None, int | None]]]] | None = None
        self._index_lock = threading.Lock()

    def index(self) -> Adjacency:
        """The adjacency index of the ledger as it is now (rebuilt after an import)."""
        cur = self.ledger.cursor()
        try:
            row = cur.execute("SELECT coalesce(max(id), 0) FROM batches").fetchone()
            version = int(row[0]) if row else 0
            with self._index_lock:
                if self._index is None or self._index.version != version:
                    self._index = Adjacency.build(cur, version)
                return self._index
        finally:
            cur.close()

    def visibility(self, principal: Principal) -> Visibility:
        if principal.node_admin:
            return Visibility(principal.agency_id, None)
        if self.store is None:
            return Visibility(principal.agency_id, frozenset())
        with self.store.read() as conn:
            return Visibility(principal.agency_id, visible_scope_ids(conn, principal))

    def reported(self, principal: Principal, keys: Sequence[str]) -> frozenset[str]:
        """Which of ``keys`` appear in victim reports ``principal`` may see."""
        if self.store is None or not keys:
            return frozenset()
        found: set[str] = set()
        with self.store.read() as conn:
            for start in range(0, len(keys), _SQL_CHUNK):
                chunk = list(keys[start : start + _SQL_CHUNK])
                ids, sightings, reports = schema.identifiers, schema.sightings, schema.reports
                query = (
                    select(ids.c.key)
                    .join(sightings, sightings.c.identifier_id == ids.c.id)
                    .join(reports, reports.c.id == sightings.c.report_id)
                    .where(ids.c.key.in_(chunk))
                    .where(visible_clause(principal, reports))
                    .distinct()
                )
                found.update(row[0] for row in conn.execute(query))
        return frozenset(found)

    # -- imports -----------------------------------------------------------------------------
    def import_file(
        self,
        principal: Principal,
        path: Path,
        fmt: str,
        tlp: str = "AMBER",
        progress: Progress | None = None,
        name: str | None = None,
        groups: Sequence[str] = (),
        recipients: Sequence[str] = (),
        mapping: dict[str, Any] | None = None,
    ) -> ImportResult:
        """Import a ledger file; the caller's agency owns the transfers, shared as marked."""
        require(principal, Permission.WRITE)
        scope_id = self._scope(principal, tlp, groups, recipients)
        with self.ledger.write_lock:
            cur = self.ledger.cursor()
            try:
                staged = formats.read(cur, path, fmt, mapping)
                return load_staged(
                    cur,
                    staged,
                    file=name or path.name,
                    fmt=fmt,
                    agency_id=principal.agency_id,
                    scope_id=scope_id,
                    progress=progress,
                )
            finally:
                cur.close()

    def import_tags(
        self,
        principal: Principal,
        path: Path,
        fmt: str | None = None,
        tlp: str = "AMBER",
        groups: Sequence[str] = (),
        recipients: Sequence[str] = (),
    ) -> dict[str, Any]:
        require(principal, Permission.WRITE)
        scope_id = self._scope(principal, tlp, groups, recipients)
        result = read_tags(path, fmt)
        with self.ledger.write_lock:
            cur = self.ledger.cursor()
            try:
                if result.rows:
                    columns = list(
                        zip(
                            *((r.key, r.kind, r.label, r.actor, r.source) for r in result.rows),
                            strict=True,
                        )
                    )
                    cur.execute(
                        "INSERT INTO tags SELECT unnest($1::VARCHAR[]), unnest($2::VARCHAR[]), "
                        "unnest($3::VARCHAR[]), unnest($4::VARCHAR[]), unnest($5::VARCHAR[]), "
                        "$6, $7",
                        [*[list(c) for c in columns], principal.agency_id, scope_id],
                    )
            finally:
                cur.close()
        return _summary(path.name, len(result.rows), result.errors)

    # -- visibility ----------------------------------------------------------------------
    def _scope(
        self, principal: Principal, tlp: str, groups: Sequence[str], recipients: Sequence[str]
    ) -> int | None:
        """The sharing scope of rows imported by ``principal`` with this marking."""
        if self.store is None:
            check_marking(tlp, list(groups), list(recipients))
            return None
        with self.store.write() as conn:
            owner = None
            if principal.agency_id is not None:
                owner = agencies.agency_by_id(conn, principal.agency_id)
            return resolve_scope(conn, tlp, groups, recipients, owner)

    def visible(self, principal: Principal, alias: str = "") -> tuple[str, list[Any]]:
        """The DuckDB condition selecting the ledger rows ``principal`` may read."""
        if principal.node_admin:
            return visible_sql(principal, None, alias)
        if self.store is None:
            return visible_sql(principal, frozenset(), alias)
        with self.store.read() as conn:
            return visible_sql(principal, visible_scope_ids(conn, principal), alias)

    def tags_of(self, principal: Principal, keys: Sequence[str]) -> dict[str, Tag]:
        """The strongest visible tag of each key (services before others)."""
        return self._tags_of(self.visibility(principal), keys)

    def _tag_table(self) -> dict[str, list[tuple[Tag, int | None, int | None]]]:
        """Every tag by key with its owner and scope, cached until the tags change."""
        cur = self.ledger.cursor()
        try:
            row = cur.execute("SELECT count(*) FROM tags").fetchone()
            version = int(row[0]) if row else 0
            if self._tags is None or self._tags[0] != version:
                table: dict[str, list[tuple[Tag, int | None, int | None]]] = {}
                for key, kind, label, actor, agency_id, scope_id in cur.execute(
                    "SELECT key, kind, label, actor, agency_id, scope_id FROM tags"
                ).fetchall():
                    table.setdefault(key, []).append((Tag(kind, label, actor), agency_id, scope_id))
                self._tags = (version, table)
            return self._tags[1]
        finally:
            cur.close()

    def _tags_of(
        self,
        visibility: Visibility,
        keys: Sequence[str],
        table: dict[str, list[tuple[Tag, int | None, int | None]]] | None = None,
    ) -> dict[str, Tag]:
        table = self._tag_table() if table is None else table
        found: dict[str, Tag] = {}
        for key in keys:
            for tag, agency_id, scope_id in table.get(key, ()):
                if not visibility.sees(agency_id, scope_id):
                    continue
                if key not in found or _rank(tag) < _rank(found[key]):
                    found[key] = tag
        return found

    # -- tracing -----------------------------------------------------------------------------
    def resolve_seeds(
        self, principal: Principal, seeds: Sequence[str]
    ) -> tuple[list[Move], list[str]]:
        """Seed transfers (``tx:ID``) and seed accounts (identifier keys)."""
        if not seeds:
            raise InvalidInput("seed", "give at least one seed (tx:ID or an identifier key)")
        if len(seeds) > MAX_SEEDS:
            raise InvalidInput("seed", f"at most {MAX_SEEDS} seeds")
        tx_ids, accounts = [], []
        for seed in seeds:
            if seed.startswith("tx:"):
                tx_ids.append(seed[3:])
                continue
            try:
                accounts.append(parse("auto", seed).key)
            except IdentifierError as exc:
                raise InvalidInput("seed", f"{seed!r}: {exc}") from exc
        moves: list[Move] = []
        if tx_ids:
            cur = self.ledger.cursor()
            try:
                found_hashes = cur.execute("SELECT hash(unnest(?::VARCHAR[]))", [tx_ids])
                hashes = [int(row[0]) for row in found_hashes.fetchall()]
            finally:
                cur.close()
            index, visibility = self.index(), self.visibility(principal)
            found = index.find(tx_ids, hashes)
            for tx_id in tx_ids:
                rows = index.visible_rows(
                    np.array(found.get(tx_id, []), dtype=np.int64), visibility
                )
                if not len(rows):
                    raise NotFound(f"no transfer tx:{tx_id} in the ledger")
                moves.extend(index.moves(rows))
        return moves, accounts

    def import_rates(self, principal: Principal, path: Path) -> dict[str, Any]:
        """Load a rates table (``date,base,quote,rate``); a later row for a day replaces it."""
        require(principal, Permission.WRITE)
        rates, errors = read_rates(path)
        with self.ledger.write_lock:
            cur = self.ledger.cursor()
            try:
                if rates:
                    cur.execute(
                        "INSERT OR REPLACE INTO rates SELECT unnest($1::DATE[]), "
                        "unnest($2::VARCHAR[]), unnest($3::VARCHAR[]), unnest($4::DOUBLE[])",
                        [
                            [r.day for r in rates],
                            [r.base for r in rates],
                            [r.quote for r in rates],
                            [r.rate for r in rates],
                        ],
                    )
            finally:
                cur.close()
        return {
            "file": path.name,
            "accepted": len(rates),
            "rejected": len(errors),
            "errors": errors,
        }

    def _rates(self) -> RateTable:
        cur = self.ledger.cursor()
        try:
            rows = cur.execute("SELECT day, base, quote, rate FROM rates").fetchall()
        finally:
            cur.close()
        return RateTable([Rate(*row) for row in rows])

    def _convert(
        self,
        rows: tuple[str, list[Any]],
        tags: tuple[str, list[Any]],
        rates: RateTable,
        window_hours: float,
        tolerance: float,
    ) -> Convert:
        """Conversions at an actor's desk: its other (visible, tagged) accounts' outflows."""
        (row_condition, row_params), (tag_condition, tag_params) = rows, tags

        def convert(account: str, tag: Tag, inflows: list[tuple[Move, float]]) -> list[Any]:
            if not inflows:
                return []
            first = min(m.at for m, _ in inflows)
            last = max(m.at for m, _ in inflows) + int(window_hours * 3_600_000_000)
            cur = self.ledger.cursor()
            try:
                found = cur.execute(
                    f"""SELECT {_MOVE_COLUMNS} FROM transfers t WHERE t.src IN (
                        SELECT key FROM tags WHERE actor = ? AND key <> ? AND {tag_condition})
                        AND epoch_us(t.ts) BETWEEN ? AND ? AND {row_condition}
                        ORDER BY t.ts, t.seq""",
                    [tag.actor, account, *tag_params, first, last, *row_params],
                ).fetchall()
            finally:
                cur.close()
            outflows = [_move(r) for r in found]
            return match_conversions(inflows, outflows, rates, window_hours, tolerance)

        return convert

    def trace(
        self,
        principal: Principal,
        seeds: Sequence[str],
        rule: str = "fifo",
        hops: int = DEFAULT_HOPS,
        hub_limit: int = DEFAULT_HUB_LIMIT,
        window_hours: float = DEFAULT_WINDOW_HOURS,
        tolerance: float = DEFAULT_TOLERANCE,
    ) -> TraceResult:
        require(principal, Permission.READ)
        if rule not in RULES:
            raise InvalidInput("rule", f"unknown rule {rule!r}; one of {', '.join(RULES)}")
        if not 1 <= hops <= MAX_HOPS:
            raise InvalidInput("hops", f"must be between 1 and {MAX_HOPS}")
        if not 0 < window_hours <= 24 * 30:
            raise InvalidInput("window", "must be more than 0 and at most 720 hours")
        if not 0 <= tolerance < 1:
            raise InvalidInput("tolerance", "must be at least 0 and below 1")
        moves, accounts = self.resolve_seeds(principal, seeds)
        rows, tags = self.visible(principal, "t"), self.visible(principal)
        index, visibility, tag_table = self.index(), self.visibility(principal), self._tag_table()
        result = run_trace(
            moves,
            accounts,
            rule=rule,
            hops=hops,
            fetch=lambda keys: index.fetch(keys, hub_limit, visibility),
            tags_of=lambda keys: self._tags_of(visibility, keys, tag_table),
            convert=self._convert(rows, tags, self._rates(), window_hours, tolerance),
            seeds=seeds,
        )
        # The hub's own intelligence: which endpoints victims have reported.
        reported = self.reported(principal, [e["key"] for e in result.endpoints])
        for endpoint in result.endpoints:
            endpoint["reported"] = endpoint["key"] in reported
        return result

    # -- mule accounts and freeze requests ---------------------------------------------------
    def mules(self, principal: Principal, top: int = 20) -> list[dict[str, Any]]:
        require(principal, Permission.READ)
        if not 1 <= top <= 10_000:
            raise InvalidInput("top", "must be between 1 and 10000")
        condition, params = self.visible(principal)
        cur = self.ledger.cursor()
        try:
            features = mules.account_features(cur, condition, params)
        finally:
            cur.close()
        reported = self.reported(principal, sorted(features))
        for key in reported:
            features[key]["reported"] = 1.0
        return mules.rank(features, top)

    def requests(
        self,
        principal: Principal,
        seeds: Sequence[str],
        rule: str = "fifo",
        hops: int = DEFAULT_HOPS,
        window_hours: float = DEFAULT_WINDOW_HOURS,
        tolerance: float = DEFAULT_TOLERANCE,
    ) -> dict[str, Any]:
        """Freeze and recall requests, one per holding institution, from a trace."""
        result = self.trace(
            principal, seeds, rule, hops, window_hours=window_hours, tolerance=tolerance
        )
        return freeze.build_requests(result, requesting_agency=principal.agency_code or "NODE")

    def stats(self, principal: Principal) -> dict[str, Any]:
        """How many transfers ``principal`` may see, and the times of the first and the last."""
        require(principal, Permission.READ)
        condition, params = self.visible(principal)
        cur = self.ledger.cursor()
        try:
            row = cur.execute(
                f"SELECT count(*), epoch_us(min(ts)), epoch_us(max(ts)) FROM transfers "
                f"WHERE {condition}",
                params,
            ).fetchone()
        except duckdb.Error as exc:  # pragma: no cover - the schema is created on open
            raise NotFound(str(exc)) from exc
        finally:
            cur.close()
        assert row is not None
        first, last = (None if at is None else iso_us(int(at)) for at in row[1:])
        return {"transfers": int(row[0]), "first": first, "last": last}

    def starting_points(self, principal: Principal, limit: int = 5) -> dict[str, Any]:
        """Seeds to start a trace from, among what ``principal`` may see: the latest transfers
        into accounts tagged as mule or scam accounts, and those accounts (without such tags,
        the latest transfers of the ledger)."""
        require(principal, Permission.READ)
        if not 1 <= limit <= 100:
            raise InvalidInput("limit", "must be between 1 and 100")
        rows, row_params = self.visible(principal, "t")
        tags, tag_params = self.visible(principal)
        columns = "t.tx_id, epoch_us(t.ts), t.src, t.dst, CAST(t.amount AS DOUBLE), t.currency"
        latest = "ORDER BY t.ts DESC, t.seq DESC LIMIT ?"
        cur = self.ledger.cursor()
        try:
            found = cur.execute(
                f"""WITH marked AS (SELECT key, min(kind) AS kind, min(label) AS label FROM tags
                        WHERE list_contains(?, kind) AND {tags} GROUP BY key)
                    SELECT {columns}, marked.kind, marked.label FROM transfers t
                    JOIN marked ON t.dst = marked.key WHERE {rows} {latest}""",
                [list(SEED_KINDS), *tag_params, *row_params, limit],
            ).fetchall()
            if not found:
                found = cur.execute(
                    f"SELECT {columns}, NULL, NULL FROM transfers t WHERE {rows} {latest}",
                    [*row_params, limit],
                ).fetchall()
        finally:
            cur.close()
        accounts: dict[str, dict[str, Any]] = {}
        for row in found:
            key, kind, label = row[3], row[6], row[7]
            if kind is not None:
                accounts.setdefault(key, {"key": key, "kind": kind, "label": label})
        transfers = [
            {
                "seed": f"tx:{tx}",
                "tx_id": tx,
                "time": iso_us(at),
                "from": src,
                "to": dst,
                "amount": amount,
                "currency": currency,
            }
            for tx, at, src, dst, amount, currency, *_ in found
        ]
        return {"accounts": list(accounts.values()), "transfers": transfers}


def _summary(file: str, accepted: int, errors: list[dict[str, Any]]) -> dict[str, Any]:
    return {"file": file, "accepted": accepted, "rejected": len(errors), "errors": errors[:1000]}


_SERVICE_FIRST = ("exchange", "payment-processor", "guarantee-marketplace", "otc-desk", "mixer")


def _rank(tag: Tag) -> int:
    return _SERVICE_FIRST.index(tag.kind) if tag.kind in _SERVICE_FIRST else len(_SERVICE_FIRST)


def open_trail(store: Store) -> Trail:
    """The trail over the ledger file beside ``store`` (its reports feed the mule scores)."""
    return Trail(Ledger(ledger_path(store.url, DEFAULT_DATA_DIR)), store)

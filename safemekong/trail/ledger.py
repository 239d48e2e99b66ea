"""The ledger file: a DuckDB database beside the hub's SQL store, and who may read which rows.

Every transfer and tag has an owner agency (``agency_id``; NULL for the node itself) and a
sharing scope (``scope_id``, from :func:`safemekong.policy.scopes.resolve_scope` at import); a
principal reads its own agency's rows and rows whose scope reaches it
(:func:`safemekong.policy.visibility.visible_scope_ids`), the node administrator everything.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import duckdb

from safemekong.errors import StoreError
from safemekong.policy.principals import Principal

LEDGER_FILE = "trail.duckdb"
#: Amounts are exact decimals with six places (USDT's precision; cents for fiat).
AMOUNT = "DECIMAL(38,6)"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY,
    file VARCHAR NOT NULL,
    format VARCHAR NOT NULL,
    agency_id INTEGER,
    scope_id INTEGER,
    imported_at TIMESTAMP NOT NULL,
    accepted BIGINT NOT NULL,
    rejected BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS transfers (
    seq BIGINT NOT NULL,
    tx_id VARCHAR NOT NULL,
    ts TIMESTAMP NOT NULL,
    src VARCHAR NOT NULL,
    dst VARCHAR NOT NULL,
    amount {AMOUNT} NOT NULL,
    currency VARCHAR NOT NULL,
    rail VARCHAR NOT NULL,
    memo VARCHAR,
    batch_id INTEGER NOT NULL,
    line BIGINT,
    agency_id INTEGER,
    scope_id INTEGER
);
CREATE TABLE IF NOT EXISTS rates (
    day DATE NOT NULL,
    base VARCHAR NOT NULL,
    quote VARCHAR NOT NULL,
    rate DOUBLE NOT NULL,
    PRIMARY KEY (day, base, quote)
);
CREATE TABLE IF NOT EXISTS tags (
    key VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    label VARCHAR NOT NULL,
    actor VARCHAR,
    source VARCHAR NOT NULL,
    agency_id INTEGER,
    scope_id INTEGER
);
"""


def visible_sql(
    principal: Principal, reached: frozenset[int] | None, alias: str = ""
) -> tuple[str, list[Any]]:
    """A DuckDB condition (and its parameters) selecting the rows ``principal`` may read.

    ``reached`` is :func:`~safemekong.policy.visibility.visible_scope_ids`'s answer: the scopes
    reaching the principal's agency, or None (the node administrator sees every row).
    """
    if reached is None or principal.node_admin:
        return "TRUE", []
    prefix = f"{alias}." if alias else ""
    return (
        f"({prefix}agency_id = ? OR {prefix}scope_id IN (SELECT unnest(?::INTEGER[])))",
        [principal.agency_id, sorted(reached)],
    )


class Ledger:
    """One DuckDB database; hand each thread its own cursor with :meth:`cursor`."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(self.path)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the ledger at {self.path}: {exc}") from exc
        # A database-wide setting, so every cursor reads and writes times in UTC.
        self._con.execute("SET GLOBAL TimeZone = 'UTC'")
        self._con.execute(SCHEMA)
        self.write_lock = threading.Lock()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own (DuckDB connections are not shared between threads)."""
        return self._con.cursor()

    def close(self) -> None:
        self._con.close()


def ledger_path(db_url: str, default_dir: Path) -> Path:
    """Where the ledger lives: beside a SQLite file, else in the default data directory."""
    if db_url.startswith("sqlite:///"):
        database = db_url.removeprefix("sqlite:///")
        if database and database != ":memory:":
            return Path(database).parent / LEDGER_FILE
    return default_dir / LEDGER_FILE
